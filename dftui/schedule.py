"""When a trigger fires, and how to say its rule in words (docs/api-contract.md, Trigger and triggerRule).

The emulator fires ``SCHEDULED`` triggers with :func:`fire_times_between`; the UI shows the rule
with :func:`describe_rule` and a forecast with :func:`next_fire_times`; the emulator and the
create-trigger form check input with :func:`validate_rule`. All of them read a rule through the one
parser below (:func:`_analyse`), so they cannot disagree about what a rule means: a rule fires
exactly when :func:`validate_rule` finds nothing wrong with it and the trigger type is ``SCHEDULED``.
:func:`canonical_rule` gives the normalised wire form to send or store.

Time is Korea time (+09:00, no daylight saving), so stepping by a fixed ``timedelta`` is exact.
Inputs may be aware in any zone (converted) or naive (taken as Korea time); outputs are KST-aware.
Recurring fire times fall on whole minutes; a ``ONE_TIME`` fire is exactly its ``executionDate``.

Format tolerance: ``time`` for ``HOUR`` may be ``"5"`` or ``"05"``; ``HH:mm`` may have a
one-digit hour; ``dayOfWeek`` may be a single or comma-separated string (the model splits it);
``dateOfMonth`` may be an integer or carry a leading zero; ``executionDate`` is an ISO date-time
(offset optional, seconds optional, no offset = Korea time). Surrounding whitespace is ignored.
Enum values are exact (upper case), as the service requires. Fields that do not apply to a rule are ignored.

Uncertainty. For ``MONTH`` rules on day 29, 30 or 31 some months lack the day. The emulator skips
those months, which is what :func:`fire_times_between` returns. The real service's behaviour is
unknown: it may instead run at the end of such a month. So :func:`next_fire_times` marks a fire
time ``uncertain`` when **the calendar month just before it lacks the day**, i.e. the first fire
after each skipped month: "a run may also happen before this one". The flag depends only on the
fire instant, never on where the forecast starts. ``"-1"`` (last day) never skips, so is never
uncertain; nor is any other interval.
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Iterator, Mapping
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from itertools import islice, takewhile
from typing import Any, NamedTuple

from pydantic import ValidationError

from dftui.api.models import DayOfWeek, Interval, TriggerRule, TriggerRuleType, TriggerType
from dftui.timeutil import KST, format_query_datetime, parse_datetime, to_kst

__all__ = [
    "FireTime",
    "RuleInput",
    "RuleProblem",
    "canonical_rule",
    "describe_next",
    "describe_rule",
    "fire_times_between",
    "is_uncertain",
    "next_fire_times",
    "rule_problems",
    "uncertainty_note",
    "validate_rule",
]

RuleInput = TriggerRule | Mapping[str, Any] | None
"""A parsed rule, or its wire dict (camelCase, as the emulator stores it), or nothing."""


class FireTime(NamedTuple):
    """One forecast firing. ``uncertain``: the real service might also run shortly before it."""

    at: datetime
    uncertain: bool = False


class RuleProblem(NamedTuple):
    """One reason a rule is rejected; ``field`` and ``value`` let the emulator build its 400 detail."""

    field: str
    value: Any
    message: str


# ------------------------------------------------------------------ parsed schedules


class _Hourly(NamedTuple):
    minute: int


class _Daily(NamedTuple):
    at: clock_time


class _Weekly(NamedTuple):
    weekdays: frozenset[int]  # date.weekday(): Monday = 0
    at: clock_time


class _Monthly(NamedTuple):
    day: int  # 1..31, or -1 for the last day of the month
    at: clock_time


class _Once(NamedTuple):
    at: datetime


_Schedule = _Hourly | _Daily | _Weekly | _Monthly | _Once

_ONE_HOUR = timedelta(hours=1)
_ONE_DAY = timedelta(days=1)
_LAST_DAY = -1

_ALLOWED_RULE_TYPES: dict[str, tuple[str, ...]] = {
    TriggerType.SCHEDULED: (TriggerRuleType.RECURRING, TriggerRuleType.ONE_TIME),
    TriggerType.NONE: (TriggerRuleType.NONE,),
    TriggerType.EVENT: (TriggerRuleType.NONE,),
}
_TRIGGER_TYPES = tuple(TriggerType)
_RULE_TYPES = tuple(TriggerRuleType)
_INTERVALS = tuple(Interval)
_WEEKDAY_NAMES = tuple(DayOfWeek)  # MONDAY..SUNDAY, index == date.weekday()
_WEEKDAY_SHORT = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_SHORT = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)  # not locale

# ASCII digits only: str.isdigit() and \d also accept other scripts' digits.
_MINUTE_RE = re.compile(r"[0-9]{1,2}")
_CLOCK_RE = re.compile(r"([0-9]{1,2}):([0-9]{2})")
_DAY_OF_MONTH_RE = re.compile(r"-1|[0-9]{1,2}")
_DATE_TIME_RE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:?[0-9]{2})?"
)

_ALLOWED_TEXT = {
    "type": "one of " + ", ".join(_TRIGGER_TYPES),
    "triggerRule": 'an object with at least "type"',
    "triggerRule.type": "one of " + ", ".join(_RULE_TYPES),
    "triggerRule.interval": "one of " + ", ".join(_INTERVALS),
    "time/HOUR": 'the minute of each hour, "00"-"59"',
    "time/clock": 'a time of day "00:00"-"23:59" (HH:mm, 24-hour)',
    "triggerRule.dayOfWeek": "a non-empty list of " + ", ".join(_WEEKDAY_NAMES),
    "triggerRule.dateOfMonth": '"1"-"31", or "-1" for the last day of the month',
    "triggerRule.executionDate": 'a Korea-time date-time such as "2025-04-01T10:00:00"',
}


# ------------------------------------------------------------------ field parsers


def _text(value: Any) -> str | None:
    """The stripped string form of a scalar field; None for anything that is not text or a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return value.strip()
    return None


