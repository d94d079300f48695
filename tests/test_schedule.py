"""dftui.schedule: firing instants, forecast uncertainty, validation and the words for a rule."""

from __future__ import annotations

import json
import random
from calendar import monthrange
from datetime import UTC, datetime, timedelta, timezone
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dftui.api.models import TriggerCreate, TriggerRule
from dftui.schedule import (
    FireTime,
    canonical_rule,
    describe_next,
    describe_rule,
    fire_times_between,
    is_uncertain,
    next_fire_times,
    rule_problems,
    uncertainty_note,
    validate_rule,
)
from dftui.timeutil import KST

EXAMPLES = Path(__file__).parent / "examples"
NOW = datetime(2026, 11, 28, 9, 0, tzinfo=KST)  # a Saturday, the emulator fixtures' frozen clock


def kst(*args: int) -> datetime:
    return datetime(*args, tzinfo=KST)  # type: ignore[misc]


def hourly(time: Any) -> dict[str, Any]:
    return {"type": "RECURRING", "interval": "HOUR", "time": time}


def daily(time: str) -> dict[str, Any]:
    return {"type": "RECURRING", "interval": "DAY", "time": time}


def weekly(time: str, days: Any) -> dict[str, Any]:
    return {"type": "RECURRING", "interval": "WEEK", "time": time, "dayOfWeek": days}


def monthly(time: str, day: Any) -> dict[str, Any]:
    return {"type": "RECURRING", "interval": "MONTH", "time": time, "dateOfMonth": day}


def once(when: str) -> dict[str, Any]:
    return {"type": "ONE_TIME", "executionDate": when}


def times(rule: Any, after: datetime, count: int = 10, trigger_type: str = "SCHEDULED") -> list[datetime]:
    return [fire.at for fire in next_fire_times(trigger_type, rule, after, count)]


# ----------------------------------------------------------------------------- HOUR


def test_hourly_reference_example_fires_every_hour_at_minute_30() -> None:
    rule = TriggerRule.model_validate(hourly("30"))
    assert times(rule, NOW, 4) == [kst(2026, 11, 28, h, 30) for h in (9, 10, 11, 12)]


@pytest.mark.parametrize("minute", ["5", "05", 5, " 05 "])
def test_hourly_accepts_one_or_two_digit_minutes(minute: Any) -> None:
    assert times(hourly(minute), kst(2026, 11, 28, 23, 10), 2) == [
        kst(2026, 11, 29, 0, 5),
        kst(2026, 11, 29, 1, 5),
    ]


def test_hourly_minute_zero_and_59() -> None:
    assert times(hourly("00"), kst(2026, 11, 28, 9, 0), 1) == [kst(2026, 11, 28, 10, 0)]
    assert times(hourly("59"), kst(2026, 11, 28, 9, 59, 59), 1) == [kst(2026, 11, 28, 10, 59)]


def test_after_exactly_on_a_fire_instant_is_excluded() -> None:
    assert times(hourly("30"), kst(2026, 11, 28, 9, 30), 1) == [kst(2026, 11, 28, 10, 30)]
    assert times(hourly("30"), kst(2026, 11, 28, 9, 29, 59, 999_999), 1) == [kst(2026, 11, 28, 9, 30)]
    assert times(hourly("30"), kst(2026, 11, 28, 9, 30, 0, 1), 1) == [kst(2026, 11, 28, 10, 30)]


# ----------------------------------------------------------------------------- DAY


def test_daily_at_midnight_boundary() -> None:
    rule = daily("00:00")
    assert times(rule, kst(2026, 11, 28, 0, 0), 2) == [kst(2026, 11, 29), kst(2026, 11, 30)]
    assert times(rule, kst(2026, 11, 28, 23, 59, 59), 1) == [kst(2026, 11, 29)]
    assert times(rule, kst(2026, 11, 27, 23, 59, 59, 999_999), 1) == [kst(2026, 11, 28)]


def test_daily_crosses_month_and_year_ends() -> None:
    assert times(daily("23:59"), kst(2026, 12, 31, 23, 59), 2) == [
        kst(2027, 1, 1, 23, 59),
        kst(2027, 1, 2, 23, 59),
    ]
    assert times(daily("10:00"), kst(2028, 2, 28, 12, 0), 2) == [kst(2028, 2, 29, 10), kst(2028, 3, 1, 10)]


def test_daily_tolerates_a_one_digit_hour() -> None:
    assert times(daily("9:05"), NOW, 1) == [kst(2026, 11, 28, 9, 5)]


# ----------------------------------------------------------------------------- WEEK


def test_weekly_reference_example_tuesday_and_friday() -> None:
    rule = weekly("09:00", ["TUESDAY", "FRIDAY"])
    assert times(rule, NOW, 4) == [
        kst(2026, 12, 1, 9),
        kst(2026, 12, 4, 9),
        kst(2026, 12, 8, 9),
        kst(2026, 12, 11, 9),
    ]
    assert times(rule, kst(2026, 12, 1, 9, 0), 1) == [kst(2026, 12, 4, 9)]  # on the instant: excluded


