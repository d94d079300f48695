"""The cyclic garbage collector while the app runs: paused around bulk builds, and its full pass
run at a moment without input rather than whenever CPython would (a big account's full pass
froze the screen for up to a second)."""

from __future__ import annotations

import gc
import weakref
from typing import Any

import pytest
from textual.pilot import Pilot

from dftui.emulator import EmulatorServer
from dftui.ui.collector import collector_paused, full_passes
from tests.ui.conftest import make_app, settle


def test_the_collector_pause_nests_in_any_order_and_restores_what_was() -> None:
    assert gc.isenabled()
    first, second = collector_paused(), collector_paused()
    first.__enter__()
    second.__enter__()
    assert not gc.isenabled()
    first.__exit__(None, None, None)  # reads on one loop end in any order
    assert not gc.isenabled()
    second.__exit__(None, None, None)
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # someone else's pause is theirs to end
    finally:
        gc.enable()


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def _old_cyclic_garbage() -> tuple[weakref.ref[_Cycle], list[list[int]]]:
    """A reference cycle that reached the oldest generation before it became garbage, so only a
    full pass frees it, with a full pass due as CPython counts it: enough young passes, and more
    objects newly in the oldest generation than a quarter of what was there (the ballast, to be
    kept alive meanwhile). Left to CPython, the next young pass would be a full one."""
    with collector_paused():  # no automatic pass meanwhile: all of it is newly old, below
        ballast = [[index] for index in range(len(gc.get_objects()) // 3)]
    cycle = _Cycle()
    for _ in range(12):  # each young pass moves survivors on and counts towards a full one
        gc.collect(1)
    alive = weakref.ref(cycle)
    del cycle
    return alive, ballast


class _Clock:
    """The schedule's clock, moved by the test: idle time passes only when the test says."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> _Clock:
    """The app's own schedule on a clock the test moves: idle after 5 s, passes at least 30 s
    apart, and at most 600 s apart whatever the input."""
    moved = _Clock()
    monkeypatch.setattr(full_passes, "clock", moved)
    monkeypatch.setattr(full_passes, "idle_s", 5.0)
    monkeypatch.setattr(full_passes, "min_gap_s", 30.0)
    monkeypatch.setattr(full_passes, "max_gap_s", 600.0)
    monkeypatch.setattr(
        full_passes, "cpu_share", 1.0
    )  # this test process's passes are slow: spaced by the gap only
    monkeypatch.setattr(
        full_passes, "check_every_s", 0.05
    )  # ticks are real time: often, for the test's speed
    return moved


async def _keys(pilot: Pilot[Any], clock: _Clock, count: int, every_s: float) -> None:
    """Cursor keys on the dashboard (they change nothing else), ``every_s`` apart by the clock,
    each followed by real time for the schedule's ticks to run."""
    for _ in range(count):
        await pilot.press("down")
        clock.now += every_s
        await pilot.pause(0.1)


async def test_no_full_pass_while_keys_come_and_one_once_they_stop(
    emulator: EmulatorServer, clock: _Clock
) -> None:
    before = gc.get_threshold()
    async with make_app(emulator).run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        clock.now += 60.0
        await pilot.pause(0.2)  # idle: whatever pass was due has run, the gap starts now
        clock.now += 60.0  # the minimum gap has passed since
        await pilot.press("down")  # and somebody is at the keys
        assert gc.get_threshold()[:2] == before[:2]  # the young generations are CPython's as ever
        garbage, ballast = _old_cyclic_garbage()
        await _keys(pilot, clock, 12, every_s=1.0)
        assert garbage() is not None, "a full pass ran while keys were coming"
        del ballast
        clock.now += 5.0  # no key for the idle time
        await pilot.pause(0.3)
        assert garbage() is None, "no full pass at the idle moment"
        assert "Dashboard" in pilot.app.screen.screen_title
    assert gc.get_threshold() == before  # CPython's own schedule again once the app ends


async def test_a_full_pass_runs_after_the_longest_gap_even_while_keys_keep_coming(
    emulator: EmulatorServer, clock: _Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with make_app(emulator).run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        clock.now += 60.0
        await pilot.pause(0.2)  # idle: whatever pass was due has run, the gap starts now
        monkeypatch.setattr(full_passes, "idle_s", 3600.0)  # from now on, never idle long enough
        garbage, _ = _old_cyclic_garbage()
        await _keys(pilot, clock, 5, every_s=100.0)
        assert garbage() is not None
        await _keys(pilot, clock, 3, every_s=1.0)
        assert garbage() is not None, "a pass ran before the longest gap"
        await _keys(pilot, clock, 2, every_s=100.0)  # now 700 s since the last pass
        assert garbage() is None, "memory held in cycles waited for an idle moment that never came"
