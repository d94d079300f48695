"""``--debug``: a DEBUG log file that never shows a secret."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from dftui import __version__
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
