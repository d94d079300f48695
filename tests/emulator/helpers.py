"""A tiny signed httpx client for emulator tests (independent of dftui.api.client)."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from dftui.api.signing import sign
from dftui.emulator import EmulatorState, ManualClock, SimulationSettings, create_app
from dftui.timeutil import KST

START = datetime(2026, 11, 28, 9, 0, 0, tzinfo=KST)
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
NRN = "nrn:PUB:IAM::2706412:Role/8d3f5a10-0496-11f0-baf6-246e96591a38"
CONDITION = {
    "numWorker": 2,
    "timeout": 360,
    "nrn": NRN,
    "scriptPath": "dataflow-2706412-a1b2/scripts/",
    "logPath": "dataflow-2706412-a1b2/sparkHistoryLogs/",
}


def example(name: str) -> Any:
    path = EXAMPLES / name
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    return None


def auth_headers(
    method: str, target: str, access_key: str, secret_key: str, timestamp_ms: int | None = None
) -> dict[str, str]:
    ts = str(timestamp_ms if timestamp_ms is not None else int(time.time() * 1000))
    return {
        "x-ncp-apigw-timestamp": ts,
        "x-ncp-iam-access-key": access_key,
        "x-ncp-apigw-signature-v2": sign(method, target, ts, access_key, secret_key),
    }


class Api:
    """Signs every request over the exact target sent (path + raw query)."""

    def __init__(self, client: httpx.AsyncClient, state: EmulatorState, clock: ManualClock) -> None:
        self.client = client
        self.state = state
        self.clock = clock

    async def call(
        self,
        method: str,
        target: str,
        *,
        body: Any = None,
        content: bytes | str | None = None,
        headers: dict[str, str] | None = None,
        signed: bool = True,
    ) -> httpx.Response:
        url = httpx.URL(self.client.base_url.join(target))
        request_headers = dict(headers or {})
        if signed:
            raw_target = url.raw_path.decode("ascii")
            request_headers.update(
                auth_headers(method, raw_target, self.state.access_key, self.state.secret_key)
            )
        if body is not None:
            content = json.dumps(body)
            request_headers.setdefault("content-type", "application/json")
        return await self.client.request(method, url, content=content, headers=request_headers)

    async def ok(self, method: str, target: str, body: Any = None, status: int | None = None) -> Any:
        response = await self.call(method, target, body=body)
        expected = status or (201 if method == "POST" and target.rstrip("/").count("/") == 3 else 200)
        assert response.status_code == expected, (response.status_code, response.text)
        return response.json()

    async def error(
        self, method: str, target: str, body: Any = None, *, content: str | None = None
    ) -> tuple[int, Any]:
        response = await self.call(method, target, body=body, content=content)
        assert response.status_code >= 400, response.text
        return response.status_code, response.json()

    def advance(self, seconds: float) -> None:
        self.clock.advance(seconds)

    # ------------------------------------------------------------ builders

    async def trigger(
        self, name: str, trigger_type: str = "NONE", rule: dict[str, Any] | None = None
    ) -> dict:
        return await self.ok(
            "POST",
            "/api/v1/triggers",
            {"name": name, "type": trigger_type, "triggerRule": rule or {"type": "NONE"}},
        )

    async def script_job(self, name: str, **extra: Any) -> dict:
        body = {"name": name, "type": "SCRIPT", "jobCondition": dict(CONDITION)}
        body.update(extra)
        return await self.ok("POST", "/api/v1/jobs", body)

    async def workflow(
        self, name: str, trigger_id: str, chain: list[tuple[str, list[str]]], **extra: Any
    ) -> dict:
        nodes: list[dict[str, Any]] = [
            {"id": trigger_id, "name": "t", "type": "TRIGGER", "parentNodeIds": []}
        ]
        for job_id, parents in chain:
            nodes.append(
                {"id": job_id, "name": "j", "type": "JOB", "parentNodeIds": parents, "jobCondition": {}}
            )
        body = {"name": name, "nodes": nodes, "isTemp": False}
        body.update(extra)
        return await self.ok("POST", "/api/v1/workflows", body)

    async def execution(self, job_id: str, execution_id: str) -> dict:
        return await self.ok("GET", f"/api/v1/jobs/{job_id}/executions/{execution_id}")


def make_state(
    *, demo: bool = False, settings: SimulationSettings | None = None, **kwargs: Any
) -> EmulatorState:
    return EmulatorState.create(
        ":memory:",
        seed=42,
        clock=kwargs.pop("clock", None) or ManualClock(START),
        demo=demo,
        settings=settings or SimulationSettings(failure_rate=0.0),
        **kwargs,
    )


def asgi_client(state: EmulatorState) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_app(state)), base_url="http://emulator.test"
    )


@contextlib.asynccontextmanager
async def empty_api() -> AsyncIterator[Api]:
    """An empty in-process emulator (no demo data, no random failures) at START, signed requests."""
    clock = ManualClock(START)
    state = make_state(clock=clock)
    try:
        async with asgi_client(state) as client:
            yield Api(client, state, clock)
    finally:
        state.close()
