"""Workflows list, with the status of each workflow's newest run."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from dftui.api.models import FINAL_EXECUTION_STATUSES, Execution, WorkflowListItem
from dftui.ui.concurrency import gather_bounded
from dftui.ui.format import DASH
from dftui.ui.resources import listed_name
from dftui.ui.screens.resource_list import Column, Listing, ResourceListScreen, last_run_columns
from dftui.ui.session import Session

#: parallel getWorkflowExecutions calls when many workflows changed at once
RUN_STATUS_CONCURRENCY = 4


def run_status(executions: Sequence[Execution], started_at: datetime | None) -> str | None:
    """Status of one workflow run from its job executions.

    A run creates one job execution per JOB node; those created at or after the
    run's start (``lastExecutionDate``) belong to it. Live beats failed beats
    canceled beats completed.
    """
    if not executions:
        return None
    run = [
        e
        for e in executions
        if started_at is None or (e.created_date or e.start_date or started_at) >= started_at
    ]
    statuses = {e.status for e in (run or executions[:1])}
    for status in ("RUNNING", "READY", "FAILED", "CANCELED", "COMPLETED"):
        if status in statuses:
            return status
    return next(iter(statuses))


@dataclass(frozen=True)
class WorkflowListing(Listing[WorkflowListItem]):
    #: workflow id -> status of its newest run
    run_statuses: dict[str, str | None]


class WorkflowsScreen(ResourceListScreen[WorkflowListItem]):
    screen_title = "Workflows"
    creates = "workflow"
    shows = frozenset({"workflow"})
    resource_name = "workflows"

    def __init__(self, session: Session, **kwargs: Any) -> None:
        super().__init__(session, **kwargs)
        #: workflow id -> (lastExecutionDate it was computed for, status): what fetch already knows
        self.run_statuses: dict[str, tuple[datetime | None, str | None]] = {}
        self._shown_statuses: dict[str, str | None] = {}

    @property
    def columns(self) -> list[Column[WorkflowListItem]]:  # type: ignore[override]
        now = self.session.now()
        return [
            Column("name", "Name", listed_name),
            Column("id", "ID", lambda w: w.workflow_id, narrow=False),
            Column("trigger", "Trigger", lambda w: w.trigger_node.name if w.trigger_node else DASH),
            Column("jobs", "Jobs", lambda w: str(len(w.job_nodes)), sort=lambda w: len(w.job_nodes)),
            *last_run_columns(self._last_status, now, self.session.times),
        ]

    def _last_status(self, workflow: WorkflowListItem) -> str | None:
        """Status of the newest run, the same columns as the jobs list shows."""
        if workflow.last_execution_date is None:
            return None
        return self._shown_statuses.get(workflow.workflow_id)

    def cells_context(self) -> object:
        """Cells depend on the item, the day ("today 14:03") and the statuses of the newest runs."""
        times = self.session.times
        return times, times.local(self.session.now()).date(), self._shown_statuses

    async def fetch_listing(self, progress: Callable[[int], None]) -> WorkflowListing:
        workflows = await self.session.data.workflows(progress)
        await self._update_run_statuses(workflows)
        statuses = {key: status for key, (_, status) in self.run_statuses.items()}
        return WorkflowListing(workflows, statuses)

    def show(self, data: Listing[WorkflowListItem]) -> None:
        self._shown_statuses = cast(WorkflowListing, data).run_statuses
        super().show(data)

    async def _update_run_statuses(self, workflows: list[WorkflowListItem]) -> None:
        """Ask for executions only of workflows whose newest run is new or still live.

        At steady state (nothing running) a refresh costs one list call, not one
        call per workflow.
        """
        stale = [w for w in workflows if w.last_execution_date is not None and self._needs_status(w)]

        async def refresh(workflow: WorkflowListItem) -> None:
            page = await self.session.client.get_workflow_executions(
                workflow.workflow_id, limit=max(10, 2 * len(workflow.job_nodes))
            )
            status = run_status(page.items, workflow.last_execution_date)
            self.run_statuses[workflow.workflow_id] = (workflow.last_execution_date, status)

        await gather_bounded(refresh, stale, concurrency=RUN_STATUS_CONCURRENCY)

    def _needs_status(self, workflow: WorkflowListItem) -> bool:
        known_for, status = self.run_statuses.get(workflow.workflow_id, (None, None))
        return known_for != workflow.last_execution_date or status not in FINAL_EXECUTION_STATUSES
