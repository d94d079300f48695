"""SVG snapshots of the forms: each form empty, filled and with errors at 120x40, and the trigger and
job forms at 80x24 too (frozen emulator clock, seeded demo data); the typed-name delete dialog too.

One section per form; each section says how its form is opened and lists its cases. Regenerate with
``pytest tests/ui/test_form_snapshots.py --snapshot-update`` after an intended visual change, and
look at the SVGs before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from dftui.emulator import EmulatorServer
from dftui.ui.drafts.job import JobDraft
from tests.ui.conftest import SIZE, keys, make_app, settle
from tests.ui.forms.helpers import type_into
from tests.ui.pages import move_cursor_to, screen_text
from tests.ui.test_job_draft import GRAPH, source, target
from tests.ui.test_job_form import focus_field, open_job_form

SMALL = (80, 24)
RunBefore = Callable[[Pilot[Any]], Awaitable[None]]

# ---------------------------------------------------------------------------------- job form
#
# Opened as n / e / D will open it (tests.ui.test_job_form.open_job_form). "filled" is the first
# READY visual job of the demo account, opened for editing.


async def _first_visual_job(pilot: Pilot[Any]) -> JobDraft:
    client = pilot.app.session.client  # type: ignore[attr-defined]
    page = await client.get_jobs()
    item = next(item for item in page.items if item.type == "VISUAL" and item.status == "READY")
    job = await client.get_job_by_id(item.job_id)
    return JobDraft.from_job(job.raw)


def _job_form(case: str) -> RunBefore:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        client = pilot.app.session.client  # type: ignore[attr-defined]
        if case == "empty":
            await open_job_form(pilot, client, JobDraft.new(), "New job")
        elif case == "filled":
            draft = await _first_visual_job(pilot)
            await open_job_form(pilot, client, draft, f"Edit job {draft.name}")
        elif case == "node":  # the filter of source -> filter -> target
            await open_job_form(pilot, client, JobDraft(name="orders_daily", nodes=GRAPH), "New job")
            await focus_field(pilot, "nodes")
            await keys(pilot, "down", "enter")
        elif case == "errors":
            orphan = {**target(3, []), "bucketName": ""}
            draft = JobDraft(name="1st job", max_concurrent_runs="0", nodes=(source(1), orphan))
            await open_job_form(
                pilot,
                client,
                draft.with_values(settings=draft.settings.with_values(num_worker="11")),
                "New job",
            )
            await keys(pilot, "ctrl+s")
        elif case == "picker":
            await open_job_form(pilot, client, JobDraft.new(), "New job")
            await focus_field(pilot, "nodes")
            await keys(pilot, "a", *"ob")
        await settle(pilot)

    return run_before


JOB_FORM_CASES = {
    "job_form_empty": (SIZE, "empty"),
    "job_form_filled": (SIZE, "filled"),
    "job_form_errors": (SIZE, "errors"),
    "job_form_node": (SIZE, "node"),
    "job_form_add_node": (SIZE, "picker"),
    "job_form_filled_80x24": (SMALL, "filled"),
}


@pytest.mark.parametrize("name", list(JOB_FORM_CASES))
def test_job_form_snapshot(name: str, emulator: EmulatorServer, snap_compare: Any) -> None:
    size, case = JOB_FORM_CASES[name]
    assert snap_compare(make_app(emulator), terminal_size=size, run_before=_job_form(case))


# ------------------------------------------------------------------------------ trigger form
#
# n on the triggers list (4). "filled" is what the example asks for: every Mon and Thu at
# 09:30, chosen with the keys a user presses, so the live preview line shows its next firing.


async def _filled_trigger(pilot: Pilot[Any]) -> None:
    await type_into(pilot, "name", "ops_report_monthu")
    await focus_field(pilot, "interval")
    await keys(pilot, "enter", "down", "enter")  # Every day -> Every week
    await focus_field(pilot, "days")
    await keys(pilot, "down", "down", "down", "space")  # Monday (the default) and Thursday
    await type_into(pilot, "time", "09:30")


def _trigger_form(case: str) -> RunBefore:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await keys(pilot, "4", "n")
        if case == "filled":
            await _filled_trigger(pilot)
        elif case == "errors":
            await type_into(pilot, "name", "9lives")
            await type_into(pilot, "time", "25:00")
            await keys(pilot, "ctrl+s")
        await settle(pilot)

    return run_before


TRIGGER_FORM_CASES = {
    "trigger_form_empty": (SIZE, "empty"),
    "trigger_form_filled": (SIZE, "filled"),
    "trigger_form_errors": (SIZE, "errors"),
    "trigger_form_filled_80x24": (SMALL, "filled"),
}


@pytest.mark.parametrize("name", list(TRIGGER_FORM_CASES))
def test_trigger_form_snapshot(name: str, emulator: EmulatorServer, snap_compare: Any) -> None:
    size, case = TRIGGER_FORM_CASES[name]
    assert snap_compare(make_app(emulator), terminal_size=size, run_before=_trigger_form(case))


# ----------------------------------------------------------------------------- workflow form
#
# n / e on the workflows list (2). "filled" is inventory_nightly_mart (four jobs) opened with e;
# "errors" is a new workflow with a bad name and a job but no start trigger, submitted.


async def _cursor_on(pilot: Pilot[Any], key: str, name: str) -> None:
    """Open list ``key`` and put the cursor on the item called ``name``."""
    await keys(pilot, key)
    screen: Any = pilot.app.screen
    item_key = next(k for k, item in screen.items.items() if item.name == name)
    await move_cursor_to(pilot, "#table", item_key)


def _workflow_form(case: str) -> RunBefore:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        if case == "filled":
            await _cursor_on(pilot, "2", "inventory_nightly_mart")
            await keys(pilot, "e")
        else:
            await keys(pilot, "2", "n")
        if case == "errors":
            await type_into(pilot, "name", "2nd flow")
            await focus_field(pilot, "jobs")
            await keys(pilot, "a", *"refunds", "enter")
            for _ in range(50):  # the job's saved settings are read in the background, then drawn
                if "workers " in screen_text(pilot.app):
                    break
                await pilot.pause(0.1)
            await keys(pilot, "ctrl+s")
        await settle(pilot)

    return run_before


WORKFLOW_FORM_CASES = {
    "workflow_form_empty": "empty",
    "workflow_form_filled": "filled",
    "workflow_form_errors": "errors",
}


@pytest.mark.parametrize("name", list(WORKFLOW_FORM_CASES))
def test_workflow_form_snapshot(name: str, emulator: EmulatorServer, snap_compare: Any) -> None:
    run_before = _workflow_form(WORKFLOW_FORM_CASES[name])
    assert snap_compare(make_app(emulator), terminal_size=SIZE, run_before=run_before)


# ------------------------------------------------------------------- run settings: x and E
#
# x (this run only) and E (the saved settings) on the SCRIPT job users_reconcile. "empty" is the
# form as it opens, prefilled from the saved settings (there is nothing blank about it); "filled"
# has this run's changes typed; "errors" has out-of-range numbers and a bad parameter line, sent.


def _settings_form(opener: str, case: str) -> RunBefore:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await _cursor_on(pilot, "3", "users_reconcile")
        await keys(pilot, opener)
        if case == "filled":
            await type_into(pilot, "num_worker", "6")
            await type_into(pilot, "timeout", "90")
            await focus_field(pilot, "parameters")
            await pilot.press(*"run", "underscore", *"mode", "equals_sign", *"backfill", "enter")
        elif case == "errors":
            await type_into(pilot, "num_worker", "11")
            await type_into(pilot, "timeout", "0")
            await focus_field(pilot, "parameters")
            await pilot.press(*"backfill", "enter")
            await keys(pilot, "ctrl+s")
        await settle(pilot)

    return run_before


SETTINGS_FORM_CASES = {
    "run_form": ("x", "empty"),
    "run_form_filled": ("x", "filled"),
    "run_form_errors": ("x", "errors"),
    "saved_settings_form": ("E", "empty"),
    "saved_settings_form_filled": ("E", "filled"),
    "saved_settings_form_errors": ("E", "errors"),
}


@pytest.mark.parametrize("name", list(SETTINGS_FORM_CASES))
def test_run_settings_form_snapshot(name: str, emulator: EmulatorServer, snap_compare: Any) -> None:
    run_before = _settings_form(*SETTINGS_FORM_CASES[name])
    assert snap_compare(make_app(emulator), terminal_size=SIZE, run_before=run_before)


# --------------------------------------------------------------------------- delete confirm
#
# d on the job inventory_clean, which workflows use (the dialog says so first). "filled" has the
# exact name typed (Delete enabled); "errors" has one letter missing and enter pressed.

DELETE_JOB = "inventory_clean"


def _delete_confirm(case: str) -> RunBefore:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await _cursor_on(pilot, "3", DELETE_JOB)
        await keys(pilot, "d")
        typed = {"filled": DELETE_JOB, "errors": DELETE_JOB[:-1]}.get(case, "")
        await pilot.press(*[ch if ch != "_" else "underscore" for ch in typed])
        if case == "errors":
            await pilot.press("enter")
        await settle(pilot)

    return run_before


DELETE_CASES = {
    "delete_confirm_empty": "empty",
    "delete_confirm_filled": "filled",
    "delete_confirm_errors": "errors",
}


@pytest.mark.parametrize("name", list(DELETE_CASES))
def test_delete_confirm_snapshot(name: str, emulator: EmulatorServer, snap_compare: Any) -> None:
    run_before = _delete_confirm(DELETE_CASES[name])
    assert snap_compare(make_app(emulator), terminal_size=SIZE, run_before=run_before)
