"""The demo account generator: deterministic, wire-shaped, and consistent with the contract's rules."""

from __future__ import annotations

import json
import re
import time
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from typing import Any

import pytest

from dftui.api.models import (
    FINAL_EXECUTION_STATUSES,
    JOB_NODE_TYPES,
    SOURCE_NODE_TYPES,
    TARGET_NODE_TYPES,
    Execution,
    Job,
    Trigger,
    Workflow,
)
from dftui.emulator.demo import DemoData, DemoSizes, _Generator, generate_demo
from dftui.schedule import fire_times_between, validate_rule
from dftui.timeutil import KST, format_api_datetime, parse_datetime

NOW = datetime(2026, 11, 28, 9, 0, 0, tzinfo=KST)
NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]{2,99}$")
ID_RE = re.compile(r"^[A-Za-z0-9]{12}$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$")

FIELD_RE_TYPES = {"string", "int", "long", "double", "boolean", "date", "timestamp"}
OPERATORS = {"EQ", "NE", "GT", "LT", "GTE", "LTE"}
SINGLE_INPUT = {
    "TRANSFORM_DEFINE",
    "TRANSFORM_SELECT",
    "TRANSFORM_FILTER",
    "TRANSFORM_AGGREGATE",
    "TRANSFORM_RENAME",
    "TRANSFORM_DROP_DUPLICATION",
    "TRANSFORM_FILL_MISSING_VALUES",
}
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    "SOURCE_OBS": ("regionNo", "bucketName", "prefix", "dataType", "fieldList"),
    "SOURCE_CATALOG": ("database", "table", "schemaVersion", "fieldList"),
    "SOURCE_CDB_MYSQL": ("connectionId", "table", "fieldList"),
    "SOURCE_CDB_POSTGRESQL": ("connectionId", "table", "fieldList"),
    "TRANSFORM_DEFINE": ("defineFieldList",),
    "TRANSFORM_SELECT": ("fieldList",),
    "TRANSFORM_JOIN": ("joinType", "leftNodeId", "rightNodeId", "joinConditionList"),
    "TRANSFORM_FILTER": ("filterType", "filterConditionList"),
    "TRANSFORM_UNION": ("unionType",),
    "TRANSFORM_AGGREGATE": ("groupByList", "aggregateFieldList"),
    "TRANSFORM_RENAME": ("renameFieldList",),
    "TRANSFORM_DROP_DUPLICATION": ("dropFieldList",),
    "TRANSFORM_FILL_MISSING_VALUES": ("missingValueFieldList",),
    "TRANSFORM_SQL": ("sourceNameList", "sql"),
    "TARGET_OBS": ("regionNo", "bucketName", "prefix", "dataType", "fieldList"),
    "TARGET_CATALOG": ("database", "table", "schemaVersion", "fieldList"),
    "TARGET_CDB_MYSQL": ("connectionId", "table", "fieldList"),
    "TARGET_CDB_POSTGRESQL": ("connectionId", "table", "fieldList"),
}
ENUMS: dict[str, set[str]] = {
    "joinType": {"INNER", "LEFT_OUTER", "RIGHT_OUTER", "FULL_OUTER"},
    "unionType": {"ALL", "DISTINCT"},
    "filterType": {"AND", "OR"},
    "updateType": {"OVERWRITE", "APPEND", "IGNORE"},
}


@pytest.fixture(scope="module")
def demo() -> DemoData:
    return generate_demo(42, NOW)


def ts(value: str | None) -> int:
    assert value is not None
    return int(parse_datetime(value).timestamp())


# ------------------------------------------------------------------ determinism and size


def test_same_seed_and_now_give_identical_data(demo: DemoData) -> None:
    again = generate_demo(42, NOW)
    assert json.dumps(again.__dict__, sort_keys=True) == json.dumps(demo.__dict__, sort_keys=True)


def test_other_seed_or_now_gives_other_data(demo: DemoData) -> None:
    other_seed = generate_demo(43, NOW)
    assert [j["jobId"] for j in other_seed.jobs] != [j["jobId"] for j in demo.jobs]
    later = generate_demo(42, NOW + timedelta(hours=1))
    assert later.executions[0]["createdDate"] != demo.executions[0]["createdDate"]


def test_generation_does_not_touch_global_random() -> None:
    import random

    random.seed(1)
    expected = random.random()
    random.seed(1)
    generate_demo(5, NOW, DemoSizes(jobs=10, workflows=4, executions=200))
    assert random.random() == expected


