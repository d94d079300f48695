"""Happy path of each of the 25 operations: status code and body shape (docs/api-contract.md, Operations)."""

from __future__ import annotations

import base64
import json

from .helpers import CONDITION, Api, example

EXECUTION_KEYS = set(example("executeJob.response.json"))
JOB_KEYS = {
    "jobId",
    "name",
    "type",
    "status",
    "maxConcurrentRuns",
    "nodes",
    "jobCondition",
    "createdDate",
    "updatedDate",
}


def no_internal_keys(body: object) -> None:
    text = json.dumps(body)
    assert '"_' not in text
    if isinstance(body, dict) and "jobExecutionId" in body:
        assert "workflowId" not in body


async def test_trigger_operations(api: Api) -> None:
    created = await api.ok("POST", "/api/v1/triggers", example("createTrigger.request.json"))
    assert set(created) == set(example("createTrigger.response.json"))
    assert created["triggerRule"] == {"type": "RECURRING", "interval": "DAY", "time": "10:00"}
    assert created["createdDate"] == "2026-11-28T09:00:00+09:00"
    assert len(created["triggerId"]) == 12 and created["triggerId"].isalnum()
    for variant in ("hourly", "weekly", "monthly", "one-time", "manual", "event"):
        body = example(f"createTrigger.request.{variant}.json")
        body["name"] = f"trigger_{variant.replace('-', '_')}"
        made = await api.ok("POST", "/api/v1/triggers", body)
        assert made["triggerRule"] == body["triggerRule"]
    page = await api.ok("GET", "/api/v1/triggers?page=0&limit=3")
    assert page["count"] == 3 and page["page"] == 0 and page["limit"] == 3
    assert page["list"][-1]["name"] != "trigger001"  # newest first: trigger001 was first
    found = await api.ok("GET", "/api/v1/triggers?name=TRIGGER0")
    assert [t["name"] for t in found["list"]] == ["trigger001"]
    got = await api.ok("GET", f"/api/v1/triggers/{created['triggerId']}")
    assert got == created
    response = await api.call("DELETE", f"/api/v1/triggers/{created['triggerId']}")
    assert response.status_code == 200 and response.content == b"true"
    status, body = await api.error("GET", f"/api/v1/triggers/{created['triggerId']}")
    assert status == 404 and body["errorType"] == "resource-not-found/TRIGGER"


async def test_job_operations(api: Api) -> None:
    visual = await api.ok("POST", "/api/v1/jobs", example("createJob.request.json"))
    assert set(visual) >= JOB_KEYS and visual["status"] == "READY" and visual["type"] == "VISUAL"
    assert visual["nodes"] == example("createJob.request.json")["nodes"]
    assert "lastExecutionStatus" not in visual
    script = await api.ok("POST", "/api/v1/jobs", example("createJob.request.script.json"))
    assert script["jobCondition"]["parameters"] == {"targetDate": "2025-03-19", "mode": "full"}
    assert script["maxConcurrentRuns"] == 2
    listed = await api.ok("GET", "/api/v1/jobs")
    assert [j["name"] for j in listed["list"]] == ["script_job001", "job001"]
    item = listed["list"][0]
    assert item["resourceId"] == item["jobId"] and item["disabled"] is False
    assert "nodes" not in item
    assert (await api.ok("GET", "/api/v1/jobs?name=SCRIPT"))["count"] == 1
    assert (await api.ok("GET", "/api/v1/jobs?status=RUNNABLE"))["count"] == 2
    assert (await api.ok("GET", "/api/v1/jobs?status=DRAFT"))["count"] == 0
    job_id = visual["jobId"]
    assert await api.ok("GET", f"/api/v1/jobs/{job_id}") == visual

    api.advance(60)
    patched = await api.ok("PATCH", f"/api/v1/jobs/{job_id}", example("updateJob.request.partial.json"))
    assert patched["jobCondition"]["numWorker"] == 4 and patched["jobCondition"]["timeout"] == 720
    assert patched["jobCondition"]["nrn"] == CONDITION["nrn"]  # merged, not replaced
    assert patched["updatedDate"] == "2026-11-28T09:01:00+09:00"
    put = await api.ok("PUT", f"/api/v1/jobs/{job_id}", example("updateJob.request.legacy.json"))
    assert put["type"] == "VISUAL" and put["status"] == "READY"
    full = await api.ok("PATCH", f"/api/v1/jobs/{job_id}", example("updateJob.request.json"))
    assert len(full["nodes"]) == 3

    verify = await api.call("POST", "/api/v1/jobs/verify", body=example("verifyJob.request.json"))
    assert verify.status_code == 200 and verify.json() is True
    assert (
        await api.ok("POST", "/api/v1/jobs/verify", example("verifyJob.request.all-node-types.json")) is True
    )

    config = await api.ok(
        "PUT", f"/api/v1/jobs/{job_id}/executions", example("updateJobExecuteConfig.request.json")
    )
    assert config["jobCondition"]["numWorker"] == 3 and config["jobId"] == job_id
    partial = await api.ok(
        "PUT", f"/api/v1/jobs/{job_id}/executions", example("updateJobExecuteConfig.request.partial.json")
    )
    assert partial["jobCondition"]["logPath"] == CONDITION["logPath"]

    execution = await api.ok("POST", f"/api/v1/jobs/{job_id}/executions", example("executeJob.request.json"))
    assert set(execution) == EXECUTION_KEYS
    assert execution["status"] == "READY" and execution["type"] == "JOB"
    assert execution["startDate"] is None and execution["endDate"] is None and execution["triggerId"] is None
    assert execution["jobCondition"]["consoleLogPath"].endswith(execution["jobExecutionId"])
    assert execution["executorNum"] == 2
    no_internal_keys(execution)
    executions = await api.ok("GET", f"/api/v1/jobs/{job_id}/executions?page=0&limit=4")
    assert executions["count"] == 1 and executions["limit"] == 4
    assert executions["list"][0]["jobExecutionId"] == execution["jobExecutionId"]
    one = await api.execution(job_id, execution["jobExecutionId"])
    assert one == execution
    job = await api.ok("GET", f"/api/v1/jobs/{job_id}")
    assert job["lastExecutionStatus"] == "READY" and job["lastExecutionDate"] == execution["createdDate"]

    cancel = await api.call("POST", f"/api/v1/jobs/{job_id}/executions/{execution['jobExecutionId']}/cancel")
    assert cancel.status_code == 200 and cancel.json() is True
    canceled = await api.execution(job_id, execution["jobExecutionId"])
    assert canceled["status"] == "CANCELED" and canceled["endDate"] == "2026-11-28T09:01:00+09:00"

    deleted = await api.call("DELETE", f"/api/v1/jobs/{job_id}")
    assert deleted.status_code == 200 and deleted.json() is True
    status, body = await api.error("GET", f"/api/v1/jobs/{job_id}/executions")
    assert status == 404 and body["errorType"] == "resource-not-found/JOB"


