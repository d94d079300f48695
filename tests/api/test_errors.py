"""Error normalisation: three body shapes -> one readable error, never leaking the secret.

See docs/api-contract.md, How the client normalises errors.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import httpx
import pytest

from dftui.api import (
    AuthError,
    BadParameterError,
    BadStateError,
    DataFlowClient,
    DataFlowError,
    ErrorKind,
    LinkedServiceError,
    NetworkError,
    NotFoundError,
    PermissionDeniedError,
    RequestTimeoutError,
    RetryPolicy,
    ServerError,
    ThrottledError,
    parse_error_response,
)
from dftui.api.errors import format_skew

from .conftest import ACCESS_KEY, FIXED_EPOCH, SECRET_KEY, MockServer, load_example

PATH = "/api/v1/workflows/aa"


def _response(status: int, *, json_body=None, content: bytes | None = None, headers=None) -> httpx.Response:
    if json_body is not None:
        return httpx.Response(status, json=json_body, headers=headers)
    return httpx.Response(status, content=content or b"", headers=headers)


@pytest.mark.parametrize(
    ("example", "status", "cls", "kind", "code", "summary_start"),
    [
        (
            "error.resource-not-found.json",
            404,
            NotFoundError,
            ErrorKind.NOT_FOUND,
            "resource-not-found/WORKFLOW",
            "Workflow not found: {workflowId=aa}: Unable to find.",
        ),
        (
            "error.bad-parameter.json",
            400,
            BadParameterError,
            ErrorKind.BAD_PARAMETER,
            "bad-parameter",
            "The server rejected a parameter: {name=1job}: Check the parameters.",
        ),
        (
            "error.bad-state.json",
            400,
            BadStateError,
            ErrorKind.BAD_STATE,
            "bad-state",
            "Not allowed in the current state: {workflowId=pJ1HCEI7L9ha}: Check the status.",
        ),
        (
            "error.client-request-failed.json",
            400,
            LinkedServiceError,
            ErrorKind.LINKED_SERVICE,
            "client-request-failed",
            "A call from Data Flow to a linked NCP service failed",
        ),
        (
            "error.client-resource-not-found.json",
            400,
            LinkedServiceError,
            ErrorKind.LINKED_SERVICE,
            "client-resource-not-found",
            "A resource in a linked NCP service is missing",
        ),
        (
            "error.client-unauthorized.json",
            400,
            LinkedServiceError,
            ErrorKind.LINKED_SERVICE,
            "client-unauthorized",
            "Data Flow has no permission on a linked NCP service",
        ),
        (
            "error.unknown-resource-action.json",
            500,
            ServerError,
            ErrorKind.SERVER,
            "unknown-resource-action/JOB_EXECUTION",
            "The Data Flow service hit an unexpected error",
        ),
    ],
)
def test_service_problem_bodies(example, status, cls, kind, code, summary_start) -> None:
    body = load_example(example)
    error = parse_error_response(_response(status, json_body=body), "GET", PATH, 2)
    assert type(error) is cls
    assert error.kind is kind
    assert error.source == "service"
    assert error.code == code
    assert error.status == status
    assert error.message == body["detail"]
    assert error.instance == body["instance"]
    assert error.method == "GET" and error.path == PATH and error.retries == 2
    assert error.summary.startswith(summary_start)
    text = str(error)
    assert f"HTTP {status}" in text and code in text and f"GET {PATH}" in text and "after 2 retries" in text


def test_service_body_without_error_type_uses_status() -> None:
    body = {"type": "about:blank", "title": "Conflict", "status": 409, "detail": "busy"}
    error = parse_error_response(_response(409, json_body=body), "POST", "/api/v1/jobs")
    assert isinstance(error, BadStateError)
    assert error.code == "http-409"
    assert error.message == "busy"


@pytest.mark.parametrize(
    ("example", "status", "cls", "kind", "code"),
    [
        ("error.gateway-auth.json", 401, AuthError, ErrorKind.AUTH, "200"),
        ("error.gateway-permission.json", 401, PermissionDeniedError, ErrorKind.PERMISSION, "210"),
        ("error.gateway-not-found.json", 404, NotFoundError, ErrorKind.NOT_FOUND, "300"),
        ("error.gateway-throttle.json", 429, ThrottledError, ErrorKind.THROTTLED, "410"),
    ],
)
def test_gateway_bodies(example, status, cls, kind, code) -> None:
    body = load_example(example)
    error = parse_error_response(_response(status, json_body=body), "GET", PATH)
    assert type(error) is cls
    assert error.kind is kind
    assert error.source == "gateway"
    assert error.code == code == error.gateway_code
    assert error.message == body["error"]["message"]
    assert error.details == body["error"]["details"]
    assert error.from_gateway


@pytest.mark.parametrize(
    ("code", "status", "kind"),
    [
        (100, 400, ErrorKind.BAD_PARAMETER),
        (400, 429, ErrorKind.THROTTLED),
        (420, 429, ErrorKind.THROTTLED),
        (430, 413, ErrorKind.BAD_PARAMETER),
        (500, 503, ErrorKind.SERVER),
        (510, 504, ErrorKind.SERVER),
        (900, 500, ErrorKind.SERVER),
    ],
)
def test_gateway_codes_as_integers_are_normalised(code: int, status: int, kind: ErrorKind) -> None:
    body = {"error": {"errorCode": code, "message": "m", "detail": "d"}}
    error = parse_error_response(_response(status, json_body=body), "GET", PATH)
    assert error.kind is kind
    assert error.code == str(code)
    assert error.details == "d"


def test_gateway_shape_with_service_error_type_code() -> None:
    body = {"error": {"errorCode": "bad-parameter", "message": "Check the parameters.", "details": "x"}}
    error = parse_error_response(_response(400, json_body=body), "POST", "/api/v1/jobs")
    assert isinstance(error, BadParameterError)
    assert error.source == "gateway"
    assert error.gateway_code is None


def test_auth_message_mentions_clock_and_measured_skew() -> None:
    response = _response(401, json_body=load_example("error.gateway-auth.json"))
    error = parse_error_response(response, "GET", "/api/v1/jobs", clock_skew=timedelta(minutes=7, seconds=12))
    assert error.summary == (
        "Authentication failed: the access key or secret key is wrong, or this machine's clock is more "
        "than 5 minutes off (clock differs from server by +7m12s)"
    )
    unmeasured = parse_error_response(response, "GET", "/api/v1/jobs")
    assert "clock differs" not in unmeasured.summary
    assert "clock is more than 5 minutes off" in unmeasured.summary


def test_format_skew() -> None:
    assert format_skew(timedelta(minutes=7, seconds=12)) == "+7m12s"
    assert format_skew(timedelta(seconds=-45)) == "-45s"
    assert format_skew(timedelta(hours=1, minutes=2, seconds=3)) == "+1h02m03s"
    assert format_skew(timedelta(0)) == "+0s"


@pytest.mark.parametrize(
    ("status", "content", "headers", "cls", "in_message"),
    [
        (
            502,
            b"<html><body>\n  <h1>502   Bad Gateway</h1>\n</body></html>",
            {},
            ServerError,
            "HTTP 502 Bad Gateway: <html><body> <h1>502 Bad Gateway</h1> </body></html>",
        ),
        (
            401,
            b"",
            {"x-ncp-apigw-error-code": "200", "x-ncp-apigw-error-message": "Authentication Failed"},
            AuthError,
            "HTTP 401 Unauthorized",
        ),
        (429, b"", {"x-ncp-apigw-error-code": "410"}, ThrottledError, "HTTP 429"),
        (404, b"not here", {}, NotFoundError, "HTTP 404 Not Found: not here"),
        (418, b"[1, 2]", {}, BadParameterError, "[1, 2]"),
    ],
)
def test_unknown_shapes_build_message_from_status_body_and_headers(
    status, content, headers, cls, in_message
) -> None:
    headers = {**headers, "x-ncp-request-id": "req-123", "x-ncp-trace-id": "trace-9"}
    error = parse_error_response(_response(status, content=content, headers=headers), "GET", PATH)
    assert type(error) is cls
    assert error.source == "unknown"
    assert error.code == f"http-{status}"
    assert in_message in error.message
    assert error.request_id == "req-123"
    assert error.trace_id == "trace-9"
    assert "trace id trace-9" in (error.details or "")
    assert "request id req-123" in str(error)
    if "x-ncp-apigw-error-code" in headers:
        assert error.from_gateway
        assert f"gateway error code {headers['x-ncp-apigw-error-code']}" in error.details


def test_long_bodies_are_cut_to_about_300_characters() -> None:
    error = parse_error_response(_response(500, content=b"x" * 5000), "GET", PATH)
    assert len(error.message) < 340


# ----------------------------------------------------------- errors raised by the client


async def test_network_error_names_the_host(
    client: DataFlowClient, server: MockServer, records: list
) -> None:
    server.default = lambda request: (_ for _ in ()).throw(httpx.ConnectError("Connection refused"))
    with pytest.raises(NetworkError) as info:
        await client.get_jobs()
    error = info.value
    assert "dataflow.apigw.ntruss.com" in str(error)
    assert "Connection refused" in str(error)
    assert error.status is None and error.kind is ErrorKind.NETWORK and error.source == "network"
    assert error.retries == 3
    assert records[-1].error_kind == "network" and records[-1].retries == 3 and records[-1].status is None


async def test_timeout_names_the_host_and_warns_about_writes(
    client: DataFlowClient, server: MockServer
) -> None:
    server.reply(httpx.ReadTimeout("slow"))
    with pytest.raises(RequestTimeoutError) as info:
        await client.create_trigger(load_example("createTrigger.request.json"))
    assert "dataflow.apigw.ntruss.com did not answer within 30 s" in str(info.value)
    assert "check before repeating" in str(info.value)
    assert info.value.kind is ErrorKind.TIMEOUT


async def test_client_auth_error_quotes_skew_from_date_header(
    client: DataFlowClient, server: MockServer
) -> None:
    # Local clock is FIXED_EPOCH = 2025-03-19T05:00:00Z; the server says 05:07:12Z.
    server.json(
        load_example("error.gateway-auth.json"), status=401, headers={"Date": "Wed, 19 Mar 2025 05:07:12 GMT"}
    )
    with pytest.raises(AuthError) as info:
        await client.get_jobs()
    assert client.clock_skew == timedelta(minutes=7, seconds=12)
    assert "(clock differs from server by +7m12s)" in str(info.value)
    assert info.value.retries == 0  # auth failures are not retried


async def test_clock_skew_is_measured_on_success_too(client: DataFlowClient, server: MockServer) -> None:
    assert client.clock_skew is None
    server.json(True, headers={"Date": "Wed, 19 Mar 2025 04:59:30 GMT"})
    await client.delete_job("j")
    assert client.clock_skew == timedelta(seconds=-30)


# --------------------------------------------------------------------- secret hygiene


async def test_secret_never_appears_in_errors_reprs_records_or_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    records: list = []
    echo = {"error": {"errorCode": "200", "message": f"bad key {SECRET_KEY}", "details": SECRET_KEY}}
    server = MockServer().reply(
        httpx.Response(401, json=echo, headers={"Date": "Wed, 19 Mar 2025 05:00:00 GMT"}),
        httpx.Response(500, content=f"<pre>{SECRET_KEY}</pre>".encode()),
        httpx.ConnectError(f"boom {SECRET_KEY}"),
        httpx.Response(200, json=True),
    )
    client = DataFlowClient(
        "https://dataflow.apigw.ntruss.com",
        ACCESS_KEY,
        SECRET_KEY,
        transport=server.transport,
        retry=RetryPolicy(max_attempts=1),
        on_request=records.append,
        clock=lambda: FIXED_EPOCH,
    )
    errors: list[DataFlowError] = []
    async with client:
        for _ in range(3):
            try:
                await client.get_job_by_id("j")
            except DataFlowError as error:
                errors.append(error)
        await client.delete_job("j")
    texts = [repr(client), repr(client._auth), str(vars(client)), caplog.text, repr(records)]
    for error in errors:
        texts += [str(error), repr(error), error.message, str(error.details), str(vars(error))]
    assert len(errors) == 3
    for text in texts:
        assert SECRET_KEY not in text
    assert "x-ncp-apigw-signature-v2" not in caplog.text
    assert "GET /api/v1/jobs/j" in caplog.text  # debug logging does happen


async def test_undecodable_answer_is_unexpected_not_network(
    client: DataFlowClient, server: MockServer
) -> None:
    from dftui.api import UnexpectedResponseError

    server.reply(httpx.DecodingError("bad gzip"))
    with pytest.raises(UnexpectedResponseError, match="could not be read"):
        await client.get_jobs()
    assert len(server.requests) == 1