def test_default_counts(demo: DemoData) -> None:
    assert (len(demo.triggers), len(demo.jobs), len(demo.workflows)) == (15, 40, 12)
    assert 2_500 <= len(demo.executions) <= 4_000


def test_explicit_execution_count_is_exact_even_below_the_schedule() -> None:
    assert len(generate_demo(1, NOW, DemoSizes(executions=5_000)).executions) == 5_000
    small = generate_demo(1, NOW, DemoSizes(executions=500))
    assert len(small.executions) == 500
    check_executions(small)


def test_tiny_and_empty_sizes() -> None:
    empty = generate_demo(3, NOW, DemoSizes(workflows=0, jobs=0, triggers=0))
    assert (empty.triggers, empty.jobs, empty.workflows, empty.executions) == ([], [], [], [])
    tiny = generate_demo(3, NOW, DemoSizes(workflows=3, jobs=3, triggers=3, days=2))
    assert (len(tiny.triggers), len(tiny.jobs), len(tiny.workflows)) == (3, 3, 3)
    check_workflows(tiny)
    check_executions(tiny)


@pytest.mark.parametrize(
    "sizes",
    [DemoSizes(jobs=-1), DemoSizes(executions=-5), DemoSizes(workflows=2, jobs=0), DemoSizes(triggers=0)],
)
def test_impossible_sizes_are_rejected(sizes: DemoSizes) -> None:
    with pytest.raises(ValueError):
        generate_demo(1, NOW, sizes)


def test_big_sizes_are_fast_and_consistent() -> None:
    started = time.perf_counter()
    big = generate_demo(9, NOW, DemoSizes(jobs=2_000, executions=20_000, workflows=30, triggers=40))
    elapsed = time.perf_counter() - started
    assert (len(big.jobs), len(big.executions), len(big.workflows), len(big.triggers)) == (
        2_000,
        20_000,
        30,
        40,
    )
    assert elapsed < 10  # ~1.5 s here; generous for a loaded CI machine
    check_names_and_ids(big)
    check_workflows(big)
    check_executions(big)


# ------------------------------------------------------------------ names, ids, dates


def check_names_and_ids(data: DemoData) -> None:
    for kind, items in (("trigger", data.triggers), ("job", data.jobs), ("workflow", data.workflows)):
        names = [item["name"] for item in items]
        assert all(NAME_RE.match(name) for name in names), kind
        assert len(set(names)) == len(names), f"duplicate {kind} name"
    ids = (
        [t["triggerId"] for t in data.triggers]
        + [j["jobId"] for j in data.jobs]
        + [w["workflowId"] for w in data.workflows]
        + [e["jobExecutionId"] for e in data.executions]
    )
    assert all(ID_RE.match(value) for value in ids)
    assert len(set(ids)) == len(ids)


def test_names_and_ids(demo: DemoData) -> None:
    check_names_and_ids(demo)


def test_every_date_has_the_emulator_form(demo: DemoData) -> None:
    for resource in (*demo.triggers, *demo.jobs, *demo.workflows):
        assert DATE_RE.match(resource["createdDate"]) and DATE_RE.match(resource["updatedDate"])
        assert resource["createdDate"] <= resource["updatedDate"] <= format_api_datetime(NOW)
    for ex in demo.executions:
        for key in ("createdDate", "startDate", "endDate", "_plannedStart", "_plannedEnd"):
            assert ex.get(key) is None or DATE_RE.match(ex[key]), key


def test_fast_date_formatting_matches_timeutil() -> None:
    for moment in (0, 1_764_288_000, 1_764_288_059, 2_000_000_001):
        assert _Generator.fmt(moment) == format_api_datetime(datetime.fromtimestamp(moment, KST))


# ------------------------------------------------------------------ triggers


def test_every_rule_kind_is_present_and_valid(demo: DemoData) -> None:
    kinds: set[tuple[str, ...]] = set()
    for trigger in demo.triggers:
        Trigger.model_validate(trigger)
        rule = trigger["triggerRule"]
        assert validate_rule(trigger["type"], rule) == []
        if rule["type"] == "RECURRING":
            kinds.add(("RECURRING", rule["interval"]))
            if rule["interval"] == "MONTH":
                kinds.add(("MONTH", rule["dateOfMonth"]))
        elif rule["type"] == "ONE_TIME":
            assert set(rule) == {"type", "executionDate"}
            past = parse_datetime(rule["executionDate"]) <= NOW
            kinds.add(("ONE_TIME", "past" if past else "future"))
        else:
            assert rule == {"type": "NONE"}
            kinds.add((trigger["type"], "NONE"))
    expected = {
        ("RECURRING", "HOUR"),
        ("RECURRING", "DAY"),
        ("RECURRING", "WEEK"),
        ("RECURRING", "MONTH"),
        ("MONTH", "-1"),
        ("MONTH", "31"),
        ("ONE_TIME", "past"),
        ("ONE_TIME", "future"),
        ("NONE", "NONE"),
        ("EVENT", "NONE"),
    }
    assert expected <= kinds


