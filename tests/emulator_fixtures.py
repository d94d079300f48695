"""Pytest fixtures that run the embedded emulator (loaded by tests/conftest.py).

* ``emulator``: a live uvicorn server on a free loopback port (ManualClock frozen at
  2026-11-28T09:00:00+09:00, seed 42, in-memory database, demo data).
* ``asgi_emulator``: the same state served in-process through ``httpx.ASGITransport``.
* ``emulator_client``: a ``dftui.api.DataFlowClient`` pointed at ``emulator``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import datetime

import httpx
import pytest

from dftui.emulator import EmulatorServer, EmulatorState, ManualClock, create_app
from dftui.timeutil import KST

EMULATOR_START = datetime(2026, 11, 28, 9, 0, 0, tzinfo=KST)
EMULATOR_SEED = 42


@dataclass
class AsgiEmulator:
    """An in-process emulator: pass ``transport`` to an httpx client with ``base_url``."""

    state: EmulatorState
    transport: httpx.ASGITransport
    base_url: str = "http://emulator.test"
    clock: ManualClock = field(default_factory=lambda: ManualClock(EMULATOR_START))

    @property
    def access_key(self) -> str:
        return self.state.access_key

    @property
    def secret_key(self) -> str:
        return self.state.secret_key


@pytest.fixture
def emulator() -> Iterator[EmulatorServer]:
    server = EmulatorServer(
        db_path=":memory:", seed=EMULATOR_SEED, clock=ManualClock(EMULATOR_START), demo=True
    )
    with server:
        yield server


@pytest.fixture
def asgi_emulator() -> Iterator[AsgiEmulator]:
    clock = ManualClock(EMULATOR_START)
    state = EmulatorState.create(":memory:", seed=EMULATOR_SEED, clock=clock, demo=True)
    try:
        yield AsgiEmulator(state=state, transport=httpx.ASGITransport(app=create_app(state)), clock=clock)
    finally:
        state.close()


@pytest.fixture
async def emulator_client(emulator: EmulatorServer) -> AsyncIterator[object]:
    try:
        from dftui.api import DataFlowClient
    except ImportError:  # pragma: no cover - the client package is not there yet
        pytest.skip("dftui.api.DataFlowClient is not available")
    client = DataFlowClient(
        base_url=emulator.base_url, access_key=emulator.access_key, secret_key=emulator.secret_key
    )
    async with client:
        yield client