@pytest.mark.parametrize(
    "days", [["FRIDAY", "TUESDAY"], "TUESDAY,FRIDAY", " FRIDAY , TUESDAY ", ["TUESDAY", "FRIDAY", "TUESDAY"]]
)
def test_weekly_day_list_forms_are_equivalent(days: Any) -> None:
    assert times(weekly("09:00", days), NOW, 3) == times(weekly("09:00", ["TUESDAY", "FRIDAY"]), NOW, 3)


def test_weekly_single_day_string_via_the_model() -> None:
    rule = TriggerRule.model_validate(weekly("18:00", "SATURDAY"))
    assert times(rule, NOW, 2) == [kst(2026, 11, 28, 18), kst(2026, 12, 5, 18)]


def test_weekly_later_today_fires_today() -> None:
    assert times(weekly("09:01", ["SATURDAY"]), NOW, 1) == [kst(2026, 11, 28, 9, 1)]
    assert times(weekly("08:59", ["SATURDAY"]), NOW, 1) == [kst(2026, 12, 5, 8, 59)]


# ----------------------------------------------------------------------------- MONTH


@pytest.mark.parametrize(("year", "february_end"), [(2027, 28), (2028, 29), (2100, 28), (2000, 29)])
def test_monthly_last_day_across_february(year: int, february_end: int) -> None:
    fires = next_fire_times("SCHEDULED", monthly("23:30", "-1"), kst(year, 1, 31, 23, 30), 3)
    assert [f.at for f in fires] == [
        kst(year, 2, february_end, 23, 30),
        kst(year, 3, 31, 23, 30),
        kst(year, 4, 30, 23, 30),
    ]
    assert not any(f.uncertain for f in fires)


def test_monthly_31_skips_short_months_and_flags_the_fire_after_each() -> None:
    fires = next_fire_times("SCHEDULED", monthly("23:30", "31"), kst(2027, 1, 1), 7)
    assert fires == [
        FireTime(kst(2027, 1, 31, 23, 30), False),  # December has a 31st
        FireTime(kst(2027, 3, 31, 23, 30), True),  # February skipped
        FireTime(kst(2027, 5, 31, 23, 30), True),  # April skipped
        FireTime(kst(2027, 7, 31, 23, 30), True),  # June skipped
        FireTime(kst(2027, 8, 31, 23, 30), False),
        FireTime(kst(2027, 10, 31, 23, 30), True),  # September skipped
        FireTime(kst(2027, 12, 31, 23, 30), True),  # November skipped
    ]
    span = fire_times_between("SCHEDULED", monthly("23:30", "31"), kst(2027, 1, 1), kst(2028, 1, 1))
    assert [at.month for at in span] == [1, 3, 5, 7, 8, 10, 12]


def test_monthly_29_depends_on_leap_years() -> None:
    common = next_fire_times("SCHEDULED", monthly("06:00", "29"), kst(2027, 1, 30), 1)
    assert common == [FireTime(kst(2027, 3, 29, 6), True)]
    leap = next_fire_times("SCHEDULED", monthly("06:00", "29"), kst(2028, 1, 30), 2)
    assert leap == [FireTime(kst(2028, 2, 29, 6), False), FireTime(kst(2028, 3, 29, 6), False)]


def test_uncertain_flag_depends_on_the_instant_not_the_forecast_start() -> None:
    rule = monthly("23:30", "30")
    assert next_fire_times("SCHEDULED", rule, kst(2027, 3, 1), 1) == [
        FireTime(kst(2027, 3, 30, 23, 30), True)
    ]
    assert next_fire_times("SCHEDULED", rule, kst(2026, 12, 1), 3)[2] == FireTime(
        kst(2027, 3, 30, 23, 30), True
    )
    assert is_uncertain("SCHEDULED", rule, kst(2027, 3, 30, 23, 30))
    assert not is_uncertain("SCHEDULED", rule, kst(2027, 4, 30, 23, 30))
    assert not is_uncertain("SCHEDULED", monthly("23:30", "-1"), kst(2027, 3, 31, 23, 30))
    assert not is_uncertain("SCHEDULED", daily("10:00"), kst(2027, 3, 1, 10))


def test_uncertainty_note_names_the_skipped_month() -> None:
    rule = monthly("23:30", "31")
    assert uncertainty_note("SCHEDULED", rule, kst(2027, 5, 31, 23, 30)) == (
        "Apr has no day 31 (skipped); the service may run at its end"
    )
    assert uncertainty_note("SCHEDULED", rule, kst(2027, 3, 31, 23, 30)).startswith("Feb has no day 31")
    assert uncertainty_note("SCHEDULED", rule, kst(2027, 1, 31, 23, 30)) is None
    assert uncertainty_note("EVENT", rule, kst(2027, 5, 31, 23, 30)) is None
    assert uncertainty_note("SCHEDULED", hourly("30"), kst(2027, 5, 31, 23, 30)) is None


