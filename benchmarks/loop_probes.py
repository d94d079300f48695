"""Probes of an app's event loop, for the oversized-job test and benchmark.

Both run the app in this process and an emulator in a child process
(:mod:`benchmarks.far_emulator`), so what is measured is the app's loop alone.
"""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

from textual import events
from textual.message import Message


class LagProbe:
    """Ticks every 10 ms on the UI loop and remembers the longest gap."""

    def __init__(self) -> None:
        self.last = time.perf_counter()
        self.worst = 0.0

    def tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self.last)
        self.last = now

    def reset(self) -> None:
        self.last, self.worst = time.perf_counter(), 0.0


class KeyProbe:
    """Keys arriving every 20 ms from another thread, as a terminal driver posts them, timed from
    arrival until the focused widget handles them (a key the app has no binding for).

    ``hear`` is the app's message hook: it sees each message as a message pump dispatches it, so
    a key's last dispatch is the focused widget's.
    """

    KEY = "f19"
    INTERVAL = 0.02

    def __init__(self) -> None:
        self.sent: dict[int, float] = {}
        self.handled: dict[int, float] = {}
        self.on = False
        self._quit = threading.Event()
        self._thread: threading.Thread | None = None

    def attach(self, app: Any) -> None:
        loop = asyncio.get_running_loop()

        def post(arrived: float) -> None:
            key = events.Key(self.KEY, None)
            self.sent[id(key)] = arrived
            self.handled.pop(id(key), None)
            app.post_message(key)

        def arrive() -> None:
            # keys are typed on a fixed schedule: a thread waiting for the interpreter lock (held
            # by a parse on the loop) would otherwise stamp its key late and hide the wait
            due = time.perf_counter()
            while not self._quit.wait(max(0.0, due + self.INTERVAL - time.perf_counter())):
                due += self.INTERVAL
                while due <= time.perf_counter():
                    if self.on:
                        loop.call_soon_threadsafe(post, due)
                    due += self.INTERVAL
                due -= self.INTERVAL

        self._thread = threading.Thread(target=arrive, name="key-probe", daemon=True)
        self._thread.start()

    def detach(self) -> None:
        self._quit.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def hear(self, message: Message) -> None:
        if isinstance(message, events.Key) and id(message) in self.sent:
            self.handled[id(message)] = time.perf_counter()

    def start(self) -> None:
        self.sent.clear()
        self.handled.clear()
        self.on = True

    def stop(self) -> tuple[float, int]:
        """The slowest answer and how many keys arrived (one never answered counts as slow)."""
        self.on = False
        now = time.perf_counter()
        waits = [self.handled.get(key, now) - arrived for key, arrived in self.sent.items()]
        return max(waits, default=0.0), len(waits)
