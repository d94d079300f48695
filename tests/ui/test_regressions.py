"""Behaviours an independent review broke on purpose without the suite noticing, and the
navigation bugs a new user hit: each test reads the screen, as the user does."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from textual.notifications import Notification, Notify

from dftui.api.models import Job
from dftui.emulator import EmulatorServer
from dftui.ui.app import DataFlowApp
from dftui.ui.screens.execution_detail import ExecutionDetailScreen
from dftui.ui.screens.job_detail import JobDetailScreen
from dftui.ui.screens.jobs import JobsScreen
from dftui.ui.screens.trigger_detail import TriggerDetailScreen
from dftui.ui.screens.workflow_detail import WorkflowDetailScreen
from dftui.ui.screens.workflows import WorkflowsScreen
from dftui.ui.trigger_words import rule_in_words
from tests.ui.conftest import SIZE, keys, make_app, settle
from tests.ui.pages import move_cursor_to, open_job, screen_text, select_execution

NARROW = (80, 24)


def notes(messages: list[Any]) -> list[Notification]:
    return [m.notification for m in messages if isinstance(m, Notify)]


def elapsed_on_screen(app: DataFlowApp) -> str:
    line = next(line for line in screen_text(app).splitlines() if line.strip().startswith("Elapsed"))
    return line.split("Elapsed", 1)[1].strip()


def minutes_of(elapsed: str) -> int:
    """``12m03s (running)`` -> 12; ``1h05m`` -> 65."""
    hours = re.search(r"(\d+)h", elapsed)
    minutes = re.search(r"(\d+)m", elapsed)
    return (int(hours.group(1)) * 60 if hours else 0) + (int(minutes.group(1)) if minutes else 0)


async def test_execution_detail_elapsed_time_ticks_on_screen(emulator: EmulatorServer) -> None:
    app = make_app(emulator)
    async with app.run_test(size=SIZE) as pilot:
        await open_job(pilot, lambda j: j.last_execution_status == "RUNNING")
        await select_execution(pilot, lambda e: e.status == "RUNNING")
        await keys(pilot, "enter")
        assert isinstance(app.screen, ExecutionDetailScreen)
        before = elapsed_on_screen(app)
        assert before.endswith("(running)")
        emulator.clock.advance(5 * 60)  # no refresh is due (timers are off): only the 1 s ticker runs
        await pilot.pause(1.3)
        after = elapsed_on_screen(app)
        assert minutes_of(after) - minutes_of(before) == 5, (before, after)


async def _job_with_a_join(emulator: EmulatorServer, app: DataFlowApp) -> tuple[Job, Any, list[Any]]:
    client = app.session.client
    for item in await client.collect_all(client.get_jobs):
        job = await client.get_job_by_id(item.job_id)
        by_id = {node.id: node for node in job.nodes}
        for node in job.nodes:
            parents = [by_id[p] for p in node.parent_node_ids if p in by_id]
            if len(parents) == 2:
                return job, node, parents
    raise AssertionError("the demo account has no node with two inputs")


async def test_job_graph_shows_both_inputs_of_a_join(emulator: EmulatorServer) -> None:
    app = make_app(emulator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        job, join, (first, second) = await _job_with_a_join(emulator, app)
        await open_job(pilot, lambda j: j.job_id == job.job_id)
        assert isinstance(app.screen, JobDetailScreen)
        lines = screen_text(app).splitlines()
        join_line = next(line for line in lines if f" {join.name}  + " in line)
        assert f"+ {second.name}" in join_line, "the second input is named on the join, not cut off"
        # and the second input's branch leads to the join instead of ending nowhere
        assert any(f"→ {join.name}" in line and f"drawn under {first.name}" in line for line in lines)


async def test_screen_keys_leave_watching_and_request_log(app_factory: Callable[..., DataFlowApp]) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "3", "W")
        assert screen_text(app).startswith(" dftui  Watching")
        await keys(pilot, "3")
        assert isinstance(app.screen, JobsScreen)
        await keys(pilot, "L", "2")
        assert isinstance(app.screen, WorkflowsScreen)
        await keys(pilot, "enter", "W", "L")  # L replaces W instead of piling up
        await keys(pilot, "escape")
        assert isinstance(app.screen, WorkflowDetailScreen)
        await keys(pilot, "2")  # the area's own screen, from its detail view
        assert isinstance(app.screen, WorkflowsScreen)


async def test_run_selects_the_new_execution_and_w_on_a_finished_run_pins_nothing(
    emulator: EmulatorServer,
) -> None:
    app = make_app(emulator)
    messages: list[Any] = []
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await open_job(pilot, lambda j: j.status == "READY" and j.last_execution_status == "COMPLETED")
        screen = app.screen
        assert isinstance(screen, JobDetailScreen)
        finished = await select_execution(pilot, lambda e: e.status == "COMPLETED")
        await keys(pilot, "w")
        assert notes(messages)[-1].message.endswith("already ended COMPLETED; nothing to watch")
        assert len(app.session.watches) == 0
        await keys(pilot, "x", "enter")  # the run form: enter runs with the saved settings
        started = next(n.message for n in notes(messages) if n.message.startswith("Started "))
        new_id = started.rsplit("execution ", 1)[1].rstrip(")")
        assert screen.table.cursor_key == new_id != finished.job_execution_id
        row = next(line for line in screen_text(app).splitlines() if line.lstrip().startswith(new_id))
        assert "READY" in row or "RUNNING" in row
        await keys(pilot, "w")
        assert notes(messages)[-1].message == f"Already watching {finished.job_name}"


async def test_workflow_graph_names_its_trigger_and_rule_in_words(
    app_factory: Callable[..., DataFlowApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "4")
        triggers = {t.trigger_id: t for t in app.session.data.cached("triggers")}
        await keys(pilot, "2")
        screen: Any = app.screen
        workflow = next(w for w in screen.items.values() if w.trigger_node and w.trigger_node.id in triggers)
        trigger = triggers[workflow.trigger_node.id]
        await move_cursor_to(pilot, "#table", workflow.workflow_id)
        await keys(pilot, "enter")
        text = screen_text(app)
        trigger_line = next(line for line in text.splitlines() if f"⚑ {trigger.name}" in line)
        assert "trigger ·" not in trigger_line
        assert rule_in_words(trigger)[:20] in trigger_line


async def test_w_on_a_trigger_says_why(app_factory: Callable[..., DataFlowApp]) -> None:
    app = app_factory()
    messages: list[Any] = []
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await keys(pilot, "4", "enter")
        assert isinstance(app.screen, TriggerDetailScreen)
        await keys(pilot, "w")
        assert "A trigger has no executions of its own" in notes(messages)[-1].message


async def test_palette_lists_keys_once_and_refresh_choices_in_order(
    app_factory: Callable[..., DataFlowApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert titles.count("Keys") == 1
        await keys(pilot, "ctrl+p")
        await pilot.press(*"Refresh interval")
        await settle(pilot)
        await keys(pilot, "enter")
        shown = [m.group(1) for m in re.finditer(r"Every (\d+)s", screen_text(app))]
        assert shown == ["2", "5", "10", "30", "60"]


async def test_every_screen_reads_at_80x24(app_factory: Callable[..., DataFlowApp]) -> None:
    app = app_factory()
    async with app.run_test(size=NARROW) as pilot:
        for key, title in (("2", "Workflows"), ("3", "Jobs"), ("4", "Triggers")):
            await keys(pilot, key)
            lines = screen_text(app).splitlines()
            header = lines[1]
            assert "ID" not in header.split(), f"{title}: ids are dropped first"
            assert "Name" in header
            assert lines[-1].rstrip().endswith("Screens"), f"{title}: the footer is cut: {lines[-1]!r}"
        await keys(pilot, "3")
        assert "Last execution" in screen_text(app).splitlines()[1]
        await keys(pilot, "enter")
        executions_header = next(line for line in screen_text(app).splitlines() if "Duration" in line)
        assert "Status" in executions_header and "ID" not in executions_header.split()
        await keys(pilot, "question_mark")
        lines = screen_text(app).splitlines()
        box = [line for line in lines if "╮" in line or "╯" in line]
        assert box and all(line.rstrip().endswith(("╮", "╯")) for line in box), "the help box fits"


async def test_a_wait_under_a_minute_reads_under_1_min_not_0_min(emulator: EmulatorServer) -> None:
    """The service counts waiting time in whole minutes: its 0 is a wait of some seconds."""
    app = make_app(emulator)
    async with app.run_test(size=SIZE) as pilot:
        await open_job(pilot, lambda j: j.last_execution_status == "READY")
        execution = await select_execution(pilot, lambda e: e.status == "READY")
        assert execution.waiting_time == 0
        await keys(pilot, "enter")
        assert isinstance(app.screen, ExecutionDetailScreen)
        line = next(line for line in screen_text(app).splitlines() if "Waiting time" in line)
        assert line.split("Waiting time", 1)[1].strip().startswith("under 1 min"), line
