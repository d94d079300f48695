"""KeyedTable draws one-line cells itself (fast filter keys); the screen must be exactly what
DataTable's own drawing gives: the same character with the same style in every cell of the
terminal, cursor, hover and zebra rows included."""

from __future__ import annotations

from typing import Any

import pytest
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets.data_table import ColumnKey

from dftui.ui.widgets import keyed_table
from dftui.ui.widgets.keyed_table import KeyedTable

COLUMNS = [("Cut", "cut"), ("Wide", "wide"), ("Status", "status"), ("Name", "name"), ("Empty", "empty")]


def rows() -> list[tuple[str, dict[str, Any]]]:
    made = []
    for index in range(30):
        name = Text(f"job-{index:03d}-" + "x" * (index % 7) * 5)
        if index % 3 == 0:
            name.stylize("bold", 0, 3)
        if index % 4 == 0:
            name.stylize(Style(italic=True, color="#00aaff"), 2, 9)
        status = Text("RUNNING" if index % 2 else "FAILED", style="green" if index % 2 else "bold red")
        made.append(
            (
                f"k{index}",
                {
                    "name": name,
                    "status": status,
                    "wide": Text("日本語のテキスト" * (index % 3), style=Style(underline=True)),
                    "empty": Text(""),
                    "cut": Text("y" * (40 + index), overflow=("ellipsis", "fold", "crop")[index % 3]),
                },
            )
        )
    return made


class TableApp(App[None]):
    CSS = "KeyedTable { height: 1fr; }"

    def compose(self) -> ComposeResult:
        yield KeyedTable(COLUMNS)

    def on_mount(self) -> None:
        table = self.query_one(KeyedTable)
        table.sync(rows())
        # a long cell is cut: the column is wider than the terminal allows
        table.columns[ColumnKey("cut")].content_width = 20
        table.focus()


async def screen_cells(size: tuple[int, int]) -> list[list[tuple[str, Style | None]]]:
    app = TableApp()
    async with app.run_test(size=size) as pilot:
        await pilot.press("down", "down", "down")
        await pilot.hover(KeyedTable, offset=(5, 6))
        await pilot.pause()
        strips = app.screen._compositor.render_strips()
    return [[(char, segment.style) for segment in strip for char in segment.text] for strip in strips]


@pytest.mark.parametrize("size", [(120, 30), (80, 24), (50, 12)])
async def test_cells_drawn_directly_look_exactly_as_datatable_draws_them(
    size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    direct = await screen_cells(size)
    monkeypatch.setattr(keyed_table, "drawn_directly", lambda cell: False)
    general = await screen_cells(size)
    assert len(direct) == len(general) == size[1]
    for y, (mine, theirs) in enumerate(zip(direct, general, strict=True)):
        assert mine == theirs, f"line {y} differs"
    assert any(char == "日" for line in direct for char, _ in line)
    assert any(char == "…" for line in direct for char, _ in line)
