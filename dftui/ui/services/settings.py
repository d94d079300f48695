"""Live settings the user changes while the app runs: refresh interval, pause, read-only."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from textual.dom import DOMNode
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
    """

    def __init__(self, owner: DOMNode, client: DataFlowClient, initial: RefreshSettings) -> None:
        self._client = client
        self._current = initial
        client.read_only = initial.read_only
        self.changed: Signal[RefreshSettings] = Signal(owner, "settings-changed")

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

    def toggle_paused(self) -> RefreshSettings:
        return self.update(paused=not self._current.paused)

    def toggle_read_only(self) -> RefreshSettings:
        return self.update(read_only=not self._current.read_only)

    def set_interval(self, seconds: float) -> RefreshSettings:
        return self.update(interval=float(seconds))
