"""Base class of the workflows, jobs and triggers list screens.

A subclass describes its columns and how to fetch; this class does paging with
progress, filtering, sorting, live in-place refresh and opening a detail view.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Input

from dftui.ui.format import TimeDisplay, format_count
from dftui.ui.resources import is_hidden_from_caller, resource_id, resource_name
from dftui.ui.screens.base import DataScreen
from dftui.ui.screens.navigation import detail_screen
from dftui.ui.session import Session
from dftui.ui.status import status_text
from dftui.ui.widgets.keyed_table import KeyedTable

ItemT = TypeVar("ItemT")

IMMEDIATE_FILTER_LIMIT = 1_000
"""Up to this many items the filter applies on every key; above it, a key that narrows the shown
filter (it only drops rows, which is cheap) applies at once too, and keys that widen it (rows
come back) typed within ``FILTER_SETTLE_S`` of each other are applied once, so typing stays
fluid on big accounts."""
FILTER_SETTLE_S = 0.15

NARROW_WIDTH = 100
"""Below this many columns the least useful columns (ids, update day) are dropped, so status and
run times stay on screen at 80x24."""


@dataclass(frozen=True)
class Column(Generic[ItemT]):
    """One table column: how to show it and how to sort by it."""

    key: str
    label: str
    cell: Callable[[ItemT], str | Text]
    sort: Callable[[ItemT], Any] | None = None
    #: False drops the column on narrow terminals
    narrow: bool = True


@dataclass(frozen=True)
class Listing(Generic[ItemT]):
    """What a list screen fetched: every item, plus whatever its columns need besides."""

    items: list[ItemT]


class HasRunDates(Protocol):
    last_execution_date: datetime | None
    updated_date: datetime | None


RunT = TypeVar("RunT", bound=HasRunDates)


def last_run_columns(
    last_status: Callable[[RunT], str | None], now: datetime, times: TimeDisplay
) -> list[Column[RunT]]:
    """Last run status, last run time and last update: the same on the jobs and workflows lists."""
    return [
        Column(
            "last_status",
            "Last execution",
            lambda item: status_text(last_status(item)),
            sort=lambda item: last_status(item) or "",
        ),
        Column(
            "last_time",
            "Last run at",
            lambda item: times.time(item.last_execution_date, now),
            sort=lambda item: item.last_execution_date,
        ),
        Column(
            "updated",
            "Updated",
            lambda item: times.day(item.updated_date, now),
            sort=lambda item: item.updated_date,
            narrow=False,
        ),
    ]


def cell_text(value: str | Text) -> str:
    return value.plain if isinstance(value, Text) else str(value)


def matches_filter(texts: Sequence[str], query: str) -> bool:
    """Case-insensitive substring filter; ``!term`` excludes; words are ANDed."""
    return _matches(_haystack(texts), query)


def _haystack(texts: Sequence[str]) -> str:
    return "\u0000".join(texts).lower()


def _matches(haystack: str, query: str) -> bool:
    for term in query.lower().split():
        if term.startswith("!"):
            if term[1:] and term[1:] in haystack:
                return False
        elif term not in haystack:
            return False
    return True


class ResourceListScreen(DataScreen[Listing[ItemT]], Generic[ItemT]):
    """Live, filterable, sortable table of one resource type."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "open_filter", "Filter", key_display="/", id="list.filter"),
        Binding("s", "cycle_sort", "Sort", show=False, id="list.sort"),  # under ?, so footers fit 80 columns
        Binding("S", "reverse_sort", "Reverse", show=False, id="list.sort_reverse"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="list.clear_filter"),
    ]

    AUTO_FOCUS = "#table"
    resource_name: ClassVar[str] = "items"
    columns: ClassVar[Sequence[Column[Any]]] = ()
    default_sort: ClassVar[str] = "name"

    def __init__(self, session: Session, **kwargs: Any) -> None:
        super().__init__(session, **kwargs)
        self.items: dict[str, ItemT] = {}
        self._narrow = False
        self.filter_text = ""
        self.sort_column = self.default_sort
        self.sort_reverse = False
        self._loaded_count: int | None = None
        #: item id -> (the item the cells were computed from, its cells, their lower-cased text)
        self._cells: dict[str, tuple[ItemT, dict[str, str | Text], str]] = {}
        self._filter_timer: Timer | None = None
        #: the filter the table shows (typing may be ahead of it while a wide change settles)
        self._shown_filter = ""

    # ----------------------------------------------------------------- subclass

    async def fetch_listing(self, progress: Callable[[int], None]) -> Listing[ItemT]:
        raise NotImplementedError

    def shown_columns(self) -> list[Column[Any]]:
        return [c for c in self.columns if c.narrow or not self._narrow]

    def open_detail(self, item: ItemT) -> Screen[Any] | None:
        return detail_screen(self.session, item)

    # ------------------------------------------------------------------ compose

    def compose_body(self) -> ComposeResult:
        yield Input(
            placeholder="/ filter: words match anywhere, !word excludes, esc clears",
            id="filter",
            compact=True,
        )
        yield KeyedTable(self._column_spec(), id="table")

    def _column_spec(self) -> list[tuple[str, str]]:
        return [(column.label, column.key) for column in self.shown_columns()]

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#filter", Input).display = False
        self._narrow = self.app.size.width < NARROW_WIDTH
        self.table.set_columns(self._column_spec())
        self.update_summary()

    def on_resize(self, event: events.Resize) -> None:
        self._narrow = event.size.width < NARROW_WIDTH
        if self.table.set_columns(self._column_spec()):
            self._cells.clear()
            self.render_rows()

    @property
    def table(self) -> KeyedTable:
        return self.query_one("#table", KeyedTable)

    def set_loading(self, loading: bool) -> None:
        self.table.loading = loading

    # -------------------------------------------------------------------- data

    async def fetch(self) -> Listing[ItemT]:
        """Every page; while nothing is on screen yet the status line counts the pages in."""
        first = not self.items

        def progress(count: int) -> None:
            if first:
                self._loaded_count = count
                self.update_summary()

        if first:
            progress(0)
        try:
            return await self.fetch_listing(progress)
        finally:
            self._loaded_count = None

    def show(self, data: Listing[ItemT]) -> None:
        self.items = {resource_id(item): item for item in data.items}
        self._cells.clear()  # cells depend on fetch-time state too (now, run statuses)
        self.render_rows()

    def visible_rows(self) -> list[tuple[ItemT, dict[str, str | Text]]]:
        """Items that pass the filter, with their cells computed once per fetch (not per key typed)."""
        columns: Sequence[Column[Any]] | None = None
        rows: list[tuple[ItemT, dict[str, str | Text]]] = []
        for key, item in self.items.items():
            cached = self._cells.get(key)
            if cached is None or cached[0] is not item:
                columns = columns if columns is not None else self.shown_columns()
                cells = {column.key: column.cell(item) for column in columns}
                cached = (item, cells, _haystack([cell_text(c) for c in cells.values()]))
                self._cells[key] = cached
            if self.filter_text and not _matches(cached[2], self.filter_text):
                continue
            rows.append((item, cached[1]))
        return rows

    def render_rows(self) -> None:
        self._shown_filter = self.filter_text
        columns = self.shown_columns()
        column = next((c for c in columns if c.key == self.sort_column), columns[0])
        if column.sort is not None:
            by = column.sort

            def sort_key(row: tuple[ItemT, dict[str, str | Text]]) -> Any:
                return _sortable(by(row[0]))
        else:

            def sort_key(row: tuple[ItemT, dict[str, str | Text]]) -> Any:
                return _sortable(cell_text(row[1][column.key]).lower())

        ordered = sorted(self.visible_rows(), key=sort_key, reverse=self.sort_reverse)
        self.table.sync([(resource_id(item), cells) for item, cells in ordered])
        self.update_summary()

    def update_summary(self) -> None:
        if self._loaded_count is not None:
            summary = f"loading {format_count(self._loaded_count)} of ?"
        else:
            total = len(self.items)
            shown = self.table.row_count if self.is_mounted else total
            summary = f"{format_count(total)} {self.resource_name}"
            if self.filter_text:
                summary += f" · filter “{self.filter_text}”: {format_count(shown)} shown"
        label = next((c.label for c in self.columns if c.key == self.sort_column), self.sort_column)
        summary += f" · sort {label} {'↓' if self.sort_reverse else '↑'} · {self.live_summary()}"
        self.status_line.summary = summary

    # ------------------------------------------------------------------ filter

    def action_open_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        box.focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if not box.display and not self.filter_text:
            if len(self.app.screen_stack) > 1:
                self.app.pop_screen()
            return
        box.value = ""
        box.display = False
        self.filter_text = ""
        self.table.focus()
        self.render_rows()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value.strip()
        # words are ANDed, so a longer query without exclusions can only drop rows
        narrows = self.filter_text.startswith(self._shown_filter) and "!" not in self.filter_text
        if self._filter_timer is not None:
            self._filter_timer.stop()
            self._filter_timer = None
        if len(self.items) <= IMMEDIATE_FILTER_LIMIT or narrows:
            self.render_rows()
        else:
            self._filter_timer = self.set_timer(FILTER_SETTLE_S, self._apply_settled_filter)

    def _apply_settled_filter(self) -> None:
        self._filter_timer = None
        self.render_rows()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        if not self.filter_text:
            event.input.display = False
        self.table.focus()

    # -------------------------------------------------------------------- sort

    def action_cycle_sort(self) -> None:
        keys = [column.key for column in self.shown_columns()]
        index = keys.index(self.sort_column) if self.sort_column in keys else -1
        self.sort_column = keys[(index + 1) % len(keys)]
        self.render_rows()

    def action_reverse_sort(self) -> None:
        self.sort_reverse = not self.sort_reverse
        self.render_rows()

    # -------------------------------------------------------------- selection

    def selected_object(self) -> ItemT | None:
        key = self.table.cursor_key
        return None if key is None else self.items.get(key)

    @on(DataTable.RowSelected, "#table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        item = self.items.get(str(event.row_key.value))
        if item is None:
            return
        if is_hidden_from_caller(item):
            self.notify(
                f"No permission to view {resource_name(item)}: the service marks it disabled for you",
                severity="warning",
                markup=False,
            )
            return
        screen = self.open_detail(item)
        if screen is not None:
            self.app.push_screen(screen)


def _sortable(value: Any) -> tuple[int, Any]:
    """None sorts last; mixed types never raise."""
    if value is None:
        return (1, "")
    return (0, value)