@pytest.mark.parametrize("day", ["15", "015", 15, "  15"])
def test_monthly_day_forms(day: Any) -> None:
    if day == "015":  # three digits is not a day of the month
        assert times(monthly("00:00", day), NOW) == []
    else:
        assert times(monthly("00:00", day), NOW, 2) == [kst(2026, 12, 15), kst(2027, 1, 15)]


# ----------------------------------------------------------------------------- ONE_TIME


def test_one_time_future_fires_once() -> None:
    assert next_fire_times("SCHEDULED", once("2026-12-01T10:00:00"), NOW) == [FireTime(kst(2026, 12, 1, 10))]


@pytest.mark.parametrize("when", ["2025-04-01T10:00:00", "2026-11-28T09:00:00"])
def test_one_time_past_or_exactly_now_never_fires(when: str) -> None:
    assert next_fire_times("SCHEDULED", once(when), NOW) == []


@pytest.mark.parametrize(
    "when",
    [
        "2026-12-01T10:00",
        "2026-12-01T10:00:00.000",
        "2026-12-01T01:00:00Z",
        "2026-12-01T10:00:00+09:00",
        "2026-12-01T10:00:00+0900",
    ],
)
def test_one_time_date_forms(when: str) -> None:
    assert times(once(when), NOW) == [kst(2026, 12, 1, 10)]


def test_one_time_in_a_catch_up_window_is_half_open() -> None:
    rule = once("2026-11-28T09:05:00")
    assert fire_times_between("SCHEDULED", rule, NOW, kst(2026, 11, 28, 9, 5)) == [kst(2026, 11, 28, 9, 5)]
    assert fire_times_between("SCHEDULED", rule, kst(2026, 11, 28, 9, 5), kst(2026, 11, 28, 10)) == []
    assert fire_times_between("SCHEDULED", rule, NOW, kst(2026, 11, 28, 9, 4, 59)) == []


# ----------------------------------------------------------------------------- never fires


@pytest.mark.parametrize(
    ("trigger_type", "rule"),
    [
        ("NONE", {"type": "NONE"}),
        ("EVENT", {"type": "NONE"}),
        ("SCHEDULED", {"type": "NONE"}),
        ("EVENT", daily("10:00")),  # only SCHEDULED triggers fire
        ("NONE", hourly("30")),
        ("SCHEDULED", {"type": "RECURRING", "interval": "FORTNIGHT", "time": "10:00"}),
        ("SCHEDULED", {"type": "RECURRING", "time": "10:00"}),
        ("SCHEDULED", hourly("60")),
        ("SCHEDULED", hourly("10:00")),
        ("SCHEDULED", daily("24:00")),
        ("SCHEDULED", daily("10")),
        ("SCHEDULED", weekly("09:00", [])),
        ("SCHEDULED", weekly("09:00", ["MON"])),
        ("SCHEDULED", monthly("09:00", "32")),
        ("SCHEDULED", monthly("09:00", "0")),
        ("SCHEDULED", monthly("09:00", "-2")),
        ("SCHEDULED", once("tomorrow")),
        ("SCHEDULED", once("2026-12-01")),
        ("SCHEDULED", {"type": "ONE_TIME"}),
        ("SCHEDULED", None),
        ("SCHEDULED", {"dayOfWeek": {"a": 1}}),
        ("SCHEDULED", "RECURRING"),
        ("recurring", daily("10:00")),
    ],
)
def test_rules_that_never_fire_give_nothing_and_do_not_raise(trigger_type: str, rule: Any) -> None:
    assert next_fire_times(trigger_type, rule, NOW) == []
    assert fire_times_between(trigger_type, rule, NOW, NOW + timedelta(days=400)) == []


def test_count_and_empty_windows() -> None:
    assert next_fire_times("SCHEDULED", hourly("30"), NOW, 0) == []
    assert next_fire_times("SCHEDULED", hourly("30"), NOW, -3) == []
    assert fire_times_between("SCHEDULED", hourly("30"), NOW, NOW) == []
    assert fire_times_between("SCHEDULED", hourly("30"), NOW + timedelta(hours=5), NOW) == []


def test_the_end_of_time_stops_quietly() -> None:
    end_of_time = datetime.max.replace(tzinfo=KST)
    assert times(hourly("30"), datetime(9999, 12, 31, 21, 0, tzinfo=KST)) == [
        kst(9999, 12, 31, 21, 30),
        kst(9999, 12, 31, 22, 30),
        kst(9999, 12, 31, 23, 30),
    ]
    assert times(monthly("10:00", "-1"), kst(9999, 11, 1)) == [kst(9999, 11, 30, 10), kst(9999, 12, 31, 10)]
    assert fire_times_between(
        "SCHEDULED", daily("10:00"), kst(9999, 12, 30), datetime.max.replace(tzinfo=UTC)
    ) == [kst(9999, 12, 30, 10), kst(9999, 12, 31, 10)]
    assert times(weekly("10:00", "FRIDAY"), end_of_time) == []


