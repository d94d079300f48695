"""The HTTP surface: all 25 operations at ``/api/v1/...`` behind the gateway
(docs/api-contract.md, Operation index).

Bodies are parsed by hand from the raw request (JSON whatever the ``Content-Type``), so FastAPI
never answers its own 422, and path parameters are read from it too; :func:`doc` gives each route
its documentation for ``/openapi.json``.
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

    def path(request: Request, name: str) -> str:
        """A path parameter. Handlers read them from the request rather than declare them: FastAPI
        builds a pydantic field for each declared one (and imports pydantic.v1 to check it), and
        building the app took 27-33 ms with them declared against 4-7 ms now; the demo's child
        builds one as it starts, the tests hundreds. ``doc`` documents them instead."""
        return str(request.path_params[name])

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

    @app.get(f"{API}/workflows/{{workflowId}}", **doc("getWorkflowById", "workflowId"))
    async def get_workflow(request: Request) -> Response:
        return reply(service.get_workflow(path(request, "workflowId")))

    @app.put(f"{API}/workflows/{{workflowId}}", **doc("updateWorkflow", "workflowId"))
    async def update_workflow(request: Request) -> Response:
        return reply(service.update_workflow(path(request, "workflowId"), await read_body(request)))

    @app.delete(f"{API}/workflows/{{workflowId}}", **doc("deleteWorkflow", "workflowId"))
    async def delete_workflow(request: Request) -> Response:
        return reply(service.delete_workflow(path(request, "workflowId")))

    @app.get(f"{API}/workflows/{{workflowId}}/executions", **doc("getWorkflowExecutions", "workflowId"))
    async def get_workflow_executions(request: Request) -> Response:
        return reply(service.get_workflow_executions(path(request, "workflowId"), q(request)))

    @app.post(f"{API}/workflows/{{workflowId}}/executions", **doc("executeWorkflow", "workflowId"))
    async def execute_workflow(request: Request) -> Response:
        return reply(service.execute_workflow(path(request, "workflowId"), request.headers))

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

    @app.get(f"{API}/jobs/{{jobId}}", **doc("getJobById", "jobId"))
    async def get_job(request: Request) -> Response:
        return reply(service.get_job(job_path(path(request, "jobId"))))

    @app.patch(f"{API}/jobs/{{jobId}}", **doc("updateJob", "jobId"))
    async def patch_job(request: Request) -> Response:
        return reply(
            service.update_job(job_path(path(request, "jobId")), await read_body(request), method="PATCH")
        )

    @app.put(f"{API}/jobs/{{jobId}}", **doc("updateJobPut", "jobId"))
    async def put_job(request: Request) -> Response:
        return reply(
            service.update_job(job_path(path(request, "jobId")), await read_body(request), method="PUT")
        )

    @app.delete(f"{API}/jobs/{{jobId}}", **doc("deleteJob", "jobId"))
    async def delete_job(request: Request) -> Response:
        return reply(service.delete_job(job_path(path(request, "jobId"))))

    @app.get(f"{API}/jobs/{{jobId}}/executions", **doc("getJobExecutions", "jobId"))
    async def get_job_executions(request: Request) -> Response:
        return reply(service.get_job_executions(path(request, "jobId"), q(request)))

    @app.post(f"{API}/jobs/{{jobId}}/executions", **doc("executeJob", "jobId"))
    async def execute_job(request: Request) -> Response:
        return reply(service.execute_job(path(request, "jobId"), q(request), await read_body(request)))

    @app.put(f"{API}/jobs/{{jobId}}/executions", **doc("updateJobExecuteConfig", "jobId"))
    async def update_job_execute_config(request: Request) -> Response:
        return reply(service.update_job_execute_config(path(request, "jobId"), await read_body(request)))

    @app.get(
        f"{API}/jobs/{{jobId}}/executions/{{executionId}}",
        **doc("getJobExecutionById", "jobId", "executionId"),
    )
    async def get_job_execution(request: Request) -> Response:
        return reply(service.get_job_execution(path(request, "jobId"), path(request, "executionId")))

    @app.post(
        f"{API}/jobs/{{jobId}}/executions/{{executionId}}/cancel",
        **doc("cancelJobExecution", "jobId", "executionId"),
    )
    async def cancel_job_execution(request: Request) -> Response:
        return reply(service.cancel_job_execution(path(request, "jobId"), path(request, "executionId")))

    # -------------------------------------------------------------- triggers
    @app.get(f"{API}/triggers", **doc("getTriggers"))
    async def get_triggers(request: Request) -> Response:
        return reply(service.get_triggers(q(request)))

    @app.post(f"{API}/triggers", **doc("createTrigger"))
    async def create_trigger(request: Request) -> Response:
        return reply(service.create_trigger(await read_body(request)))

    @app.get(f"{API}/triggers/{{triggerId}}", **doc("getTriggerById", "triggerId"))
    async def get_trigger(request: Request) -> Response:
        return reply(service.get_trigger(path(request, "triggerId")))

    @app.delete(f"{API}/triggers/{{triggerId}}", **doc("deleteTrigger", "triggerId"))
    async def delete_trigger(request: Request) -> Response:
        return reply(service.delete_trigger(path(request, "triggerId")))

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
