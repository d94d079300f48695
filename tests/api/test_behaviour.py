"""Client behaviour beyond single calls: fallbacks, read-only mode, profiles, hooks, hygiene."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from datetime import datetime

import httpx
import pytest

from dftui.api import (
    AuthError,
    BadParameterError,
    DataFlowClient,
    NotFoundError,
    ReadOnlyError,
    RequestRecord,
    models,
)
from dftui.config import ResolvedConfig
from dftui.timeutil import KST

from .conftest import ACCESS_KEY, SECRET_KEY, MockServer, load_example

JOB = load_example("updateJob.response.json")
UPDATE = load_example("updateJob.request.json")
GATEWAY_404 = load_example("error.gateway-not-found.json")


# -------------------------------------------------------------- updateJob PATCH -> PUT


@pytest.mark.parametrize(
    "refusal",
    [httpx.Response(405), httpx.Response(404, json=GATEWAY_404)],
    ids=["405", "gateway-404-300"],
)
async def test_update_job_falls_back_to_put_once_and_remembers(
    refusal: httpx.Response, client: DataFlowClient, server: MockServer
) -> None:
    server.reply(refusal, httpx.Response(200, json=JOB), httpx.Response(200, json=JOB))
    job = await client.update_job("gqigvHd7Rw1K", models.JobUpdate.model_validate(UPDATE))
    assert job.job_id == "gqigvHd7Rw1K"
    patch, put = server.requests
    assert (patch.method, put.method) == ("PATCH", "PUT")
    assert json.loads(patch.content) == UPDATE
    assert json.loads(put.content) == {**UPDATE, "isTemp": False}
    assert put.headers["content-type"] == "application/json"
    # The method is signed, so the PUT carries its own signature.
    assert patch.headers["x-ncp-apigw-signature-v2"] != put.headers["x-ncp-apigw-signature-v2"]
    # Next update goes straight to PUT.
    await client.update_job("gqigvHd7Rw1K", UPDATE)
    assert [r.method for r in server.requests] == ["PATCH", "PUT", "PUT"]


async def test_update_job_does_not_fall_back_on_other_errors(
    client: DataFlowClient, server: MockServer
) -> None:
    server.json(load_example("error.bad-parameter.json"), status=400)
    server.json(load_example("error.resource-not-found.json"), status=404)
    with pytest.raises(BadParameterError):
        await client.update_job("j", UPDATE)
    with pytest.raises(NotFoundError):
        await client.update_job("j", UPDATE)
    assert [r.method for r in server.requests] == ["PATCH", "PATCH"]


async def test_update_job_put_keeps_an_explicit_is_temp(client: DataFlowClient, server: MockServer) -> None:
    server.reply(httpx.Response(405), httpx.Response(200, json=JOB))
    await client.update_job("j", {**UPDATE, "isTemp": True})
    assert json.loads(server.last.content)["isTemp"] is True


# ------------------------------------------------------- executions-times path fallback


async def test_execution_times_falls_back_to_plural_path_and_remembers(
    client: DataFlowClient, server: MockServer
) -> None:
    times = load_example("getExecutionTimes.response.json")
    server.json(GATEWAY_404, status=404)
    server.json(times)
    server.json(times)
    start, end = datetime(2025, 3, 20, tzinfo=KST), datetime(2025, 3, 21, tzinfo=KST)
    result = await client.get_execution_times(start, end)
    assert len(result.result) == 4
    await client.get_execution_times(start, end)
    paths = [r.url.path for r in server.requests]
    assert paths == [
        "/api/v1/stats/execution-times",
        "/api/v1/stats/executions-times",
        "/api/v1/stats/executions-times",
    ]


async def test_execution_times_does_not_fall_back_on_a_404_that_is_not_the_gateways(
    client: DataFlowClient, server: MockServer
) -> None:
    """Only "no such API" (gateway 404, code 300) means the path is wrong; a proxy's 404 page is not."""
    server.reply(httpx.Response(404, text="<html>not found</html>"))
    with pytest.raises(NotFoundError):
        await client.get_execution_times(datetime(2025, 3, 20, tzinfo=KST), datetime(2025, 3, 21, tzinfo=KST))
    assert len(server.requests) == 1


async def test_execution_times_does_not_fall_back_on_other_errors(
    client: DataFlowClient, server: MockServer
) -> None:
    server.json(load_example("error.bad-parameter.json"), status=400)
    with pytest.raises(BadParameterError):
        await client.get_execution_times(datetime(2025, 3, 21, tzinfo=KST), datetime(2025, 3, 20, tzinfo=KST))
    assert len(server.requests) == 1


async def test_execution_times_raises_when_both_paths_are_missing(
    client: DataFlowClient, server: MockServer
) -> None:
    server.default = httpx.Response(404, json=GATEWAY_404)
    with pytest.raises(NotFoundError, match="No API operation"):
        await client.get_execution_times(datetime(2025, 3, 20, tzinfo=KST), datetime(2025, 3, 21, tzinfo=KST))
    assert len(server.requests) == 2


# --------------------------------------------------------------------------- read-only