# ----------------------------------------------------------------------------- time zones


def test_after_given_in_utc_yields_korea_time_results() -> None:
    after = datetime(2026, 11, 28, 0, 0, tzinfo=UTC)  # 09:00 KST
    fires = times(daily("09:00"), after, 2)
    assert fires == [kst(2026, 11, 29, 9), kst(2026, 11, 30, 9)]
    assert all(at.utcoffset() == timedelta(hours=9) for at in fires)
    # 2026-11-27 23:30 UTC is already Saturday in Korea, so Saturday 09:00 KST is still ahead.
    assert times(weekly("09:00", ["SATURDAY"]), datetime(2026, 11, 27, 23, 30, tzinfo=UTC), 1) == [
        kst(2026, 11, 28, 9)
    ]


def test_naive_inputs_are_korea_time() -> None:
    assert times(daily("09:00"), datetime(2026, 11, 28, 9, 0))[0] == kst(2026, 11, 29, 9)
    assert fire_times_between(
        "SCHEDULED", hourly("0"), datetime(2026, 11, 28, 9), datetime(2026, 11, 28, 11)
    ) == [kst(2026, 11, 28, 10), kst(2026, 11, 28, 11)]


def test_month_boundary_is_taken_in_korea_time() -> None:
    # 2027-02-28 20:00 UTC is 2027-03-01 05:00 in Korea: February's last day is already over.
    assert times(monthly("01:00", "-1"), datetime(2027, 2, 28, 20, 0, tzinfo=UTC), 1) == [kst(2027, 3, 31, 1)]


# ----------------------------------------------------------------------------- fire_times_between


def test_thirty_days_of_an_hourly_rule() -> None:
    fires = fire_times_between("SCHEDULED", hourly("15"), NOW, NOW + timedelta(days=30))
    assert len(fires) == 720
    assert fires[0] == kst(2026, 11, 28, 9, 15)
    assert fires[-1] == kst(2026, 12, 28, 8, 15)
    assert all(b - a == timedelta(hours=1) for a, b in pairwise(fires))


def test_consecutive_catch_up_windows_fire_each_instant_once() -> None:
    rule = hourly("00")
    ticks = [NOW + timedelta(minutes=17 * i) for i in range(30)]
    fired = [at for start, end in pairwise(ticks) for at in fire_times_between("SCHEDULED", rule, start, end)]
    assert fired == fire_times_between("SCHEDULED", rule, ticks[0], ticks[-1])
    assert len(fired) == len(set(fired)) == 8


def test_accepts_models_and_wire_dicts_alike() -> None:
    created = TriggerCreate.model_validate(
        json.loads((EXAMPLES / "createTrigger.request.weekly.json").read_text())
    )
    wire = created.trigger_rule.to_json()
    assert next_fire_times(created.type, created.trigger_rule, NOW) == next_fire_times(
        created.type, wire, NOW
    )


# ----------------------------------------------------------------------------- describe_rule


