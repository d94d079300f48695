"""A typed dashboard period: two dates, checked as they are submitted (``escape`` keeps the old one)."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from dftui.ui.periods import Period


class PeriodScreen(ModalScreen[Period | None]):
    """Dismisses with the parsed period, or None when the user backs out."""

    DEFAULT_CSS = """
    PeriodScreen { align: center middle; }
    PeriodScreen > Vertical {
        width: 60; height: auto; border: round $accent; background: $surface; padding: 0 1;
    }
    PeriodScreen #period-error { color: $error; height: auto; }
    PeriodScreen #period-hint { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="period.cancel"),
    ]
    AUTO_FOCUS = "#period-input"

    def __init__(self, parse: Callable[[str], Period], current: str = "") -> None:
        super().__init__()
        self.parse = parse
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Custom period", classes="bold")
            yield Input(value=self.current, placeholder="2026-11-01 2026-11-15", id="period-input")
            yield Static("", id="period-error")
            yield Static(
                "Two dates, both included (display time zone); enter applies, esc cancels", id="period-hint"
            )

    @on(Input.Submitted, "#period-input")
    def _submitted(self, event: Input.Submitted) -> None:
        try:
            period = self.parse(event.value)
        except ValueError as error:
            self.query_one("#period-error", Static).update(Text(str(error)))
            return
        self.dismiss(period)

    def action_cancel(self) -> None:
        self.dismiss(None)
