"""Simulated clocks: the emulator's notion of "now" is injectable so tests can drive time."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta
from typing import Protocol

from dftui.timeutil import KST, to_kst


class Clock(Protocol):
    """Anything with ``now()`` returning an aware Korea-time datetime."""

    def now(self) -> datetime: ...


class RealClock:
    """Wall-clock time, optionally running ``speed`` times faster from construction on.

    A speed-up lets a demo show executions progressing without waiting minutes.
    """

    def __init__(self, speed: float = 1.0) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.speed = float(speed)
        self._origin_wall = datetime.now(KST)
        self._origin_mono = time.monotonic()

    def now(self) -> datetime:
        elapsed = time.monotonic() - self._origin_mono
        return self._origin_wall + timedelta(seconds=elapsed * self.speed)

    def resume_from(self, earliest: datetime) -> None:
        """Never start behind ``earliest``: a sped-up emulator restarted on its database keeps
        going from where its simulated time had got to instead of jumping back to the wall clock."""
        if earliest > self.now():
            self._origin_wall = to_kst(earliest)
            self._origin_mono = time.monotonic()

    def __repr__(self) -> str:
        return f"RealClock(speed={self.speed})"


class ManualClock:
    """A frozen clock that only moves when told to; thread-safe."""

    def __init__(self, start: datetime) -> None:
        self._now = to_kst(start)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> datetime:
        """Move forward by ``seconds`` (never backwards) and return the new time."""
        if seconds < 0:
            raise ValueError("a ManualClock never goes backwards")
        with self._lock:
            self._now = self._now + timedelta(seconds=seconds)
            return self._now

    def set(self, dt: datetime) -> None:
        with self._lock:
            self._now = to_kst(dt)

    def __repr__(self) -> str:
        return f"ManualClock({self.now().isoformat()})"
