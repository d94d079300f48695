"""Retry rules: what is repeated, what never is, and how long the client waits.

The rules are in docs/api-contract.md, Retries and idempotency.
"""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from dftui.api import (
    DataFlowClient,
    NetworkError,
    RequestTimeoutError,
    RetryPolicy,
    ServerError,
    ThrottledError,
)
from dftui.api.errors import parse_error_response
from dftui.api.retry import RetryClass, parse_retry_after

from .conftest import ACCESS_KEY, FIXED_EPOCH, SECRET_KEY, FakeTime, MockServer, load_example

THROTTLE = load_example("error.gateway-throttle.json")
TRIGGER = load_example("getTriggerById.response.json")


async def test_get_503_then_200_is_retried(
    client: DataFlowClient, server: MockServer, fake_time: FakeTime, records: list
) -> None:
    server.reply(httpx.Response(503), httpx.Response(200, json=TRIGGER))
    trigger = await client.get_trigger_by_id("rWOjcWk3Tn9B")
    assert trigger.trigger_id == "rWOjcWk3Tn9B"
    assert len(server.requests) == 2
    assert fake_time.sleeps == [0.5]  # base_delay, no jitter in this fixture
    assert records[-1].retries == 1 and records[-1].status == 200 and records[-1].error_kind is None
    assert len(records) == 1  # one logical call, one record


async def test_backoff_grows_and_gives_up_after_max_attempts(
    client: DataFlowClient, server: MockServer, fake_time: FakeTime, records: list
) -> None:
    server.default = httpx.Response(502)
    with pytest.raises(ServerError) as info:
        await client.get_jobs()
    assert len(server.requests) == 4
    assert fake_time.sleeps == [0.5, 1.0, 2.0]
    assert info.value.retries == 3
    assert "after 3 retries" in str(info.value)
    assert records[-1].retries == 3 and records[-1].status == 502 and records[-1].error_kind == "server"


async def test_429_retry_after_seconds_is_honoured(
    client: DataFlowClient, server: MockServer, fake_time: FakeTime
) -> None:
    server.json(THROTTLE, status=429, headers={"Retry-After": "3"})
    server.json({"list": [], "count": 0, "page": 0, "limit": 1000})
    await client.get_triggers()
    assert fake_time.sleeps == [3.0]


async def test_429_retry_after_http_date_is_honoured(
    client: DataFlowClient, server: MockServer, fake_time: FakeTime
) -> None:
    # The client's wall clock is FIXED_EPOCH = Wed, 19 Mar 2025 05:00:00 GMT.
    server.json(THROTTLE, status=429, headers={"Retry-After": "Wed, 19 Mar 2025 05:00:05 GMT"})
    server.json(TRIGGER)
    await client.get_trigger_by_id("x")
    assert fake_time.sleeps == [5.0]


async def test_network_error_on_get_is_retried(
    client: DataFlowClient, server: MockServer, fake_time: FakeTime
) -> None:
    server.reply(httpx.ConnectError("refused"), httpx.ReadTimeout("slow"), httpx.Response(200, json=TRIGGER))
    await client.get_trigger_by_id("x")
    assert len(server.requests) == 3
    assert len(fake_time.sleeps) == 2


@pytest.mark.parametrize(
    "failure",
    [httpx.Response(503), httpx.Response(500), httpx.ReadTimeout("slow"), httpx.ConnectError("refused")],
    ids=["503", "500", "timeout", "connection-error"],
)
@pytest.mark.parametrize(
    "operation",
    [
        lambda c: c.create_workflow(load_example("createWorkflow.request.json")),
        lambda c: c.create_job(load_example("createJob.request.json")),
        lambda c: c.create_trigger(load_example("createTrigger.request.json")),
        lambda c: c.execute_job("j"),
        lambda c: c.execute_workflow("w"),
        lambda c: c.cancel_job_execution("j", "e"),
    ],
    ids=[
        "createWorkflow",
        "createJob",
        "createTrigger",
        "executeJob",
        "executeWorkflow",
        "cancelJobExecution",
    ],
)
async def test_non_idempotent_posts_are_never_retried_after_failure(
    operation, failure, client: DataFlowClient, server: MockServer, fake_time: FakeTime, records: list
) -> None:
    server.reply(failure)
    with pytest.raises((ServerError, RequestTimeoutError, NetworkError)) as info:
        await operation(client)
    assert len(server.requests) == 1
    assert fake_time.sleeps == []
    assert info.value.retries == 0
    assert records[-1].retries == 0


