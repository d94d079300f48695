"""A DataTable that is updated in place by row key, and that shows every cell literally.

Cells go through :func:`~dftui.ui.safe_text.table_cell`: DataTable parses a plain ``str`` as
markup, so an API string is always turned into a cleaned ``LiteralCell`` (drawn as plain text,
and made ``Text`` only when it is on screen) and a ``Text`` is checked for control characters.

Live refresh must not move the user's selection (the top complaint about k9s-style
tools). ``DataTable.clear()`` resets the cursor and scroll, so instead rows are
upserted by key: only changed cells are written, new rows added, vanished rows
removed, and the cursor is put back on the *same row key* afterwards. Only a cursor the user
(or the screen, for them) has moved follows its row: one nobody has moved stays on the first row,
so a list that fills in pieces, or re-sorts as it loads, shows its top row highlighted.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Hashable, Mapping, Sequence
from itertools import zip_longest
from typing import Any, ClassVar, Self, cast, overload

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual._two_way_dict import TwoWayDict
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.coordinate import Coordinate
from textual.widgets import DataTable
from textual.widgets.data_table import Column, ColumnKey, RowKey
from textual.widgets.data_table import Row as DataTableRow

from dftui.ui.safe_text import LiteralCell, table_cell
from dftui.ui.widgets.one_line_cell import drawn_directly, one_line_cell

Row = Mapping[str, Any]

PARK_LIMIT = 50_000
"""Removed rows whose cells are kept for a quick return; past this many the keep is emptied."""


class _RowKey(str, RowKey):
    """A ``RowKey`` that is also its string: hashing and comparing it run in C rather than in
    ``StringKey``'s Python methods. The table's every lookup by row (several per row on each
    filter key, 10,000 rows) takes a third of the time. It equals a ``RowKey`` or a ``str`` of
    the same value either way round, as ``RowKey`` does, and has the same ``value``."""


class KeyedTable(DataTable[Any]):
    """DataTable with ``sync(rows)``: in-place upsert that keeps cursor and scroll."""

    DEFAULT_CSS = """
    KeyedTable { height: 1fr; }
    """

    #: a row table's Home and End go to its first and last row (DataTable's go to the first and
    #: last column, which a row cursor does not show)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("home", "scroll_top", "First row", show=False),
        Binding("end", "scroll_bottom", "Last row", show=False),
    ]

    def __init__(
        self,
        columns: Sequence[tuple[str, str]],
        *,
        min_widths: Mapping[str, int] | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("cursor_type", "row")
        kwargs.setdefault("zebra_stripes", True)
        super().__init__(**kwargs)
        self._column_spec = list(columns)
        #: column key -> the cells it is given from the start: a value that grows while shown
        #: ('waiting 9s', 'waiting 10s') then never moves the columns after it
        self._min_widths = dict(min_widths or {})
        self.column_keys = [key for _, key in columns]
        self._cursor_after_rebuild: str | None = None
        #: the cursor was moved by someone other than the table itself: it follows its row
        self._cursor_chosen = False
        #: >0 while the table moves its own cursor (sync, clear), which is not a choice
        self._moving_itself = 0
        #: row key -> the cells it was last given (before ``table_cell``), in column order
        self._given: dict[str, tuple[Any, ...]] = {}
        #: row key -> where its given cells are ``Text`` (equal ``Text`` may differ in base style)
        self._styled: dict[str, tuple[int, ...]] = {}
        #: row keys in the order the last ``sync`` left them
        self._order: list[str] = []
        #: row key -> the mapping ``sync`` last got for it: the same object again means unchanged
        self._source: dict[str, Row] = {}
        #: removed rows (their Row, given cells and cells as shown), kept to re-add them
        #: cheaply: erasing a filter brings them back. Three maps rather than a tuple per row, so
        #: hiding thousands of rows makes no new objects for the garbage collector to scan
        self._parked: dict[str, DataTableRow] = {}
        self._parked_given: dict[str, tuple[Any, ...]] = {}
        self._parked_shown: dict[str, dict[ColumnKey, Any]] = {}
        #: rows with a cell neither ``Text`` nor ``LiteralCell``: Textual measures them when added
        self._unmeasured: set[str] = set()
        #: (stripe, base style, pseudo classes) -> the row style drawn under the cells
        self._row_styles: dict[tuple[int, Style, Any], Style] = {}

    def on_mount(self) -> None:
        if not self.columns:
            self._add_columns()

    def _add_columns(self) -> None:
        for label, key in self._column_spec:
            self.add_column(label, key=key)
            minimum = self._min_widths.get(key, 0)
            column = self.columns[ColumnKey(key)]
            column.content_width = max(column.content_width, minimum)

    def watch_cursor_coordinate(self, old_coordinate: Coordinate, new_coordinate: Coordinate) -> None:
        if old_coordinate != new_coordinate and not self._moving_itself:
            self._cursor_chosen = True
        super().watch_cursor_coordinate(old_coordinate, new_coordinate)

    def set_columns(self, columns: Sequence[tuple[str, str]]) -> bool:
        """Show another set of columns (a narrower terminal); True when they changed, and the
        caller then syncs the rows again."""
        spec = list(columns)
        if spec == self._column_spec and len(self.columns) == len(spec):
            return False
        self._column_spec = spec
        self.column_keys = [key for _, key in spec]
        self.reset_columns()
        return True

    def reset_columns(self) -> None:
        """Add the columns again, as wide as their headers: column widths otherwise only grow.
        The caller then syncs the rows again; a cursor the user moved stays on its row."""
        self._cursor_after_rebuild = self.cursor_key if self._cursor_chosen else None
        self.clear(columns=True)
        self._add_columns()

    def clear(self, columns: bool = False) -> Self:
        """Also forget what the rows were given, so the next ``sync`` adds every row again."""
        self._given.clear()
        self._styled.clear()
        self._unmeasured.clear()
        self._order = []
        self._source.clear()
        self._forget_parked()
        self._moving_itself += 1
        try:
            return super().clear(columns)
        finally:
            self._moving_itself -= 1

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
        self._moving_itself += 1
        try:
            self._sync(rows)
        finally:
            self._moving_itself -= 1

    def _sync(self, rows: Sequence[tuple[Hashable, Row]]) -> None:
        keep_key = (self.cursor_key if self._cursor_chosen else None) or self._cursor_after_rebuild
        self._cursor_after_rebuild = None
        keep_index = self.cursor_row
        keep_scroll_y = self.scroll_y
        # whole-list steps run in C (``map``, set algebra): a filter key on 10,000 rows is
        # mostly rows that stay as they were
        wanted = list(map(str, map(_first, rows)))
        wanted_set = set(wanted)
        if len(wanted_set) != len(wanted):  # a key given twice would corrupt the index: the first wins
            rows = _first_of_each(rows)
            wanted = list(map(str, map(_first, rows)))
        known, source, styled, column_keys = self._given, self._source, self._styled, self.column_keys
        vanished = [] if known.keys() == wanted_set else list(known.keys() - wanted_set)
        pick = _picker(column_keys)
        with self.app.batch_update():
            if vanished:
                self._drop_rows(vanished)
            added: list[tuple[str, tuple[Any, ...]]] = []
            changed: list[tuple[str, tuple[Any, ...], tuple[Any, ...]]] = []
            unchanged = all(map(operator.is_, map(source.get, wanted), map(_second, rows)))
            for key, (_, cells) in zip(wanted, () if unchanged else rows, strict=not unchanged):
                if source.get(key) is cells:
                    continue
                try:
                    values = pick(cells)
                except KeyError:  # a row without some column shows it empty
                    values = tuple([cells.get(column, "") for column in column_keys])
                old = known.get(key)
                if old is None:
                    added.append((key, values))
                elif old != values:  # in C: Text compares text and spans, the base style below
                    changed.append((key, old, values))
                else:
                    for index in styled.get(key, ()):
                        if old[index].style != values[index].style:
                            changed.append((key, old, values))
                            break
                    else:
                        # the same cells again: the mapping they came in is kept (freeing
                        # 10,000 of them made a refresh that changed nothing twice as slow)
                        if key in source:
                            continue
                source[key] = cells
            if added:
                self._add_rows(added)
            if vanished or added or self._order != wanted:
                self._place(wanted, changed=bool(vanished or added), was_empty=not self._order)
            self._order = wanted
            # cells are written once the index is right: a cell's repaint looks its row up by index
            for key, old, values in changed:
                self._update_row(key, old, values)
            self._measure_now()
            self._restore_cursor(keep_key, keep_index, keep_scroll_y)

    def _measure_now(self) -> None:
        """What DataTable does when it next goes idle (measure written cells, size the table),
        done at once, so the new size is laid out in the same frame as the rows. Left to idle,
        the size came a frame later: each filter key took two frames (33 ms at 60 fps) to show,
        and the cursor was put back against the old size."""
        if self._updated_cells:
            cells = self._updated_cells.copy()
            self._updated_cells.clear()
            self._update_column_widths(cells)
        if self._require_update_dimensions:
            self._require_update_dimensions = False
            new_rows = self._new_rows.copy()
            self._new_rows.clear()
            self._update_dimensions(new_rows)

    def _add_rows(self, rows: Sequence[tuple[str, tuple[Any, ...]]]) -> None:
        """``add_row`` for many rows at once, with cheap widths; ``_place`` gives them their index.
        A parked row given the very same cells comes back as it was (widths never shrink)."""
        columns = self.ordered_columns
        column_keys = [column.key for column in columns]
        parked, parked_given, parked_shown = self._parked, self._parked_given, self._parked_shown
        unmeasured, given, styled = self._unmeasured, self._given, self._styled
        data, table_rows = self._data, self.rows
        for key, values in rows:
            row = parked.pop(key, None)
            if row is not None:
                was, shown = parked_given.pop(key), parked_shown.pop(key)
            if row is not None and all(map(operator.is_, was, values)):
                if key in unmeasured:
                    self._new_rows.add(row.key)
            else:
                cells = [table_cell(value) for value in values]
                row = DataTableRow(_RowKey(key), 1)
                shown = dict(zip_longest(column_keys, cells))
                if self._grow_widths(columns, cells):
                    unmeasured.discard(key)
                else:
                    unmeasured.add(key)
                    self._new_rows.add(row.key)  # something we cannot measure cheaply: Textual does
                styled[key] = _text_positions(values)
            data[row.key] = shown
            table_rows[row.key] = row
            given[key] = values
        self._require_update_dimensions = True

    def _grow_widths(self, columns: Sequence[Column], cells: Sequence[Any]) -> bool:
        """Widen columns for these cells; False when a cell is neither ``Text`` nor a
        ``LiteralCell`` (Textual measures it)."""
        measured = True
        for column, cell in zip(columns, cells, strict=False):
            if isinstance(cell, (Text, LiteralCell)):
                plain = cell.plain
                width = len(plain) if plain.isascii() else cell.cell_len
                if width > column.content_width:
                    column.content_width = width
                    self._require_update_dimensions = True
            else:
                measured = False
        return measured

    def _drop_rows(self, keys: Sequence[str]) -> None:
        """``remove_row`` for many rows at once, parking them; ``_place`` re-indexes once."""
        if len(self._parked) + len(keys) > PARK_LIMIT:
            self._forget_parked()
        parked, parked_given, parked_shown = self._parked, self._parked_given, self._parked_shown
        given, source = self._given, self._source
        data, table_rows = self._data, _by_string(self.rows)
        if len(keys) * 2 > len(table_rows):
            # most rows go (a filter key that hides thousands): park them all in a few calls in
            # C, and the rows that stay come straight back from the park in ``_add_rows``
            parked.update(table_rows)
            parked_given.update(given)
            parked_shown.update(cast(dict[str, dict[ColumnKey, Any]], data))
            table_rows.clear()
            given.clear()
            data.clear()
            source.clear()
        else:
            for key in keys:  # their ``_styled`` stays: it goes with the given cells, parked too
                row = table_rows.pop(key, None)  # a RowKey equals (and hashes as) its string
                if row is None:
                    given.pop(key, None)
                    continue
                parked[key] = row
                parked_given[key] = given.pop(key)
                parked_shown[key] = data.pop(row.key)
                source.pop(key, None)
        if self._updated_cells or self._new_rows:
            doomed = {parked[key].key for key in keys if key in parked}
            self._updated_cells = {cell for cell in self._updated_cells if cell.row_key not in doomed}
            self._new_rows -= doomed
        self._require_update_dimensions = True

    def _forget_parked(self) -> None:
        for key in self._parked:
            self._styled.pop(key, None)
        self._parked.clear()
        self._parked_given.clear()
        self._parked_shown.clear()

    def _update_row(self, key: str, old: tuple[Any, ...], values: tuple[Any, ...]) -> None:
        self._given[key] = values
        self._styled[key] = _text_positions(values)
        for column, before, after in zip(self.column_keys, old, values, strict=True):
            if not _same(before, after):
                self._write_cell(key, column, after)

    def _write_cell(self, key: str, column: str, value: Any) -> None:
        cell = table_cell(value)
        measured = isinstance(cell, (Text, LiteralCell))
        self.update_cell(key, column, cell, update_width=not measured)
        if measured:
            self._grow_widths([self.columns[ColumnKey(column)]], [cell])

    def _place(self, wanted: list[str], *, changed: bool, was_empty: bool) -> None:
        """Index the rows in ``wanted`` order (DataTable.sort cannot see row keys; this is what
        sort() does), once per ``sync`` however many rows came and went, and hand DataTable the
        row order and line offsets it would otherwise rebuild a row at a time."""
        ordered = list(map(_by_string(self.rows).__getitem__, wanted))
        row_keys = list(map(_row_key, ordered))
        locations: TwoWayDict[RowKey, int] = TwoWayDict({})
        locations._forward = dict(zip(row_keys, range(len(row_keys)), strict=True))
        locations._reverse = dict(enumerate(row_keys))
        self._row_locations = locations
        self._update_count += 1
        # DataTable works the order out again, row by row, on the next frame: it is known here
        self._ordered_row_cache[(len(ordered), self._update_count)] = ordered
        if set(map(_height, ordered)) <= {1}:  # KeyedTable's rows are: every line is a row
            self._offset_cache[self._update_count] = cast(
                list[tuple[RowKey, int]], _LineOffsets(locations._reverse)
            )
        if changed:
            self.cursor_coordinate = self.cursor_coordinate
            self.hover_coordinate = self.hover_coordinate
            if was_empty and wanted and self.show_cursor and self.cursor_type != "none":
                self._highlight_cursor()  # the table was empty: now there is a row to highlight
            self.check_idle()
            self.refresh(layout=True)
        else:
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

    @property
    def _plain_layout(self) -> bool:
        """No fixed rows or columns and no row labels shown: the layout (dftui's) that
        ``_render_line_in_row`` and ``_render_cell`` draw themselves."""
        return not (
            self.fixed_rows or self.fixed_columns or (self._labelled_row_exists and self.show_row_labels)
        )

    def notify_style_update(self) -> None:
        self._row_styles.clear()
        super().notify_style_update()

    def _row_style(self, row_index: int, base_style: Style) -> Style:
        """DataTable's ``_get_row_style`` for body rows, remembered per stripe: each call works
        the component's style out from the CSS again, for every line drawn."""
        if not self.zebra_stripes:
            return base_style
        key = (row_index % 2, base_style, self._pseudo_class_state)
        style = self._row_styles.get(key)
        if style is None:
            component = "datatable--odd-row" if row_index % 2 else "datatable--even-row"
            style = self._row_styles[key] = self.get_component_styles(component).rich_style
        return style

    def _render_line_in_row(
        self,
        row_key: RowKey,
        line_no: int,
        base_style: Style,
        cursor_location: Coordinate,
        hover_location: Coordinate,
    ) -> tuple[list[list[Segment]], list[list[Segment]]]:
        """DataTable's drawing of one line of a body row, with the same cache, for a table with
        no row labels and no fixed rows or columns (dftui's): DataTable also works out the
        header's style and the widget's background for every line, used by neither. Anything
        else is drawn by DataTable itself."""
        row_index = self._row_locations.get(row_key)
        if row_index is None or not self._plain_layout:
            return super()._render_line_in_row(row_key, line_no, base_style, cursor_location, hover_location)
        cursor_type, show_cursor, show_hover = self.cursor_type, self.show_cursor, self._show_hover_cursor
        cache_key = (
            row_key,
            line_no,
            base_style,
            cursor_location,
            hover_location,
            cursor_type,
            show_cursor,
            show_hover,
            self._update_count,
            self._pseudo_class_state,
        )
        found = self._row_render_cache.get(cache_key)
        if found is not None:
            return found
        row_style = self._row_style(row_index, base_style)
        should_highlight, render_cell = self._should_highlight, self._render_cell
        widths = [column.get_render_width(self) for column in self.ordered_columns]
        scrollable_row = []
        for column_index, width in enumerate(widths):
            cell_location = Coordinate(row_index, column_index)
            lines = render_cell(
                row_index,
                column_index,
                row_style,
                width,
                cursor=should_highlight(cursor_location, cell_location, cursor_type),
                hover=should_highlight(hover_location, cell_location, cursor_type),
            )
            scrollable_row.append(lines[line_no])
        # the rest of the line, as DataTable extends it
        remaining_space = max(0, self.size.width - (sum(widths) + self._row_label_column_width))
        if cursor_type == "row":
            extend_style, _ = self._get_styles_to_render_cell(
                False,
                False,
                False,
                should_highlight(hover_location, Coordinate(row_index or 0, 0), cursor_type),
                row_index == cursor_location.row,
                show_cursor,
                show_hover,
                False,
                False,
            )
            extend_style = row_style + extend_style
        elif row_style.bgcolor is not None:
            faded = Color.from_rich_color(row_style.bgcolor).blend(self.background_colors[1], factor=0.25)
            extend_style = Style.from_color(color=row_style.color, bgcolor=faded.rich_color)
        else:
            extend_style = Style.from_color(row_style.color, row_style.bgcolor)
        extend_style += Style.from_meta({"row": row_index, "column": 0, "out_of_bounds": True})
        scrollable_row.append([Segment(" " * remaining_space, extend_style)])
        row_pair: tuple[list[list[Segment]], list[list[Segment]]] = ([], scrollable_row)
        self._row_render_cache[cache_key] = row_pair
        return row_pair

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> list[list[Segment]]:
        """DataTable's cell drawing with the same cache, and a direct path for one-line ``Text``
        (:mod:`~dftui.ui.widgets.one_line_cell`): header, labels, fixed cells and anything
        else are drawn by DataTable itself."""
        if row_index < 0 or column_index < 0 or not self._plain_layout:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        if row_key is None or column_key is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        cache_key = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        lines = self._cell_render_cache.get(cache_key)
        if lines is not None:
            return lines
        row = self.rows.get(row_key)
        cell = self._data.get(row_key, {}).get(column_key)
        if type(cell) is LiteralCell:
            cell = cell.text()
        if row is None or row.height != 1 or width <= 2 * self.cell_padding or not drawn_directly(cell):
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        component_style, post_style = self._get_styles_to_render_cell(
            False,
            False,
            False,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        # the cell's own part (its place, for the mouse) last: the rest is one of a few styles
        # that Rich's cache already holds
        style = base_style + component_style + Style.from_meta({"row": row_index, "column": column_index})
        lines = [
            one_line_cell(self.app.console, cast(Text, cell), width, self.cell_padding, style, post_style)
        ]
        self._cell_render_cache[cache_key] = lines
        return lines

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
            self._styled[key] = _text_positions(self._given[key])
            self._source.pop(key, None)  # the next sync compares again
            self._write_cell(key, column, value)


class _LineOffsets(Sequence[tuple[RowKey, int]]):
    """DataTable's line offsets (screen line -> row key, line within the row) for a table whose
    rows are one line each, read from the row index instead of a list of 10,000 new tuples
    (which cost more than everything else in a filter key's re-index)."""

    __slots__ = ("_by_index",)

    def __init__(self, by_index: dict[int, RowKey]) -> None:
        self._by_index = by_index

    def __len__(self) -> int:
        return len(self._by_index)

    @overload
    def __getitem__(self, line: int) -> tuple[RowKey, int]: ...
    @overload
    def __getitem__(self, line: slice) -> list[tuple[RowKey, int]]: ...
    def __getitem__(self, line: int | slice) -> tuple[RowKey, int] | list[tuple[RowKey, int]]:
        if isinstance(line, slice):
            return [self[index] for index in range(*line.indices(len(self)))]
        if line < 0:
            line += len(self)
        return (self._by_index[line], 0)  # past the end: KeyError, a LookupError as DataTable expects


_first = operator.itemgetter(0)
_second = operator.itemgetter(1)
_row_key = operator.attrgetter("key")
_height = operator.attrgetter("height")


def _picker(column_keys: Sequence[str]) -> Callable[[Row], tuple[Any, ...]]:
    """A row's cells in column order as a tuple, picked in C (``KeyError`` for a missing column)."""
    if len(column_keys) == 1:
        only = column_keys[0]
        return lambda cells: (cells[only],)
    if not column_keys:
        return lambda cells: ()
    return cast(Callable[[Row], tuple[Any, ...]], operator.itemgetter(*column_keys))


def _first_of_each(rows: Sequence[tuple[Hashable, Row]]) -> list[tuple[Hashable, Row]]:
    seen: set[str] = set()
    unique = []
    for key, cells in rows:
        if str(key) not in seen:
            seen.add(str(key))
            unique.append((key, cells))
    return unique


def _by_string(rows: dict[RowKey, DataTableRow]) -> dict[str, DataTableRow]:
    """The table's rows looked up by plain key: a ``RowKey`` hashes as, and equals, its string."""
    return cast(dict[str, DataTableRow], rows)


_POSITIONS: dict[tuple[bool, ...], tuple[int, ...]] = {}


def _text_positions(values: tuple[Any, ...]) -> tuple[int, ...]:
    """Indexes of the ``Text`` cells (one shared tuple per pattern: rows mostly share one)."""
    pattern = tuple([isinstance(value, Text) for value in values])
    found = _POSITIONS.get(pattern)
    if found is None:
        found = _POSITIONS.setdefault(pattern, tuple(i for i, text in enumerate(pattern) if text))
    return found


def _same(old: Any, new: Any) -> bool:
    """Cells are str or rich Text; compare what the user would see."""
    if old is new:
        return True
    if type(old) is not type(new):
        return False
    if isinstance(old, Text):
        return old.plain == new.plain and old.style == new.style and old.spans == new.spans
    return bool(old == new)
