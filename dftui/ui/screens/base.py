"""Screens that show live API data: fetch, show, and refresh while visible.

A subclass splits its work in two: :meth:`DataScreen.fetch` makes the API calls and returns
the data (no widgets touched), :meth:`DataScreen.show` renders data (no API calls). The base
decides when to do either, so the polling rules live here once:

* every fetch runs in an exclusive async worker, never on the UI loop;
* the next poll is a one-shot timer armed only after the previous fetch finished, so slow
  answers never overlap;
* only the visible screen polls: timers stop when the screen is suspended;
* a fetch that brings what is already shown does not redraw anything;
* a failed poll keeps the last good data and marks the screen stale (one toast per new error);
* any write announced on the session's data signal makes a visible screen re-read at once,
  and a hidden one re-read when it is shown again.
"""

from __future__ import annotations

import logging
from typing import Any, ClassVar, Generic, TypeVar

from textual import events, work
from textual.binding import Binding, BindingType
from textual.timer import Timer

from dftui.api.errors import DataFlowError
from dftui.ui.errors import error_message
from dftui.ui.screens.chrome import ChromeScreen
from dftui.ui.services.data import DataChange
from dftui.ui.services.settings import RefreshSettings
from dftui.ui.session import Session

log = logging.getLogger(__name__)

DataT = TypeVar("DataT")


class DataScreen(ChromeScreen, Generic[DataT]):
    """A screen that fetches data, shows it, and refreshes it while visible."""

    #: seconds between polls; None means the session's refresh interval
    poll_interval: float | None = None

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

    def on_mount(self) -> None:
        super().on_mount()
        self.session.data.changed.subscribe(self, self.data_changed)

    @work(exclusive=True, group="refresh", exit_on_error=False)
    async def load(self) -> None:
        """Fetch once, show what changed; on success or failure arm the next poll."""
        self._stop_timer()
        if not self.loaded_once:
            self.set_loading(True)
        try:
            data = await self.fetch()
        except Exception as error:  # keep the last good data whatever went wrong
            if not isinstance(error, DataFlowError):
                log.exception("unexpected error while refreshing %s", type(self).__name__)
            self._mark_stale(error)
        else:
            self.data = data
            key = self.shown_key(data)
            if not self.loaded_once or key != self._shown_key:
                self._shown_key = key
                self.show(data)
            self._mark_fresh()
        finally:
            if not self.loaded_once:
                self.loaded_once = True
                self.set_loading(False)
            self._arm_timer()

    def _mark_fresh(self) -> None:
        self.last_updated = self.session.now()
        self.stale_error = None
        self.status_line.stale = None
        self.status_line.has_data = True
        self.update_summary()
        self.refresh_header()
        self.refresh_bindings()  # x / k depend on what was just loaded

    def _mark_stale(self, error: BaseException) -> None:
        message = error_message(error)
        log.info("refresh of %s failed: %s", type(self).__name__, message)
        if message != self.stale_error:
            self.notify(message, title=f"{self.screen_title}: refresh failed", severity="error", markup=False)
        self.stale_error = message
        self.status_line.stale = message
        self.update_summary()

    # ------------------------------------------------------------------ polling

    @property
    def interval(self) -> float:
        return self.poll_interval if self.poll_interval is not None else self.session.settings.interval

    def live_summary(self) -> str:
        """``live every 5s`` / ``refresh paused``, for status lines."""
        return "refresh paused" if self.session.settings.paused else f"live every {self.interval:g}s"

    def _arm_timer(self) -> None:
        self._stop_timer()
        if self._active and not self.session.settings.paused and self.wants_polling():
            self._timer = self.set_timer(self.interval, self._on_timer)

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _on_timer(self) -> None:
        self._timer = None
        if self._active and not self.session.settings.paused:
            self.load()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        self._active = True
        self.refresh_header()
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
        self.load()

    def action_pause(self) -> None:
        if not self.session.settings.paused:
            self.session.settings.toggle_paused()

    def action_resume(self) -> None:
        if self.session.settings.paused:
            self.session.settings.toggle_paused()
