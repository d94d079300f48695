"""Page objects: what a user sees and the steps they repeat, so tests read as the user acts."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from rich.console import Console
from textual.app import App
from textual.pilot import Pilot

from dftui.api.models import Execution, JobListItem
from dftui.ui.widgets.keyed_table import KeyedTable
from tests.ui.conftest import keys, settle


def screen_text(app: App[Any]) -> str:
    """The screen as plain text, the way ``save_screenshot`` sees it (modals over their screen)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True, legacy_windows=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


async def wait_until(
    pilot: Pilot[Any], condition: Callable[[], bool], rounds: int = 40, why: Callable[[], str] | None = None
) -> None:
    """Settle until ``condition`` holds; ``why`` says what the screen shows if it never does."""
    for _ in range(rounds):
        if condition():
            return
        await settle(pilot)
    assert condition(), why() if why is not None else "the condition never held"


async def move_cursor_to(pilot: Pilot[Any], selector: str, key: str) -> None:
    """Press up or down until the cursor of ``selector`` is on row ``key`` (as a user would)."""
    table = pilot.app.screen.query_one(selector, KeyedTable)
    table.focus()
    await settle(pilot)
    for _ in range(5):  # rows may move while the keys go in (a live refresh): look again
        if table.cursor_key == key:
            return
        if key not in table.rows:
            break
        distance = table.get_row_index(key) - table.cursor_row
        await pilot.press(*["down" if distance > 0 else "up"] * abs(distance))
        await settle(pilot)
    raise AssertionError(f"row {key!r} not reachable in {selector}")


async def open_job(pilot: Pilot[Any], choose: Callable[[JobListItem], bool]) -> JobListItem:
    """Open the jobs list, put the cursor on the first job ``choose`` accepts, press enter."""
    await keys(pilot, "3")
    screen: Any = pilot.app.screen
    job = next(item for item in screen.items.values() if choose(item))
    await move_cursor_to(pilot, "#table", job.job_id)
    await keys(pilot, "enter")
    return job


async def select_execution(pilot: Pilot[Any], choose: Callable[[Execution], bool]) -> Execution:
    """On a job or workflow view, put the cursor on the first execution ``choose`` accepts."""
    table: Any = pilot.app.screen.query_one("#executions")
    execution = next(e for e in table.executions.values() if choose(e))
    await move_cursor_to(pilot, "#executions", execution.job_execution_id)
    return execution
