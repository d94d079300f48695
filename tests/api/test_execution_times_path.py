"""getExecutionTimes path, over real HTTP against the emulator (docs/api-contract.md,
getExecutionTimes path): the singular path first, one fallback to the plural on the gateway's
404, and the client remembers which path answered.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest

from dftui.api import DataFlowClient, NotFoundError, RequestRecord, RetryPolicy
from dftui.emulator import EmulatorServer, ManualClock
from dftui.timeutil import KST

NOW = datetime(2026, 11, 28, 9, 0, 0, tzinfo=KST)
START, END = datetime(2026, 11, 27, tzinfo=KST), datetime(2026, 11, 28, 23, 59, 59, tzinfo=KST)
SINGULAR, PLURAL = "/api/v1/stats/execution-times", "/api/v1/stats/executions-times"


@pytest.fixture(scope="module", params=["singular", "both", "plural"])
def server(request: pytest.FixtureRequest) -> Iterator[EmulatorServer]:
    with EmulatorServer(
        seed=42, clock=ManualClock(NOW), execution_times_paths=request.param, demo=True
    ) as emulator:
        yield emulator


def _paths(records: list[RequestRecord]) -> list[tuple[str, int | None]]:
    return [(record.path.split("?", 1)[0], record.status) for record in records]


async def test_the_client_finds_the_served_path_once_and_keeps_it(server: EmulatorServer) -> None:
    records: list[RequestRecord] = []
    async with DataFlowClient(
        base_url=server.base_url,
        access_key=server.access_key,
        secret_key=server.secret_key,
        on_request=records.append,
        retry=RetryPolicy(max_attempts=1),
    ) as client:
        first = await client.get_execution_times(START, END)
        second = await client.get_execution_times(START, END)
    assert first == second and len(first.result) == 24
    mode = server.state.execution_times_paths if server.state else None
    if mode == "plural":  # the singular gets the gateway's 404 once, then only the plural is used
        assert _paths(records) == [(SINGULAR, 404), (PLURAL, 200), (PLURAL, 200)]
        assert records[0].error_source == "gateway" and records[0].error_code == "300"
    else:  # the live gateway's behaviour (singular) and the both-paths option: no fallback needed
        assert _paths(records) == [(SINGULAR, 200), (SINGULAR, 200)]


async def test_by_default_the_plural_path_is_the_gateways_404(server: EmulatorServer) -> None:
    import httpx

    from dftui.api.signing import sign

    mode = server.state.execution_times_paths if server.state else None
    target = f"{PLURAL}?startDate=2026-11-27T00%3A00%3A00&endDate=2026-11-28T23%3A59%3A59"
    timestamp = str(int(datetime.now().timestamp() * 1000))
    headers = {
        "x-ncp-apigw-timestamp": timestamp,
        "x-ncp-iam-access-key": server.access_key,
        "x-ncp-apigw-signature-v2": sign("GET", target, timestamp, server.access_key, server.secret_key),
    }
    async with httpx.AsyncClient() as http:
        response = await http.get(server.base_url + target, headers=headers)
    if mode == "singular":
        assert response.status_code == 404
        assert response.json() == {
            "error": {
                "errorCode": "300",
                "message": "Not Found Exception",
                "details": "No API matches this method and path.",
            }
        }
    else:
        assert response.status_code == 200 and len(response.json()["result"]) == 24


async def test_a_server_with_neither_path_is_reported_not_found(server: EmulatorServer) -> None:
    """The fallback is made once per call, and a path that is missing on both is an error."""
    records: list[RequestRecord] = []
    async with DataFlowClient(
        base_url=server.base_url + "/nowhere",  # every path under it is the gateway's 404
        access_key=server.access_key,
        secret_key=server.secret_key,
        on_request=records.append,
        retry=RetryPolicy(max_attempts=1),
    ) as client:
        with pytest.raises(NotFoundError, match="No API operation"):
            await client.get_execution_times(START, END)
    assert [status for _, status in _paths(records)] == [404, 404]