def _parse_minute(value: Any) -> int | None:
    text = _text(value)
    if text is None or not _MINUTE_RE.fullmatch(text):
        return None
    minute = int(text)
    return minute if minute <= 59 else None


def _parse_clock(value: Any) -> clock_time | None:
    text = _text(value)
    match = _CLOCK_RE.fullmatch(text) if text is not None else None
    if match is None:
        return None
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59:
        return None
    return clock_time(hour, minute)


def _parse_day_of_month(value: Any) -> int | None:
    text = _text(value)
    if text is None or not _DAY_OF_MONTH_RE.fullmatch(text):
        return None
    day = int(text)
    return day if day == _LAST_DAY or 1 <= day <= 31 else None


def _parse_execution_date(value: Any) -> datetime | None:
    text = _text(value)
    if text is None or not _DATE_TIME_RE.fullmatch(text):
        return None
    try:
        return to_kst(parse_datetime(text))
    except (ValueError, OverflowError):
        return None


def _weekday_values(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list | tuple | set | frozenset):
        return list(value)
    return [value]


# ------------------------------------------------------------------ analysis


class _Analysis(NamedTuple):
    schedule: _Schedule | None  # None for a NONE rule or when there are problems
    problems: list[RuleProblem]
    rule: TriggerRule | None


def _problem(field: str, value: Any, what: str, allowed_key: str | None = None) -> RuleProblem:
    allowed = _ALLOWED_TEXT[allowed_key or field]
    return RuleProblem(field, value, f"{field}: {what}; {allowed}")


def _rejected(field: str, value: Any, allowed_key: str | None = None) -> RuleProblem:
    return _problem(field, value, f"{_show(value)} is not allowed", allowed_key)


