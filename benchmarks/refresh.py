"""Measurement 3: UI-loop time to apply one refresh to a 10,000-row KeyedTable.

A refresh where 1 % of the rows changed, 10 appeared and 10 vanished, applied in place
(``KeyedTable.sync``) and by clearing and re-adding every row, then one where nothing changed.
Each sample is UI-loop time: the CPU time of the app's thread (the event loop's) from the call
until the app is idle again, which includes Textual's column measuring and the repaint, run
headless at 120x40. Wall time would add ``Pilot.pause``'s idle polling, which sleeps in 20 ms
steps (at least one), to every sample: 21 ms of a 45 ms "nothing changed". Clear-and-rebuild is
what a plain ``DataTable`` does (``clear()`` then ``add_row`` for every row), on a second table
beside it.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from benchmarks.context import Context
from benchmarks.stats import Figure, Target
from dftui.ui.widgets.keyed_table import KeyedTable

GROUP = "3 refresh of 10,000 rows"
ROWS = 10_000
COLUMNS = [("Name", "name"), ("ID", "id"), ("Type", "type"), ("Status", "status"), ("Last run", "last")]
STATUSES = ("RUNNABLE", "RUNNING", "STOPPED")


def rows(generation: int) -> list[tuple[str, dict[str, Any]]]:
    """The table after ``generation`` refreshes: each one changes 1 %, adds 10 and drops 10."""
    first = generation * 10
    result = []
    for index in range(first, first + ROWS):
        changed = index % 100 == generation % 100
        status = STATUSES[(index + (generation if changed else 0)) % 3]
        result.append(
            (
                f"job{index:07d}",
                {
                    "name": f"nightly_export_{index:05d}",
                    "id": f"job{index:07d}",
                    "type": "DATAFLOW",
                    "status": Text(status, style="green" if status == "RUNNABLE" else "yellow"),
                    "last": f"11-28 {index % 24:02d}:{(index + generation * changed) % 60:02d}",
                },
            )
        )
    return result


class TableApp(App[None]):
    """The KeyedTable, and a plain DataTable beside it for clear-and-rebuild."""

    def compose(self) -> ComposeResult:
        yield KeyedTable(COLUMNS, id="table")
        yield DataTable(id="plain")

    def on_mount(self) -> None:
        self.query_one("#plain", DataTable).add_columns(*(label for label, _ in COLUMNS))


def _rebuild(table: DataTable[Any], data: list[tuple[str, dict[str, Any]]]) -> None:
    table.clear()
    for key, cells in data:
        table.add_row(*(cells[column] for _, column in COLUMNS), key=key)


async def _measure(runs: int) -> dict[str, list[float]]:
    app = TableApp()
    samples: dict[str, list[float]] = {"in place": [], "clear and rebuild": [], "nothing changed": []}
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.query_one(KeyedTable)
        plain = app.query_one("#plain", DataTable)
        generation = synced = 0
        table.sync(rows(generation))
        _rebuild(plain, rows(generation))
        await pilot.pause()
        for run in range(runs):
            order = ("in place", "clear and rebuild") if run % 2 == 0 else ("clear and rebuild", "in place")
            for way in order:
                generation += 1
                data = rows(generation)
                await pilot.pause()
                started = time.thread_time()
                if way == "in place":
                    table.sync(data)
                    synced = generation
                else:
                    _rebuild(plain, data)
                await pilot.pause()
                samples[way].append(time.thread_time() - started)
            same = rows(synced)  # what the table shows (the rebuild may have run last)
            await pilot.pause()
            started = time.thread_time()
            table.sync(same)
            await pilot.pause()
            samples["nothing changed"].append(time.thread_time() - started)
    return samples


def measure(ctx: Context) -> tuple[list[Figure], dict[str, object]]:
    samples = asyncio.run(_measure(ctx.runs))
    rebuild = sorted(samples["clear and rebuild"])[len(samples["clear and rebuild"]) // 2]
    return [
        Figure(
            GROUP, "in place (1 % changed, +10, -10)", "s", samples["in place"], Target(rebuild, "< rebuild")
        ),
        Figure(GROUP, "clear and rebuild", "s", samples["clear and rebuild"]),
        Figure(GROUP, "nothing changed", "s", samples["nothing changed"], Target(0.05, "≤ 0.05 s")),
    ], {}
