"""The Runs screen on a big account: ``python -m benchmarks.runs [--jobs 1000] [--executions 100000]``.

Not a test. It seeds an in-process emulator (frozen ManualClock, seed 42) with that many jobs
and executions, runs the real app headless at 120x40 over loopback HTTP, and prints:

* first load: seconds from pressing ``5`` until every execution is known and the table drawn,
  and the requests it made;
* steady-state refresh (nothing changed on the service): requests and seconds;
* refresh after the clock moved two minutes (runs started and ended): requests and seconds;
* filter: the slowest and the median keystroke of typing ``status:failed`` until it is handled
  and the screen repainted (one Pilot pause); above 5,000 executions the filter applies once
  typing pauses for 0.15 s, so then also the time from the last key until the rows are drawn;
  and the time to erase it (escape).

Figures are wall-clock seconds of one run on whatever machine runs it: run it on a quiet one.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import time
from datetime import datetime
from typing import Any

import httpx
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from dftui.api import DataFlowClient, RetryPolicy
from dftui.config import ResolvedConfig
from dftui.emulator import EmulatorServer, ManualClock
from dftui.emulator.demo import DemoSizes
from dftui.timeutil import KST

START = datetime(2026, 11, 28, 9, 0, tzinfo=KST)
FILTER = "status:failed"


class CountingLink(httpx.AsyncHTTPTransport):
    """Real HTTP; counts the requests sent."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.count += 1
        return await super().handle_async_request(request)


async def settle(pilot: Pilot[Any]) -> None:
    for _ in range(3):
        await pilot.pause()
        with contextlib.suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def measure(jobs: int, executions: int) -> dict[str, float]:
    from dftui.ui.app import DataFlowApp
    from dftui.ui.screens.runs import RunsScreen

    sizes = DemoSizes(
        jobs=jobs, workflows=max(12, jobs // 10), triggers=max(15, jobs // 20), days=30, executions=executions
    )
    started = time.perf_counter()
    clock = ManualClock(START)
    with EmulatorServer(db_path=":memory:", clock=clock, demo_sizes=sizes) as server:
        seeded = time.perf_counter() - started
        link = CountingLink()
        client = DataFlowClient(
            server.base_url,
            server.access_key,
            server.secret_key,
            retry=RetryPolicy(max_attempts=1),
            transport=link,
        )
        config = ResolvedConfig.model_validate(
            {
                "profile_name": "bench",
                "api_url": server.base_url,
                "access_key": server.access_key,
                "secret_key": server.secret_key,
                "refresh_interval": 3600.0,
            }
        )
        app = DataFlowApp(config, client, demo=True, clock=server.clock.now, initial_mode="runs")
        out: dict[str, float] = {"seed_s": seeded}
        link.count = 0
        async with app.run_test(size=(120, 40)) as pilot:
            began = time.perf_counter()
            while not (isinstance(app.screen, RunsScreen) and app.session.runs.complete):
                await pilot.pause(0.05)  # partial snapshots come first: wait for the whole account
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, RunsScreen)
            snapshot = app.session.runs.snapshot
            assert snapshot is not None
            out["first_load_s"] = time.perf_counter() - began
            out["first_load_requests"] = link.count
            out["executions"] = len(snapshot.executions)
            out["jobs_unread"] = app.session.runs.unread
            out["rows_drawn"] = screen.table.row_count

            for label in ("steady", "moved"):
                if label == "moved":
                    clock.advance(120)
                link.count = 0
                began = time.perf_counter()
                await pilot.press("r")
                await settle(pilot)
                out[f"{label}_refresh_s"] = time.perf_counter() - began
                out[f"{label}_refresh_requests"] = link.count
                out[f"{label}_jobs_unread"] = app.session.runs.unread

            await pilot.press("slash")
            await settle(pilot)
            timings = []
            for key in FILTER:
                began = time.perf_counter()
                await pilot.press(key if key != ":" else "colon")  # handled, rows synced
                await pilot.pause()  # and the screen repainted
                timings.append(time.perf_counter() - began)
            out["filter_key_max_s"] = max(timings)
            out["filter_key_median_s"] = statistics.median(timings)
            began = time.perf_counter()
            while screen._filter_timer is not None:  # big accounts apply the filter once typing pauses
                await pilot.pause(0.01)
            await pilot.pause()
            out["filter_applied_after_last_key_s"] = time.perf_counter() - began
            out["filter_matching"] = screen.matching
            began = time.perf_counter()
            await pilot.press("escape")
            while screen._filter_timer is not None:
                await pilot.pause(0.01)
            await pilot.pause()
            out["filter_clear_s"] = time.perf_counter() - began
        await client.aclose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=1000)
    parser.add_argument("--executions", type=int, default=100_000)
    args = parser.parse_args()
    figures = asyncio.run(measure(args.jobs, args.executions))
    width = max(len(k) for k in figures)
    for key, value in figures.items():
        shown = (
            f"{value:,.0f}"
            if key.endswith(("requests", "executions", "drawn", "matching", "unread"))
            else f"{value:.3f}"
        )
        print(f"{key:<{width}}  {shown}")


if __name__ == "__main__":
    main()
