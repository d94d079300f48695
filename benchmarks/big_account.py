"""Measurement 4: the jobs list of a big account (10,000 jobs, 2,000 workflows, 500 triggers,
100,000 executions), with the emulator answering at once and with 80 ms added to every answer.

Each run is a fresh ``python -m benchmarks.big_account --db PATH --latency-ms MS`` process: the
real app, headless at 120x40, against the benchmark emulator in another process over loopback
HTTP, started on the jobs list. It prints one JSON line: the seconds from starting the app until
all 10,000 jobs are in the table and drawn, each filter key's time until its result is drawn (including the list's wait
for typing to settle on big accounts), the time to erase the filter
until every job is back and drawn, and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.context import Context
from benchmarks.emulator import BIG, emulator
from benchmarks.stats import Figure, Target, percentile

GROUP = "4 big account"
FILTER = "refunds"
JOBS = BIG["jobs"]


async def _run(base_url: str, access_key: str, secret_key: str) -> dict[str, Any]:
    from dftui.api import DataFlowClient
    from dftui.config import ResolvedConfig
    from dftui.ui.app import DataFlowApp
    from dftui.ui.screens.jobs import JobsScreen

    config = ResolvedConfig.model_validate(
        {
            "profile_name": "bench",
            "api_url": base_url,
            "access_key": access_key,
            "secret_key": secret_key,
            "refresh_interval": 3600.0,
        }
    )

    class JobsFirst(DataFlowApp):
        """Starts on the jobs list: the dashboard (built first otherwise) would read every job's
        executions meanwhile, which is not what this measures."""

        DEFAULT_MODE = "jobs"
        CSS_PATH = str(Path(sys.modules[DataFlowApp.__module__].__file__ or "").with_name("app.tcss"))

    client = DataFlowClient(base_url, access_key, secret_key)
    app = JobsFirst(config, client, initial_mode="jobs")
    started = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:
        while not isinstance(app.screen, JobsScreen) or app.screen.table.row_count < JOBS:
            await pilot.pause(0.005)
        await pilot.pause()
        load = time.perf_counter() - started
        screen = app.screen
        assert isinstance(screen, JobsScreen)

        expected = {}
        for length in range(len(FILTER) + 1):
            screen.filter_text = FILTER[:length]
            expected[length] = len(screen.visible_rows())
        screen.filter_text = ""

        await pilot.press("slash")
        await pilot.pause()
        keys: list[float] = []
        for length, key in enumerate(FILTER, start=1):
            before = time.perf_counter()
            await pilot.press(key)
            # applied: the table has the rows and the status line names this very filter
            shown = f"filter “{FILTER[:length]}”"
            while screen.table.row_count != expected[length] or shown not in screen.status_line.summary:
                await pilot.pause(0.002)
            await pilot.pause()
            keys.append(time.perf_counter() - before)

        started = time.perf_counter()
        for _ in FILTER:
            await pilot.press("backspace")
        while screen.table.row_count != JOBS:
            await pilot.pause(0.002)
        await pilot.pause()
        erase = time.perf_counter() - started
    return {
        "load": load,
        "keys": keys,
        "shown": expected[len(FILTER)],
        "erase": erase,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _one_run(ctx: Context, db: Path, latency_ms: float) -> dict[str, Any]:
    with emulator(big=True, latency_ms=latency_ms, db=db, cwd=ctx.root) as emu:
        done = subprocess.run(
            [ctx.python, "-m", "benchmarks.big_account", emu.base_url],
            env=ctx.env(emu.env()),
            cwd=ctx.root,
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def prepare(ctx: Context) -> Path:
    """Seed the big account once (about 10 s); every run reads the same frozen database."""
    db = ctx.home / "big-account.db"
    if not db.exists():
        with emulator(big=True, db=db, cwd=ctx.root):
            pass
    return db


def measure(ctx: Context) -> tuple[list[Figure], dict[str, object]]:
    db = prepare(ctx)
    results: dict[float, list[dict[str, Any]]] = {0.0: [], 80.0: []}
    for run in range(ctx.runs):
        for latency in (0.0, 80.0) if run % 2 == 0 else (80.0, 0.0):
            results[latency].append(_one_run(ctx, db, latency))
    figures = []
    for latency, runs in results.items():
        figures.append(
            Figure(
                GROUP,
                f"all {JOBS:,} jobs visible, latency {latency:g} ms",
                "s",
                [r["load"] for r in runs],
                Target(1.5, "≤ 1.5 s"),
            )
        )
    fast = results[0.0]
    keys = [[r["keys"][i] for r in fast] for i in range(len(FILTER))]
    figures += [
        Figure(
            GROUP,
            f"filter key p50 (typing {FILTER!r})",
            "s",
            [percentile(r["keys"], 0.5) for r in fast],
            Target(0.05, "≤ 50 ms"),
        ),
        Figure(
            GROUP, "filter key p95", "s", [percentile(r["keys"], 0.95) for r in fast], Target(0.05, "≤ 50 ms")
        ),
        Figure(GROUP, "erase the filter", "s", [r["erase"] for r in fast], Target(0.3, "≤ 0.3 s")),
        Figure(
            GROUP,
            "peak RSS of the app",
            "MB",
            [r["rss_mb"] for runs in results.values() for r in runs],
            Target(250, "≤ 250 MB"),
        ),
    ]
    details = {
        "each filter key, median over runs (s)": [sorted(k)[len(k) // 2] for k in keys],
        "jobs matching the filter": fast[0]["shown"] if fast else None,
    }
    return figures, details


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.big_account")
    parser.add_argument("base_url")
    args = parser.parse_args(argv)
    from benchmarks.emulator import ACCESS_KEY, SECRET_KEY

    print(json.dumps(asyncio.run(_run(args.base_url, ACCESS_KEY, SECRET_KEY))), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
