"""Screens that show live API data: fetch, show, and refresh while visible.

A subclass splits its work in two: :meth:`DataScreen.fetch` makes the API calls and returns
the data (no widgets touched), :meth:`DataScreen.show` renders data (no API calls). The base
decides when to do either, so the polling rules live here once:

* every fetch runs in an exclusive async worker, never on the UI loop;
* the next poll is a one-shot timer armed only after the previous fetch finished, so slow
  answers never overlap;
* only the visible screen polls: timers stop when the screen is suspended;
* a fetch that brings what is already shown does not redraw anything;
* a failed poll keeps the last good data and marks the screen stale: one toast per new error,
  then only the status line, which says when the next try is and that ``r`` retries now;
* failing polls back off (:mod:`dftui.ui.backoff`), so a failing server is asked less often;
* while data is on screen, a fetch slower than :data:`SLOW_REFRESH_S` says "refreshing…";
* a load in flight is never thrown away by a modal or a screen switch: it finishes (hidden
  screens then simply do not arm the next poll), so a first load never restarts from page 0;
* any write announced on the session's data signal makes a visible screen re-read at once,
  and a hidden one re-read when it is shown again.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from typing import Any, ClassVar, Generic, TypeVar

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.timer import Timer
from textual.worker import Worker, get_current_worker

from dftui.api.errors import DataFlowError
from dftui.startup import resume_collector
from dftui.ui.backoff import next_poll_delay
from dftui.ui.errors import error_identity, error_message
from dftui.ui.screens.chrome import ChromeScreen
from dftui.ui.services.data import DataChange
from dftui.ui.services.settings import RefreshSettings
from dftui.ui.session import Session
from dftui.ui.widgets.status_line import StatusLine

log = logging.getLogger(__name__)

DataT = TypeVar("DataT")

SLOW_REFRESH_S = 1.0
"""A refresh of data already on screen that takes longer than this says "refreshing…"."""
REPEAT_TOAST_AFTER = timedelta(minutes=10)
"""The same error is toasted again only after this long; in between the status line shows it."""


class DataScreen(ChromeScreen, Generic[DataT]):
    """A screen that fetches data, shows it, and refreshes it while visible."""

    #: seconds between polls; None means the session's refresh interval
    poll_interval: float | None = None
    #: the first fetch starts as the screen is composed, so its requests are in flight while
    #: Textual builds and lays out the widgets; only for a fetch that touches no widget
    fetch_while_composing: ClassVar[bool] = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "refresh_now", "Refresh", id="data.refresh"),
        # the header says PAUSED; the key is listed under ? rather than in a full footer
        Binding("p", "pause", "Pause", show=False, id="data.pause"),
        Binding("p", "resume", "Resume", id="data.resume"),
    ]

    def __init__(self, session: Session, **kwargs: Any) -> None:
        super().__init__(session, **kwargs)
        self.data: DataT | None = None
        self.stale_error: str | None = None
        self.loaded_once = False
        self._shown_key: Any = None
        self._timer: Timer | None = None
        self._active = False
        #: failed polls in a row, and the latest failure (they decide the next poll's delay)
        self.failures = 0
        self._last_error: BaseException | None = None
        #: when each error was last toasted, so a failing poll does not toast on every try
        self._toasted: dict[tuple[object, ...], datetime] = {}
        self._load_worker: Worker[None] | None = None
        self._early_fetch: asyncio.Task[DataT] | None = None

    # ------------------------------------------------------------- subclasses

    async def fetch(self) -> DataT:
        """Make the API calls and return what :meth:`show` needs. Raise to mark the screen stale."""
        raise NotImplementedError

    def show(self, data: DataT) -> None:
        """Render ``data``; called only when it differs from what is on screen."""

    def shown_key(self, data: DataT) -> Any:
        """What must differ for a redraw; time-relative views add the display day."""
        return (data, self.session.times.local(self.session.now()).date())

    def set_loading(self, loading: bool) -> None:
        """Show a loading indicator on the first load only."""

    def update_summary(self) -> None:
        """Write the status line summary."""

    def first_load_finished(self) -> None:
        """The first load ended (with data or an error): start what was waiting for it."""

    def wants_polling(self) -> bool:
        """Detail screens of finished things may stop polling."""
        return True

    def data_changed(self, change: DataChange) -> None:
        """A write happened somewhere: re-read now if visible, else on the next show."""
        if self._active:
            self.load()
        else:
            self.last_updated = None

    # ------------------------------------------------------------------ loading

    def compose(self) -> ComposeResult:
        if self.fetch_while_composing and not self.loaded_once and self._early_fetch is None:
            self._early_fetch = asyncio.ensure_future(self.fetch())
        yield from super().compose()

    def on_mount(self) -> None:
        # Textual runs every class's on_mount in the MRO, the most derived first: no screen
        # calls super().on_mount(), or the bases' subscriptions would be made twice
        self.session.data.changed.subscribe(self, self.data_changed)

    def on_unmount(self) -> None:
        # Textual calls ChromeScreen.on_unmount too (handlers run for each class in the MRO)
        early, self._early_fetch = self._early_fetch, None
        if early is not None:
            early.cancel()

    @property
    def fetching(self) -> bool:
        """A load is in flight."""
        return self._load_worker is not None and self._load_worker.is_running

    @work(exclusive=True, group="refresh", exit_on_error=False)
    async def load(self) -> None:
        """Fetch once, show what changed; on success or failure arm the next poll.

        A load superseded by a newer one (``exclusive``) leaves everything to that one.
        """
        worker = get_current_worker()
        self._load_worker = worker
        self._stop_timer()
        first = not self.loaded_once
        if first:
            self.set_loading(True)
        slow = None if first else self.set_timer(SLOW_REFRESH_S, self._show_refreshing)
        early, self._early_fetch = self._early_fetch, None
        try:
            data = await (early if early is not None else self.fetch())
        except Exception as error:  # keep the last good data whatever went wrong
            if not isinstance(error, DataFlowError):
                log.exception("unexpected error while refreshing %s", type(self).__name__)
            self._finish(first)
            self._mark_stale(error)
        else:
            self.data = data
            key = self.shown_key(data)
            if first or key != self._shown_key:
                self._shown_key = key
                self.show(data)
            self._finish(first)
            self._mark_fresh()
        finally:
            if slow is not None:
                slow.stop()
            if self._load_worker is worker:  # not superseded: this load's outcome decides
                self._load_worker = None
                self._set_refreshing(False)
                if not self.loaded_once:  # cancelled before its first answer
                    self.set_loading(False)
                self._arm_timer()

    def _finish(self, first: bool) -> None:
        if first:
            self.loaded_once = True
            self.set_loading(False)
            self.first_load_finished()
            self.call_after_refresh(resume_collector, "first data frame drawn")

    def _show_refreshing(self) -> None:
        if self.fetching:
            self._set_refreshing(True)

    def _set_refreshing(self, refreshing: bool) -> None:
        # query, not query_one: a load can end after its screen's widgets were removed (app exit)
        for line in self.query(StatusLine):
            line.refreshing = refreshing

    def _mark_fresh(self) -> None:
        self.last_updated = self.session.now()
        self.stale_error = None
        self.failures = 0
        self._last_error = None
        self.status_line.stale = None
        self.status_line.has_data = True
        self.update_summary()
        self.refresh_header()
        self.refresh_bindings()  # x / k depend on what was just loaded

    def _mark_stale(self, error: BaseException) -> None:
        skew = self.session.client.clock_skew
        message = error_message(error, clock_skew=skew)
        log.info("refresh of %s failed: %s", type(self).__name__, message)
        self.failures += 1
        self._last_error = error
        identity, now = error_identity(error), self.session.now()
        last = self._toasted.get(identity)
        if last is None or now - last >= REPEAT_TOAST_AFTER:
            self._toasted[identity] = now
            self.notify(message, title=f"{self.screen_title}: refresh failed", severity="error", markup=False)
        self.stale_error = message
        line = error_message(error, clock_skew=skew, facts=False)
        if self.wants_polling() and not self.session.settings.paused:
            line += f" · next try in {_seconds(self.next_delay())}, r retries now"
        self.status_line.stale = line
        self.update_summary()

    # ------------------------------------------------------------------ polling

    @property
    def interval(self) -> float:
        return self.poll_interval if self.poll_interval is not None else self.session.settings.interval

    def live_summary(self) -> str:
        """``live every 5s`` / ``refresh paused``, for status lines."""
        return "refresh paused" if self.session.settings.paused else f"live every {self.interval:g}s"

    def next_delay(self) -> float:
        """The refresh interval while healthy, longer after failures in a row."""
        return next_poll_delay(self.interval, self.failures, self._last_error)

    def _arm_timer(self) -> None:
        self._stop_timer()
        if self._active and not self.session.settings.paused and self.wants_polling():
            self._timer = self.set_timer(self.next_delay(), self._on_timer)

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _on_timer(self) -> None:
        self._timer = None
        if self._active and not self.session.settings.paused:
            self.load()

    @property
    def on_screen(self) -> bool:
        """Whether this is the screen the user sees (not hidden by another mode or a modal)."""
        return self._active

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        self._active = True
        self.refresh_header()
        if self.fetching:
            return  # the load still running (under a modal, say) arms the next poll when done
        if not self.loaded_once or self._is_due():
            self.load()
        else:
            self._arm_timer()

    def on_screen_suspend(self, event: events.ScreenSuspend) -> None:
        """Stop polling; a load in flight finishes, so a modal never restarts a first load."""
        self._active = False
        self._stop_timer()

    def _is_due(self) -> bool:
        if self.last_updated is None:
            return True
        if self.failures:  # failing: the backoff decides, not the time since the last success
            return False
        age = (self.session.now() - self.last_updated).total_seconds()
        return age >= self.interval

    def settings_changed(self, settings: RefreshSettings) -> None:
        """Pause, interval or read-only changed."""
        super().settings_changed(settings)
        self.update_summary()
        if not self._active:
            return
        if settings.paused:
            self._stop_timer()
        elif self.fetching:
            return
        elif self._timer is None:
            self.load()
        else:
            self._arm_timer()

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pause":  # one key, labelled for what it will do
            return not self.session.settings.paused
        if action == "resume":
            return self.session.settings.paused
        return super().check_action(action, parameters)

    def action_refresh_now(self) -> None:
        """Re-read at once, also while backing off after failures; a refresh under way is kept
        (a second one would only put another request in flight for the same data)."""
        if self.fetching:
            self._set_refreshing(True)
            return
        self.load()

    def action_pause(self) -> None:
        if not self.session.settings.paused:
            self.session.settings.toggle_paused()

    def action_resume(self) -> None:
        if self.session.settings.paused:
            self.session.settings.toggle_paused()


def _seconds(seconds: float) -> str:
    return f"{seconds:.0f}s" if seconds >= 10 else f"{seconds:.2g}s"
