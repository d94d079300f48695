"""Gateway behaviour: authentication, routing 404/300, permission, throttling, faults, Date.

See docs/api-contract.md, How the emulator checks a request and Which error the emulator gives.
"""

from __future__ import annotations

import time
from email.utils import parsedate_to_datetime

import httpx
import pytest

from dftui.api.signing import sign
from dftui.emulator import FaultConfig, ManualClock, RateLimit
from dftui.emulator.gateway import Gateway, GatewayConfig

from .helpers import START, Api, asgi_client, auth_headers, make_state

AUTH_FAILED = {"errorCode": "200", "message": "Authentication Failed"}


def assert_gateway(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["errorCode"] == code
    assert isinstance(error["details"], str) and error["details"]


async def test_published_signature_vectors_are_accepted() -> None:
    config = GatewayConfig(keys={"EXAMPLEACCESSKEY0001": "EXAMPLEsecretKEY0123456789abcdefEXAMPLE0"})
    gateway = Gateway(app=None, config=config)  # type: ignore[arg-type]
    gateway.gateway_now = lambda: 1742360400.0  # type: ignore[method-assign]
    headers = {
        "x-ncp-apigw-timestamp": "1742360400000",
        "x-ncp-iam-access-key": "EXAMPLEACCESSKEY0001",
        "x-ncp-apigw-signature-v2": "rYQM2PlplO6PFBYV8k/rfyuLK7zfmAUlMce5D+lojMw=",
    }
    encoded = "/api/v1/stats/executions?startDate=2025-03-19T00%3A00%3A00&endDate=2025-03-20T23%3A59%3A59"
    assert gateway.authenticate("GET", encoded, headers) is None
    assert gateway.authenticate("GET", encoded.replace("%3A", ":"), headers) is not None
    superscript = dict(headers, **{"x-ncp-apigw-timestamp": "\u00b2\u00b2"})
    assert gateway.authenticate("GET", encoded, superscript) is not None  # digits, but not ASCII ones
    headers["x-ncp-apigw-signature-v2"] = "uyH3Fg99Qkz9umoVQy0IXAWPgJQyIw/TbeH0LqsNIec="
    assert gateway.authenticate("GET", "/api/v1/workflows?page=0&limit=1000", headers) is None


async def test_encoded_query_is_verified_as_sent(api: Api) -> None:
    target = "/api/v1/stats/executions?startDate=2026-11-28T00%3A00%3A00&endDate=2026-11-28T23%3A59%3A59"
    assert (await api.call("GET", target)).status_code == 200
    decoded = target.replace("%3A", ":")
    headers = auth_headers("GET", decoded, api.state.access_key, api.state.secret_key)
    response = await api.call("GET", target, headers=headers, signed=False)
    assert_gateway(response, 401, "200")


@pytest.mark.parametrize(
    "drop", ["x-ncp-apigw-timestamp", "x-ncp-iam-access-key", "x-ncp-apigw-signature-v2"]
)
async def test_missing_header_is_rejected(api: Api, drop: str) -> None:
    headers = auth_headers("GET", "/api/v1/jobs", api.state.access_key, api.state.secret_key)
    headers[drop] = ""
    assert_gateway(await api.call("GET", "/api/v1/jobs", headers=headers, signed=False), 401, "200")


async def test_bad_signature_wrong_key_and_stale_timestamps(api: Api) -> None:
    key, secret = api.state.access_key, api.state.secret_key
    bad = auth_headers("GET", "/api/v1/jobs", key, secret + "x")
    assert_gateway(await api.call("GET", "/api/v1/jobs", headers=bad, signed=False), 401, "200")
    other = auth_headers("GET", "/api/v1/jobs", "UNKNOWNKEY", secret)
    assert_gateway(await api.call("GET", "/api/v1/jobs", headers=other, signed=False), 401, "200")
    wrong_method = auth_headers("POST", "/api/v1/jobs", key, secret)
    assert_gateway(await api.call("GET", "/api/v1/jobs", headers=wrong_method, signed=False), 401, "200")
    now_ms = int(time.time() * 1000)
    for ts in (now_ms - 300_000, now_ms + 300_500, now_ms - 600_000):
        stale = auth_headers("GET", "/api/v1/jobs", key, secret, timestamp_ms=ts)
        assert_gateway(await api.call("GET", "/api/v1/jobs", headers=stale, signed=False), 401, "200")
    fresh = auth_headers("GET", "/api/v1/jobs", key, secret, timestamp_ms=now_ms - 290_000)
    assert (await api.call("GET", "/api/v1/jobs", headers=fresh, signed=False)).status_code == 200
    for odd in ("17x", "-1", "1.5e12"):
        letters = dict(fresh, **{"x-ncp-apigw-timestamp": odd})
        assert_gateway(await api.call("GET", "/api/v1/jobs", headers=letters, signed=False), 401, "200")


async def test_auth_comes_before_routing(api: Api) -> None:
    response = await api.call("GET", "/api/v1/does-not-exist", signed=False)
    assert_gateway(response, 401, "200")


@pytest.mark.parametrize(
    ("method", "target"),
    [
        ("GET", "/api/v1/nothing"),
        ("GET", "/api/v1/jobs/"),
        ("DELETE", "/api/v1/jobs/verify/x"),
        ("POST", "/api/v1/triggers/abc"),
        ("PATCH", "/api/v1/workflows/abc"),
        ("GET", "/api/v1/jobs/verify"),
        ("DELETE", "/api/v1/jobs/abc/executions"),
        ("GET", "/"),
    ],
)
async def test_unknown_route_or_method_is_gateway_404_300(api: Api, method: str, target: str) -> None:
    assert_gateway(await api.call(method, target), 404, "300")


async def test_put_and_patch_on_jobs_are_both_served(api: Api) -> None:
    for method in ("PUT", "PATCH"):
        status, body = await api.error(method, "/api/v1/jobs/nope", {"type": "VISUAL", "name": "abc"})
        assert status == 404 and body["errorType"] == "resource-not-found/JOB"


async def test_date_header_and_openapi_exempt(api: Api) -> None:
    response = await api.call("GET", "/api/v1/jobs")
    assert abs(parsedate_to_datetime(response.headers["date"]).timestamp() - time.time()) < 5
    assert "date" in (await api.call("GET", "/api/v1/jobs", signed=False)).headers
    spec = await api.client.get("/openapi.json")
    assert spec.status_code == 200
    operation_ids = {op["operationId"] for path in spec.json()["paths"].values() for op in path.values()}
    assert len(operation_ids) == 26  # 25 operations + the PUT form of updateJob
    assert "executeWorkflow" in operation_ids and "verifyJob" in operation_ids
    assert (await api.client.get("/docs")).status_code == 200


async def test_no_permission_keys() -> None:
    state = make_state(clock=ManualClock(START))
    state.no_permission_keys = frozenset({state.access_key})
    async with asgi_client(state) as client:
        response = await Api(client, state, ManualClock(START)).call("GET", "/api/v1/jobs")
    assert_gateway(response, 401, "210")
    state.close()


async def test_rate_limit_answers_429_410_with_retry_after() -> None:
    state = make_state(clock=ManualClock(START), rate_limit=RateLimit(rate=0.5, burst=2))
    async with asgi_client(state) as client:
        api = Api(client, state, ManualClock(START))
        statuses = [(await api.call("GET", "/api/v1/triggers")) for _ in range(4)]
    assert [r.status_code for r in statuses[:2]] == [200, 200]
    assert_gateway(statuses[2], 429, "410")
    assert int(statuses[2].headers["retry-after"]) >= 1
    state.close()


async def test_faults_throttle_errors_malformed_and_skew() -> None:
    faults = FaultConfig(throttle_burst_every=3)
    state = make_state(clock=ManualClock(START), faults=faults)
    async with asgi_client(state) as client:
        api = Api(client, state, ManualClock(START))
        codes = [(await api.call("GET", "/api/v1/triggers")).status_code for _ in range(6)]
    assert codes == [200, 200, 429, 200, 200, 429]
    state.close()

    state = make_state(clock=ManualClock(START), faults=FaultConfig(error_rate=1.0, seed=3))
    async with asgi_client(state) as client:
        api = Api(client, state, ManualClock(START))
        answers = [await api.call("GET", "/api/v1/triggers") for _ in range(10)]
    assert {r.status_code for r in answers} == {503, 504}
    assert {r.json()["error"]["errorCode"] for r in answers} == {"500", "510"}
    state.close()

    state = make_state(clock=ManualClock(START), faults=FaultConfig(malformed_rate=1.0))
    async with asgi_client(state) as client:
        response = await Api(client, state, ManualClock(START)).call("GET", "/api/v1/triggers")
    assert response.status_code == 200
    with pytest.raises(ValueError):
        response.json()
    state.close()

    state = make_state(clock=ManualClock(START), faults=FaultConfig(clock_skew_s=600))
    async with asgi_client(state) as client:
        response = await Api(client, state, ManualClock(START)).call("GET", "/api/v1/triggers")
    assert_gateway(response, 401, "200")
    skew = parsedate_to_datetime(response.headers["date"]).timestamp() - time.time()
    assert 590 < skew < 610
    state.close()


def test_dropped_connection_on_a_live_server() -> None:
    from dftui.emulator import EmulatorServer

    with EmulatorServer(clock=ManualClock(START), demo=False, faults=FaultConfig(drop_rate=1.0)) as server:
        target = "/api/v1/triggers"
        headers = auth_headers("GET", target, server.access_key, server.secret_key)
        with pytest.raises(httpx.TransportError):
            httpx.get(server.base_url + target, headers=headers, timeout=5)


def test_sign_helper_matches_reference_vector() -> None:
    assert (
        sign(
            "POST",
            "/api/v1/workflows/pJ1HCEI7L9ha/executions",
            "1742360400000",
            "EXAMPLEACCESSKEY0001",
            "EXAMPLEsecretKEY0123456789abcdefEXAMPLE0",
        )
        == "hELcrIvadb9Q1oEKjAzMCriJE9Y0irY+jYmX7skZ2vE="
    )


async def test_fault_latency_delays_answers() -> None:
    state = make_state(clock=ManualClock(START), faults=FaultConfig(latency_ms=80))
    async with asgi_client(state) as client:
        started = time.perf_counter()
        response = await Api(client, state, ManualClock(START)).call("GET", "/api/v1/triggers")
    assert response.status_code == 200 and time.perf_counter() - started >= 0.08
    state.close()
