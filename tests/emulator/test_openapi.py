"""The emulator's /openapi.json describes every operation accurately
(docs/api-contract.md, Operation index).

The published example bodies (tests/examples) must validate against the published schemas, and
the schemas must reject what the service rejects, so neither side can drift unnoticed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from schemathesis.specs.openapi.definitions import OPENAPI_31_VALIDATOR

from dftui.emulator import create_app
from dftui.emulator.openapi_docs import COMPONENT_SCHEMAS

from .helpers import Api, make_state

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

# docs/api-contract.md, Operation index:
# operation -> (method, path under /api/v1, success status, response schema)
OPERATIONS: dict[str, tuple[str, str, int, str]] = {
    "getExecutionResult": ("GET", "/stats/executions", 200, "ExecutionResult"),
    "getExecutionCount": ("GET", "/stats/executions-interval", 200, "ExecutionCount"),
    "getExecutionTimes": ("GET", "/stats/execution-times", 200, "ExecutionTimes"),
    "getWorkflows": ("GET", "/workflows", 200, "WorkflowListPage"),
    "getWorkflowById": ("GET", "/workflows/{workflowId}", 200, "Workflow"),
    "createWorkflow": ("POST", "/workflows", 201, "Workflow"),
    "updateWorkflow": ("PUT", "/workflows/{workflowId}", 200, "Workflow"),
    "deleteWorkflow": ("DELETE", "/workflows/{workflowId}", 200, "True"),
    "getWorkflowExecutions": ("GET", "/workflows/{workflowId}/executions", 200, "ExecutionPage"),
    "executeWorkflow": ("POST", "/workflows/{workflowId}/executions", 202, "WorkflowRunAccepted"),
    "getJobs": ("GET", "/jobs", 200, "JobListPage"),
    "getJobById": ("GET", "/jobs/{jobId}", 200, "Job"),
    "createJob": ("POST", "/jobs", 201, "Job"),
    "updateJob": ("PATCH", "/jobs/{jobId}", 200, "Job"),
    "updateJobPut": ("PUT", "/jobs/{jobId}", 200, "Job"),
    "deleteJob": ("DELETE", "/jobs/{jobId}", 200, "True"),
    "verifyJob": ("POST", "/jobs/verify", 200, "True"),
    "executeJob": ("POST", "/jobs/{jobId}/executions", 200, "Execution"),
    "getJobExecutions": ("GET", "/jobs/{jobId}/executions", 200, "ExecutionPage"),
    "getJobExecutionById": ("GET", "/jobs/{jobId}/executions/{executionId}", 200, "Execution"),
    "updateJobExecuteConfig": ("PUT", "/jobs/{jobId}/executions", 200, "Job"),
    "cancelJobExecution": ("POST", "/jobs/{jobId}/executions/{executionId}/cancel", 200, "True"),
    "getTriggers": ("GET", "/triggers", 200, "TriggerPage"),
    "getTriggerById": ("GET", "/triggers/{triggerId}", 200, "Trigger"),
    "createTrigger": ("POST", "/triggers", 201, "Trigger"),
    "deleteTrigger": ("DELETE", "/triggers/{triggerId}", 200, "True"),
}
REQUEST_BODIES = {
    "createWorkflow": ("WorkflowWrite", True),
    "updateWorkflow": ("WorkflowWrite", True),
    "createJob": ("JobCreate", True),
    "updateJob": ("JobUpdate", True),
    "updateJobPut": ("JobUpdatePut", True),
    "verifyJob": ("JobVerify", True),
    "executeJob": ("ExecuteJobRequest", False),
    "updateJobExecuteConfig": ("JobExecuteConfig", True),
    "createTrigger": ("TriggerCreate", True),
}
QUERY = {
    "getExecutionResult": {"startDate": True, "endDate": True},
    "getExecutionCount": {"startDate": True, "endDate": True},
    "getExecutionTimes": {"startDate": True, "endDate": True},
    "getWorkflows": {"page": False, "limit": False},
    "getWorkflowExecutions": {"page": False, "limit": False, "filter": False},
    "getJobs": {"page": False, "limit": False, "name": False, "status": False},
    "getJobExecutions": {"page": False, "limit": False},
    "getTriggers": {"page": False, "limit": False, "name": False},
    "executeJob": {"triggerId": False, "workflowId": False},
}
# example request file prefix -> operations whose body it is
EXAMPLE_OPERATIONS = {
    "createWorkflow": ("createWorkflow",),
    "updateWorkflow": ("updateWorkflow",),
    "createJob": ("createJob",),
    "updateJob": ("updateJob",),
    "verifyJob": ("verifyJob",),
    "executeJob": ("executeJob",),
    "updateJobExecuteConfig": ("updateJobExecuteConfig",),
    "createTrigger": ("createTrigger",),
}
# Newest-docs response examples the emulator's own answers match (legacy shapes are excluded)
RESPONSE_EXAMPLES = {
    "createJob": "Job",
    "createTrigger": "Trigger",
    "createWorkflow": "Workflow",
    "executeJob": "Execution",
    "executeWorkflow": "WorkflowRunAccepted",
    "getExecutionCount": "ExecutionCount",
    "getExecutionResult": "ExecutionResult",
    "getExecutionTimes": "ExecutionTimes",
    "getJobById": "Job",
    "getJobExecutionById": "Execution",
    "getJobExecutions": "ExecutionPage",
    "getJobs": "JobListPage",
    "getTriggerById": "Trigger",
    "getTriggers": "TriggerPage",
    "getWorkflowById": "Workflow",
    "getWorkflowExecutions": "ExecutionPage",
    "getWorkflows": "WorkflowListPage",
    "updateJob": "Job",
    "updateJobExecuteConfig": "Job",
    "updateWorkflow": "Workflow",
    "deleteJob": "True",
    "deleteTrigger": "True",
    "deleteWorkflow": "True",
    "cancelJobExecution": "True",
    "verifyJob": "True",
}


@pytest.fixture
async def spec(api: Api) -> dict[str, Any]:
    """The document as a client downloads it (unsigned: /openapi.json is outside the gateway)."""
    response = await api.call("GET", "/openapi.json", signed=False)
    assert response.status_code == 200
    return response.json()


def validator(spec: dict[str, Any], schema: dict[str, Any]) -> jsonschema_rs.Validator:
    """A 2020-12 validator for ``schema`` whose ``#/components/...`` refs resolve in ``spec``."""
    return jsonschema_rs.Draft202012Validator({**schema, "components": spec["components"]})


