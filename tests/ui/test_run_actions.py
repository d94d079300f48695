"""x runs jobs and workflows, k stops executions: confirm first, one POST, then re-read."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.notifications import Notification, Notify
from textual.widgets import Button

from dftui.emulator import EmulatorServer
from dftui.ui.app import DataFlowApp
from dftui.ui.dialogs.confirm import ConfirmScreen
from dftui.ui.dialogs.run_settings_form import RunSettingsForm
from dftui.ui.run_rules import READ_ONLY_CANCEL, READ_ONLY_RUN_JOB, READ_ONLY_RUN_WORKFLOW
from dftui.ui.screens.execution_detail import ExecutionDetailScreen
from dftui.ui.screens.help import binding_groups
from dftui.ui.screens.job_detail import JobDetailScreen
from dftui.ui.screens.jobs import JobsScreen
from dftui.ui.screens.watching import WatchingScreen
from dftui.ui.screens.workflows import WorkflowsScreen
from tests.ui.conftest import SIZE, CuttableLink, keys, make_app, make_client, settle
from tests.ui.forms.helpers import message_shown
from tests.ui.pages import move_cursor_to, screen_text, select_execution


def notes_of(messages: list[Any]) -> list[Notification]:
    return [m.notification for m in messages if isinstance(m, Notify)]


def posts(app: DataFlowApp) -> list[str]:
    """Every non-GET request the client made (or refused) so far."""
    return [f"{r.method} {r.path}" for r in app.session.requests if r.method != "GET"]


def dialog_text(screen: ConfirmScreen) -> str:
    return " ".join([screen.title_text, *(f"{k} {v}" for k, v in screen.rows), *screen.warnings])


async def open_jobs_at(pilot: Any, choose: Callable[[Any], bool]) -> tuple[JobsScreen, Any]:
    await keys(pilot, "3")
    screen = pilot.app.screen
    assert isinstance(screen, JobsScreen)
    job = next(job for key, job in sorted(screen.items.items()) if choose(job))
    await move_cursor_to(pilot, "#table", job.job_id)
    return screen, job


def finished_job(job: Any) -> bool:
    return job.status == "READY" and job.last_execution_status == "COMPLETED"


async def test_run_a_job_watches_the_new_execution_until_it_ends(
    emulator: EmulatorServer, app_factory: Callable[..., DataFlowApp]
) -> None:
    app = app_factory()
    messages: list[Any] = []
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        app.bell = lambda: None  # type: ignore[method-assign]
        screen, job = await open_jobs_at(pilot, finished_job)
        await keys(pilot, "x")
        dialog = app.screen
        assert isinstance(dialog, RunSettingsForm)
        assert app.focused is dialog.widget("num_worker")
        text = screen_text(app)
        assert f"Run job {job.name}" in text and "Workers" in text and "Timeout (minutes)" in text
        assert dialog.warnings == ["Changes apply to this run only"]
        assert posts(app) == []

        await keys(pilot, "enter")
        assert posts(app) == [f"POST /api/v1/jobs/{job.job_id}/executions"]
        assert app.screen is screen
        started = [n for n in notes_of(messages) if n.message.startswith(f"Started {job.name} (execution ")]
        assert len(started) == 1
        (watch,) = app.session.watches
        assert watch.job_id == job.job_id and not watch.is_final
        assert watch.execution_id in started[0].message
        assert screen.items[job.job_id].last_execution_status in {"READY", "RUNNING"}

        emulator.clock.advance(24 * 3600)
        app.session.watches.poll_now()
        await settle(pilot)
        ended = [n for n in notes_of(messages) if n.title == "Watched execution ended"]
        assert len(ended) == 1 and ended[0].message.startswith(job.name)
        assert watch.is_final


async def test_declining_the_dialog_sends_nothing(app_factory: Callable[..., DataFlowApp]) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen, _job = await open_jobs_at(pilot, finished_job)
        for answer in ("escape",):
            await keys(pilot, "x")
            assert isinstance(app.screen, RunSettingsForm)
            await keys(pilot, answer)
            assert app.screen is screen
        assert posts(app) == []
        assert not app.session.watches


async def test_draft_job_warns_then_the_service_refuses_and_the_screen_stays_usable(
    app_factory: Callable[..., DataFlowApp],
) -> None:
    app = app_factory()
    messages: list[Any] = []
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        screen, job = await open_jobs_at(pilot, lambda j: j.status == "DRAFT")
        await keys(pilot, "x")
        dialog = app.screen
        assert isinstance(dialog, RunSettingsForm)
        assert dialog.warnings[0] == "status DRAFT: the service will probably refuse"
        await keys(pilot, "enter")
        assert posts(app) == [f"POST /api/v1/jobs/{job.job_id}/executions"]
        # the service's refusal is shown in the form, which stays open with what was typed
        assert app.screen is dialog and message_shown(dialog).startswith("Not saved: ")
        assert not app.session.watches
        await keys(pilot, "escape")
        assert app.screen is screen
        await keys(pilot, "down")  # still answers keys
        assert screen.table.cursor_row >= 0


async def test_run_from_job_detail_even_with_the_executions_table_focused(
    app_factory: Callable[..., DataFlowApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        _screen, job = await open_jobs_at(pilot, finished_job)
        await keys(pilot, "enter")
        detail = app.screen
        assert isinstance(detail, JobDetailScreen)
        assert app.focused is detail.table
        before = detail.table.row_count
        await keys(pilot, "x")
        assert isinstance(app.screen, RunSettingsForm) and job.name in app.screen.form_title
        await keys(pilot, "enter")
        assert app.screen is detail
        assert detail.table.row_count == before + 1


async def test_run_manual_and_event_workflows(app_factory: Callable[..., DataFlowApp]) -> None:
    app = app_factory()
    messages: list[Any] = []
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await keys(pilot, "2")
        screen = app.screen
        assert isinstance(screen, WorkflowsScreen)
        runnable = [
            w
            for w in screen.items.values()
            if w.trigger_node and w.trigger_node.trigger_rule == "NONE" and not w.is_temp
        ]
        assert len(runnable) == 2  # the demo has one manual (NONE) and one EVENT workflow
        kinds = set()
        for workflow in runnable:
            screen.table.move_cursor(row=screen.table.get_row_index(workflow.workflow_id))
            await keys(pilot, "x")
            dialog = app.screen
            assert isinstance(dialog, ConfirmScreen)
            text = dialog_text(dialog)
            kinds.add("manual" if "manual" in text else "event" if "event" in text else "?")
            await keys(pilot, "y")
            assert posts(app)[-1] == f"POST /api/v1/workflows/{workflow.workflow_id}/executions"
            assert any(n.message.startswith("Run accepted") for n in notes_of(messages))
            cell = screen.table.get_cell(workflow.workflow_id, "last_status").plain
            assert cell.startswith(("● RUNNING", "◌ READY")), cell
        assert kinds == {"manual", "event"}
        for workflow in runnable:
            page = await app.session.client.get_workflow_executions(workflow.workflow_id)
            assert any(not e.is_final for e in page.items)


async def test_scheduled_workflow_is_explained_without_any_request(
    app_factory: Callable[..., DataFlowApp],
) -> None:
    app = app_factory()
    messages: list[Any] = []
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await keys(pilot, "2")
        screen = app.screen
        assert isinstance(screen, WorkflowsScreen)
        workflow = next(
            w
            for w in sorted(screen.items.values(), key=lambda w: w.name)
            if w.trigger_node and w.trigger_node.trigger_rule == "RECURRING" and not w.is_temp
        )
        screen.table.move_cursor(row=screen.table.get_row_index(workflow.workflow_id))
        await keys(pilot, "x")
        assert app.screen is screen
        assert posts(app) == []
        (note,) = [n for n in notes_of(messages) if n.title == "Run workflow"]
        assert note.message.startswith(f"{workflow.name} runs on its schedule (")
        assert "executeWorkflow only runs manual or event workflows" in note.message
        assert "every" in note.message or " at " in note.message  # the rule in words


async def running_execution_in_job_detail(pilot: Any) -> tuple[JobDetailScreen, Any]:
    await open_jobs_at(pilot, lambda j: j.last_execution_status == "RUNNING")
    await keys(pilot, "enter")
    detail = pilot.app.screen
    assert isinstance(detail, JobDetailScreen)
    execution = await select_execution(pilot, lambda e: e.status == "RUNNING")
    return detail, execution


async def test_stop_a_running_execution_from_job_detail(app_factory: Callable[..., DataFlowApp]) -> None:
    app = app_factory()
    messages: list[Any] = []
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        detail, execution = await running_execution_in_job_detail(pilot)
        assert "k" in detail.active_bindings
        await keys(pilot, "k")
        dialog = app.screen
        assert isinstance(dialog, ConfirmScreen)
        assert execution.job_execution_id in dialog.title_text
        assert isinstance(app.focused, Button) and str(app.focused.label) == "Keep running"
        await keys(pilot, "y")
        assert posts(app) == [
            f"POST /api/v1/jobs/{execution.job_id}/executions/{execution.job_execution_id}/cancel"
        ]
        assert app.screen is detail
        assert detail.table.get_cell(execution.job_execution_id, "status").plain.endswith("CANCELED")
        assert any(n.message.startswith("Canceled ") for n in notes_of(messages))
        # a final run offers no Stop any more; k now says why instead of doing nothing
        assert detail.active_bindings["k"].binding.action == "cancel_explain"
        assert "Stop run" not in screen_text(app).splitlines()[-1]
        await keys(pilot, "k")
        assert notes_of(messages)[-1].message.endswith("only READY or RUNNING executions can be stopped")
        assert len(posts(app)) == 1


async def test_stop_from_the_watching_screen_and_from_execution_detail(
    app_factory: Callable[..., DataFlowApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        detail, _execution = await running_execution_in_job_detail(pilot)
        await keys(pilot, "w", "W")
        assert isinstance(app.screen, WatchingScreen)
        await keys(pilot, "k", "y")
        (watch,) = app.session.watches
        assert watch.status == "CANCELED" and watch.finished_seen
        await keys(pilot, "escape")
        assert app.screen is detail

        other = next((e for e in detail.table.executions.values() if e.status in ("RUNNING", "READY")), None)
        if other is None:  # start one so there is something live to stop
            await keys(pilot, "x", "enter")  # the run form: enter runs with the saved settings
            other = next(e for e in detail.table.executions.values() if not e.is_final)
        detail.table.move_cursor(row=detail.table.get_row_index(other.job_execution_id))
        await keys(pilot, "enter")
        assert isinstance(app.screen, ExecutionDetailScreen)
        await keys(pilot, "k", "y")
        assert app.screen.execution.status == "CANCELED"


async def test_read_only_refuses_before_the_client_and_hides_the_keys(
    app_factory: Callable[..., DataFlowApp],
) -> None:
    app = app_factory(read_only=True)
    messages: list[Any] = []
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        screen, _job = await open_jobs_at(pilot, finished_job)
        assert screen.active_bindings["x"].binding.action == "run_refused"
        assert not screen.active_bindings["x"].binding.show  # not in the footer
        await keys(pilot, "x")
        assert app.screen is screen
        assert READ_ONLY_RUN_JOB in [n.message for n in notes_of(messages)]

        await keys(pilot, "2")
        await keys(pilot, "x")
        assert READ_ONLY_RUN_WORKFLOW in [n.message for n in notes_of(messages)]

        await keys(pilot, "3")
        detail, _execution = await running_execution_in_job_detail(pilot)
        await keys(pilot, "k")
        assert app.screen is detail
        assert READ_ONLY_CANCEL in [n.message for n in notes_of(messages)]
        assert posts(app) == []
        assert app.session.requests and all(r.method == "GET" for r in app.session.requests)

        app.session.settings.toggle_read_only()  # off again: the real keys come back
        await settle(pilot)
        assert detail.active_bindings["k"].binding.action == "cancel_execution"
        assert detail.active_bindings["x"].binding.action == "run"


async def test_keys_can_be_remapped_by_binding_id(app_factory: Callable[..., DataFlowApp]) -> None:
    app = app_factory(keymap={"data.run": "R", "data.cancel": "K"})
    async with app.run_test(size=SIZE) as pilot:
        screen, _job = await open_jobs_at(pilot, finished_job)
        await keys(pilot, "x")
        assert app.screen is screen
        await keys(pilot, "R")
        assert isinstance(app.screen, RunSettingsForm)
        await keys(pilot, "escape")
        app.session.settings.toggle_read_only()
        await settle(pilot)
        assert screen.active_bindings["R"].binding.action == "run_refused"


async def test_help_lists_run_and_stop(app_factory: Callable[..., DataFlowApp]) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await running_execution_in_job_detail(pilot)
        data = binding_groups(app.screen)["Data"]
        assert ("x", "Run", "data.run") in data and ("k", "Stop run", "data.cancel") in data


async def test_lost_answer_is_not_retried_and_says_the_outcome_is_unknown(
    emulator: EmulatorServer, app_factory: Callable[..., DataFlowApp]
) -> None:
    link = CuttableLink()
    app = make_app(emulator, client=make_client(emulator, transport=link))
    messages: list[Any] = []
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        screen, job = await open_jobs_at(pilot, finished_job)
        await keys(pilot, "x")
        assert isinstance(app.screen, RunSettingsForm)
        link.cut = True  # the POST is sent into a dead link: its answer is lost
        await keys(pilot, "enter")
        (post,) = [r for r in app.session.requests if r.method == "POST"]
        assert post.status is None and post.retries == 0 and post.error_kind == "network"
        (error,) = [n for n in notes_of(messages) if n.title == "Run job"]
        assert error.message.startswith(f"Unknown whether {job.name} started (not retried")
        assert not app.session.watches
        assert app.screen is screen


async def test_run_that_ends_before_the_cancel_is_reported_as_such(
    emulator: EmulatorServer, app_factory: Callable[..., DataFlowApp]
) -> None:
    app = app_factory()
    messages: list[Any] = []
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        detail, execution = await running_execution_in_job_detail(pilot)
        await keys(pilot, "k")
        assert isinstance(app.screen, ConfirmScreen)
        emulator.clock.advance(24 * 3600)  # it finishes while the user reads the dialog
        await keys(pilot, "y")
        (note,) = [n for n in notes_of(messages) if n.title == "Stop execution"]
        assert note.message.endswith("before the cancel took effect")
        assert note.severity == "warning"
        status = detail.table.get_cell(execution.job_execution_id, "status").plain
        assert status.endswith(("COMPLETED", "FAILED"))


async def test_run_from_workflow_detail(app_factory: Callable[..., DataFlowApp]) -> None:
    from dftui.ui.screens.workflow_detail import WorkflowDetailScreen

    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "2")
        screen = app.screen
        assert isinstance(screen, WorkflowsScreen)
        manual = next(
            w for w in screen.items.values() if w.trigger_node and w.trigger_node.trigger_rule == "NONE"
        )
        screen.table.move_cursor(row=screen.table.get_row_index(manual.workflow_id))
        await keys(pilot, "enter")
        detail = app.screen
        assert isinstance(detail, WorkflowDetailScreen)
        before = detail.table.row_count
        await keys(pilot, "x", "y")
        assert posts(app) == [f"POST /api/v1/workflows/{manual.workflow_id}/executions"]
        assert app.screen is detail and detail.table.row_count > before