@pytest.mark.parametrize(
    ("trigger_type", "rule", "text"),
    [
        ("SCHEDULED", hourly("30"), "every hour at :30"),
        ("SCHEDULED", hourly("5"), "every hour at :05"),
        ("SCHEDULED", daily("02:00"), "every day at 02:00"),
        ("SCHEDULED", daily("2:00"), "every day at 02:00"),
        ("SCHEDULED", weekly("09:30", ["WEDNESDAY", "MONDAY"]), "Mon, Wed at 09:30"),
        ("SCHEDULED", weekly("09:00", ["TUESDAY", "FRIDAY"]), "Tue, Fri at 09:00"),
        ("SCHEDULED", weekly("09:00", "SUNDAY,SATURDAY"), "Sat, Sun at 09:00"),
        (
            "SCHEDULED",
            weekly("09:00", ["FRIDAY", "THURSDAY", "WEDNESDAY", "TUESDAY", "MONDAY"]),
            "every weekday at 09:00",
        ),
        (
            "SCHEDULED",
            weekly("07:15", ["SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"]),
            "every day at 07:15",
        ),
        (
            "SCHEDULED",
            weekly("07:15", ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"]),
            "Mon, Tue, Wed, Thu, Fri, Sat at 07:15",
        ),
        ("SCHEDULED", monthly("23:30", "15"), "monthly on day 15 at 23:30"),
        ("SCHEDULED", monthly("23:30", "05"), "monthly on day 5 at 23:30"),
        ("SCHEDULED", monthly("23:30", "-1"), "monthly on the last day at 23:30"),
        ("SCHEDULED", monthly("23:30", -1), "monthly on the last day at 23:30"),
        ("SCHEDULED", once("2026-12-01T10:00:00"), "once on 2026-12-01 10:00"),
        ("SCHEDULED", once("2026-12-01T01:00:30Z"), "once on 2026-12-01 10:00:30"),
        ("SCHEDULED", once("2025-04-01T10:00:00"), "once on 2025-04-01 10:00"),  # past: still described
        ("NONE", {"type": "NONE"}, "manual (run on demand)"),
        ("EVENT", {"type": "NONE"}, "on external event"),
        ("NONE", None, "manual (run on demand)"),
        (
            "SCHEDULED",
            {"type": "RECURRING", "interval": "FORTNIGHT", "time": "10:00"},
            "RECURRING/FORTNIGHT (unrecognised)",
        ),
        ("SCHEDULED", {"type": "RECURRING", "time": "10:00"}, "RECURRING/? (unrecognised)"),
        ("SCHEDULED", daily("25:00"), "RECURRING/DAY (unrecognised)"),
        ("SCHEDULED", once("soon"), "ONE_TIME (unrecognised)"),
        ("SCHEDULED", {"type": "NONE"}, "SCHEDULED/NONE (unrecognised)"),
        ("SCHEDULED", {"type": "WHENEVER"}, "SCHEDULED/WHENEVER (unrecognised)"),
        ("SCHEDULED", None, "SCHEDULED (no valid rule)"),
        ("WEBHOOK", daily("10:00"), "WEBHOOK (unrecognised)"),
        (
            "SCHEDULED",
            {"type": "RECURRING", "interval": "X" * 50, "time": "1"},
            "RECURRING/XXXXXXXXXXXXXXXXXXX… (unrecognised)",
        ),
    ],
)
def test_describe_rule(trigger_type: str, rule: Any, text: str) -> None:
    assert describe_rule(trigger_type, rule) == text


def test_describe_rule_for_every_documented_example() -> None:
    expected = {
        "createTrigger.request.json": "every day at 10:00",
        "createTrigger.request.hourly.json": "every hour at :30",
        "createTrigger.request.weekly.json": "Tue, Fri at 09:00",
        "createTrigger.request.monthly.json": "monthly on the last day at 23:30",
        "createTrigger.request.one-time.json": "once on 2025-04-01 10:00",
        "createTrigger.request.manual.json": "manual (run on demand)",
        "createTrigger.request.event.json": "on external event",
    }
    for name, text in expected.items():
        body = TriggerCreate.model_validate(json.loads((EXAMPLES / name).read_text()))
        assert describe_rule(body.type, body.trigger_rule) == text, name
        assert validate_rule(body.type, body.trigger_rule) == [], name


# ----------------------------------------------------------------------------- describe_next


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(0), "now"),
        (timedelta(milliseconds=999), "now"),
        (timedelta(seconds=45), "in 45s"),
        (timedelta(minutes=12, seconds=59), "in 12m"),
        (timedelta(hours=3, minutes=12), "in 3h 12m"),
        (timedelta(hours=3, seconds=30), "in 3h"),
        (timedelta(days=2, hours=4, minutes=30), "in 2d 4h"),
        (timedelta(days=7), "in 7d"),
        (-timedelta(minutes=5), "5m ago"),
        (-timedelta(days=1, hours=2), "1d 2h ago"),
    ],
)
def test_describe_next(delta: timedelta, text: str) -> None:
    assert describe_next(NOW + delta, NOW) == text


def test_describe_next_compares_instants_across_zones() -> None:
    assert describe_next(datetime(2026, 11, 28, 3, 12, tzinfo=UTC), NOW) == "in 3h 12m"
    assert describe_next(datetime(2026, 11, 28, 9, 30), NOW) == "in 30m"  # naive = Korea time


# ----------------------------------------------------------------------------- validate_rule


def test_valid_rules_have_no_problems() -> None:
    for rule in (
        hourly("5"),
        hourly("05"),
        daily("00:00"),
        daily("23:59"),
        weekly("09:00", "MONDAY"),
        monthly("09:00", "-1"),
        monthly("09:00", "31"),
        once("2020-01-01T00:00"),
    ):
        assert validate_rule("SCHEDULED", rule) == [], rule
    assert validate_rule("NONE", {"type": "NONE"}) == []
    assert (
        validate_rule("EVENT", {"type": "NONE", "interval": "DAY"}) == []
    )  # fields that do not apply are ignored


