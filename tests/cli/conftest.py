"""Fake emulator/client/app modules so CLI tests never start a server or a terminal UI."""

from __future__ import annotations

import sys
import textwrap
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from dftui.config import default_config_path, ncloud_configure_path
from dftui.emulator.engine import SimulationSettings
from dftui.emulator.faults import FaultConfig
from dftui.emulator.gateway import RateLimit
from dftui.emulator.options import build_server
from dftui.emulator.state import default_db_path

EMULATOR_SECRET = "EMULATOR-secret-0123456789"


class FakeEmulatorServer:
    """Records how it was built, started and stopped."""

    instances: list[FakeEmulatorServer] = []

    def __init__(self, **kwargs: Any) -> None:
        self.kwargs = kwargs
        self.base_url = "http://127.0.0.1:48484"
        self.access_key = kwargs.get("access_key") or "EMULATOR-AK"
        self.secret_key = kwargs.get("secret_key") or EMULATOR_SECRET
        self.started = self.stopped = False
        FakeEmulatorServer.instances.append(self)

    def start(self) -> None:
        self.started = True

    def stop(self) -> None:
        self.stopped = True


class FakeClient:
    def __init__(self, config: Any) -> None:
        self.config = config

    @classmethod
    def from_profile(cls, config: Any, **overrides: Any) -> FakeClient:
        return cls(config)


@dataclass
class AppBehaviour:
    """What the fake app does when run, and what it saw."""

    raise_on_run: BaseException | None = None
    log_on_run: str | None = None
    created: list[dict[str, Any]] = field(default_factory=list)


def _make_app_class(behaviour: AppBehaviour) -> type:
    import logging

    class FakeApp:
        return_code = 0

        def __init__(self, config: Any, client: Any, *, demo: bool = False, **options: Any) -> None:
            behaviour.created.append({"config": config, "client": client, "demo": demo, **options})
            self.emulator_ready = options.get("emulator_ready")
            self.emulator_failure: str | None = None

        def run(self) -> None:
            if self.emulator_ready is not None:  # as DataFlowApp: waited for once it runs
                try:
                    self.emulator_ready()
                except Exception as exc:
                    self.emulator_failure = str(exc)
                    self.return_code = 1
                    return
            if behaviour.log_on_run:
                logging.getLogger("dftui.ui.fake").debug(behaviour.log_on_run)
            if behaviour.raise_on_run is not None:
                raise behaviour.raise_on_run

    return FakeApp


@pytest.fixture
def fake_app(monkeypatch: pytest.MonkeyPatch) -> AppBehaviour:
    """Replace dftui.emulator, dftui.api and dftui.ui.app with recording fakes."""
    FakeEmulatorServer.instances.clear()
    behaviour = AppBehaviour()
    emulator = types.ModuleType("dftui.emulator")
    emulator.EmulatorServer = FakeEmulatorServer  # type: ignore[attr-defined]
    # dftui --demo starts its emulator in a child process; here it is built in-process instead
    emulator.EmulatorChild = types.SimpleNamespace(spawn=build_server)  # type: ignore[attr-defined]
    emulator.SimulationSettings = SimulationSettings  # type: ignore[attr-defined]
    emulator.default_db_path = default_db_path  # type: ignore[attr-defined]
    emulator.FaultConfig = FaultConfig  # type: ignore[attr-defined]
    emulator.RateLimit = RateLimit  # type: ignore[attr-defined]
    api = types.ModuleType("dftui.api")
    api.DataFlowClient = FakeClient  # type: ignore[attr-defined]
    ui_app = types.ModuleType("dftui.ui.app")
    monkeypatch.setitem(sys.modules, "dftui.emulator", emulator)
    monkeypatch.setitem(sys.modules, "dftui.api", api)
    monkeypatch.setitem(sys.modules, "dftui.ui.app", ui_app)
    install_app(behaviour)
    return behaviour


def install_app(behaviour: AppBehaviour) -> None:
    """(Re)build the fake ``DataFlowApp`` for ``behaviour``."""
    sys.modules["dftui.ui.app"].DataFlowApp = _make_app_class(behaviour)  # type: ignore[attr-defined]


def write_file(path: Path, text: str, mode: int = 0o600) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    path.chmod(mode)
    return path


def write_toml(text: str, mode: int = 0o600) -> Path:
    return write_file(default_config_path(), text, mode)


def write_ncloud(text: str, mode: int = 0o600) -> Path:
    return write_file(ncloud_configure_path(), text, mode)
