"""Base of the detail views pushed on top of a list (escape goes back)."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType

from dftui.ui.screens.base import DataScreen


class DetailScreen(DataScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="detail.back"),
    ]

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.dismiss()

    def update_summary(self) -> None:
        paused = "refresh paused" if self.dfapp.refresh_paused else f"live every {self.interval:g}s"
        if not self.wants_polling():
            paused = "final · not polling"
        self.status_line.summary = f"{self.screen_title} · {paused}"
