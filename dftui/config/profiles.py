"""``list_profiles``: the profile names a person can switch to at runtime.

Kept apart from the loader because listing must not resolve or validate any one profile:
a broken or incomplete profile is still a name the user may pick (and be told why it fails).
"""

from __future__ import annotations

import os
from pathlib import Path

from dftui.config.errors import ConfigError
from dftui.config.loader import DEFAULT_PROFILE, resolve_config_path
from dftui.config.paths import is_file, ncloud_configure_path, shown_path
from dftui.config.sources import read_config_document, read_ncloud_configure


def list_profiles(
    config_file: str | os.PathLike[str] | None = None,
    ncloud_file: str | os.PathLike[str] | None = None,
) -> list[str]:
    """dftui's ``[profiles.*]`` tables, then ``~/.ncloud/configure`` sections, each name once.

    Names are compared ignoring case, as ``load_config`` merges ``[profiles.work]`` with an
    INI ``[Work]`` section; the TOML spelling wins and the INI ``[DEFAULT]`` section is listed
    as ``default``. Raises ``ConfigError`` when a file cannot be read or parsed, or when an
    explicitly chosen config file does not exist.
    """
    config_path, config_source, explicit = resolve_config_path(config_file)
    if explicit and not is_file(config_path, "config file"):
        raise ConfigError(f"config file not found: {shown_path(config_path)} (from {config_source})")
    document = read_config_document(config_path)
    ncloud = read_ncloud_configure(Path(ncloud_file) if ncloud_file is not None else ncloud_configure_path())

    names: list[str] = []
    seen: set[str] = set()
    for name in [*document.profiles, *ncloud.sections]:
        shown = DEFAULT_PROFILE if name.lower() == DEFAULT_PROFILE else name
        if shown.lower() not in seen:
            seen.add(shown.lower())
            names.append(shown)
    return names
