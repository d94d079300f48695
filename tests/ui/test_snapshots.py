"""SVG snapshots of every list screen and detail view (120x40, frozen emulator clock).

Regenerate with ``pytest tests/ui/test_snapshots.py --snapshot-update`` after an
intended visual change, look at the report, and commit ``__snapshots__``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from dftui.emulator import EmulatorServer
from tests.ui.conftest import SIZE, CuttableLink, keys, make_app, make_client, settle

VIEWS: dict[str, tuple[str, ...]] = {
    "dashboard": (),
    "workflows": ("2",),
    "workflow_detail": ("2", "enter"),
    "jobs": ("3",),
    "jobs_filtered": ("3", "slash", *"refunds", "enter"),
    "job_detail": ("3", "enter"),
    "job_detail_visual": ("3", "down", "enter"),
    "execution_detail": ("3", "enter", "enter"),
    "triggers": ("4",),
    "trigger_detail": ("4", "enter"),
    "help": ("3", "question_mark"),
    "json": ("3", "J"),
    "confirm_run_job": ("3", "x"),
    "confirm_run_draft_job": ("3", "slash", *"wip", "enter", "x"),
    "runs": ("5",),
    "runs_filtered": ("5", "slash", *"status:failed", "enter"),
    "triage": ("5", "slash", *"status:failed", "enter", "t"),
}

#: the screens that must stay legible on the smallest supported terminal
SMALL = (80, 24)
SMALL_VIEWS: dict[str, tuple[str, ...]] = {"dashboard": (), "runs": ("5",)}


def run_keys(names: tuple[str, ...]) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await keys(pilot, *names)
        await settle(pilot)

    return run_before


async def _break_and_refresh(pilot: Pilot[Any]) -> None:
    """Point the app at a closed port and refresh: the last rows stay, marked stale."""

    app = pilot.app
    await settle(pilot)
    await keys(pilot, "3")
    app._test_link.cut = True  # type: ignore[attr-defined]
    await keys(pilot, "r")


def test_stale_jobs_snapshot(emulator: EmulatorServer, snap_compare: Any) -> None:
    link = CuttableLink()
    app = make_app(emulator, client=make_client(emulator, transport=link))
    app._test_link = link  # type: ignore[attr-defined]
    assert snap_compare(app, terminal_size=SIZE, run_before=_break_and_refresh)


@pytest.mark.parametrize("view", list(VIEWS))
def test_view_snapshot(view: str, emulator: EmulatorServer, snap_compare: Any) -> None:
    app = make_app(emulator)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_keys(VIEWS[view]))


@pytest.mark.parametrize("view", list(SMALL_VIEWS))
def test_small_terminal_snapshot(view: str, emulator: EmulatorServer, snap_compare: Any) -> None:
    app = make_app(emulator)
    assert snap_compare(app, terminal_size=SMALL, run_before=run_keys(SMALL_VIEWS[view]))


async def _watch_a_running_job(pilot: Pilot[Any]) -> None:
    from dftui.ui.screens.jobs import JobsScreen

    await settle(pilot)
    await keys(pilot, "3")
    screen = pilot.app.screen
    assert isinstance(screen, JobsScreen)
    key = next(k for k, job in sorted(screen.items.items()) if job.last_execution_status == "RUNNING")
    screen.table.move_cursor(row=screen.table.get_row_index(key))
    await keys(pilot, "w", "W")
    pilot.app.clear_notifications()
    await settle(pilot)


def test_watching_snapshot(emulator: EmulatorServer, snap_compare: Any) -> None:
    assert snap_compare(make_app(emulator), terminal_size=SIZE, run_before=_watch_a_running_job)