async def test_script_run_with_parameters_and_legacy_top_level(api: Api) -> None:
    job = await api.script_job("script_params")
    run = await api.ok(
        "POST", f"/api/v1/jobs/{job['jobId']}/executions", {"parameters": {"day": 3, "full": True}}
    )
    assert run["parsedParameters"] == {"day": "3", "full": "true"}
    body = example("executeJob.request.script.json")
    run = await api.ok("POST", f"/api/v1/jobs/{job['jobId']}/executions", body)
    assert run["jobCondition"]["parameters"] == body["jobCondition"]["parameters"]
    empty = await api.call("POST", f"/api/v1/jobs/{job['jobId']}/executions", content="  ")
    assert empty.status_code == 200


async def test_workflow_operations(api: Api) -> None:
    job = await api.ok("POST", "/api/v1/jobs", example("createJob.request.json"))
    trigger = await api.trigger("trigger001")
    request = example("createWorkflow.request.json")
    request["nodes"][0]["id"] = job["jobId"]
    request["nodes"][0]["parentNodeIds"] = [trigger["triggerId"]]
    request["nodes"][1]["id"] = trigger["triggerId"]
    created = await api.ok("POST", "/api/v1/workflows", request)
    assert set(created) == set(example("createWorkflow.response.json"))
    assert all(node["isValid"] is True for node in created["nodes"])
    assert created["nodes"][1]["triggerRule"] == "NONE"
    assert created["nodes"][0]["jobCondition"] == request["nodes"][0]["jobCondition"]
    workflow_id = created["workflowId"]
    assert await api.ok("GET", f"/api/v1/workflows/{workflow_id}") == created
    listed = await api.ok("GET", "/api/v1/workflows?page=0&limit=20")
    item = listed["list"][0]
    assert (
        item["triggerRuleType"] == "NONE" and item["resourceId"] == workflow_id and item["disabled"] is False
    )
    assert "lastExecutionDate" not in item

    request["nodes"][0]["jobCondition"]["numWorker"] = 4
    updated = await api.ok("PUT", f"/api/v1/workflows/{workflow_id}", request)
    assert updated["nodes"][0]["jobCondition"]["numWorker"] == 4

    payload = base64.b64encode(json.dumps(example("executeWorkflow.payload-header.json")).encode()).decode()
    accepted = await api.call(
        "POST", f"/api/v1/workflows/{workflow_id}/executions", headers={"x-ncp-dataflow-payload": payload}
    )
    assert accepted.status_code == 202
    assert accepted.json() == {
        "workflowId": workflow_id,
        "triggerId": trigger["triggerId"],
        "status": "ACCEPTED",
    }
    runs = await api.ok("GET", f"/api/v1/workflows/{workflow_id}/executions")
    assert runs["count"] == 1
    run = runs["list"][0]
    assert (
        run["type"] == "WORKFLOW"
        and run["triggerId"] == trigger["triggerId"]
        and run["triggerName"] == "trigger001"
    )
    assert run["jobCondition"]["numWorker"] == 4
    no_internal_keys(run)
    assert (await api.ok("GET", f"/api/v1/workflows/{workflow_id}/executions?filter=job0"))["count"] == 1
    assert (await api.ok("GET", f"/api/v1/workflows/{workflow_id}/executions?filter=zzz"))["count"] == 0
    listed = await api.ok("GET", "/api/v1/workflows")
    assert listed["list"][0]["lastExecutionDate"] == "2026-11-28T09:00:00+09:00"

    deleted = await api.call("DELETE", f"/api/v1/workflows/{workflow_id}")
    assert deleted.status_code == 200 and deleted.json() is True
    status, body = await api.error("GET", f"/api/v1/workflows/{workflow_id}")
    assert status == 404 and body["errorType"] == "resource-not-found/WORKFLOW"
    assert body["detail"] == f"{{workflowId={workflow_id}}}: Unable to find."
    assert body["instance"] == f"/dataflow/api/workflows/{workflow_id}"
    # the execution history stays with the job
    assert (await api.ok("GET", f"/api/v1/jobs/{job['jobId']}/executions"))["count"] == 1


