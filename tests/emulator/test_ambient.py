"""Demo mode's simulated teammates: runs start every minute or so, deterministically."""

from __future__ import annotations

from dftui.emulator import ManualClock, SimulationSettings
from dftui.emulator.engine import public_execution

from .helpers import START, make_state


def ad_hoc_runs_since(state, since: str) -> list[dict]:
    return [e for e in state.store.list_executions() if e["type"] == "JOB" and e["createdDate"] > since]


def test_ambient_runs_start_within_seconds_and_keep_coming() -> None:
    clock = ManualClock(START)
    state = make_state(demo=True, clock=clock, settings=SimulationSettings(ambient_every=(30.0, 90.0)))
    try:
        marker = public_execution(state.store.list_executions()[0], START)["createdDate"]
        clock.advance(10)
        state.engine.advance_to(clock.now())
        assert len(ad_hoc_runs_since(state, marker)) == 1, "the first run starts within 10 s"
        clock.advance(600)
        state.engine.advance_to(clock.now())
        runs = ad_hoc_runs_since(state, marker)
        assert 7 <= len(runs) <= 21  # one every 30-90 s over ten minutes
        assert all(run["jobCondition"].get("nrn") for run in runs)
        assert any(run["status"] in ("COMPLETED", "FAILED") for run in runs)
    finally:
        state.close()


def test_ambient_runs_are_deterministic() -> None:
    def created_after_ten_minutes() -> list[tuple[str, str]]:
        clock = ManualClock(START)
        state = make_state(demo=True, clock=clock, settings=SimulationSettings(ambient_every=(30.0, 90.0)))
        try:
            clock.advance(600)
            state.engine.advance_to(clock.now())
            return sorted((e["createdDate"], e["jobId"]) for e in state.store.list_executions())
        finally:
            state.close()

    assert created_after_ten_minutes() == created_after_ten_minutes()


def test_quiet_by_default() -> None:
    clock = ManualClock(START)
    state = make_state(demo=True, clock=clock)
    try:
        before = len(state.store.list_executions())
        clock.advance(120)  # no schedule fires between 09:00 and 09:02 in the demo account
        state.engine.advance_to(clock.now())
        assert len(state.store.list_executions()) == before
    finally:
        state.close()
