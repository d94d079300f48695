"""Fault injection so clients can be tested against a misbehaving gateway (never on by default).

Applied by the gateway after authentication. All draws come from one seeded generator, so a
test that sends the same requests sees the same faults.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass
from enum import StrEnum


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
    """Decides, request by request, which fault (if any) to inject."""

    def __init__(self, config: FaultConfig) -> None:
        self.config = config
        self._rng = random.Random(f"faults:{config.seed}")
        self._count = 0
        self._lock = threading.Lock()

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
