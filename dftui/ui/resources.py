"""One rule for what a resource is: its kind, its id and how it is named to a person.

Decided by the model's class, never by probing attribute names: an execution also has a
``job_id``, so an order of ``getattr`` probes gives the wrong answer for one of them.
"""

from __future__ import annotations

from typing import Any, Literal

from dftui.api.models import Execution, Job, JobListItem, Trigger, Workflow, WorkflowListItem

Kind = Literal["workflow", "job", "trigger", "execution"]
Resource = Workflow | WorkflowListItem | Job | JobListItem | Trigger | Execution


def resource_kind(obj: object) -> Kind | None:
    if isinstance(obj, Execution):
        return "execution"
    if isinstance(obj, (Workflow, WorkflowListItem)):
        return "workflow"
    if isinstance(obj, (Job, JobListItem)):
        return "job"
    if isinstance(obj, Trigger):
        return "trigger"
    return None


def resource_id(obj: object) -> str:
    """The API id of any resource model; empty for anything else."""
    if isinstance(obj, Execution):
        return obj.job_execution_id
    if isinstance(obj, (Workflow, WorkflowListItem)):
        return obj.workflow_id
    if isinstance(obj, (Job, JobListItem)):
        return obj.job_id
    if isinstance(obj, Trigger):
        return obj.trigger_id
    return ""


def resource_name(obj: object) -> str:
    if isinstance(obj, Execution):
        return obj.job_name or obj.job_id or ""
    if isinstance(obj, (Workflow, WorkflowListItem, Job, JobListItem, Trigger)):
        return obj.name
    return ""


def is_hidden_from_caller(obj: object) -> bool:
    """``disabled`` on a list item: the caller may not view it (docs/api-contract.md, Workflows)."""
    return bool(getattr(obj, "disabled", False))


def listed_name(obj: object) -> str:
    """The name a list shows: marked when the caller has no permission to open the item."""
    name = resource_name(obj)
    return f"{name} (no permission)" if is_hidden_from_caller(obj) else name


def resource_title(obj: object) -> str:
    """``job nightly_sales (j-123)``: how notifications and dialog titles name a resource."""
    kind = resource_kind(obj) or "object"
    name = resource_name(obj)
    ident = resource_id(obj)
    parts = [kind, name, f"({ident})" if ident else ""]
    return " ".join(part for part in parts if part)


def raw_json(obj: Any) -> Any:
    """What the server sent for ``obj`` (models keep it as ``.raw``)."""
    return obj.raw if isinstance(obj, Resource) else obj
