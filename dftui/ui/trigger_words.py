"""Triggers in words, and which workflows a trigger starts (shared by lists, details and forms)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TypeVar

from dftui.api.models import Trigger, Workflow, WorkflowListItem
from dftui.schedule import describe_rule, next_fire_times

WorkflowT = TypeVar("WorkflowT", Workflow, WorkflowListItem)


def workflows_using(trigger_id: str, workflows: Sequence[WorkflowT]) -> list[WorkflowT]:
    """Workflows whose start trigger is this trigger."""
    return [w for w in workflows if w.trigger_node is not None and w.trigger_node.id == trigger_id]


def rule_in_words(trigger: Trigger) -> str:
    try:
        return describe_rule(trigger.type, trigger.trigger_rule)
    except Exception:  # a rule the describer does not know must not break the list
        return trigger.trigger_rule.type


def next_fire(trigger: Trigger, now: datetime) -> datetime | None:
    try:
        times = next_fire_times(trigger.type, trigger.trigger_rule, now, 1)
    except Exception:
        return None
    return times[0].at if times else None