def test_frequent_schedules_start_something_every_quarter_hour(demo: DemoData) -> None:
    """For a live demo: the saved, scheduled workflows fire at least four times an hour."""
    triggers = {t["triggerId"]: t for t in demo.triggers}
    minutes = set()
    for workflow in demo.workflows:
        trigger = triggers[workflow["nodes"][0]["id"]]
        rule = trigger["triggerRule"]
        if not workflow["isTemp"] and rule.get("interval") == "HOUR":
            minutes.add(int(rule["time"]))
    assert len(minutes) >= 4
    ordered = sorted(minutes)
    gaps = [(b - a) % 60 for a, b in zip(ordered, ordered[1:] + ordered[:1], strict=True)]
    assert max(gaps) <= 20


# ------------------------------------------------------------------ jobs


def check_job_graph(job: dict[str, Any]) -> None:
    """The job graph rules (docs/api-contract.md), written independently of the generator."""
    nodes = job["nodes"]
    by_id = {node["id"]: node for node in nodes}
    assert len(by_id) == len(nodes), "duplicate node id"
    children: dict[int, list[int]] = defaultdict(list)
    for node in nodes:
        node_type, parents = node["type"], node["parentNodeIds"]
        assert isinstance(node["id"], int) and len(str(node["id"])) == 13
        assert node_type in JOB_NODE_TYPES
        assert isinstance(node["name"], str) and node["name"]
        for field in REQUIRED_FIELDS[node_type]:
            assert field in node, (node_type, field)
        for field, allowed in ENUMS.items():
            if field in node:
                assert node[field] in allowed, (node_type, field)
        assert all(p in by_id for p in parents)
        assert len(set(parents)) == len(parents)
        for parent in parents:
            children[parent].append(node["id"])
        for column in node.get("fieldList", []):
            assert column["name"] and column["type"] in FIELD_RE_TYPES
        if node_type in SOURCE_NODE_TYPES:
            assert parents == []
            if node_type == "SOURCE_OBS":
                assert node["dataType"] in {"JSON", "CSV", "PARQUET", "NDJSON"}
                assert isinstance(node["regionNo"], str)
        else:
            assert parents
        if node_type in SINGLE_INPUT:
            assert len(parents) == 1
        if node_type == "TRANSFORM_JOIN":
            assert node["leftNodeId"] in parents and node["rightNodeId"] in parents
            assert node["leftNodeId"] != node["rightNodeId"]
            assert node["joinConditionList"][0]["conditionOperator"] == "HEAD"
            assert all(c["joinOperator"] in OPERATORS for c in node["joinConditionList"])
        if node_type == "TRANSFORM_UNION":
            assert len(parents) >= 2
        if node_type == "TRANSFORM_SQL":
            assert sorted(s["parentId"] for s in node["sourceNameList"]) == sorted(parents)
            assert all(s["newName"] in node["sql"] for s in node["sourceNameList"])
        if node_type == "TRANSFORM_FILTER":
            assert node["filterConditionList"]
            assert all(
                c["operator"] in OPERATORS and isinstance(c["value"], str)
                for c in node["filterConditionList"]
            )
        if node_type == "TRANSFORM_AGGREGATE":
            assert node["aggregateFieldList"]
            assert all(a["function"] in {"SUM", "AVG", "MAX", "MIN"} for a in node["aggregateFieldList"])
        if node_type == "TARGET_OBS":
            assert node["dataType"] in {"JSON", "CSV", "PARQUET"}
        if node_type in ("TARGET_CDB_MYSQL", "TARGET_CDB_POSTGRESQL"):
            assert "coalesce" not in node
    for node in nodes:
        if node["type"] in TARGET_NODE_TYPES:
            assert not children[node["id"]], "a target has children"
    assert_acyclic({node["id"]: node["parentNodeIds"] for node in nodes})
    assert any(n["type"] in SOURCE_NODE_TYPES for n in nodes)
    assert any(n["type"] in TARGET_NODE_TYPES for n in nodes)


