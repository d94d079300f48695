"""``python -m benchmarks.soak``: dftui left open with live refresh while the server misbehaves.

A benchmark, not a test: for ``--duration`` seconds (default 600) the real app runs headless
against a live emulator in a child process (real clock, real HTTP on loopback, teammates' runs
starting every minute or so; a separate process, so the app's memory is measured alone) with a
2-second refresh. A seeded script walks every screen and dialog in turn
(dashboard, lists, details, an execution, help, JSON, watching, request log) and every
``--fault-every`` seconds turns a random fault on for a while: 5xx, 429, seconds of latency,
dropped connections, malformed bodies, clock skew, or the server killed and started again on
the same port with the same database (a restart, not a new account).

It prints, and writes as JSON with ``--json``:

* requests that reached the server(s), and how many the client sent;
* errors shown (error toasts) and the fault periods played;
* asyncio tasks and open client connections left at the end, compared with the start;
* resident memory (RSS) after a warm-up pass over every screen (each held past a refresh, so it
  has loaded and its modules and caches are in) and at the end (after a quiet minute on the
  dashboard): the target is growth under 10 %.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import multiprocessing
import random
import shutil
import sys
import tempfile
import time
import tracemalloc
from dataclasses import asdict, dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import httpx
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.widget import Widget

from dftui.api import DataFlowClient
from dftui.config import ResolvedConfig
from dftui.emulator import EmulatorServer
from dftui.emulator.faults import FaultConfig
from dftui.startup import pause_collector
from dftui.ui.app import DataFlowApp
from dftui.ui.widgets.status_line import StatusLine

REFRESH_S = 2.0
SETTLE_S = 65.0
"""The quiet end of the run, on the dashboard, before the last figures are taken."""
SIZE = (120, 40)
WARM_STEP_S = 3.0
"""The warm-up walk stays on each screen longer than a refresh interval, so every screen has
loaded and refreshed once (and its caches have filled) before the first figure is taken."""
FAULTS: dict[str, FaultConfig | None] = {
    "5xx": FaultConfig(error_rate=0.7, seed=1),
    "429": FaultConfig(throttle_burst_every=2),
    "latency": FaultConfig(latency_ms=3000),
    "drop": FaultConfig(drop_rate=0.6, seed=2),
    "malformed": FaultConfig(malformed_rate=0.6, seed=3),
    "clock-skew": FaultConfig(clock_skew_s=432),
    "restart": None,  # the server is stopped, then a new one starts on the same port and database
}
#: keys of one walk over every screen and dialog; each entry is pressed, then the app runs a while
WALK: list[tuple[str, ...]] = [
    ("1",),
    ("2",),
    ("enter",),
    ("J",),
    ("escape",),
    ("tab",),
    ("enter",),
    ("escape",),
    ("escape",),
    ("3",),
    ("down", "enter"),
    ("w",),
    ("escape",),
    ("4",),
    ("enter",),
    ("escape",),
    ("question_mark",),
    ("escape",),
    ("W",),
    ("escape",),
    ("L",),
    ("escape",),
]


def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def open_connections(client: DataFlowClient) -> int:
    """Connections in the client's pool (open or idle), from httpcore's own list."""
    transport: Any = client._http._transport
    pool = getattr(transport, "_pool", None)
    return len(getattr(pool, "connections", ()))


def serve_emulator(conn: Connection, seed: int) -> None:
    """The child process: one emulator at a time on one port, told what to do over ``conn``.

    Commands: ``("faults", FaultConfig | None)``, ``("stop",)``, ``("start",)`` (a new server on
    the same port with the same keys and the same database file: a restart, not a new account),
    ``("figures",)`` (requests received so far, RSS), ``("quit",)``.
    """
    folder = Path(tempfile.mkdtemp(prefix="dftui-soak-"))
    db_path = folder / "account.db"
    server = EmulatorServer(db_path=db_path, seed=seed, demo=True).start()
    port, access_key, secret_key = server.port, server.access_key, server.secret_key
    received = 0
    running = True
    conn.send((server.base_url, access_key, secret_key))
    while True:
        command, *args = conn.recv()
        if command == "faults":
            server.set_faults(args[0])
        elif command == "stop" and running:
            received += server.traffic.count()
            server.stop()
            running = False
        elif command == "start" and not running:
            server = EmulatorServer(
                db_path=db_path,
                seed=seed,
                demo=True,
                port=port,
                access_key=access_key,
                secret_key=secret_key,
            ).start()
            running = True
        elif command == "figures":
            conn.send((received + (server.traffic.count() if running else 0), rss_kib()))
        elif command == "quit":
            if running:
                server.stop()
            shutil.rmtree(folder, ignore_errors=True)
            conn.send("bye")
            return
        if command != "figures":
            conn.send("ok")


class Emulator:
    """The parent's handle on the child process (so the app's memory is measured alone)."""

    def __init__(self, seed: int) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=serve_emulator, args=(child, seed), daemon=True)
        self.process.start()
        self.base_url, self.access_key, self.secret_key = self.conn.recv()

    def ask(self, *command: Any) -> Any:
        self.conn.send(command)
        return self.conn.recv()

    def close(self) -> None:
        self.ask("quit")
        self.process.join(timeout=10)


class CountingLink(httpx.AsyncHTTPTransport):
    def __init__(self) -> None:
        super().__init__()
        self.sent = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.sent += 1
        return await super().handle_async_request(request)


@dataclass
class Figures:
    duration_s: float
    seed: int
    requests_received: int = 0
    requests_sent: int = 0
    error_toasts: int = 0
    stale_seen: int = 0
    faults_played: dict[str, int] = field(default_factory=dict)
    steps: int = 0
    tasks_start: int = 0
    tasks_warm: int = 0
    tasks_end: int = 0
    connections_start: int = 0
    connections_end: int = 0
    rss_start_kib: int = 0
    rss_warm_kib: int = 0
    rss_end_kib: int = 0
    #: RSS each minute of the run (after the warm-up walk): a leak grows steadily, a cache
    #: filling up levels off
    rss_by_minute_kib: list[int] = field(default_factory=list)
    #: the emulator runs in a child process, so its memory is not the app's
    emulator_rss_kib: int = 0
    crashed: str | None = None
    #: the most common asyncio task names at the end (a leak shows up here)
    tasks_by_name: dict[str, int] = field(default_factory=dict)
    screens_end: list[str] = field(default_factory=list)
    detached_widgets: dict[str, int] = field(default_factory=dict)
    live_widgets: int = 0
    #: objects the app froze out of the collector's reach when its first data frame was drawn
    #: (``dftui.startup``): 0 means start-up's collector pause did not run as in ``dftui``
    start_up_objects_frozen: int = 0

    @property
    def rss_growth(self) -> float:
        return (self.rss_end_kib - self.rss_warm_kib) / self.rss_warm_kib if self.rss_warm_kib else 0.0

    def lines(self) -> list[str]:
        faults = ", ".join(f"{name} x{count}" for name, count in sorted(self.faults_played.items()))
        return [
            f"soak: {self.duration_s:.0f} s, seed {self.seed}, refresh every {REFRESH_S:g} s, {self.steps} key steps",
            f"requests: {self.requests_received} reached the server(s), {self.requests_sent} sent by the client",
            f"errors shown: {self.error_toasts} error toasts; a stale status line seen {self.stale_seen} times",
            f"faults played: {faults or 'none'}",
            f"asyncio tasks: {self.tasks_start} at start, {self.tasks_warm} after the warm-up walk, "
            f"{self.tasks_end} at the end "
            f"(most common: {self.tasks_by_name}); screen stack at the end: {self.screens_end}",
            f"client connections: {self.connections_start} at start, {self.connections_end} at the end",
            f"widgets in memory but in no screen at the end: {self.detached_widgets or 'none'}",
            f"RSS: {self.rss_start_kib / 1024:.1f} MiB at start, {self.rss_warm_kib / 1024:.1f} MiB after the "
            f"warm-up walk, {self.rss_end_kib / 1024:.1f} MiB at the end: growth {self.rss_growth:+.1%} "
            f"(target under 10 %); the emulator process: {self.emulator_rss_kib / 1024:.1f} MiB",
            "RSS each minute (MiB): " + " ".join(f"{kib / 1024:.1f}" for kib in self.rss_by_minute_kib),
            f"start-up objects frozen (the collector paused until the first data frame, as in dftui): "
            f"{self.start_up_objects_frozen}",
            f"crash: {self.crashed or 'none'}",
        ]


class Soak:
    def __init__(self, duration: float, seed: int, fault_every: float, trace: bool = False) -> None:
        self.duration = duration
        self.trace = trace
        self.warm_snapshot: tracemalloc.Snapshot | None = None
        self.rng = random.Random(seed)
        self.fault_every = fault_every
        self.figures = Figures(duration_s=duration, seed=seed)
        self.emulator = Emulator(seed)
        self.link = CountingLink()
        self.client = DataFlowClient(
            base_url=self.emulator.base_url,
            access_key=self.emulator.access_key,
            secret_key=self.emulator.secret_key,
            timeout=5.0,
            transport=self.link,
        )
        config = ResolvedConfig.model_validate(
            {
                "profile_name": "soak",
                "api_url": self.emulator.base_url,
                "access_key": self.emulator.access_key,
                "secret_key": self.emulator.secret_key,
                "refresh_interval": REFRESH_S,
            }
        )
        self.app = DataFlowApp(config, self.client, demo=True)
        self.app.animation_level = "none"

    def hear(self, message: Any) -> None:
        if isinstance(message, Notify) and message.notification.severity == "error":
            self.figures.error_toasts += 1

    # ------------------------------------------------------------------ faults

    def fault_on(self, name: str) -> None:
        self.figures.faults_played[name] = self.figures.faults_played.get(name, 0) + 1
        if name == "restart":
            self.emulator.ask("stop")
        else:
            self.emulator.ask("faults", FAULTS[name])

    def fault_off(self, name: str) -> None:
        self.emulator.ask("start" if name == "restart" else "faults", None)

    # ------------------------------------------------------------------ the run

    async def walk_once(self, pilot: Pilot[Any], step_s: float) -> None:
        for step in WALK:
            await pilot.press(*step)
            self.figures.steps += 1
            await pilot.pause(step_s)
            self.note_stale()

    def note_stale(self) -> None:
        try:
            line = self.app.screen.query_one(StatusLine).render().plain
        except Exception:
            return
        if line.startswith(("stale: ", "failed: ")):
            self.figures.stale_seen += 1

    async def run(self) -> Figures:
        figures = self.figures
        pause_collector()  # as the dftui command starts: the first data frame resumes it
        async with self.app.run_test(size=SIZE, message_hook=self.hear) as pilot:
            await pilot.pause(1.0)
            figures.start_up_objects_frozen = gc.get_freeze_count()
            figures.rss_start_kib = rss_kib()
            figures.tasks_start = len(asyncio.all_tasks())
            figures.connections_start = open_connections(self.client)
            await self.walk_once(pilot, WARM_STEP_S)  # warm-up: every screen once, no faults
            gc.collect()
            if self.trace:
                self.warm_snapshot = tracemalloc.take_snapshot()
            figures.rss_warm_kib = rss_kib()
            figures.tasks_warm = len(asyncio.all_tasks())
            started = time.monotonic()
            next_fault = started + self.fault_every
            fault: str | None = None
            fault_ends = 0.0
            next_sample = started + 60.0
            while time.monotonic() - started < self.duration:
                for step in WALK:
                    if time.monotonic() - started >= self.duration:
                        break
                    now = time.monotonic()
                    if now >= next_sample:
                        figures.rss_by_minute_kib.append(rss_kib())
                        next_sample += 60.0
                    if fault is None and now >= next_fault:
                        fault = self.rng.choice(list(FAULTS))
                        await asyncio.to_thread(self.fault_on, fault)  # stopping a server blocks
                        fault_ends = now + self.rng.uniform(5.0, 20.0)
                    elif fault is not None and now >= fault_ends:
                        await asyncio.to_thread(self.fault_off, fault)
                        fault, next_fault = None, now + self.fault_every
                    await pilot.press(*step)
                    figures.steps += 1
                    await pilot.pause(self.rng.uniform(0.5, 3.0))
                    self.note_stale()
                    if not self.app.is_running:
                        figures.crashed = "the app stopped"
                        break
            if fault is not None:
                await asyncio.to_thread(self.fault_off, fault)
            await pilot.press("1")
            # on a healthy server, past the longest backoff: asyncio keeps a cancelled timer's
            # context (and so a closed view) until the time the timer was due
            await pilot.pause(SETTLE_S)
            gc.collect()
            figures.rss_end_kib = rss_kib()
            if self.warm_snapshot is not None:
                growth = tracemalloc.take_snapshot().compare_to(self.warm_snapshot, "lineno")
                print("largest growth since the warm-up walk (tracemalloc):")
                for stat in growth[:15]:
                    print(f"  {stat}")
            tasks = asyncio.all_tasks()
            figures.tasks_end = len(tasks)
            names: dict[str, int] = {}
            for task in tasks:
                name = task.get_coro().__qualname__ if task.get_coro() is not None else task.get_name()  # type: ignore[union-attr]
                names[name] = names.get(name, 0) + 1
            figures.tasks_by_name = dict(sorted(names.items(), key=lambda kv: -kv[1])[:8])
            figures.screens_end = [type(screen).__name__ for screen in self.app.screen_stack]
            gc.collect()
            # widgets still in memory but no longer in any screen: what a leak would look like
            orphans: dict[str, int] = {}
            for obj in gc.get_objects():
                if isinstance(obj, Widget) and not obj.is_attached:
                    orphans[type(obj).__name__] = orphans.get(type(obj).__name__, 0) + 1
            figures.detached_widgets = dict(sorted(orphans.items(), key=lambda kv: -kv[1])[:8])
            figures.live_widgets = sum(1 for _ in self.app.query("*")) + sum(
                1 for screen in self.app.screen_stack for _ in screen.query("*")
            )
            figures.connections_end = open_connections(self.client)
        figures.requests_received, figures.emulator_rss_kib = self.emulator.ask("figures")
        figures.requests_sent = self.link.sent
        self.emulator.close()
        return figures


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.soak", description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=600.0, help="seconds of soak (default 600)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--fault-every", type=float, default=30.0, help="seconds between faults (default 30)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument("--trace-memory", action="store_true", help="print where memory grew (slow)")
    args = parser.parse_args(argv)
    if args.trace_memory:
        tracemalloc.start(8)
    soak = Soak(args.duration, args.seed, args.fault_every, trace=args.trace_memory)
    try:
        figures = asyncio.run(soak.run())
    except Exception as error:  # a crash is a figure too
        soak.figures.crashed = f"{type(error).__name__}: {error}"
        figures = soak.figures
    for line in figures.lines():
        print(line)
    if args.json is not None:
        args.json.write_text(
            json.dumps(asdict(figures) | {"rss_growth": figures.rss_growth}, indent=2) + "\n"
        )
    return 0 if figures.crashed is None and figures.rss_growth < 0.10 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
