"""Measurement 6: the detail view of a huge job (100,000 parameters, a 10 MB description).

The job's answer is 13 MB. The app runs headless in a process of its own at 120x40, with a 2 s
refresh, against an emulator in a child process (:mod:`benchmarks.far_emulator`), so the figures
are the app's alone. Each sample is one such process:

* the time from opening the job until it is shown;
* the slowest key while the view refreshes itself three times (a key every 20 ms, timed from
  arrival until handled: :class:`benchmarks.loop_probes.KeyProbe`);
* the CPU time of the app's process over a window on that view (the emulator's is not counted).

Each is measured as the app is, and with the memo of repeated answers turned off
(:mod:`dftui.api.repeated_answers`: every refresh decodes and validates the 13 MB again), run
by run in turn. The key target is the oversized-data issue's: keys answered within 100 ms.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from typing import Any

from benchmarks.context import Context
from benchmarks.stats import Figure, Target, paired

GROUP = "6 huge job (13 MB) detail, 2 s refresh"
REFRESH_S = 2.0
KEYS_WINDOW_S = 3 * REFRESH_S + 0.5
"""Keys are typed over three refreshes."""
MEMO_OFF = "off"


async def _sample(memo: bool, window: float) -> dict[str, float]:
    from benchmarks.far_emulator import FarEmulator, make_oversized_job
    from benchmarks.loop_probes import KeyProbe
    from dftui.api import DataFlowClient, RetryPolicy
    from dftui.api.repeated_answers import RepeatedAnswers
    from dftui.config import ResolvedConfig
    from dftui.ui.app import DataFlowApp
    from dftui.ui.screens.job_detail import JobDetailScreen

    if not memo:
        RepeatedAnswers.recall = lambda _self, _target, _fingerprint: None  # type: ignore[method-assign,assignment]
    server = FarEmulator(make_oversized_job)
    try:
        config = ResolvedConfig.model_validate(
            {
                "profile_name": "bench",
                "api_url": server.base_url,
                "access_key": server.access_key,
                "secret_key": server.secret_key,
                "refresh_interval": REFRESH_S,
            }
        )
        client = DataFlowClient(
            base_url=server.base_url,
            access_key=server.access_key,
            secret_key=server.secret_key,
            retry=RetryPolicy(max_attempts=1),
            timeout=60.0,
        )
        app = DataFlowApp(config, client, demo=True)
        app.animation_level = "none"
        keys = KeyProbe()
        async with app.run_test(size=(120, 40), message_hook=keys.hear) as pilot:
            await pilot.pause(1.0)
            await app.workers.wait_for_complete()
            keys.attach(app)
            started = time.perf_counter()
            app.push_screen(JobDetailScreen(app.session, server.prepared, "huge"))
            screen = app.screen
            while getattr(screen, "resource", None) is None:
                await pilot.pause(0.01)
            opened = time.perf_counter() - started
            await pilot.pause(1.0)
            keys.start()
            await asyncio.sleep(KEYS_WINDOW_S)
            slowest_key, _ = keys.stop()
            keys.detach()
            cpu = time.process_time()
            await asyncio.sleep(window)
            used = time.process_time() - cpu
        await client.aclose()
    finally:
        server.stop()
    return {"open": opened, "key": slowest_key, "cpu": 100 * used / window}


def _run_sample(ctx: Context, memo: bool, results: list[dict[str, float]]) -> float:
    window = 12.0 if ctx.quick else 30.0
    command = [ctx.python, "-m", "benchmarks.huge_job", "on" if memo else MEMO_OFF, str(window)]
    done = subprocess.run(
        command, cwd=ctx.root, env=ctx.env(), capture_output=True, text=True, timeout=300, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return results[-1]["cpu"]


def measure(ctx: Context) -> tuple[list[Figure], dict[str, object]]:
    memo: list[dict[str, float]] = []
    parsed_again: list[dict[str, float]] = []
    paired(ctx.runs, lambda: _run_sample(ctx, True, memo), lambda: _run_sample(ctx, False, parsed_again))

    def figure(name: str, unit: str, field: str, rows: list[dict[str, float]], target: Any = None) -> Figure:
        return Figure(GROUP, name, unit, [row[field] for row in rows], target)

    key_target = Target(0.1, "≤ 0.1 s")
    return [
        figure("opened until shown", "s", "open", memo),
        figure("slowest key over 3 refreshes", "s", "key", memo, key_target),
        figure("… parsing every refresh again (memo off)", "s", "key", parsed_again, key_target),
        figure("CPU on the view", "% CPU", "cpu", memo),
        figure("… parsing every refresh again (memo off)", "% CPU", "cpu", parsed_again),
    ], {}


if __name__ == "__main__":
    print(json.dumps(asyncio.run(_sample(sys.argv[1] != MEMO_OFF, float(sys.argv[2])))))
