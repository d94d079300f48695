"""The dftui application shell: modes, header data, caches, watching, request log."""

from __future__ import annotations

import json
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer

from dftui.api.models import Execution, Job, JobListItem, Trigger, Workflow, WorkflowListItem
from dftui.timeutil import now_kst
from dftui.ui.commands import ResourceCommands
from dftui.ui.format import format_duration, set_display_zone
from dftui.ui.keymap import unknown_keymap_ids
from dftui.ui.profile_switch import ProfileSwitcher
from dftui.ui.run_control import RunControl
from dftui.ui.screens.dashboard import DashboardScreen
from dftui.ui.screens.jobs import JobsScreen
from dftui.ui.screens.triggers import TriggersScreen
from dftui.ui.screens.workflows import WorkflowsScreen
from dftui.ui.watching import Watch, completion_message

if TYPE_CHECKING:
    from dftui.api import DataFlowClient
    from dftui.api.records import RequestRecord
    from dftui.config import ResolvedConfig

log = logging.getLogger(__name__)

REFRESH_CHOICES = (2.0, 5.0, 10.0, 30.0, 60.0)
WATCH_INTERVAL = 2.0
REQUEST_LOG_SIZE = 500
SCREENS = Binding.Group("Screens")
MODE_TITLES = {"dashboard": "Dashboard", "workflows": "Workflows", "jobs": "Jobs", "triggers": "Triggers"}


