"""The pure rules behind Runs and the dashboard: filter language, run grouping, periods, forecast."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from dftui.api.models import Execution, Trigger, Workflow
from dftui.timeutil import KST
from dftui.ui.forecast import crowded_hours, next_firings
from dftui.ui.periods import Period, parse_range, preset_period, step_preset
from dftui.ui.run_filter import RunFields, narrows, parse_query, parse_span
from dftui.ui.runs_model import WorkflowCandidates, group_runs, overall_status

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=KST)


def row(**kwargs: Any) -> RunFields:
    values: dict[str, Any] = {
        "statuses": ("FAILED",),
        "jobs": ("daily_sales", "j1"),
        "workflows": ("nightly", "w1"),
        "triggers": ("at_two",),
        "when": NOW - timedelta(hours=3),
        "text": "failed\u0000daily_sales\u0000nightly",
    }
    values.update(kwargs)
    return RunFields(**values)


@pytest.mark.parametrize(
    ("query", "matches"),
    [
        ("status:failed", True),
        ("status:fail", True),
        ("status:completed,failed", True),
        ("status:completed", False),
        ("!status:failed", False),
        ("status:!failed", False),
        ("job:sales", True),
        ("job:J1", True),
        ("job:other", False),
        ("!job:other", True),
        ("workflow:night", True),
        ("trigger:two", True),
        ("trigger:hourly", False),
        ("since:24h", True),
        ("since:2h", False),
        ("!since:2h", True),
        ("since:1w", True),
        ("status:failed job:sales since:1d", True),
        ("status:failed job:other", False),
        ("nightly", True),
        ("!nightly", False),
        ('job:"daily sales"', False),
        ("job:", True),  # still typing: ignored
    ],
)
def test_filter_terms(query: str, matches: bool) -> None:
    assert parse_query(query, NOW).matches(row()) is matches


def test_a_bad_span_is_reported_and_ignored() -> None:
    query = parse_query("since:soon status:failed", NOW)
    assert query.problems == ("since:soon is not a span like 30m, 24h, 7d or 2w",)
    assert query.matches(row())
    assert parse_span("30m") == timedelta(minutes=30)
    assert parse_span("0h") is None


def test_an_unclosed_quote_still_parses() -> None:
    assert parse_query('job:"daily', NOW).matches(row(jobs=('"daily',))) is True


def execution(eid: str, job: str, status: str, created: datetime, end: datetime | None = None) -> Execution:
    return Execution.model_validate(
        {
            "jobExecutionId": eid,
            "jobId": job,
            "jobName": job,
            "type": "WORKFLOW",
            "triggerId": "t1",
            "status": status,
            "createdDate": created.isoformat(),
            "startDate": created.isoformat(),
            "endDate": end.isoformat() if end else None,
        }
    )


WORKFLOW = Workflow.model_validate(
    {
        "workflowId": "w1",
        "name": "nightly",
        "nodes": [
            {"id": "t1", "type": "TRIGGER", "name": "t"},
            {"id": "a", "type": "JOB", "parentNodeIds": ["t1"]},
            {"id": "b", "type": "JOB", "parentNodeIds": ["a"]},
        ],
    }
)


def test_runs_are_rebuilt_from_their_job_executions() -> None:
    day1, day2 = NOW - timedelta(days=1), NOW
    executions = [
        execution("a1", "a", "COMPLETED", day1, day1 + timedelta(minutes=5)),
        execution("b1", "b", "FAILED", day1 + timedelta(minutes=5), day1 + timedelta(minutes=9)),
        execution("a2", "a", "COMPLETED", day2, day2 + timedelta(minutes=4)),
        execution("b2", "b", "RUNNING", day2 + timedelta(minutes=4)),
    ]
    runs = group_runs(WORKFLOW, executions)
    assert [[e.job_execution_id for e in run.executions] for run in runs] == [["a2", "b2"], ["a1", "b1"]]
    assert [run.status for run in runs] == ["RUNNING", "FAILED"]
    assert runs[1].ended == day1 + timedelta(minutes=9) and runs[0].ended is None


def test_an_execution_belongs_to_the_workflow_holding_its_trigger_and_job() -> None:
    other = Workflow.model_validate(
        {"workflowId": "w2", "nodes": [{"id": "t9", "type": "TRIGGER"}, {"id": "a", "type": "JOB"}]}
    )
    candidates = WorkflowCandidates([WORKFLOW, other])
    assert candidates(execution("x", "a", "COMPLETED", NOW)) == ["w1"]


@pytest.mark.parametrize(
    ("statuses", "overall"),
    [
        (["COMPLETED", "COMPLETED"], "COMPLETED"),
        (["COMPLETED", "FAILED"], "FAILED"),
        (["FAILED", "RUNNING"], "RUNNING"),
        (["READY"], "READY"),
        (["COMPLETED", "READY"], "RUNNING"),
        (["CANCELED", "COMPLETED"], "CANCELED"),
    ],
)
def test_overall_status(statuses: list[str], overall: str) -> None:
    assert overall_status(statuses) == overall


def test_presets_step_and_typed_ranges() -> None:
    week = preset_period("7d", NOW, KST)
    assert (week.start, week.end) == (datetime(2026, 11, 22, tzinfo=KST), NOW)
    assert week.previous().end == week.start - timedelta(seconds=1)
    assert week.previous().length == week.length
    assert preset_period("today", NOW, KST).start == datetime(2026, 11, 28, tzinfo=KST)
    assert preset_period("24h", NOW, KST).start == NOW - timedelta(hours=24)
    assert step_preset("7d", 1) == "30d" and step_preset("today", -1) == "30d" and step_preset("", 1) == "30d"
    typed = parse_range("2026-11-01 to 2026-11-03", NOW, KST)
    assert typed == Period(datetime(2026, 11, 1, tzinfo=KST), datetime(2026, 11, 3, 23, 59, 59, tzinfo=KST))
    assert len(typed.days()) == 3
    for bad in ("2026-11-01", "2026-11-03 2026-11-01", "yesterday today", "2027-01-01 2027-01-02"):
        with pytest.raises(ValueError):
            parse_range(bad, NOW, KST)


def trigger(tid: str, time: str) -> Trigger:
    return Trigger.model_validate(
        {
            "triggerId": tid,
            "name": tid,
            "type": "SCHEDULED",
            "triggerRule": {"type": "RECURRING", "interval": "DAY", "time": time},
        }
    )


def heavy(wid: str, tid: str) -> Workflow:
    return Workflow.model_validate(
        {
            "workflowId": wid,
            "name": wid,
            "nodes": [
                {"id": tid, "type": "TRIGGER"},
                {"id": f"{wid}-job", "type": "JOB", "parentNodeIds": [tid], "jobCondition": {"numWorker": 8}},
            ],
        }
    )


def test_next_up_lists_firings_and_flags_crowded_hours() -> None:
    triggers = [trigger("t2", "02:00"), trigger("t3", "02:30"), trigger("t4", "14:00")]
    workflows = [heavy("etl", "t2"), heavy("sync", "t3"), heavy("report", "t4")]
    firings = next_firings(triggers, workflows, NOW)
    assert [(f.at.hour, f.workflow_name) for f in firings] == [(14, "report"), (2, "etl"), (2, "sync")]
    crowded = crowded_hours(firings, KST)
    assert [(c.start.hour, c.workers) for c in crowded] == [(2, 16)]


@pytest.mark.parametrize(
    ("before", "after", "narrower"),
    [
        ("status:f", "status:fa", True),
        ("status:failed", "status:failed job:x", True),
        ("sales", "sales_daily", True),
        ("job", "job:x", False),  # a word became a field term
        ("status:failed", "status:failed,completed", False),
        ("x", "x !y", False),
        ("", "x", False),
        ("x", "x since:1d", False),
        ("ab", "a", False),
    ],
)
def test_a_filter_being_typed_on_only_narrows(before: str, after: str, narrower: bool) -> None:
    assert narrows(before, after) is narrower
