"""The write keys from the user's side: what the form shows, what the emulator holds afterwards."""

from __future__ import annotations

import json
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from textual.notifications import Notification, Notify

from dftui.emulator import EmulatorServer
from dftui.ui.app import DataFlowApp
from dftui.ui.dialogs.confirm import ConfirmScreen
from dftui.ui.dialogs.delete_confirm import DeleteConfirmScreen
from dftui.ui.dialogs.run_settings_form import RunSettingsForm
from dftui.ui.dialogs.trigger_form import TriggerForm
from dftui.ui.dialogs.workflow_form import WorkflowForm
from dftui.ui.screens.job_detail import JobDetailScreen
from dftui.ui.screens.jobs import JobsScreen
from dftui.ui.screens.triggers import TriggersScreen
from dftui.ui.screens.workflows import WorkflowsScreen
from dftui.ui.widgets.keyed_table import KeyedTable
from tests.ui.conftest import SIZE, keys, make_app, make_client, settle
from tests.ui.forms.helpers import (
    form_of,
    message_shown,
    open_list_at,
    open_replace_form,
    problem_shown,
    submit_until_refused,
    type_into,
    wait_until,
    writes,
)
from tests.ui.pages import screen_text


def notes_of(messages: list[Any]) -> list[Notification]:
    return [m.notification for m in messages if isinstance(m, Notify)]


def script_job(job: Any) -> bool:
    return job.status == "READY" and job.type == "SCRIPT"


# ---------------------------------------------------------------------- run with settings


