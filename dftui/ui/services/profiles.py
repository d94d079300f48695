"""Switch to another profile at runtime: new client, new session, fresh screens, nothing cached.

Everything loaded under the old profile belongs to another account (or the demo emulator), so
the switcher only checks the new profile and builds its client; the app then opens a new
session and rebuilds its screens (``adopt``), and the old client is closed.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.app import App

from dftui.api import DataFlowClient
from dftui.config import ConfigError, ResolvedConfig, list_profiles, load_config

log = logging.getLogger(__name__)

ClientFactory = Callable[[ResolvedConfig], DataFlowClient]


def default_client_factory(config: ResolvedConfig) -> DataFlowClient:
    return DataFlowClient.from_profile(config)


class ProfileSwitcher:
    """Lists the profiles worth offering and performs the switch."""

    def __init__(
        self,
        host: App[Any],
        adopt: Callable[[ResolvedConfig, DataFlowClient], Awaitable[None]],
        client_factory: ClientFactory = default_client_factory,
    ) -> None:
        self._host = host
        self._adopt = adopt
        self.client_factory = client_factory

    @staticmethod
    def _config_file(config: ResolvedConfig) -> Path | None:
        """The TOML file the running profile came from, when it exists (so the same file is read)."""
        return config.config_file if config.config_file.is_file() else None

    def choices(self, current: ResolvedConfig, *, demo: bool) -> list[str]:
        """Other profiles when there is more than one; in demo mode, every profile with credentials."""
        config_file = self._config_file(current)
        try:
            names = list_profiles(config_file=config_file)
        except ConfigError as error:
            log.info("cannot list profiles: %s", error)
            return []
        if demo:  # leaving the demo only makes sense for a profile that can sign requests
            return [name for name in names if self._usable(name, config_file)]
        if len(names) < 2:
            return []
        return [name for name in names if name.lower() != current.profile_name.lower()]

    @staticmethod
    def _usable(name: str, config_file: Path | None) -> bool:
        try:
            return load_config(profile=name, config_file=config_file).has_credentials
        except ConfigError:
            return False

    def switch(self, name: str, current: ResolvedConfig) -> None:
        self._host.run_worker(
            self._switch(name, current), group="switch-profile", exclusive=True, exit_on_error=False
        )

    async def _switch(self, name: str, current: ResolvedConfig) -> None:
        try:
            config = load_config(profile=name, config_file=self._config_file(current))
        except ConfigError as error:
            self._error(f"Cannot switch to profile {name}: {error}")
            return
        if not config.has_credentials:
            self._error(
                f"Profile {name} has no credentials (it needs both an access key and a secret key); "
                f"staying on {current.profile_name}"
            )
            return
        try:
            client = self.client_factory(config)
        except Exception as error:
            self._error(f"Cannot switch to profile {name}: {error}")
            return
        await self._adopt(config, client)

    def _error(self, message: str) -> None:
        self._host.notify(message, severity="error", markup=False, timeout=10)


__all__ = ["ClientFactory", "ProfileSwitcher", "default_client_factory"]
