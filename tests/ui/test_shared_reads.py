"""A shared list read whose callers all went away still has its error taken care of."""

from __future__ import annotations

import asyncio
import gc
import logging

import pytest

from dftui.emulator import EmulatorServer
from dftui.emulator.faults import FaultConfig
from tests.ui.conftest import SIZE, make_app, settle


async def test_a_failed_read_nobody_awaits_is_logged(
    emulator: EmulatorServer, caplog: pytest.LogCaptureFixture
) -> None:
    """Its screen hid while the service failed. The read's own callback retrieves and logs the
    error (a soak run printed asyncio's "Task exception was never retrieved" with a traceback
    for such a read; this test shows the callback at work, not that path)."""
    app = make_app(emulator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        data = app.session.data
        emulator.set_faults(FaultConfig(error_rate=1.0, seed=1))
        caplog.set_level(logging.INFO)
        waiter = asyncio.ensure_future(data.triggers())
        await asyncio.sleep(0.05)
        waiter.cancel()  # the screen that asked has gone
        for _ in range(200):
            if any("reading the triggers list failed" in r.getMessage() for r in caplog.records):
                break
            await asyncio.sleep(0.05)
        emulator.set_faults(None)
        await data.triggers()  # a new read replaces the failed one, which is then dropped
        del waiter
        gc.collect()
        await asyncio.sleep(0)
    messages = [record.getMessage() for record in caplog.records]
    assert any("reading the triggers list failed" in message for message in messages)
