"""Clocks: manual time only moves when told, a real clock can run faster and resume."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from dftui.emulator import ManualClock, RealClock
from dftui.emulator.state import EmulatorState
from dftui.timeutil import now_kst

from .helpers import START


def test_manual_clock() -> None:
    clock = ManualClock(START)
    assert clock.now() == START
    assert clock.advance(90) == START + timedelta(seconds=90)
    with pytest.raises(ValueError):
        clock.advance(-1)
    clock.set(START)
    assert clock.now() == START and clock.now().utcoffset() == timedelta(hours=9)


def test_real_clock_speed_and_resume() -> None:
    fast = RealClock(speed=100)
    before = fast.now()
    time.sleep(0.05)
    assert (fast.now() - before).total_seconds() >= 4
    ahead = now_kst() + timedelta(days=1)
    fast.resume_from(ahead)
    assert fast.now() >= ahead
    fast.resume_from(ahead - timedelta(days=5))  # never moves back
    assert fast.now() >= ahead
    with pytest.raises(ValueError):
        RealClock(speed=0)


def test_restart_with_a_real_clock_resumes_simulated_time(tmp_path) -> None:
    db = tmp_path / "fast.db"
    future = ManualClock(now_kst() + timedelta(hours=3))
    EmulatorState.create(db, clock=future, demo=False).close()
    clock = RealClock(speed=60)
    state = EmulatorState.create(db, clock=clock, demo=False)
    assert clock.now() >= future.now()
    state.close()
