"""Switch to another profile at runtime: new client, fresh screens, nothing cached.

Everything loaded under the old profile belongs to another account (or the demo
emulator), so switching drops the palette cache and the watches, rebuilds every mode's
screens from scratch and closes the old HTTP client.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from dftui.config import ConfigError, list_profiles, load_config

if TYPE_CHECKING:
    from dftui.api import DataFlowClient
    from dftui.config import ResolvedConfig
    from dftui.ui.app import DataFlowApp

log = logging.getLogger(__name__)

_SWITCHING_MODE = "_switching_profile"


def default_client_factory(config: ResolvedConfig) -> DataFlowClient:
    from dftui.api import DataFlowClient

    return DataFlowClient.from_profile(config)


class ProfileSwitcher:
    """Lists the profiles worth offering and performs the switch."""

    def __init__(
        self,
        app: DataFlowApp,
        client_factory: Callable[[ResolvedConfig], DataFlowClient] = default_client_factory,
    ) -> None:
        self.app = app
        self.client_factory = client_factory

    def _config_file(self) -> Path | None:
        """The TOML file the running profile came from, when it exists (so the same file is read)."""
        path = getattr(self.app.config, "config_file", None)
        return Path(path) if path is not None and Path(path).is_file() else None

    def choices(self) -> list[str]:
        """Other profiles when there is more than one; in demo mode, every profile with credentials."""
        try:
            names = list_profiles(config_file=self._config_file())
        except ConfigError as error:
            log.info("cannot list profiles: %s", error)
            return []
        if self.app.demo:  # leaving the demo only makes sense for a profile that can sign requests
            return [name for name in names if self._usable(name)]
        if len(names) < 2:
            return []
        current = self.app.profile_label.lower()
        return [name for name in names if name.lower() != current]

    def _usable(self, name: str) -> bool:
        try:
            return load_config(profile=name, config_file=self._config_file()).has_credentials
        except ConfigError:
            return False

    def switch(self, name: str) -> None:
        self.app.run_worker(self._switch(name), group="switch-profile", exclusive=True, exit_on_error=False)

    async def _switch(self, name: str) -> None:
        app = self.app
        try:
            config = load_config(profile=name, config_file=self._config_file())
        except ConfigError as error:
            app.notify(
                f"Cannot switch to profile {name}: {error}", severity="error", markup=False, timeout=10
            )
            return
        if not config.has_credentials:
            app.notify(
                f"Profile {name} has no credentials (it needs both an access key and a secret key); "
                f"staying on {app.profile_label}",
                severity="error",
                markup=False,
                timeout=10,
            )
            return
        try:
            client = self.client_factory(config)
        except Exception as error:
            app.notify(f"Cannot switch to profile {name}: {error}", severity="error", markup=False)
            return
        old_client, owned = app.client, app.close_client_on_exit
        app.stop_watching_all()
        app.adopt_profile(config, client)
        try:
            await self._rebuild_screens()
        except Exception:  # never strand the user: at worst the visible screen re-reads
            log.exception("rebuilding the screens after a profile switch failed")
            app.reload_visible()
        if owned and hasattr(old_client, "aclose"):
            try:
                await old_client.aclose()
            except Exception:  # a close failure must not undo a good switch
                log.debug("closing the previous client failed", exc_info=True)
        suffix = " · read-only stays on" if app.read_only and not config.read_only else ""
        app.notify(f"Switched to profile {name} ({config.api_url}){suffix}", markup=False)
        app.show_warnings()

    async def _rebuild_screens(self) -> None:
        """Fresh screens for every mode; the visible one is rebuilt behind a blank screen."""
        app = self.app
        current = app.current_mode
        modes: dict[str, Any] = dict(app.MODES)
        for mode, screen_class in modes.items():
            if mode != current:
                await app.remove_mode(mode)
                app.add_mode(mode, screen_class)
        app.add_mode(_SWITCHING_MODE, Screen)
        await app.switch_mode(_SWITCHING_MODE)
        if current in modes:
            await app.remove_mode(current)
            app.add_mode(current, modes[current])
            await app.switch_mode(current)
        else:
            await app.switch_mode(app.DEFAULT_MODE)
        await app.remove_mode(_SWITCHING_MODE)


__all__ = ["ProfileSwitcher", "default_client_factory"]
