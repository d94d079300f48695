"""Every screen and dialog, walked over an account full of hostile text (tests/ui/payloads.py).

After every step: the app still runs, the payload is on screen literally (its markup as typed,
its control characters as visible escapes), and at the end nothing in what Textual wrote to the
terminal is an escape sequence Textual does not emit itself: no ``ESC[2J``, no OSC 52 with the
payload's clipboard text, no OSC 8 link, no C1 control or bidi override.

The walk is a list of :class:`Step` s (:data:`WALK`). To cover a new screen or dialog, add steps
where the user would reach it, for example a form::

    Step("job edit form", press("e"), shows=VISIBLE),
    Step("form closed", press("escape")),

``shows`` lists text that must then be visible; ``press`` and ``cursor_to`` build the actions,
and any ``async (Walk) -> None`` will do.
"""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from textual.pilot import Pilot

from dftui.emulator import EmulatorServer
from dftui.ui.app import DataFlowApp
from tests.ui.conftest import SIZE, keys, make_app, settle
from tests.ui.pages import move_cursor_to, screen_text
from tests.ui.payloads import OSC52_SECRET, VISIBLE, VISIBLE_NAME, PlantedAccount, plant
from tests.ui.terminal_tap import OSC52, foreign_sequences, tap


@dataclass
class Walk:
    app: DataFlowApp
    pilot: Pilot[Any]
    planted: PlantedAccount


Action = Callable[[Walk], Awaitable[None]]


@dataclass(frozen=True)
class Step:
    name: str
    do: Action
    shows: tuple[str, ...] = ()


def press(*names: str) -> Action:
    async def act(walk: Walk) -> None:
        await keys(walk.pilot, *names)

    return act


def cursor_to(selector: str, key: Callable[[PlantedAccount], str]) -> Action:
    async def act(walk: Walk) -> None:
        await move_cursor_to(walk.pilot, selector, key(walk.planted))

    return act


def typed(text: str) -> Action:
    async def act(walk: Walk) -> None:
        await walk.pilot.press(*text)
        await settle(walk.pilot)

    return act


WALK: list[Step] = [
    Step("dashboard", press("1")),
    Step("jobs list", press("3"), shows=VISIBLE_NAME),
    Step("payload job selected", cursor_to("#table", lambda p: p.job_id)),
    Step("job detail", press("enter"), shows=(*VISIBLE, *VISIBLE_NAME)),
    Step("job JSON", press("J"), shows=("oops[/]", "\\u001b[2J")),
    Step("job JSON closed", press("escape")),
    Step("payload execution selected", cursor_to("#executions", lambda p: p.execution_id)),
    Step("execution JSON", press("J"), shows=("oops[/]",)),
    Step("execution JSON closed", press("escape")),
    Step("execution detail", press("enter"), shows=(*VISIBLE, *VISIBLE_NAME)),
    Step("execution watched", press("w")),
    Step("watching", press("W"), shows=VISIBLE_NAME),
    Step("watching closed", press("escape", "escape", "escape")),
    Step("workflows list", press("2"), shows=VISIBLE_NAME),
    Step("payload workflow selected", cursor_to("#table", lambda p: p.workflow_id)),
    Step("workflow detail", press("enter"), shows=VISIBLE_NAME),
    Step("workflow JSON", press("J"), shows=('"broken[/] [@click=app.quit]Q \\u001b[2J\\u202e"',)),
    Step("workflow JSON closed", press("escape", "escape")),
    Step("triggers list", press("4"), shows=VISIBLE_NAME),
    Step("payload trigger selected", cursor_to("#table", lambda p: p.trigger_id)),
    Step("trigger detail", press("enter"), shows=VISIBLE_NAME),
    Step("trigger JSON", press("J"), shows=("broken[/]",)),
    Step("trigger JSON closed", press("escape", "escape")),
    Step("runs", press("5"), shows=VISIBLE_NAME),
    Step("runs filter open", press("slash")),
    Step("runs filtered", typed("job:broken"), shows=VISIBLE_NAME),
    Step("runs filter applied", press("enter")),
    Step("runs payload execution selected", cursor_to("#table", lambda p: p.execution_id)),
    Step("runs execution JSON", press("J"), shows=("oops[/]",)),
    Step("runs execution JSON closed", press("escape")),
    Step("runs filter cleared", press("escape", "escape")),
    Step("dashboard with the payload", press("1")),  # its cards hold the payload run, below the fold
    Step("help", press("question_mark")),
    Step("help closed", press("escape")),
    Step("request log", press("L")),
    Step("request log closed", press("escape")),
    Step("palette", press("ctrl+p")),
    Step("palette search", typed("broken"), shows=VISIBLE_NAME),
    Step("palette closed", press("escape")),
]


async def test_every_screen_shows_hostile_text_literally_and_never_writes_it_to_the_terminal(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = tap(monkeypatch)
    app = make_app(emulator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        walk = Walk(app, pilot, await plant(emulator, app.session.client))
        for step in WALK:
            await step.do(walk)
            assert app.is_running, f"the app stopped at {step.name!r}"
            text = screen_text(app)
            for fragment in step.shows:
                assert fragment in text, f"{step.name}: {fragment!r} is not on screen:\n{text}"
            assert "\x1b" not in text and "\u202e" not in text, step.name
    stream = "".join(written)
    assert len(stream) > 10_000, "the walk was drawn"
    assert foreign_sequences(stream) == []
    assert "\x1b]8;" not in stream, "no hyperlink"
    copied = [base64.b64decode(m.group(1)).decode("utf-8", "replace") for m in OSC52.finditer(stream)]
    assert not any("evil.example" in c for c in copied), "the payload never reaches the clipboard"
    assert f"\x1b]52;c;{OSC52_SECRET}" not in stream
