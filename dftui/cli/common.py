"""Exit codes, defaults and small pieces every dftui command shares."""

from __future__ import annotations

import argparse
from typing import Any

from dftui.config import (
    ResolvedConfig,
    load_config,
)
from dftui.emulator.options import AMBIENT_EVERY as AMBIENT_EVERY
from dftui.emulator.options import DEFAULT_SEED as DEFAULT_SEED
from dftui.emulator.options import DEFAULT_SPEED as DEFAULT_SPEED
from dftui.emulator.options import positive_float as positive_float

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_TIMEOUT = 3

EMULATOR_DEFAULT_PORT = 8484
SUBCOMMANDS = ("config", "emulator", "wait")
DEFAULT_LOG = ""  # ``--debug`` without a file name

BANNER_DEMO_FLAG = (
    "Demo mode (--demo): running on the embedded Data Flow emulator; your account is not touched"
)
BANNER_NO_CREDENTIALS = (
    "No credentials configured: running on the embedded demo emulator "
    "(set NCLOUD_ACCESS_KEY and NCLOUD_SECRET_KEY, or run `dftui config set`, to use your account)"
)
BANNER_PARTIAL_CREDENTIALS = "Incomplete credentials (only one of access key / secret key is set): running on the embedded demo emulator"


def _overrides(args: argparse.Namespace) -> dict[str, Any]:
    return {"api_url": args.api_url, "read_only": args.read_only, "refresh_interval": args.refresh}


def load_for(args: argparse.Namespace) -> ResolvedConfig:
    return load_config(profile=args.profile, config_file=args.config, overrides=_overrides(args))


class EmulatorStartError(Exception):
    """The emulator could not start (port in use, unwritable database …)."""


def start_server(server: Any, what: str) -> None:
    try:
        server.start()
    except Exception as exc:
        raise EmulatorStartError(f"cannot start {what}: {exc}") from exc
