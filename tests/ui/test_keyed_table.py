"""KeyedTable keeps the cursor on the same row key through in-place updates."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets.data_table import ColumnKey

from dftui.ui.widgets.keyed_table import KeyedTable


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield KeyedTable([("Name", "name"), ("Status", "status")], id="t")


def rows(names: list[str], status: str = "ok") -> list[tuple[str, dict[str, Any]]]:
    return [(name, {"name": name, "status": status}) for name in names]


async def test_cursor_follows_its_row_when_rows_are_added_above() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(KeyedTable)
        table.sync(rows([f"r{i:02d}" for i in range(10, 60)]))
        table.move_cursor(row=table.get_row_index("r30"))
        await pilot.pause()
        table.sync(rows([f"r{i:02d}" for i in range(0, 60)]))
        await pilot.pause()
        assert table.cursor_key == "r30"
        assert table.row_keys_in_order()[:3] == ["r00", "r01", "r02"]


async def test_a_cursor_nobody_moved_stays_on_the_first_row_as_rows_come_and_resort() -> None:
    """A list that fills in pieces (the dashboard's first partial snapshot) must not leave its
    highlight on whichever row happened to be first then."""
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(KeyedTable)
        table.sync(rows(["r30", "r10"]))
        await pilot.pause()
        table.sync(rows([f"r{i:02d}" for i in range(0, 60)]))
        await pilot.pause()
        assert (table.cursor_row, table.cursor_key) == (0, "r00")
        await pilot.press("down", "up")  # chosen now, though on the same row
        table.sync(rows(["new", *(f"r{i:02d}" for i in range(0, 60))]))
        await pilot.pause()
        assert (table.cursor_row, table.cursor_key) == (1, "r00")


async def test_only_changed_cells_are_written_and_vanished_rows_removed() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(KeyedTable)
        table.sync(rows(["a", "b", "c"]))
        table.move_cursor(row=2)
        writes: list[tuple[Any, ...]] = []
        original = table.update_cell
        table.update_cell = lambda *a, **k: (writes.append(a), original(*a, **k))  # type: ignore[method-assign]
        table.sync([("a", {"name": "a", "status": "ok"}), ("c", {"name": "c", "status": "changed"})])
        await pilot.pause()
        assert [w[:2] for w in writes] == [("c", "status")]
        assert table.row_keys_in_order() == ["a", "c"]
        assert table.cursor_key == "c"


async def test_removed_cursor_row_keeps_the_index() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(KeyedTable)
        table.sync(rows(["a", "b", "c"]))
        table.move_cursor(row=1)
        table.sync(rows(["a", "c"]))
        await pilot.pause()
        assert table.cursor_key == "c"


async def test_scroll_position_survives_a_refresh() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(KeyedTable)
        names = [f"r{i:03d}" for i in range(100)]
        table.sync(rows(names))
        await pilot.pause()
        table.move_cursor(row=60)
        await pilot.pause()
        scrolled = table.scroll_y
        assert scrolled > 0
        table.sync(rows(names, status="changed"))
        await pilot.pause()
        assert table.scroll_y == scrolled
        assert table.cursor_key == "r060"
        assert table.get_cell("r060", "status").plain == "changed"  # stored cleaned, never markup


async def test_a_wider_value_widens_its_column() -> None:
    """READY -> COMPLETED in place must not be cut to "COMPL"."""
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(KeyedTable)
        table.sync([("a", {"name": "a", "status": "READY"})])
        await pilot.pause()
        table.sync([("a", {"name": "a", "status": "COMPLETED"})])
        await pilot.pause()
        assert table.columns[ColumnKey("status")].content_width >= len("COMPLETED")


async def test_removing_many_rows_at_once_keeps_order_cursor_and_lookups() -> None:
    """A filter that hides thousands of rows takes the bulk path; the table must stay coherent."""
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(KeyedTable)
        table.sync(rows([f"r{i:04d}" for i in range(1000)]))
        table.move_cursor(row=table.get_row_index("r0500"))
        await pilot.pause()
        kept = [f"r{i:04d}" for i in range(0, 1000, 10)]  # 900 rows vanish
        table.sync(rows(kept))
        await pilot.pause()
        assert table.row_count == 100
        assert table.row_keys_in_order() == kept
        assert table.cursor_key == "r0500"
        assert [table.get_row_index(key) for key in kept] == list(range(100))
        table.sync(rows(kept, status="changed"))  # in-place updates still work afterwards
        await pilot.pause()
        assert table.get_cell("r0990", "status").plain == "changed"
        table.sync(rows([f"r{i:04d}" for i in range(1000)]))  # and widening adds them back in order
        await pilot.pause()
        assert table.row_keys_in_order()[:3] == ["r0000", "r0001", "r0002"]
        assert table.cursor_key == "r0500"


async def test_a_row_whose_text_keeps_but_style_changes_is_repainted() -> None:
    """Equal ``Text`` compares text and spans only: the base style is compared on its own."""
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(KeyedTable)
        table.sync([("a", {"name": "a", "status": Text("RUNNING", style="green")})])
        table.sync([("a", {"name": "a", "status": Text("RUNNING", style="green")})])  # equal: kept
        assert table.get_cell("a", "status").style == "green"
        table.sync([("a", {"name": "a", "status": Text("RUNNING", style="red")})])
        await pilot.pause()
        assert table.get_cell("a", "status").style == "red"
        table.sync([("a", {"name": "a", "status": "RUNNING"})])  # Text to str: written, unstyled
        assert not isinstance(table.get_cell("a", "status"), Text)
        assert str(table.get_cell("a", "status")) == "RUNNING"


async def test_rows_hidden_and_brought_back_show_their_latest_cells_in_order() -> None:
    """Narrowing parks rows, widening re-adds them: a row changed while parked shows the change,
    and a row that comes back with its cells unchanged is the very same row."""
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(KeyedTable)
        every = rows([f"r{i:04d}" for i in range(500)])
        table.sync(every)
        await pilot.pause()
        table.sync([row for row in every if row[0].endswith("7")])
        await pilot.pause()
        assert table.row_keys_in_order() == [f"r{i:04d}" for i in range(7, 500, 10)]
        widened = [
            (key, {**cells, "status": "new"}) if key == "r0001" else (key, cells) for key, cells in every
        ]
        table.sync(widened)
        await pilot.pause()
        assert table.row_keys_in_order() == [key for key, _ in every]
        assert [table.get_row_index(key) for key, _ in every] == list(range(500))
        assert table.get_cell("r0001", "status").plain == "new"
        assert table.get_cell("r0002", "status").plain == "ok"
        assert table.get_row_at(3)[0].plain == "r0003"


class LiveApp(App[None]):
    def compose(self) -> ComposeResult:
        from dftui.ui.widgets.live_cells import LiveCellsTable

        yield LiveCellsTable([("Job", "job"), ("Elapsed", "elapsed")], id="t")


def live(key: str, elapsed: str) -> tuple[str, dict[str, Any]]:
    return (key, {"job": Text(key), "elapsed": Text(elapsed)})


async def test_a_row_gone_above_a_changed_row_and_a_tick_after_it_leave_the_table_whole() -> None:
    """A refresh that drops a row and changes one below it, then the 1 s ticker: the cell is
    written once the rows are indexed again (written before, its repaint looked up the gone row)."""
    app = LiveApp()
    async with app.run_test(size=(60, 10)) as pilot:
        table = app.query_one(KeyedTable)
        table.sync([live("a", "1s"), live("b", "1s"), live("c", "1s")])
        await pilot.pause()
        table.sync([live("b", "2s"), live("c", "1s")])
        await pilot.pause()
        table.update_column("b", "elapsed", Text("3s"))
        await pilot.pause()
        assert table.row_keys_in_order() == ["b", "c"]
        assert [str(cell) for cell in table.get_row("b")] == ["b", "3s"]


async def test_a_key_given_twice_is_shown_once() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 10)) as pilot:
        table = app.query_one(KeyedTable)
        table.sync([*rows(["a", "b"]), *rows(["a"], status="again")])
        await pilot.pause()
        assert table.row_keys_in_order() == ["a", "b"]
        assert [str(cell) for cell in table.get_row("a")] == ["a", "ok"]
