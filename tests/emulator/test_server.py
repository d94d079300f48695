"""The live server fixture and the DataFlowClient fixture work end to end."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from dftui.emulator import EmulatorServer, ManualClock
from tests.emulator_fixtures import AsgiEmulator

from .helpers import START, auth_headers


def test_emulator_fixture_serves_demo_data(emulator: EmulatorServer) -> None:
    assert emulator.base_url.startswith("http://127.0.0.1:")
    assert isinstance(emulator.clock, ManualClock) and emulator.clock.now() == START
    assert emulator.access_key.isalnum() and emulator.secret_key.isalnum()
    assert emulator.secret_key not in repr(emulator)
    target = "/api/v1/workflows?page=0&limit=5"
    response = httpx.get(
        emulator.base_url + target,
        headers=auth_headers("GET", target, emulator.access_key, emulator.secret_key),
    )
    assert response.status_code == 200 and response.json()["count"] == 5
    assert "date" in response.headers


async def test_asgi_emulator_fixture(asgi_emulator: AsgiEmulator) -> None:
    async with httpx.AsyncClient(
        transport=asgi_emulator.transport, base_url=asgi_emulator.base_url
    ) as client:
        target = "/api/v1/jobs?limit=3"
        headers = auth_headers("GET", target, asgi_emulator.access_key, asgi_emulator.secret_key)
        response = await client.get(target, headers=headers)
    assert response.status_code == 200 and response.json()["count"] == 3


def test_start_stop_start_again() -> None:
    server = EmulatorServer(clock=ManualClock(START), demo=False, access_key="K1", secret_key="S1")
    server.start()
    first_port = server.port
    server.stop()
    with pytest.raises(httpx.TransportError):
        httpx.get(f"http://127.0.0.1:{first_port}/openapi.json", timeout=2)


async def test_emulator_client_fixture(emulator_client: Any) -> None:
    page = await emulator_client.get_jobs(limit=10)
    assert len(page.items) == 10
    workflows = await emulator_client.collect_all(emulator_client.get_workflows)
    assert len(workflows) == 12
