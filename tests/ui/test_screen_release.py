"""Views the user closed are freed: a signal must not keep a popped screen alive (soak memory);
an app that has exited is freed with everything it showed.

asyncio keeps a cancelled timer's context until the time it was due (or until enough timers are
cancelled for it to sweep them), so a closed view may live on until its next poll would have been,
and until the timeout of a request it had in flight would have fired: the test polls every second
and waits that long.
"""

from __future__ import annotations

import asyncio
import gc
import time
import weakref

from dftui.emulator import EmulatorServer
from dftui.ui.dialogs.json_view import JsonViewScreen
from dftui.ui.screens.job_detail import JobDetailScreen
from dftui.ui.screens.request_log import RequestLogScreen
from dftui.ui.screens.watching import WatchingScreen
from tests.ui.conftest import SIZE, keys, make_app, make_client, settle
from tests.ui.pages import screen_text

REQUEST_TIMEOUT = 4.0
"""Short, so the test need not wait long for the timeouts of requests the views had in flight."""
CROWDED_MARGIN_S = 10.0


async def test_closed_detail_views_and_overlays_are_freed(emulator: EmulatorServer) -> None:
    app = make_app(emulator, refresh_interval=1.0, client=make_client(emulator, timeout=REQUEST_TIMEOUT))
    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "3", "enter")
        detail = app.screen
        assert isinstance(detail, JobDetailScreen)
        refs = [weakref.ref(detail)]
        await keys(pilot, "W")
        assert isinstance(app.screen, WatchingScreen)
        refs.append(weakref.ref(app.screen))
        await keys(pilot, "L")
        assert isinstance(app.screen, RequestLogScreen)
        refs.append(weakref.ref(app.screen))
        await keys(pilot, "escape", "escape")
        del detail
        await settle(pilot)
        # the loop ends as soon as both are freed; the margin is for a CI box whose cores are
        # all busy, where the timers that hold a closed view's context fire late
        deadline = time.monotonic() + REQUEST_TIMEOUT + CROWDED_MARGIN_S
        while True:
            gc.collect()
            alive = [type(ref()).__name__ for ref in refs if ref() is not None]
            if not alive or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.2)
        assert alive == [], f"still in memory after closing: {alive}"


def test_an_app_that_has_exited_is_freed_with_what_it_showed(emulator: EmulatorServer) -> None:
    """Nothing module-wide may keep an app: the session registry once did (its values referred to
    their keys), so every app of a test run stayed in memory with its screens and rows.

    The app runs on a loop of its own, as ``dftui`` runs it: a thread the loop starts for the app
    keeps the app's print capture (its ``sys.stderr``) until the loop has shut it down."""

    async def show_a_job() -> list[weakref.ref[object]]:
        app = make_app(emulator, client=make_client(emulator, timeout=REQUEST_TIMEOUT))
        async with app.run_test(size=SIZE) as pilot:
            await keys(pilot, "3", "enter")
            assert isinstance(app.screen, JobDetailScreen)
            return [weakref.ref(app), weakref.ref(app.session), weakref.ref(app.screen)]

    refs = asyncio.run(show_a_job())
    gc.collect()
    alive = [type(ref()).__name__ for ref in refs if ref() is not None]
    assert alive == [], f"still in memory after the app exited: {alive}"


async def test_a_closed_json_view_is_freed(emulator: EmulatorServer) -> None:
    """The JSON view formats its text off the loop; the pool thread that did it keeps nothing of
    the view once it is closed (a Textual thread worker stays in that thread's context)."""
    app = make_app(emulator)
    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "3", "J")
        await settle(pilot)
        assert isinstance(app.screen, JsonViewScreen)
        assert "jobId" in screen_text(app)  # formatted and shown
        ref = weakref.ref(app.screen)
        await keys(pilot, "escape")
        await settle(pilot)
        gc.collect()
        assert ref() is None, "the closed JSON view is still in memory"
