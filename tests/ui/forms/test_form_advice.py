"""Advice beside a field: what the service will probably refuse, said while typing, never blocking.

The API lets a job be saved without a role, a script path or a log path, and whether names must be
unique is an open question (docs/api-contract.md), so these are warnings, not refusals: the user
sees them before sending, can send anyway, and a refusal that follows names the likely reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dftui.emulator import EmulatorServer
from dftui.ui.app import DataFlowApp
from dftui.ui.dialogs.job_form import JobForm
from dftui.ui.dialogs.run_settings_form import RunSettingsForm
from dftui.ui.dialogs.trigger_form import TriggerForm
from dftui.ui.dialogs.workflow_form import WorkflowForm
from dftui.ui.screens.jobs import JobsScreen
from dftui.ui.screens.triggers import TriggersScreen
from dftui.ui.screens.workflows import WorkflowsScreen
from tests.ui.conftest import SIZE, keys, make_client
from tests.ui.forms.helpers import (
    advice_shown,
    form_of,
    open_list_at,
    problem_shown,
    submit_until_refused,
    type_into,
    wait_until,
    writes,
)
from tests.ui.pages import screen_text

ROLE = "nrn:PUB:IAM::2706412:Role/8d3f5a10-0496-11f0-baf6-246e96591a38"


async def open_new_job_form(pilot: Any) -> JobForm:
    await keys(pilot, "3", "n")
    form = form_of(pilot.app)
    assert isinstance(form, JobForm)
    return form


async def test_a_new_script_job_is_told_what_a_run_needs_and_can_still_be_saved(
    app_factory: Callable[..., DataFlowApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        form = await open_new_job_form(pilot)
        await type_into(pilot, "name", "needs_a_role")
        form.widget("type").focus()
        await keys(pilot, "enter", "down", "enter")  # open the list, Script
        assert form.get("type") == "SCRIPT"
        needs = "A run needs Role NRN, Script path and Log path: without them the service may refuse"
        assert needs in advice_shown(form, "nrn")
        assert advice_shown(form, "script_path") == advice_shown(form, "log_path") == ""  # said once
        assert needs in " ".join(screen_text(app).split())  # on screen, not only in a label
        await type_into(pilot, "nrn", "arn:aws:iam::1:role/etl")
        assert "Not the NRN of an IAM role" in advice_shown(form, "nrn")
        assert "A run needs Script path and Log path: without them" in advice_shown(form, "script_path")
        await type_into(pilot, "nrn", ROLE)
        assert advice_shown(form, "nrn") == ""
        await type_into(pilot, "log_path", "bucket/logs/")
        assert "A run needs Script path: without it" in advice_shown(form, "script_path")
        await type_into(pilot, "script_path", "s3://bucket/scripts/")
        assert "without a scheme" in advice_shown(form, "script_path")
        assert problem_shown(form, "script_path") == ""  # advice, not a problem
        await keys(pilot, "ctrl+s")  # sent anyway: the API accepts it
        await wait_until(pilot, lambda: not isinstance(app.screen, JobForm))
    assert writes(app) == ["POST /api/v1/jobs"]


async def test_a_visual_job_without_nodes_is_told_it_stays_a_draft(
    app_factory: Callable[..., DataFlowApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        form = await open_new_job_form(pilot)
        assert "kept as a DRAFT, which cannot run until it has a graph" in advice_shown(form, "nodes")


async def test_a_name_in_use_is_advised_against_and_named_when_refused(
    app_factory: Callable[..., DataFlowApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        taken = await open_list_at(pilot, "3", JobsScreen, lambda job: True)
        await keys(pilot, "n")
        form = form_of(app)
        await type_into(pilot, "name", taken.name)
        advice = f"A job named {taken.name} already exists: the service may refuse a second one"
        assert advice in advice_shown(form, "name")
        refused = await submit_until_refused(pilot, form, "name")
        assert "The service refused this" in refused and f"Probably why: {advice}" in refused
        assert app.screen is form and form.get("name") == taken.name
        await type_into(pilot, "name", f"{taken.name}_2")
        assert advice_shown(form, "name") == "" and problem_shown(form, "name") == ""


async def test_editing_a_job_does_not_count_its_own_name_as_taken(
    app_factory: Callable[..., DataFlowApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_list_at(pilot, "3", JobsScreen, lambda job: job.status == "READY")
        await keys(pilot, "e")
        await wait_until(pilot, lambda: isinstance(app.screen, JobForm))
        assert advice_shown(form_of(app), "name") == ""


async def test_duplicates_are_offered_a_name_nobody_has(
    emulator: EmulatorServer, app_factory: Callable[..., DataFlowApp]
) -> None:
    client = make_client(emulator)
    jobs = await client.collect_all(client.get_jobs)
    original = next(job for job in jobs if job.status == "READY")
    full = await client.get_job_by_id(original.job_id)
    await client.create_job({**full.raw, "name": f"{original.name}_copy"})
    await client.aclose()
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_list_at(pilot, "3", JobsScreen, lambda job: job.job_id == original.job_id)
        await keys(pilot, "D")
        await wait_until(pilot, lambda: isinstance(app.screen, JobForm))
        form = form_of(app)
        assert form.get("name") == f"{original.name}_copy2"
        assert advice_shown(form, "name") == ""
        await keys(pilot, "escape")
        await open_list_at(pilot, "2", WorkflowsScreen, lambda workflow: True)
        await keys(pilot, "D")
        await wait_until(pilot, lambda: isinstance(app.screen, WorkflowForm))
        assert form_of(app).get("name").endswith("_copy")
        await keys(pilot, "escape")
        trigger = await open_list_at(pilot, "4", TriggersScreen, lambda t: True)
        await keys(pilot, "D")
        await wait_until(pilot, lambda: isinstance(app.screen, TriggerForm))
        assert form_of(app).get("name") == f"{trigger.name}_copy"


async def test_a_run_without_a_role_is_warned_and_the_refusal_says_why(
    emulator: EmulatorServer, app_factory: Callable[..., DataFlowApp]
) -> None:
    client = make_client(emulator)
    job = await client.create_job(
        {
            "name": "roleless_job",
            "type": "SCRIPT",
            "maxConcurrentRuns": 1,
            "jobCondition": {"scriptPath": "bucket/scripts/", "logPath": "bucket/logs/"},
        }
    )
    await client.aclose()
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_list_at(pilot, "3", JobsScreen, lambda item: item.job_id == job.job_id)
        await keys(pilot, "x")
        await wait_until(pilot, lambda: isinstance(app.screen, RunSettingsForm))
        form = form_of(app)
        assert "A run needs Role NRN: without it the service may refuse" in advice_shown(form, "nrn")
        assert advice_shown(form, "script_path") == "" and advice_shown(form, "log_path") == ""
        refused = await submit_until_refused(pilot, form, "nrn")
        assert "The service refused this" in refused
        assert "Probably why: A run needs Role NRN: without it" in refused
        assert app.screen is form
