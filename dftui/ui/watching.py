"""Pinned executions: what the user is waiting for, and how it ended.

Kept free of Textual so the bookkeeping (what is final, what to tell the user)
is easy to test; the app polls and shows notifications.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from dftui.api.models import Execution
from dftui.ui.format import format_duration


@dataclass
class Watch:
    """One pinned execution and the newest state seen."""

    job_id: str
    execution_id: str
    label: str
    execution: Execution
    pinned_at: datetime
    finished_seen: bool = False

    @property
    def key(self) -> str:
        return f"{self.job_id}/{self.execution_id}"

    @property
    def status(self) -> str:
        return self.execution.status

    @property
    def is_final(self) -> bool:
        return self.execution.is_final


def completion_message(watch: Watch) -> tuple[str, str]:
    """``("job_x COMPLETED in 4m12s", "information")`` or ``("… FAILED after 1m03s", "error")``."""
    execution = watch.execution
    took = ""
    if execution.start_date is not None and execution.end_date is not None:
        took = format_duration(execution.end_date - execution.start_date)
    status = execution.status
    if status == "COMPLETED":
        return (f"{watch.label} COMPLETED" + (f" in {took}" if took else ""), "information")
    if status == "FAILED":
        return (f"{watch.label} FAILED" + (f" after {took}" if took else ""), "error")
    return (f"{watch.label} {status}" + (f" after {took}" if took else ""), "warning")