class DataFlowApp(App[None]):
    """Terminal UI for NAVER Cloud Platform Data Flow."""

    TITLE = "dftui"
    CSS_PATH = "app.tcss"
    MODES: ClassVar[dict[str, Any]] = {
        "dashboard": DashboardScreen,
        "workflows": WorkflowsScreen,
        "jobs": JobsScreen,
        "triggers": TriggersScreen,
    }
    DEFAULT_MODE = "dashboard"
    COMMANDS = App.COMMANDS | {ResourceCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", key_display="?", id="app.help"),
        Binding("1", "switch_mode('dashboard')", "Dashboard", id="app.dashboard", group=SCREENS),
        Binding("2", "switch_mode('workflows')", "Workflows", id="app.workflows", group=SCREENS),
        Binding("3", "switch_mode('jobs')", "Jobs", id="app.jobs", group=SCREENS),
        Binding("4", "switch_mode('triggers')", "Triggers", id="app.triggers", group=SCREENS),
        Binding("W", "watching", "Watching", show=False, id="app.watching"),
        Binding("L", "request_log", "Requests", show=False, id="app.request_log"),
    ]

    def __init__(
        self,
        config: ResolvedConfig,
        client: DataFlowClient,
        *,
        demo: bool = False,
        refresh_interval: float | None = None,
        clock: Callable[[], datetime] | None = None,
        initial_mode: str = "dashboard",
        banner: str | None = None,
        close_client_on_exit: bool = True,
    ) -> None:
        super().__init__()
        self.config = config
        self.client = client
        self.demo = demo
        self.clock = clock or now_kst
        self.refresh_interval = float(refresh_interval or getattr(config, "refresh_interval", 5.0) or 5.0)
        self.refresh_paused = False
        self.read_only = bool(getattr(config, "read_only", False) or getattr(client, "read_only", False))
        self.initial_mode = initial_mode if initial_mode in self.MODES else "dashboard"
        self.banner = banner
        self.close_client_on_exit = close_client_on_exit
        set_display_zone(getattr(config, "time_zone", None))
        self.request_log: deque[RequestRecord] = deque(maxlen=REQUEST_LOG_SIZE)
        self.cache: dict[str, list[Any]] = {}
        self.watches: dict[str, Watch] = {}
        self._watch_timer: Timer | None = None
        self.runs = RunControl(self)
        self.profiles = ProfileSwitcher(self)
        self._hook_client()

    # ---------------------------------------------------------------- set-up

    def _hook_client(self) -> None:
        """Feed the request log from the client's ``on_request`` hook (keeping any earlier hook)."""
        if not hasattr(self.client, "on_request"):
            return
        previous = self.client.on_request

        def hook(record: RequestRecord) -> None:
            if previous is not None:
                previous(record)
            self.record_request(record)

        self.client.on_request = hook
        if hasattr(self.client, "read_only"):
            self.client.read_only = self.read_only

    def on_mount(self) -> None:
        keymap = dict(getattr(self.config, "keymap", None) or {})
        if keymap:
            self.set_keymap(keymap)
        theme = getattr(self.config, "theme", None)
        if theme:
            if theme in self.available_themes:
                self.theme = theme
            else:
                self.notify(f"Unknown theme {theme!r}; using the default", severity="warning", markup=False)
        self.switch_mode(self.initial_mode)
        if self.banner:
            self.notify(self.banner, title="Demo", markup=False, timeout=8)
        self.show_warnings()

    async def on_unmount(self) -> None:
        """Close the HTTP client on the loop that used it (the CLI never gets that loop back)."""
        if self.close_client_on_exit and hasattr(self.client, "aclose"):
            try:
                await self.client.aclose()
            except Exception:  # closing must never turn a clean exit into a crash
                log.debug("closing the API client failed", exc_info=True)

    # -------------------------------------------------------------- warnings

    @property
    def config_warnings(self) -> list[str]:
        """Problems found while loading the configuration (insecure file, odd URL, keymap typo …)."""
        warnings = [str(w) for w in getattr(self.config, "warnings", None) or []]
        keymap = getattr(self.config, "keymap", None) or {}
        for binding_id in unknown_keymap_ids(keymap):
            warnings.append(
                f"keymap: no key has the id {binding_id!r}, so {keymap[binding_id]!r} does nothing; "
                "press ? to see each key's id (e.g. data.refresh)"
            )
        return warnings

    def show_warnings(self) -> None:
        for warning in self.config_warnings:
            self.notify(warning, title="Configuration warning", severity="warning", markup=False, timeout=12)

    # ------------------------------------------------------------ header data

    def now(self) -> datetime:
        return self.clock()

    @property
    def profile_label(self) -> str:
        return str(getattr(self.config, "profile_name", None) or "default")

    @property
    def endpoint_label(self) -> str:
        if self.demo:
            return "demo emulator"
        return str(getattr(self.config, "api_url", "") or getattr(self.client, "base_url", ""))

    def _settings_changed(self) -> None:
        for screen in self._all_screens():
            handler = getattr(screen, "on_refresh_settings_changed", None)
            if handler is not None:
                handler()

    def _all_screens(self) -> Iterable[Screen[Any]]:
        seen: set[int] = set()
        for stack in self._screen_stacks.values():
            for screen in stack:
                if id(screen) not in seen:
                    seen.add(id(screen))
                    yield screen

    # -------------------------------------------------------------- settings

    def toggle_refresh_paused(self) -> None:
        self.refresh_paused = not self.refresh_paused
        self.notify("Live refresh paused" if self.refresh_paused else "Live refresh resumed")
        self._settings_changed()

    def set_refresh_interval(self, seconds: float) -> None:
        self.refresh_interval = float(seconds)
        self.notify(f"Refreshing every {seconds:g}s")
        self._settings_changed()

    def adopt_profile(self, config: ResolvedConfig, client: DataFlowClient) -> None:
        """Use another profile's settings and client; read-only mode never switches itself off."""
        self.config = config
        self.client = client
        self.demo = False
        self.banner = None
        self.close_client_on_exit = True
        self.read_only = bool(getattr(config, "read_only", False) or self.read_only)
        self.cache.clear()
        set_display_zone(getattr(config, "time_zone", None))
        self.set_keymap(dict(getattr(config, "keymap", None) or {}))
        self._hook_client()

    def toggle_read_only(self) -> None:
        self.read_only = not self.read_only
        if hasattr(self.client, "read_only"):
            self.client.read_only = self.read_only
        self.notify("Read-only mode on: changes are blocked" if self.read_only else "Read-only mode off")
        self._settings_changed()

    # ----------------------------------------------------------------- data

    async def load_all(
        self,
        kind: str,
        method: Callable[..., Awaitable[Any]],
        progress: Callable[[int], None] | None = None,
    ) -> list[Any]:
        """Every page of a list, de-duplicated by id, also kept as the palette's cache."""
        items: dict[str, Any] = {}
        async for page in self.client.iter_pages(method):
            for item in page.items:
                items[_model_id(item)] = item
            if progress is not None:
                progress(len(items))
        result = list(items.values())
        self.cache[kind] = result
        return result

    async def ensure_cache(self) -> None:
        """Fill the palette's lists that no screen has loaded yet."""
        sources = {
            "workflows": self.client.get_workflows,
            "jobs": self.client.get_jobs,
            "triggers": self.client.get_triggers,
        }
        for kind, method in sources.items():
            if kind not in self.cache:
                try:
                    await self.load_all(kind, method)
                except Exception as error:
                    log.info("palette could not load %s: %s", kind, error)

    # ---------------------------------------------------------- request log

    def record_request(self, record: RequestRecord) -> None:
        """Called for every API call (client ``on_request`` hook)."""
        self.request_log.append(record)
        try:
            screen: Any = self.screen
        except Exception:  # no screen yet (calls made before the app runs)
            return
        on_record = getattr(screen, "on_request_recorded", None)
        if on_record is not None:
            on_record(record)

    # ------------------------------------------------------------ navigation

    def action_help(self) -> None:
        from dftui.ui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))

    def action_watching(self) -> None:
        from dftui.ui.screens.watching import WatchingScreen

        if not isinstance(self.screen, WatchingScreen):
            self.push_screen(WatchingScreen())

    def action_request_log(self) -> None:
        from dftui.ui.screens.request_log import RequestLogScreen

        if not isinstance(self.screen, RequestLogScreen):
            self.push_screen(RequestLogScreen())

    async def open_resource(self, kind: str, item: Any) -> None:
        """Go to the area of ``kind`` and open the detail view of ``item``."""
        from dftui.ui.screens.job_detail import JobDetailScreen
        from dftui.ui.screens.trigger_detail import TriggerDetailScreen
        from dftui.ui.screens.workflow_detail import WorkflowDetailScreen

        await self.switch_mode(kind)
        screen: Screen[Any]
        if kind == "workflows":
            screen = WorkflowDetailScreen(item.workflow_id, item.name)
        elif kind == "jobs":
            screen = JobDetailScreen(item.job_id, item.name)
        else:
            screen = TriggerDetailScreen(item)
        await self.push_screen(screen)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        for mode, title in MODE_TITLES.items():
            yield SystemCommand(
                f"Go to {title}", f"Show the {title.lower()} screen", _bind(self.switch_mode, mode)
            )
        yield SystemCommand(
            "Request log", "Recent API calls with status and latency", self.action_request_log
        )
        yield SystemCommand("Watching", "Pinned executions and their live status", self.action_watching)
        yield SystemCommand(
            "Toggle read-only",
            "Block every change (currently " + ("on" if self.read_only else "off") + ")",
            self.toggle_read_only,
        )
        yield SystemCommand(
            "Resume refresh" if self.refresh_paused else "Pause refresh",
            "Stop or restart live polling of the visible screen",
            self.toggle_refresh_paused,
        )
        for seconds in REFRESH_CHOICES:
            yield SystemCommand(
                f"Refresh every {seconds:g}s",
                f"Set the live refresh interval (now {self.refresh_interval:g}s)",
                _bind(self.set_refresh_interval, seconds),
            )
        yield SystemCommand("Keys", "Show every key of this screen", self.action_help)
        if self.config_warnings:
            yield SystemCommand(
                "Configuration warnings",
                f"Show the {len(self.config_warnings)} problem(s) found in the configuration again",
                self.show_warnings,
            )
        for name in self.profiles.choices():
            yield SystemCommand(
                f"Switch profile: {name}",
                "Reconnect with this profile's credentials and endpoint; reloads every screen",
                _bind(self.profiles.switch, name),
            )
        yield from super().get_system_commands(screen)

    # --------------------------------------------------------- JSON & copy

    def show_json(self, obj: Any) -> None:
        from dftui.ui.dialogs.json_view import JsonViewScreen

        self.push_screen(JsonViewScreen(_model_title(obj), _raw(obj)))

    def copy_text(self, text: str, what: str) -> None:
        if not text:
            self.notify(f"No {what} to copy", severity="warning")
            return
        self.copy_to_clipboard(text)
        self.notify(f"Copied {what}: {text}" if len(text) < 80 else f"Copied {what}", markup=False)

    def copy_json(self, obj: Any) -> None:
        self.copy_to_clipboard(json.dumps(_raw(obj), indent=2, ensure_ascii=False))
        self.notify(f"Copied JSON of {_model_title(obj)}", markup=False)

    # -------------------------------------------------------------- watching

    def watch_object(self, obj: Any) -> None:
        """``w``: pin an execution, or the newest live execution of a job/workflow."""
        if isinstance(obj, Execution):
            self.pin_execution(obj)
        else:
            self._watch_newest(obj)

    def pin_execution(self, execution: Execution, *, announce: bool = True, label: str | None = None) -> None:
        """Watch ``execution``; ``announce=False`` when the caller already told the user."""
        if not execution.job_id:
            self.notify("This execution has no job id; cannot watch it", severity="warning")
            return
        watch = Watch(
            job_id=execution.job_id,
            execution_id=execution.job_execution_id,
            label=label or execution.job_name or execution.job_id,
            execution=execution,
            pinned_at=self.now(),
        )
        if watch.key in self.watches:
            if announce:
                self.notify(f"Already watching {watch.label}", markup=False)
            return
        self.watches[watch.key] = watch
        if execution.is_final:
            if announce:
                self.notify(f"{watch.label} already {execution.status}", markup=False)
            watch.finished_seen = True
        elif announce:
            self.notify(
                f"Watching {watch.label} ({execution.status}); you will be told when it ends", markup=False
            )
        self._arm_watch_timer()

    def update_watched(self, execution: Execution, *, label: str, pin: bool) -> None:
        """Fresh state from an action: update its watch (already told, so no second toast)."""
        key = f"{execution.job_id}/{execution.job_execution_id}"
        watch = self.watches.get(key)
        if watch is not None:
            watch.execution = execution
            watch.finished_seen = watch.finished_seen or execution.is_final
        elif pin:
            self.pin_execution(execution, announce=False, label=label)

    def stop_watching_all(self) -> None:
        self.watches.clear()
        if self._watch_timer is not None:
            self._watch_timer.stop()
            self._watch_timer = None
        self.workers.cancel_group(self, "watch")

    @work(exclusive=True, group="watch-newest", exit_on_error=False)
    async def _watch_newest(self, obj: Any) -> None:
        try:
            if isinstance(obj, (Workflow, WorkflowListItem)):
                page = await self.client.get_workflow_executions(obj.workflow_id)
            elif isinstance(obj, (Job, JobListItem)):
                page = await self.client.get_job_executions(obj.job_id)
            else:
                self.notify("Only executions, jobs and workflows can be watched", severity="warning")
                return
        except Exception as error:
            self.notify(str(error), title="Watch", severity="error", markup=False)
            return
        live = [e for e in page.items if not e.is_final]
        if not live:
            self.notify(
                f"{_model_title(obj)} has no running execution to watch", severity="warning", markup=False
            )
            return
        newest = max(live, key=lambda e: e.created_date or self.now())
        self.pin_execution(newest)

    def unpin(self, key: str) -> None:
        self.watches.pop(key, None)

    def _arm_watch_timer(self) -> None:
        if self._watch_timer is not None:
            self._watch_timer.stop()
            self._watch_timer = None
        if any(not w.is_final for w in self.watches.values()):
            self._watch_timer = self.set_timer(WATCH_INTERVAL, self.poll_watches)

    @work(exclusive=True, group="watch", exit_on_error=False)
    async def poll_watches(self) -> None:
        """Poll every unfinished pinned execution; tell the user when one ends."""
        self._watch_timer = None
        try:
            for watch in [w for w in self.watches.values() if not w.is_final]:
                try:
                    fresh = await self.client.get_job_execution_by_id(watch.job_id, watch.execution_id)
                except Exception as error:
                    log.info("watch poll of %s failed: %s", watch.key, error)
                    continue
                watch.execution = fresh
                if fresh.is_final and not watch.finished_seen:
                    watch.finished_seen = True
                    self._announce(watch)
            on_change = getattr(self.screen, "on_watches_changed", None)
            if on_change is not None:
                on_change()
        finally:
            self._arm_watch_timer()

    def _announce(self, watch: Watch) -> None:
        message, severity = completion_message(watch)
        self.notify(message, title="Watched execution ended", severity=severity, markup=False, timeout=10)  # type: ignore[arg-type]
        if getattr(self.config, "bell", True):
            self.bell()

    # --------------------------------------------------------- write actions

    def run_object(self, obj: Any) -> None:
        """``x``: run a job or a workflow (after confirmation)."""
        if isinstance(obj, (Job, JobListItem)):
            self.runs.run_job(obj)
        elif isinstance(obj, Workflow):
            self.runs.run_workflow(obj)
        else:
            self.notify("Only jobs and workflows can be run", severity="warning")

    def cancel_execution(self, execution: Execution) -> None:
        """``k``: stop a READY or RUNNING execution (after confirmation)."""
        self.runs.cancel_execution(execution)

    def reload_visible(self) -> None:
        """Re-read what the user is looking at (after a run, stop or profile switch)."""
        screen: Any = self.screen
        if hasattr(screen, "load"):
            screen.load()
        elif hasattr(screen, "on_watches_changed"):
            screen.on_watches_changed()

    # -------------------------------------------------------------- helpers

    def save_screenshot_to(self, path: Path) -> Path:
        return Path(self.save_screenshot(filename=path.name, path=str(path.parent)))


def _bind(function: Callable[..., Any], *args: Any) -> Callable[[], Any]:
    def call() -> Any:
        return function(*args)

    return call


def _model_id(item: Any) -> str:
    for name in ("job_execution_id", "workflow_id", "job_id", "trigger_id"):
        value = getattr(item, name, None)
        if value:
            return str(value)
    return str(id(item))


def _raw(obj: Any) -> Any:
    return getattr(obj, "raw", obj)


def _model_title(obj: Any) -> str:
    kind = {
        Execution: "execution",
        Job: "job",
        JobListItem: "job",
        Workflow: "workflow",
        WorkflowListItem: "workflow",
        Trigger: "trigger",
    }.get(type(obj), "object")
    name = getattr(obj, "name", None) or getattr(obj, "job_name", None) or ""
    return f"{kind} {name} ({_model_id(obj)})".replace("  ", " ")


__all__ = ["REFRESH_CHOICES", "DataFlowApp", "format_duration"]
