"""Helpers for UI tests: an app wired to a live emulator over real HTTP."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input
from textual.worker import WorkerCancelled

from dftui.api import DataFlowClient, RetryPolicy
from dftui.emulator import EmulatorServer
from dftui.ui.app import DataFlowApp

SIZE = (120, 40)
NO_TIMER = 3600.0  # refresh timers never tick during a test unless the test asks


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blinking cursors make snapshots flaky."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda _self: None)


def ui_config(server: EmulatorServer, **overrides: Any) -> Any:
    """The config fields the app reads (a ResolvedConfig stand-in)."""
    values: dict[str, Any] = {
        "profile_name": "test",
        "api_url": server.base_url,
        "refresh_interval": NO_TIMER,
        "read_only": False,
        "theme": None,
        "keymap": {},
        "bell": True,
    }
    values.update(overrides)
    return SimpleNamespace(**values)


def make_client(server: EmulatorServer, base_url: str | None = None) -> DataFlowClient:
    return DataFlowClient(
        base_url=base_url or server.base_url,
        access_key=server.access_key,
        secret_key=server.secret_key,
        retry=RetryPolicy(max_attempts=1),
        timeout=5.0,
    )


def make_app(server: EmulatorServer, *, refresh_interval: float = NO_TIMER, **config: Any) -> DataFlowApp:
    app = DataFlowApp(
        ui_config(server, **config),
        make_client(server),
        demo=True,
        refresh_interval=refresh_interval,
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
