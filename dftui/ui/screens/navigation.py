"""Which detail view opens for a list item: one rule for the lists and the command palette."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from dftui.api.models import JobListItem, Trigger, WorkflowListItem
from dftui.ui.session import Session


def detail_screen(session: Session, item: object) -> Screen[Any] | None:
    """The detail view of a workflow, job or trigger list item (None for anything else).

    The detail modules are imported here, on first use, because they import the list modules.
    """
    from dftui.ui.screens.job_detail import JobDetailScreen
    from dftui.ui.screens.trigger_detail import TriggerDetailScreen
    from dftui.ui.screens.workflow_detail import WorkflowDetailScreen

    if isinstance(item, WorkflowListItem):
        return WorkflowDetailScreen(session, item.workflow_id, item.name)
    if isinstance(item, JobListItem):
        return JobDetailScreen(session, item.job_id, item.name)
    if isinstance(item, Trigger):
        return TriggerDetailScreen(session, item)
    return None
