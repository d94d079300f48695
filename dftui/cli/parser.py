"""The argument parser of the ``dftui`` command and its subcommands."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from dftui import __version__
from dftui.cli.common import (
    DEFAULT_LOG,
    DEFAULT_SEED,
    DEFAULT_SPEED,
    EMULATOR_DEFAULT_PORT,
    SUBCOMMANDS,
    positive_float,
)
from dftui.cli.wait_command import exit_codes_help
from dftui.config import (
    PROFILE_KEYS,
    default_log_path,
    display_path,
)
from dftui.emulator.options import add_emulator_arguments


def _profile_options(*, suppress: bool) -> argparse.ArgumentParser:
    """``--profile``/``--config``, accepted before and after a subcommand.

    Subcommands use ``SUPPRESS`` defaults so an option given before the subcommand survives.
    """
    default = argparse.SUPPRESS if suppress else None
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--profile", metavar="NAME", default=default, help="profile to use (env DFTUI_PROFILE)"
    )
    parent.add_argument(
        "--config", metavar="PATH", default=default, help="dftui config file (env DFTUI_CONFIG)"
    )
    return parent


def build_parser() -> argparse.ArgumentParser:
    """The whole argument parser (exposed for tests and shell-completion generators)."""
    parser = argparse.ArgumentParser(
        prog="dftui",
        description="Terminal UI for NAVER Cloud Platform Data Flow. Without credentials it runs on an "
        "embedded demo emulator.",
        parents=[_profile_options(suppress=False)],
        epilog="Credentials: NCLOUD_ACCESS_KEY/NCLOUD_SECRET_KEY, dftui's config.toml or ~/.ncloud/configure. "
        "See `dftui config path`.",
    )
    parser.add_argument("--version", action="version", version=f"dftui {__version__}")
    parser.add_argument(
        "--demo", action="store_true", help="use the embedded demo emulator, even with credentials"
    )
    parser.add_argument(
        "--read-only",
        "--readonly",
        dest="read_only",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="refuse every change (create/update/delete/run); --no-read-only lifts a profile's setting",
    )
    parser.add_argument(
        "--refresh",
        metavar="SECONDS",
        type=float,
        default=None,
        help="auto-refresh interval, 1 to 3600 seconds (default 5)",
    )
    parser.add_argument(
        "--api-url", metavar="URL", default=None, help="Data Flow endpoint (env NCLOUD_API_URL)"
    )
    parser.add_argument(
        "--debug",
        metavar="LOGFILE",
        nargs="?",
        const=DEFAULT_LOG,
        default=None,
        help=f"write a DEBUG log (default {display_path(default_log_path())})",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="demo data seed (demo mode)")
    parser.add_argument(
        "--speed", type=positive_float, default=DEFAULT_SPEED, help="demo clock speed factor (demo mode)"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    config = commands.add_parser("config", help="show or change configuration")
    config_commands = config.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    config_commands.add_parser(
        "path", parents=[_profile_options(suppress=True)], help="print the config file paths in use"
    )
    config_commands.add_parser(
        "show",
        parents=[_profile_options(suppress=True)],
        help="print the resolved profile and where each value comes from",
    )
    setter = config_commands.add_parser(
        "set",
        parents=[_profile_options(suppress=True)],
        help="write one setting into dftui's config.toml (mode 0600)",
        description="Keys: "
        + ", ".join([*PROFILE_KEYS[:-1], "keymap.<binding-id>", "default_profile"])
        + ". For secret_key, omit VALUE (or pass -) to be prompted or read stdin.",
    )
    setter.add_argument("key", metavar="KEY")
    setter.add_argument("value", metavar="VALUE", nargs="?")

    emulator = commands.add_parser("emulator", help="run the Data Flow emulator in the foreground")
    add_emulator_arguments(emulator, default_port=EMULATOR_DEFAULT_PORT)

    waiter = commands.add_parser(
        "wait",
        parents=[_profile_options(suppress=True)],
        help="wait for a job execution to finish (exit 0 completed, 1 failed/canceled; see its --help)",
        description="Poll one job execution until it ends; the exit code says how it ended.",
        epilog=exit_codes_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    waiter.add_argument("job_id")
    waiter.add_argument("execution_id")
    waiter.add_argument("--timeout", type=positive_float, default=None, metavar="SECONDS")
    waiter.add_argument("--interval", type=positive_float, default=None, metavar="SECONDS")
    return parser


def protect_subcommand_after_debug(argv: Sequence[str]) -> list[str]:
    """Keep ``--debug config show`` from reading ``config`` as the log file name."""
    fixed = list(argv)
    for index, token in enumerate(fixed[:-1]):
        if token == "--debug" and fixed[index + 1] in SUBCOMMANDS:
            fixed[index] = f"--debug={DEFAULT_LOG}"
    return fixed