async def test_read_only_blocks_every_write_before_sending(server: MockServer) -> None:
    records: list[RequestRecord] = []
    server.default = httpx.Response(200, json=load_example("getTriggerById.response.json"))
    async with DataFlowClient(
        "https://dataflow.apigw.ntruss.com",
        ACCESS_KEY,
        SECRET_KEY,
        transport=server.transport,
        read_only=True,
        on_request=records.append,
    ) as api:
        writes = [
            api.create_workflow({"name": "w", "nodes": []}),
            api.update_workflow("w", {"name": "w", "nodes": []}),
            api.delete_workflow("w"),
            api.execute_workflow("w"),
            api.create_job({"name": "j"}),
            api.update_job("j", {"type": "VISUAL"}),
            api.delete_job("j"),
            api.verify_job({"name": "j"}),
            api.execute_job("j"),
            api.update_job_execute_config("j", {"numWorker": 2}),
            api.cancel_job_execution("j", "e"),
            api.create_trigger({"name": "t", "type": "NONE", "triggerRule": {"type": "NONE"}}),
            api.delete_trigger("t"),
        ]
        for write in writes:
            with pytest.raises(ReadOnlyError) as info:
                await write
            assert info.value.status is None and info.value.source == "client"
            assert "Read-only mode" in str(info.value)
        assert server.requests == []
        await api.get_trigger_by_id("t")  # reads still work
    assert len(server.requests) == 1
    assert [r.error_kind for r in records[:-1]] == ["read_only"] * 13
    assert all(r.status is None for r in records[:-1])


# ------------------------------------------------------------------- hooks and records


async def test_on_request_gets_a_record_per_call_and_hook_errors_are_swallowed(server: MockServer) -> None:
    calls: list[RequestRecord] = []

    def hook(record: RequestRecord) -> None:
        calls.append(record)
        raise RuntimeError("observer bug")

    server.json(True, headers={"x-ncp-request-id": "rid-1"})
    server.json(load_example("error.resource-not-found.json"), status=404)
    async with DataFlowClient(
        "https://dataflow.apigw.ntruss.com",
        ACCESS_KEY,
        SECRET_KEY,
        transport=server.transport,
        on_request=hook,
    ) as api:
        assert await api.delete_job("j") is True
        with pytest.raises(NotFoundError):
            await api.get_workflow_by_id("aa")
    ok, failed = calls
    assert (ok.method, ok.path, ok.status, ok.request_id, ok.operation, ok.ok) == (
        "DELETE",
        "/api/v1/jobs/j",
        200,
        "rid-1",
        "deleteJob",
        True,
    )
    assert (failed.status, failed.error_kind, failed.error_source, failed.error_code) == (
        404,
        "not_found",
        "service",
        "resource-not-found/WORKFLOW",
    )
    assert ok.latency_ms >= 0 and ok.at.tzinfo is not None


# ----------------------------------------------------------------------- construction


def _profile(api_url: str, access_key: str | None, secret_key: str | None, **kw: object) -> ResolvedConfig:
    return ResolvedConfig.model_validate(
        {"api_url": api_url, "access_key": access_key, "secret_key": secret_key, **kw}
    )


async def test_from_profile_reads_a_resolved_config(server: MockServer) -> None:
    server.default = httpx.Response(200, json=True)
    cfg = _profile("http://127.0.0.1:8080", ACCESS_KEY, SECRET_KEY, read_only=True)
    async with DataFlowClient.from_profile(cfg, transport=server.transport) as api:
        assert api.read_only is True
        assert api.base_url == "http://127.0.0.1:8080"
        with pytest.raises(ReadOnlyError):
            await api.delete_job("j")
    async with DataFlowClient.from_profile(cfg, transport=server.transport, read_only=False) as api:
        assert await api.delete_job("j") is True
    assert str(server.last.url) == "http://127.0.0.1:8080/api/v1/jobs/j"
    assert server.last.headers["x-ncp-iam-access-key"] == ACCESS_KEY


def test_from_profile_without_credentials_is_an_auth_error() -> None:
    with pytest.raises(AuthError, match="No credentials"):
        DataFlowClient.from_profile(_profile("https://dataflow.apigw.ntruss.com", None, None))
    with pytest.raises(AuthError):
        DataFlowClient.from_profile(_profile("https://dataflow.apigw.ntruss.com", "AK", ""))


def test_bad_construction_is_refused() -> None:
    with pytest.raises(ValueError):
        DataFlowClient("ftp://x", ACCESS_KEY, SECRET_KEY)
    with pytest.raises(ValueError):
        DataFlowClient("https://x", ACCESS_KEY, SECRET_KEY, page_limit=0)
    with pytest.raises(ValueError):
        DataFlowClient("https://x", "", SECRET_KEY)


def test_repr_masks_the_keys() -> None:
    api = DataFlowClient("https://x", ACCESS_KEY, SECRET_KEY)
    assert SECRET_KEY not in repr(api)
    assert ACCESS_KEY not in repr(api)
    assert "EXAM…0001" in repr(api)


# ---------------------------------------------------------------------- import hygiene


def test_headless_modules_never_import_textual() -> None:
    assert importlib.util.find_spec("dftui.api") is not None
    modules = ["dftui.api", "dftui.api.client", "dftui.timeutil"] + [
        name
        # the emulator package imports its modules lazily: name the server, which needs them all
        for name in ("dftui.config", "dftui.schedule", "dftui.emulator", "dftui.emulator.server")
        if importlib.util.find_spec(name) is not None
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_public_names_are_exported() -> None:
    import dftui.api as api

    for name in api.__all__:
        assert hasattr(api, name), name
    assert api.models is models
