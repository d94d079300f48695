"""Tickers redraw only screens the user can see (Textual's is_current also covers the screen
right under an opaque one, and a refresh there repaints the whole top screen)."""

from __future__ import annotations

from typing import Any

from dftui.emulator import EmulatorServer
from dftui.ui.in_view import in_view
from dftui.ui.screens.help import HelpScreen
from dftui.ui.screens.job_detail import JobDetailScreen
from dftui.ui.screens.jobs import JobsScreen
from dftui.ui.widgets.app_header import AppHeader
from tests.ui.conftest import SIZE, keys, make_app, settle


async def test_a_list_under_a_detail_view_keeps_still_and_a_screen_under_a_modal_ticks(
    emulator: EmulatorServer,
) -> None:
    async with make_app(emulator).run_test(size=SIZE) as pilot:
        await keys(pilot, "3")
        jobs = pilot.app.screen
        assert isinstance(jobs, JobsScreen)
        await keys(pilot, "enter")
        await settle(pilot)
        detail = pilot.app.screen
        assert isinstance(detail, JobDetailScreen)
        assert jobs.is_current and not in_view(jobs) and in_view(detail)

        header = jobs.query_one(AppHeader)
        drawn: list[Any] = []
        header.refresh_header = lambda: drawn.append(1)  # type: ignore[method-assign]
        header._tick()
        assert drawn == []  # covered: its "updated … ago" waits until it is shown

        await keys(pilot, "question_mark")
        assert isinstance(pilot.app.screen, HelpScreen)
        assert in_view(detail)  # it shows through the dialog
        await keys(pilot, "escape")
        await keys(pilot, "escape")
        assert pilot.app.screen is jobs and in_view(jobs)
        drawn.clear()
        header._tick()
        assert drawn == [1]
