"""How the jobs list behaves on a big account: ``python -m tests.benchmarks.big_account [JOBS ...]``.

Prints, for each size, the time to load every page into the table, to refresh it in place,
to type a 7-letter filter until its result shows (and the slowest single key), and to erase
the filter. Runs the real app headless against the embedded emulator over loopback HTTP.
Figures are wall-clock seconds of one run: run it on a quiet machine and repeat it.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import time
from datetime import datetime
from types import SimpleNamespace

from textual.worker import WorkerCancelled

from dftui.api import DataFlowClient
from dftui.emulator import EmulatorServer, ManualClock
from dftui.emulator.demo import DemoSizes
from dftui.timeutil import KST
from dftui.ui.app import DataFlowApp

START = datetime(2026, 11, 28, 9, 0, tzinfo=KST)
FILTER = "refunds"


def config(server: EmulatorServer) -> SimpleNamespace:
    return SimpleNamespace(
        profile_name="bench",
        api_url=server.base_url,
        refresh_interval=3600.0,
        read_only=False,
        theme=None,
        keymap={},
        bell=False,
        time_zone=None,
        warnings=[],
        config_file=None,
    )


async def measure(jobs: int) -> dict[str, float]:
    sizes = DemoSizes(jobs=jobs, workflows=12, triggers=15, days=2, executions=jobs)
    with EmulatorServer(db_path=":memory:", clock=ManualClock(START), demo_sizes=sizes) as server:
        client = DataFlowClient(server.base_url, server.access_key, server.secret_key)
        app = DataFlowApp(config(server), client, demo=True, refresh_interval=3600.0, clock=server.clock.now)
        async with app.run_test(size=(120, 40)) as pilot:
            started = time.perf_counter()
            await pilot.press("3")
            screen = app.screen
            while getattr(screen, "table", None) is None or screen.table.row_count < jobs:
                await pilot.pause(0.02)
                screen = app.screen
            load = time.perf_counter() - started

            started = time.perf_counter()
            await pilot.press("r")
            with contextlib.suppress(WorkerCancelled):
                await app.workers.wait_for_complete()
            refresh = time.perf_counter() - started

            await pilot.press("slash")
            started, slowest = time.perf_counter(), 0.0
            for key in FILTER:
                before = time.perf_counter()
                await pilot.press(key)
                slowest = max(slowest, time.perf_counter() - before)
            while screen.table.row_count >= jobs or "shown" not in screen.status_line.summary:
                await pilot.pause(0.02)
            typed = time.perf_counter() - started
            shown = screen.table.row_count

            started = time.perf_counter()
            for _ in FILTER:
                await pilot.press("backspace")
            while screen.table.row_count < jobs:
                await pilot.pause(0.02)
            erased = time.perf_counter() - started
    return {
        "load": load,
        "refresh": refresh,
        "typed": typed,
        "slowest_key": slowest,
        "shown": shown,
        "erased": erased,
    }


def main(argv: list[str]) -> None:
    for jobs in [int(arg) for arg in argv] or [3_000, 10_000]:
        r = asyncio.run(measure(jobs))
        print(
            f"{jobs:>6} jobs: load {r['load']:.2f}s · refresh in place {r['refresh']:.2f}s · "
            f"filter {FILTER!r} {r['typed']:.2f}s to {int(r['shown'])} rows (slowest key "
            f"{r['slowest_key'] * 1000:.0f} ms) · erase {r['erased']:.2f}s",
            flush=True,
        )


if __name__ == "__main__":
    main(sys.argv[1:])
