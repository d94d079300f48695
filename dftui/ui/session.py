"""Everything one connection to an account shares: config, client, clock and the services.

The app builds one :class:`Session` per profile and hands it to every screen it creates; a
profile switch builds a new session and new screens, so nothing of one account leaks into
another. Screens read and change shared state only through these services, and hear about
changes through their signals (settings, data, watches, request log).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from weakref import ReferenceType, WeakKeyDictionary, ref

from textual.app import App

from dftui.api import DataFlowClient
from dftui.config import ResolvedConfig
from dftui.ui.format import TimeDisplay
from dftui.ui.keymap import unknown_keymap_ids
from dftui.ui.services.actions import RunControl
from dftui.ui.services.data import AccountData
from dftui.ui.services.request_log import RequestLog
from dftui.ui.services.runs import RunsService
from dftui.ui.services.settings import LiveSettings, RefreshSettings
from dftui.ui.services.watches import WatchService
from dftui.ui.services.writes import ResourceWrites


@dataclass(frozen=True)
class Session:
    config: ResolvedConfig
    client: DataFlowClient
    clock: Callable[[], datetime]
    demo: bool
    times: TimeDisplay
    settings: LiveSettings
    data: AccountData
    watches: WatchService
    requests: RequestLog
    actions: RunControl
    runs: RunsService
    writes: ResourceWrites

    @classmethod
    def open(
        cls,
        host: App[Any],
        config: ResolvedConfig,
        client: DataFlowClient,
        *,
        clock: Callable[[], datetime],
        demo: bool = False,
        read_only: bool = False,
    ) -> Session:
        """Wire the services for ``client``; ``read_only`` can only add to the profile's own."""
        times = TimeDisplay.named(config.time_zone)
        settings = LiveSettings(
            host,
            client,
            RefreshSettings(interval=config.refresh_interval, read_only=config.read_only or read_only),
        )
        data = AccountData(host, client)
        watches = WatchService(host, client, clock, bell=config.bell)
        requests = RequestLog(host)
        requests.attach(client)
        actions = RunControl(host, client, settings, data, watches, times)
        runs = RunsService(client, data)
        writes = ResourceWrites(host, client, settings, data, times, clock)
        session = cls(
            config,
            client,
            clock,
            demo,
            times,
            settings,
            data,
            watches,
            requests,
            actions,
            runs,
            writes=writes,
        )
        _SESSIONS[host] = ref(session)
        return session

    def now(self) -> datetime:
        return self.clock()

    @property
    def profile_label(self) -> str:
        return self.config.profile_name

    @property
    def endpoint_label(self) -> str:
        return "demo emulator" if self.demo else self.config.api_url

    @property
    def config_warnings(self) -> list[str]:
        """Problems found while loading the configuration (insecure file, odd URL, keymap typo …)."""
        warnings = list(self.config.warnings)
        keymap = self.config.keymap
        for binding_id in unknown_keymap_ids(keymap):
            warnings.append(
                f"keymap: no key has the id {binding_id!r}, so {keymap[binding_id]!r} does nothing; "
                "press ? to see each key's id (e.g. data.refresh)"
            )
        return warnings

    def close(self) -> None:
        self.watches.close()


_SESSIONS: WeakKeyDictionary[App[Any], ReferenceType[Session]] = WeakKeyDictionary()
"""Each app's session, held weakly on both sides: the app holds its session. A session held
strongly here would keep its app alive for ever (the session's services refer to the app, and
a weak-keyed entry lives as long as its value keeps the key alive), with every screen and row
the app ever showed."""


def session_of(app: App[Any]) -> Session:
    """The session of ``app``, for objects Textual builds itself (command palette providers)."""
    held = _SESSIONS.get(app)
    session = None if held is None else held()
    if session is None:
        raise LookupError("this app has no dftui session")
    return session
