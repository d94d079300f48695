"""Shared behaviour of every screen that shows live API data.

Polling rules (the feature bar's "CPU and API cost" complaints):
* every API call runs in an exclusive async worker, never on the UI loop;
* the next poll is a one-shot timer armed only after the previous fetch finished,
  so slow responses never overlap;
* only the visible screen polls: timers stop in ``on_screen_suspend``;
* a failed poll keeps the last good data and marks the screen stale.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Footer

from dftui.api.errors import DataFlowError
from dftui.api.models import Execution, Job, JobListItem, Workflow
from dftui.ui.run_rules import READ_ONLY_CANCEL, READ_ONLY_RUN_JOB, READ_ONLY_RUN_WORKFLOW, is_cancellable
from dftui.ui.widgets.app_header import AppHeader
from dftui.ui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from dftui.ui.app import DataFlowApp

log = logging.getLogger(__name__)


def error_message(error: BaseException) -> str:
    """A sentence for a person; the client's errors already are one."""
    text = str(error).strip()
    return text or type(error).__name__


class DataScreen(Screen[None]):
    """A screen that fetches data, shows it, and refreshes it while visible."""

    screen_title: ClassVar[str] = ""
    #: False hides J / c / C / w on screens that show no single API object
    has_selection: ClassVar[bool] = True
    #: False hides w (watch) where the object has no executions
    can_watch: ClassVar[bool] = True
    #: seconds between polls; None means the app's refresh interval
    poll_interval: float | None = None

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "refresh_now", "Refresh", id="data.refresh"),
        Binding("p", "pause", "Pause", id="data.pause"),
        Binding("p", "resume", "Resume", id="data.resume"),
        Binding("J", "show_json", "JSON", id="data.json"),
        Binding("c", "copy_id", "Copy id", id="data.copy_id"),
        Binding("C", "copy_json", "Copy JSON", show=False, id="data.copy_json"),
        Binding("w", "watch", "Watch", id="data.watch"),
        # x and k each have a twin that only says why it is refused in read-only mode;
        # sharing the id keeps the pair on one key when the user remaps it
        Binding("x", "run", "Run", id="data.run"),
        Binding("x", "run_refused", "Run (blocked: read-only)", show=False, id="data.run"),
        Binding("k", "cancel_execution", "Stop run", id="data.cancel"),
        Binding("k", "cancel_refused", "Stop run (blocked: read-only)", show=False, id="data.cancel"),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.last_updated: datetime | None = None
        self.stale_error: str | None = None
        self.loaded_once = False
        self._timer: Timer | None = None
        self._active = False

    @property
    def dfapp(self) -> DataFlowApp:
        return self.app  # type: ignore[return-value]

    # ------------------------------------------------------------------ compose

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield from self.compose_body()
        yield StatusLine()
        yield Footer(compact=True)

    def compose_body(self) -> ComposeResult:
        """Subclasses yield their content here."""
        yield from ()

    @property
    def status_line(self) -> StatusLine:
        return self.query_one(StatusLine)

    # ------------------------------------------------------------- data loading

    async def fetch(self) -> None:
        """Fetch and apply data. Raise to mark the screen stale."""

    def set_loading(self, loading: bool) -> None:
        """Show a loading indicator on the first load only."""

    def update_summary(self) -> None:
        """Write the status line summary."""

    @work(exclusive=True, group="refresh", exit_on_error=False)
    async def load(self) -> None:
        """Fetch once; on success or failure arm the next poll."""
        self._stop_timer()
        if not self.loaded_once:
            self.set_loading(True)
        try:
            await self.fetch()
        except Exception as error:  # keep the last good data whatever went wrong
            if not isinstance(error, DataFlowError):
                log.exception("unexpected error while refreshing %s", type(self).__name__)
            self._mark_stale(error)
        else:
            self._mark_fresh()
        finally:
            if not self.loaded_once:
                self.loaded_once = True
                self.set_loading(False)
            self._arm_timer()

    def _mark_fresh(self) -> None:
        self.last_updated = self.dfapp.now()
        self.stale_error = None
        self.status_line.stale = None
        self.status_line.has_data = True
        self.update_summary()
        self._refresh_header()
        self.refresh_bindings()  # x / k depend on what was just loaded

    def _mark_stale(self, error: BaseException) -> None:
        message = error_message(error)
        log.info("refresh of %s failed: %s", type(self).__name__, message)
        if message != self.stale_error:
            self.notify(message, title=f"{self.screen_title}: refresh failed", severity="error", markup=False)
        self.stale_error = message
        self.status_line.stale = message
        self.update_summary()

    def _refresh_header(self) -> None:
        for header in self.query(AppHeader):
            header.refresh_header()

    # ------------------------------------------------------------------ polling

    @property
    def interval(self) -> float:
        return self.poll_interval if self.poll_interval is not None else self.dfapp.refresh_interval

    def wants_polling(self) -> bool:
        """Detail screens of finished things may stop polling."""
        return True

    def _arm_timer(self) -> None:
        self._stop_timer()
        if self._active and not self.dfapp.refresh_paused and self.wants_polling():
            self._timer = self.set_timer(self.interval, self._on_timer)

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _on_timer(self) -> None:
        self._timer = None
        if self._active and not self.dfapp.refresh_paused:
            self.load()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        self._active = True
        self._refresh_header()
        if not self.loaded_once or self._is_due():
            self.load()
        else:
            self._arm_timer()

    def on_screen_suspend(self, event: events.ScreenSuspend) -> None:
        self._active = False
        self._stop_timer()
        self.workers.cancel_node(self)

    def _is_due(self) -> bool:
        if self.last_updated is None:
            return True
        age = (self.dfapp.now() - self.last_updated).total_seconds()
        return age >= self.interval

    def on_refresh_settings_changed(self) -> None:
        """Called by the app when pause or interval changed."""
        self.refresh_bindings()
        self._refresh_header()
        self.update_summary()
        if not self._active:
            return
        if self.dfapp.refresh_paused:
            self._stop_timer()
        elif self._timer is None:
            self.load()
        else:
            self._arm_timer()

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide the object keys where there is no object to act on."""
        if action in {"show_json", "copy_id", "copy_json", "watch"} and not self.has_selection:
            return None
        if action == "watch" and not self.can_watch:
            return None
        if action == "pause":  # one key, labelled for what it will do
            return not self.dfapp.refresh_paused
        if action == "resume":
            return self.dfapp.refresh_paused
        if action in _WRITE_ACTIONS:
            return write_action_state(
                action, self.dfapp.read_only, self._safe(self.run_target), self._safe(self.cancel_target)
            )
        return True

    def _safe(self, target: Any) -> Any | None:
        """Footers ask before the widgets exist; nothing is selected then."""
        try:
            return target()
        except NoMatches:
            return None

    def run_target(self) -> Job | JobListItem | Workflow | None:
        """What ``x`` runs: the selected job or workflow (detail views: their own)."""
        obj = self.selected_object()
        return obj if isinstance(obj, (Job, JobListItem, Workflow)) else None

    def cancel_target(self) -> Execution | None:
        """What ``k`` stops: the selected execution while it is READY or RUNNING."""
        obj = self.selected_object()
        return obj if isinstance(obj, Execution) and is_cancellable(obj) else None

    @on(DataTable.RowHighlighted)
    def _selection_moved(self) -> None:
        self.refresh_bindings()

    def action_run(self) -> None:
        target = self.run_target()
        if target is not None:
            self.dfapp.run_object(target)

    def action_run_refused(self) -> None:
        target = self.run_target()
        message = READ_ONLY_RUN_WORKFLOW if isinstance(target, Workflow) else READ_ONLY_RUN_JOB
        self.notify(message, title="Read-only", severity="warning", markup=False)

    def action_cancel_execution(self) -> None:
        target = self.cancel_target()
        if target is not None:
            self.dfapp.cancel_execution(target)

    def action_cancel_refused(self) -> None:
        self.notify(READ_ONLY_CANCEL, title="Read-only", severity="warning", markup=False)

    def action_refresh_now(self) -> None:
        self.load()

    def action_pause(self) -> None:
        if not self.dfapp.refresh_paused:
            self.dfapp.toggle_refresh_paused()

    def action_resume(self) -> None:
        if self.dfapp.refresh_paused:
            self.dfapp.toggle_refresh_paused()

    def selected_object(self) -> Any | None:
        """The API model the user is pointing at (for J / c / C / w)."""
        return None

    def action_show_json(self) -> None:
        obj = self.selected_object()
        if obj is None:
            self.notify("Nothing selected", severity="warning")
            return
        self.dfapp.show_json(obj)

    def action_copy_id(self) -> None:
        obj = self.selected_object()
        if obj is not None:
            self.dfapp.copy_text(object_id(obj), "id")

    def action_copy_json(self) -> None:
        obj = self.selected_object()
        if obj is not None:
            self.dfapp.copy_json(obj)

    def action_watch(self) -> None:
        obj = self.selected_object()
        if obj is None:
            self.notify("Nothing selected", severity="warning")
            return
        self.dfapp.watch_object(obj)


_WRITE_ACTIONS = frozenset({"run", "run_refused", "cancel_execution", "cancel_refused"})


def write_action_state(action: str, read_only: bool, run_target: Any, cancel_target: Any) -> bool:
    """``check_action`` for x / k: hidden without a target; in read-only mode only the refusal runs."""
    target = run_target if action.startswith("run") else cancel_target
    if target is None:
        return False
    return read_only if action.endswith("_refused") else not read_only


def object_id(obj: Any) -> str:
    """The API id of any resource model."""
    for name in ("job_execution_id", "workflow_id", "job_id", "trigger_id"):
        value = getattr(obj, name, None)
        if value:
            return str(value)
    return ""