@pytest.mark.parametrize(
    ("trigger_type", "rule", "messages"),
    [
        ("", {"type": "NONE"}, ["type: required; one of SCHEDULED, EVENT, NONE"]),
        ("CRON", {"type": "NONE"}, ["type: 'CRON' is not allowed; one of SCHEDULED, EVENT, NONE"]),
        ("NONE", None, ['triggerRule: required; an object with at least "type"']),
        ("NONE", {}, ["triggerRule.type: required; one of RECURRING, ONE_TIME, NONE"]),
        (
            "NONE",
            {"type": "recurring"},
            ["triggerRule.type: 'recurring' is not allowed; one of RECURRING, ONE_TIME, NONE"],
        ),
        (
            "SCHEDULED",
            {"type": "NONE"},
            ["triggerRule.type: a SCHEDULED trigger needs RECURRING or ONE_TIME, not NONE"],
        ),
        (
            "EVENT",
            once("2026-12-01T10:00:00"),
            ["triggerRule.type: an EVENT trigger needs NONE, not ONE_TIME"],
        ),
        (
            "SCHEDULED",
            {"type": "RECURRING", "time": "10:00"},
            ["triggerRule.interval: required for RECURRING; one of HOUR, DAY, WEEK, MONTH"],
        ),
        (
            "SCHEDULED",
            {"type": "RECURRING", "interval": "YEAR", "time": "10:00"},
            ["triggerRule.interval: 'YEAR' is not allowed; one of HOUR, DAY, WEEK, MONTH"],
        ),
        (
            "SCHEDULED",
            {"type": "RECURRING", "interval": "HOUR"},
            ['triggerRule.time: required for RECURRING; the minute of each hour, "00"-"59"'],
        ),
        (
            "SCHEDULED",
            hourly("60"),
            ['triggerRule.time: \'60\' is not allowed for HOUR; the minute of each hour, "00"-"59"'],
        ),
        (
            "SCHEDULED",
            hourly("-1"),
            ['triggerRule.time: \'-1\' is not allowed for HOUR; the minute of each hour, "00"-"59"'],
        ),
        (
            "SCHEDULED",
            daily("24:00"),
            [
                'triggerRule.time: \'24:00\' is not allowed for DAY; a time of day "00:00"-"23:59" (HH:mm, 24-hour)'
            ],
        ),
        (
            "SCHEDULED",
            monthly("9am", "1"),
            [
                'triggerRule.time: \'9am\' is not allowed for MONTH; a time of day "00:00"-"23:59" (HH:mm, 24-hour)'
            ],
        ),
        (
            "SCHEDULED",
            weekly("09:00", []),
            [
                "triggerRule.dayOfWeek: required for WEEK; a non-empty list of MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY"
            ],
        ),
        (
            "SCHEDULED",
            weekly("09:00", ["MONDAY", "Funday"]),
            [
                "triggerRule.dayOfWeek: 'Funday' is not a day of the week; a non-empty list of MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY"
            ],
        ),
        (
            "SCHEDULED",
            monthly("09:00", None),
            ['triggerRule.dateOfMonth: required for MONTH; "1"-"31", or "-1" for the last day of the month'],
        ),
        (
            "SCHEDULED",
            monthly("09:00", "32"),
            [
                'triggerRule.dateOfMonth: \'32\' is not allowed; "1"-"31", or "-1" for the last day of the month'
            ],
        ),
        (
            "SCHEDULED",
            {"type": "ONE_TIME"},
            [
                'triggerRule.executionDate: required for ONE_TIME; a Korea-time date-time such as "2025-04-01T10:00:00"'
            ],
        ),
        (
            "SCHEDULED",
            once("2026-13-01T10:00:00"),
            [
                "triggerRule.executionDate: '2026-13-01T10:00:00' is not a date-time; a Korea-time date-time such as \"2025-04-01T10:00:00\""
            ],
        ),
    ],
)
def test_validate_rule_messages(trigger_type: str, rule: Any, messages: list[str]) -> None:
    assert validate_rule(trigger_type, rule) == messages


def test_validate_rule_reports_every_problem_at_once() -> None:
    problems = rule_problems("SCHEDULED", monthly("25:00", "0"))
    assert [(p.field, p.value) for p in problems] == [
        ("triggerRule.time", "25:00"),
        ("triggerRule.dateOfMonth", "0"),
    ]


def test_validate_rule_names_model_level_type_errors() -> None:
    messages = validate_rule(
        "SCHEDULED", {"type": "RECURRING", "interval": "WEEK", "time": "09:00", "dayOfWeek": {"MONDAY": True}}
    )
    assert len(messages) == 1
    assert messages[0].startswith(
        "triggerRule.dayOfWeek: {'MONDAY': True} is not allowed; a non-empty list of MONDAY"
    )
    assert validate_rule("SCHEDULED", ["RECURRING"]) == [
        "triggerRule: ['RECURRING'] is not an object; an object with at least \"type\""
    ]


# ----------------------------------------------------------------------------- canonical_rule


