"""A DataTable that is updated in place by row key, and that shows every cell literally.

Cells go through :func:`~dftui.ui.safe_text.safe_cell`: DataTable parses a plain ``str`` as
markup, so an API value is always turned into safe ``Text`` first.

Live refresh must not move the user's selection (the top complaint about k9s-style
tools). ``DataTable.clear()`` resets the cursor and scroll, so instead rows are
upserted by key: only changed cells are written, new rows added, vanished rows
removed, and the cursor is put back on the *same row key* afterwards.
"""

from __future__ import annotations

import operator
from collections.abc import Hashable, Mapping, Sequence
from itertools import zip_longest
from typing import Any, Self

from rich.text import Text
from textual._two_way_dict import TwoWayDict
from textual.widgets import DataTable
from textual.widgets.data_table import Column, ColumnKey, RowKey
from textual.widgets.data_table import Row as DataTableRow

from dftui.ui.safe_text import safe_cell

Row = Mapping[str, Any]

BULK_REMOVAL_AFTER = 1
"""``DataTable.remove_row`` re-indexes every row, so removing rows one by one costs a pass over
the table each (ten rows gone from 10,000 took 0.4 s; thousands, seconds per filter key). Past
this many removals the index is rebuilt once. Rows are not cleared and re-added, which would
make Textual measure every cell."""

PARK_LIMIT = 50_000
"""Removed rows whose cells are kept for a quick return; past this many the keep is emptied."""


