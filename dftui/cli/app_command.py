"""``dftui``: run the TUI, on the real service or the embedded demo emulator."""

from __future__ import annotations

import argparse
import logging
from typing import Any

from dftui.cli.common import (
    BANNER_DEMO_FLAG,
    BANNER_NO_CREDENTIALS,
    BANNER_PARTIAL_CREDENTIALS,
    EmulatorStartError,
    load_for,
)
from dftui.cli.config_commands import describe_config
from dftui.cli.crash import guarded_run
from dftui.config import (
    ResolvedConfig,
    SecretMaskFilter,
    default_demo_db_path,
)
from dftui.config.paths import ensure_private_dir

logger = logging.getLogger("dftui.cli")


def demo_banner(args: argparse.Namespace, config: ResolvedConfig) -> str | None:
    """Why dftui runs on the embedded emulator, or ``None`` when it talks to the real service."""
    if args.demo:
        return BANNER_DEMO_FLAG
    if config.has_credentials:
        return None
    if config.access_key or config.secret_key is not None:
        return BANNER_PARTIAL_CREDENTIALS
    return BANNER_NO_CREDENTIALS


def run_app(args: argparse.Namespace, mask: SecretMaskFilter) -> int:
    """Resolve the profile, start the demo emulator when needed and run the TUI until it exits."""
    config = load_for(args)
    mask.add(config.secret_key)
    logger.debug("configuration:\n%s", "\n".join(describe_config(config)))
    banner = demo_banner(args, config)
    server: Any = None
    try:
        if banner is not None:
            server = _spawn_demo_emulator(args)  # its own process: it loads while the UI starts
            mask.add(server.secret_key)
        from dftui.api import DataFlowClient
        from dftui.ui.app import DataFlowApp

        if server is not None:
            config = _point_at_demo(server, config)
            logger.info("demo mode: %s", banner)

        client = DataFlowClient.from_profile(config)
        made: list[Any] = []

        def make_app() -> Any:
            ready = None if server is None else server.start  # waited for in the app, not here
            made.append(
                DataFlowApp(config, client, demo=banner is not None, banner=banner, emulator_ready=ready)
            )
            return made[-1]

        code = guarded_run(make_app, mask, lambda: describe_config(config))
        failure = getattr(made[-1], "emulator_failure", None) if made else None
        if failure is not None:
            raise EmulatorStartError(f"cannot start the demo emulator: {failure}")
        return code
    finally:
        if server is not None:
            server.stop()


def _spawn_demo_emulator(args: argparse.Namespace) -> Any:
    from dftui.emulator import EmulatorChild  # looked up on the package, so tests can substitute it
    from dftui.emulator.options import EmulatorOptions

    db_path = default_demo_db_path()
    ensure_private_dir(db_path.parent)
    # simulated teammates start runs, so a newcomer sees something change within a minute
    options = EmulatorOptions(db=str(db_path), seed=args.seed, speed=args.speed, activity=True)
    try:
        return EmulatorChild.spawn(options)
    except Exception as exc:
        raise EmulatorStartError(f"cannot start the demo emulator: {exc}") from exc


def _point_at_demo(server: Any, config: ResolvedConfig) -> ResolvedConfig:
    """The profile points at the demo emulator: its URL is known before it serves."""
    return config.with_overrides(
        {"api_url": server.base_url, "access_key": server.access_key, "secret_key": server.secret_key},
        source="demo emulator",
    )
