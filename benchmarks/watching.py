"""Measurements 2 and 5: what watching a screen costs, in CPU and in requests.

One ``dftui --refresh 2`` runs in a real terminal against the benchmark emulator, first with a
frozen clock (nothing changes: idle) and then with 20 executions RUNNING on one job (real clock).
On each main screen and on that job's detail view it settles, then reads the app process's CPU
time from /proc/<pid>/stat over the window (60 s, in slices: the figure's samples) and the
emulator's request counts over the same window.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable

from benchmarks.context import Context
from benchmarks.emulator import Emulator, emulator
from benchmarks.startup import DATA_MARKER
from benchmarks.stats import Figure, Target
from benchmarks.terminal import Pane, cpu_seconds, pane

CPU_GROUP = "2 CPU while watching"
REQUEST_GROUP = "5 requests in steady state"
REFRESH_S = 2.0
SETTLE_S = 4.0
RUNNING = 20

#: the endpoints each screen reads itself; a request to any other is a hidden screen polling.
#: The dashboard's cards ("Running now", "Recent failures", the period cards) come from the
#: session's Runs service: the jobs list, the executions of jobs that changed, and the workflows
#: (for grouping, and with the triggers for "next up") after a write. The triggers list reads
#: the workflows for its "used by" column (on show, r, a write, else once a minute).
OWN_ENDPOINTS: dict[str, str] = {
    "dashboard": (
        r"^GET /api/v1/(stats/|jobs$|jobs/\{id\}/executions$|workflows$|workflows/\{id\}/executions$"
        r"|triggers$)"
    ),
    "workflows": r"^GET /api/v1/workflows$",
    "jobs": r"^GET /api/v1/jobs$",
    "triggers": r"^GET /api/v1/(triggers|workflows)$",
    "job detail": r"^GET /api/v1/jobs/\{id\}(/executions)?$",
}
#: list calls per refresh on each screen: one per visible table (the dashboard's two card
#: tables share one read of the jobs list, plus the executions of jobs that changed)
TABLES = {"dashboard": 2, "workflows": 1, "jobs": 1, "triggers": 1, "job detail": 1}
LIST_CALL = re.compile(r"^GET /api/v1/(workflows|jobs|triggers)$|^GET /api/v1/\w+/\{id\}/executions$")


def _open_job(emu: Emulator) -> Callable[[Pane], None]:
    def keys(running: Pane) -> None:
        running.keys("3")
        time.sleep(1.5)
        running.keys("/")
        time.sleep(0.3)
        running.keys(emu.job_name, literal=True)
        time.sleep(0.5)
        running.keys("Enter")
        time.sleep(0.3)
        running.keys("Enter")

    return keys


def _screens(emu: Emulator) -> list[tuple[str, Callable[[Pane], None]]]:
    def press(key: str) -> Callable[[Pane], None]:
        return lambda running: running.keys(key)

    return [
        ("dashboard", press("1")),
        ("workflows", press("2")),
        ("jobs", press("3")),
        ("triggers", press("4")),
        ("job detail", _open_job(emu)),
    ]


def _watch(running: Pane, emu: Emulator, window: float, slices: int) -> tuple[list[float], Counter[str]]:
    """CPU % of one core in each slice of ``window``, and the requests made over the window."""
    pid = running.pid
    before = emu.counts()
    shares: list[float] = []
    cpu, started = cpu_seconds(pid), time.monotonic()
    for _ in range(slices):
        time.sleep(window / slices)
        now_cpu, now = cpu_seconds(pid), time.monotonic()
        shares.append(100 * (now_cpu - cpu) / (now - started))
        cpu, started = now_cpu, now
    after = emu.counts()
    after.subtract(before)
    return shares, +after


def measure(ctx: Context) -> tuple[list[Figure], dict[str, object]]:
    window = 12.0 if ctx.quick else 60.0
    slices = max(ctx.runs, 6)
    figures: list[Figure] = []
    details: dict[str, object] = {}
    for condition, running_count in (("idle", 0), (f"{RUNNING} RUNNING", RUNNING)):
        limit = 2.0 if running_count == 0 else 5.0
        with emulator(frozen=running_count == 0, running=running_count, cwd=ctx.root) as emu:
            command = [*ctx.dftui, "--refresh", f"{REFRESH_S:g}"]
            with pane(command, ctx.env(emu.env()), ctx.root) as running:
                running.wait_for(DATA_MARKER, timeout=60)
                for screen, go in _screens(emu):
                    go(running)
                    time.sleep(SETTLE_S)
                    shares, requests = _watch(running, emu, window, slices)
                    figures.append(
                        Figure(
                            CPU_GROUP,
                            f"{screen}, {condition}",
                            "% CPU",
                            shares,
                            Target(limit, f"≤ {limit:g} %"),
                        )
                    )
                    if running_count == 0:
                        figures += _request_figures(screen, requests, window)
                    details[f"requests on {screen}, {condition} (over {window:g} s)"] = dict(requests)
    return figures, details


def _request_figures(screen: str, requests: Counter[str], window: float) -> list[Figure]:
    per_minute = 60.0 / window
    own = re.compile(OWN_ENDPOINTS[screen])
    total = sum(requests.values()) * per_minute
    lists = sum(n for endpoint, n in requests.items() if LIST_CALL.match(endpoint)) * per_minute
    hidden = sum(n for endpoint, n in requests.items() if not own.match(endpoint)) * per_minute
    expected = TABLES[screen] * 60.0 / REFRESH_S
    return [
        Figure(REQUEST_GROUP, f"{screen}: all requests", "per min", [total]),
        Figure(
            REQUEST_GROUP,
            f"{screen}: list calls ({TABLES[screen]} visible table(s))",
            "per min",
            [lists],
            Target(expected + 1, f"≤ {expected:g} (+1)"),
        ),
        Figure(REQUEST_GROUP, f"{screen}: requests of hidden screens", "per min", [hidden], Target(0, "0")),
    ]
