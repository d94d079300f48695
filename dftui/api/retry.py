"""When to repeat a failed call, and how long to wait (docs/api-contract.md, Retries and idempotency).

Repeating a call is only safe when a second copy cannot do harm. The client tags
each operation with a :class:`RetryClass`:

* ``IDEMPOTENT`` (every GET): network errors, timeouts, 429 and 500/502/503/504 are retried.
* ``WRITE`` (updateWorkflow, updateJob, updateJobExecuteConfig, the deletes: PUT, PATCH and
  DELETE): only a *gateway* 429 is retried. Sending one twice leaves the same state, but the
  first copy may have been carried out before a 5xx or a lost answer, and the contract allows
  automatic repeats only of reads: a repeated delete would report "not found" for a delete that
  worked. The caller re-reads the state instead.
* ``READ_ONLY_POST`` (``verifyJob``): validates without saving, so it is retried like
  an idempotent call.
* ``NON_IDEMPOTENT`` (create*, execute*, cancelJobExecution): only a *gateway* 429 is
  retried, because the request never reached the service. After a timeout, lost
  connection or 5xx the caller must re-read the state instead.

A gateway 429 with code ``400`` (quota used up) is never retried: the quota does not
come back within a retry budget. ``Retry-After`` is honoured but never beyond
``total_timeout``.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from enum import StrEnum

from dftui.api.errors import DataFlowError, ErrorKind

__all__ = ["RETRYABLE_STATUSES", "RetryClass", "RetryPolicy", "parse_retry_after"]

RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
QUOTA_EXCEEDED_CODE = "400"


class RetryClass(StrEnum):
    """How safe it is to send an operation twice."""

    IDEMPOTENT = "idempotent"
    WRITE = "write"
    READ_ONLY_POST = "read_only_post"
    NON_IDEMPOTENT = "non_idempotent"


@dataclass(frozen=True)
class RetryPolicy:
    """Bounded exponential backoff with optional jitter.

    ``max_attempts`` counts the first try (4 = one try and up to three retries).
    ``total_timeout`` caps the time from the first try to the start of the last retry,
    including waits: a retry whose wait would end past it is not made. The time an attempt
    itself takes counts too, so an attempt that used the whole HTTP timeout is not repeated
    when ``total_timeout`` is no longer than that timeout. ``RetryPolicy(max_attempts=1)``
    disables retries.
    """

    max_attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 8.0
    total_timeout: float = 30.0
    jitter: bool = True

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if self.base_delay < 0 or self.max_delay < 0 or self.total_timeout < 0:
            raise ValueError("delays and total_timeout must not be negative")

    def backoff_delay(self, retry_number: int, rng: Callable[[], float] = random.random) -> float:
        """Wait before retry number ``retry_number`` (1-based), without ``Retry-After``.

        ``base_delay * 2**(n-1)`` capped at ``max_delay``; with jitter the wait is drawn
        from the upper half of that value so retries from many clients spread out.
        """
        delay = min(self.max_delay, self.base_delay * (2.0 ** max(0, retry_number - 1)))
        if self.jitter:
            delay = delay / 2 + rng() * delay / 2
        return delay

    def should_retry(self, retry_class: RetryClass, error: DataFlowError) -> bool:
        """Whether ``error`` may be answered by sending the same request again."""
        if error.status == 429 or error.kind is ErrorKind.THROTTLED:
            if error.gateway_code == QUOTA_EXCEEDED_CODE:
                return False
            if retry_class in (RetryClass.NON_IDEMPOTENT, RetryClass.WRITE):
                return error.status == 429 and error.from_gateway
            return True
        if retry_class in (RetryClass.NON_IDEMPOTENT, RetryClass.WRITE):
            return False
        if error.kind in (ErrorKind.NETWORK, ErrorKind.TIMEOUT):
            return True
        return error.status in RETRYABLE_STATUSES


def parse_retry_after(headers: Mapping[str, str], now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP date)."""
    value = headers.get("retry-after")
    if value is None:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    return max(0.0, (when - now).total_seconds())
