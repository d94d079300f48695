"""n on the triggers list: a name alone creates a valid trigger; bad input is held back; e replaces."""

from __future__ import annotations

from collections.abc import Callable

from dftui.emulator import EmulatorServer
from dftui.ui.app import DataFlowApp
from dftui.ui.dialogs.confirm import ConfirmScreen
from dftui.ui.dialogs.trigger_form import TriggerForm
from dftui.ui.screens.triggers import TriggersScreen
from dftui.ui.widgets.keyed_table import KeyedTable
from tests.ui.conftest import SIZE, keys, settle
from tests.ui.forms.helpers import form_of, message_shown, problem_shown, type_into, writes
from tests.ui.pages import screen_text


async def test_a_name_alone_creates_a_daily_trigger(
    emulator: EmulatorServer, app_factory: Callable[..., DataFlowApp]
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "4")
        assert isinstance(app.screen, TriggersScreen)
        await keys(pilot, "n")
        form = form_of(app)
        assert isinstance(form, TriggerForm)
        assert form.form_title == "New trigger"
        assert app.focused is form.widget("name")
        assert "Fires every day at 09:00" in screen_text(app)
        await type_into(pilot, "name", "nightly_0900")
        await keys(pilot, "ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, TriggerForm)
        assert writes(app) == ["POST /api/v1/triggers"]
        created = [
            t
            for t in await app.session.client.collect_all(app.session.client.get_triggers)
            if t.name == "nightly_0900"
        ]
        assert len(created) == 1
        assert created[0].type == "SCHEDULED"
        assert created[0].trigger_rule.to_json() == {"type": "RECURRING", "interval": "DAY", "time": "09:00"}
        await settle(pilot)
        assert "nightly_0900" in screen_text(app)
        table = app.screen.query_one("#table", KeyedTable)  # the cursor went to the new trigger
        assert table.cursor_key == created[0].trigger_id and table.cursor_row > 0
        assert app.focused is table


async def test_bad_name_and_time_are_refused_before_anything_is_sent(
    emulator: EmulatorServer, app_factory: Callable[..., DataFlowApp]
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "4", "n")
        form = form_of(app)
        await type_into(pilot, "name", "9lives")
        assert "letters, digits, _ and -" in problem_shown(form, "name")
        await type_into(pilot, "time", "25:00")
        assert "25:00" in problem_shown(form, "time")
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, TriggerForm)
        assert "Fix 2 fields" in message_shown(form)
        assert app.focused is form.widget("name")
        assert writes(app) == []
        # what was typed is still there
        assert form.get("name") == "9lives" and form.get("time") == "25:00"


async def test_escape_with_edits_asks_and_n_returns_y_discards(
    emulator: EmulatorServer, app_factory: Callable[..., DataFlowApp]
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "4", "n")
        await type_into(pilot, "name", "half_typed")
        await keys(pilot, "escape")
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.title_text == "Discard changes?"
        await keys(pilot, "n")
        form = form_of(app)
        assert form.get("name") == "half_typed"
        await keys(pilot, "escape", "y")
        assert isinstance(app.screen, TriggersScreen)
        assert writes(app) == []
