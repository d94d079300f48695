"""Every one of the 25 operations: method, exact target, body, and parsing of the documented answers."""

from __future__ import annotations

import base64
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from dftui.api import DataFlowClient, UnexpectedResponseError, models
from dftui.timeutil import KST

from .conftest import MockServer, load_example

START = datetime(2025, 3, 19, 0, 0, 0, tzinfo=KST)
END = datetime(2025, 3, 20, 23, 59, 59, tzinfo=KST)
PERIOD = "startDate=2025-03-19T00%3A00%3A00&endDate=2025-03-20T23%3A59%3A59"


@dataclass
class Case:
    operation: str
    call: Callable[[DataFlowClient], Awaitable[Any]]
    method: str
    target: str
    response: Any
    status: int = 200
    body: Any = None  # expected JSON body; None = no body at all
    check: Callable[[Any], None] = field(default=lambda result: None)


def _ex(name: str) -> Any:
    return load_example(name)


def _is(cls: type) -> Callable[[Any], None]:
    def check(result: Any) -> None:
        assert isinstance(result, cls)

    return check


def _page_of(cls: type, count: int) -> Callable[[Any], None]:
    def check(result: Any) -> None:
        assert isinstance(result, models.Page)
        assert len(result.items) == count
        assert all(isinstance(item, cls) for item in result.items)

    return check


