"""One-line header: where you are connected and how fresh the data is."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from dftui.ui.format import format_relative

if TYPE_CHECKING:
    from dftui.ui.app import DataFlowApp


class AppHeader(Static):
    """``dftui │ Jobs │ profile default │ demo emulator │ READ-ONLY │ updated 3s ago``.

    Re-rendered every second from the app clock so the age stays honest without
    any network traffic.
    """

    DEFAULT_CSS = """
    AppHeader { dock: top; height: 1; background: $panel; color: $foreground; padding: 0 1; }
    """

    def on_mount(self) -> None:
        self.refresh_header()
        self.set_interval(1.0, self.refresh_header)

    def refresh_header(self) -> None:
        app: DataFlowApp = self.app  # type: ignore[assignment]
        screen = self.screen
        text = Text()
        text.append("dftui", style="bold")
        title = getattr(screen, "screen_title", "")
        if title:
            text.append("  " + title, style="bold")
        text.append("  │ profile ", style="dim")
        text.append(app.profile_label)
        text.append("  │ ", style="dim")
        text.append(app.endpoint_label)
        if app.read_only:
            text.append("  ")
            text.append(" READ-ONLY ", style="bold reverse yellow")
        if app.refresh_paused:
            text.append("  ")
            text.append(" PAUSED ", style="bold reverse")
        updated = getattr(screen, "last_updated", None)
        if updated is not None:
            text.append("  │ updated " + format_relative(updated, app.now()).replace("just now", "0s ago"))
        self.update(text)
