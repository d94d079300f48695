"""dftui's local Data Flow emulator: the 25 operations behind an API Gateway imitation.

The names below are imported on first use: the server pulls in FastAPI and uvicorn (about half a
second), and ``dftui --help`` reaches :mod:`dftui.emulator.options` through this package.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dftui.emulator.app import create_app
    from dftui.emulator.child import EmulatorChild
    from dftui.emulator.clock import Clock, ManualClock, RealClock
    from dftui.emulator.engine import SimulationSettings
    from dftui.emulator.faults import FaultConfig
    from dftui.emulator.gateway import RateLimit
    from dftui.emulator.server import EmulatorServer
    from dftui.emulator.state import EmulatorState, default_db_path

_HOMES = {
    "Clock": "clock",
    "EmulatorChild": "child",
    "EmulatorServer": "server",
    "EmulatorState": "state",
    "FaultConfig": "faults",
    "ManualClock": "clock",
    "RateLimit": "gateway",
    "RealClock": "clock",
    "SimulationSettings": "engine",
    "create_app": "app",
    "default_db_path": "state",
}

__all__ = [
    "Clock",
    "EmulatorChild",
    "EmulatorServer",
    "EmulatorState",
    "FaultConfig",
    "ManualClock",
    "RateLimit",
    "RealClock",
    "SimulationSettings",
    "create_app",
    "default_db_path",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