CASES = [
    Case(
        "getExecutionResult",
        lambda c: c.get_execution_result(START, END),
        "GET",
        f"/api/v1/stats/executions?{PERIOD}",
        _ex("getExecutionResult.response.json"),
        check=lambda r: (
            (r.total_count, r.completed_count, r.failed_count) == (4, 3, 1) or pytest.fail(str(r))
        ),
    ),
    Case(
        "getExecutionCount",
        lambda c: c.get_execution_count(START, END),
        "GET",
        f"/api/v1/stats/executions-interval?{PERIOD}",
        _ex("getExecutionCount.response.json"),
        check=lambda r: [b.total_count for b in r.result] == [3, 2] or pytest.fail(str(r)),
    ),
    Case(
        "getExecutionTimes",
        lambda c: c.get_execution_times(START, END),
        "GET",
        f"/api/v1/stats/execution-times?{PERIOD}",
        _ex("getExecutionTimes.response.json"),
        check=lambda r: r.result[0].time == 1742454000000 or pytest.fail(str(r)),
    ),
    Case(
        "getWorkflows",
        lambda c: c.get_workflows(page=0, limit=20),
        "GET",
        "/api/v1/workflows?page=0&limit=20",
        _ex("getWorkflows.response.json"),
        check=_page_of(models.WorkflowListItem, 1),
    ),
    Case(
        "getWorkflowById",
        lambda c: c.get_workflow_by_id("pJ1HCEI7L9ha"),
        "GET",
        "/api/v1/workflows/pJ1HCEI7L9ha",
        _ex("getWorkflowById.response.json"),
        check=lambda r: r.trigger_node.id == "vMcf5Gvf2x3R" or pytest.fail(str(r)),
    ),
    Case(
        "createWorkflow",
        lambda c: c.create_workflow(models.WorkflowWrite.model_validate(_ex("createWorkflow.request.json"))),
        "POST",
        "/api/v1/workflows",
        _ex("createWorkflow.response.json"),
        status=201,
        body=_ex("createWorkflow.request.json"),
        check=lambda r: r.workflow_id == "3tfNLPq8Zx2M" or pytest.fail(str(r)),
    ),
    Case(
        "updateWorkflow",
        lambda c: c.update_workflow("3tfNLPq8Zx2M", _ex("updateWorkflow.request.json")),
        "PUT",
        "/api/v1/workflows/3tfNLPq8Zx2M",
        _ex("updateWorkflow.response.json"),
        body=_ex("updateWorkflow.request.json"),
        check=_is(models.Workflow),
    ),
    Case(
        "deleteWorkflow",
        lambda c: c.delete_workflow("3tfNLPq8Zx2M"),
        "DELETE",
        "/api/v1/workflows/3tfNLPq8Zx2M",
        _ex("deleteWorkflow.response.json"),
        check=lambda r: r is True or pytest.fail(str(r)),
    ),
    Case(
        "getWorkflowExecutions",
        lambda c: c.get_workflow_executions("pJ1HCEI7L9ha"),
        "GET",
        "/api/v1/workflows/pJ1HCEI7L9ha/executions?page=0&limit=1000",
        _ex("getWorkflowExecutions.response.json"),
        check=_page_of(models.Execution, 2),
    ),
    Case(
        "executeWorkflow",
        lambda c: c.execute_workflow("3tfNLPq8Zx2M"),
        "POST",
        "/api/v1/workflows/3tfNLPq8Zx2M/executions",
        _ex("executeWorkflow.response.json"),
        status=202,
        check=lambda r: (
            (r.workflow_id, r.trigger_id, r.status) == ("3tfNLPq8Zx2M", "8bjF7Ea2LmQ4", "ACCEPTED")
            or pytest.fail(str(r))
        ),
    ),
    Case(
        "getJobs",
        lambda c: c.get_jobs(name="job", limit=50),
        "GET",
        "/api/v1/jobs?name=job&page=0&limit=50",
        _ex("getJobs.response.json"),
        check=_page_of(models.JobListItem, 2),
    ),
    Case(
        "getJobById",
        lambda c: c.get_job_by_id("gqigvHd7Rw1K"),
        "GET",
        "/api/v1/jobs/gqigvHd7Rw1K",
        _ex("getJobById.response.json"),
        check=lambda r: (len(r.nodes), r.job_condition.num_worker) == (3, 2) or pytest.fail(str(r)),
    ),
    Case(
        "createJob",
        lambda c: c.create_job(_ex("createJob.request.json")),
        "POST",
        "/api/v1/jobs",
        _ex("createJob.response.json"),
        status=201,
        body=_ex("createJob.request.json"),
        check=lambda r: r.status == "READY" or pytest.fail(str(r)),
    ),
    Case(
        "updateJob",
        lambda c: c.update_job(
            "gqigvHd7Rw1K", models.JobUpdate.model_validate(_ex("updateJob.request.json"))
        ),
        "PATCH",
        "/api/v1/jobs/gqigvHd7Rw1K",
        _ex("updateJob.response.json"),
        body=_ex("updateJob.request.json"),
        check=_is(models.Job),
    ),
    Case(
        "deleteJob",
        lambda c: c.delete_job("gqigvHd7Rw1K"),
        "DELETE",
        "/api/v1/jobs/gqigvHd7Rw1K",
        _ex("deleteJob.response.json"),
        check=lambda r: r is True or pytest.fail(str(r)),
    ),
    Case(
        "verifyJob",
        lambda c: c.verify_job(models.JobVerify.model_validate(_ex("verifyJob.request.json"))),
        "POST",
        "/api/v1/jobs/verify",
        _ex("verifyJob.response.json"),
        body=_ex("verifyJob.request.json"),
        check=lambda r: r is True or pytest.fail(str(r)),
    ),
    Case(
        "executeJob",
        lambda c: c.execute_job(
            "gqigvHd7Rw1K", models.ExecuteJobRequest.model_validate(_ex("executeJob.request.json"))
        ),
        "POST",
        "/api/v1/jobs/gqigvHd7Rw1K/executions",
        _ex("executeJob.response.json"),
        body=_ex("executeJob.request.json"),
        check=lambda r: (
            (r.job_execution_id, r.status, r.start_date) == ("fKE22JmB5vYc", "READY", None)
            or pytest.fail(str(r))
        ),
    ),
    Case(
        "getJobExecutions",
        lambda c: c.get_job_executions("gqigvHd7Rw1K", limit=4),
        "GET",
        "/api/v1/jobs/gqigvHd7Rw1K/executions?page=0&limit=4",
        _ex("getJobExecutions.response.json"),
        check=_page_of(models.Execution, 2),
    ),
    Case(
        "getJobExecutionById",
        lambda c: c.get_job_execution_by_id("5Yns7JgRt25f", "mY3275GiRXkm"),
        "GET",
        "/api/v1/jobs/5Yns7JgRt25f/executions/mY3275GiRXkm",
        _ex("getJobExecutionById.response.json"),
        check=lambda r: (r.is_final, r.running_time) == (True, 4) or pytest.fail(str(r)),
    ),
    Case(
        "updateJobExecuteConfig",
        lambda c: c.update_job_execute_config(
            "gqigvHd7Rw1K",
            models.JobCondition.model_validate(_ex("updateJobExecuteConfig.request.json")["jobCondition"]),
        ),
        "PUT",
        "/api/v1/jobs/gqigvHd7Rw1K/executions",
        _ex("updateJobExecuteConfig.response.json"),
        body=_ex("updateJobExecuteConfig.request.json"),
        check=_is(models.Job),
    ),
    Case(
        "cancelJobExecution",
        lambda c: c.cancel_job_execution("gqigvHd7Rw1K", "fKE22JmB5vYc"),
        "POST",
        "/api/v1/jobs/gqigvHd7Rw1K/executions/fKE22JmB5vYc/cancel",
        _ex("cancelJobExecution.response.json"),
        check=lambda r: r is True or pytest.fail(str(r)),
    ),
    Case(
        "getTriggers",
        lambda c: c.get_triggers(name="trigger 1"),
        "GET",
        "/api/v1/triggers?name=trigger%201&page=0&limit=1000",
        _ex("getTriggers.response.json"),
        check=_page_of(models.Trigger, 2),
    ),
    Case(
        "getTriggerById",
        lambda c: c.get_trigger_by_id("rWOjcWk3Tn9B"),
        "GET",
        "/api/v1/triggers/rWOjcWk3Tn9B",
        _ex("getTriggerById.response.json"),
        check=lambda r: (
            (r.trigger_rule.interval, r.trigger_rule.time) == ("DAY", "10:00") or pytest.fail(str(r))
        ),
    ),
    Case(
        "createTrigger",
        lambda c: c.create_trigger(models.TriggerCreate.model_validate(_ex("createTrigger.request.json"))),
        "POST",
        "/api/v1/triggers",
        _ex("createTrigger.response.json"),
        status=201,
        body=_ex("createTrigger.request.json"),
        check=lambda r: r.trigger_id == "Kp7sW2nQx9Ld" or pytest.fail(str(r)),
    ),
    Case(
        "deleteTrigger",
        lambda c: c.delete_trigger("rWOjcWk3Tn9B"),
        "DELETE",
        "/api/v1/triggers/rWOjcWk3Tn9B",
        _ex("deleteTrigger.response.json"),
        check=lambda r: r is True or pytest.fail(str(r)),
    ),
]


