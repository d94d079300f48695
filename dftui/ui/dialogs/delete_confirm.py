"""Delete only after the user types the resource's exact name: a stray key can never delete."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from dftui.ui.safe_text import clean


class DeleteConfirmScreen(ModalScreen[bool]):
    """Dismisses with ``True`` when the typed name matches and the user presses ``enter``."""

    DEFAULT_CSS = """
    DeleteConfirmScreen { align: center middle; }
    DeleteConfirmScreen > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 90%;
        border: round $error; background: $surface; padding: 0 1;
    }
    DeleteConfirmScreen #delete-title { text-style: bold; width: 1fr; margin-bottom: 1; }
    DeleteConfirmScreen .delete-effect { color: $warning; width: 1fr; }
    DeleteConfirmScreen #delete-prompt { margin-top: 1; }
    DeleteConfirmScreen #delete-hint { color: $text-muted; }
    DeleteConfirmScreen #delete-hint.-mismatch { color: $error; }
    DeleteConfirmScreen #delete-buttons { height: auto; align-horizontal: right; margin-top: 1; }
    DeleteConfirmScreen Button { margin-left: 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="delete.cancel"),
    ]

    def __init__(self, kind: str, name: str, effects: Sequence[str] = ()) -> None:
        super().__init__()
        self.kind = kind
        self.name_to_type = name
        self.effects = list(effects)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(clean(f"Delete {self.kind} {self.name_to_type}?"), id="delete-title", markup=False)
            for effect in self.effects:
                yield Label(clean(f"⚠ {effect}"), classes="delete-effect", markup=False)
            yield Label(
                clean(f"Type the {self.kind}'s name, {self.name_to_type}, to confirm:"),
                id="delete-prompt",
                markup=False,
            )
            yield Input(id="delete-name", placeholder=clean(self.name_to_type))
            yield Label("enter deletes once the name matches · esc cancels", id="delete-hint", markup=False)
            with Horizontal(id="delete-buttons"):
                yield Button("Delete", variant="error", id="delete-yes", compact=True, disabled=True)
                yield Button("Cancel", variant="primary", id="delete-no", compact=True)

    @property
    def matches(self) -> bool:
        return self.query_one("#delete-name", Input).value == self.name_to_type

    @on(Input.Changed, "#delete-name")
    def _typed(self) -> None:
        self.query_one("#delete-yes", Button).disabled = not self.matches
        hint = self.query_one("#delete-hint", Label)
        hint.remove_class("-mismatch")
        hint.update("enter deletes" if self.matches else "enter deletes once the name matches · esc cancels")

    @on(Input.Submitted, "#delete-name")
    @on(Button.Pressed, "#delete-yes")
    def _confirm(self) -> None:
        if self.matches:
            self.dismiss(True)
        else:
            hint = self.query_one("#delete-hint", Label)
            hint.add_class("-mismatch")
            hint.update(clean(f"The name does not match {self.name_to_type} (exactly, case included)"))

    @on(Button.Pressed, "#delete-no")
    def action_cancel(self) -> None:
        self.dismiss(False)
