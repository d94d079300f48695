"""dftui's local Data Flow emulator: the 25 operations behind an API Gateway imitation."""

from dftui.emulator.app import create_app
from dftui.emulator.clock import Clock, ManualClock, RealClock
from dftui.emulator.engine import SimulationSettings
from dftui.emulator.faults import FaultConfig
from dftui.emulator.gateway import RateLimit
from dftui.emulator.server import EmulatorServer
from dftui.emulator.state import EmulatorState, default_db_path

__all__ = [
    "Clock",
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
