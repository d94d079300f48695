"""Triggers list, with each rule in words and its next fire time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from rich.text import Text

from dftui.api.models import Trigger, WorkflowListItem
from dftui.ui.screens.resource_list import Column, Listing, ResourceListScreen
from dftui.ui.session import Session
from dftui.ui.trigger_words import next_fire, rule_in_words, workflows_using


@dataclass(frozen=True)
class TriggerListing(Listing[Trigger]):
    workflows: list[WorkflowListItem]


class TriggersScreen(ResourceListScreen[Trigger]):
    screen_title = "Triggers"
    creates = "trigger"
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