async def test_run_with_other_workers_and_parameters_for_this_run_only(
    emulator: EmulatorServer, app_factory: Callable[..., DataFlowApp]
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        app.bell = lambda: None  # type: ignore[method-assign]
        job = await open_list_at(pilot, "3", JobsScreen, script_job)
        saved = (await app.session.client.get_job_by_id(job.job_id)).job_condition
        await keys(pilot, "x")
        form = form_of(app)
        assert isinstance(form, RunSettingsForm)
        assert form.get("num_worker") == str(saved.num_worker)  # prefilled from the saved settings
        footer = screen_text(app).splitlines()[-1]
        assert "^s Run" in footer and "Save" not in footer  # the key is named as the button is
        await type_into(pilot, "num_worker", "5")
        form.widget("parameters").focus()  # the cursor starts at the top: a new first line
        await pilot.press(*"run", "underscore", *"mode", "equals_sign", *"backfill", "enter")
        await settle(pilot)
        await type_into(pilot, "timeout", "99")
        await keys(pilot, "enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, RunSettingsForm))
        (post,) = [w for w in writes(app)]
        assert post == f"POST /api/v1/jobs/{job.job_id}/executions"
        newest = (await app.session.client.get_job_executions(job.job_id)).items[0]
        assert newest.job_condition.num_worker == 5 and newest.job_condition.timeout == 99
        assert (newest.job_condition.parameters or {}).get("run_mode") == "backfill"
        # the saved settings did not change
        after = (await app.session.client.get_job_by_id(job.job_id)).job_condition
        assert after.num_worker == saved.num_worker and after.timeout == saved.timeout


async def test_run_form_refuses_workers_out_of_range_and_sends_nothing(
    app_factory: Callable[..., DataFlowApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_list_at(pilot, "3", JobsScreen, script_job)
        await keys(pilot, "x")
        form = form_of(app)
        await type_into(pilot, "num_worker", "11")
        assert "11 is outside 2\N{EN DASH}10" in problem_shown(form, "num_worker")
        await keys(pilot, "enter")
        assert app.screen is form and writes(app) == []
        assert form.get("num_worker") == "11"


async def test_E_saves_the_run_settings_through_update_job_execute_config(
    app_factory: Callable[..., DataFlowApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        job = await open_list_at(pilot, "3", JobsScreen, script_job)
        await keys(pilot, "E")
        await wait_until(pilot, lambda: isinstance(app.screen, RunSettingsForm))
        form = form_of(app)
        assert form.form_title == f"Saved run settings of job {job.name}"
        await type_into(pilot, "timeout", "480")
        await keys(pilot, "ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, RunSettingsForm))
        assert writes(app) == [f"PUT /api/v1/jobs/{job.job_id}/executions"]
        assert (await app.session.client.get_job_by_id(job.job_id)).job_condition.timeout == 480


# ------------------------------------------------------------------------------ delete


async def test_delete_needs_the_exact_name_and_says_which_workflows_use_the_job(
    emulator: EmulatorServer, app_factory: Callable[..., DataFlowApp]
) -> None:
    app = app_factory()
    client_workflows: list[Any] = []
    async with app.run_test(size=SIZE) as pilot:
        client_workflows = await app.session.client.collect_all(app.session.client.get_workflows)
        used = {node.id for w in client_workflows for node in w.job_nodes}
        job = await open_list_at(
            pilot, "3", JobsScreen, lambda j: j.job_id in used and j.last_execution_status != "RUNNING"
        )
        users = [w.name for w in client_workflows if any(n.id == job.job_id for n in w.job_nodes)]
        await keys(pilot, "d")
        await wait_until(pilot, lambda: isinstance(app.screen, DeleteConfirmScreen))
        text = screen_text(app)
        assert f"Delete job {job.name}?" in text
        dialog = app.screen
        assert isinstance(dialog, DeleteConfirmScreen)
        assert "Used by workflows" in text and "will show this job as invalid" in dialog.effects[0]
        assert all(name in dialog.effects[0] for name in users)
        await pilot.press(*job.name[:-1])
        await keys(pilot, "enter")  # not the exact name: nothing happens
        assert isinstance(app.screen, DeleteConfirmScreen) and writes(app) == []
        assert "does not match" in screen_text(app)
        await pilot.press(job.name[-1].replace("_", "underscore"))
        await keys(pilot, "enter")
        await wait_until(pilot, lambda: writes(app) == [f"DELETE /api/v1/jobs/{job.job_id}"])
        await wait_until(pilot, lambda: job.job_id not in app.screen.items)  # type: ignore[attr-defined]
        remaining = await app.session.client.collect_all(app.session.client.get_jobs)
        assert job.job_id not in {j.job_id for j in remaining}


async def test_escape_cancels_a_delete(app_factory: Callable[..., DataFlowApp]) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_list_at(pilot, "4", TriggersScreen, lambda t: True)
        await keys(pilot, "d")
        await wait_until(pilot, lambda: isinstance(app.screen, DeleteConfirmScreen))
        await keys(pilot, "escape")
        assert isinstance(app.screen, TriggersScreen) and writes(app) == []


async def test_deleting_from_a_detail_view_goes_back(app_factory: Callable[..., DataFlowApp]) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        job = await open_list_at(pilot, "3", JobsScreen, lambda j: j.status == "DRAFT")
        await keys(pilot, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, JobDetailScreen))
        await keys(pilot, "d")
        await wait_until(pilot, lambda: isinstance(app.screen, DeleteConfirmScreen))
        await pilot.press(*[ch if ch != "_" else "underscore" for ch in job.name])
        await keys(pilot, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, JobsScreen))
        assert writes(app) == [f"DELETE /api/v1/jobs/{job.job_id}"]


# --------------------------------------------------------------------------- triggers


async def test_duplicate_a_trigger_opens_the_form_prefilled_with_copy_suffix(
    app_factory: Callable[..., DataFlowApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        trigger = await open_list_at(pilot, "4", TriggersScreen, lambda t: t.type == "SCHEDULED")
        await keys(pilot, "D")
        form = form_of(app)
        assert isinstance(form, TriggerForm) and form.form_title == f"Duplicate trigger {trigger.name}"
        assert form.get("name") == f"{trigger.name}_copy"
        await keys(pilot, "ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, TriggerForm))
        triggers = await app.session.client.collect_all(app.session.client.get_triggers)
        (copy,) = [t for t in triggers if t.name == f"{trigger.name}_copy"]
        assert copy.trigger_rule.to_json() == trigger.trigger_rule.to_json() and copy.type == trigger.type
        await wait_until(pilot, lambda: copy.trigger_id in app.screen.items)
        assert app.screen.query_one("#table", KeyedTable).cursor_key == copy.trigger_id  # on the copy


async def test_a_duplicate_name_is_refused_by_the_service_and_the_form_keeps_everything(
    app_factory: Callable[..., DataFlowApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        trigger = await open_list_at(pilot, "4", TriggersScreen, lambda t: t.type == "SCHEDULED")
        await keys(pilot, "n")
        form = form_of(app)
        await type_into(pilot, "name", trigger.name)
        await type_into(pilot, "time", "07:45")
        await keys(pilot, "ctrl+s")
        await wait_until(pilot, lambda: writes(app) == ["POST /api/v1/triggers"] and not form.busy)
        assert app.screen is form
        assert "The service refused this" in problem_shown(form, "name")
        assert form.get("name") == trigger.name and form.get("time") == "07:45"
        await type_into(pilot, "name", "another_name")  # fix and resubmit
        await keys(pilot, "ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, TriggerForm))
        assert writes(app) == ["POST /api/v1/triggers", "POST /api/v1/triggers"]


async def test_replace_a_trigger_repoints_its_workflows_then_deletes_the_old_one(
    app_factory: Callable[..., DataFlowApp],
) -> None:
    app = app_factory()
    messages: list[Any] = []
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        client = app.session.client
        workflows = await client.collect_all(client.get_workflows)
        used = {w.trigger_node.id for w in workflows if w.trigger_node is not None}
        old = await open_list_at(pilot, "4", TriggersScreen, lambda t: t.trigger_id in used)
        users = sorted(
            w.workflow_id for w in workflows if w.trigger_node and w.trigger_node.id == old.trigger_id
        )
        await keys(pilot, "e")
        form = form_of(app)
        assert isinstance(form, TriggerForm) and form.form_title == f"Replace trigger {old.name}"
        assert form.get("name") == f"{old.name}_v2"
        await type_into(pilot, "name", f"{old.name}_next")  # a rename: the replace changes something
        await pilot.press("ctrl+s")  # the form's request now waits for the answer below (no settle)
        for _ in range(50):
            if isinstance(app.screen, ConfirmScreen):
                break
            await pilot.pause(0.05)
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        rows = dict(confirm.rows)
        assert all(w.name in rows["Re-pointed"] for w in workflows if w.workflow_id in users)
        await keys(pilot, "y")
        await wait_until(
            pilot, lambda: any(n.message.startswith("Replaced trigger") for n in notes_of(messages))
        )
        triggers = {t.name: t for t in await client.collect_all(client.get_triggers)}
        assert old.name not in triggers and f"{old.name}_next" in triggers
        new_id = triggers[f"{old.name}_next"].trigger_id
        for workflow_id in users:
            workflow = await client.get_workflow_by_id(workflow_id)
            assert workflow.trigger_node is not None and workflow.trigger_node.id == new_id
            assert all(node.valid for node in workflow.nodes)


async def test_replacing_answered_no_at_80x24_shows_the_whole_warning_and_keeps_the_form(
    app_factory: Callable[..., DataFlowApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        client = app.session.client
        workflows = await client.collect_all(client.get_workflows)
        used = {w.trigger_node.id for w in workflows if w.trigger_node is not None}
        old, form = await open_replace_form(pilot, lambda t: t.trigger_id in used)
        await type_into(pilot, "name", f"{old.name}_next")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        warning = app.screen.query_one(".confirm-warning").region  # it wraps inside the box
        lines = screen_text(app).splitlines()[warning.y : warning.bottom]
        shown = " ".join(" ".join(line[warning.x : warning.right] for line in lines).split())
        assert warning.right <= 80
        assert shown == "⚠ Three steps: create, re-point each workflow (updateWorkflow), delete the old one"
        await keys(pilot, "n")
        await wait_until(pilot, lambda: app.screen is form and not form.busy)
        refused = "Not saved: you answered no to replacing the trigger, so nothing was sent."
        assert refused in message_shown(form)
        assert form.get("name") == f"{old.name}_next"
        assert writes(app) == []


async def test_replacing_without_a_change_is_refused_and_sends_nothing(
    app_factory: Callable[..., DataFlowApp],
) -> None:
    """The suggested name and the same schedule: a replace would only delete and re-create."""
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        old, form = await open_replace_form(pilot, lambda t: True)
        await keys(pilot, "ctrl+s")
        await wait_until(pilot, lambda: not form.busy and "nothing was changed" in message_shown(form))
        assert "edit the schedule (or type a new name)" in message_shown(form)
        assert app.screen is form and writes(app) == []
        triggers = await app.session.client.collect_all(app.session.client.get_triggers)
        assert old.trigger_id in {t.trigger_id for t in triggers}


async def test_replacing_under_the_same_name_is_refused_beside_the_name(
    app_factory: Callable[..., DataFlowApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        old, form = await open_replace_form(pilot, lambda t: True)
        await type_into(pilot, "name", old.name)
        assert "names are unique" in await submit_until_refused(pilot, form, "name")
        assert writes(app) == []


# -------------------------------------------------------------------------- workflows


async def test_create_a_workflow_with_a_new_manual_trigger_and_a_job(
    app_factory: Callable[..., DataFlowApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        client = app.session.client
        job = next(j for j in await client.collect_all(client.get_jobs) if script_job(j))
        await keys(pilot, "2")
        await wait_until(pilot, lambda: isinstance(app.screen, WorkflowsScreen) and bool(app.screen.items))
        await keys(pilot, "n")
        await wait_until(pilot, lambda: isinstance(app.screen, WorkflowForm))
        form = form_of(app)
        assert form.form_title == "New workflow"
        await type_into(pilot, "name", "adhoc_flow")
        form.widget("trigger").focus()
        await keys(pilot, "enter")  # open the list
        await pilot.press(*"new")  # type-ahead
        await keys(pilot, "enter")
        assert form.get("trigger") == "+manual"
        form.widget("jobs").focus()
        await keys(pilot, "a")
        await pilot.press(*[c if c != "_" else "underscore" for c in job.name])
        await keys(pilot, "enter")
        await wait_until(pilot, lambda: job.name in screen_text(app))
        await keys(pilot, "ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, WorkflowForm))
        assert writes(app) == ["POST /api/v1/triggers", "POST /api/v1/workflows"]
        created = [w for w in await client.collect_all(client.get_workflows) if w.name == "adhoc_flow"]
        assert len(created) == 1
        full = await client.get_workflow_by_id(created[0].workflow_id)
        assert full.trigger_node is not None and full.trigger_node.name == "adhoc_flow_manual"
        (node,) = full.job_nodes
        assert node.id == job.job_id and node.parent_node_ids == [full.trigger_node.id]
        assert node.job_condition is not None and node.job_condition.nrn  # complete settings were sent


async def test_a_workflow_with_only_a_name_saves_as_a_draft(app_factory: Callable[..., DataFlowApp]) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "2", "n")
        await wait_until(pilot, lambda: isinstance(app.screen, WorkflowForm))
        await type_into(pilot, "name", "someday_flow")
        assert "saved as a draft" in screen_text(app)
        await keys(pilot, "ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, WorkflowForm))
        client = app.session.client
        (created,) = [w for w in await client.collect_all(client.get_workflows) if w.name == "someday_flow"]
        assert created.is_temp


async def test_workflow_form_rejects_a_cycle_before_sending(app_factory: Callable[..., DataFlowApp]) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        client = app.session.client
        workflows = await client.collect_all(client.get_workflows)
        target = next(w for w in workflows if len(w.job_nodes) >= 2 and not w.is_temp)
        await open_list_at(pilot, "2", WorkflowsScreen, lambda w: w.workflow_id == target.workflow_id)
        await keys(pilot, "e")
        await wait_until(pilot, lambda: isinstance(app.screen, WorkflowForm))
        form = form_of(app)
        assert isinstance(form, WorkflowForm)
        first, second = form.graph.jobs[0], form.graph.jobs[1]
        # make the first job run after the second while the second runs after the first
        form.graph = form.graph.set_parents(second.job_id, (first.job_id,))
        form.graph = form.graph.set_parents(first.job_id, (second.job_id,))
        await keys(pilot, "ctrl+s")
        assert "cycle" in problem_shown(form, "jobs")
        assert writes(app) == [] and app.screen is form


# ----------------------------------------------------------------------- edit as JSON


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """An $EDITOR that replaces the file with the given text (what a person would type and save)."""

    def use(text: str) -> None:
        replacement = tmp_path / "replacement.json"
        replacement.write_text(text, encoding="utf-8")
        script = tmp_path / "fake-editor"
        script.write_text(
            f"#!{sys.executable}\nimport shutil, sys\nshutil.copy({str(replacement)!r}, sys.argv[1])\n"
        )
        script.chmod(script.stat().st_mode | stat.S_IEXEC)
        monkeypatch.setenv("VISUAL", str(script))

    return use


async def test_ctrl_o_edits_the_request_as_json_and_the_form_reloads(
    app_factory: Callable[..., DataFlowApp], editor: Callable[[str], None]
) -> None:
    body = {
        "name": "from_json",
        "type": "SCHEDULED",
        "triggerRule": {"type": "RECURRING", "interval": "WEEK", "time": "06:15", "dayOfWeek": ["TUESDAY"]},
    }
    editor(json.dumps(body))
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "4", "n")
        form = form_of(app)
        await keys(pilot, "ctrl+o")
        assert form.get("name") == "from_json" and form.get("interval") == "WEEK"
        assert form.get("days") == ("TUESDAY",) and form.get("time") == "06:15"
        assert "Tue at 06:15" in screen_text(app)
        await keys(pilot, "ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, TriggerForm))
        (created,) = [
            t
            for t in await app.session.client.collect_all(app.session.client.get_triggers)
            if t.name == "from_json"
        ]
        assert created.trigger_rule.to_json() == body["triggerRule"]


async def test_bad_json_is_reported_with_its_place_and_kept(
    app_factory: Callable[..., DataFlowApp], editor: Callable[[str], None]
) -> None:
    editor('{"name": "x",\n  "type": }')
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "4", "n")
        form = form_of(app)
        await type_into(pilot, "name", "kept_name")
        await keys(pilot, "ctrl+o")
        assert message_shown(form).startswith("JSON line 2, column")
        assert form.kept_json is not None and '"type": }' in form.kept_json
        assert form.get("name") == "kept_name"  # the form is untouched
        editor('{"name": "x", "type": "SOMETIMES"}')
        await keys(pilot, "ctrl+o")
        assert message_shown(form).startswith("type: one of SCHEDULED")
        assert writes(app) == []


# ------------------------------------------------------------------- lost answers


class LosingLink(httpx.AsyncHTTPTransport):
    """Real HTTP; ``lose_next_post`` lets the next POST reach the server and then drops its answer."""

    def __init__(self) -> None:
        super().__init__()
        self.lose_next_post = False
        self.refuse_next_post = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and self.refuse_next_post:
            self.refuse_next_post = False
            raise httpx.ConnectError("link down before sending", request=request)
        response = await super().handle_async_request(request)
        if request.method == "POST" and self.lose_next_post:
            self.lose_next_post = False
            await response.aread()
            raise httpx.ReadError("connection dropped before the answer arrived", request=request)
        return response


async def test_a_create_whose_answer_was_lost_is_looked_up_not_resent(emulator: EmulatorServer) -> None:
    link = LosingLink()
    app = make_app(emulator, client=make_client(emulator, transport=link))
    messages: list[Any] = []
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await keys(pilot, "4", "n")
        await type_into(pilot, "name", "lost_answer")
        link.lose_next_post = True
        await keys(pilot, "ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, TriggerForm))
        assert writes(app) == ["POST /api/v1/triggers"]  # sent once, never again
        assert any(n.message.startswith("Created trigger lost_answer") for n in notes_of(messages))
        triggers = await app.session.client.collect_all(app.session.client.get_triggers)
        assert [t.name for t in triggers].count("lost_answer") == 1


async def test_a_create_that_never_arrived_says_so_and_can_be_sent_again(emulator: EmulatorServer) -> None:
    link = LosingLink()
    app = make_app(emulator, client=make_client(emulator, transport=link))
    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "4", "n")
        form = form_of(app)
        await type_into(pilot, "name", "never_arrived")
        link.refuse_next_post = True
        await keys(pilot, "ctrl+s")
        await wait_until(pilot, lambda: not form.busy)
        assert app.screen is form and "nothing was created" in message_shown(form)
        assert form.get("name") == "never_arrived"
        await keys(pilot, "ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, TriggerForm))
        triggers = await app.session.client.collect_all(app.session.client.get_triggers)
        assert [t.name for t in triggers].count("never_arrived") == 1


async def test_a_refused_run_shows_every_bad_line_on_screen_and_the_banner_follows_the_fix(
    app_factory: Callable[..., DataFlowApp],
) -> None:
    """At 80x24 the parameters are below the form's fold: ctrl+s scrolls their problems into
    view, names each bad line, and the banner goes once they are fixed."""
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_list_at(pilot, "3", JobsScreen, script_job)
        await keys(pilot, "x")
        form = form_of(app)
        form.widget("parameters").focus()
        await pilot.press(*"oops", "enter", "equals_sign", "x", "enter")
        await keys(pilot, "ctrl+s")
        await settle(pilot)
        text = screen_text(app)
        assert "Fix 1 field to run (nothing was sent)" in text
        assert "Parameters, line 1: write key=value" in text, text
        assert "Parameters, line 2: write key=value" in text, text
        assert writes(app) == []
        form.widget("parameters").clear()  # type: ignore[attr-defined]
        await settle(pilot)
        await pilot.press(*"a", "equals_sign", "b")
        await settle(pilot)
        assert message_shown(form) == ""
        assert "write key=value" not in screen_text(app)
