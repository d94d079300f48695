"""Helpers that write the two configuration files into the isolated HOME of each test."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from dftui.config import default_config_path, ncloud_configure_path

WriteFile = Callable[[str], Path]


def _writer(path: Path, mode: int) -> WriteFile:
    def write(text: str) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        path.chmod(mode)
        return path

    return write


@pytest.fixture
def write_toml() -> WriteFile:
    """Write dftui's config.toml at its default (XDG) location, mode 0600."""
    return _writer(default_config_path(), 0o600)


@pytest.fixture
def write_ncloud() -> WriteFile:
    """Write ~/.ncloud/configure, mode 0600."""
    return _writer(ncloud_configure_path(), 0o600)
