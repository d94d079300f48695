"""``?``: every key that works on the screen underneath, grouped."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from dftui.ui.safe_text import clean
from dftui.ui.screens.chrome import ChromeScreen

_GROUP_OF_PREFIX = {
    "app": "Everywhere",
    "data": "Data",
    "list": "Lists",
    "detail": "This view",
    "json": "JSON view",
    "runs": "This view",
    "dash": "This view",
}


#: Textual's own app-wide keys, shown with the app's keys rather than under navigation
_APP_WIDE_ACTIONS = {"command_palette": "Command palette", "quit": "Quit"}


KEYMAP_HINT = 'Remap a key in config.toml: [profiles.NAME.keymap] then "data.refresh" = "ctrl+r"'


def binding_groups(screen: Screen[Any]) -> dict[str, list[tuple[str, str, str]]]:
    """(keys, description, binding id) per group for the bindings active on ``screen``.

    The id is what a keymap in the config file names; Textual's own keys have none.
    """
    groups: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    seen: set[tuple[str, str]] = set()
    for key, active in screen.active_bindings.items():
        binding = active.binding
        description = binding.description or binding.action
        if binding.system and not binding.description:
            continue
        if isinstance(screen, ChromeScreen) and not screen.offers(binding.action):
            continue  # bound only to say why it cannot act here (w on a trigger)
        prefix = (binding.id or "").split(".", 1)[0]
        group = _GROUP_OF_PREFIX.get(prefix, "Navigation")
        if binding.action in _APP_WIDE_ACTIONS:
            group, description = "Everywhere", _APP_WIDE_ACTIONS[binding.action]
        display = screen.app.get_key_display(binding)
        entry = (display or key, description, binding.id or "")
        if (group, entry[0] + entry[1]) in seen:
            continue
        seen.add((group, entry[0] + entry[1]))
        groups[group].append(entry)
    return dict(groups)


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical { width: 108; max-width: 100%; max-height: 90%; height: auto; border: round $accent; background: $surface; padding: 0 1; }
    HelpScreen VerticalScroll { height: auto; max-height: 100%; }
    HelpScreen .help-warning { color: $warning; padding: 0 1; }
    HelpScreen .help-hint { color: $text-muted; padding: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close", id="help.close"),
        Binding("question_mark", "dismiss", "Close", show=False, id="help.close_q"),
    ]

    #: below this terminal width the groups are listed in one column
    TWO_COLUMNS_FROM = 110

    def __init__(self, target: Screen[Any], title: str, warnings: list[str]) -> None:
        super().__init__()
        self.target = target
        self.target_title = title
        self.warnings = warnings

    def compose(self) -> ComposeResult:
        title = self.target_title
        with Vertical():
            yield Label(f"Keys · {title}", classes="title", markup=False)
            with VerticalScroll():
                yield Static(self._render_table(), id="help-table")
                yield Label(KEYMAP_HINT, classes="help-hint", markup=False)
                if self.warnings:
                    yield Label("Configuration warnings", classes="section")
                    for warning in self.warnings:
                        yield Label(f"⚠ {clean(warning)}", classes="help-warning", markup=False)

    def _render_table(self) -> Table:
        """Groups in two side-by-side columns so a screen's keys fit without scrolling."""
        order = ["This view", "Lists", "Data", "Everywhere", "Navigation"]
        groups = binding_groups(self.target)
        names = sorted(groups, key=lambda g: order.index(g) if g in order else len(order))
        if self.app.size.width < self.TWO_COLUMNS_FROM:
            return _group_table(groups, names)
        total = sum(len(groups[name]) + 2 for name in names)
        left: list[str] = []
        used = 0
        for name in names:
            if used and used + len(groups[name]) / 2 > total / 2:
                break
            left.append(name)
            used += len(groups[name]) + 2
        right = [name for name in names if name not in left]
        grid = Table.grid(padding=(0, 4))
        grid.add_column()
        grid.add_column()
        grid.add_row(_group_table(groups, left), _group_table(groups, right))
        return grid


def _group_table(groups: dict[str, list[tuple[str, str, str]]], names: list[str]) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 1))
    table.add_column("key", style="bold", no_wrap=True, min_width=7)
    table.add_column("action", no_wrap=True)
    table.add_column("id", style="dim", no_wrap=True)
    for name in names:
        table.add_row(Text(name, style="bold underline"), "", "")
        for key, description, binding_id in groups[name]:
            table.add_row(key, description, binding_id)
        table.add_row("", "", "")
    return table