def assert_acyclic(parents_of: dict[Any, list[Any]]) -> None:
    state: dict[Any, int] = {}

    def visit(node: Any) -> None:
        assert state.get(node) != 1, "cycle"
        if state.get(node) == 2:
            return
        state[node] = 1
        for parent in parents_of.get(node, []):
            visit(parent)
        state[node] = 2

    for node in parents_of:
        visit(node)


def test_jobs_parse_and_have_valid_graphs(demo: DemoData) -> None:
    seen_types: Counter[str] = Counter()
    kinds = Counter()
    for job in demo.jobs:
        parsed = Job.model_validate(job)
        assert parsed.to_json()["jobId"] == job["jobId"]
        assert 1 <= job["maxConcurrentRuns"] <= 3
        condition = job["jobCondition"]
        assert 2 <= condition["numWorker"] <= 10 and 1 <= condition["timeout"] <= 1440
        assert condition["nrn"].startswith("nrn:PUB:IAM::2706412:Role/")
        assert re.match(r"^dataflow-2706412-[a-z0-9]{4}/scripts/", condition["scriptPath"])
        assert re.match(r"^dataflow-2706412-[a-z0-9]{4}/sparkHistoryLogs/$", condition["logPath"])
        if job["type"] == "SCRIPT":
            kinds["SCRIPT"] += 1
            assert job["nodes"] == [] and job["status"] == "READY"
            assert condition["parameters"] and condition["scriptPath"].endswith(f"/{job['name']}/")
        elif job["status"] == "DRAFT":
            kinds["DRAFT"] += 1
            assert job["type"] == "VISUAL" and job["nodes"] == []
        else:
            kinds["VISUAL"] += 1
            assert job["status"] == "READY" and "parameters" not in condition
            check_job_graph(job)
            seen_types.update(node["type"] for node in job["nodes"])
    assert set(seen_types) == set(JOB_NODE_TYPES)
    assert kinds["DRAFT"] >= 2 and kinds["SCRIPT"] >= 5 and kinds["VISUAL"] >= 20
    assert {job["maxConcurrentRuns"] for job in demo.jobs} == {1, 2, 3}
    node_names = [node["name"] for job in demo.jobs for node in job["nodes"]]
    assert sum(1 for name in node_names if not name.isascii()) >= 2


# ------------------------------------------------------------------ workflows


def check_workflows(data: DemoData) -> None:
    triggers = {t["triggerId"]: t for t in data.triggers}
    jobs = {j["jobId"]: j for j in data.jobs}
    for workflow in data.workflows:
        Workflow.model_validate(workflow)
        assert set(workflow) == {"workflowId", "name", "nodes", "isTemp", "createdDate", "updatedDate"}
        trigger_nodes = [n for n in workflow["nodes"] if n["type"] == "TRIGGER"]
        job_nodes = [n for n in workflow["nodes"] if n["type"] == "JOB"]
        assert len(trigger_nodes) == 1 and 1 <= len(job_nodes) <= 4
        assert len(trigger_nodes) + len(job_nodes) == len(workflow["nodes"])
        start = trigger_nodes[0]
        trigger = triggers[start["id"]]
        assert start["parentNodeIds"] == [] and start["name"] == trigger["name"]
        assert start["triggerRule"] == trigger["triggerRule"]["type"] and start["isValid"] is True
        ids = [n["id"] for n in workflow["nodes"]]
        assert len(set(ids)) == len(ids)
        for node in job_nodes:
            job = jobs[node["id"]]
            assert node["name"] == job["name"] and node["isValid"] is True
            assert node["parentNodeIds"] and set(node["parentNodeIds"]) <= set(ids)
            assert node["jobCondition"] == job["jobCondition"]
            assert node["jobCondition"] is not job["jobCondition"]
            if not workflow["isTemp"]:
                assert job["status"] == "READY"
        assert_acyclic({n["id"]: n["parentNodeIds"] for n in workflow["nodes"]})


def test_workflow_graphs(demo: DemoData) -> None:
    check_workflows(demo)
    triggers = {t["triggerId"]: t for t in demo.triggers}
    saved_trigger_types = Counter(
        triggers[w["nodes"][0]["id"]]["type"] for w in demo.workflows if not w["isTemp"]
    )
    assert saved_trigger_types["NONE"] >= 1 and saved_trigger_types["EVENT"] >= 1
    assert sum(1 for w in demo.workflows if w["isTemp"]) == 1
    shapes = {len(w["nodes"]) - 1 for w in demo.workflows}
    assert {1, 2, 3, 4} <= shapes
    fan_out = any(
        Counter(p for n in w["nodes"] for p in n["parentNodeIds"]).most_common(1)[0][1] > 1
        for w in demo.workflows
    )
    assert fan_out


