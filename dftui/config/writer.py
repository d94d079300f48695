"""Writing dftui's ``config.toml``: private file modes, atomic replacement, validated content."""

from __future__ import annotations

import contextlib
import os
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import SecretStr, ValidationError

from dftui.config.errors import ConfigError
from dftui.config.loader import resolve_config_path
from dftui.config.paths import ensure_private_dir, expand_user, path_error, shown_path
from dftui.config.schema import ConfigDocument, explain_document_error
from dftui.config.sources import read_utf8

PRIVATE_FILE_MODE = 0o600


def save_profile(name: str, values: Mapping[str, Any], path: str | os.PathLike[str] | None = None) -> Path:
    """Merge ``values`` into ``[profiles.<name>]`` and write the file (mode 0600); returns its path.

    A value of ``None`` removes that key; a ``keymap`` dict is merged binding by binding. The
    result is validated before anything is written, so a bad value never reaches the disk.
    Comments in an existing file are not preserved (the file is rewritten by ``tomli_w``).
    """
    if not name:
        raise ConfigError("profile name must not be empty")

    def update(document: dict[str, Any]) -> None:
        profiles = document.setdefault("profiles", {})
        if not isinstance(profiles, dict):
            raise ConfigError("[profiles] must be a table")
        table = profiles.setdefault(name, {})
        for key, value in values.items():
            if value is None:
                table.pop(key, None)
            elif key == "keymap" and isinstance(value, Mapping):
                table.setdefault("keymap", {}).update(value)
            else:
                table[key] = value.get_secret_value() if isinstance(value, SecretStr) else value

    return _rewrite(path, update)


def set_default_profile(name: str | None, path: str | os.PathLike[str] | None = None) -> Path:
    """Set (or with ``None`` remove) the top-level ``default_profile``."""

    def update(document: dict[str, Any]) -> None:
        if name is None:
            document.pop("default_profile", None)
        else:
            document["default_profile"] = name

    return _rewrite(path, update)


def _rewrite(path: str | os.PathLike[str] | None, update: Callable[[dict[str, Any]], None]) -> Path:
    target = expand_user(Path(path)) if path is not None else resolve_config_path()[0]
    document = _read_raw(target)
    update(document)
    try:
        ConfigDocument.model_validate(document)
    except ValidationError as exc:
        raise explain_document_error(exc, str(target)) from None
    try:
        write_private_file(target, tomli_w.dumps(document))
    except OSError as exc:
        raise path_error(target, "cannot write config file", exc) from None
    return target


def _read_raw(path: Path) -> dict[str, Any]:
    text = read_utf8(path, "config file", "TOML")
    if text is None:
        return {}
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{shown_path(path)}: invalid TOML, not rewriting it: {exc}") from None


def write_private_file(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` readable by the owner only, replacing it atomically.

    The temporary file is created 0600 from the start (no window where a secret is world
    readable) and renamed over the target, so a crash never leaves half a config file.
    """
    ensure_private_dir(path.parent)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.chmod(PRIVATE_FILE_MODE)  # in case a umask or ACL widened the create mode
        temporary.replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise
