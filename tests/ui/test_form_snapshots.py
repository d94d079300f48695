"""SVG snapshots of the forms: each form empty, filled and with errors at 120x40, and the trigger and
job forms at 80x24 too (frozen emulator clock, seeded demo data).

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
# (to come: empty, filled, with errors at 120x40, and at 80x24)

# ----------------------------------------------------------------------------- workflow form
# (to come: empty, filled, with errors at 120x40)