# ------------------------------------------------------------------ executions


def check_executions(data: DemoData, now: datetime = NOW) -> None:
    now_s = int(now.timestamp())
    jobs = {j["jobId"]: j for j in data.jobs}
    triggers = {t["triggerId"]: t for t in data.triggers}
    workflows = {w["workflowId"]: w for w in data.workflows}
    newest: dict[str, dict[str, Any]] = {}
    live_per_job: Counter[str] = Counter()
    previous_created = None
    for ex in data.executions:
        parsed = Execution.model_validate(ex)
        assert parsed.job_execution_id == ex["jobExecutionId"]
        job = jobs[ex["jobId"]]
        assert ex["jobName"] == job["name"] and job["status"] == "READY"
        created = ts(ex["createdDate"])
        assert created <= now_s
        if previous_created is not None:
            assert created <= previous_created, "newest first"
        previous_created = created
        if ex["jobId"] not in newest:
            newest[ex["jobId"]] = ex
        condition = ex["jobCondition"]
        assert condition["consoleLogPath"] == condition["logPath"] + ex["jobExecutionId"]
        assert ex["executorNum"] == condition["numWorker"]
        assert ex["parsedParameters"] == condition.get("parameters", {})
        if job["type"] != "SCRIPT":
            assert ex["parsedParameters"] == {}
        for key in ("nrn", "scriptPath", "logPath", "timeout"):
            assert condition[key] == job["jobCondition"][key]
        status = ex["status"]
        start = ts(ex["startDate"]) if ex["startDate"] else None
        end = ts(ex["endDate"]) if ex["endDate"] else None
        if status in FINAL_EXECUTION_STATUSES:
            assert end is not None and end <= now_s
            assert not any(key.startswith("_planned") for key in ex)
            if start is None:
                assert status == "CANCELED"
                assert ex["waitingTime"] == (end - created) // 60 and ex["runningTime"] == 0
            else:
                assert created <= start <= end
                assert ex["waitingTime"] == (start - created) // 60
                assert ex["runningTime"] == (end - start) // 60
                assert 0 <= start - created < 180
                assert (end - start) <= condition["timeout"] * 60
                if status == "COMPLETED":
                    assert (end - start) < condition["timeout"] * 60
        elif status == "RUNNING":
            live_per_job[ex["jobId"]] += 1
            assert start is not None and end is None and created <= start <= now_s
            assert ex["waitingTime"] == (start - created) // 60
            assert ex["runningTime"] == (now_s - start) // 60
            assert ts(ex["_plannedEnd"]) > now_s and ex["_plannedOutcome"] in {"COMPLETED", "FAILED"}
        else:
            assert status == "READY"
            assert start is None and end is None
            assert ex["waitingTime"] == (now_s - created) // 60 and ex["runningTime"] == 0
            assert now_s < ts(ex["_plannedStart"]) < ts(ex["_plannedEnd"])
            assert ex["_plannedOutcome"] in {"COMPLETED", "FAILED"}
        if ex["type"] == "WORKFLOW":
            workflow = workflows[ex["workflowId"]]
            assert not workflow["isTemp"]
            start_node = workflow["nodes"][0]
            assert (ex["triggerId"], ex["triggerName"]) == (
                start_node["id"],
                triggers[start_node["id"]]["name"],
            )
            assert ex["jobId"] in {n["id"] for n in workflow["nodes"]}
            assert ID_RE.match(ex["_runId"])
        else:
            assert ex["type"] == "JOB"
            assert ex["triggerId"] is None and ex["triggerName"] is None
            assert "workflowId" not in ex and "_runId" not in ex
    for job_id, count in live_per_job.items():
        assert count <= jobs[job_id]["maxConcurrentRuns"]
    for job in data.jobs:
        last = newest.get(job["jobId"])
        if last is None:
            assert "lastExecutionStatus" not in job and "lastExecutionDate" not in job
        else:
            assert job["lastExecutionStatus"] == last["status"]
            assert job["lastExecutionDate"] == (last["startDate"] or last["createdDate"])
    check_workflow_runs(data)