def test_all_25_operations_are_covered() -> None:
    assert len({case.operation for case in CASES}) == 25


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.operation)
async def test_operation_wire_and_parsing(
    case: Case, client: DataFlowClient, server: MockServer, records: list
) -> None:
    server.json(case.response, status=case.status)
    result = await case.call(client)
    request = server.last
    assert request.method == case.method
    assert request.url.raw_path.decode() == case.target
    if case.body is None:
        assert request.content == b""
        assert "content-type" not in request.headers
    else:
        assert request.headers["content-type"] == "application/json"
        assert json.loads(request.content) == case.body
    case.check(result)
    assert records[-1].operation == case.operation
    assert records[-1].status == case.status
    assert records[-1].error_kind is None


# ------------------------------------------------------------------ details per operation


async def test_execute_job_ids_are_query_params_and_default_body_is_empty_object(
    client: DataFlowClient, server: MockServer
) -> None:
    server.json(_ex("executeJob.response.json"))
    await client.execute_job("gqigvHd7Rw1K", trigger_id="8bjF7Ea2LmQ4", workflow_id="3tfNLPq8Zx2M")
    request = server.last
    assert (
        request.url.raw_path
        == b"/api/v1/jobs/gqigvHd7Rw1K/executions?triggerId=8bjF7Ea2LmQ4&workflowId=3tfNLPq8Zx2M"
    )
    assert json.loads(request.content) == {}
    assert request.headers["content-type"] == "application/json"


async def test_execute_workflow_payload_header_is_base64_of_compact_json(
    client: DataFlowClient, server: MockServer
) -> None:
    server.json(_ex("executeWorkflow.response.json"), status=202)
    payload = {"cloudFunctions": {"actionName": "/ns/실행", "activationId": "x"}}
    await client.execute_workflow("3tfNLPq8Zx2M", payload=payload)
    header = server.last.headers["x-ncp-dataflow-payload"]
    decoded = base64.b64decode(header, validate=True).decode("utf-8")
    assert decoded == '{"cloudFunctions":{"actionName":"/ns/실행","activationId":"x"}}'
    assert server.last.content == b""


async def test_dashboard_dates_are_sent_as_korea_time_without_offset(
    client: DataFlowClient, server: MockServer
) -> None:
    server.json(_ex("getExecutionResult.response.json"))
    utc_start = datetime(2025, 3, 18, 15, 0, 0, tzinfo=UTC)  # = 2025-03-19 00:00 KST
    await client.get_execution_result(
        utc_start, utc_start + timedelta(hours=47, minutes=59, seconds=59, microseconds=5)
    )
    assert server.last.url.raw_path.decode() == f"/api/v1/stats/executions?{PERIOD}"


async def test_update_execute_config_accepts_a_plain_dict_or_a_wrapped_body(
    client: DataFlowClient, server: MockServer
) -> None:
    server.json(_ex("updateJobExecuteConfig.response.json"))
    server.json(_ex("updateJobExecuteConfig.response.json"))
    await client.update_job_execute_config("j", {"numWorker": 3, "timeout": 480})
    await client.update_job_execute_config("j", _ex("updateJobExecuteConfig.request.partial.json"))
    first, second = (json.loads(r.content) for r in server.requests)
    assert first == second == {"jobCondition": {"numWorker": 3, "timeout": 480}}