async def test_post_is_retried_on_gateway_429(
    client: DataFlowClient, server: MockServer, fake_time: FakeTime
) -> None:
    server.json(THROTTLE, status=429)
    server.json(load_example("executeJob.response.json"))
    execution = await client.execute_job("gqigvHd7Rw1K")
    assert execution.job_execution_id == "fKE22JmB5vYc"
    assert len(server.requests) == 2
    first, second = server.requests
    assert (
        first.headers["x-ncp-apigw-signature-v2"] == second.headers["x-ncp-apigw-signature-v2"]
    )  # fixed clock
    assert first.content == second.content == b"{}"


async def test_post_is_not_retried_on_429_of_unknown_origin(
    client: DataFlowClient, server: MockServer
) -> None:
    server.reply(httpx.Response(429, content=b"slow down"))
    with pytest.raises(ThrottledError):
        await client.create_job({"name": "job001"})
    assert len(server.requests) == 1


async def test_quota_exceeded_is_not_retried(client: DataFlowClient, server: MockServer) -> None:
    server.json({"error": {"errorCode": "400", "message": "Quota Exceeded"}}, status=429)
    with pytest.raises(ThrottledError, match="quota"):
        await client.get_jobs()
    assert len(server.requests) == 1


async def test_verify_job_is_retried_on_network_errors(client: DataFlowClient, server: MockServer) -> None:
    server.reply(httpx.ConnectError("refused"), httpx.Response(200, json=True))
    assert await client.verify_job(load_example("verifyJob.request.json")) is True
    assert len(server.requests) == 2


@pytest.mark.parametrize("status", [400, 401, 404, 409])
async def test_client_errors_are_not_retried(status: int, client: DataFlowClient, server: MockServer) -> None:
    server.reply(httpx.Response(status))
    with pytest.raises(Exception):  # noqa: B017 - the class depends on status; only the count matters
        await client.get_jobs()
    assert len(server.requests) == 1


async def test_total_timeout_bounds_retries_even_with_long_retry_after(server: MockServer) -> None:
    fake = FakeTime()
    server.default = httpx.Response(503, headers={"Retry-After": "20"})
    async with DataFlowClient(
        "https://dataflow.apigw.ntruss.com",
        ACCESS_KEY,
        SECRET_KEY,
        transport=server.transport,
        retry=RetryPolicy(max_attempts=10, total_timeout=30.0),
        clock=lambda: FIXED_EPOCH,
        sleep=fake.sleep,
        monotonic=fake.monotonic,
    ) as api:
        with pytest.raises(ServerError) as info:
            await api.get_jobs()
    assert fake.sleeps == [20.0]  # a second 20 s wait would pass the 30 s budget
    assert sum(fake.sleeps) <= 30.0
    assert info.value.retries == 1


async def test_real_sleep_is_not_used_when_retries_are_disabled(server: MockServer) -> None:
    server.default = httpx.Response(503)
    async with DataFlowClient(
        "http://127.0.0.1:9",
        ACCESS_KEY,
        SECRET_KEY,
        transport=server.transport,
        retry=RetryPolicy(max_attempts=1),
    ) as api:
        with pytest.raises(ServerError):
            await api.get_jobs()
    assert len(server.requests) == 1


# ------------------------------------------------------------------------ unit level


