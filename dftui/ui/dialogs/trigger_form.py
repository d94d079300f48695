"""New trigger, duplicate, and "replace" (the API cannot change a trigger): one form."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Input, Select, SelectionList

from dftui.api.models import Trigger
from dftui.ui.dialogs.form import FieldRow, FormScreen
from dftui.ui.drafts.trigger import (
    DATES_OF_MONTH,
    DAYS,
    INTERVALS,
    LAST_DAY,
    RULE_FIELDS,
    TYPE_LABELS,
    TriggerDraft,
)

INTERVAL_LABELS = {"HOUR": "Every hour", "DAY": "Every day", "WEEK": "Every week", "MONTH": "Every month"}
RULE_KIND_LABELS = {"RECURRING": "Repeating", "ONE_TIME": "Once, on a date"}


class TriggerForm(FormScreen[TriggerDraft, Trigger]):
    submit_label = "Create"
    json_name = "trigger.json"

    def __init__(
        self,
        title: str,
        initial: TriggerDraft,
        send: Callable[[TriggerDraft], Awaitable[Trigger]],
        *,
        now: Callable[[], datetime],
        zone_label: str,
        submit_label: str = "Create",
    ) -> None:
        super().__init__(title, initial, send)
        self.now = now
        self.zone_label = zone_label
        self.submit_label = submit_label  # type: ignore[misc]
        self.preview = ""

    def compose_fields(self) -> ComposeResult:
        yield FieldRow("name", "Name", Input(placeholder="daily_0900", compact=True))
        yield FieldRow(
            "type",
            "Type",
            Select([(label, value) for value, label in TYPE_LABELS.items()], allow_blank=False, compact=True),
        )
        yield FieldRow(
            "rule_kind",
            "Schedule",
            Select(
                [(label, value) for value, label in RULE_KIND_LABELS.items()], allow_blank=False, compact=True
            ),
        )
        yield FieldRow(
            "interval",
            "Every",
            Select([(INTERVAL_LABELS[value], value) for value in INTERVALS], allow_blank=False, compact=True),
        )
        yield FieldRow(
            "time",
            "Time",
            Input(placeholder="09:30", compact=True),
            hint="HH:MM (24-hour); every hour: the minute, 00-59",
        )
        yield FieldRow(
            "days", "Days", SelectionList[str](*[(day.title(), day) for day in DAYS], compact=True)
        )
        yield FieldRow(
            "date_of_month",
            "Day of month",
            Select(
                [("Last day of the month" if day == LAST_DAY else day, day) for day in DATES_OF_MONTH],
                allow_blank=False,
                compact=True,
            ),
        )
        yield FieldRow(
            "execution_date",
            "Date and time",
            Input(placeholder="2026-12-24 09:00", compact=True),
            hint="YYYY-MM-DD HH:MM, Korea time",
        )

    def read_draft(self) -> TriggerDraft:
        return TriggerDraft(
            name=self.get("name"),
            type=self.get("type"),
            rule_kind=self.get("rule_kind"),
            interval=self.get("interval"),
            time=self.get("time"),
            days=self.get("days"),
            date_of_month=self.get("date_of_month"),
            execution_date=self.get("execution_date"),
        )

    def fill(self, draft: TriggerDraft) -> None:
        for key in (
            "name",
            "type",
            "rule_kind",
            "interval",
            "time",
            "days",
            "date_of_month",
            "execution_date",
        ):
            self.put(key, getattr(draft, key))

    def advice(self, draft: TriggerDraft) -> dict[str, str]:
        return self.name_advice(draft.name)

    def problems(self, draft: TriggerDraft) -> dict[str, str]:
        return draft.problems()

    def body(self, draft: TriggerDraft) -> dict[str, Any]:
        return draft.body()

    def from_body(self, body: Any) -> TriggerDraft:
        return TriggerDraft.from_body(body, self.now())

    def shown_fields(self, draft: TriggerDraft) -> Iterable[str]:
        return draft.shown_fields()

    def field_for(self, server_path: str) -> str | None:
        return RULE_FIELDS.get(server_path) or super().field_for(server_path)

    def draft_changed(self, draft: TriggerDraft) -> None:
        self.preview = draft.preview(self.now(), self.zone_label)

    def note(self) -> str:
        return self.preview
