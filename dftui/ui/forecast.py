"""Next up: which workflows the scheduled triggers start over the next hours (no Textual).

The API has no forecast; :mod:`dftui.schedule` computes each trigger's firings, and a firing
starts every workflow whose start node is that trigger. A workflow is *heavy* when its jobs
ask for many workers together; hours in which several heavy workflows start are flagged,
because they compete for the same capacity.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from dftui.api.models import Trigger, Workflow
from dftui.schedule import describe_rule, fire_times_between

#: a job node without its own numWorker runs with the service default (docs/api-contract.md)
DEFAULT_WORKERS = 2
#: a workflow asking for at least this many workers at once is heavy
HEAVY_WORKERS = 6
#: this many heavy workflows starting in one hour make that hour crowded
CROWDED_AT = 2


@dataclass(frozen=True)
class Firing:
    at: datetime
    workflow_id: str
    workflow_name: str
    trigger_name: str
    rule: str
    workers: int

    @property
    def heavy(self) -> bool:
        return self.workers >= HEAVY_WORKERS


@dataclass(frozen=True)
class CrowdedHour:
    start: datetime  # the hour, in the display zone
    firings: tuple[Firing, ...]

    @property
    def workers(self) -> int:
        return sum(f.workers for f in self.firings)


def workflow_workers(workflow: Workflow) -> int:
    return sum(
        (
            node.job_condition.num_worker
            if node.job_condition and node.job_condition.num_worker
            else DEFAULT_WORKERS
        )
        for node in workflow.job_nodes
    )


def next_firings(
    triggers: Iterable[Trigger], workflows: Iterable[Workflow], now: datetime, hours: int = 24
) -> list[Firing]:
    """Every firing in ``(now, now + hours]`` with the workflows it starts, in time order."""
    started_by: dict[str, list[Workflow]] = {}
    for workflow in workflows:
        node = workflow.trigger_node
        if node is not None and not workflow.is_temp:
            started_by.setdefault(node.id, []).append(workflow)
    firings: list[Firing] = []
    end = now + timedelta(hours=hours)
    for trigger in triggers:
        targets = started_by.get(trigger.trigger_id)
        if not targets:
            continue
        rule = trigger.trigger_rule
        words = describe_rule(trigger.type, rule)
        for at in fire_times_between(trigger.type, rule, now, end):
            for workflow in targets:
                firings.append(
                    Firing(
                        at,
                        workflow.workflow_id,
                        workflow.name,
                        trigger.name,
                        words,
                        workflow_workers(workflow),
                    )
                )
    firings.sort(key=lambda f: (f.at, f.workflow_name))
    return firings


def crowded_hours(firings: Iterable[Firing], zone: tzinfo) -> list[CrowdedHour]:
    """Hours (of the display zone) in which at least :data:`CROWDED_AT` heavy workflows start."""
    by_hour: dict[datetime, list[Firing]] = {}
    for firing in firings:
        if firing.heavy:
            hour = firing.at.astimezone(zone).replace(minute=0, second=0, microsecond=0)
            by_hour.setdefault(hour, []).append(firing)
    return [
        CrowdedHour(hour, tuple(group)) for hour, group in sorted(by_hour.items()) if len(group) >= CROWDED_AT
    ]
