"""A write refused for its signature says which clock is ahead, as a refused refresh does.

The gateway's clock is 7 min 12 s ahead of this machine's: signatures fall outside the
5-minute window. The client measures the skew from the answer's ``Date`` header; the form's
message and the writes' toasts quote it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from textual.notifications import Notify

from dftui.emulator import EmulatorServer
from dftui.emulator.faults import FaultConfig
from dftui.ui.app import DataFlowApp
from dftui.ui.dialogs.delete_confirm import DeleteConfirmScreen
from dftui.ui.dialogs.trigger_form import TriggerForm
from dftui.ui.screens.triggers import TriggersScreen
from tests.ui.conftest import SIZE, keys, settle
from tests.ui.forms.helpers import form_of, message_shown, open_list_at, type_into, writes
from tests.ui.pages import wait_until

SKEW = FaultConfig(clock_skew_s=7 * 60 + 12)
BEHIND = re.compile(r"this machine's clock is 7m1[12]s behind the server")
"""The ``Date`` header has whole seconds: the measured skew may be a second short."""


async def test_a_create_refused_for_the_clock_says_so_in_the_form(
    emulator: EmulatorServer, app_factory: Callable[..., DataFlowApp]
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "4")
        assert isinstance(app.screen, TriggersScreen)
        await keys(pilot, "n")
        form = form_of(app)
        assert isinstance(form, TriggerForm)
        await type_into(pilot, "name", "nightly_0900")
        emulator.set_faults(SKEW)
        await keys(pilot, "ctrl+s")
        await wait_until(pilot, lambda: not form.busy)
        assert app.screen is form, "a refused create keeps the form open"
        assert writes(app) == ["POST /api/v1/triggers"]
        message = message_shown(form)
        assert message.startswith("Not saved: Authentication failed")
        assert BEHIND.search(message), message


async def test_a_delete_refused_for_the_clock_says_so_in_its_toast(
    emulator: EmulatorServer, app_factory: Callable[..., DataFlowApp]
) -> None:
    app = app_factory()
    heard: list[Any] = []
    async with app.run_test(size=SIZE, message_hook=heard.append) as pilot:
        trigger = await open_list_at(pilot, "4", TriggersScreen, lambda t: True)
        emulator.set_faults(SKEW)
        await keys(pilot, "d")  # what uses it cannot be read either: the dialog says why
        await wait_until(pilot, lambda: isinstance(app.screen, DeleteConfirmScreen))
        dialog = app.screen
        assert isinstance(dialog, DeleteConfirmScreen)
        assert any(BEHIND.search(effect) for effect in dialog.effects), dialog.effects
        await pilot.press(*[ch if ch != "_" else "underscore" for ch in trigger.name])
        await keys(pilot, "enter")
        await wait_until(pilot, lambda: any(m.startswith("DELETE") for m in writes(app)))
        await settle(pilot)
        errors = [
            m.notification.message
            for m in heard
            if isinstance(m, Notify) and m.notification.severity == "error"
        ]
        assert any(BEHIND.search(error) for error in errors), errors
