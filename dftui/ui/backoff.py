"""How long a screen waits before polling again after failures (no Textual).

A screen that keeps failing must not keep asking at full speed: the server may be down, the
gateway throttling, or the key revoked. Wrong credentials and missing permissions do not fix
themselves within seconds, so they back off in big steps; anything else doubles the interval.
``r`` on a screen always retries at once.
"""

from __future__ import annotations

from dftui.api.errors import DataFlowError

AUTH_STEPS = (5.0, 15.0, 60.0)
"""Waits after the 1st, 2nd and 3rd (and every later) authentication or permission failure."""
MAX_BACKOFF_S = 60.0
"""Longest wait after other failures (unless the refresh interval itself is longer)."""


def next_poll_delay(interval: float, failures: int, error: BaseException | None = None) -> float:
    """Seconds until the next poll after ``failures`` failed polls in a row (0 = healthy)."""
    if failures <= 0:
        return interval
    if isinstance(error, DataFlowError) and error.is_auth:
        return max(interval, AUTH_STEPS[min(failures, len(AUTH_STEPS)) - 1])
    return min(max(interval, MAX_BACKOFF_S), interval * 2 ** (failures - 1))
