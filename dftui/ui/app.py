"""The dftui application: the composition root.

It builds the :class:`~dftui.ui.session.Session` (config, client, clock and services), gives it
to every screen it creates, and owns what is app-wide: modes and their keys, the palette's
system commands, start-up and shut-down, and switching profile (a new session, new screens).
Shared state lives in the session's services, never here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from importlib import import_module
from typing import Any, ClassVar

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.notifications import SeverityLevel
from textual.screen import Screen

from dftui.api import DataFlowClient
from dftui.config import ResolvedConfig
from dftui.startup import resume_collector
from dftui.timeutil import now_kst
from dftui.ui import textual_fixes
from dftui.ui.collector import full_passes
from dftui.ui.commands import ResourceCommands
from dftui.ui.safe_text import clean
from dftui.ui.screens.chrome import ChromeScreen
from dftui.ui.services.profiles import ClientFactory, ProfileSwitcher, default_client_factory
from dftui.ui.services.settings import REFRESH_CHOICES
from dftui.ui.session import Session

log = logging.getLogger(__name__)

SCREENS = Binding.Group("Screens")
STARTUP_COLLECTOR_LIMIT_S = 5.0
"""The garbage collector paused for start-up (:mod:`dftui.startup`) resumes after this at most."""


@dataclass(frozen=True)
class ModeScreen:
    """A mode's screen, its module imported when the mode is first shown.

    Start-up draws one screen; importing the other four (and the list base and Runs filter they
    bring) before the first frame cost about 30 ms of CPU.
    """

    module: str
    class_name: str

    def __call__(self, session: Session) -> Screen[Any]:
        screen_class: Callable[[Session], Screen[Any]] = getattr(import_module(self.module), self.class_name)
        return screen_class(session)


MODE_SCREENS: dict[str, tuple[str, ModeScreen]] = {
    "dashboard": ("Dashboard", ModeScreen("dftui.ui.screens.dashboard", "DashboardScreen")),
    "workflows": ("Workflows", ModeScreen("dftui.ui.screens.workflows", "WorkflowsScreen")),
    "jobs": ("Jobs", ModeScreen("dftui.ui.screens.jobs", "JobsScreen")),
    "triggers": ("Triggers", ModeScreen("dftui.ui.screens.triggers", "TriggersScreen")),
    "runs": ("Runs", ModeScreen("dftui.ui.screens.runs", "RunsScreen")),
}
_SWITCHING_MODE = "_switching_profile"
#: Textual's own "Keys" command duplicates ours (``?`` lists this screen's keys, grouped)
_REPLACED_SYSTEM_COMMANDS = frozenset({"Keys"})


class DataFlowApp(App[None]):
    """Terminal UI for NAVER Cloud Platform Data Flow."""

    TITLE = "dftui"
    CSS_PATH = "app.tcss"
    DEFAULT_MODE = "dashboard"
    COMMANDS = App.COMMANDS | {ResourceCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", key_display="?", id="app.help"),
        Binding("1", "go('dashboard')", "Dashboard", id="app.dashboard", group=SCREENS),
        Binding("2", "go('workflows')", "Workflows", id="app.workflows", group=SCREENS),
        Binding("3", "go('jobs')", "Jobs", id="app.jobs", group=SCREENS),
        Binding("4", "go('triggers')", "Triggers", id="app.triggers", group=SCREENS),
        Binding("5", "go('runs')", "Runs", id="app.runs", group=SCREENS),
        Binding("W", "watching", "Watching", show=False, id="app.watching"),
        Binding("L", "request_log", "Requests", show=False, id="app.request_log"),
    ]

    def __init__(
        self,
        config: ResolvedConfig,
        client: DataFlowClient,
        *,
        demo: bool = False,
        clock: Callable[[], datetime] | None = None,
        initial_mode: str = "dashboard",
        banner: str | None = None,
        close_client_on_exit: bool = True,
        client_factory: ClientFactory = default_client_factory,
        emulator_ready: Callable[[], object] | None = None,
    ) -> None:
        super().__init__()
        textual_fixes.install()  # before any widget renders
        #: blocks until the demo emulator serves (raises if it cannot): waited for off the loop
        self._emulator_ready = emulator_ready
        #: why the demo emulator did not start; the app then exits and the CLI says so
        self.emulator_failure: str | None = None
        self.clock = clock or now_kst
        self.banner = banner
        self.close_client_on_exit = close_client_on_exit
        self.initial_mode = initial_mode if initial_mode in MODE_SCREENS else self.DEFAULT_MODE
        self.session = Session.open(self, config, client, clock=self.clock, demo=demo)
        self.profiles = ProfileSwitcher(self, self._adopt_profile, client_factory)
        #: the size of the last Resize passed on to Textual (see :meth:`on_resize`)
        self._resized_to: Size | None = None
        self._install_modes()

    def _install_modes(self) -> None:
        for mode, (_, screen) in MODE_SCREENS.items():
            self.add_mode(mode, partial(screen, self.session))

    # ------------------------------------------------------------- lifecycle

    def on_resize(self, event: events.Resize) -> None:
        """A resize to the size the app already has is dropped before Textual's own handler.

        Textual keeps every Resize and replays the last one to the screen when the app is next
        idle, even when it changed nothing; at start-up the terminal driver's first size report
        always does, and the screen then laid out and drew everything a second time (40 ms).
        """
        if event.size == self._resized_to:
            event.prevent_default()
        self._resized_to = event.size

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            full_passes.input_seen()  # the collector's full pass waits for a moment without input
        await super().on_event(event)

    def on_mount(self) -> None:
        config = self.session.config
        if config.keymap:
            self.set_keymap(dict(config.keymap))
        if config.theme:
            if config.theme in self.available_themes:
                self.theme = config.theme
            else:
                self.notify(
                    f"Unknown theme {config.theme!r}; using the default", severity="warning", markup=False
                )
        self.switch_mode(self.initial_mode)
        # the first screen resumes it once its data is drawn; this is for a start that stalls
        self.set_timer(STARTUP_COLLECTOR_LIMIT_S, partial(resume_collector, "start-up time limit"))
        full_passes.take_over()
        self.set_interval(full_passes.check_every_s, full_passes.tick)
        if self._emulator_ready is not None:
            self._await_emulator(self._emulator_ready)
        if self.banner:
            self.notify(self.banner, title="Demo", markup=False, timeout=8)
        self.show_warnings()

    @work(thread=True, group="emulator-start", exit_on_error=False, description="waiting for the emulator")
    def _await_emulator(self, ready: Callable[[], object]) -> None:
        """The screens start at once, their first requests waiting in the emulator's backlog; if
        it cannot start, the app ends and the command line says why."""
        try:
            ready()
        except Exception as exc:
            self.call_from_thread(self._emulator_failed, str(exc))

    def _emulator_failed(self, reason: str) -> None:
        self.emulator_failure = reason
        self.exit(return_code=1)

    async def on_unmount(self) -> None:
        """Close the HTTP client on the loop that used it (the CLI never gets that loop back)."""
        full_passes.give_back()
        self.session.close()
        if self.close_client_on_exit:
            await _close(self.session.client)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every toast (screens' and services' too) lands here: messages quote API names and
        server errors, so they are never markup and never carry control characters."""
        super().notify(clean(message), title=clean(title), severity=severity, timeout=timeout, markup=False)

    def show_warnings(self) -> None:
        for warning in self.session.config_warnings:
            self.notify(warning, title="Configuration warning", severity="warning", markup=False, timeout=12)

    # ------------------------------------------------------------ navigation

    async def action_go(self, mode: str) -> None:
        """A screen key goes where it says: overlays close, and the area's own screen shows."""
        while len(self.screen_stack) > 1 and isinstance(self.screen, ChromeScreen) and self.screen.overlay:
            await self.pop_screen()
        if mode == self.current_mode:
            while len(self.screen_stack) > 1:
                await self.pop_screen()
        else:
            await self.switch_mode(mode)

    def action_help(self) -> None:
        from dftui.ui.screens.help import HelpScreen

        screen = self.screen
        if not isinstance(screen, HelpScreen):
            title = screen.screen_title if isinstance(screen, ChromeScreen) else type(screen).__name__
            self.push_screen(HelpScreen(screen, title, self.session.config_warnings))

    def action_watching(self) -> None:
        from dftui.ui.screens.watching import WatchingScreen

        self._push_overlay(WatchingScreen)

    def action_request_log(self) -> None:
        from dftui.ui.screens.request_log import RequestLogScreen

        self._push_overlay(RequestLogScreen)

    def _push_overlay(self, screen_class: Callable[[Session], ChromeScreen]) -> None:
        """W and L replace each other rather than pile up; pressing one again does nothing."""
        if isinstance(self.screen, ChromeScreen) and self.screen.overlay:
            if type(self.screen) is screen_class:
                return
            self.pop_screen()
        self.push_screen(screen_class(self.session))

    # ------------------------------------------------------------ palette

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        settings = self.session.settings
        for mode, (title, _) in MODE_SCREENS.items():
            yield SystemCommand(
                f"Go to {title}", f"Show the {title.lower()} screen", partial(self.action_go, mode)
            )
        yield SystemCommand(
            "Request log", "Recent API calls with status and latency", self.action_request_log
        )
        yield SystemCommand("Watching", "Pinned executions and their live status", self.action_watching)
        writes = self.session.writes
        for kind in ("trigger", "job", "workflow"):
            yield SystemCommand(
                f"New {kind}",
                f"Create a {kind} in a form (n on the {kind}s screen)",
                partial(writes.new, kind),
            )
        if isinstance(screen, ChromeScreen):
            yield from screen.object_commands()
        yield SystemCommand(
            "Toggle read-only",
            "Block every change (currently " + ("on" if settings.read_only else "off") + ")",
            settings.toggle_read_only,
        )
        yield SystemCommand(
            "Resume refresh" if settings.paused else "Pause refresh",
            "Stop or restart live polling of the visible screen",
            settings.toggle_paused,
        )
        yield SystemCommand(
            "Refresh interval",
            f"How often the visible screen re-reads (now every {settings.interval:g}s)",
            self.choose_refresh_interval,
        )
        yield SystemCommand("Keys", "Show every key of this screen", self.action_help)
        warnings = self.session.config_warnings
        if warnings:
            yield SystemCommand(
                "Configuration warnings",
                f"Show the {len(warnings)} problem(s) found in the configuration again",
                self.show_warnings,
            )
        for name in self.profiles.choices(self.session.config, demo=self.session.demo):
            yield SystemCommand(
                f"Switch profile: {name}",
                "Reconnect with this profile's credentials and endpoint; reloads every screen",
                partial(self.profiles.switch, name, self.session.config),
            )
        for command in super().get_system_commands(screen):
            if command.title not in _REPLACED_SYSTEM_COMMANDS:
                yield command

    def choose_refresh_interval(self) -> None:
        """A second palette listing the choices in numeric order (the first one sorts by title)."""
        from textual.command import SimpleCommand

        current = self.session.settings.interval
        self.search_commands(
            [
                SimpleCommand(
                    f"Every {seconds:g}s" + ("  (current)" if seconds == current else ""),
                    partial(self.session.settings.set_interval, seconds),
                    f"Re-read the visible screen every {seconds:g} seconds",
                )
                for seconds in REFRESH_CHOICES
            ],
            placeholder="Refresh the visible screen every…",
        )

    # ------------------------------------------------------- profile switch

    async def _adopt_profile(self, config: ResolvedConfig, client: DataFlowClient) -> None:
        """A new session for ``config``; read-only mode never switches itself off."""
        old = self.session
        owned = self.close_client_on_exit
        old.close()
        self.session = Session.open(self, config, client, clock=self.clock, read_only=old.settings.read_only)
        self.banner = None
        self.close_client_on_exit = True
        self.set_keymap(dict(config.keymap))
        try:
            await self._rebuild_screens()
        except Exception:  # never strand the user: at worst the rest of the screens are stale
            log.exception("rebuilding the screens after a profile switch failed")
        if owned:
            await _close(old.client)
        suffix = " · read-only stays on" if self.session.settings.read_only and not config.read_only else ""
        self.notify(f"Switched to profile {config.profile_name} ({config.api_url}){suffix}", markup=False)
        self.show_warnings()

    async def _rebuild_screens(self) -> None:
        """Fresh screens for every mode; the visible one is rebuilt behind a blank screen."""
        current = self.current_mode
        for mode in MODE_SCREENS:
            if mode != current:
                await self.remove_mode(mode)
        self.add_mode(_SWITCHING_MODE, Screen)
        await self.switch_mode(_SWITCHING_MODE)
        if current in MODE_SCREENS:
            await self.remove_mode(current)
        self._install_modes()
        await self.switch_mode(current if current in MODE_SCREENS else self.DEFAULT_MODE)
        await self.remove_mode(_SWITCHING_MODE)


async def _close(client: DataFlowClient) -> None:
    try:
        await client.aclose()
    except Exception:  # closing must never turn a clean exit (or a good switch) into a crash
        log.debug("closing the API client failed", exc_info=True)


__all__ = ["MODE_SCREENS", "DataFlowApp"]