async def test_models_keep_unknown_fields_when_sent_back(client: DataFlowClient, server: MockServer) -> None:
    body = _ex("createJob.request.json")
    body["nodes"][0]["futureField"] = {"kept": True}
    server.json(_ex("createJob.response.json"), status=201)
    await client.create_job(models.JobCreate.model_validate(body))
    assert json.loads(server.last.content)["nodes"][0]["futureField"] == {"kept": True}


# --------------------------------------------------------------------- legacy answers


async def test_legacy_job_with_run_condition_and_g1_dates(client: DataFlowClient, server: MockServer) -> None:
    server.json(_ex("getJobById.response.legacy.json"))
    job = await client.get_job_by_id("5Yns7JgRt25f")
    assert job.type == "DATAFLOW" and job.is_visual
    assert job.job_condition is not None and job.job_condition.worker_type == "DEFAULT"
    assert job.created_date == datetime(2023, 10, 20, 13, 45, 15, tzinfo=KST)
    assert job.raw["runCondition"]["numWorker"] == 2


async def test_legacy_lists_stats_and_trigger(client: DataFlowClient, server: MockServer) -> None:
    server.json(_ex("getJobs.response.legacy.json"))
    server.json(_ex("getExecutionCount.response.legacy.json"))
    server.json(_ex("getExecutionTimes.response.legacy.json"))
    server.json(_ex("getTriggerById.response.legacy.json"))
    jobs = await client.get_jobs()
    counts = await client.get_execution_count(START, END)
    times = await client.get_execution_times(START, END)
    trigger = await client.get_trigger_by_id("T63391JxQHNj")
    assert jobs.items[0].status == "RUNNABLE"
    assert counts.result[1].start_date == datetime(2023, 10, 2, 0, 0, 1, tzinfo=KST)
    assert [p.value for p in times.result] == [114, 39, 39, 89]
    assert trigger.created_date == datetime(2023, 10, 23, 15, 17, 32, 833000, tzinfo=KST)


async def test_string_booleans_and_string_lists_from_g1(client: DataFlowClient, server: MockServer) -> None:
    page = _ex("getWorkflows.response.json")
    item = page["list"][0]
    item["disabled"] = "true"
    item["isTemp"] = "false"
    item["nodes"][0]["parentNodeIds"] = "vMcf5Gvf2x3R"
    item["lastExecutionDate"] = None
    server.json(page)
    result = await client.get_workflows()
    workflow = result.items[0]
    assert workflow.disabled is True
    assert workflow.is_temp is False
    assert workflow.nodes[0].parent_node_ids == ["vMcf5Gvf2x3R"]
    assert workflow.last_execution_date is None


# --------------------------------------------------------------------- success shapes


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(200, json=True),
        httpx.Response(200, content=b""),
        httpx.Response(204),
        httpx.Response(200, content=b"  true \n"),
    ],
    ids=["true", "empty", "204", "true-with-whitespace"],
)
async def test_true_returning_operations_accept_true_empty_and_204(
    answer: httpx.Response, client: DataFlowClient, server: MockServer
) -> None:
    server.reply(answer)
    assert await client.delete_trigger("t") is True


async def test_false_body_is_a_failure(client: DataFlowClient, server: MockServer, records: list) -> None:
    server.json(False)
    with pytest.raises(UnexpectedResponseError, match="server returned false") as info:
        await client.cancel_job_execution("j", "e")
    assert info.value.method == "POST"
    assert info.value.path == "/api/v1/jobs/j/executions/e/cancel"
    assert records[-1].error_kind == "unexpected"


@pytest.mark.parametrize("status", [200, 201])
async def test_create_accepts_200_and_201(status: int, client: DataFlowClient, server: MockServer) -> None:
    server.json(_ex("createTrigger.response.json"), status=status)
    trigger = await client.create_trigger(_ex("createTrigger.request.weekly.json"))
    assert trigger.trigger_id == "Kp7sW2nQx9Ld"


async def test_invalid_json_and_wrong_shape_raise_unexpected_response(
    client: DataFlowClient, server: MockServer
) -> None:
    server.reply(httpx.Response(200, content=b"<html>proxy</html>"))
    server.json({"list": "not a list"})
    with pytest.raises(UnexpectedResponseError, match="not valid JSON"):
        await client.get_job_by_id("j")
    with pytest.raises(UnexpectedResponseError, match="expected shape"):
        await client.get_jobs()