def operation(spec: dict[str, Any], operation_id: str) -> dict[str, Any]:
    method, path, _, _ = OPERATIONS[operation_id]
    return spec["paths"]["/api/v1" + path][method.lower()]


def schema_of(content_holder: dict[str, Any]) -> dict[str, Any]:
    return content_holder["content"]["application/json"]["schema"]


def example_body(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


async def test_every_operation_is_documented_at_its_method_and_path(spec: dict[str, Any]) -> None:
    documented = {
        (method.upper(), path, item["operationId"])
        for path, methods in spec["paths"].items()
        for method, item in methods.items()
    }
    expected = {(m, "/api/v1" + p, op) for op, (m, p, _, _) in OPERATIONS.items()}
    assert documented == expected


@pytest.mark.parametrize("operation_id", sorted(OPERATIONS))
async def test_operation_has_its_responses_parameters_and_body(
    spec: dict[str, Any], operation_id: str
) -> None:
    _, path, status, response = OPERATIONS[operation_id]
    item = operation(spec, operation_id)
    responses = item["responses"]
    assert set(responses) == {str(status), "400", "401", "404", "429", "500", "503", "504"}
    assert schema_of(responses[str(status)]) == {"$ref": f"#/components/schemas/{response}"}
    for code in ("400", "401", "404", "429"):
        assert schema_of(responses[code])
    params = {(p["in"], p["name"]): p for p in item.get("parameters", [])}
    path_names = {segment[1:-1] for segment in path.split("/") if segment.startswith("{")}
    assert {name for (where, name) in params if where == "path"} == path_names
    for name in path_names:
        assert params[("path", name)]["required"] is True and params[("path", name)]["description"]
    expected_query = QUERY.get(operation_id, {})
    assert {name: p["required"] for (where, name), p in params.items() if where == "query"} == expected_query
    if "page" in expected_query:
        assert params[("query", "page")]["schema"] == {"type": "integer", "minimum": 0, "default": 0}
        assert params[("query", "limit")]["schema"] == {"type": "integer", "minimum": 1, "default": 1000}
    if operation_id in REQUEST_BODIES:
        name, required = REQUEST_BODIES[operation_id]
        assert item["requestBody"]["required"] is required
        assert schema_of(item["requestBody"]) == {"$ref": f"#/components/schemas/{name}"}
    else:
        assert "requestBody" not in item
    assert not any(
        p["name"].startswith("x-ncp-apigw") or p["name"] == "x-ncp-iam-access-key" for p in params.values()
    )


async def test_signature_headers_are_a_security_scheme_and_no_422_is_promised(spec: dict[str, Any]) -> None:
    schemes = spec["components"]["securitySchemes"]
    assert {(s["type"], s["in"], s["name"]) for s in schemes.values()} == {
        ("apiKey", "header", "x-ncp-apigw-timestamp"),
        ("apiKey", "header", "x-ncp-iam-access-key"),
        ("apiKey", "header", "x-ncp-apigw-signature-v2"),
    }
    assert spec["security"] == [{name: [] for name in schemes}]  # all three together
    assert "422" not in json.dumps([item["responses"] for p in spec["paths"].values() for item in p.values()])
    assert "HTTPValidationError" not in spec["components"]["schemas"]


def test_component_schemas_are_valid_json_schema() -> None:
    for name, schema in COMPONENT_SCHEMAS.items():
        assert jsonschema_rs.meta.is_valid(schema), name


def request_examples() -> list[tuple[str, str]]:
    cases = []
    for path in sorted(EXAMPLES.glob("*.request*.json")):
        prefix = path.name.split(".", 1)[0]
        for operation_id in EXAMPLE_OPERATIONS[prefix]:
            cases.append((path.name, operation_id))
    return cases


def test_all_request_examples_are_covered() -> None:
    assert len(request_examples()) >= 20
    assert {op for _, op in request_examples()} == set(REQUEST_BODIES) - {"updateJobPut"}


@pytest.mark.parametrize(("file_name", "operation_id"), request_examples())
async def test_example_request_bodies_validate(
    spec: dict[str, Any], file_name: str, operation_id: str
) -> None:
    body = example_body(EXAMPLES / file_name)
    request_schema = schema_of(operation(spec, operation_id)["requestBody"])
    errors = [str(error) for error in validator(spec, request_schema).iter_errors(body)]
    assert not errors, errors


async def test_legacy_put_example_validates_against_the_put_body(spec: dict[str, Any]) -> None:
    body = example_body(EXAMPLES / "updateJob.request.legacy.json")
    assert validator(spec, schema_of(operation(spec, "updateJobPut")["requestBody"])).is_valid(body)
    partial = example_body(EXAMPLES / "updateJob.request.partial.json")
    assert validator(spec, schema_of(operation(spec, "updateJobPut")["requestBody"])).is_valid(partial)
    del partial["name"]
    assert not validator(spec, schema_of(operation(spec, "updateJobPut")["requestBody"])).is_valid(partial)


@pytest.mark.parametrize(("prefix", "component"), sorted(RESPONSE_EXAMPLES.items()))
async def test_example_responses_validate(spec: dict[str, Any], prefix: str, component: str) -> None:
    body = example_body(EXAMPLES / f"{prefix}.response.json")
    errors = [
        str(e) for e in validator(spec, {"$ref": f"#/components/schemas/{component}"}).iter_errors(body)
    ]
    assert not errors, errors


@pytest.mark.parametrize(
    ("file_name", "status"),
    [
        ("error.bad-parameter.json", "400"),
        ("error.bad-state.json", "400"),
        ("error.client-request-failed.json", "400"),
        ("error.client-resource-not-found.json", "400"),
        ("error.client-unauthorized.json", "400"),
        ("error.resource-not-found.json", "404"),
        ("error.gateway-not-found.json", "404"),
        ("error.gateway-auth.json", "401"),
        ("error.gateway-permission.json", "401"),
        ("error.gateway-throttle.json", "429"),
        ("error.unknown-resource-action.json", "500"),
    ],
)
async def test_example_errors_validate(spec: dict[str, Any], file_name: str, status: str) -> None:
    body = example_body(EXAMPLES / file_name)
    error_schema = schema_of(operation(spec, "getWorkflowById")["responses"][status])
    errors = [str(e) for e in validator(spec, error_schema).iter_errors(body)]
    assert not errors, errors


def _weekly(**rule: Any) -> dict[str, Any]:
    return {"name": "weekly", "type": "SCHEDULED", "triggerRule": {"type": "RECURRING", **rule}}


@pytest.mark.parametrize(
    ("operation_id", "body"),
    [
        ("createTrigger", _weekly(interval="WEEK", time="09:00", dayOfWeek=["monday"])),
        ("createTrigger", _weekly(interval="WEEK", time="09:00", dayOfWeek=[])),
        ("createTrigger", _weekly(interval="DAY", time="24:00")),
        ("createTrigger", _weekly(interval="HOUR", time="60")),
        ("createTrigger", _weekly(interval="MONTH", time="09:00", dateOfMonth="0")),
        (
            "createTrigger",
            {
                "name": "once",
                "type": "SCHEDULED",
                "triggerRule": {"type": "ONE_TIME", "executionDate": "2025-04-01"},
            },
        ),
        ("createTrigger", {"name": "manual", "type": "SCHEDULED", "triggerRule": {"type": "NONE"}}),
        (
            "createTrigger",
            {
                "name": "manual",
                "type": "NONE",
                "triggerRule": {"type": "ONE_TIME", "executionDate": "2025-04-01T10:00"},
            },
        ),
        ("createTrigger", {"name": "ab", "type": "NONE", "triggerRule": {"type": "NONE"}}),
        ("createJob", {"name": "job001", "type": "VISUAL", "jobCondition": {"numWorker": 11}}),
        ("createJob", {"name": "job001", "type": "BATCH"}),
        ("createJob", {"name": "job001", "maxConcurrentRuns": 0}),
        ("createJob", {"type": "SCRIPT"}),
        (
            "verifyJob",
            {"name": "job001", "nodes": [{"id": 1, "name": "n", "type": "SOURCE_OBS", "parentNodeIds": []}]},
        ),
        (
            "verifyJob",
            {
                "name": "job001",
                "nodes": [{"id": 1, "name": "n", "type": "TRANSFORM_UNKNOWN", "parentNodeIds": [2]}],
            },
        ),
        ("updateJobExecuteConfig", {}),
        ("updateJobExecuteConfig", {"jobCondition": {"timeout": 0}}),
        (
            "createWorkflow",
            {"name": "wf_001", "nodes": [{"id": "x", "name": "x", "type": "STEP", "parentNodeIds": []}]},
        ),
        ("createWorkflow", {"nodes": []}),
    ],
)
async def test_request_schemas_reject_what_the_service_rejects(
    api: Api, spec: dict[str, Any], operation_id: str, body: dict[str, Any]
) -> None:
    """Both sides: the published schema refuses the body, and so does the service (400)."""
    assert not validator(spec, schema_of(operation(spec, operation_id)["requestBody"])).is_valid(body)
    method, path, _, _ = OPERATIONS[operation_id]
    if "{jobId}" in path:
        path = path.replace("{jobId}", (await api.script_job("schema_probe"))["jobId"])
    status, problem = await api.error(method, "/api/v1" + path, body)
    assert status == 400 and problem["errorType"] == "bad-parameter", problem


def test_document_is_valid_openapi_3_1() -> None:
    """Checked with the OpenAPI 3.1 meta-schema that schemathesis bundles."""
    state = make_state()
    try:
        document = create_app(state).openapi()
    finally:
        state.close()
    assert document["openapi"].startswith("3.1")
    errors = [str(error) for error in OPENAPI_31_VALIDATOR.iter_errors(document)]
    assert not errors, errors[:3]


async def test_live_answers_match_the_response_schemas(api: Api, spec: dict[str, Any]) -> None:
    """Real answers of the emulator (not just the examples) fit the published schemas."""
    trigger = await api.trigger("schema_trigger")
    job = await api.script_job("schema_job")
    workflow = await api.workflow("schema_wf", trigger["triggerId"], [(job["jobId"], [trigger["triggerId"]])])
    run = await api.ok("POST", f"/api/v1/jobs/{job['jobId']}/executions", {})
    accepted = await api.ok("POST", f"/api/v1/workflows/{workflow['workflowId']}/executions", status=202)
    api.advance(600)
    dates = "startDate=2026-11-27T00%3A00%3A00&endDate=2026-11-28T23%3A59%3A59"
    answers = {
        "Trigger": trigger,
        "Job": job,
        "Workflow": workflow,
        "Execution": run,
        "WorkflowRunAccepted": accepted,
        "WorkflowListPage": await api.ok("GET", "/api/v1/workflows"),
        "JobListPage": await api.ok("GET", "/api/v1/jobs"),
        "TriggerPage": await api.ok("GET", "/api/v1/triggers"),
        "ExecutionPage": await api.ok("GET", f"/api/v1/workflows/{workflow['workflowId']}/executions"),
        "ExecutionResult": await api.ok("GET", f"/api/v1/stats/executions?{dates}"),
        "ExecutionCount": await api.ok("GET", f"/api/v1/stats/executions-interval?{dates}"),
        "ExecutionTimes": await api.ok("GET", f"/api/v1/stats/execution-times?{dates}"),
    }
    assert answers["ExecutionPage"]["count"] == 1
    for component, body in answers.items():
        errors = [
            str(e) for e in validator(spec, {"$ref": f"#/components/schemas/{component}"}).iter_errors(body)
        ]
        assert not errors, (component, errors)


async def test_demo_data_matches_the_response_schemas(demo_api: Api) -> None:
    """Every demo workflow, job, trigger and execution is something the document allows."""
    spec = (await demo_api.call("GET", "/openapi.json", signed=False)).json()
    pages = {
        "WorkflowListPage": await demo_api.ok("GET", "/api/v1/workflows"),
        "JobListPage": await demo_api.ok("GET", "/api/v1/jobs"),
        "TriggerPage": await demo_api.ok("GET", "/api/v1/triggers"),
    }
    jobs = pages["JobListPage"]["list"]
    assert jobs and pages["WorkflowListPage"]["list"] and pages["TriggerPage"]["list"]
    for job in jobs[:10]:
        pages[f"Job {job['jobId']}"] = await demo_api.ok("GET", f"/api/v1/jobs/{job['jobId']}")
        pages[f"ExecutionPage {job['jobId']}"] = await demo_api.ok(
            "GET", f"/api/v1/jobs/{job['jobId']}/executions?limit=50"
        )
    assert any(body["count"] for label, body in pages.items() if label.startswith("ExecutionPage"))
    for label, body in pages.items():
        component = label.split(" ", 1)[0]
        errors = [
            str(e) for e in validator(spec, {"$ref": f"#/components/schemas/{component}"}).iter_errors(body)
        ]
        assert not errors, (label, errors[:3])
