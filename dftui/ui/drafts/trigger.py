"""The trigger form's draft: one schedule rule, with only the fields its kind uses.

Triggers cannot be changed through the API (docs/api-contract.md, Triggers), so "edit" is a
replace: the same draft creates a new trigger and the old one is retired afterwards.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from dftui import schedule
from dftui.api.contract import DayOfWeek, Interval, TriggerRuleType, TriggerType, values
from dftui.api.models import Trigger
from dftui.timeutil import KST
from dftui.ui.drafts.fields import DraftError, name_problem, object_of, text_of

TRIGGER_TYPES = (TriggerType.SCHEDULED.value, TriggerType.NONE.value, TriggerType.EVENT.value)
TYPE_LABELS = {"SCHEDULED": "Scheduled", "NONE": "Manual (run on demand)", "EVENT": "Event (external caller)"}
RULE_KINDS = (TriggerRuleType.RECURRING.value, TriggerRuleType.ONE_TIME.value)
INTERVALS = values(Interval)
DAYS = values(DayOfWeek)
LAST_DAY = "-1"
DATES_OF_MONTH = (*(str(day) for day in range(1, 32)), LAST_DAY)

#: the wire field a rule problem names -> the form field that shows it
RULE_FIELDS = {
    "type": "type",
    "triggerRule": "rule_kind",
    "triggerRule.type": "rule_kind",
    "triggerRule.interval": "interval",
    "triggerRule.time": "time",
    "triggerRule.dayOfWeek": "days",
    "triggerRule.dateOfMonth": "date_of_month",
    "triggerRule.executionDate": "execution_date",
    "name": "name",
}
LABELS = {
    "type": "Type",
    "rule_kind": "Schedule",
    "interval": "Every",
    "time": "Time",
    "days": "Days",
    "date_of_month": "Day of month",
    "execution_date": "Date and time",
}


@dataclass(frozen=True)
class TriggerDraft:
    name: str = ""
    type: str = TriggerType.SCHEDULED.value
    rule_kind: str = TriggerRuleType.RECURRING.value
    interval: str = Interval.DAY.value
    time: str = "09:00"
    days: tuple[str, ...] = (DayOfWeek.MONDAY.value,)
    date_of_month: str = "1"
    execution_date: str = field(default="")

    @classmethod
    def new(cls, now: datetime) -> TriggerDraft:
        """Defaults that make a valid rule: every day at 09:00; a one-time date of tomorrow 09:00."""
        tomorrow = (now.astimezone(KST) + timedelta(days=1)).replace(
            hour=9, minute=0, second=0, microsecond=0
        )
        return cls(execution_date=f"{tomorrow:%Y-%m-%d %H:%M}")

    @classmethod
    def from_trigger(cls, trigger: Trigger, now: datetime) -> TriggerDraft:
        return cls.from_body(trigger.raw, now)

    @classmethod
    def from_body(cls, body: Mapping[str, Any], now: datetime) -> TriggerDraft:
        """A createTrigger body (or a trigger) back into a draft; a wrong type raises DraftError."""
        data = object_of(body, "")
        base = cls.new(now)
        kind = text_of(data, "type")
        if kind and kind not in TRIGGER_TYPES:
            raise DraftError("type", f"one of {', '.join(TRIGGER_TYPES)}")
        rule = object_of(data.get("triggerRule"), "triggerRule")
        rule_type = text_of(rule, "type", "triggerRule.")
        days_value = rule.get("dayOfWeek")
        if isinstance(days_value, str):
            days_value = [part.strip() for part in days_value.split(",") if part.strip()]
        if days_value is not None and not (
            isinstance(days_value, list) and all(isinstance(day, str) for day in days_value)
        ):
            raise DraftError("triggerRule.dayOfWeek", "a list of day names such as MONDAY")
        interval = text_of(rule, "interval", "triggerRule.")
        time_text = text_of(rule, "time", "triggerRule.")
        execution = text_of(rule, "executionDate", "triggerRule.").replace("T", " ")
        if len(execution) == 19 and execution.endswith(":00"):
            execution = execution[:16]
        return cls(
            name=text_of(data, "name"),
            type=kind or base.type,
            rule_kind=rule_type if rule_type in RULE_KINDS else base.rule_kind,
            interval=interval or base.interval,
            time=time_text or ("00" if interval == Interval.HOUR else base.time),
            days=tuple(days_value) if days_value else base.days,
            date_of_month=text_of(rule, "dateOfMonth", "triggerRule.") or base.date_of_month,
            execution_date=execution or base.execution_date,
        )

    def with_values(self, **changes: Any) -> TriggerDraft:
        return replace(self, **changes)

    # ---------------------------------------------------------------- what applies

    @property
    def scheduled(self) -> bool:
        return self.type == TriggerType.SCHEDULED

    def shown_fields(self) -> tuple[str, ...]:
        """The form fields that apply to the chosen type and rule kind, in form order."""
        if not self.scheduled:
            return ("name", "type")
        if self.rule_kind == TriggerRuleType.ONE_TIME:
            return ("name", "type", "rule_kind", "execution_date")
        extra = {"WEEK": ("days",), "MONTH": ("date_of_month",)}.get(self.interval, ())
        return ("name", "type", "rule_kind", "interval", "time", *extra)

    def rule(self) -> dict[str, Any]:
        """The ``triggerRule`` as typed, holding only the fields that apply."""
        if not self.scheduled:
            return {"type": TriggerRuleType.NONE.value}
        if self.rule_kind == TriggerRuleType.ONE_TIME:
            return {"type": TriggerRuleType.ONE_TIME.value, "executionDate": self.execution_date.strip()}
        rule: dict[str, Any] = {
            "type": TriggerRuleType.RECURRING.value,
            "interval": self.interval,
            "time": self.time.strip(),
        }
        if self.interval == Interval.WEEK:
            rule["dayOfWeek"] = [day for day in DAYS if day in self.days]
        elif self.interval == Interval.MONTH:
            rule["dateOfMonth"] = self.date_of_month
        return rule

    def body(self) -> dict[str, Any]:
        """The createTrigger body, normalised as the service stores it when the rule is valid."""
        rule = schedule.canonical_rule(self.type, self.rule()) or self.rule()
        return {"name": self.name.strip(), "type": self.type, "triggerRule": rule}

    def problems(self) -> dict[str, str]:
        found: dict[str, str] = {}
        problem = name_problem(self.name.strip())
        if problem:
            found["name"] = problem
        for rule_problem in schedule.rule_problems(self.type, self.rule()):
            key = RULE_FIELDS.get(rule_problem.field, "rule_kind")
            label = LABELS.get(key, key)
            message = rule_problem.message.split(": ", 1)[-1]
            found.setdefault(key, f"{label}: {message}")
        weekly = (
            self.scheduled and self.rule_kind == TriggerRuleType.RECURRING and self.interval == Interval.WEEK
        )
        if weekly and not self.days:
            found["days"] = "Days: choose at least one day of the week"
        return found

    def preview(self, now: datetime, zone_label: str = "KST") -> str:
        """ "Fires every Mon, Thu at 09:30 — next: Thu 2026-12-03 09:30 KST" (or why it never fires)."""
        if self.problems().keys() - {"name"}:
            return "Fix the schedule to see when it fires"
        rule = self.rule()
        words = schedule.describe_rule(self.type, rule)
        if not self.scheduled:
            return f"Never fires on a schedule: {words}"
        fires = schedule.next_fire_times(self.type, rule, now, count=1)
        if not fires:
            return f"Fires {words} \N{EM DASH} the date has passed, so it will never fire"
        nxt = fires[0].at.astimezone(KST)
        return f"Fires {words} \N{EM DASH} next: {nxt:%a %Y-%m-%d %H:%M} {zone_label}"
