"""Palette commands, help, request log and watch messages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from dftui.api.models import Execution
from dftui.emulator import EmulatorServer
from dftui.timeutil import KST
from dftui.ui.app import DataFlowApp
from dftui.ui.screens.help import HelpScreen, binding_groups
from dftui.ui.screens.jobs import JobsScreen
from dftui.ui.screens.request_log import RequestLogScreen
from dftui.ui.services.watches import Watch, completion_message
from dftui.ui.widgets.keyed_table import KeyedTable
from tests.ui.conftest import SIZE, keys, settle
from tests.ui.pages import screen_text

T0 = datetime(2026, 11, 28, 9, 0, tzinfo=KST)


def _watch(status: str, seconds: int) -> Watch:
    execution = Execution(
        job_execution_id="e1",
        job_id="j1",
        job_name="job_x",
        status=status,
        start_date=T0,
        end_date=T0 + timedelta(seconds=seconds),
    )
    return Watch(job_id="j1", execution_id="e1", label="job_x", execution=execution, pinned_at=T0)


def test_completion_messages_read_naturally() -> None:
    assert completion_message(_watch("COMPLETED", 252)) == ("job_x COMPLETED in 4m12s", "information")
    assert completion_message(_watch("FAILED", 63)) == ("job_x FAILED after 1m03s", "error")
    assert completion_message(_watch("CANCELED", 5))[1] == "warning"


async def test_palette_sets_refresh_interval(app_factory: Callable[..., DataFlowApp]) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "ctrl+p")
        await pilot.press(*"Refresh interval")
        await settle(pilot)
        await keys(pilot, "enter")
        await pilot.press(*"10s")
        await settle(pilot)
        await keys(pilot, "enter")
        await keys(pilot, "3")
        assert "live every 10s" in screen_text(app)


async def test_palette_toggles_read_only(app_factory: Callable[..., DataFlowApp]) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "ctrl+p")
        await pilot.press(*"Toggle read-only")
        await settle(pilot)
        await keys(pilot, "enter")
        assert "READ-ONLY" in screen_text(app)
        assert app.session.client.read_only


async def test_help_lists_screen_and_app_keys_grouped(app_factory: Callable[..., DataFlowApp]) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "3")
        assert isinstance(app.screen, JobsScreen)
        groups = binding_groups(app.screen)
        assert ("/", "Filter", "list.filter") in groups["Lists"]
        assert ("r", "Refresh", "data.refresh") in groups["Data"]  # the id a keymap names
        assert ("3", "Jobs", "app.jobs") in groups["Everywhere"]
        await keys(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)


async def test_request_log_lists_calls_without_secrets(
    emulator: EmulatorServer, app_factory: Callable[..., DataFlowApp]
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "3", "L")
        assert isinstance(app.screen, RequestLogScreen)
        table = app.screen.query_one(KeyedTable)
        cells = [str(cell) for key in table.row_keys_in_order() for cell in table.get_row(key)]
        assert any("/api/v1/jobs" in cell for cell in cells)
        assert not any(emulator.secret_key in cell for cell in cells)
        before = table.row_count
        await keys(pilot, "escape", "r", "L")
        assert app.screen.query_one(KeyedTable).row_count > before


async def test_request_log_keeps_the_last_500(app_factory: Callable[..., DataFlowApp]) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "L")
        record = next(iter(app.session.requests))  # a real call's record, fed again 600 times
        for _ in range(600):
            app.session.requests.add(record)
        await settle(pilot)
        assert "500 calls kept (last 500)" in screen_text(app)


async def test_request_log_keeps_the_cursor_on_its_call_as_calls_come_in(
    app_factory: Callable[..., DataFlowApp],
) -> None:
    """Each call keeps its row, also once the log is full: new calls go on top, old ones drop off
    the end, and the chosen one stays chosen."""
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "L")
        table = app.screen.query_one(KeyedTable)
        calls = list(app.session.requests)
        for number in range(app.session.requests.size):  # full, of calls told apart by retries
            app.session.requests.add(replace(calls[number % len(calls)], retries=number))
        await settle(pilot)
        await keys(pilot, "down", "down")
        chosen, cells = table.cursor_key, [str(cell) for cell in table.get_row_at(2)]
        for number in range(3):
            app.session.requests.add(replace(calls[0], retries=1000 + number))
        await settle(pilot)
        assert table.cursor_key == chosen and table.cursor_row == 5
        assert [str(cell) for cell in table.get_row_at(5)] == cells
