"""One-line header: where you are connected and how fresh the data is."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from rich.text import Text
from textual.widgets import Static

from dftui.ui.format import format_relative
from dftui.ui.in_view import in_view
from dftui.ui.safe_text import clean
from dftui.ui.services.settings import RefreshSettings
from dftui.ui.session import Session


class AppHeader(Static):
    """``dftui  Jobs  │ profile default  │ demo emulator  READ-ONLY  │ updated 3s ago``.

    Re-rendered every second from the session clock so the age stays honest without any
    network traffic, and at once when the live settings change. Idle costs stay small: a header
    whose screen is hidden does nothing, and the text is only written when it changed, without
    a layout pass (the header is always one line).
    """

    DEFAULT_CSS = """
    AppHeader { dock: top; height: 1; background: $panel; color: $foreground; padding: 0 1; }
    """

    def __init__(
        self, session: Session, title: str, last_updated: Callable[[], datetime | None], **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.title = title
        self.last_updated = last_updated
        self._shown: Text | None = None

    def on_mount(self) -> None:
        self.refresh_header()
        self.set_interval(1.0, self._tick)
        self.session.settings.changed.subscribe(self, self._settings_changed)

    def on_unmount(self) -> None:
        self.session.settings.changed.unsubscribe(self)  # else the signal keeps the screen alive

    def _settings_changed(self, _settings: RefreshSettings) -> None:
        self.refresh_header()

    def _tick(self) -> None:
        if in_view(self.screen):  # a screen under an opaque one keeps still
            self.refresh_header()

    def refresh_header(self) -> None:
        session = self.session
        settings = session.settings
        text = Text()
        text.append("dftui", style="bold")
        if self.title:
            text.append("  " + self.title, style="bold")
        text.append("  │ profile ", style="dim")
        text.append(clean(session.profile_label))
        text.append("  │ ", style="dim")
        text.append(clean(session.endpoint_label))
        if settings.read_only:
            text.append("  ")
            text.append(" READ-ONLY ", style="bold reverse yellow")
        if settings.paused:
            text.append("  ")
            text.append(" PAUSED ", style="bold reverse")
        updated = self.last_updated()
        if updated is not None:
            text.append(
                "  │ updated " + format_relative(updated, session.now()).replace("just now", "0s ago")
            )
        if text != self._shown:  # Text equality compares the characters and their styles
            self._shown = text
            self.update(text, layout=False)