async def test_execute_job_with_trigger_and_workflow_query(api: Api) -> None:
    job = await api.script_job("queried_job")
    trigger = await api.trigger("manual_one")
    workflow = await api.workflow("wf_query", trigger["triggerId"], [(job["jobId"], [trigger["triggerId"]])])
    target = f"/api/v1/jobs/{job['jobId']}/executions?triggerId={trigger['triggerId']}&workflowId={workflow['workflowId']}"
    run = await api.ok("POST", target, {})
    assert run["type"] == "WORKFLOW" and run["triggerName"] == "manual_one"
    listed = await api.ok("GET", f"/api/v1/workflows/{workflow['workflowId']}/executions")
    assert [e["jobExecutionId"] for e in listed["list"]] == [run["jobExecutionId"]]


async def test_stats_operations(api: Api) -> None:
    job = await api.script_job("stats_job")
    for _ in range(3):
        await api.ok("POST", f"/api/v1/jobs/{job['jobId']}/executions", {})
    query = "startDate=2026-11-28T00%3A00%3A00&endDate=2026-11-29T23%3A59%3A59"
    result = await api.ok("GET", f"/api/v1/stats/executions?{query}")
    assert result == {"totalCount": 3, "completedCount": 0, "failedCount": 0}
    api.advance(3600)
    result = await api.ok("GET", f"/api/v1/stats/executions?{query}")
    assert result == {"totalCount": 3, "completedCount": 3, "failedCount": 0}
    count = await api.ok("GET", f"/api/v1/stats/executions-interval?{query}")
    assert count == {
        "result": [
            {"totalCount": 3, "startDate": "2026-11-28T00:00:01", "endDate": "2026-11-29T00:00:00"},
            {"totalCount": 0, "startDate": "2026-11-29T00:00:01", "endDate": "2026-11-30T00:00:00"},
        ]
    }
    times = await api.ok("GET", f"/api/v1/stats/execution-times?{query}")
    assert len(times["result"]) == 24
    assert times["result"][0]["time"] == 1795791600000  # 2026-11-28T00:00:00+09:00
    assert sum(p["value"] for p in times["result"]) == 3
    assert times["result"][4]["value"] == 3  # 08:00-10:00 bucket
    # the plural the guide pages print is not served by default, as on the live gateway
    status, body = await api.error("GET", f"/api/v1/stats/executions-times?{query}")
    assert (status, body["error"]["errorCode"]) == (404, "300")


async def test_demo_data_lists(demo_api: Api) -> None:
    jobs = await demo_api.ok("GET", "/api/v1/jobs?limit=100")
    assert jobs["count"] == 40
    dates = [j["createdDate"] for j in jobs["list"]]
    assert dates == sorted(dates, reverse=True)
    workflows = await demo_api.ok("GET", "/api/v1/workflows")
    assert workflows["count"] == 12
    for workflow in workflows["list"]:
        no_internal_keys(workflow)
    some = jobs["list"][0]["jobId"]
    executions = await demo_api.ok("GET", f"/api/v1/jobs/{some}/executions?limit=5")
    for execution in executions["list"]:
        assert set(execution) == EXECUTION_KEYS
        no_internal_keys(execution)
    page_past_end = await demo_api.ok("GET", "/api/v1/jobs?page=5&limit=100")
    assert page_past_end == {"list": [], "count": 0, "page": 5, "limit": 100}
