"""Keyboard navigation to every screen and detail view, against the emulator."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Tree

from dftui.emulator import EmulatorServer
from dftui.ui.app import DataFlowApp
from dftui.ui.screens.dashboard import DashboardScreen
from dftui.ui.screens.execution_detail import ExecutionDetailScreen
from dftui.ui.screens.help import HelpScreen
from dftui.ui.screens.job_detail import JobDetailScreen
from dftui.ui.screens.jobs import JobsScreen
from dftui.ui.screens.request_log import RequestLogScreen
from dftui.ui.screens.trigger_detail import TriggerDetailScreen
from dftui.ui.screens.triggers import TriggersScreen
from dftui.ui.screens.watching import WatchingScreen
from dftui.ui.screens.workflow_detail import WorkflowDetailScreen
from dftui.ui.screens.workflows import WorkflowsScreen
from dftui.ui.widgets.keyed_table import KeyedTable
from tests.ui.conftest import SIZE, keys, settle
from tests.ui.pages import screen_text


async def test_every_area_and_detail_view_by_keyboard(app_factory: Callable[..., DataFlowApp]) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert "Last 7 days" in screen_text(app) and "Executions per day" in screen_text(app)

        await keys(pilot, "2")
        assert isinstance(app.screen, WorkflowsScreen)
        assert app.screen.table.row_count == 12
        await keys(pilot, "enter")
        assert isinstance(app.screen, WorkflowDetailScreen)
        graph = app.screen.query_one("#graph", Tree)
        assert graph.root.children, "the trigger node is shown"
        assert app.screen.table.row_count > 0
        await keys(pilot, "escape")
        assert isinstance(app.screen, WorkflowsScreen)

        await keys(pilot, "3")
        assert isinstance(app.screen, JobsScreen)
        assert app.screen.table.row_count == 40
        await keys(pilot, "enter")
        assert isinstance(app.screen, JobDetailScreen)
        await keys(pilot, "enter")
        assert isinstance(app.screen, ExecutionDetailScreen)
        assert app.screen.execution.job_execution_id
        await keys(pilot, "escape")
        assert isinstance(app.screen, JobDetailScreen)

        # the jobs area keeps its own stack while we visit triggers
        await keys(pilot, "4")
        assert isinstance(app.screen, TriggersScreen)
        await keys(pilot, "enter")
        assert isinstance(app.screen, TriggerDetailScreen)
        await keys(pilot, "3")
        assert isinstance(app.screen, JobDetailScreen)

        await keys(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        await keys(pilot, "escape")
        await keys(pilot, "W")
        assert isinstance(app.screen, WatchingScreen)
        await keys(pilot, "escape")
        await keys(pilot, "L")
        assert isinstance(app.screen, RequestLogScreen)
        assert app.screen.query_one(KeyedTable).row_count == len(app.session.requests) > 5
        await keys(pilot, "escape")
        assert isinstance(app.screen, JobDetailScreen)


async def test_json_modal_and_copy(app_factory: Callable[..., DataFlowApp]) -> None:
    from dftui.ui.dialogs.json_view import JsonViewScreen

    app = app_factory()
    copied: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
        await keys(pilot, "3")
        job_id = app.screen.table.cursor_key
        await keys(pilot, "c")
        assert copied == [job_id]
        await keys(pilot, "J")
        assert isinstance(app.screen, JsonViewScreen)
        assert app.screen.data["jobId"] == job_id
        await keys(pilot, "escape", "C")
        assert f'"jobId": "{job_id}"' in copied[-1]


async def test_command_palette_opens_a_job_by_name(app_factory: Callable[..., DataFlowApp]) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "ctrl+p")
        await pilot.press(*"Job: refunds_join")
        await settle(pilot)
        await keys(pilot, "enter")
        await settle(pilot)
        assert isinstance(app.screen, JobDetailScreen)
        assert app.screen.job is not None and app.screen.job.name == "refunds_join"
        assert app.current_mode == "jobs"


async def test_keymap_from_config_remaps_bindings(emulator: EmulatorServer) -> None:
    from tests.ui.conftest import make_app

    app = make_app(emulator, keymap={"app.jobs": "j"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "j")
        assert isinstance(app.screen, JobsScreen)


async def test_a_keymap_id_that_matches_no_key_is_reported(emulator: EmulatorServer) -> None:
    """Textual ignores unknown ids silently; a typo in the config must not."""
    from textual.notifications import Notify

    from tests.ui.conftest import make_app

    app = make_app(emulator, keymap={"refresh": "ctrl+r", "app.jobs": "j"})
    messages: list[object] = []
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await settle(pilot)
        warnings = [m.notification.message for m in messages if isinstance(m, Notify)]
        assert any("'refresh'" in w and "data.refresh" in w for w in warnings), warnings
        assert not any("'app.jobs'" in w for w in warnings)
        await keys(pilot, "j")  # the valid entry still works
        assert isinstance(app.screen, JobsScreen)
        await keys(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert any("'refresh'" in w for w in app.session.config_warnings)


async def test_home_and_end_go_to_the_first_and_last_row_of_a_list(
    app_factory: Callable[..., DataFlowApp],
) -> None:
    """With a row cursor DataTable's Home and End would scroll sideways: a list's go to its
    first and last row (40 jobs are more than 120x40 shows)."""
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "3")
        await settle(pilot)
        table = app.screen.query_one("#table", KeyedTable)
        first, last = (str(table.get_row_at(i)[0]) for i in (0, table.row_count - 1))

        def body() -> list[str]:
            return [line.split()[0] for line in screen_text(app).splitlines()[2:-2] if line.strip()]

        assert first in body() and last not in body()
        await keys(pilot, "end")
        assert table.cursor_row == table.row_count - 1
        assert last in body() and first not in body()
        await keys(pilot, "home")
        assert table.cursor_row == 0
        assert body()[0] == first


#: per list: the object keys ? lists there, and those it must not (they could never act there)
HELP_OFFERS = {
    "2": ({"data.run", "data.watch", "data.edit"}, {"data.cancel", "data.edit_settings"}),
    "3": ({"data.run", "data.watch", "data.edit_settings"}, {"data.cancel"}),
    "4": (
        {"data.new", "data.edit", "data.delete"},
        {"data.run", "data.cancel", "data.watch", "data.edit_settings"},
    ),
    "5": (
        {"data.watch", "data.cancel"},
        {"data.run", "data.new", "data.edit", "data.delete", "data.edit_settings"},
    ),
}


async def test_help_lists_only_the_keys_that_can_act_on_what_the_screen_shows(
    app_factory: Callable[..., DataFlowApp],
) -> None:
    """No 'x Run' among triggers and no 'e Edit' among executions: a key that can never act on a
    screen's objects is neither listed nor bound there (pressing it does nothing)."""
    app = app_factory()
    messages: list[object] = []
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        for key, (listed, absent) in HELP_OFFERS.items():
            await keys(pilot, key)
            screen = app.screen
            await keys(pilot, "down")
            await keys(pilot, "question_mark")
            assert isinstance(app.screen, HelpScreen)
            shown = set(screen_text(app).split())
            assert listed <= shown, (key, listed - shown)
            assert not absent & shown, (key, absent & shown)
            await keys(pilot, "escape")
            assert app.screen is screen
        from textual.notifications import Notify

        before = len([m for m in messages if isinstance(m, Notify)])
        await keys(pilot, "4", "x", "k", "E")
        assert isinstance(app.screen, TriggersScreen)
        assert len([m for m in messages if isinstance(m, Notify)]) == before
