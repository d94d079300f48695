"""Live settings the user changes while the app runs: refresh interval, pause, read-only."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from textual.app import App
from textual.signal import Signal

from dftui.api import DataFlowClient

REFRESH_CHOICES = (2.0, 5.0, 10.0, 30.0, 60.0)


@dataclass(frozen=True)
class RefreshSettings:
    """A frozen snapshot: subscribers compare the old and the new one, never half-updated state."""

    interval: float
    paused: bool = False
    read_only: bool = False


class LiveSettings:
    """Owns the current :class:`RefreshSettings` and tells subscribers when they change.

    Read-only is applied to the client too, so the client refuses writes even if a screen forgot.
    The toggles are what the user's keys and palette commands call, so they also say what changed.
    """

    def __init__(self, host: App[Any], client: DataFlowClient, initial: RefreshSettings) -> None:
        self._host = host
        self._client = client
        self._current = initial
        client.read_only = initial.read_only
        self.changed: Signal[RefreshSettings] = Signal(host, "settings-changed")

    @property
    def current(self) -> RefreshSettings:
        return self._current

    @property
    def interval(self) -> float:
        return self._current.interval

    @property
    def paused(self) -> bool:
        return self._current.paused

    @property
    def read_only(self) -> bool:
        return self._current.read_only

    def update(self, **changes: Any) -> RefreshSettings:
        new = replace(self._current, **changes)
        if new != self._current:
            self._current = new
            self._client.read_only = new.read_only
            self.changed.publish(new)
        return new

    def refuses(self, message: str) -> bool:
        """True, after telling the user ``message``, when read-only mode forbids a write.

        Every write (run, stop, rerun, create, edit, delete) asks this first, before any dialog.
        """
        if self._current.read_only:
            self._host.notify(message, title="Read-only", severity="warning", markup=False)
            return True
        return False

    def toggle_paused(self) -> None:
        paused = self.update(paused=not self._current.paused).paused
        self._host.notify("Live refresh paused" if paused else "Live refresh resumed")

    def toggle_read_only(self) -> None:
        read_only = self.update(read_only=not self._current.read_only).read_only
        self._host.notify("Read-only mode on: changes are blocked" if read_only else "Read-only mode off")

    def set_interval(self, seconds: float) -> None:
        self.update(interval=float(seconds))
        self._host.notify(f"Refreshing every {seconds:g}s")
