"""``--debug``: a DEBUG log file that never shows a secret."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from dftui import __version__
from dftui.cli.common import error_line
from dftui.config import (
    ConfigError,
    SecretMaskFilter,
    default_log_path,
)
from dftui.config.paths import ensure_private_dir

logger = logging.getLogger("dftui.cli")


def start_debug_log(target: str, mask: SecretMaskFilter) -> logging.Handler:
    """Log the ``dftui`` logger at DEBUG to ``target`` (a 0600 file), masking known secrets."""
    path = Path(target).expanduser() if target else default_log_path()
    try:
        ensure_private_dir(path.parent)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot write the debug log {path}: {exc.strerror}") from None
    handler.setLevel(logging.DEBUG)
    handler.addFilter(mask)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    dftui_logger = logging.getLogger("dftui")
    dftui_logger.setLevel(logging.DEBUG)
    dftui_logger.addHandler(handler)
    logger.debug("dftui %s debug log started: %s", __version__, path)
    return handler


class _OneLineFormatter(logging.Formatter):
    """``dftui: warning: <message>``: one line; an exception adds its type and text, never a
    traceback (the ``--debug`` log has those)."""

    def __init__(self, mask: SecretMaskFilter) -> None:
        super().__init__()
        self.mask = mask

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            message += f" ({type(error).__name__}: {error})"
        return error_line(self.mask.mask(f"{record.levelname.lower()}: {message}"))

    def formatException(self, ei: object) -> str:  # noqa: N802 - logging's name
        return ""


def start_console_log(mask: SecretMaskFilter, *, quiet: bool) -> logging.Handler:
    """Warnings and errors of the ``dftui`` loggers on stderr, one masked line each.

    ``quiet`` (the TUI, which owns the terminal) swallows them instead; the ``--debug`` log still
    gets every record.
    """
    handler: logging.Handler
    if quiet:
        handler = logging.NullHandler()
    else:
        handler = logging.StreamHandler(sys.stderr)
        handler.setLevel(logging.WARNING)
        handler.addFilter(mask)
        handler.setFormatter(_OneLineFormatter(mask))
    logging.getLogger("dftui").addHandler(handler)
    return handler
