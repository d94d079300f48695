"""Points where the reference was revised (docs/api-contract.md, updateJob method and
getExecutionTimes path): the emulator is as strict as the service states, and answers the
getExecutionTimes paths the way the live gateway was observed to.
"""

from __future__ import annotations

import pytest

from dftui.emulator import ManualClock

from .helpers import START, Api, asgi_client, make_state

DATES = "startDate=2026-11-28T00%3A00%3A00&endDate=2026-11-28T23%3A59%3A59"


@pytest.mark.parametrize("method", ["PATCH", "PUT"])
@pytest.mark.parametrize(
    "body",
    [
        {"name": "typed_job", "maxConcurrentRuns": 2},
        {"name": "typed_job", "type": None},
        {"name": "typed_job", "jobCondition": {"numWorker": 3}},
    ],
    ids=["absent", "null", "settings only"],
)
async def test_update_job_without_type_is_bad_parameter(api: Api, method: str, body: dict) -> None:
    job = await api.script_job("typed_job")
    status, problem = await api.error(method, f"/api/v1/jobs/{job['jobId']}", body)
    assert status == 400
    assert problem["errorType"] == "bad-parameter"
    assert problem["detail"] == "{type=null}: Check the parameters."
    unchanged = await api.ok("GET", f"/api/v1/jobs/{job['jobId']}")
    assert unchanged["maxConcurrentRuns"] == job["maxConcurrentRuns"]
    assert unchanged["jobCondition"] == job["jobCondition"]


@pytest.mark.parametrize("method", ["PATCH", "PUT"])
async def test_update_job_with_its_type_is_accepted(api: Api, method: str) -> None:
    job = await api.script_job("typed_job")
    updated = await api.ok(
        method,
        f"/api/v1/jobs/{job['jobId']}",
        {"type": "SCRIPT", "name": "typed_job", "maxConcurrentRuns": 2},
    )
    assert updated["maxConcurrentRuns"] == 2


async def test_update_job_of_an_unknown_id_is_still_not_found(api: Api) -> None:
    status, problem = await api.error("PATCH", "/api/v1/jobs/NoSuchJob123", {"name": "x_job"})
    assert (status, problem["errorType"]) == (404, "resource-not-found/JOB")


@pytest.mark.parametrize(
    ("mode", "singular", "plural"),
    [("singular", 200, 404), ("both", 200, 200), ("plural", 404, 200)],
)
async def test_execution_times_paths(mode: str, singular: int, plural: int) -> None:
    clock = ManualClock(START)
    state = make_state(clock=clock, execution_times_paths=mode)
    try:
        async with asgi_client(state) as client:
            api = Api(client, state, clock)
            answers = {
                path: await api.call("GET", f"/api/v1/stats/{path}?{DATES}")
                for path in ("execution-times", "executions-times")
            }
    finally:
        state.close()
    assert answers["execution-times"].status_code == singular
    assert answers["executions-times"].status_code == plural
    for response in answers.values():
        if response.status_code == 404:  # the gateway's "no such API", as for any unknown path
            assert response.json()["error"]["errorCode"] == "300"
        else:
            assert len(response.json()["result"]) == 12


async def test_execution_times_mode_is_checked() -> None:
    with pytest.raises(ValueError, match="execution_times_paths must be one of singular, both, plural"):
        make_state(execution_times_paths="plurals")


async def test_the_openapi_document_names_the_served_path() -> None:
    for mode, documented in (
        ("singular", "execution-times"),
        ("both", "execution-times"),
        ("plural", "executions-times"),
    ):
        state = make_state(execution_times_paths=mode)
        try:
            async with asgi_client(state) as client:
                paths = (await client.get("/openapi.json")).json()["paths"]
        finally:
            state.close()
        times = sorted(path for path in paths if "times" in path)
        assert times == [f"/api/v1/stats/{documented}"], (mode, times)
