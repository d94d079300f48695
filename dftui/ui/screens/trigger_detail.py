"""Trigger detail: the rule in words, the next ten fire times, who uses it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from dftui.api.models import Trigger, WorkflowListItem
from dftui.schedule import next_fire_times
from dftui.ui.format import format_relative
from dftui.ui.safe_text import clean, safe_text
from dftui.ui.screens.detail import DetailScreen
from dftui.ui.session import Session
from dftui.ui.trigger_words import rule_in_words, workflows_using


@dataclass(frozen=True)
class TriggerData:
    trigger: Trigger
    workflows: list[WorkflowListItem]


class TriggerDetailScreen(DetailScreen[TriggerData]):
    screen_title = "Trigger"
    creates = "trigger"
    shows = frozenset({"trigger"})

    def __init__(self, session: Session, trigger: Trigger) -> None:
        super().__init__(session)
        self.trigger = trigger
        self.workflows: list[WorkflowListItem] = []

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="trigger"):
            yield Static(id="summary")
            yield Static(id="fires")
            yield Static(id="users")

    def on_mount(self) -> None:
        self.workflows = self.session.data.cached("workflows")
        self._draw()

    async def fetch(self) -> TriggerData:
        trigger = await self.session.client.get_trigger_by_id(self.trigger.trigger_id)
        return TriggerData(trigger, await self.session.data.workflows())

    def show(self, data: TriggerData) -> None:
        self.trigger, self.workflows = data.trigger, data.workflows
        self._draw()

    def _draw(self) -> None:
        trigger = self.trigger
        now = self.session.now()
        display = self.session.times
        summary = Text()
        for label, value in (
            ("ID", trigger.trigger_id),
            ("Name", trigger.name),
            ("Type", trigger.type),
            ("Rule", rule_in_words(trigger)),
            ("Created", display.full(trigger.created_date)),
        ):
            summary.append(f"{label:<9}", style="bold")
            summary.append(f"{clean(value)}\n")
        self.query_one("#summary", Static).update(summary)

        fires = Table(title="Next fire times", title_justify="left", box=None, padding=(0, 2))
        fires.add_column("#", justify="right")
        fires.add_column(f"When ({display.label})")
        fires.add_column("In")
        fires.add_column("")
        try:
            times = next_fire_times(trigger.type, trigger.trigger_rule, now, 10)
        except Exception as error:  # an unusual rule must not break the view
            times = []
            fires.add_row("", safe_text(f"cannot compute: {error}", "red"), "", "")
        for index, fire in enumerate(times, 1):
            mark = Text("? uncertain", style="yellow") if fire.uncertain else Text("")
            fires.add_row(str(index), display.full(fire.at), format_relative(fire.at, now), mark)
        if not times:
            fires.add_row("", Text("never fires on a schedule", style="dim"), "", "")
        self.query_one("#fires", Static).update(fires)

        users = Table(title="Used by workflows", title_justify="left", box=None, padding=(0, 2))
        users.add_column("Workflow")
        users.add_column("ID")
        using = workflows_using(trigger.trigger_id, self.workflows)
        for workflow in using:
            users.add_row(safe_text(workflow.name), safe_text(workflow.workflow_id))
        if not using:
            users.add_row(Text("no workflow uses this trigger", style="dim"), "")
        self.query_one("#users", Static).update(users)

    def selected_object(self) -> Any:
        return self.trigger
