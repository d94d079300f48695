"""Exit codes, defaults and small pieces every dftui command shares."""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections.abc import Iterable
from typing import Any, TextIO

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
"""The execution failed or was canceled (``dftui wait``); the app crashed or could not start."""
EXIT_USAGE = 2
"""Bad input: usage, configuration or a value that is not allowed. Nothing was sent."""
EXIT_TIMEOUT = 3
EXIT_NOT_FOUND = 4
EXIT_AUTH = 5
EXIT_NETWORK = 6
EXIT_API_ERROR = 7
EXIT_INTERRUPTED = 130

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


def one_line(text: str) -> str:
    """``text`` as one printable line: line breaks become spaces, other control characters,
    bidi overrides and undecodable bytes become visible escapes such as ``\\x1b``."""
    out: list[str] = []
    for char in " ".join(text.split("\n")):
        category = unicodedata.category(char)
        if char == "\t" or char == "\r":
            out.append(" ")
        elif category in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp") and char != "\u200d":
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)


def error_line(message: str) -> str:
    """``dftui: <message>`` on one line: how every command reports a problem on stderr."""
    return f"dftui: {one_line(message)}"


def print_warnings(warnings: Iterable[str], stream: TextIO | None = None) -> None:
    """Configuration warnings, once each, on stderr (never also through logging)."""
    for warning in warnings:
        print(error_line(f"warning: {warning}"), file=stream or sys.stderr)


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
