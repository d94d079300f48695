"""400 bad-parameter, 404 resource-not-found and 400 bad-state cases.

See docs/api-contract.md, Which error the emulator gives.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from dftui.schedule import canonical_rule, rule_problems

from .helpers import CONDITION, Api, example


def assert_problem(
    status: int, body: dict[str, Any], expected_status: int, error_type: str, field: str
) -> None:
    assert status == expected_status, body
    assert body["errorType"] == error_type
    assert body["type"] == "about:blank" and body["status"] == expected_status
    assert body["title"] == {400: "Bad Request", 404: "Not Found"}[expected_status]
    assert body["detail"].startswith("{" + field + "="), body["detail"]
    assert body["instance"].startswith("/dataflow/api/")


async def bad(
    api: Api, method: str, target: str, body: Any, field: str, *, content: str | None = None
) -> None:
    status, problem = await api.error(method, target, body, content=content)
    assert_problem(status, problem, 400, "bad-parameter", field)
    assert problem["detail"].endswith(": Check the parameters.")


# ------------------------------------------------------------------ bad-parameter


@pytest.mark.parametrize("name", ["1job", "ab", "a" * 101, "has space", "-dash", "", None, 12, "é_name"])
async def test_name_rule(api: Api, name: Any) -> None:
    await bad(
        api,
        "POST",
        "/api/v1/triggers",
        {"name": name, "type": "NONE", "triggerRule": {"type": "NONE"}},
        "name",
    )
    await bad(api, "POST", "/api/v1/jobs", {"name": name, "type": "SCRIPT"}, "name")


async def test_name_rule_accepts_the_edges(api: Api) -> None:
    await api.trigger("_a-")
    await api.trigger("A" + "b" * 99)


async def test_duplicate_names_per_kind(api: Api) -> None:
    await api.trigger("same_name")
    await bad(
        api,
        "POST",
        "/api/v1/triggers",
        {"name": "same_name", "type": "NONE", "triggerRule": {"type": "NONE"}},
        "name",
    )
    await api.script_job("same_name")  # another kind may reuse it
    await bad(api, "POST", "/api/v1/jobs", {"name": "same_name", "type": "SCRIPT"}, "name")
    other = await api.script_job("other_job")
    await bad(api, "PATCH", f"/api/v1/jobs/{other['jobId']}", {"type": "SCRIPT", "name": "same_name"}, "name")
    # verifyJob does not check uniqueness
    assert await api.ok("POST", "/api/v1/jobs/verify", {"name": "same_name", "type": "SCRIPT"}) is True


@pytest.mark.parametrize(
    ("condition", "field"),
    [
        ({"numWorker": 11}, "jobCondition.numWorker"),
        ({"numWorker": 1}, "jobCondition.numWorker"),
        ({"numWorker": "many"}, "jobCondition.numWorker"),
        ({"numWorker": "\u0663"}, "jobCondition.numWorker"),  # ARABIC-INDIC DIGIT THREE is no integer
        ({"timeout": 0}, "jobCondition.timeout"),
        ({"timeout": 1441}, "jobCondition.timeout"),
        ({"workerType": "BIG"}, "jobCondition.workerType"),
        ({"parameters": {"nested": {"a": 1}}}, "jobCondition.parameters.nested"),
        ({"parameters": {"list": [1]}}, "jobCondition.parameters.list"),
        ({"nrn": 5}, "jobCondition.nrn"),
    ],
)
async def test_job_condition_ranges(api: Api, condition: dict[str, Any], field: str) -> None:
    await bad(
        api, "POST", "/api/v1/jobs", {"name": "cond_job", "type": "SCRIPT", "jobCondition": condition}, field
    )
    job = await api.script_job("cond_ok")
    await bad(api, "PUT", f"/api/v1/jobs/{job['jobId']}/executions", {"jobCondition": condition}, field)
    await bad(api, "POST", f"/api/v1/jobs/{job['jobId']}/executions", {"jobCondition": condition}, field)


async def test_job_body_rules(api: Api) -> None:
    await bad(api, "POST", "/api/v1/jobs", {"name": "t_job", "type": "STREAM"}, "type")
    await bad(
        api,
        "POST",
        "/api/v1/jobs",
        {"name": "t_job", "type": "SCRIPT", "maxConcurrentRuns": 0},
        "maxConcurrentRuns",
    )
    await bad(api, "POST", "/api/v1/jobs", [1, 2], "body")
    await bad(api, "POST", "/api/v1/jobs", None, "body", content="{not json")
    await bad(api, "POST", "/api/v1/jobs", None, "body", content="")
    job = await api.script_job("typed_job")
    await bad(api, "PATCH", f"/api/v1/jobs/{job['jobId']}", {"type": "VISUAL"}, "type")
    await bad(api, "PUT", f"/api/v1/jobs/{job['jobId']}", {"type": "SCRIPT"}, "name")
    await bad(api, "PUT", f"/api/v1/jobs/{job['jobId']}/executions", {}, "jobCondition")


async def test_job_description_must_be_text(api: Api) -> None:
    """Found by the schemathesis run: a non-string description was silently dropped (wrong JSON type: 400)."""
    await bad(
        api, "POST", "/api/v1/jobs", {"name": "described", "type": "SCRIPT", "description": {}}, "description"
    )
    job = await api.script_job("described", description="legacy text")
    assert job["description"] == "legacy text"
    await bad(
        api, "PATCH", f"/api/v1/jobs/{job['jobId']}", {"type": "SCRIPT", "description": 5}, "description"
    )
    await bad(
        api,
        "PUT",
        f"/api/v1/jobs/{job['jobId']}",
        {"type": "SCRIPT", "name": "described", "description": []},
        "description",
    )
    patch = {"type": "SCRIPT", "description": None}
    assert (await api.ok("PATCH", f"/api/v1/jobs/{job['jobId']}", patch))["description"] == "legacy text"


async def test_execute_job_needs_complete_effective_settings(api: Api) -> None:
    job = await api.ok(
        "POST", "/api/v1/jobs", {"name": "bare_job", "type": "SCRIPT", "jobCondition": {"nrn": "x"}}
    )
    await bad(api, "POST", f"/api/v1/jobs/{job['jobId']}/executions", {}, "jobCondition.scriptPath")
    run = await api.ok("POST", f"/api/v1/jobs/{job['jobId']}/executions", {"jobCondition": dict(CONDITION)})
    assert run["status"] == "READY"


def _graph() -> list[dict[str, Any]]:
    return copy.deepcopy(example("verifyJob.request.all-node-types.json")["nodes"])


def _mutate(index: int, **changes: Any) -> list[dict[str, Any]]:
    nodes = _graph()
    for key, value in changes.items():
        if value is ...:
            nodes[index].pop(key)
        else:
            nodes[index][key] = value
    return nodes


@pytest.mark.parametrize(
    ("nodes", "field"),
    [
        (_mutate(0, type="TRANSFORM_DROP_NULL"), "nodes[0].type"),
        (_mutate(0, dataType="XML"), "nodes[0].dataType"),
        (_mutate(14, dataType="NDJSON"), "nodes[14].dataType"),
        (_mutate(0, bucketName=...), "nodes[0].bucketName"),
        (_mutate(0, id="abc"), "nodes[0].id"),
        (_mutate(1, id=1742364000001), "nodes[1].id"),
        (_mutate(7, parentNodeIds=[1697776000000]), "nodes[7].parentNodeIds"),
        (_mutate(7, parentNodeIds=[]), "nodes[7].parentNodeIds"),
        (_mutate(0, parentNodeIds=[1742364000002]), "nodes[0].parentNodeIds"),
        (_mutate(4, leftNodeId=1742364000003), "nodes[4].leftNodeId"),
        (_mutate(4, joinType="CROSS"), "nodes[4].joinType"),
        (
            _mutate(6, sourceNameList=[{"parentId": 1742364000001, "newName": "x"}]),
            "nodes[6].sourceNameList[0].parentId",
        ),
        (_mutate(5, parentNodeIds=[1742364000003]), "nodes[5].parentNodeIds"),
        (
            _mutate(9, filterConditionList=[{"name": "a", "operator": "LIKE", "value": "1"}]),
            "nodes[9].filterConditionList[0].operator",
        ),
        (
            _mutate(13, aggregateFieldList=[{"name": "a", "ResultName": "b", "function": "COUNT"}]),
            "nodes[13].aggregateFieldList[0].function",
        ),
        (_mutate(14, updateType="MERGE"), "nodes[14].updateType"),
        (_mutate(7, parentNodeIds=[1742364000015]), "nodes[7].parentNodeIds"),  # a target has no children
        (_mutate(7, parentNodeIds=[1742364000009]), "nodes[7].parentNodeIds"),  # cycle 8 -> 9 -> 8
        ([n for n in _graph() if not n["type"].startswith("TARGET_")], "nodes"),
        ("not-a-list", "nodes"),
    ],
)
async def test_job_node_graph_rules(api: Api, nodes: Any, field: str) -> None:
    await bad(api, "POST", "/api/v1/jobs/verify", {"name": "graph_job", "nodes": nodes}, field)
    await bad(api, "POST", "/api/v1/jobs", {"name": "graph_job", "type": "VISUAL", "nodes": nodes}, field)


async def test_result_name_lowercase_is_accepted_and_kept(api: Api) -> None:
    nodes = _graph()
    nodes[13]["aggregateFieldList"] = [{"name": "amount_krw", "resultName": "total", "function": "SUM"}]
    job = await api.ok("POST", "/api/v1/jobs", {"name": "lower_result", "type": "VISUAL", "nodes": nodes})
    assert job["nodes"][13]["aggregateFieldList"][0] == {
        "name": "amount_krw",
        "resultName": "total",
        "function": "SUM",
    }


async def test_trigger_rule_rules(api: Api) -> None:
    def body(trigger_type: str, rule: Any) -> dict[str, Any]:
        return {"name": "rule_trigger", "type": trigger_type, "triggerRule": rule}

    cases = [
        (body("SCHEDULED", {"type": "NONE"}), "triggerRule.type"),
        (body("NONE", {"type": "RECURRING", "interval": "DAY", "time": "10:00"}), "triggerRule.type"),
        (body("TIMER", {"type": "NONE"}), "type"),
        (
            body("SCHEDULED", {"type": "RECURRING", "interval": "YEAR", "time": "10:00"}),
            "triggerRule.interval",
        ),
        (body("SCHEDULED", {"type": "RECURRING", "interval": "DAY"}), "triggerRule.time"),
        (body("SCHEDULED", {"type": "RECURRING", "interval": "DAY", "time": "24:00"}), "triggerRule.time"),
        (body("SCHEDULED", {"type": "RECURRING", "interval": "HOUR", "time": "60"}), "triggerRule.time"),
        (
            body("SCHEDULED", {"type": "RECURRING", "interval": "WEEK", "time": "09:00", "dayOfWeek": []}),
            "triggerRule.dayOfWeek",
        ),
        (
            body(
                "SCHEDULED",
                {"type": "RECURRING", "interval": "WEEK", "time": "09:00", "dayOfWeek": ["FUNDAY"]},
            ),
            "triggerRule.dayOfWeek",
        ),
        (
            body(
                "SCHEDULED", {"type": "RECURRING", "interval": "MONTH", "time": "09:00", "dateOfMonth": "32"}
            ),
            "triggerRule.dateOfMonth",
        ),
        (
            body(
                "SCHEDULED", {"type": "RECURRING", "interval": "MONTH", "time": "09:00", "dateOfMonth": "0"}
            ),
            "triggerRule.dateOfMonth",
        ),
        (body("SCHEDULED", {"type": "ONE_TIME", "executionDate": "tomorrow"}), "triggerRule.executionDate"),
        (body("SCHEDULED", None), "triggerRule"),
    ]
    for request, field in cases:
        await bad(api, "POST", "/api/v1/triggers", request, field)


async def test_trigger_rule_tolerance_and_dropped_fields(api: Api) -> None:
    made = await api.ok(
        "POST",
        "/api/v1/triggers",
        {
            "name": "loose_rule",
            "type": "SCHEDULED",
            "triggerRule": {"type": "RECURRING", "interval": "HOUR", "time": "5", "dayOfWeek": ["MONDAY"]},
        },
    )
    assert made["triggerRule"] == {"type": "RECURRING", "interval": "HOUR", "time": "05"}
    weekly = await api.ok(
        "POST",
        "/api/v1/triggers",
        {
            "name": "weekly_str",
            "type": "SCHEDULED",
            "triggerRule": {
                "type": "RECURRING",
                "interval": "WEEK",
                "time": "9:30",
                "dayOfWeek": "TUESDAY,FRIDAY",
            },
        },
    )
    assert (
        weekly["triggerRule"]["dayOfWeek"] == ["TUESDAY", "FRIDAY"]
        and weekly["triggerRule"]["time"] == "09:30"
    )
    once = await api.ok(
        "POST",
        "/api/v1/triggers",
        {
            "name": "once_rule",
            "type": "SCHEDULED",
            "triggerRule": {"type": "ONE_TIME", "executionDate": "2025-04-01T10:00"},
        },
    )
    assert once["triggerRule"] == {"type": "ONE_TIME", "executionDate": "2025-04-01T10:00:00"}
    monthly = await api.ok(
        "POST",
        "/api/v1/triggers",
        {
            "name": "month_int",
            "type": "SCHEDULED",
            "triggerRule": {"type": "RECURRING", "interval": "MONTH", "time": "23:30", "dateOfMonth": -1},
        },
    )
    assert monthly["triggerRule"]["dateOfMonth"] == "-1"


@pytest.mark.parametrize(
    ("rule", "field", "shown"),
    [
        (
            {"type": "RECURRING", "interval": "WEEK", "time": "09:00", "dayOfWeek": ["monday"]},
            "triggerRule.dayOfWeek",
            "monday",
        ),
        ({"type": "ONE_TIME", "executionDate": "2025-04-01"}, "triggerRule.executionDate", "2025-04-01"),
        ({"type": "RECURRING", "interval": "HOUR", "time": "\u0665"}, "triggerRule.time", "\u0665"),
        ({"type": "RECURRING", "interval": "DAY", "time": "\u0661\u0660:00"}, "triggerRule.time", None),
        (
            {"type": "RECURRING", "interval": "MONTH", "time": "09:00", "dateOfMonth": "\uff11"},
            "triggerRule.dateOfMonth",
            "\uff11",
        ),
        (
            {"type": "ONE_TIME", "executionDate": "\u0662025-04-01T10:00:00"},
            "triggerRule.executionDate",
            None,
        ),
        ({"interval": "DAY", "time": "10:00"}, "triggerRule.type", "null"),
        ({"type": "RECURRING", "time": "10:00"}, "triggerRule.interval", "null"),
    ],
)
async def test_trigger_rules_are_the_apps_rules(
    api: Api, rule: dict[str, Any], field: str, shown: str | None
) -> None:
    """Input dftui.schedule rejects (lower-case days, date-only, non-ASCII digits) is a 400 here too."""
    assert [p.field for p in rule_problems("SCHEDULED", rule)][:1] == [field]
    status, problem = await api.error(
        "POST", "/api/v1/triggers", {"name": "strict_rule", "type": "SCHEDULED", "triggerRule": rule}
    )
    assert_problem(status, problem, 400, "bad-parameter", field)
    if shown is not None:
        assert problem["detail"] == f"{{{field}={shown}}}: Check the parameters."


async def test_stored_trigger_rule_is_the_canonical_rule(api: Api) -> None:
    rule = {"type": "RECURRING", "interval": "WEEK", "time": " 7:05 ", "dayOfWeek": "FRIDAY, MONDAY,FRIDAY"}
    made = await api.ok(
        "POST", "/api/v1/triggers", {"name": "canon", "type": "SCHEDULED", "triggerRule": rule}
    )
    assert made["triggerRule"] == canonical_rule("SCHEDULED", rule)
    assert made["triggerRule"] == {
        "type": "RECURRING",
        "interval": "WEEK",
        "time": "07:05",
        "dayOfWeek": ["MONDAY", "FRIDAY"],
    }
    got = await api.ok("GET", f"/api/v1/triggers/{made['triggerId']}")
    assert got["triggerRule"] == made["triggerRule"]


async def test_workflow_graph_rules(api: Api) -> None:
    trigger = await api.trigger("wf_trigger")
    other = await api.trigger("wf_trigger2")
    job = await api.script_job("wf_job")
    job2 = await api.script_job("wf_job2")
    t, j, j2 = trigger["triggerId"], job["jobId"], job2["jobId"]

    def body(nodes: list[dict[str, Any]]) -> dict[str, Any]:
        return {"name": "graph_wf", "nodes": nodes, "isTemp": False}

    def trig(node_id: str = t, parents: list[str] | None = None) -> dict[str, Any]:
        return {"id": node_id, "name": "x", "type": "TRIGGER", "parentNodeIds": parents or []}

    def jobn(node_id: str, parents: list[str], **extra: Any) -> dict[str, Any]:
        return {"id": node_id, "name": "x", "type": "JOB", "parentNodeIds": parents, **extra}

    cases = [
        ([jobn(j, [t])], "nodes"),  # no trigger
        ([trig(), trig(other["triggerId"]), jobn(j, [t])], "nodes"),  # two triggers
        ([trig()], "nodes"),  # no job
        ([trig(parents=[j]), jobn(j, [t])], "nodes[0].parentNodeIds"),
        ([trig(), jobn(j, [])], "nodes[1].parentNodeIds"),
        ([trig(), jobn(j, ["elsewhere"])], "nodes[1].parentNodeIds"),
        ([trig(), jobn(j, [t]), jobn(j, [t])], "nodes[2].id"),
        ([trig(), jobn(j, [t, j2]), jobn(j2, [j])], "nodes.parentNodeIds"),
        ([trig(), jobn(j, [t], jobCondition={"numWorker": 20})], "nodes[1].jobCondition.numWorker"),
        ([trig(), {"id": j, "type": "TASK", "parentNodeIds": [t]}], "nodes[1].type"),
        ("nodes", "nodes"),
    ]
    for nodes, field in cases:
        await bad(api, "POST", "/api/v1/workflows", body(nodes), field)  # type: ignore[arg-type]
    status, problem = await api.error(
        "POST", "/api/v1/workflows", body([trig("missingTrig01"), jobn(j, ["missingTrig01"])])
    )
    assert_problem(status, problem, 404, "resource-not-found/TRIGGER", "triggerId")
    status, problem = await api.error("POST", "/api/v1/workflows", body([trig(), jobn("missingJob01", [t])]))
    assert_problem(status, problem, 404, "resource-not-found/JOB", "jobId")


@pytest.mark.parametrize(
    "query",
    [
        "page=-1",
        "page=x",
        "limit=0",
        "limit=-5",
        "limit=abc",
        "page=1.5",
        "page=%D9%A3",
        "limit=%EF%BC%91%EF%BC%90",
    ],
)
async def test_bad_page_and_limit(api: Api, query: str) -> None:
    field = query.split("=")[0]
    for target in ("/api/v1/jobs", "/api/v1/workflows", "/api/v1/triggers"):
        await bad(api, "GET", f"{target}?{query}", None, field)
    job = await api.script_job("paged_job")
    await bad(api, "GET", f"/api/v1/jobs/{job['jobId']}/executions?{query}", None, field)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("endDate=2026-11-28T00%3A00%3A00", "startDate"),
        ("startDate=2026-11-28T00%3A00%3A00", "endDate"),
        ("startDate=yesterday&endDate=2026-11-28T00%3A00%3A00", "startDate"),
        ("startDate=2026-13-28T00%3A00%3A00&endDate=2026-11-28T00%3A00%3A00", "startDate"),
        ("startDate=2026-11-29T00%3A00%3A00&endDate=2026-11-28T00%3A00%3A00", "startDate"),
    ],
)
async def test_bad_dashboard_dates(api: Api, query: str, field: str) -> None:
    for path in ("executions", "executions-interval", "execution-times"):
        await bad(api, "GET", f"/api/v1/stats/{path}?{query}", None, field)


async def test_dashboard_tolerates_offset_and_fraction(api: Api) -> None:
    query = "startDate=2026-11-28T00%3A00%3A00.000%2B09%3A00&endDate=2026-11-28T23%3A59%3A59Z"
    assert (await api.ok("GET", f"/api/v1/stats/executions?{query}"))["totalCount"] == 0


# --------------------------------------------------------------------- not found


async def test_each_not_found_kind(api: Api) -> None:
    job = await api.script_job("found_job")
    cases = [
        ("GET", "/api/v1/workflows/aa", "resource-not-found/WORKFLOW", "workflowId"),
        ("DELETE", "/api/v1/workflows/aa", "resource-not-found/WORKFLOW", "workflowId"),
        ("GET", "/api/v1/workflows/aa/executions", "resource-not-found/WORKFLOW", "workflowId"),
        ("POST", "/api/v1/workflows/aa/executions", "resource-not-found/WORKFLOW", "workflowId"),
        ("GET", "/api/v1/jobs/nope", "resource-not-found/JOB", "jobId"),
        ("DELETE", "/api/v1/jobs/nope", "resource-not-found/JOB", "jobId"),
        ("POST", "/api/v1/jobs/nope/executions", "resource-not-found/JOB", "jobId"),
        ("GET", "/api/v1/jobs/nope/executions/xx", "resource-not-found/JOB", "jobId"),
        (
            "GET",
            f"/api/v1/jobs/{job['jobId']}/executions/xx",
            "resource-not-found/JOB_EXECUTION",
            "jobExecutionId",
        ),
        (
            "POST",
            f"/api/v1/jobs/{job['jobId']}/executions/xx/cancel",
            "resource-not-found/JOB_EXECUTION",
            "jobExecutionId",
        ),
        ("GET", "/api/v1/triggers/nope", "resource-not-found/TRIGGER", "triggerId"),
        ("DELETE", "/api/v1/triggers/nope", "resource-not-found/TRIGGER", "triggerId"),
        (
            "POST",
            f"/api/v1/jobs/{job['jobId']}/executions?triggerId=nope",
            "resource-not-found/TRIGGER",
            "triggerId",
        ),
        (
            "POST",
            f"/api/v1/jobs/{job['jobId']}/executions?workflowId=nope",
            "resource-not-found/WORKFLOW",
            "workflowId",
        ),
    ]
    for method, target, error_type, field in cases:
        status, problem = await api.error(method, target, {} if method in ("POST",) else None)
        assert_problem(status, problem, 404, error_type, field)
        assert problem["detail"].endswith(": Unable to find.")
    status, problem = await api.error("GET", "/api/v1/workflows/aa")
    assert problem == example("error.resource-not-found.json")


async def test_execution_of_another_job_is_not_found(api: Api) -> None:
    first = await api.script_job("first_job")
    second = await api.script_job("second_job")
    run = await api.ok("POST", f"/api/v1/jobs/{first['jobId']}/executions", {})
    status, problem = await api.error(
        "GET", f"/api/v1/jobs/{second['jobId']}/executions/{run['jobExecutionId']}"
    )
    assert_problem(status, problem, 404, "resource-not-found/JOB_EXECUTION", "jobExecutionId")


async def test_execute_job_workflow_must_contain_the_job(api: Api) -> None:
    job = await api.script_job("member_job")
    outsider = await api.script_job("outside_job")
    trigger = await api.trigger("member_trigger")
    workflow = await api.workflow("member_wf", trigger["triggerId"], [(job["jobId"], [trigger["triggerId"]])])
    await bad(
        api,
        "POST",
        f"/api/v1/jobs/{outsider['jobId']}/executions?workflowId={workflow['workflowId']}",
        {},
        "workflowId",
    )


# --------------------------------------------------------------------- bad state


async def expect_bad_state(api: Api, method: str, target: str, body: Any = None) -> None:
    status, problem = await api.error(method, target, body)
    assert status == 400 and problem["errorType"] == "bad-state", problem
    assert problem["detail"].endswith(": Check the status.")


async def test_bad_state_cases(api: Api) -> None:
    job = await api.script_job("state_job")
    run = await api.ok("POST", f"/api/v1/jobs/{job['jobId']}/executions", {})
    await expect_bad_state(api, "DELETE", f"/api/v1/jobs/{job['jobId']}")
    cancel = f"/api/v1/jobs/{job['jobId']}/executions/{run['jobExecutionId']}/cancel"
    await api.ok("POST", cancel)
    await expect_bad_state(api, "POST", cancel)
    run2 = await api.ok("POST", f"/api/v1/jobs/{job['jobId']}/executions", {})
    api.advance(3600)
    assert (await api.execution(job["jobId"], run2["jobExecutionId"]))["status"] == "COMPLETED"
    await expect_bad_state(
        api, "POST", f"/api/v1/jobs/{job['jobId']}/executions/{run2['jobExecutionId']}/cancel"
    )

    draft = await api.ok("POST", "/api/v1/jobs", {"name": "draft_job", "type": "VISUAL"})
    assert draft["status"] == "DRAFT"
    await expect_bad_state(api, "POST", f"/api/v1/jobs/{draft['jobId']}/executions", {})
    legacy_draft = await api.ok(
        "POST",
        "/api/v1/jobs",
        {"name": "temp_job", "type": "SCRIPT", "isTemp": True, "jobCondition": CONDITION},
    )
    assert legacy_draft["status"] == "DRAFT"

    manual = await api.trigger("manual_state")
    scheduled = await api.trigger(
        "sched_state", "SCHEDULED", {"type": "RECURRING", "interval": "DAY", "time": "10:00"}
    )
    wf_sched = await api.workflow(
        "wf_sched", scheduled["triggerId"], [(job["jobId"], [scheduled["triggerId"]])]
    )
    await expect_bad_state(api, "POST", f"/api/v1/workflows/{wf_sched['workflowId']}/executions")
    wf_temp = await api.workflow(
        "wf_temp", manual["triggerId"], [(job["jobId"], [manual["triggerId"]])], isTemp=True
    )
    await expect_bad_state(api, "POST", f"/api/v1/workflows/{wf_temp['workflowId']}/executions")
    wf_draft_job = await api.workflow(
        "wf_draftjob", manual["triggerId"], [(draft["jobId"], [manual["triggerId"]])]
    )
    await expect_bad_state(api, "POST", f"/api/v1/workflows/{wf_draft_job['workflowId']}/executions")

    doomed = await api.script_job("doomed_job")
    wf_invalid = await api.workflow(
        "wf_invalid", manual["triggerId"], [(doomed["jobId"], [manual["triggerId"]])]
    )
    await api.ok("DELETE", f"/api/v1/jobs/{doomed['jobId']}")
    after = await api.ok("GET", f"/api/v1/workflows/{wf_invalid['workflowId']}")
    assert [n["isValid"] for n in after["nodes"] if n["type"] == "JOB"] == [False]
    await expect_bad_state(api, "POST", f"/api/v1/workflows/{wf_invalid['workflowId']}/executions")

    other_trigger = await api.trigger("gone_trigger")
    wf_gone = await api.workflow(
        "wf_gone", other_trigger["triggerId"], [(job["jobId"], [other_trigger["triggerId"]])]
    )
    await api.ok("DELETE", f"/api/v1/triggers/{other_trigger['triggerId']}")
    gone = await api.ok("GET", f"/api/v1/workflows/{wf_gone['workflowId']}")
    assert [n["isValid"] for n in gone["nodes"] if n["type"] == "TRIGGER"] == [False]
    await expect_bad_state(api, "POST", f"/api/v1/workflows/{wf_gone['workflowId']}/executions")


@pytest.mark.parametrize(
    ("error_type", "field"),
    [
        ("client-request-failed", "jobId"),
        ("client-resource-not-found", "scriptPath"),
        ("client-unauthorized", "nrn"),
    ],
)
async def test_linked_product_failures(api: Api, error_type: str, field: str) -> None:
    job = await api.script_job("linked_job")
    api.state.engine.settings.linked_failures[job["jobId"]] = error_type
    status, problem = await api.error("POST", f"/api/v1/jobs/{job['jobId']}/executions", {})
    assert status == 400 and problem["errorType"] == error_type
    assert problem["detail"].startswith("{" + field + "=")
    assert (await api.ok("GET", f"/api/v1/jobs/{job['jobId']}/executions"))["count"] == 0


async def test_unexpected_error_is_a_500_problem(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*_: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(api.state.service, "get_triggers", explode)
    response = await api.call("GET", "/api/v1/triggers")
    assert response.status_code == 500
    body = response.json()
    assert (
        body["errorType"] == "unknown-resource-action/JOB_EXECUTION"
        and body["title"] == "Internal Server Error"
    )
    assert "boom" not in response.text


async def test_undecodable_payload_header_is_accepted(api: Api) -> None:
    job = await api.script_job("payload_job")
    trigger = await api.trigger("payload_trigger", "EVENT")
    workflow = await api.workflow(
        "payload_wf", trigger["triggerId"], [(job["jobId"], [trigger["triggerId"]])]
    )
    response = await api.call(
        "POST",
        f"/api/v1/workflows/{workflow['workflowId']}/executions",
        headers={"x-ncp-dataflow-payload": "%%%not base64%%%"},
        content="{}",
    )
    assert response.status_code == 202 and response.json()["status"] == "ACCEPTED"


async def test_draft_workflows_may_be_incomplete(api: Api) -> None:
    job = await api.script_job("draft_member")
    nodes = [{"id": job["jobId"], "name": "j", "type": "JOB", "parentNodeIds": []}]
    draft = await api.ok("POST", "/api/v1/workflows", {"name": "draft_wf", "nodes": nodes, "isTemp": True})
    assert draft["isTemp"] is True
    listed = await api.ok("GET", "/api/v1/workflows")
    assert listed["list"][0]["triggerRuleType"] == "NONE"
    await bad(
        api,
        "PUT",
        f"/api/v1/workflows/{draft['workflowId']}",
        {"name": "draft_wf", "nodes": nodes, "isTemp": False},
        "nodes",
    )
