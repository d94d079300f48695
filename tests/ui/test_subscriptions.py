"""Each screen hears each session signal once.

Textual calls the ``on_mount`` of every class in a screen's MRO, the most derived first. dftui's
screens used to call ``super().on_mount()`` as well, so a list screen was subscribed to the
settings three times and to the data signal twice, and one announced write was heard twice.
They no longer do; adding such a call back fails both tests (tried).
"""

from __future__ import annotations

import time

import pytest

from dftui.emulator import EmulatorServer
from dftui.ui.screens.base import DataScreen
from dftui.ui.screens.chrome import ChromeScreen
from dftui.ui.screens.jobs import JobsScreen
from dftui.ui.services.data import DataChange
from dftui.ui.services.settings import RefreshSettings
from tests.ui.conftest import SIZE, keys, make_app, settle


async def test_a_write_announced_once_is_heard_once_and_read_again_once(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    heard: list[DataChange] = []
    settings_heard: list[RefreshSettings] = []
    hear, hear_settings = JobsScreen.data_changed, JobsScreen.settings_changed

    def data_changed(screen: JobsScreen, change: DataChange) -> None:
        heard.append(change)
        hear(screen, change)

    def settings_changed(screen: JobsScreen, settings: RefreshSettings) -> None:
        settings_heard.append(settings)
        hear_settings(screen, settings)

    monkeypatch.setattr(JobsScreen, "data_changed", data_changed)
    monkeypatch.setattr(JobsScreen, "settings_changed", settings_changed)
    app = make_app(emulator)
    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "3")
        assert isinstance(app.screen, JobsScreen)
        await settle(pilot)

        started = time.monotonic()
        app.session.data.announce(DataChange("job"))
        await settle(pilot)
        assert len(heard) == 1
        reads = [route for at, route in emulator.traffic.arrivals if at >= started]
        assert reads == ["/api/v1/jobs"]

        app.session.settings.toggle_read_only()
        await settle(pilot)
        assert len(settings_heard) == 1


async def test_every_screen_subscribes_to_each_signal_once(emulator: EmulatorServer) -> None:
    app = make_app(emulator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for screen_keys in (("1",), ("2",), ("3",), ("4",), ("3", "enter"), ("W",), ("L",)):
            await keys(pilot, *screen_keys)
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, ChromeScreen)
            session = screen.session
            signals = [session.settings.changed]
            if isinstance(screen, DataScreen):
                signals.append(session.data.changed)
            for signal in signals:
                assert len(signal._subscriptions.get(screen, [])) == 1, (type(screen).__name__, signal)
