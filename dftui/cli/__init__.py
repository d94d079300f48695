"""Command line of dftui: run the TUI, inspect/edit configuration, run the emulator, wait for a run.

Heavy packages (Textual, the emulator, the HTTP client) are imported inside the commands that need
them, so ``dftui --help``/``--version`` stay fast and never depend on the UI being importable.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence

from dftui.cli.app_command import demo_banner, run_app
from dftui.cli.common import (
    AMBIENT_EVERY,
    BANNER_DEMO_FLAG,
    BANNER_NO_CREDENTIALS,
    BANNER_PARTIAL_CREDENTIALS,
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_TIMEOUT,
    EXIT_USAGE,
    EmulatorStartError,
    error_line,
)
from dftui.cli.config_commands import (
    config_path_command,
    config_set_command,
    config_show_command,
    describe_config,
)
from dftui.cli.debug_log import start_console_log, start_debug_log
from dftui.cli.emulator_command import run_emulator, signed_curl_hint
from dftui.cli.parser import build_parser, protect_subcommand_after_debug
from dftui.cli.wait_command import wait_command, wait_for_execution
from dftui.config import ConfigError, SecretMaskFilter
from dftui.emulator.options import EmulatorOptions, options_from_args
from dftui.startup import resume_collector

__all__ = [
    "AMBIENT_EVERY",
    "BANNER_DEMO_FLAG",
    "BANNER_NO_CREDENTIALS",
    "BANNER_PARTIAL_CREDENTIALS",
    "EXIT_FAILED",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_TIMEOUT",
    "EXIT_USAGE",
    "build_parser",
    "demo_banner",
    "describe_config",
    "main",
    "run_app",
    "run_emulator",
    "signed_curl_hint",
    "wait_for_execution",
]

logger = logging.getLogger("dftui.cli")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``dftui`` script and ``python -m dftui``; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(protect_subcommand_after_debug(sys.argv[1:] if argv is None else argv))
    emulator_options: EmulatorOptions | None = None
    if args.command == "emulator":
        try:
            emulator_options = options_from_args(args)
        except ValueError as exc:
            parser.error(str(exc))

    mask = SecretMaskFilter()
    dftui_logger = logging.getLogger("dftui")
    previous_level = dftui_logger.level
    handlers: list[logging.Handler] = []
    try:
        # The TUI owns the terminal: a log line there would be drawn over it. Other commands show
        # warnings and errors on stderr, one line each. Either way logging's last-resort handler
        # (which printed every configuration warning a second time) is never used.
        handlers.append(start_console_log(mask, quiet=args.command is None))
        if args.debug is not None:
            handlers.append(start_debug_log(args.debug, mask))
        return _dispatch(args, mask, emulator_options)
    except ConfigError as exc:
        print(error_line(mask.mask(str(exc))), file=sys.stderr)
        return EXIT_USAGE
    except EmulatorStartError as exc:
        logger.debug("emulator start failed", exc_info=True)
        print(error_line(mask.mask(str(exc))), file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        # Ctrl+C quits the TUI; elsewhere it is never 0, so a script running
        # `dftui wait ... && deploy` does not read it as success
        return EXIT_OK if args.command is None else EXIT_INTERRUPTED
    finally:
        for handler in handlers:
            dftui_logger.removeHandler(handler)
            handler.close()
        dftui_logger.setLevel(previous_level)


def _dispatch(
    args: argparse.Namespace, mask: SecretMaskFilter, emulator_options: EmulatorOptions | None
) -> int:
    if args.command is not None:
        resume_collector(f"the {args.command} command")  # only the TUI keeps it paused longer
    if args.command == "config":
        actions: dict[str, Callable[[argparse.Namespace], int]] = {
            "path": config_path_command,
            "show": config_show_command,
            "set": config_set_command,
        }
        return actions[args.config_command](args)
    if emulator_options is not None:  # the emulator command, its options checked in main()
        return run_emulator(emulator_options)
    if args.command == "wait":
        return wait_command(args, mask)
    return run_app(args, mask)