class KeyedTable(DataTable[Any]):
    """DataTable with ``sync(rows)``: in-place upsert that keeps cursor and scroll."""

    DEFAULT_CSS = """
    KeyedTable { height: 1fr; }
    """

    def __init__(self, columns: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        kwargs.setdefault("cursor_type", "row")
        kwargs.setdefault("zebra_stripes", True)
        super().__init__(**kwargs)
        self._column_spec = list(columns)
        self.column_keys = [key for _, key in columns]
        self._cursor_after_rebuild: str | None = None
        #: row key -> the cells it was last given (before ``safe_cell``), in column order
        self._given: dict[str, tuple[Any, ...]] = {}
        #: row keys in the order the last ``sync`` left them
        self._order: list[str] = []
        #: row key -> the mapping ``sync`` last got for it: the same object again means unchanged
        self._source: dict[str, Row] = {}
        #: removed rows' cells, kept to re-add them cheaply (erasing a filter brings them back)
        self._parked: dict[str, tuple[tuple[Any, ...], list[Any], bool]] = {}

    def on_mount(self) -> None:
        if not self.columns:
            for label, key in self._column_spec:
                self.add_column(label, key=key)

    def set_columns(self, columns: Sequence[tuple[str, str]]) -> bool:
        """Show another set of columns (a narrower terminal); True when they changed, and the
        caller then syncs the rows again."""
        spec = list(columns)
        if spec == self._column_spec and len(self.columns) == len(spec):
            return False
        self._cursor_after_rebuild = self.cursor_key
        self._column_spec = spec
        self.column_keys = [key for _, key in spec]
        self.clear(columns=True)
        for label, key in spec:
            self.add_column(label, key=key)
        return True

    def clear(self, columns: bool = False) -> Self:
        """Also forget what the rows were given, so the next ``sync`` adds every row again."""
        self._given.clear()
        self._order = []
        self._source.clear()
        self._parked.clear()
        return super().clear(columns)

    @property
    def cursor_key(self) -> str | None:
        """Row key under the cursor, or None for an empty table."""
        if self.row_count == 0 or not self.is_valid_row_index(self.cursor_row):
            return None
        row_key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        return None if row_key.value is None else str(row_key.value)

    def row_keys_in_order(self) -> list[str]:
        """Keys as displayed, top to bottom."""
        return [str(row.key.value) for row in self.ordered_rows]

    def sync(self, rows: Sequence[tuple[Hashable, Row]]) -> None:
        """Make the table show exactly ``rows`` (in that order) with minimal changes.

        A row whose cells equal what it was last given is not touched; a changed cell is written
        alone. Column widths only grow, measured from the new cells themselves: Textual's
        ``update_width`` re-measures the whole column whenever a cell gets narrower (seconds on
        10,000 rows), and its measuring of new rows costs more than adding them.
        """
        keep_key = self.cursor_key or self._cursor_after_rebuild
        self._cursor_after_rebuild = None
        keep_index = self.cursor_row
        keep_scroll_y = self.scroll_y
        wanted = [str(key) for key, _ in rows]
        wanted_set = set(wanted)
        known, source, column_keys = self._given, self._source, self.column_keys
        vanished = [key for key in known if key not in wanted_set]
        with self.app.batch_update():
            if len(vanished) > BULK_REMOVAL_AFTER:
                self._remove_rows([RowKey(key) for key in vanished])
            else:
                for key in vanished:
                    self._park(key)
                    self.remove_row(key)
            added: list[tuple[str, tuple[Any, ...]]] = []
            for key, (_, cells) in zip(wanted, rows, strict=True):
                if source.get(key) is cells:
                    continue
                source[key] = cells
                values = tuple([cells.get(column, "") for column in column_keys])
                old = known.get(key)
                if old is None:
                    added.append((key, values))
                elif not all(map(_same, old, values)):
                    self._update_row(key, old, values)
            if added:
                self._add_rows(added)
            if [key for key in self._order if key in wanted_set] + [key for key, _ in added] != wanted:
                self._reorder(wanted)
            self._order = wanted
            self._restore_cursor(keep_key, keep_index, keep_scroll_y)

    def _add_rows(self, rows: Sequence[tuple[str, tuple[Any, ...]]]) -> None:
        """``add_row`` for many rows at once: the same bookkeeping, done once, with cheap widths."""
        columns = self.ordered_columns
        column_keys = [column.key for column in columns]
        index = len(self._row_locations)
        parked = self._parked
        for key, values in rows:
            row_key = RowKey(key)
            was = parked.pop(key, None)
            if was is not None and all(map(operator.is_, was[0], values)):
                cells, measured = was[1], was[2]  # widths never shrink: these still fit
            else:
                cells = [safe_cell(value) for value in values]
                measured = self._grow_widths(columns, cells)
            self._row_locations[row_key] = index
            index += 1
            self._data[row_key] = dict(zip_longest(column_keys, cells))
            self.rows[row_key] = DataTableRow(row_key, 1)
            self._given[key] = values
            if not measured:
                self._new_rows.add(row_key)  # something we cannot measure cheaply: Textual does
        self._require_update_dimensions = True
        self.cursor_coordinate = self.cursor_coordinate
        if len(rows) == self.row_count and self.show_cursor and self.cursor_type != "none":
            self._highlight_cursor()  # the table was empty: now there is a row to highlight
        self._update_count += 1
        self.check_idle()
        self.refresh(layout=True)

    def _grow_widths(self, columns: Sequence[Column], cells: Sequence[Any]) -> bool:
        """Widen columns for these cells; False when a cell is not ``Text`` (Textual measures it)."""
        measured = True
        for column, cell in zip(columns, cells, strict=False):
            if isinstance(cell, Text):
                plain = cell.plain
                width = len(plain) if plain.isascii() else cell.cell_len
                if width > column.content_width:
                    column.content_width = width
                    self._require_update_dimensions = True
            else:
                measured = False
        return measured

    def _remove_rows(self, row_keys: Sequence[RowKey]) -> None:
        """``remove_row`` for many rows at once: the same bookkeeping, one re-index."""
        doomed = set(row_keys)
        survivors = sorted(
            (self._row_locations.get(key), key) for key in self._row_locations if key not in doomed
        )
        self._row_locations = TwoWayDict({key: index for index, (_, key) in enumerate(survivors)})
        if self._updated_cells:
            self._updated_cells = {cell for cell in self._updated_cells if cell.row_key not in doomed}
        for row_key in doomed:
            self._park(str(row_key.value))
            del self.rows[row_key]
            del self._data[row_key]
        self._require_update_dimensions = True
        self.check_idle()
        self.cursor_coordinate = self.cursor_coordinate
        self.hover_coordinate = self.hover_coordinate
        self._update_count += 1
        self.refresh(layout=True)

    def _park(self, key: str) -> None:
        """Forget ``key``'s row but keep its cells, for a filter that brings it back."""
        values = self._given.pop(key, None)
        self._source.pop(key, None)
        data = self._data.get(RowKey(key))
        if values is None or data is None:
            return
        if len(self._parked) >= PARK_LIMIT:
            self._parked.clear()
        cells = list(data.values())  # in column order: rows are built column by column
        self._parked[key] = (values, cells, all(isinstance(cell, Text) for cell in cells))

    def _update_row(self, key: str, old: tuple[Any, ...], values: tuple[Any, ...]) -> None:
        self._given[key] = values
        for column, before, after in zip(self.column_keys, old, values, strict=True):
            if not _same(before, after):
                self._write_cell(key, column, after)

    def _write_cell(self, key: str, column: str, value: Any) -> None:
        cell = safe_cell(value)
        measured = isinstance(cell, Text)
        self.update_cell(key, column, cell, update_width=not measured)
        if measured:
            self._grow_widths([self.columns[ColumnKey(column)]], [cell])

    def _reorder(self, wanted: list[str]) -> None:
        # DataTable.sort cannot see row keys, so set the order the way sort() does.
        self._row_locations = TwoWayDict({RowKey(key): index for index, key in enumerate(wanted)})
        self._update_count += 1
        self.refresh()

    def _restore_cursor(self, key: str | None, index: int, scroll_y: float) -> None:
        if self.row_count == 0:
            return
        if key is not None and key in self.rows:
            target = self.get_row_index(key)
        else:
            target = min(index, self.row_count - 1)
        if target != self.cursor_row:
            self.move_cursor(row=target, scroll=False)
        self.scroll_to(y=scroll_y, animate=False, immediate=True)
        if not self._row_visible(target):
            self.move_cursor(row=target, scroll=True)

    def _row_visible(self, index: int) -> bool:
        top = int(self.scroll_y)
        height = max(
            1, self.scrollable_content_region.height - (self.header_height if self.show_header else 0)
        )
        return top <= index < top + height

    def select_key(self, key: str) -> bool:
        """Put the cursor on the row ``key``; False when there is no such row (yet)."""
        if key not in self.rows:
            return False
        self.move_cursor(row=self.get_row_index(key), scroll=True)
        return True

    def update_column(self, key: str, column: str, value: Any) -> None:
        """Write one cell if the row exists and the value changed (used by 1 s tickers)."""
        given = self._given.get(key)
        if given is None or column not in self.column_keys:
            return
        index = self.column_keys.index(column)
        if not _same(given[index], value):
            self._given[key] = (*given[:index], value, *given[index + 1 :])
            self._source.pop(key, None)  # the next sync compares again
            self._write_cell(key, column, value)


def _same(old: Any, new: Any) -> bool:
    """Cells are str or rich Text; compare what the user would see."""
    if old is new:
        return True
    if type(old) is not type(new):
        return False
    if isinstance(old, Text):
        return old.plain == new.plain and old.style == new.style and old.spans == new.spans
    return bool(old == new)
