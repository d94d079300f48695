"""Triggers list, with each rule in words and its next fire time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from rich.text import Text

from dftui.api.models import Trigger, WorkflowListItem
from dftui.schedule import describe_rule, next_fire_times
from dftui.ui.screens.resource_list import Column, Listing, ResourceListScreen
from dftui.ui.session import Session


def workflows_using(trigger_id: str, workflows: list[WorkflowListItem]) -> list[WorkflowListItem]:
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


@dataclass(frozen=True)
class TriggerListing(Listing[Trigger]):
    workflows: list[WorkflowListItem]


class TriggersScreen(ResourceListScreen[Trigger]):
    screen_title = "Triggers"
    can_watch = False  # a trigger has no executions of its own
    resource_name = "triggers"

    def __init__(self, session: Session, **kwargs: Any) -> None:
        super().__init__(session, **kwargs)
        self.workflows: list[WorkflowListItem] = []

    @property
    def columns(self) -> list[Column[Trigger]]:  # type: ignore[override]
        now = self.session.now()
        times = self.session.times
        return [
            Column("name", "Name", lambda t: t.name),
            Column("id", "ID", lambda t: t.trigger_id, narrow=False),
            Column("type", "Type", lambda t: t.type),
            Column("rule", "Rule", rule_in_words),
            Column(
                "next",
                "Next fire",
                lambda t: times.time(next_fire(t, now), now),
                sort=lambda t: next_fire(t, now),
            ),
            Column(
                "used_by",
                "Used by",
                self._used_by_cell,
                sort=lambda t: len(workflows_using(t.trigger_id, self.workflows)),
            ),
        ]

    def _used_by_cell(self, trigger: Trigger) -> Text:
        count = len(workflows_using(trigger.trigger_id, self.workflows))
        if count == 0:
            return Text("unused", style="dim")
        return Text(f"{count} workflow" + ("s" if count != 1 else ""))

    async def fetch_listing(self, progress: Callable[[int], None]) -> TriggerListing:
        triggers = await self.session.data.triggers(progress)
        return TriggerListing(triggers, await self.session.data.workflows())

    def show(self, data: Listing[Trigger]) -> None:
        self.workflows = cast(TriggerListing, data).workflows
        super().show(data)
