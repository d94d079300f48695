"""LiveCellsTable: a ticking cell repaints its row only, and the table looks as if drawn afresh."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.geometry import Region

from dftui.ui.widgets.keyed_table import KeyedTable
from dftui.ui.widgets.live_cells import LiveCellsTable

COLUMNS = [("Name", "name"), ("Status", "status"), ("Duration", "duration")]
Row = tuple[str, dict[str, Any]]


def rows(durations: list[str | Text]) -> list[Row]:
    return [
        (f"row{n}", {"name": f"job {n}", "status": Text("RUNNING", style="green"), "duration": d})
        for n, d in enumerate(durations)
    ]


class OneTable(App[None]):
    def __init__(self, table: KeyedTable) -> None:
        super().__init__()
        self.table = table

    def compose(self) -> ComposeResult:
        yield self.table


def lines(table: KeyedTable) -> list[list[tuple[str, Any]]]:
    """What the table draws: every visible line's segments, text and style (without the
    mouse metadata, which names no cell content)."""
    width, height = table.size
    return [
        [(segment.text, segment.style and segment.style.clear_meta_and_links()) for segment in strip]
        for strip in table.render_lines(Region(0, 0, width, height))
    ]


async def drawn_afresh(shown: list[Row]) -> list[list[tuple[str, Any]]]:
    app = OneTable(KeyedTable(COLUMNS))
    async with app.run_test(size=(60, 12)) as pilot:
        app.table.sync(shown)
        await pilot.pause()
        return lines(app.table)


async def test_a_ticking_cell_repaints_its_row_only_and_draws_what_a_fresh_table_draws() -> None:
    app = OneTable(LiveCellsTable(COLUMNS))
    async with app.run_test(size=(60, 12)) as pilot:
        live = app.table
        live.sync(rows(["27s", "1m05s", "3h02m", "12s"]))
        await pilot.pause()
        lines(live)  # drawn once: the caches hold every cell
        count = live._update_count
        refreshed: list[tuple[Region, ...]] = []
        real_refresh = live.refresh

        def refresh(*regions: Region, **kwargs: Any) -> Any:
            refreshed.append(regions)
            return real_refresh(*regions, **kwargs)

        live.refresh = refresh  # type: ignore[method-assign]
        live.update_column("row0", "duration", "28s")
        live.update_column("row2", "duration", "3h02m")  # the same text: nothing written
        live.update_column("row3", "duration", Text("13s", style="bold"))
        assert live._update_count == count  # the other rows' renders stay cached
        assert [[region.height for region in regions] for regions in refreshed] == [[1], [1]]
        await pilot.pause()
        assert lines(live) == await drawn_afresh(rows(["28s", "1m05s", "3h02m", Text("13s", style="bold")]))


async def test_a_wider_value_takes_the_full_path_and_widens_its_column() -> None:
    app = OneTable(LiveCellsTable(COLUMNS))
    async with app.run_test(size=(60, 12)) as pilot:
        live = app.table
        live.sync(rows(["59s", "5s"]))
        await pilot.pause()
        lines(live)
        count = live._update_count
        live.update_column("row1", "duration", "waiting 1h02m")  # wider than "Duration"
        assert live._update_count > count
        await pilot.pause()
        assert lines(live) == await drawn_afresh(rows(["59s", "waiting 1h02m"]))
