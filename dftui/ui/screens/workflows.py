"""Workflows list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.screen import Screen

from dftui.api.models import JobListItem, WorkflowListItem
from dftui.ui.format import DASH, format_time
from dftui.ui.screens.resource_list import Column, ResourceListScreen
from dftui.ui.status import status_text


def last_run_status(workflow: WorkflowListItem, jobs: dict[str, JobListItem]) -> str | None:
    """Status of the workflow's newest run.

    The list item has only ``lastExecutionDate``; the status is taken from the
    workflow's job whose last execution is the newest (one list call instead of
    one executions call per workflow).
    """
    candidates = [jobs[node.id] for node in workflow.job_nodes if node.id in jobs]
    dated = [job for job in candidates if job.last_execution_date is not None]
    if not dated:
        return None
    return max(dated, key=lambda job: job.last_execution_date).last_execution_status  # type: ignore[arg-type,return-value]


class WorkflowsScreen(ResourceListScreen[WorkflowListItem]):
    screen_title = "Workflows"
    resource_name = "workflows"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.jobs: dict[str, JobListItem] = {}

    @property
    def columns(self) -> list[Column[WorkflowListItem]]:  # type: ignore[override]
        now = self.dfapp.now()
        return [
            Column("name", "Name", lambda w: w.name),
            Column("id", "ID", lambda w: w.workflow_id),
            Column("trigger", "Trigger", lambda w: w.trigger_node.name if w.trigger_node else DASH),
            Column("jobs", "Jobs", lambda w: str(len(w.job_nodes)), sort=lambda w: len(w.job_nodes)),
            Column(
                "last",
                "Last execution",
                lambda w: self._last_cell(w, now),
                sort=lambda w: w.last_execution_date,
            ),
            Column(
                "updated",
                "Updated",
                lambda w: format_time(w.updated_date, now),
                sort=lambda w: w.updated_date,
            ),
        ]

    def _last_cell(self, workflow: WorkflowListItem, now: Any) -> Text:
        if workflow.last_execution_date is None:
            return Text("never", style="dim")
        return status_text(
            last_run_status(workflow, self.jobs), "  " + format_time(workflow.last_execution_date, now)
        )

    def item_id(self, item: WorkflowListItem) -> str:
        return item.workflow_id

    async def fetch_items(self, progress: Callable[[int], None]) -> list[WorkflowListItem]:
        client = self.dfapp.client
        workflows = await self.dfapp.load_all("workflows", client.get_workflows, progress)
        self.jobs = {job.job_id: job for job in await self.dfapp.load_all("jobs", client.get_jobs)}
        return workflows

    def open_detail(self, item: WorkflowListItem) -> Screen[Any]:
        from dftui.ui.screens.workflow_detail import WorkflowDetailScreen

        return WorkflowDetailScreen(item.workflow_id, item.name)