def test_backoff_delay_is_capped_and_jittered() -> None:
    policy = RetryPolicy(base_delay=0.5, max_delay=8.0, jitter=False)
    assert [policy.backoff_delay(n) for n in range(1, 7)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    jittered = RetryPolicy(base_delay=0.5, max_delay=8.0, jitter=True)
    assert jittered.backoff_delay(3, rng=lambda: 0.0) == 1.0
    assert jittered.backoff_delay(3, rng=lambda: 0.999999) == pytest.approx(2.0, abs=1e-5)


def test_retry_policy_validates() -> None:
    with pytest.raises(ValueError):
        RetryPolicy(max_attempts=0)
    with pytest.raises(ValueError):
        RetryPolicy(base_delay=-1)


def test_parse_retry_after() -> None:
    now = datetime(2025, 3, 19, 5, 0, 0, tzinfo=UTC)
    assert parse_retry_after({"retry-after": "2.5"}, now) == 2.5
    assert parse_retry_after({"retry-after": "-4"}, now) == 0.0
    assert parse_retry_after({"retry-after": "Wed, 19 Mar 2025 05:01:00 GMT"}, now) == 60.0
    assert parse_retry_after({"retry-after": "soon"}, now) is None
    assert parse_retry_after({}, now) is None


@pytest.mark.parametrize(
    ("response", "retry_class", "expected"),
    [
        (httpx.Response(503), RetryClass.IDEMPOTENT, True),
        (httpx.Response(504), RetryClass.READ_ONLY_POST, True),
        (httpx.Response(503), RetryClass.NON_IDEMPOTENT, False),
        (httpx.Response(501), RetryClass.IDEMPOTENT, False),
        (httpx.Response(429, json=THROTTLE), RetryClass.NON_IDEMPOTENT, True),
        (httpx.Response(429, headers={"x-ncp-apigw-error-code": "420"}), RetryClass.NON_IDEMPOTENT, True),
        (httpx.Response(429), RetryClass.NON_IDEMPOTENT, False),
        (httpx.Response(429), RetryClass.IDEMPOTENT, True),
        (httpx.Response(503), RetryClass.WRITE, False),
        (httpx.Response(504), RetryClass.WRITE, False),
        (httpx.Response(429, json=THROTTLE), RetryClass.WRITE, True),
        (httpx.Response(429), RetryClass.WRITE, False),
    ],
)
def test_should_retry_table(response: httpx.Response, retry_class: RetryClass, expected: bool) -> None:
    error = parse_error_response(response, "X", "/api/v1/x")
    assert RetryPolicy().should_retry(retry_class, error) is expected


WRITES = {
    "updateWorkflow": lambda c: c.update_workflow("w", {"name": "wf_one", "nodes": []}),
    "updateJob": lambda c: c.update_job("j", {"type": "VISUAL", "name": "job_one"}),
    "updateJobExecuteConfig": lambda c: c.update_job_execute_config("j", {"numWorker": 2}),
    "deleteWorkflow": lambda c: c.delete_workflow("w"),
    "deleteJob": lambda c: c.delete_job("j"),
    "deleteTrigger": lambda c: c.delete_trigger("t"),
}


@pytest.mark.parametrize("operation", sorted(WRITES))
@pytest.mark.parametrize(
    "failure",
    [httpx.Response(503), httpx.Response(504), httpx.ReadTimeout("slow"), httpx.RemoteProtocolError("cut")],
    ids=["503", "504", "timeout", "dropped"],
)
async def test_put_patch_delete_are_not_repeated_after_a_5xx_or_a_lost_answer(
    client: DataFlowClient, server: MockServer, operation: str, failure: object
) -> None:
    """docs/api-contract.md, Retries and idempotency: only reads are repeated after these; the
    first copy of a write may have been carried out (a repeated delete would then say "not found")."""
    server.reply(failure)  # type: ignore[arg-type]
    server.default = httpx.Response(200, json=True)
    with pytest.raises((ServerError, RequestTimeoutError, NetworkError)):
        await WRITES[operation](client)
    assert len(server.requests) == 1


@pytest.mark.parametrize("operation", sorted(WRITES))
async def test_put_patch_delete_are_repeated_after_a_gateway_429(
    client: DataFlowClient, server: MockServer, operation: str
) -> None:
    server.json(THROTTLE, status=429)
    server.default = httpx.Response(200, json=True)
    try:
        await WRITES[operation](client)
    except Exception as exc:  # the second answer (true) is not a Job/Workflow for updates
        assert "expected shape" in str(exc)
    assert len(server.requests) == 2


async def test_record_describes_the_final_attempt(
    client: DataFlowClient, server: MockServer, records: list
) -> None:
    server.reply(
        httpx.Response(503, headers={"x-ncp-request-id": "first"}),
        httpx.ConnectError("gone"),
        httpx.ConnectError("gone"),
        httpx.ConnectError("gone"),
    )
    with pytest.raises(NetworkError):
        await client.get_jobs()
    assert (records[-1].status, records[-1].request_id, records[-1].error_kind) == (None, None, "network")