def _show(value: Any, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _coerce_rule(rule: Any) -> tuple[TriggerRule | None, list[RuleProblem]]:
    """Accept a model or a wire dict; report model-level type errors per field."""
    if isinstance(rule, TriggerRule):
        return rule, []
    if rule is None:
        return None, [_problem("triggerRule", None, "required")]
    if not isinstance(rule, Mapping):
        return None, [_problem("triggerRule", rule, f"{_show(rule)} is not an object")]
    try:
        return TriggerRule.model_validate(dict(rule)), []
    except ValidationError as exc:
        problems: list[RuleProblem] = []
        for error in exc.errors():
            field = f"triggerRule.{error['loc'][0]}" if error["loc"] else "triggerRule"
            if field == "triggerRule.time":
                allowed_key = "time/clock"
            elif field in _ALLOWED_TEXT:
                allowed_key = field
            else:
                allowed_key = "triggerRule"
            what = "required" if error["type"] == "missing" else f"{_show(error.get('input'))} is not allowed"
            problem = _problem(field, error.get("input"), what, allowed_key)
            if problem not in problems:
                problems.append(problem)
        return None, problems


def _analyse(trigger_type: Any, rule: Any) -> _Analysis:
    """Check a trigger type and rule against the createTrigger rules; build the schedule if sound."""
    problems: list[RuleProblem] = []
    if trigger_type is None or trigger_type == "":
        problems.append(_problem("type", trigger_type, "required"))
    elif trigger_type not in _TRIGGER_TYPES:
        problems.append(_rejected("type", trigger_type))

    parsed, coerce_problems = _coerce_rule(rule)
    problems += coerce_problems
    if parsed is None:
        return _Analysis(None, problems, None)

    rule_type = parsed.type
    if rule_type not in _RULE_TYPES:
        problems.append(_rejected("triggerRule.type", rule_type))
        return _Analysis(None, problems, parsed)
    allowed = _ALLOWED_RULE_TYPES[trigger_type] if trigger_type in _TRIGGER_TYPES else None
    if allowed is not None and rule_type not in allowed:
        needed = " or ".join(allowed)
        problems.append(
            RuleProblem(
                "triggerRule.type",
                rule_type,
                f"triggerRule.type: {_article(trigger_type)} {trigger_type} trigger needs {needed}, not {rule_type}",
            )
        )

    schedule: _Schedule | None = None
    if rule_type == TriggerRuleType.RECURRING:
        schedule = _analyse_recurring(parsed, problems)
    elif rule_type == TriggerRuleType.ONE_TIME:
        schedule = _analyse_one_time(parsed, problems)
    return _Analysis(None if problems else schedule, problems, parsed)


def _article(word: str) -> str:
    return "an" if word[:1] in "AEIOU" else "a"


def _analyse_one_time(rule: TriggerRule, problems: list[RuleProblem]) -> _Schedule | None:
    field = "triggerRule.executionDate"
    if rule.execution_date is None or _text(rule.execution_date) == "":
        problems.append(_problem(field, rule.execution_date, "required for ONE_TIME"))
        return None
    at = _parse_execution_date(rule.execution_date)
    if at is None:
        problems.append(
            _problem(field, rule.execution_date, f"{_show(rule.execution_date)} is not a date-time")
        )
        return None
    return _Once(at)


def _analyse_recurring(rule: TriggerRule, problems: list[RuleProblem]) -> _Schedule | None:
    interval = rule.interval
    if interval is None or interval == "":
        problems.append(_problem("triggerRule.interval", interval, "required for RECURRING"))
    elif interval not in _INTERVALS:
        problems.append(_rejected("triggerRule.interval", interval))

    time_key = "time/HOUR" if interval == Interval.HOUR else "time/clock"
    time_value = rule.time
    minute: int | None = None
    at: clock_time | None = None
    if time_value is None or _text(time_value) == "":
        problems.append(_problem("triggerRule.time", time_value, "required for RECURRING", time_key))
    elif interval == Interval.HOUR:
        minute = _parse_minute(time_value)
        if minute is None:
            problems.append(
                _problem("triggerRule.time", time_value, _not_allowed_for(time_value, interval), time_key)
            )
    elif interval in _INTERVALS:
        at = _parse_clock(time_value)
        if at is None:
            problems.append(
                _problem("triggerRule.time", time_value, _not_allowed_for(time_value, interval), time_key)
            )

    if interval == Interval.HOUR:
        return _Hourly(minute) if minute is not None else None
    if interval == Interval.DAY:
        return _Daily(at) if at is not None else None
    if interval == Interval.WEEK:
        weekdays = _analyse_weekdays(rule.day_of_week, problems)
        return _Weekly(weekdays, at) if at is not None and weekdays else None
    if interval == Interval.MONTH:
        day = _analyse_day_of_month(rule.date_of_month, problems)
        return _Monthly(day, at) if at is not None and day is not None else None
    return None


def _not_allowed_for(value: Any, interval: str) -> str:
    return f"{_show(value)} is not allowed for {interval}"


def _analyse_weekdays(value: Any, problems: list[RuleProblem]) -> frozenset[int]:
    field = "triggerRule.dayOfWeek"
    names = _weekday_values(value)
    if not names:
        problems.append(_problem(field, value, "required for WEEK"))
        return frozenset()
    days: set[int] = set()
    for name in names:
        if isinstance(name, str) and name.strip() in _WEEKDAY_NAMES:
            days.add(_WEEKDAY_NAMES.index(name.strip()))
        else:
            problems.append(_problem(field, name, f"{_show(name)} is not a day of the week"))
    return frozenset(days)


def _analyse_day_of_month(value: Any, problems: list[RuleProblem]) -> int | None:
    field = "triggerRule.dateOfMonth"
    if value is None or _text(value) == "":
        problems.append(_problem(field, value, "required for MONTH"))
        return None
    day = _parse_day_of_month(value)
    if day is None:
        problems.append(_rejected(field, value))
    return day


# ------------------------------------------------------------------ public: validation


def rule_problems(trigger_type: str, rule: RuleInput) -> list[RuleProblem]:
    """Everything wrong with a trigger type + rule, as (field, value, message); empty when valid."""
    return _analyse(trigger_type, rule).problems


def validate_rule(trigger_type: str, rule: RuleInput) -> list[str]:
    """Human messages, each naming the wire field and what it allows; empty when the rule is valid.

    Covers createTrigger (docs/api-contract.md, Trigger operations): enums, the type/rule-type
    table (SCHEDULED → RECURRING|ONE_TIME; NONE and
    EVENT → NONE), conditional fields, ``time`` 0-59 for HOUR else 00:00-23:59, a non-empty valid
    ``dayOfWeek``, ``dateOfMonth`` 1-31 or -1, a parseable ``executionDate`` (a past one is valid).
    """
    return [problem.message for problem in rule_problems(trigger_type, rule)]


def canonical_rule(trigger_type: str, rule: RuleInput) -> dict[str, Any] | None:
    """The wire form to send or store: only applicable fields, normalised; None when invalid.

    HOUR ``time`` gets two digits, clock times ``HH:mm``, ``dayOfWeek`` an array in Monday..Sunday
    order without repeats, ``dateOfMonth`` a plain string, ``executionDate`` ``YYYY-MM-DDTHH:mm:ss``
    in Korea time (the form the emulator stores).
    """
    analysis = _analyse(trigger_type, rule)
    if analysis.problems or analysis.rule is None:
        return None
    schedule = analysis.schedule
    if isinstance(schedule, _Once):
        return {"type": TriggerRuleType.ONE_TIME.value, "executionDate": format_query_datetime(schedule.at)}
    if isinstance(schedule, _Hourly):
        return _recurring(Interval.HOUR, f"{schedule.minute:02d}")
    if isinstance(schedule, _Daily):
        return _recurring(Interval.DAY, _hh_mm(schedule.at))
    if isinstance(schedule, _Weekly):
        wire = _recurring(Interval.WEEK, _hh_mm(schedule.at))
        wire["dayOfWeek"] = [_WEEKDAY_NAMES[day].value for day in sorted(schedule.weekdays)]
        return wire
    if isinstance(schedule, _Monthly):
        wire = _recurring(Interval.MONTH, _hh_mm(schedule.at))
        wire["dateOfMonth"] = str(schedule.day)
        return wire
    return {"type": TriggerRuleType.NONE.value}


def _recurring(interval: Interval, time_text: str) -> dict[str, Any]:
    return {"type": TriggerRuleType.RECURRING.value, "interval": interval.value, "time": time_text}


def _hh_mm(at: clock_time) -> str:
    return f"{at.hour:02d}:{at.minute:02d}"


# ------------------------------------------------------------------ public: firing


def _aware(dt: datetime) -> datetime:
    """Naive means Korea time (docs/api-contract.md, Dates and time zones)."""
    return dt.replace(tzinfo=KST) if dt.tzinfo is None else dt


def _kst(dt: datetime) -> datetime:
    """In Korea time, clamped to the representable range instead of raising near year 1 or 9999."""
    try:
        return to_kst(dt)
    except OverflowError:
        edge = datetime.max if dt.year > 5000 else datetime.min
        return edge.replace(tzinfo=KST)


def _firing_schedule(trigger_type: str, rule: RuleInput) -> _Schedule | None:
    """The schedule that actually fires: only SCHEDULED triggers with a sound rule."""
    if trigger_type != TriggerType.SCHEDULED:
        return None
    return _analyse(trigger_type, rule).schedule


def _iter_fires(schedule: _Schedule, after: datetime) -> Iterator[datetime]:
    """Fire instants strictly after ``after``, increasing, lazily; each step is O(1) amortised."""
    after = _kst(after)
    try:
        if isinstance(schedule, _Once):
            if schedule.at > after:
                yield schedule.at
        elif isinstance(schedule, _Hourly):
            yield from _iter_hourly(schedule.minute, after)
        elif isinstance(schedule, _Daily):
            yield from _iter_days(schedule.at, after, None)
        elif isinstance(schedule, _Weekly):
            yield from _iter_days(schedule.at, after, schedule.weekdays)
        else:
            yield from _iter_monthly(schedule, after)
    except OverflowError:  # ran past datetime.max (year 9999): nothing later can fire
        return


def _iter_hourly(minute: int, after: datetime) -> Iterator[datetime]:
    at = after.replace(minute=minute, second=0, microsecond=0)
    if at <= after:
        at += _ONE_HOUR
    while True:
        yield at
        at += _ONE_HOUR


def _iter_days(at: clock_time, after: datetime, weekdays: frozenset[int] | None) -> Iterator[datetime]:
    """Daily (``weekdays`` None) or weekly; at most 7 days are examined per yield."""
    day = after.date()
    while True:
        if weekdays is None or day.weekday() in weekdays:
            fire = datetime.combine(day, at, tzinfo=KST)
            if fire > after:
                yield fire
        day += _ONE_DAY


def _iter_monthly(schedule: _Monthly, after: datetime) -> Iterator[datetime]:
    """One candidate per month; months lacking the day are skipped (at most one in a row)."""
    year, month = after.year, after.month
    while year <= date.max.year:
        day = _day_in_month(schedule.day, year, month)
        if day is not None:
            fire = datetime.combine(date(year, month, day), schedule.at, tzinfo=KST)
            if fire > after:
                yield fire
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _day_in_month(day: int, year: int, month: int) -> int | None:
    length = monthrange(year, month)[1]
    if day == _LAST_DAY:
        return length
    return day if day <= length else None


def _follows_skipped_month(schedule: _Schedule, at: datetime) -> bool:
    if not isinstance(schedule, _Monthly) or schedule.day == _LAST_DAY:
        return False
    year, month = (at.year - 1, 12) if at.month == 1 else (at.year, at.month - 1)
    if year < date.min.year:
        return False
    return _day_in_month(schedule.day, year, month) is None


def is_uncertain(trigger_type: str, rule: RuleInput, at: datetime) -> bool:
    """True when ``at`` is the first firing after a month the emulator skipped (see module doc)."""
    schedule = _firing_schedule(trigger_type, rule)
    return schedule is not None and _follows_skipped_month(schedule, _kst(at))


def uncertainty_note(trigger_type: str, rule: RuleInput, at: datetime) -> str | None:
    """Why a forecast fire is uncertain, in a few words for the UI; None when it is not.

    E.g. "Apr has no day 31 (skipped); the service may run at its end".
    """
    schedule = _firing_schedule(trigger_type, rule)
    at = _kst(at)
    if not isinstance(schedule, _Monthly) or not _follows_skipped_month(schedule, at):
        return None
    previous = _MONTH_SHORT[(at.replace(day=1) - _ONE_DAY).month - 1]
    return f"{previous} has no day {schedule.day} (skipped); the service may run at its end"


def next_fire_times(trigger_type: str, rule: RuleInput, after: datetime, count: int = 10) -> list[FireTime]:
    """The next ``count`` firings strictly after ``after`` (KST-aware), for forecasts.

    Empty for NONE/EVENT triggers, NONE rules, a past ONE_TIME date and anything
    :func:`validate_rule` rejects; never raises for a malformed rule.
    """
    schedule = _firing_schedule(trigger_type, rule)
    if schedule is None or count <= 0:
        return []
    return [
        FireTime(at, _follows_skipped_month(schedule, at))
        for at in islice(_iter_fires(schedule, after), count)
    ]


def fire_times_between(trigger_type: str, rule: RuleInput, start: datetime, end: datetime) -> list[datetime]:
    """Every firing in the half-open interval ``(start, end]``; O(number of results).

    Half-open so that consecutive catch-up windows ``(t0, t1]``, ``(t1, t2]`` fire each instant once.
    """
    schedule = _firing_schedule(trigger_type, rule)
    if schedule is None:
        return []
    end = _kst(end)
    return list(takewhile(lambda at: at <= end, _iter_fires(schedule, start)))


# ------------------------------------------------------------------ public: words


def describe_rule(trigger_type: str, rule: RuleInput) -> str:
    """The rule as a person reads it at a glance (Korea time); a readable fallback, never an error."""
    if trigger_type == TriggerType.NONE:
        return "manual (run on demand)"
    if trigger_type == TriggerType.EVENT:
        return "on external event"
    analysis = _analyse(trigger_type, rule)
    schedule = analysis.schedule
    if schedule is None:
        return _fallback(trigger_type, analysis.rule)
    if isinstance(schedule, _Hourly):
        return f"every hour at :{schedule.minute:02d}"
    if isinstance(schedule, _Daily):
        return f"every day at {_hh_mm(schedule.at)}"
    if isinstance(schedule, _Weekly):
        return f"{_describe_weekdays(schedule.weekdays)} at {_hh_mm(schedule.at)}"
    if isinstance(schedule, _Monthly):
        day = "the last day" if schedule.day == _LAST_DAY else f"day {schedule.day}"
        return f"monthly on {day} at {_hh_mm(schedule.at)}"
    seconds = f":{schedule.at.second:02d}" if schedule.at.second else ""
    return f"once on {schedule.at:%Y-%m-%d %H:%M}{seconds}"


def _describe_weekdays(weekdays: frozenset[int]) -> str:
    if len(weekdays) == 7:
        return "every day"
    if weekdays == frozenset(range(5)):
        return "every weekday"
    return ", ".join(_WEEKDAY_SHORT[day] for day in sorted(weekdays))


def _fallback(trigger_type: Any, rule: TriggerRule | None) -> str:
    """E.g. ``RECURRING/FORTNIGHT (unrecognised)``: what the rule claims to be, clipped."""
    if trigger_type not in _TRIGGER_TYPES:
        return f"{_clip(trigger_type)} (unrecognised)"
    if rule is None:
        return f"{_clip(trigger_type)} (no valid rule)"
    if rule.type == TriggerRuleType.RECURRING:
        kind = f"{_clip(rule.type)}/{_clip(rule.interval)}"
    elif trigger_type == TriggerType.SCHEDULED and rule.type != TriggerRuleType.ONE_TIME:
        kind = f"{_clip(trigger_type)}/{_clip(rule.type)}"
    else:
        kind = _clip(rule.type)
    return f"{kind} (unrecognised)"


def _clip(value: Any, limit: int = 20) -> str:
    text = "?" if value is None or value == "" else str(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe_next(fire: datetime, now: datetime) -> str:
    """How far away a firing is: "now", "in 45s", "in 12m", "in 3h 12m", "in 2d 4h", or "5m ago".

    Whole seconds, truncated; the two largest units, with a zero second unit left out.
    """
    seconds = int((_aware(fire) - _aware(now)).total_seconds())
    if seconds == 0:
        return "now"
    span = _span(abs(seconds))
    return f"in {span}" if seconds > 0 else f"{span} ago"


def _span(seconds: int) -> str:
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h" if hours else f"{days}d"
    if hours:
        return f"{hours}h {minutes}m" if minutes else f"{hours}h"
    if minutes:
        return f"{minutes}m"
    return f"{secs}s"
