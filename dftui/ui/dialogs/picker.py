"""Small pickers used inside forms: one item with type-ahead, or several with checkboxes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, SelectionList
from textual.widgets.option_list import Option

from dftui.ui.safe_text import clean, safe_text

PICKER_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 70; max-width: 100%; height: auto; max-height: 80%;
    border: round $accent; background: $surface; padding: 0 1;
}}
{name} .picker-title {{ text-style: bold; }}
{name} .picker-hint {{ color: $text-muted; }}
{name} OptionList, {name} SelectionList {{ height: auto; max-height: 16; }}
"""


class PickOneScreen(ModalScreen[str | None]):
    """Type to narrow the list, ``enter`` picks; ``escape`` picks nothing."""

    DEFAULT_CSS = PICKER_CSS.format(name="PickOneScreen")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="pick.cancel"),
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
    ]

    def __init__(self, title: str, choices: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(choices)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(clean(self.title_text), classes="picker-title", markup=False)
            yield Input(placeholder="type to filter", id="pick-filter")
            yield OptionList(*self._options(""), id="pick-options")
            yield Label("enter picks · ↑↓ move · esc cancels", classes="picker-hint", markup=False)

    def _options(self, text: str) -> list[Option]:
        needle = text.casefold()
        return [
            Option(safe_text(label), id=value) for label, value in self.choices if needle in label.casefold()
        ]

    @on(Input.Changed, "#pick-filter")
    def _filter(self, event: Input.Changed) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._options(event.value))
        if options.option_count:
            options.highlighted = 0

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            options.highlighted = 0

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + step))

    @on(Input.Submitted, "#pick-filter")
    def _enter(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None and options.option_count:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class PickManyScreen(ModalScreen[tuple[str, ...] | None]):
    """``space`` toggles, ``enter`` confirms the ticked items, ``escape`` keeps the old choice."""

    DEFAULT_CSS = PICKER_CSS.format(name="PickManyScreen")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="pick.cancel"),
        Binding("enter", "done", "Done", id="pick.done", priority=True),
    ]

    def __init__(self, title: str, choices: Sequence[tuple[str, str]], chosen: Sequence[str]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(choices)
        self.chosen = set(chosen)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(clean(self.title_text), classes="picker-title", markup=False)
            yield SelectionList[str](
                *[(safe_text(label), value, value in self.chosen) for label, value in self.choices]
            )
            yield Label("space ticks · enter done · esc cancels", classes="picker-hint", markup=False)

    def action_done(self) -> None:
        self.dismiss(tuple(self.query_one(SelectionList).selected))
