"""Measurement 7: keys on a big account while the dashboard reads the account's executions.

The other big-account figures start on the jobs list, so the dashboard never reads the account's
100,000 executions. A person starts on the dashboard, then goes to Jobs while that read goes on
(it takes minutes on this account) and the heap grows past a million objects. Each run is a fresh
``python -m benchmarks.stalls BASE_URL`` process: the real app, headless at 120x40, started as
the ``dftui`` command starts it (the collector paused until the first data frame), against the
big benchmark emulator in another process. Once the dashboard shows its first data, it stays
on screen for ``DASHBOARD_S`` while its read goes on (a key every 0.5 s, so the collector counts
somebody there); then Jobs is opened; when all 10,000 jobs are listed, a cursor key is sent every 0.5 s for ``ACTIVE_S`` and
each is timed until the frame that shows the cursor on its new row; then nothing is sent for
``IDLE_S``; once the account's read has ended, Runs is opened and timed until its rows are
drawn. Throughout, :class:`benchmarks.loop_probes.LagProbe` ticks every 10 ms on the UI
loop (its longest gap, less the 10 ms, is the longest stall), and the collector's full passes
are timed.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import resource
import sys
import time
from collections.abc import Callable
from typing import Any

from benchmarks.big_account import JOBS, Frames, prepare, run_on_big_account
from benchmarks.context import Context
from benchmarks.emulator import ACCESS_KEY, SECRET_KEY
from benchmarks.loop_probes import LagProbe
from benchmarks.stats import Figure, Target, percentile

GROUP = "7 keys while a big account's executions are read"
DASHBOARD_S = 20.0
ACTIVE_S = 40.0
KEY_EVERY_S = 0.5
IDLE_S = 20.0
PROBE_S = 0.01


class FullPassTimes:
    """Start and length of each full collection (generation 2), as the collector reports them."""

    def __init__(self) -> None:
        self.passes: list[tuple[float, float]] = []
        self._began = 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict[str, Any]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self._began = time.perf_counter()
        else:
            self.passes.append((self._began, time.perf_counter() - self._began))

    def within(self, start: float, end: float) -> list[float]:
        return [length for at, length in self.passes if start <= at <= end]


def _cursor_on(table: Any, row: int) -> Callable[[], bool]:
    return lambda: bool(table.cursor_row == row)


async def _run(base_url: str) -> dict[str, Any]:
    from dftui.api import DataFlowClient
    from dftui.config import ResolvedConfig
    from dftui.startup import pause_collector
    from dftui.ui.app import DataFlowApp
    from dftui.ui.screens.jobs import JobsScreen
    from dftui.ui.screens.runs import RunsScreen
    from dftui.ui.session import session_of
    from dftui.ui.widgets.status_line import StatusLine

    pause_collector()  # as the dftui command does: resumed at the first data frame
    config = ResolvedConfig.model_validate(
        {"profile_name": "bench", "api_url": base_url, "access_key": ACCESS_KEY, "secret_key": SECRET_KEY}
    )
    app = DataFlowApp(config, DataFlowClient(base_url, ACCESS_KEY, SECRET_KEY))
    app.animation_level = "none"
    frames = Frames(app)
    passes = FullPassTimes()
    probe = LagProbe()
    async with app.run_test(size=(120, 40)):
        app.set_interval(PROBE_S, probe.tick)

        def dashboard_shown() -> bool:
            lines = app.screen.query(StatusLine)
            return (
                getattr(app.screen, "screen_title", "") == "Dashboard"
                and bool(lines)
                and lines.first().has_data
            )

        await frames.drawn(dashboard_shown)
        probe.reset()
        shown_from = time.perf_counter()
        while time.perf_counter() - shown_from < DASHBOARD_S:
            frames.press("down")  # scrolls the dashboard, if it has more than the screen
            await asyncio.sleep(KEY_EVERY_S)
        stall_dashboard = max(0.0, probe.worst - PROBE_S)
        frames.press("3")
        # the rows are built under the loading indicator as the pages come: keys move the cursor
        # once it is gone
        await frames.drawn(
            lambda: (
                isinstance(app.screen, JobsScreen)
                and app.screen.table.row_count >= JOBS
                and not app.screen.table.loading
            )
        )
        screen = app.screen
        assert isinstance(screen, JobsScreen)
        table = screen.table
        active_from = time.perf_counter()
        probe.reset()
        keys: list[float] = []
        while time.perf_counter() - active_from < ACTIVE_S:
            sent = time.perf_counter()
            frames.press("down")
            keys.append(await frames.drawn(_cursor_on(table, table.cursor_row + 1)) - sent)
            await asyncio.sleep(max(0.0, sent + KEY_EVERY_S - time.perf_counter()))
        active_to = time.perf_counter()
        stall_active = max(0.0, probe.worst - PROBE_S)  # the longest gap between ticks, less the tick
        probe.reset()
        await asyncio.sleep(IDLE_S)
        idle_to = time.perf_counter()
        stall_idle = max(0.0, probe.worst - PROBE_S)
        # the account's whole read (joined if it is still going), then the Runs screen over it all
        await session_of(app).runs.refresh()
        probe.reset()
        sent = time.perf_counter()
        frames.press("5")
        runs_shown = (
            await frames.drawn(
                lambda: (
                    isinstance(app.screen, RunsScreen)
                    and app.screen.table.row_count > 0
                    and not app.screen.table.loading
                )
            )
            - sent
        )
        stall_runs = max(0.0, probe.worst - PROBE_S)
        tracked = len(gc.get_objects())
    return {
        "keys": keys,
        "stall_dashboard": stall_dashboard,
        "stall_active": stall_active,
        "stall_idle": stall_idle,
        "runs_shown": runs_shown,
        "stall_runs": stall_runs,
        "full_passes_active": passes.within(active_from, active_to),
        "full_passes_idle": passes.within(active_to, idle_to),
        "tracked_objects": tracked,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def measure(ctx: Context) -> tuple[list[Figure], dict[str, object]]:
    db = prepare(ctx)
    runs = [run_on_big_account(ctx, db, "benchmarks.stalls", timeout=600) for _ in range(ctx.runs)]
    figures = [
        Figure(GROUP, "cursor key to frame, p50", "s", [percentile(r["keys"], 0.5) for r in runs]),
        Figure(GROUP, "cursor key to frame, p99", "s", [percentile(r["keys"], 0.99) for r in runs]),
        Figure(
            GROUP, "cursor key to frame, slowest", "s", [max(r["keys"]) for r in runs], Target(0.1, "≤ 0.1 s")
        ),
        Figure(
            GROUP,
            f"longest stall of the UI loop, the first {DASHBOARD_S:g} s on the dashboard",
            "s",
            [r["stall_dashboard"] for r in runs],
        ),
        Figure(
            GROUP,
            f"longest stall of the UI loop, keys every {KEY_EVERY_S:g} s",
            "s",
            [r["stall_active"] for r in runs],
        ),
        Figure(
            GROUP,
            f"longest stall of the UI loop, the {IDLE_S:g} s without keys",
            "s",
            [r["stall_idle"] for r in runs],
        ),
        Figure(
            GROUP,
            "Runs opened once the read ended, until its rows are drawn",
            "s",
            [r["runs_shown"] for r in runs],
        ),
        Figure(GROUP, "longest stall of the UI loop while Runs opens", "s", [r["stall_runs"] for r in runs]),
        Figure(
            GROUP, "full collections while keys come", "passes", [len(r["full_passes_active"]) for r in runs]
        ),
        Figure(
            GROUP,
            "longest full collection",
            "s",
            [max(r["full_passes_active"] + r["full_passes_idle"], default=0.0) for r in runs],
        ),
        Figure(
            GROUP, "objects the collector tracks at the end", "objects", [r["tracked_objects"] for r in runs]
        ),
        Figure(GROUP, "peak RSS of the app", "MB", [r["rss_mb"] for r in runs]),
    ]
    details: dict[str, object] = {
        "keys per run": [len(r["keys"]) for r in runs],
        "full collections per run, while keys came (s)": [r["full_passes_active"] for r in runs],
        "full collections per run, without keys (s)": [r["full_passes_idle"] for r in runs],
    }
    return figures, details


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.stalls")
    parser.add_argument("base_url")
    args = parser.parse_args(argv)
    print(json.dumps(asyncio.run(_run(args.base_url))), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
