"""A first load is not thrown away by a modal: ``?`` over a list that is still paging in.

Before, a screen hidden by a modal cancelled its load, and closing the modal started it again
from page 0; on a big account behind a slow link the list never finished.
"""

from __future__ import annotations

from dftui.emulator import EmulatorServer
from dftui.emulator.faults import FaultConfig
from dftui.ui.screens.help import HelpScreen
from dftui.ui.screens.jobs import JobsScreen
from tests.ui.conftest import SIZE, make_app, make_client, settle
from tests.ui.pages import screen_text


async def test_help_opened_during_a_first_load_does_not_restart_it(emulator: EmulatorServer) -> None:
    client = make_client(emulator)
    client.page_limit = 10  # 40 jobs: five pages
    app = make_app(emulator, client=client)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        emulator.set_faults(FaultConfig(latency_ms=500))
        emulator.traffic.reset()
        await pilot.press("3")
        await pilot.pause(0.1)
        screen = app.screen
        assert isinstance(screen, JobsScreen) and screen.fetching, "still loading"
        await pilot.press("question_mark")
        await pilot.pause(0.6)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await settle(pilot)
        emulator.set_faults(None)
        pages = {target: count for target, count in emulator.traffic.targets.items() if "/jobs?" in target}
        assert app.screen is screen and len(screen.items) == 40
        assert "40 jobs" in screen_text(app)
        assert pages.get("/api/v1/jobs?page=0&limit=10") == 1, f"the load was restarted: {pages}"
        assert set(pages.values()) == {1}, f"a page was asked for twice: {pages}"
