"""The HTTP surface: all 25 operations at ``/api/v1/...`` behind the gateway
(docs/api-contract.md, Operation index).

Bodies are parsed by hand from the raw request (JSON whatever the ``Content-Type``), so FastAPI
never answers its own 422; the route signatures carry only documentation for ``/openapi.json``.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from dftui.emulator.errors import ServiceError, bad_parameter, gateway_body
from dftui.emulator.faults import TrafficProbe
from dftui.emulator.gateway import Gateway, GatewayConfig
from dftui.emulator.limits import JsonRejected, parse_json
from dftui.emulator.openapi_docs import doc, install_openapi
from dftui.emulator.state import EmulatorState

log = logging.getLogger("dftui.emulator")
API = "/api/v1"
EXECUTION_TIMES_PATHS: dict[str, tuple[str, ...]] = {
    "singular": ("singular",),
    "both": ("singular", "plural"),
    "plural": ("plural",),
}
"""Which getExecutionTimes paths an emulator serves, by ``EmulatorState.execution_times_paths``."""


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
    payload = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Response(content=payload, status_code=status, media_type="application/json", headers=headers)


async def read_body(request: Request) -> Any:
    """The JSON body, or ``None`` when it is empty/whitespace; malformed JSON is bad-parameter."""
    raw = await request.body()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise bad_parameter("body", "<not UTF-8>") from None
    if not text.strip():
        return None
    state: EmulatorState = request.app.state.emulator
    try:
        return parse_json(text, state.limits.max_json_depth)
    except JsonRejected as exc:  # too deep, an integer past 64 bits, NaN: 400, never a 500
        raise bad_parameter("body", exc.reason) from None
    except ValueError:  # malformed JSON
        raise bad_parameter("body", text.strip()[:60]) from None


def create_app(state: EmulatorState) -> FastAPI:
    """Build the service app with the gateway middleware in front of every route."""
    service = state.service
    app = FastAPI(
        title="Data Flow API (dftui emulator)",
        version="1.0",
        description="Local stand-in for NAVER Cloud Platform Data Flow (API Gateway signature v2).",
        redoc_url=None,
    )
    app.router.redirect_slashes = False
    app.state.emulator = state

    @app.exception_handler(ServiceError)
    async def _service_error(request: Request, exc: ServiceError) -> Response:
        return json_response(exc.status, exc.body(request.url.path))

    @app.exception_handler(StarletteHTTPException)
    async def _routing_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code in (404, 405):
            status, body = gateway_body("300")
            return json_response(status, body)
        status, body = gateway_body("900", str(exc.detail))
        return json_response(status, body)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        return json_response(400, bad_parameter("request", str(exc.errors()[:1])).body(request.url.path))

    def job_path(job_id: str) -> str:
        """``/jobs/verify`` is a literal segment that only accepts POST (matched before ``{jobId}``)."""
        if job_id == "verify":
            raise StarletteHTTPException(404)
        return job_id

    def q(request: Request) -> dict[str, str]:
        return dict(request.query_params)

    def reply(result: tuple[int, Any]) -> Response:
        return json_response(*result)

    # ------------------------------------------------------------ dashboard
    @app.get(f"{API}/stats/executions", **doc("getExecutionResult"))
    async def get_execution_result(request: Request) -> Response:
        return reply(service.get_execution_result(q(request)))

    @app.get(f"{API}/stats/executions-interval", **doc("getExecutionCount"))
    async def get_execution_count(request: Request) -> Response:
        return reply(service.get_execution_count(q(request)))

    # The live gateway answers the singular path and 404s the plural the guide pages print
    # (docs/api-contract.md, getExecutionTimes path); state.execution_times_paths can serve the
    # plural too ("both") or only it ("plural"), to test a client's fallback either way.
    serves = EXECUTION_TIMES_PATHS[state.execution_times_paths]
    if "singular" in serves:

        @app.get(f"{API}/stats/execution-times", **doc("getExecutionTimes"))
        async def get_execution_times(request: Request) -> Response:
            return reply(service.get_execution_times(q(request)))

    if "plural" in serves:

        @app.get(
            f"{API}/stats/executions-times",
            **(doc("getExecutionTimes") if serves == ("plural",) else {"include_in_schema": False}),
        )
        async def get_execution_times_plural(request: Request) -> Response:
            return reply(service.get_execution_times(q(request)))

    # ------------------------------------------------------------- workflows
    @app.get(f"{API}/workflows", **doc("getWorkflows"))
    async def get_workflows(request: Request) -> Response:
        return reply(service.get_workflows(q(request)))

    @app.post(f"{API}/workflows", **doc("createWorkflow"))
    async def create_workflow(request: Request) -> Response:
        return reply(service.create_workflow(await read_body(request)))

    @app.get(f"{API}/workflows/{{workflowId}}", **doc("getWorkflowById"))
    async def get_workflow(workflowId: str) -> Response:  # noqa: N803 - path name of the API
        return reply(service.get_workflow(workflowId))

    @app.put(f"{API}/workflows/{{workflowId}}", **doc("updateWorkflow"))
    async def update_workflow(workflowId: str, request: Request) -> Response:  # noqa: N803
        return reply(service.update_workflow(workflowId, await read_body(request)))

    @app.delete(f"{API}/workflows/{{workflowId}}", **doc("deleteWorkflow"))
    async def delete_workflow(workflowId: str) -> Response:  # noqa: N803
        return reply(service.delete_workflow(workflowId))

    @app.get(f"{API}/workflows/{{workflowId}}/executions", **doc("getWorkflowExecutions"))
    async def get_workflow_executions(workflowId: str, request: Request) -> Response:  # noqa: N803
        return reply(service.get_workflow_executions(workflowId, q(request)))

    @app.post(f"{API}/workflows/{{workflowId}}/executions", **doc("executeWorkflow"))
    async def execute_workflow(workflowId: str, request: Request) -> Response:  # noqa: N803
        return reply(service.execute_workflow(workflowId, request.headers))

    # ------------------------------------------------------------------ jobs
    @app.get(f"{API}/jobs", **doc("getJobs"))
    async def get_jobs(request: Request) -> Response:
        return reply(service.get_jobs(q(request)))

    @app.post(f"{API}/jobs", **doc("createJob"))
    async def create_job(request: Request) -> Response:
        return reply(service.create_job(await read_body(request)))

    @app.post(f"{API}/jobs/verify", **doc("verifyJob"))
    async def verify_job(request: Request) -> Response:
        return reply(service.verify_job(await read_body(request)))

    @app.get(f"{API}/jobs/{{jobId}}", **doc("getJobById"))
    async def get_job(jobId: str) -> Response:  # noqa: N803
        return reply(service.get_job(job_path(jobId)))

    @app.patch(f"{API}/jobs/{{jobId}}", **doc("updateJob"))
    async def patch_job(jobId: str, request: Request) -> Response:  # noqa: N803
        return reply(service.update_job(job_path(jobId), await read_body(request), method="PATCH"))

    @app.put(f"{API}/jobs/{{jobId}}", **doc("updateJobPut"))
    async def put_job(jobId: str, request: Request) -> Response:  # noqa: N803
        return reply(service.update_job(job_path(jobId), await read_body(request), method="PUT"))

    @app.delete(f"{API}/jobs/{{jobId}}", **doc("deleteJob"))
    async def delete_job(jobId: str) -> Response:  # noqa: N803
        return reply(service.delete_job(job_path(jobId)))

    @app.get(f"{API}/jobs/{{jobId}}/executions", **doc("getJobExecutions"))
    async def get_job_executions(jobId: str, request: Request) -> Response:  # noqa: N803
        return reply(service.get_job_executions(jobId, q(request)))

    @app.post(f"{API}/jobs/{{jobId}}/executions", **doc("executeJob"))
    async def execute_job(jobId: str, request: Request) -> Response:  # noqa: N803
        return reply(service.execute_job(jobId, q(request), await read_body(request)))

    @app.put(f"{API}/jobs/{{jobId}}/executions", **doc("updateJobExecuteConfig"))
    async def update_job_execute_config(jobId: str, request: Request) -> Response:  # noqa: N803
        return reply(service.update_job_execute_config(jobId, await read_body(request)))

    @app.get(f"{API}/jobs/{{jobId}}/executions/{{executionId}}", **doc("getJobExecutionById"))
    async def get_job_execution(jobId: str, executionId: str) -> Response:  # noqa: N803
        return reply(service.get_job_execution(jobId, executionId))

    @app.post(f"{API}/jobs/{{jobId}}/executions/{{executionId}}/cancel", **doc("cancelJobExecution"))
    async def cancel_job_execution(jobId: str, executionId: str) -> Response:  # noqa: N803
        return reply(service.cancel_job_execution(jobId, executionId))

    # -------------------------------------------------------------- triggers
    @app.get(f"{API}/triggers", **doc("getTriggers"))
    async def get_triggers(request: Request) -> Response:
        return reply(service.get_triggers(q(request)))

    @app.post(f"{API}/triggers", **doc("createTrigger"))
    async def create_trigger(request: Request) -> Response:
        return reply(service.create_trigger(await read_body(request)))

    @app.get(f"{API}/triggers/{{triggerId}}", **doc("getTriggerById"))
    async def get_trigger(triggerId: str) -> Response:  # noqa: N803
        return reply(service.get_trigger(triggerId))

    @app.delete(f"{API}/triggers/{{triggerId}}", **doc("deleteTrigger"))
    async def delete_trigger(triggerId: str) -> Response:  # noqa: N803
        return reply(service.delete_trigger(triggerId))

    install_openapi(app)
    app.add_middleware(
        Gateway,
        config=GatewayConfig(
            keys=state.keys,
            no_permission_keys=state.no_permission_keys,
            rate_limit=state.rate_limit,
            faults=state.faults,
            injector=state.injector,
            limits=state.limits,
        ),
    )
    app.add_middleware(TrafficProbe, traffic=state.traffic)  # outermost: sees every request
    return app
