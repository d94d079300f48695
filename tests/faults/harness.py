"""The fault bench: the app on one screen, a live emulator whose faults switch while it runs.

Each :class:`FaultCase` turns one kind of fault on and off and names what the user must see
while it lasts. :func:`run_case` plays the same script for every case on every screen:

1. healthy: poll fast (``POLL_S``) and count the requests that reach the server (the best of
   two windows);
2. fault on: wait for the case's message on screen, check the last good data is still shown
   and marked stale (or, for latency, "refreshing…"), then count requests again;
3. fault off: wait for the screen to recover by itself, no key pressed.

Requests are counted on the server (:class:`dftui.emulator.faults.Traffic`), which also
records the most requests in flight at once per request target (no overlapping polls).
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from textual.notifications import Notify
from textual.pilot import Pilot

from dftui.emulator import EmulatorServer, ManualClock
from dftui.emulator.faults import FaultConfig
from dftui.ui.app import DataFlowApp
from dftui.ui.screens.base import DataScreen
from dftui.ui.screens.resource_list import ResourceListScreen
from dftui.ui.widgets.status_line import StatusLine
from tests.emulator_fixtures import EMULATOR_SEED, EMULATOR_START
from tests.ui.conftest import keys, make_app, make_client, settle
from tests.ui.pages import screen_text

POLL_S = 0.1
"""Refresh interval of the screen under test (real seconds)."""
HEALTHY_S = 1.0
HEALTHY_WINDOWS = 2
FAILING_S = 1.5
WAIT_S = 15.0
"""Longest wait for a message or a recovery (generous: the CI box has two busy cores)."""
TEST_BACKOFF = {"AUTH_STEPS": (0.2, 0.5, 1.0), "MAX_BACKOFF_S": 1.0}
"""The backoff policy scaled down (5/15/60 s become 0.2/0.5/1 s), so recovery fits a test."""


class FaultLink(httpx.AsyncHTTPTransport):
    """Real HTTP; with ``bad_signature`` set, every request is signed with the wrong secret."""

    def __init__(self) -> None:
        super().__init__()
        self.bad_signature = False
        self.sent: list[float] = []
        """When each request was sent (the client's side of the count: a stopped server sees none)."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(time.monotonic())
        if self.bad_signature:
            request.headers["x-ncp-apigw-signature-v2"] = "d3Jvbmcgc2lnbmF0dXJl"
        return await super().handle_async_request(request)


@dataclass
class Bench:
    server: EmulatorServer
    app: DataFlowApp
    pilot: Pilot[Any]
    link: FaultLink
    replaced: list[EmulatorServer] = field(default_factory=list)
    #: every error toast, as the app posted it (``run_test(message_hook=bench.hear)``)
    toasts: list[str] = field(default_factory=list)

    def hear(self, message: Any) -> None:
        if isinstance(message, Notify) and message.notification.severity == "error":
            self.toasts.append(message.notification.message)

    @property
    def screen(self) -> DataScreen[Any]:
        screen = self.app.screen
        assert isinstance(screen, DataScreen), f"not on a data screen: {screen!r}"
        return screen

    def status(self) -> str:
        return self.screen.query_one(StatusLine).render().plain

    def text(self) -> str:
        return screen_text(self.app)

    def restart_server(self) -> None:
        """A new server on the same port with the same keys and data, as after a redeploy."""
        old = self.server
        new = EmulatorServer(
            db_path=":memory:",
            seed=EMULATOR_SEED,
            clock=ManualClock(EMULATOR_START),
            demo=True,
            port=old.port,
            access_key=old.access_key,
            secret_key=old.secret_key,
        )
        new.start()
        self.replaced.append(new)
        self.server = new


@dataclass(frozen=True)
class FaultCase:
    name: str
    on: Callable[[Bench], None]
    off: Callable[[Bench], None]
    #: what the status line says while the fault lasts (a regular expression)
    says: str
    #: False for latency: answers are slow, not failing
    failing: bool = True

    def __str__(self) -> str:
        return self.name


def _faults(config: FaultConfig) -> Callable[[Bench], None]:
    return lambda bench: bench.server.set_faults(config)


def _no_faults(bench: Bench) -> None:
    bench.server.set_faults(None)


def _bad_key(on: bool) -> Callable[[Bench], None]:
    def switch(bench: Bench) -> None:
        bench.link.bad_signature = on

    return switch


CASES = [
    FaultCase(
        "5xx",
        _faults(FaultConfig(error_rate=1.0)),
        _no_faults,
        r"could not reach the Data Flow service \(Endpoint Error\)|did not answer in time \(Endpoint Timeout\)",
    ),
    FaultCase(
        "429",
        _faults(FaultConfig(throttle_burst_every=1)),
        _no_faults,
        r"Too many requests: the API Gateway is rate-limiting",
    ),
    FaultCase("latency", _faults(FaultConfig(latency_ms=2500)), _no_faults, r"^refreshing… ", failing=False),
    FaultCase("drop", _faults(FaultConfig(drop_rate=1.0)), _no_faults, r"The answer was cut off"),
    FaultCase("malformed", _faults(FaultConfig(malformed_rate=1.0)), _no_faults, r"is not valid JSON"),
    FaultCase(
        "clock-skew",
        _faults(FaultConfig(clock_skew_s=7 * 60 + 12)),
        _no_faults,
        r"this machine's clock is 7m12s behind the server",
    ),
    FaultCase(
        "wrong-key",
        _bad_key(True),
        _bad_key(False),
        r"access key or secret key is wrong \(this machine's clock agrees",
    ),
    FaultCase("restart", lambda b: b.server.stop(), Bench.restart_server, r"Could not reach 127\.0\.0\.1"),
]


# ------------------------------------------------------------------ screens


async def _first_row(bench: Bench) -> None:
    await keys(bench.pilot, "enter")


@dataclass(frozen=True)
class ScreenPath:
    """How to reach a screen from the start (keys, then an optional step)."""

    name: str
    keys: tuple[str, ...]
    then: Callable[[Bench], Awaitable[None]] | None = None

    def __str__(self) -> str:
        return self.name


async def _open_execution(bench: Bench) -> None:
    table: Any = bench.app.screen.query_one("#executions")
    table.focus()
    running = [key for key, e in table.executions.items() if not e.is_final]
    assert running, "the demo account has a running execution at the frozen start time"
    while table.cursor_key != running[0]:
        await keys(bench.pilot, "down")
    await keys(bench.pilot, "enter")


SCREENS = [
    ScreenPath("dashboard", ("1",)),
    ScreenPath("workflows", ("2",)),
    ScreenPath("jobs", ("3",)),
    ScreenPath("triggers", ("4",)),
    ScreenPath("workflow detail", ("2",), _first_row),
    ScreenPath("job detail", ("3",), _first_row),
    ScreenPath("trigger detail", ("4",), _first_row),
]


def marker(bench: Bench) -> str:
    """Something of the last good data that must stay on screen through the fault."""
    screen: Any = bench.screen
    if isinstance(screen, ResourceListScreen):
        key = screen.table.row_keys_in_order()[0]
        return str(screen.items[key].name)
    for attribute in ("resource", "trigger", "execution"):
        value = getattr(screen, attribute, None)
        if value is not None:
            return str(getattr(value, "name", None) or getattr(value, "job_execution_id", ""))
    return "Last 7 days"  # the dashboard's table


# ------------------------------------------------------------------ the script


async def until(bench: Bench, what: str, condition: Callable[[], bool], within: float = WAIT_S) -> float:
    """Wait (polling the screen, never a fixed sleep) until ``condition``; return the time taken."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > within:
            raise AssertionError(f"{what} not seen within {within:g}s; status line: {bench.status()!r}")
        await bench.pilot.pause(0.02)
    return time.monotonic() - started


async def requests_during(bench: Bench, seconds: float) -> tuple[float, float]:
    """Requests per second over the next ``seconds``: reaching the server, and sent by the client."""
    start = time.monotonic()
    await asyncio.sleep(seconds)
    end = time.monotonic()
    sent = sum(1 for at in bench.link.sent if start <= at < end)
    return bench.server.traffic.count(start, end) / seconds, sent / seconds


async def open_screen(bench: Bench, path: ScreenPath) -> None:
    await keys(bench.pilot, *path.keys)
    if path.then is not None:
        await path.then(bench)
    await settle(bench.pilot)
    bench.screen.poll_interval = POLL_S
    await keys(bench.pilot, "r")  # re-arms the poll at the new interval


@dataclass
class Outcome:
    """What one case did, for the fault matrix."""

    seen: str
    healthy_rate: float
    failing_rate: float
    #: requests the client sent per second while failing (the server may be down)
    failing_sent_rate: float
    recovered_after: float
    max_in_flight: int
    #: failed polls while the fault lasted, those in the measured window, and the error toasts
    failed_polls: int
    window_polls: int
    toasts: int


async def run_case(bench: Bench, case: FaultCase) -> Outcome:
    screen = bench.screen
    kept = marker(bench)
    # the best of two healthy windows: on a CI box with every core busy, one second can pass
    # with a single poll (5/s against 40/s), which is no measure of what the screen asks
    healthy = max([(await requests_during(bench, HEALTHY_S))[0] for _ in range(HEALTHY_WINDOWS)])
    toasts_before = len(bench.toasts)
    case.on(bench)
    pattern = re.compile(case.says)
    await until(bench, f"{case.name} message {case.says!r}", lambda: bool(pattern.search(bench.status())))
    seen = bench.status()
    assert bench.app.is_running and bench.app.screen is screen, "no crash, no screen change"
    assert kept in bench.text(), f"the last good data ({kept!r}) stays on screen"
    if case.failing:
        assert seen.startswith("stale: "), seen
        assert "r retries now" in seen, seen
    else:
        assert "loading" not in seen, f"a slow refresh of rows on screen is not a first load: {seen}"
    polls_before = screen.failures
    failing, sent = await requests_during(bench, FAILING_S)
    assert bench.app.is_running
    failed_polls, toasts = screen.failures, len(bench.toasts) - toasts_before
    window_polls = failed_polls - polls_before
    case.off(bench)

    def recovered() -> bool:
        status = bench.status()
        return not status.startswith(("stale: ", "refreshing… ", "failed: "))

    took = await until(bench, f"recovery from {case.name}", recovered)
    assert kept in bench.text()
    traffic = [bench.server.traffic, *(s.traffic for s in bench.replaced if s is not bench.server)]
    in_flight = max((max(t.max_in_flight.values(), default=0) for t in traffic), default=0)
    crowded = [path for t in traffic for path, most in t.max_in_flight.items() if most > 1]
    assert in_flight <= 1, f"more than one request in flight at once for {crowded}"
    return Outcome(seen, healthy, failing, sent, took, in_flight, failed_polls, window_polls, toasts)


def new_bench_app(server: EmulatorServer, link: FaultLink) -> DataFlowApp:
    client = make_client(server, transport=link)
    return make_app(server, client=client)
