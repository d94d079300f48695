"""Yes/no modal for actions that change something on the service (run, stop).

The safe answer has the focus, so a stray ``enter`` never starts or stops anything:
``y`` (or ``enter`` on the action button) confirms, ``n`` / ``escape`` back out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.table import Table
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from dftui.ui.safe_text import clean, safe_text


class ConfirmScreen(ModalScreen[bool]):
    """Dismisses with ``True`` only when the user confirms."""

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical {
        width: 72; max-width: 100%; height: auto; max-height: 90%;
        border: round $warning; background: $surface; padding: 0 1;
    }
    ConfirmScreen #confirm-title { text-style: bold; width: 1fr; margin-bottom: 1; }
    ConfirmScreen #confirm-details { height: auto; }
    ConfirmScreen .confirm-warning { color: $warning; text-style: bold; margin-top: 1; width: 1fr; }
    ConfirmScreen #confirm-hint { color: $text-muted; margin-top: 1; width: 1fr; }
    ConfirmScreen #confirm-buttons { height: auto; align-horizontal: right; margin-top: 1; }
    ConfirmScreen Button { margin-left: 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "confirm", "Yes", id="confirm.yes"),
        Binding("n", "cancel", "No", id="confirm.no"),
        Binding("escape", "cancel", "Cancel", show=False, id="confirm.cancel"),
        Binding("left", "app.focus_previous", show=False),
        Binding("right", "app.focus_next", show=False),
    ]

    AUTO_FOCUS = "#confirm-no"

    def __init__(
        self,
        title: str,
        rows: Sequence[tuple[str, str]] = (),
        *,
        warnings: Sequence[str] = (),
        confirm_label: str = "Run",
        cancel_label: str = "Cancel",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.rows = list(rows)
        self.warnings = list(warnings)
        self.confirm_label = confirm_label
        self.cancel_label = cancel_label

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(clean(self.title_text), id="confirm-title", markup=False)
            if self.rows:
                yield Static(self._details(), id="confirm-details")
            for warning in self.warnings:
                yield Label(f"⚠ {clean(warning)}", classes="confirm-warning", markup=False)
            yield Label(
                f"y {self.confirm_label.lower()} · n / esc {self.cancel_label.lower()}",
                id="confirm-hint",
                markup=False,
            )
            with Horizontal(id="confirm-buttons"):
                yield Button(self.confirm_label, variant="warning", id="confirm-yes", compact=True)
                yield Button(self.cancel_label, variant="primary", id="confirm-no", compact=True)

    def _details(self) -> Table:
        table = Table(box=None, show_header=False, padding=(0, 1), expand=True)
        table.add_column("field", style="bold", no_wrap=True)
        table.add_column("value", overflow="fold", ratio=1)
        for label, value in self.rows:
            table.add_row(safe_text(label), safe_text(value))
        return table

    @on(Button.Pressed, "#confirm-yes")
    def action_confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def action_cancel(self) -> None:
        self.dismiss(False)
