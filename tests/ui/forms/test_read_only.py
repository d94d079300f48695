"""Read-only mode: every write key and palette command refuses, and nothing mutating reaches the wire."""

from __future__ import annotations

from typing import Any

import httpx
from textual.notifications import Notification, Notify

from dftui.emulator import EmulatorServer
from dftui.ui.dialogs.form import FormScreen
from dftui.ui.screens.chrome import ChromeScreen
from dftui.ui.screens.job_detail import JobDetailScreen
from dftui.ui.screens.jobs import JobsScreen
from dftui.ui.screens.trigger_detail import TriggerDetailScreen
from dftui.ui.screens.triggers import TriggersScreen
from dftui.ui.screens.workflow_detail import WorkflowDetailScreen
from dftui.ui.screens.workflows import WorkflowsScreen
from tests.ui.conftest import SIZE, ObservingLink, keys, make_app, make_client, settle

WRITE_KEYS = ("n", "e", "E", "D", "d", "x", "k")
WRITE_COMMANDS = ("New ", "Edit ", "Duplicate ", "Delete ", "Run settings of ")


def notes_of(messages: list[Any]) -> list[Notification]:
    return [m.notification for m in messages if isinstance(m, Notify)]


async def press_every_write_key(pilot: Any, messages: list[Any], where: str) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, ChromeScreen), where
    for key in WRITE_KEYS:
        before = len(notes_of(messages))
        await keys(pilot, key)
        await settle(pilot)
        assert not isinstance(pilot.app.screen, FormScreen), f"{key} opened a form on {where}"
        assert pilot.app.screen is screen, f"{key} left {where}"
        said = [n.message for n in notes_of(messages)[before:]]
        bound = screen.active_bindings.get(key)
        if bound is not None and bound.binding.action.endswith("_refused"):
            assert any("read-only" in m.lower() for m in said), f"{key} on {where} said {said}"


async def run_every_write_command(pilot: Any, messages: list[Any], where: str) -> int:
    """What the palette offers for this screen, chosen as the palette would choose it."""
    app = pilot.app
    screen = app.screen
    commands = [c for c in app.get_system_commands(screen) if c.title.startswith(WRITE_COMMANDS)]
    for command in commands:
        before = len(notes_of(messages))
        command.callback()
        await settle(pilot)
        assert app.screen is screen, f"palette {command.title!r} opened {app.screen!r} on {where}"
        said = [n.message for n in notes_of(messages)[before:]]
        assert any("read-only" in m.lower() for m in said), f"palette {command.title!r} said {said}"
    return len(commands)


async def test_read_only_refuses_every_write_key_and_command_and_sends_nothing(
    emulator: EmulatorServer,
) -> None:
    sent: list[str] = []

    def watch(request: httpx.Request) -> None:
        if request.method != "GET":
            sent.append(f"{request.method} {request.url.path}")

    app = make_app(emulator, client=make_client(emulator, transport=ObservingLink(watch)), read_only=True)
    messages: list[Any] = []
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        commands = 0
        for key, screen_type, detail_type in (
            ("4", TriggersScreen, TriggerDetailScreen),
            ("3", JobsScreen, JobDetailScreen),
            ("2", WorkflowsScreen, WorkflowDetailScreen),
        ):
            await keys(pilot, key)
            assert isinstance(app.screen, screen_type)
            await press_every_write_key(pilot, messages, screen_type.__name__)
            commands += await run_every_write_command(pilot, messages, screen_type.__name__)
            await keys(pilot, "enter")
            assert isinstance(app.screen, detail_type)
            await press_every_write_key(pilot, messages, detail_type.__name__)
            commands += await run_every_write_command(pilot, messages, detail_type.__name__)
            await keys(pilot, "escape")
        assert commands >= 6 * 3  # New x3 on every screen, plus the selected item's commands
        assert sent == []
        # the client refuses too, even if a screen ever forgot to
        assert all(r.method == "GET" for r in app.session.requests)
