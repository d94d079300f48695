"""Exit codes, defaults and small pieces every dftui command shares."""

from __future__ import annotations

import argparse
from typing import Any

from dftui.config import (
    ResolvedConfig,
    load_config,
)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_TIMEOUT = 3

DEFAULT_SEED = 42
DEFAULT_SPEED = 1.0
AMBIENT_EVERY = (30.0, 90.0)
"""Seconds between the demo's simulated teammates' ad-hoc runs: something starts every minute or so."""
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


def positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be greater than 0, got {text!r}")
    return value


def share(text: str) -> float:
    """A share of requests, 0 to 1."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a share between 0 and 1, got {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, got {text!r}")
    return value


def non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {text!r}")
    return value


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
