"""Triggers list, with each rule in words and its next fire time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from rich.text import Text
from textual.screen import Screen

from dftui.api.models import Trigger, WorkflowListItem
from dftui.schedule import describe_rule, next_fire_times
from dftui.ui.format import format_time
from dftui.ui.screens.resource_list import Column, ResourceListScreen


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


class TriggersScreen(ResourceListScreen[Trigger]):
    screen_title = "Triggers"
    can_watch = False  # a trigger has no executions of its own
    resource_name = "triggers"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.workflows: list[WorkflowListItem] = []

    @property
    def columns(self) -> list[Column[Trigger]]:  # type: ignore[override]
        now = self.dfapp.now()
        return [
            Column("name", "Name", lambda t: t.name),
            Column("id", "ID", lambda t: t.trigger_id),
            Column("type", "Type", lambda t: t.type),
            Column("rule", "Rule", rule_in_words),
            Column(
                "next",
                "Next fire",
                lambda t: format_time(next_fire(t, now), now),
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

    def item_id(self, item: Trigger) -> str:
        return item.trigger_id

    async def fetch_items(self, progress: Callable[[int], None]) -> list[Trigger]:
        client = self.dfapp.client
        triggers = await self.dfapp.load_all("triggers", client.get_triggers, progress)
        self.workflows = await self.dfapp.load_all("workflows", client.get_workflows)
        return triggers

    def open_detail(self, item: Trigger) -> Screen[Any]:
        from dftui.ui.screens.trigger_detail import TriggerDetailScreen

        return TriggerDetailScreen(item)
