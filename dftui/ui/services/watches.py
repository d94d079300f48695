"""Pinned executions: polled every few seconds until they end, then the user is told how.

Pinned runs are polled by the app, not by a screen, so a watch keeps going whatever screen is
visible; only unfinished watches cost requests, and the poll is re-armed after it finished.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from textual.app import App
from textual.signal import Signal
from textual.timer import Timer

from dftui.api import DataFlowClient
from dftui.api.models import Execution, Job, JobListItem, Workflow, WorkflowListItem
from dftui.ui.format import format_duration
from dftui.ui.resources import resource_title

log = logging.getLogger(__name__)

WATCH_INTERVAL = 2.0
Severity = Literal["information", "warning", "error"]


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
        return watch_key(self.job_id, self.execution_id)

    @property
    def status(self) -> str:
        return self.execution.status

    @property
    def is_final(self) -> bool:
        return self.execution.is_final


def watch_key(job_id: str, execution_id: str) -> str:
    return f"{job_id}/{execution_id}"


def completion_message(watch: Watch) -> tuple[str, Severity]:
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


class WatchService:
    """The pinned executions of one session."""

    def __init__(
        self, host: App[Any], client: DataFlowClient, clock: Callable[[], datetime], *, bell: bool
    ) -> None:
        self._host = host
        self._client = client
        self._clock = clock
        self._bell = bell
        self._watches: dict[str, Watch] = {}
        self._timer: Timer | None = None
        self._closed = False
        self.changed: Signal[None] = Signal(host, "watches-changed")

    def __iter__(self) -> Iterator[Watch]:
        return iter(list(self._watches.values()))

    def __len__(self) -> int:
        return len(self._watches)

    def get(self, key: str) -> Watch | None:
        return self._watches.get(key)

    @property
    def live_count(self) -> int:
        return sum(1 for w in self._watches.values() if not w.is_final)

    # ------------------------------------------------------------------ pinning

    def watch(self, obj: object) -> None:
        """``w``: pin an execution, or the newest live execution of a job or workflow."""
        if isinstance(obj, Execution):
            self.pin(obj)
        elif isinstance(obj, (Workflow, WorkflowListItem, Job, JobListItem)):
            self._host.run_worker(self._watch_newest(obj), group="watch-newest", exclusive=True)
        else:
            self._tell("Only executions, jobs and workflows can be watched", "warning")

    def pin(self, execution: Execution, *, announce: bool = True, label: str | None = None) -> None:
        """Watch ``execution`` until it ends; a finished one is not pinned (it will never change)."""
        label = label or execution.job_name or execution.job_id or execution.job_execution_id
        if not execution.job_id:
            self._tell("This execution has no job id; it cannot be watched", "warning")
            return
        if execution.is_final:
            if announce:
                self._tell(f"{label} already ended {execution.status}; nothing to watch", "warning")
            return
        key = watch_key(execution.job_id, execution.job_execution_id)
        if key in self._watches:
            if announce:
                self._tell(f"Already watching {label}")
            return
        self._watches[key] = Watch(
            execution.job_id, execution.job_execution_id, label, execution, pinned_at=self._clock()
        )
        if announce:
            self._tell(f"Watching {label} ({execution.status}); you will be told when it ends")
        self.changed.publish(None)
        self._arm()

    def refresh(self, execution: Execution, *, label: str, pin: bool) -> None:
        """Fresh state from an action: update its watch quietly, or pin it when ``pin``."""
        watch = self._watches.get(watch_key(execution.job_id or "", execution.job_execution_id))
        if watch is not None:
            watch.execution = execution
            watch.finished_seen = watch.finished_seen or execution.is_final
            self.changed.publish(None)
        elif pin:
            self.pin(execution, announce=False, label=label)

    def unpin(self, key: str) -> None:
        if self._watches.pop(key, None) is not None:
            self.changed.publish(None)

    def close(self) -> None:
        """Stop polling for good (the session is being replaced)."""
        self._closed = True
        self._watches.clear()
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._host.workers.cancel_group(self._host, "watch")

    # ------------------------------------------------------------------ polling

    def _arm(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if not self._closed and self.live_count:
            self._timer = self._host.set_timer(WATCH_INTERVAL, self.poll_now)

    def poll_now(self) -> None:
        self._host.run_worker(self._poll(), group="watch", exclusive=True, exit_on_error=False)

    async def _poll(self) -> None:
        """Poll every unfinished pinned execution; tell the user when one ends."""
        self._timer = None
        try:
            for watch in [w for w in self._watches.values() if not w.is_final]:
                try:
                    fresh = await self._client.get_job_execution_by_id(watch.job_id, watch.execution_id)
                except Exception as error:
                    log.info("watch poll of %s failed: %s", watch.key, error)
                    continue
                watch.execution = fresh
                if fresh.is_final and not watch.finished_seen:
                    watch.finished_seen = True
                    self._announce(watch)
            self.changed.publish(None)
        finally:
            self._arm()

    async def _watch_newest(self, obj: Workflow | WorkflowListItem | Job | JobListItem) -> None:
        try:
            if isinstance(obj, (Workflow, WorkflowListItem)):
                page = await self._client.get_workflow_executions(obj.workflow_id)
            else:
                page = await self._client.get_job_executions(obj.job_id)
        except Exception as error:
            self._tell(str(error), "error", title="Watch")
            return
        live = [e for e in page.items if not e.is_final]
        if not live:
            self._tell(f"{resource_title(obj)} has no running execution to watch", "warning")
            return
        self.pin(max(live, key=lambda e: e.created_date or self._clock()))

    def _announce(self, watch: Watch) -> None:
        message, severity = completion_message(watch)
        self._tell(message, severity, title="Watched execution ended", timeout=10)
        if self._bell:
            self._host.bell()

    def _tell(
        self,
        message: str,
        severity: Severity = "information",
        *,
        title: str = "",
        timeout: float | None = None,
    ) -> None:
        self._host.notify(message, title=title, severity=severity, markup=False, timeout=timeout)