def check_workflow_runs(data: DemoData) -> None:
    """Downstream nodes start after every upstream completed; a failure stops its descendants."""
    workflows = {w["workflowId"]: w for w in data.workflows}
    runs: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for ex in data.executions:
        if ex["type"] == "WORKFLOW":
            runs[ex["_runId"]].append(ex)
    for run in runs.values():
        workflow = workflows[run[0]["workflowId"]]
        assert {ex["workflowId"] for ex in run} == {workflow["workflowId"]}
        by_job = {ex["jobId"]: ex for ex in run}
        assert len(by_job) == len(run), "a job ran twice in one run"
        trigger_id = workflow["nodes"][0]["id"]
        roots = [ex for ex in run if trigger_id in _parents(workflow, ex["jobId"])]
        assert roots, "a run without a root execution"
        fired = min(ts(ex["createdDate"]) for ex in roots)
        for ex in run:
            parents = [p for p in _parents(workflow, ex["jobId"]) if p != trigger_id]
            if not parents:
                assert ts(ex["createdDate"]) - fired <= 2
                continue
            for parent in parents:
                upstream = by_job.get(parent)
                assert upstream is not None and upstream["status"] == "COMPLETED"
                assert ts(ex["createdDate"]) >= ts(upstream["endDate"])
        for ex in run:
            if ex["status"] in ("FAILED", "CANCELED", "READY", "RUNNING"):
                for node in workflow["nodes"]:
                    if ex["jobId"] in node["parentNodeIds"]:
                        assert node["id"] not in by_job, "descendant of an unfinished or failed run"


def _parents(workflow: dict[str, Any], job_id: str) -> list[str]:
    return next(n["parentNodeIds"] for n in workflow["nodes"] if n["id"] == job_id)


def test_executions_are_consistent(demo: DemoData) -> None:
    check_executions(demo)


def test_history_covers_the_window_with_realistic_outcomes(demo: DemoData) -> None:
    created = [ts(ex["createdDate"]) for ex in demo.executions]
    assert min(created) >= int((NOW - timedelta(days=30)).timestamp())
    statuses = Counter(ex["status"] for ex in demo.executions)
    final = sum(statuses[s] for s in FINAL_EXECUTION_STATUSES)
    assert 0.04 <= statuses["FAILED"] / final <= 0.15
    assert statuses["CANCELED"] >= 3
    assert Counter(ex["type"] for ex in demo.executions).keys() == {"JOB", "WORKFLOW"}
    assert any(ex["executorNum"] != 2 for ex in demo.executions)
    running = [ex["runningTime"] for ex in demo.executions if ex["status"] == "COMPLETED"]
    assert min(running) >= 1 and max(running) <= 40
    assert len(set(running)) > 20
    runs_per_day = Counter(ex["createdDate"][:10] for ex in demo.executions)
    assert len(runs_per_day) >= 30


def test_scheduled_runs_start_at_fire_times(demo: DemoData) -> None:
    triggers = {t["triggerId"]: t for t in demo.triggers}
    window = (NOW - timedelta(days=30), NOW)
    for workflow in demo.workflows:
        trigger = triggers[workflow["nodes"][0]["id"]]
        if workflow["isTemp"] or trigger["type"] != "SCHEDULED":
            continue
        fires = {
            int(at.timestamp())
            for at in fire_times_between("SCHEDULED", trigger["triggerRule"], *window)
            if at > parse_datetime(workflow["createdDate"])
        }
        roots = {n["id"] for n in workflow["nodes"] if n["parentNodeIds"] == [trigger["triggerId"]]}
        run_starts = Counter()
        for ex in demo.executions:
            if ex.get("workflowId") == workflow["workflowId"] and ex["jobId"] in roots:
                created = ts(ex["createdDate"])
                assert any(0 <= created - fire <= 2 for fire in fires)
                run_starts[ex["_runId"]] += 1
        assert len(fires) - 1 <= len(run_starts) <= len(fires)  # a fire in the last 2 s may not have started


def test_something_is_happening_now(demo: DemoData) -> None:
    statuses = Counter(ex["status"] for ex in demo.executions)
    assert 2 <= statuses["RUNNING"] <= 4
    assert statuses["READY"] >= 1


@pytest.mark.parametrize("offset_minutes", [0, 7, 33, 600, 3_000, 9_999])
def test_live_executions_at_other_moments(offset_minutes: int) -> None:
    now = NOW + timedelta(minutes=offset_minutes, seconds=offset_minutes % 60)
    data = generate_demo(offset_minutes, now)
    statuses = Counter(ex["status"] for ex in data.executions)
    assert statuses["RUNNING"] >= 2 and statuses["READY"] >= 1
    check_executions(data, now)
