"""Fixtures for the emulator tests: an empty emulator and one with demo data, both in-process."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from dftui.emulator import ManualClock

from .helpers import START, Api, asgi_client, empty_api, make_state


@pytest.fixture
async def api() -> AsyncIterator[Api]:
    """An empty emulator (no demo data, no random failures) at 2026-11-28T09:00 KST."""
    async with empty_api() as emulator_api:
        yield emulator_api


@pytest.fixture
async def demo_api() -> AsyncIterator[Api]:
    clock = ManualClock(START)
    state = make_state(clock=clock, demo=True)
    async with asgi_client(state) as client:
        yield Api(client, state, clock)
    state.close()
