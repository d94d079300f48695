"""Watching: pin a live execution, get told when it ends."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.notifications import Notify

from dftui.emulator import EmulatorServer
from dftui.ui.app import DataFlowApp
from dftui.ui.screens.execution_detail import ExecutionDetailScreen
from dftui.ui.screens.jobs import JobsScreen
from dftui.ui.screens.watching import WatchingScreen
from tests.ui.conftest import SIZE, keys, settle


async def test_watch_a_running_job_then_notify_and_bell_when_it_ends(
    emulator: EmulatorServer, app_factory: Callable[..., DataFlowApp]
) -> None:
    app = app_factory()
    notes: list[Any] = []
    bells: list[int] = []
    async with app.run_test(size=SIZE, message_hook=notes.append) as pilot:
        app.bell = lambda: bells.append(1)  # type: ignore[method-assign]
        await keys(pilot, "3")
        screen = app.screen
        assert isinstance(screen, JobsScreen)
        key = next(k for k, job in screen.items.items() if job.last_execution_status == "RUNNING")
        name = screen.items[key].name
        screen.table.move_cursor(row=screen.table.get_row_index(key))
        await keys(pilot, "w")
        assert len(app.session.watches) == 1
        watch = next(iter(app.session.watches))
        assert watch.label == name and not watch.is_final

        await keys(pilot, "W")
        assert isinstance(app.screen, WatchingScreen)

        emulator.clock.advance(4 * 3600)
        app.session.watches.poll_now()
        await settle(pilot)

        assert watch.is_final
        ended = [
            m.notification
            for m in notes
            if isinstance(m, Notify) and m.notification.title == "Watched execution ended"
        ]
        assert len(ended) == 1
        message = ended[0].message
        assert message.startswith(f"{name} {watch.status}")
        if watch.status == "COMPLETED":
            assert " in " in message and ended[0].severity == "information"
        if watch.status == "FAILED":
            assert " after " in message and ended[0].severity == "error"
        assert bells == [1]
        # a second poll does not repeat the news
        app.session.watches.poll_now()
        await settle(pilot)
        assert (
            len(
                [
                    m
                    for m in notes
                    if isinstance(m, Notify) and m.notification.title == "Watched execution ended"
                ]
            )
            == 1
        )


async def test_execution_detail_elapsed_ticks_with_the_clock(
    emulator: EmulatorServer, app_factory: Callable[..., DataFlowApp]
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "3")
        screen = app.screen
        assert isinstance(screen, JobsScreen)
        key = next(k for k, job in screen.items.items() if job.last_execution_status == "RUNNING")
        screen.table.move_cursor(row=screen.table.get_row_index(key))
        await keys(pilot, "enter", "enter")
        detail = app.screen
        assert isinstance(detail, ExecutionDetailScreen)
        assert detail.execution.status == "RUNNING"
        start = detail.execution.start_date
        assert start is not None
        shown = detail._table()
        elapsed_before = _row(shown, "Elapsed")
        emulator.clock.advance(61)
        elapsed_after = _row(detail._table(), "Elapsed")
        assert elapsed_before != elapsed_after
        assert "(running)" in elapsed_after


def _row(table: Any, label: str) -> str:
    labels = [str(cell) for cell in table.columns[0]._cells]
    values = table.columns[1]._cells
    return str(values[labels.index(label)])


async def test_toggle_read_only_reaches_the_client_and_header(
    app_factory: Callable[..., DataFlowApp],
) -> None:
    from dftui.ui.widgets.app_header import AppHeader

    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not app.session.client.read_only
        app.session.settings.toggle_read_only()
        await settle(pilot)
        assert app.session.client.read_only
        header = app.screen.query_one(AppHeader)
        header.refresh_header()
        assert "READ-ONLY" in str(header.render())


async def test_watch_from_the_workflows_list_pins_its_newest_live_run(
    emulator: EmulatorServer, app_factory: Callable[..., DataFlowApp]
) -> None:
    from dftui.ui.screens.workflows import WorkflowsScreen
    from tests.ui.conftest import make_client

    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "2")
        screen = app.screen
        assert isinstance(screen, WorkflowsScreen)
        manual = next(
            w for w in screen.items.values() if w.trigger_node and w.trigger_node.trigger_rule == "NONE"
        )
        assert not screen.table.get_cell(manual.workflow_id, "last_status").plain.startswith(
            ("● RUNNING", "◌ READY")
        )
        async with make_client(emulator) as client:
            await client.execute_workflow(manual.workflow_id)
        await keys(pilot, "r")
        assert screen.table.get_cell(manual.workflow_id, "last_status").plain.startswith(
            ("● RUNNING", "◌ READY")
        )
        screen.table.move_cursor(row=screen.table.get_row_index(manual.workflow_id))
        await keys(pilot, "w")
        assert len(app.session.watches) == 1
        watch = next(iter(app.session.watches))
        assert watch.execution.type == "WORKFLOW" and not watch.is_final
