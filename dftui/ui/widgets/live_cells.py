"""A KeyedTable whose single-cell writes repaint only that cell's row.

``DataTable.update_cell`` bumps the table's update count, which every render cache is keyed on:
one duration ticking from 27s to 28s made the whole visible table render again, every cell of
every row, every second (20 RUNNING executions: most of a job view's CPU). Here a cell write
that keeps the column's width forgets only what was rendered from that cell (its cell, its
row's lines and renderables) and repaints only its row. Anything else (a wider value, a new
row, a reorder) takes Textual's own path.

The caches are Textual's private ones (``textual.widgets._data_table``, 8.2): each key is
checked as it is looked at, and a key laid out otherwise falls back to
``DataTable.update_cell``. ``tests/ui/test_live_cells.py`` compares a table updated this way
with one drawn afresh.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets.data_table import CellType, ColumnKey, RowKey

from dftui.ui.safe_text import LiteralCell
from dftui.ui.widgets.keyed_table import KeyedTable

#: the update count's place in each cache key (Textual 8.2): cell, row lines, row renderables
_CELL_COUNT_AT, _ROW_COUNT_AT, _RENDERABLES_COUNT_AT = 6, 8, 0


class LiveCellsTable(KeyedTable):
    """KeyedTable for tables whose cells tick in place (durations, elapsed times)."""

    def update_cell(
        self,
        row_key: RowKey | str,
        column_key: ColumnKey | str,
        value: CellType,
        *,
        update_width: bool = False,
    ) -> None:
        row = RowKey(row_key) if isinstance(row_key, str) else row_key
        column_key = ColumnKey(column_key) if isinstance(column_key, str) else column_key
        column = self.columns.get(column_key)
        index = self._row_locations.get(row)
        if (
            update_width
            or column is None
            or index is None
            or not isinstance(value, (Text, LiteralCell))
            or "\n" in value.plain
            or value.cell_len > column.content_width
            or self.get_row_height(row) != 1
            or not self._forget_rendered(row, column_key, index)
        ):
            super().update_cell(row_key, column_key, value, update_width=update_width)
            return
        self._data[row][column_key] = value
        self.refresh_row(index)

    def _forget_rendered(self, row: RowKey, column: ColumnKey, index: int) -> bool:
        """Drop what was rendered from this cell; False when a cache key is not laid out as
        expected (the caller then takes Textual's path, which invalidates everything). Entries
        of older update counts go too: nothing can hit them any more."""
        count = self._update_count
        for key in list(self._cell_render_cache.keys()):
            if not (isinstance(key[0], RowKey) and isinstance(key[_CELL_COUNT_AT], int)):
                return False
            if key[_CELL_COUNT_AT] != count or (key[0] == row and key[1] == column):
                self._cell_render_cache.discard(key)
        for lines_key in list(self._row_render_cache.keys()):
            if not (isinstance(lines_key[0], RowKey) and isinstance(lines_key[_ROW_COUNT_AT], int)):
                return False
            if lines_key[_ROW_COUNT_AT] != count or lines_key[0] == row:
                self._row_render_cache.discard(lines_key)
        for pair in list(self._row_renderable_cache.keys()):
            if len(pair) != 2 or not isinstance(pair[_RENDERABLES_COUNT_AT], int):
                return False
            if pair[_RENDERABLES_COUNT_AT] != count or pair[1] == index:
                self._row_renderable_cache.discard(pair)
        # lines are assembled from the caches above: cheap to build again, and only the
        # repainted row's lines are asked for
        self._line_cache.clear()
        return True
