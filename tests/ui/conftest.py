"""Helpers for UI tests: an app wired to a live emulator over real HTTP."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea
from textual.worker import WorkerCancelled

from dftui.api import DataFlowClient, RetryPolicy
from dftui.config import ResolvedConfig
from dftui.emulator import EmulatorServer
from dftui.ui.app import DataFlowApp

SIZE = (120, 40)
NO_TIMER = 3600.0  # refresh timers never tick during a test unless the test asks


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blinking cursors make snapshots flaky: an input's and a text area's stay shown."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda _self: None)
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda _self: None)


def ui_config(server: EmulatorServer, **overrides: Any) -> ResolvedConfig:
    """A real resolved profile pointed at ``server`` (timers off unless a test asks)."""
    values: dict[str, Any] = {
        "profile_name": "test",
        "api_url": server.base_url,
        "access_key": server.access_key,
        "secret_key": server.secret_key,
        "refresh_interval": NO_TIMER,
        "bell": True,
    }
    values.update(overrides)
    return ResolvedConfig.model_validate(values)


class CuttableLink(httpx.AsyncHTTPTransport):
    """Real HTTP to the emulator until ``cut`` is set: then every call fails to connect."""

    def __init__(self) -> None:
        super().__init__()
        self.cut = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.cut:
            raise httpx.ConnectError("link cut by the test", request=request)
        return await super().handle_async_request(request)


class ObservingLink(httpx.AsyncHTTPTransport):
    """Real HTTP; ``before`` sees each request first (to read the screen between pages)."""

    def __init__(self, before: Callable[[httpx.Request], None]) -> None:
        super().__init__()
        self.before = before

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.before(request)
        return await super().handle_async_request(request)


REQUEST_TIMEOUT = 20.0
"""Seconds per request of the tests' clients: one attempt each, so generous enough that a loaded CI
machine does not fail a read the test did not mean to fail."""


def make_client(
    server: EmulatorServer,
    base_url: str | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    timeout: float = REQUEST_TIMEOUT,
) -> DataFlowClient:
    return DataFlowClient(
        base_url=base_url or server.base_url,
        access_key=server.access_key,
        secret_key=server.secret_key,
        retry=RetryPolicy(max_attempts=1),
        timeout=timeout,
        transport=transport,
    )


def make_app(
    server: EmulatorServer,
    *,
    refresh_interval: float = NO_TIMER,
    client: DataFlowClient | None = None,
    **config: Any,
) -> DataFlowApp:
    app = DataFlowApp(
        ui_config(server, refresh_interval=refresh_interval, **config),
        client or make_client(server),
        demo=True,
        clock=server.clock.now,
    )
    app.animation_level = "none"
    return app


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until no worker runs and the screen has repainted (never a fixed sleep)."""
    for _ in range(3):
        await pilot.pause()
        with contextlib.suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def keys(pilot: Pilot[Any], *names: str) -> None:
    for name in names:
        await pilot.press(name)
        await settle(pilot)


@pytest.fixture
def app_factory(emulator: EmulatorServer) -> Iterator[Callable[..., DataFlowApp]]:
    yield lambda **kwargs: make_app(emulator, **kwargs)