def test_canonical_rule_normalises_what_it_keeps() -> None:
    assert canonical_rule("SCHEDULED", hourly("5")) == {"type": "RECURRING", "interval": "HOUR", "time": "05"}
    assert canonical_rule("SCHEDULED", {**daily("9:00"), "dateOfMonth": "3"}) == {
        "type": "RECURRING",
        "interval": "DAY",
        "time": "09:00",
    }
    assert canonical_rule("SCHEDULED", weekly("09:00", "FRIDAY,TUESDAY,FRIDAY")) == {
        "type": "RECURRING",
        "interval": "WEEK",
        "time": "09:00",
        "dayOfWeek": ["TUESDAY", "FRIDAY"],
    }
    assert canonical_rule("SCHEDULED", monthly("23:30", 7)) == {
        "type": "RECURRING",
        "interval": "MONTH",
        "time": "23:30",
        "dateOfMonth": "7",
    }
    assert canonical_rule("SCHEDULED", once("2026-12-01T01:00Z")) == {
        "type": "ONE_TIME",
        "executionDate": "2026-12-01T10:00:00",
    }
    assert canonical_rule("EVENT", {"type": "NONE", "time": "10:00"}) == {"type": "NONE"}
    assert canonical_rule("SCHEDULED", hourly("75")) is None


# ----------------------------------------------------------------------------- properties

ZONES = st.sampled_from(
    [
        None,
        KST,
        UTC,
        timezone(timedelta(hours=-5)),
        timezone(timedelta(hours=14)),
        timezone(timedelta(hours=5, minutes=30)),
    ]
)
AFTERS = st.datetimes(min_value=datetime(1999, 1, 1), max_value=datetime(2101, 1, 1), timezones=ZONES)
WEEKDAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")

SPECS = st.one_of(
    st.tuples(st.just("HOUR"), st.integers(0, 59)),
    st.tuples(st.just("DAY"), st.integers(0, 23), st.integers(0, 59)),
    st.tuples(
        st.just("WEEK"), st.frozensets(st.integers(0, 6), min_size=1), st.integers(0, 23), st.integers(0, 59)
    ),
    st.tuples(
        st.just("MONTH"), st.sampled_from([-1, 1, 15, 28, 29, 30, 31]), st.integers(0, 23), st.integers(0, 59)
    ),
    st.tuples(
        st.just("ONCE"),
        st.datetimes(min_value=datetime(1999, 1, 1), max_value=datetime(2101, 1, 1)).map(
            lambda d: d.replace(microsecond=0, tzinfo=KST)
        ),
    ),
)


def wire_rule(spec: tuple[Any, ...], seed: int) -> dict[str, Any]:
    """A wire rule for ``spec``, in one of the tolerated spellings chosen by ``seed``."""
    pick = random.Random(seed)
    kind = spec[0]
    if kind == "HOUR":
        return hourly(pick.choice([str(spec[1]), f"{spec[1]:02d}"]))
    if kind == "ONCE":
        return once(spec[1].strftime("%Y-%m-%dT%H:%M:%S"))
    clock = f"{spec[-2]:02d}:{spec[-1]:02d}"
    if kind == "DAY":
        return daily(clock)
    if kind == "WEEK":
        names = [WEEKDAYS[d] for d in spec[1]]
        pick.shuffle(names)
        return weekly(clock, pick.choice([names, ",".join(names)]))
    return monthly(clock, pick.choice([str(spec[1]), spec[1]]))


def oracle_matches(spec: tuple[Any, ...], at: datetime) -> bool:
    """Does the rule fire at ``at`` (a KST instant)? Written independently of the module."""
    kind = spec[0]
    if kind == "ONCE":
        return at == spec[1]
    if at.second or at.microsecond or at.minute != spec[-1]:
        return False
    if kind == "HOUR":
        return True
    if at.hour != spec[-2]:
        return False
    if kind == "WEEK":
        return at.weekday() in spec[1]
    if kind == "MONTH":
        length = monthrange(at.year, at.month)[1]
        return at.day == (length if spec[1] == -1 else spec[1])
    return True


def oracle_between(spec: tuple[Any, ...], start: datetime, end: datetime) -> list[datetime]:
    """Brute force: every whole hour in the window, at the rule's minute, checked one by one."""
    if spec[0] == "ONCE":
        return [spec[1]] if start < spec[1] <= end else []
    start, end = start.astimezone(KST), end.astimezone(KST)
    at = start.replace(minute=spec[-1], second=0, microsecond=0) - timedelta(hours=1)
    found = []
    while at <= end:
        if at > start and oracle_matches(spec, at):
            found.append(at)
        at += timedelta(hours=1)
    return found


def oracle_uncertain(spec: tuple[Any, ...], at: datetime) -> bool:
    if spec[0] != "MONTH" or spec[1] == -1:
        return False
    previous = at.replace(day=1) - timedelta(days=1)
    return monthrange(previous.year, previous.month)[1] < spec[1]


FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(spec=SPECS, seed=st.integers(0, 3), after=AFTERS, count=st.integers(1, 15))
def test_property_next_fire_times_increase_and_follow_after(
    spec: tuple[Any, ...], seed: int, after: datetime, count: int
) -> None:
    rule = wire_rule(spec, seed)
    fires = next_fire_times("SCHEDULED", rule, after, count)
    aware_after = after if after.tzinfo else after.replace(tzinfo=KST)
    assert len(fires) == (count if spec[0] != "ONCE" else int(spec[1] > aware_after))
    ats = [f.at for f in fires]
    assert all(a < b for a, b in pairwise(ats))
    assert all(at > aware_after for at in ats)
    assert all(at.utcoffset() == timedelta(hours=9) for at in ats)
    assert all(oracle_matches(spec, at) for at in ats)
    assert [f.uncertain for f in fires] == [oracle_uncertain(spec, at) for at in ats]
    assert [uncertainty_note("SCHEDULED", rule, at) is not None for at in ats] == [f.uncertain for f in fires]


