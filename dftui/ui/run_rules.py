"""What ``x`` (run) and ``k`` (stop) may do, and the words the user sees.

Kept free of Textual so the rules (docs/api-contract.md: Job status, Workflow operations,
Job operations, Retries and idempotency) are plain functions with plain tests;
:mod:`dftui.ui.services.actions` does the talking to the service.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dftui.api.errors import DataFlowError, ErrorKind
from dftui.api.models import (
    LIVE_EXECUTION_STATUSES,
    RUNNABLE_JOB_STATUSES,
    Execution,
    JobCondition,
    Trigger,
    TriggerRuleType,
    TriggerType,
    Workflow,
)
from dftui.schedule import describe_rule
from dftui.ui.format import timeout_text, workers_text

READ_ONLY_RUN_JOB = "Read-only mode: running jobs is disabled (toggle in the command palette)"
READ_ONLY_RUN_WORKFLOW = "Read-only mode: running workflows is disabled (toggle in the command palette)"
READ_ONLY_CANCEL = "Read-only mode: stopping executions is disabled (toggle in the command palette)"

#: errors after which nobody knows whether the POST took effect: re-read, never repeat
#: (docs/api-contract.md, Retries and idempotency)
_OUTCOME_UNKNOWN = frozenset({ErrorKind.NETWORK, ErrorKind.TIMEOUT, ErrorKind.SERVER})
_SCHEDULED_RULES = frozenset({TriggerRuleType.RECURRING, TriggerRuleType.ONE_TIME})


def job_status_warning(status: str | None) -> str | None:
    """READY/RUNNABLE/RUNNING run; anything else is the server's call, so warn only (Job status)."""
    if status in RUNNABLE_JOB_STATUSES:
        return None
    return f"status {status or 'unknown'}: the service will probably refuse"


def run_settings(condition: JobCondition | None) -> list[tuple[str, str]]:
    """The saved settings executeJob without a body will use (the job's saved run configuration)."""
    if condition is None:
        return [("Settings", "none saved: the service decides")]
    rows = [("Workers", workers_text(condition)), ("Timeout", timeout_text(condition))]
    if condition.parameters:
        shown = ", ".join(f"{key}={value}" for key, value in list(condition.parameters.items())[:3])
        rows.append(("Parameters", shown + (" …" if len(condition.parameters) > 3 else "")))
    return rows


@dataclass(frozen=True)
class WorkflowStart:
    """How a workflow starts, and whether executeWorkflow may start it (manual and event only)."""

    trigger_type: str | None
    words: str

    @property
    def runnable(self) -> bool:
        return self.trigger_type != TriggerType.SCHEDULED


def workflow_start(workflow: Workflow, trigger: Trigger | None) -> WorkflowStart:
    """Use the trigger when it could be read, else the node's copy of the rule type."""
    if trigger is not None:
        return WorkflowStart(trigger.type, describe_rule(trigger.type, trigger.trigger_rule))
    node = workflow.trigger_node
    rule_type = node.trigger_rule if node is not None else None
    if rule_type in _SCHEDULED_RULES:
        words = "a recurring schedule" if rule_type == TriggerRuleType.RECURRING else "a one-time schedule"
        return WorkflowStart(TriggerType.SCHEDULED, words)
    if rule_type == TriggerRuleType.NONE:
        return WorkflowStart(None, "manual or event")
    return WorkflowStart(None, "unknown start trigger")


def scheduled_message(name: str, start: WorkflowStart) -> str:
    return f"{name} runs on its schedule ({start.words}); executeWorkflow only runs manual or event workflows"


def workflow_warnings(workflow: Workflow) -> list[str]:
    """The checks executeWorkflow makes (docs/api-contract.md, Workflow operations), said before the user confirms."""
    warnings: list[str] = []
    if workflow.trigger_node is None:
        warnings.append("no start trigger: the service will probably refuse")
    if workflow.is_temp:
        warnings.append("saved as a draft: the service will refuse to run it")
    deleted = [node.name or node.id for node in workflow.nodes if not node.valid]
    if deleted:
        warnings.append(f"{', '.join(deleted)} no longer exist(s): the service will refuse")
    return warnings


def is_cancellable(execution: Execution | None) -> bool:
    """Only READY and RUNNING executions can be cancelled (docs/api-contract.md, Job operations)."""
    return execution is not None and bool(execution.job_id) and execution.status in LIVE_EXECUTION_STATUSES


def not_cancellable_message(execution: Execution | None) -> str:
    """Why ``k`` does nothing here."""
    if execution is None:
        return "k stops a READY or RUNNING execution: select one first"
    return (
        f"Execution {execution.job_execution_id} is {execution.status}; only READY or RUNNING "
        "executions can be stopped"
    )


def outcome_unknown(error: BaseException) -> bool:
    """True when the request may or may not have reached the service (a network error, timeout or 5xx).

    Such a call is never repeated blindly (docs/api-contract.md, Retries and idempotency).
    """
    return isinstance(error, DataFlowError) and error.kind in _OUTCOME_UNKNOWN


def cancel_outcome(label: str, execution: Execution) -> tuple[str, str]:
    """(message, severity) once a cancel request was answered and the run re-read."""
    ref = f"{label} (execution {execution.job_execution_id})"
    if execution.status == "CANCELED":
        return f"Canceled {ref}", "information"
    if execution.is_final:
        return f"{ref} ended {execution.status} before the cancel took effect", "warning"
    return f"Cancel requested; {ref} is still {execution.status}, watching it", "warning"


def job_names(workflow: Workflow, limit: int = 4) -> str:
    names: Sequence[str] = [node.name or node.id for node in workflow.job_nodes]
    shown = ", ".join(names[:limit])
    return f"{len(names)}: {shown}" + (" …" if len(names) > limit else "")
