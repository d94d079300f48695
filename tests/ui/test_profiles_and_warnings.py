"""Switch profile at runtime (two emulators, two TOML profiles); configuration warnings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from textual.notifications import Notification, Notify

from dftui.config import default_config_path
from dftui.emulator import EmulatorServer, ManualClock
from dftui.ui.app import DataFlowApp
from dftui.ui.screens.help import HelpScreen
from dftui.ui.screens.jobs import JobsScreen
from dftui.ui.widgets.app_header import AppHeader
from tests.emulator_fixtures import EMULATOR_START
from tests.ui.conftest import SIZE, keys, make_client, settle, ui_config


def notes_of(messages: list[Any]) -> list[Notification]:
    return [m.notification for m in messages if isinstance(m, Notify)]


@pytest.fixture
def second_emulator() -> Iterator[EmulatorServer]:
    """Another account: different seed, so different jobs and keys."""
    server = EmulatorServer(db_path=":memory:", seed=7, clock=ManualClock(EMULATOR_START), demo=True)
    with server:
        yield server


def write_profiles(*servers: EmulatorServer, extra: str = "") -> None:
    names = ("one", "two")
    tables = [
        f'[profiles.{name}]\napi_url = "{server.base_url}"\n'
        f'access_key = "{server.access_key}"\nsecret_key = "{server.secret_key}"\n'
        for name, server in zip(names, servers, strict=False)
    ]
    path = default_config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(tables) + extra, encoding="utf-8")
    path.chmod(0o600)


def real_app(server: EmulatorServer, *, demo: bool = False, **config: Any) -> DataFlowApp:
    app = DataFlowApp(
        ui_config(server, profile_name="one", **config),
        make_client(server),
        demo=demo,
        clock=server.clock.now,
    )
    app.animation_level = "none"
    return app


def header_text(app: DataFlowApp) -> str:
    header = app.screen.query_one(AppHeader)
    header.refresh_header()
    return str(header.render())


async def test_switch_profile_reloads_everything_from_the_other_account(
    emulator: EmulatorServer, second_emulator: EmulatorServer
) -> None:
    write_profiles(emulator, second_emulator)
    app = real_app(emulator)
    messages: list[Any] = []
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await keys(pilot, "3")
        first = app.screen
        assert isinstance(first, JobsScreen)
        first_ids = set(first.items)
        first.table.move_cursor(
            row=first.table.get_row_index(
                next(k for k, j in first.items.items() if j.last_execution_status == "RUNNING")
            )
        )
        await keys(pilot, "w", "enter")  # a watch and a pushed detail screen, both of account one
        assert app.session.watches and len(app.screen_stack) == 2
        old_client = app.session.client
        assert "profile one" in header_text(app)
        assert app.profiles.choices(app.session.config, demo=app.session.demo) == ["two"]

        await keys(pilot, "ctrl+p")
        await pilot.press(*"Switch profile: two")
        await settle(pilot)
        await keys(pilot, "enter")
        await settle(pilot)

        assert app.session.client is not old_client and app.session.client.base_url.startswith(
            second_emulator.base_url
        )
        assert old_client._http.is_closed  # type: ignore[attr-defined]
        assert app.session.config.profile_name == "two" and not app.session.demo
        assert not app.session.watches
        screen = app.screen
        assert isinstance(screen, JobsScreen) and screen is not first and len(app.screen_stack) == 1
        expected = {job.job_id for job in await app.session.client.collect_all(app.session.client.get_jobs)}
        assert set(screen.items) == expected and expected != first_ids
        assert "profile two" in header_text(app)
        assert any(n.message.startswith("Switched to profile two") for n in notes_of(messages))
        assert {job.job_id for job in app.session.data.cached("jobs")} == expected
        await keys(pilot, "2")
        assert list(app.session.requests)[-1].path.startswith("/api/v1/workflows")


async def test_profile_without_credentials_or_broken_is_refused(
    emulator: EmulatorServer, second_emulator: EmulatorServer
) -> None:
    write_profiles(
        emulator,
        second_emulator,
        extra=(
            f'\n[profiles.nokeys]\napi_url = "{second_emulator.base_url}"\n'
            '\n[profiles.badzone]\ntime_zone = "Mars/Olympus"\n'
        ),
    )
    app = real_app(emulator)
    messages: list[Any] = []
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await keys(pilot, "3")
        client, screen = app.session.client, app.screen
        assert app.profiles.choices(app.session.config, demo=app.session.demo) == ["two", "nokeys", "badzone"]
        app.profiles.switch("nokeys", app.session.config)
        await settle(pilot)
        app.profiles.switch("badzone", app.session.config)
        await settle(pilot)
        errors = [n for n in notes_of(messages) if n.severity == "error"]
        assert [n.message.split(":")[0].split(" (")[0] for n in errors] == [
            "Profile nokeys has no credentials",
            "Cannot switch to profile badzone",
        ]
        assert "Mars/Olympus" in errors[1].message
        assert (
            app.session.client is client and app.screen is screen and app.session.config.profile_name == "one"
        )


async def test_profiles_offered_only_when_there_is_a_choice(emulator: EmulatorServer) -> None:
    write_profiles(emulator, extra='\n[profiles.nokeys]\ntheme = "nord"\n')
    app = real_app(emulator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.profiles.choices(app.session.config, demo=app.session.demo) == ["nokeys"]
    default_config_path().write_text(default_config_path().read_text().split("[profiles.nokeys]")[0])
    app = real_app(emulator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.profiles.choices(app.session.config, demo=app.session.demo) == []
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert not any(t.startswith("Switch profile") for t in titles)
    write_profiles(emulator, extra='\n[profiles.nokeys]\ntheme = "nord"\n')
    demo = real_app(emulator, demo=True)  # demo mode: offer leaving it for a profile that can sign
    async with demo.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert demo.profiles.choices(demo.session.config, demo=True) == ["one"]


async def test_warnings_are_shown_once_at_start_and_kept_in_help_and_palette(
    app_factory: Callable[..., DataFlowApp],
) -> None:
    warnings = ["/home/x/.ncloud/configure is readable by others [chmod 600]", "api_url looks wrong"]
    app = app_factory(warnings=warnings)
    messages: list[Any] = []
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await settle(pilot)
        shown = [n for n in notes_of(messages) if n.title == "Configuration warning"]
        assert [n.message for n in shown] == warnings
        assert all(n.severity == "warning" and not n.markup for n in shown)
        await keys(pilot, "3", "r")
        assert len([n for n in notes_of(messages) if n.title == "Configuration warning"]) == 2

        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        commands["Configuration warnings"].callback()
        await settle(pilot)
        assert len([n for n in notes_of(messages) if n.title == "Configuration warning"]) == 4

        await keys(pilot, "question_mark")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        texts = [str(label.render()) for label in help_screen.query(".help-warning")]
        assert texts == [f"⚠ {w}" for w in warnings]


async def test_no_warnings_no_palette_entry(app_factory: Callable[..., DataFlowApp]) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Configuration warnings" not in titles
