"""What the client reports about each call, for request inspectors and budget meters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

__all__ = ["RequestRecord"]


@dataclass(frozen=True)
class RequestRecord:
    """One logical call: the first attempt plus any automatic retries.

    ``path`` is the request target as sent (path and query). ``status`` is the final
    HTTP status, ``None`` when no answer came (network error, timeout) or nothing was
    sent (read-only). ``error_kind`` is an :class:`~dftui.api.errors.ErrorKind` value.
    Never contains headers, so never a signature or secret.
    """

    at: datetime
    method: str
    path: str
    status: int | None
    latency_ms: float
    retries: int
    error_kind: str | None
    request_id: str | None
    operation: str | None = None
    """Reference operation name, e.g. ``getJobs``."""
    error_source: str | None = None
    """``service``/``gateway``/``unknown``/``network``/``client`` when the call failed."""
    error_code: str | None = None

    @property
    def ok(self) -> bool:
        return self.error_kind is None
