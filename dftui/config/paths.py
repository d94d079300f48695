"""Where dftui and the NAVER Cloud CLI keep their files.

Paths are computed on every call (not at import) so that tests and users who change
``HOME``/``XDG_*`` at runtime get the directories they expect.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "dftui"
CONFIG_FILE_NAME = "config.toml"


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
