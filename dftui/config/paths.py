"""Where dftui and the NAVER Cloud CLI keep their files.

Paths are computed on every call (not at import) so that tests and users who change
``HOME``/``XDG_*`` at runtime get the directories they expect.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import platformdirs

from dftui.config.errors import ConfigError

APP_NAME = "dftui"
CONFIG_FILE_NAME = "config.toml"
_SHOWN_PATH_LENGTH = 120


def default_config_path() -> Path:
    """dftui's own TOML file, e.g. ``~/.config/dftui/config.toml`` (honours ``XDG_CONFIG_HOME``)."""
    return platformdirs.user_config_path(APP_NAME) / CONFIG_FILE_NAME


def ncloud_configure_path() -> Path:
    """The INI file written by the NAVER Cloud CLI: ``~/.ncloud/configure``."""
    return Path.home() / ".ncloud" / "configure"


def default_demo_db_path() -> Path:
    """SQLite file of the embedded demo emulator, kept between runs."""
    return platformdirs.user_data_path(APP_NAME) / "demo.db"


def default_log_path() -> Path:
    """Log file used by ``--debug`` when no file is named."""
    return platformdirs.user_log_path(APP_NAME) / "dftui.log"


def state_dir() -> Path:
    """dftui's state directory, e.g. ``~/.local/state/dftui`` (honours ``XDG_STATE_HOME``)."""
    return platformdirs.user_state_path(APP_NAME)


def crash_report_dir() -> Path:
    """Where a crash report is written when the TUI fails unexpectedly."""
    return state_dir() / "crashes"


def shown_path(path: Path | str) -> str:
    """A path for an error line: a very long one is cut in the middle, with its length."""
    text = str(path)
    if len(text) <= _SHOWN_PATH_LENGTH:
        return text
    return f"{text[:60]}…{text[-40:]} ({len(text):,} characters)"


def path_error(path: Path, what: str, exc: OSError) -> ConfigError:
    """One line for an unusable path; a too long one says what the limits are."""
    if exc.errno == errno.ENAMETOOLONG:
        reason = (
            "the path is too long (allowed: at most 255 bytes per file or directory name "
            "and 4096 bytes in all)"
        )
    else:
        reason = exc.strerror or type(exc).__name__
    return ConfigError(f"{what} {shown_path(path)}: {reason}")


def is_file(path: Path, what: str) -> bool:
    """``path.is_file()``, but a path the system refuses (too long, no permission) is a ConfigError."""
    try:
        return path.is_file()
    except OSError as exc:
        raise path_error(path, what, exc) from None


def expand_user(path: Path) -> Path:
    """``path.expanduser()``; an unknown ``~user`` is a ConfigError instead of a RuntimeError."""
    try:
        return path.expanduser()
    except RuntimeError:
        raise ConfigError(f"cannot expand {shown_path(path)}: unknown user or no home directory") from None


def display_path(path: Path) -> str:
    """Show ``path`` with ``~`` for the home directory, as people write it."""
    try:
        return "~/" + path.relative_to(Path.home()).as_posix()
    except ValueError:
        return str(path)


def ensure_private_dir(path: Path) -> None:
    """Create ``path`` and any missing parents readable by the owner only; existing dirs are left alone."""
    missing = [directory for directory in (path, *path.parents) if not directory.exists()]
    for directory in reversed(missing):
        directory.mkdir(mode=0o700, exist_ok=True)
        if os.name == "posix":
            directory.chmod(0o700)  # mkdir's mode is narrowed by the umask, never widened
