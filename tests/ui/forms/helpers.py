"""Shared steps for the form tests: what a user types, and what the emulator then holds."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Label

from dftui.ui.app import DataFlowApp
from dftui.ui.dialogs.form import FieldRow, FormScreen
from dftui.ui.resources import resource_id
from tests.ui.conftest import keys, settle
from tests.ui.pages import move_cursor_to, wait_until


def writes(app: DataFlowApp) -> list[str]:
    """Every non-GET request the client made (or refused) so far."""
    return [f"{r.method} {r.path}" for r in app.session.requests if r.method != "GET"]


async def open_list_at(pilot: Any, key: str, screen_type: type, choose: Callable[[Any], bool]) -> Any:
    """Press the list's key, wait for its rows, put the cursor on the first item ``choose`` likes."""
    await keys(pilot, key)
    screen = pilot.app.screen
    assert isinstance(screen, screen_type)
    await wait_until(pilot, lambda: bool(screen.items))
    item = next(item for _key, item in sorted(screen.items.items()) if choose(item))
    await move_cursor_to(pilot, "#table", resource_id(item))
    return item


async def open_replace_form(pilot: Any, choose: Callable[[Any], bool]) -> tuple[Any, FormScreen[Any, Any]]:
    """The Triggers list, the cursor on a trigger ``choose`` likes, ``e``: its replace form."""
    from dftui.ui.screens.triggers import TriggersScreen

    old = await open_list_at(pilot, "4", TriggersScreen, choose)
    await keys(pilot, "e")
    return old, form_of(pilot.app)


async def submit_until_refused(pilot: Any, form: FormScreen[Any, Any], key: str) -> str:
    """Submit with ctrl+s and wait for the answer to put a problem beside field ``key``."""
    await keys(pilot, "ctrl+s")
    await wait_until(pilot, lambda: not form.busy and bool(problem_shown(form, key)))
    return problem_shown(form, key)


def form_of(app: DataFlowApp) -> FormScreen[Any, Any]:
    screen = app.screen
    assert isinstance(screen, FormScreen), f"expected a form, got {type(screen).__name__}"
    return screen


def problem_shown(form: FormScreen[Any, Any], key: str) -> str:
    """The text beside field ``key`` (empty when it shows no problem)."""
    row = form.query_one(f"#row-{key}", FieldRow)
    if not row.has_class("-invalid"):
        return ""
    return str(row.query_one(".field-error", Label).render())


def message_shown(form: FormScreen[Any, Any]) -> str:
    return str(form.query_one("#form-message", Label).render())


async def type_into(pilot: Pilot[Any], key: str, text: str, *, clear: bool = True) -> None:
    """Focus field ``key`` as a user would (click) and type ``text`` into it."""
    form = form_of(pilot.app)  # type: ignore[arg-type]
    widget = form.widget(key)
    widget.focus()
    await settle(pilot)
    if clear and isinstance(widget, Input):
        await pilot.press("end", "ctrl+u")  # delete everything left of the cursor
    await pilot.press(*[_key(ch) for ch in text])
    await settle(pilot)


_NAMED = {
    " ": "space",
    "_": "underscore",
    "-": "minus",
    ":": "colon",
    "=": "equals_sign",
    ".": "full_stop",
    "/": "slash",
}


def _key(ch: str) -> str:
    return _NAMED.get(ch, ch)


def advice_shown(form: FormScreen[Any, Any], key: str) -> str:
    """The warning beside field ``key`` that does not stop a submit (empty when none is shown)."""
    row = form.query_one(f"#row-{key}", FieldRow)
    if not row.has_class("-advised"):
        return ""
    return str(row.query_one(".field-advice", Label).render())
