"""The fault suite: every kind of fault, on the app's screens, against a live emulator.

The default run plays each fault once, on screens in turn (about a minute); ``pytest -m fault``
plays every fault on every screen. ``FAULT_MATRIX_OUT=<file>`` appends one JSON line per
case (fault, screen, what the status line said, request rates) for the fault matrix.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from dftui.emulator import EmulatorServer
from dftui.ui import backoff
from tests.faults.harness import (
    CASES,
    FAILING_S,
    POLL_S,
    SCREENS,
    TEST_BACKOFF,
    Bench,
    FaultCase,
    FaultLink,
    ScreenPath,
    new_bench_app,
    open_screen,
    run_case,
)
from tests.ui.conftest import SIZE

pytestmark = pytest.mark.fault


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "case" not in metafunc.fixturenames:
        return
    full = "fault" in (metafunc.config.getoption("markexpr") or "")
    pairs = (
        [(path, case) for path in SCREENS for case in CASES]
        if full
        else [(SCREENS[index % len(SCREENS)], case) for index, case in enumerate(CASES)]
    )
    metafunc.parametrize(("path", "case"), pairs, ids=[f"{c}-on-{p}".replace(" ", "-") for p, c in pairs])


async def test_fault_is_survived_told_truthfully_and_recovered_from(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch, path: ScreenPath, case: FaultCase
) -> None:
    for name, value in TEST_BACKOFF.items():
        monkeypatch.setattr(backoff, name, value)
    link = FaultLink()
    app = new_bench_app(emulator, link)
    bench = Bench(emulator, app, None, link)  # type: ignore[arg-type]
    try:
        async with app.run_test(size=SIZE, message_hook=bench.hear) as pilot:
            bench.pilot = pilot
            await open_screen(bench, path)
            outcome = await run_case(bench, case)
    finally:
        for server in bench.replaced:
            server.stop()
    matrix = os.environ.get("FAULT_MATRIX_OUT")
    if matrix:
        line = json.dumps({"fault": case.name, "screen": path.name, **vars(outcome)})
        with Path(matrix).open("a", encoding="utf-8") as out:  # noqa: ASYNC230 - one line, at the end
            out.write(line + "\n")
    assert outcome.max_in_flight <= 1, "never the same request twice at once (no overlapping polls)"
    assert outcome.failing_rate < outcome.healthy_rate, (
        f"fewer requests while failing: {outcome.failing_rate:.1f}/s vs {outcome.healthy_rate:.1f}/s healthy"
    )
    assert outcome.failing_sent_rate < outcome.healthy_rate, "the client also asks less often"
    if case.failing:
        assert outcome.failed_polls >= 3, "the fault lasted several polls"
        unbacked = FAILING_S / POLL_S  # polls in the window without any backoff
        assert outcome.window_polls <= unbacked / 2, (
            f"{outcome.window_polls} polls in {FAILING_S:g}s: no backoff"
        )
        # one toast per distinct error (the 5xx case draws two: 503 and 504), then only the status line
        assert 1 <= outcome.toasts <= 2, f"{outcome.toasts} toasts for {outcome.failed_polls} failed polls"
