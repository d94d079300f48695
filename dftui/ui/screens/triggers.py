"""Triggers list, with each rule in words, its next fire time and the workflows that use it.

The "used by" column needs the workflows list too. Reading it on every poll doubled the list
calls of a watched triggers screen, so the workflows are read when the screen is shown, on
``r``, after a write (the session's data signal), and otherwise at most every
:data:`WORKFLOWS_EVERY` seconds; the triggers themselves are read on every poll.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from rich.text import Text
from textual import events

from dftui.api.models import Trigger, WorkflowListItem
from dftui.ui.screens.resource_list import Column, Listing, ResourceListScreen
from dftui.ui.services.data import DataChange
from dftui.ui.session import Session
from dftui.ui.trigger_words import next_fire, rule_in_words, workflows_using

#: seconds between reads of the workflows list while the screen is watched (for "used by")
WORKFLOWS_EVERY = 60.0


@dataclass(frozen=True)
class TriggerListing(Listing[Trigger]):
    workflows: list[WorkflowListItem]


class TriggersScreen(ResourceListScreen[Trigger]):
    screen_title = "Triggers"
    creates = "trigger"
    shows = frozenset({"trigger"})  # no executions of its own: nothing to watch, run or stop
    resource_name = "triggers"

    def __init__(self, session: Session, **kwargs: Any) -> None:
        super().__init__(session, **kwargs)
        self.workflows: list[WorkflowListItem] = []
        #: the workflows (for "used by") as last read, and when (time.monotonic)
        self._workflows: list[WorkflowListItem] | None = None
        self._workflows_read_at = 0.0

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
        return TriggerListing(triggers, await self._used_by_workflows())

    async def _used_by_workflows(self) -> list[WorkflowListItem]:
        """The workflows list, read again only when it is due (see the module docstring)."""
        if self._workflows is None or time.monotonic() - self._workflows_read_at >= WORKFLOWS_EVERY:
            started = time.monotonic()
            self._workflows = await self.session.data.workflows()
            self._workflows_read_at = started
        return self._workflows

    def forget_workflows(self) -> None:
        """The next load reads the workflows list too."""
        self._workflows = None

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # runs before DataScreen's handler (Textual calls each class's handler along the MRO,
        # subclass first), so a load it starts reads the workflows too
        self.forget_workflows()

    def action_refresh_now(self) -> None:
        self.forget_workflows()
        super().action_refresh_now()

    def data_changed(self, change: DataChange) -> None:
        self.forget_workflows()  # a workflow written or deleted may use or leave a trigger
        super().data_changed(change)

    def show(self, data: Listing[Trigger]) -> None:
        self.workflows = cast(TriggerListing, data).workflows
        super().show(data)
