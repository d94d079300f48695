"""Fault injection so clients can be tested against a misbehaving gateway (never on by default).

Applied by the gateway after authentication. All draws come from one seeded generator, so a
test that sends the same requests sees the same faults.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


@dataclass(frozen=True)
class FaultConfig:
    latency_ms: float = 0.0
    """Delay added before every answer."""
    error_rate: float = 0.0
    """Share of requests answered with a gateway 503/500 or 504/510 body."""
    throttle_burst_every: int = 0
    """Every Nth request gets 429/410 (0 = never)."""
    drop_rate: float = 0.0
    """Share of requests whose connection is closed without a complete response."""
    malformed_rate: float = 0.0
    """Share of requests answered 200 with a body that is not valid JSON."""
    clock_skew_s: float = 0.0
    """Offset of the gateway clock (signature window and ``Date`` header) from the machine clock."""
    seed: int = 0

    @property
    def active(self) -> bool:
        return bool(
            self.latency_ms
            or self.error_rate
            or self.throttle_burst_every
            or self.drop_rate
            or self.malformed_rate
        )


class Fault(StrEnum):
    NONE = "none"
    THROTTLE = "throttle"
    UNAVAILABLE = "unavailable"
    TIMEOUT = "timeout"
    DROP = "drop"
    MALFORMED = "malformed"


class FaultInjector:
    """Decides, request by request, which fault (if any) to inject.

    :meth:`configure` swaps the faults while the server runs (a fault suite turns a fault on,
    then off, and watches the client recover); the draws restart from the new seed.
    """

    def __init__(self, config: FaultConfig | None = None) -> None:
        self._lock = threading.Lock()
        self.configure(config)

    def configure(self, config: FaultConfig | None) -> None:
        config = config or FaultConfig()
        with self._lock:
            self.config = config
            self._rng = random.Random(f"faults:{config.seed}")
            self._count = 0

    def decide(self) -> Fault:
        config = self.config
        with self._lock:
            self._count += 1
            if config.throttle_burst_every and self._count % config.throttle_burst_every == 0:
                return Fault.THROTTLE
            roll = self._rng.random()
        if roll < config.error_rate:
            return Fault.UNAVAILABLE if roll < config.error_rate / 2 else Fault.TIMEOUT
        roll -= config.error_rate
        if roll < config.drop_rate:
            return Fault.DROP
        roll -= config.drop_rate
        if roll < config.malformed_rate:
            return Fault.MALFORMED
        return Fault.NONE


Scope = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Any, Any], Awaitable[None]]


class Traffic:
    """What reached the server: each arrival (time and route) and, per request target (path and
    query: one page of one list, one period of one statistic), the most requests in flight at once.

    A route is the path with its ids folded away (``/api/v1/jobs/{id}``), for counting by kind.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.arrivals: list[tuple[float, str]] = []
        self.in_flight: Counter[str] = Counter()
        self.max_in_flight: Counter[str] = Counter()
        self.targets: Counter[str] = Counter()
        """How many times each request target was asked for."""

    @staticmethod
    def route(path: str) -> str:
        parts = path.split("?", 1)[0].split("/")
        if parts[3:4] == ["stats"]:
            return "/".join(parts)
        # /api/v1/<collection>/<id>/<sub>/<id>: every other segment after the collection is an id
        return "/".join("{id}" if index >= 4 and index % 2 == 0 else part for index, part in enumerate(parts))

    def enter(self, target: str) -> str:
        source = target
        with self._lock:
            self.arrivals.append((time.monotonic(), self.route(target)))
            self.in_flight[source] += 1
            self.targets[source] += 1
            self.max_in_flight[source] = max(self.max_in_flight[source], self.in_flight[source])
        return source

    def leave(self, source: str) -> None:
        with self._lock:
            self.in_flight[source] -= 1

    def count(self, since: float = 0.0, until: float = float("inf")) -> int:
        """Requests that arrived in ``[since, until)`` (``time.monotonic`` seconds)."""
        with self._lock:
            return sum(1 for at, _ in self.arrivals if since <= at < until)

    def reset(self) -> None:
        with self._lock:
            self.arrivals.clear()
            self.max_in_flight.clear()
            self.targets.clear()


class TrafficProbe:
    """Outermost ASGI layer: records every HTTP request in a :class:`Traffic` tally."""

    def __init__(self, app: ASGIApp, traffic: Traffic) -> None:
        self.app = app
        self.traffic = traffic

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string") or b""
        source = self.traffic.enter(scope["path"] + ("?" + query.decode("latin-1") if query else ""))
        try:
            await self.app(scope, receive, send)
        finally:
            self.traffic.leave(source)