@FAST
@given(spec=SPECS, seed=st.integers(0, 3), after=AFTERS)
def test_property_next_matches_between_and_stepping(
    spec: tuple[Any, ...], seed: int, after: datetime
) -> None:
    rule = wire_rule(spec, seed)
    fires = [f.at for f in next_fire_times("SCHEDULED", rule, after, 5)]
    far = after + timedelta(days=36_600 if spec[0] == "ONCE" else 400)
    between = fire_times_between("SCHEDULED", rule, after, far)
    assert fires[:1] == between[:1]
    assert between[: len(fires)] == fires
    # Starting exactly on a fire instant gives the next one: fire instants are excluded.
    for previous, following in pairwise(fires):
        assert [f.at for f in next_fire_times("SCHEDULED", rule, previous, 1)] == [following]


@FAST
@given(spec=SPECS, seed=st.integers(0, 3), start=AFTERS, split=st.floats(0, 1), days=st.integers(0, 70))
def test_property_between_equals_brute_force_and_splits_cleanly(
    spec: tuple[Any, ...], seed: int, start: datetime, split: float, days: int
) -> None:
    rule = wire_rule(spec, seed)
    aware_start = start if start.tzinfo else start.replace(tzinfo=KST)
    end = aware_start + timedelta(days=days, hours=7, minutes=13)
    middle = aware_start + (end - aware_start) * split
    whole = fire_times_between("SCHEDULED", rule, start, end)
    assert whole == oracle_between(spec, aware_start, end)
    assert (
        fire_times_between("SCHEDULED", rule, start, middle)
        + fire_times_between("SCHEDULED", rule, middle, end)
        == whole
    )
    following = [f.at for f in next_fire_times("SCHEDULED", rule, start, len(whole) + 1)]
    assert [at for at in following if at <= end] == whole


@FAST
@given(spec=SPECS, seed=st.integers(0, 3), after=AFTERS)
def test_property_canonical_rule_round_trips(spec: tuple[Any, ...], seed: int, after: datetime) -> None:
    rule = wire_rule(spec, seed)
    canonical = canonical_rule("SCHEDULED", rule)
    assert canonical is not None
    assert canonical_rule("SCHEDULED", canonical) == canonical
    assert next_fire_times("SCHEDULED", canonical, after, 3) == next_fire_times("SCHEDULED", rule, after, 3)
    assert describe_rule("SCHEDULED", canonical) == describe_rule("SCHEDULED", rule)
    assert "unrecognised" not in describe_rule("SCHEDULED", rule)


FIELD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-100, 100),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.sampled_from(
        [
            "RECURRING",
            "ONE_TIME",
            "NONE",
            "HOUR",
            "DAY",
            "WEEK",
            "MONTH",
            "30",
            "5",
            "09:00",
            "24:00",
            "-1",
            "31",
            "0",
            "MONDAY",
            "mon",
            "2025-04-01T10:00:00",
            "2025-02-30T10:00",
        ]
    ),
    st.lists(st.one_of(st.sampled_from(WEEKDAYS), st.text(max_size=6), st.integers()), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
JUNK_RULES = st.one_of(
    st.none(),
    FIELD_VALUES,
    st.dictionaries(
        st.sampled_from(["type", "interval", "time", "dayOfWeek", "dateOfMonth", "executionDate", "other"]),
        FIELD_VALUES,
        max_size=6,
    ),
)
JUNK_TYPES = st.one_of(
    st.sampled_from(["SCHEDULED", "EVENT", "NONE", "", "scheduled"]), st.none(), st.text(max_size=8)
)


@settings(max_examples=300, deadline=None)
@given(trigger_type=JUNK_TYPES, rule=JUNK_RULES, after=AFTERS)
def test_property_malformed_input_never_raises_and_stays_consistent(
    trigger_type: Any, rule: Any, after: datetime
) -> None:
    messages = validate_rule(trigger_type, rule)
    text = describe_rule(trigger_type, rule)
    fires = next_fire_times(trigger_type, rule, after, 3)
    assert isinstance(text, str)
    assert text
    assert "\n" not in text
    assert len(text) <= 60
    assert all(isinstance(m, str) and ":" in m for m in messages)
    assert (canonical_rule(trigger_type, rule) is None) == bool(messages)
    if fires:
        assert messages == []
        assert trigger_type == "SCHEDULED"
    if messages and trigger_type not in ("NONE", "EVENT"):
        assert text.endswith(("(unrecognised)", "(no valid rule)"))
