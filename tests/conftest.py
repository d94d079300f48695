"""Suite-wide isolation: no developer config, credentials or clock leak into tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest_plugins = ["tests.emulator_fixtures"]

_ISOLATED_PREFIXES = ("NCLOUD_", "DFTUI_")

WORKERS_PER_CORE = 2
"""Most of a UI test is waiting for the app to go idle (Pilot sleeps in 20 ms steps until it
does), so one worker per core leaves the cores half used: on 2 cores, 2 workers ran the form
tests in 185 s with 190 s of CPU, 4 workers in 121 s with 194 s."""


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """What ``-n auto`` starts: two workers per core."""
    return WORKERS_PER_CORE * (os.cpu_count() or 1)


@pytest.fixture(autouse=True)
def isolated_environment(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Point HOME and the XDG dirs at an empty temp folder and drop credential variables.

    A developer's own ``~/.ncloud/configure`` or dftui profile must never be read by a test.
    """
    home = tmp_path_factory.mktemp("home")
    for name in list(os.environ):
        if name.startswith(_ISOLATED_PREFIXES):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    yield home
