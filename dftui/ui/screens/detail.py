"""Base of the detail views pushed on top of a list (``escape`` goes back)."""

from __future__ import annotations

from typing import Any, Generic

from dftui.ui.resources import resource_id
from dftui.ui.screens.base import DataScreen, DataT


class DetailScreen(DataScreen[DataT], Generic[DataT]):
    def deleted(self, item: Any) -> None:
        """The item this view shows is gone: go back rather than show a 404."""
        target = self.edit_target()
        if target is not None and resource_id(target) == resource_id(item) and self.is_current:
            self.dismiss()

    def update_summary(self) -> None:
        live = self.live_summary() if self.wants_polling() else "final · not polling"
        self.status_line.summary = f"{self.screen_title} · {live}"
