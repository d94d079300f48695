"""Base of the detail views pushed on top of a list (``escape`` goes back)."""

from __future__ import annotations

from typing import Generic

from dftui.ui.screens.base import DataScreen, DataT


class DetailScreen(DataScreen[DataT], Generic[DataT]):
    def update_summary(self) -> None:
        live = self.live_summary() if self.wants_polling() else "final · not polling"
        self.status_line.summary = f"{self.screen_title} · {live}"
