"""Executions progressing over the simulated clock, workflow runs and schedules.

See docs/api-contract.md, What the emulator imitates.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from datetime import datetime

import httpx
import pytest

from dftui.emulator import EmulatorServer, ManualClock, SimulationSettings
from dftui.timeutil import parse_datetime

from .helpers import CONDITION, START, Api, asgi_client, make_state


@pytest.fixture
async def slow_api() -> AsyncIterator[Api]:
    """Runs take 120-150 s, so a 1-minute timeout always strikes first."""
    clock = ManualClock(START)
    state = make_state(clock=clock, settings=SimulationSettings(run_seconds=(120, 150), failure_rate=0.0))
    async with asgi_client(state) as client:
        yield Api(client, state, clock)
    state.close()


def at(value: str | None) -> datetime:
    assert value is not None
    return parse_datetime(value)


async def run_job(api: Api, job_id: str) -> dict:
    return await api.ok("POST", f"/api/v1/jobs/{job_id}/executions", {})


async def test_execution_goes_ready_running_completed(api: Api) -> None:
    job = await api.script_job("progress_job")
    run = await run_job(api, job["jobId"])
    assert run["status"] == "READY"
    api.advance(21)  # waiting is 2-20 s
    running = await api.execution(job["jobId"], run["jobExecutionId"])
    assert running["status"] == "RUNNING" and running["endDate"] is None
    assert (
        at(running["createdDate"]) < at(running["startDate"]) <= at(running["createdDate"]).replace(second=20)
    )
    assert (await api.ok("GET", f"/api/v1/jobs/{job['jobId']}"))["lastExecutionStatus"] == "RUNNING"
    api.advance(200)  # runs are 20-180 s
    done = await api.execution(job["jobId"], run["jobExecutionId"])
    assert done["status"] == "COMPLETED"
    assert at(done["startDate"]) < at(done["endDate"]) <= at(done["startDate"]).replace(minute=3, second=0)
    duration = (at(done["endDate"]) - at(done["startDate"])).total_seconds()
    assert done["runningTime"] == int(duration // 60) and done["waitingTime"] == 0
    job_after = await api.ok("GET", f"/api/v1/jobs/{job['jobId']}")
    assert (
        job_after["lastExecutionStatus"] == "COMPLETED"
        and job_after["lastExecutionDate"] == done["startDate"]
    )


async def test_waiting_and_running_minutes_grow_while_live(emulator: EmulatorServer) -> None:
    """Live ``waitingTime``/``runningTime`` count whole minutes up to the simulated now, then freeze.

    Over real HTTP against the seed-42 demo server and its ManualClock. Every run is made to
    outlast its 3-minute timeout, so each execution ends exactly 3 minutes after it starts and
    nothing below depends on a seeded duration; the only seeded value, the 2-20 s wait before a
    start, is read back from ``startDate``. Checked in executeJob, getJobExecutionById and
    getJobExecutions answers alike.
    """
    state, clock = emulator.state, emulator.clock
    assert state is not None and isinstance(clock, ManualClock)
    state.engine.settings.run_seconds = (7200.0, 7200.0)  # far beyond the timeout below
    async with httpx.AsyncClient(base_url=emulator.base_url) as client:
        api = Api(client, state, clock)
        job = await api.script_job(
            "minutes_job", maxConcurrentRuns=1, jobCondition=dict(CONDITION, timeout=3)
        )
        job_id = job["jobId"]

        async def live(*ids: str) -> list[dict]:
            """Each execution by id, checked equal to its getJobExecutions entry."""
            listed = await api.ok("GET", f"/api/v1/jobs/{job_id}/executions?page=0&limit=20")
            by_id = {e["jobExecutionId"]: e for e in listed["list"]}
            out = []
            for execution_id in ids:
                one = await api.execution(job_id, execution_id)
                assert by_id[execution_id] == one
                out.append(one)
            return out

        def minutes(ex: dict) -> tuple[str, int, int]:
            return ex["status"], ex["waitingTime"], ex["runningTime"]

        def now_s() -> int:
            return int(clock.now().timestamp())

        def ts(value: str | None) -> int:
            return int(at(value).timestamp())

        first = await run_job(api, job_id)
        assert minutes(first) == ("READY", 0, 0)
        api.advance(21)  # the seeded wait is 2-20 s
        (a,) = await live(first["jobExecutionId"])
        assert a["status"] == "RUNNING"
        a_start = ts(a["startDate"])
        assert 2 <= a_start - ts(a["createdDate"]) <= 20
        a_end = a_start + 180  # the timeout ends it, never its seeded duration

        # The second waits in READY for the single slot: at least until a_end >= created + 161 s.
        second = await run_job(api, job_id)
        assert minutes(second) == ("READY", 0, 0)
        b_created = ts(second["createdDate"])
        assert b_created == now_s() and a_end - b_created >= 161
        for step, waited in ((59, 0), (1, 1), (59, 1), (1, 2), (30, 2)):
            api.advance(step)
            a, b = await live(first["jobExecutionId"], second["jobExecutionId"])
            assert (now_s() - b_created) // 60 == waited  # the table above is right
            assert minutes(b) == ("READY", waited, 0), (now_s() - b_created, b)
            assert minutes(a) == ("RUNNING", 0, (now_s() - a_start) // 60), (now_s() - a_start, a)
            assert a["runningTime"] >= 1
        assert a["runningTime"] == 2 and now_s() < a_end

        # The first times out; the second starts that very second, its waiting time now fixed.
        api.advance(a_end - now_s())
        a, b = await live(first["jobExecutionId"], second["jobExecutionId"])
        assert minutes(a) == ("FAILED", 0, 3) and ts(a["endDate"]) == a_end
        assert b["status"] == "RUNNING" and ts(b["startDate"]) == a_end
        b_waited = (a_end - b_created) // 60
        assert b_waited == 2 and minutes(b) == ("RUNNING", b_waited, 0)
        for step, ran in ((59, 0), (1, 1), (60, 2), (59, 2)):
            api.advance(step)
            a, b = await live(first["jobExecutionId"], second["jobExecutionId"])
            assert (now_s() - a_end) // 60 == ran
            assert minutes(b) == ("RUNNING", b_waited, ran), (now_s() - a_end, b)
            assert minutes(a) == ("FAILED", 0, 3)

        # Both ended: their minutes stay at their final values however far the clock moves.
        api.advance(1)
        a, b = await live(first["jobExecutionId"], second["jobExecutionId"])
        assert minutes(b) == ("FAILED", b_waited, 3) and ts(b["endDate"]) == a_end + 180
        for step in (60, 3600, 86400):
            api.advance(step)
            assert await live(first["jobExecutionId"], second["jobExecutionId"]) == [a, b]


async def test_max_concurrent_runs_queues_executions(api: Api) -> None:
    job = await api.script_job("queue_job", maxConcurrentRuns=1)
    runs = [await run_job(api, job["jobId"]) for _ in range(3)]
    api.advance(25)
    statuses = [(await api.execution(job["jobId"], r["jobExecutionId"]))["status"] for r in runs]
    assert sorted(statuses) == ["READY", "READY", "RUNNING"]
    api.advance(3600)
    final = [await api.execution(job["jobId"], r["jobExecutionId"]) for r in runs]
    assert [e["status"] for e in final] == ["COMPLETED"] * 3
    intervals = sorted((at(e["startDate"]), at(e["endDate"])) for e in final)
    for (_, end), (start, _) in itertools.pairwise(intervals):
        assert end <= start  # never two at once

    wide = await api.script_job("wide_job", maxConcurrentRuns=2)
    runs = [await run_job(api, wide["jobId"]) for _ in range(3)]
    api.advance(25)
    statuses = [(await api.execution(wide["jobId"], r["jobExecutionId"]))["status"] for r in runs]
    assert sorted(statuses) == ["READY", "RUNNING", "RUNNING"]


async def test_cancel_ready_and_running(api: Api) -> None:
    job = await api.script_job("cancel_job", maxConcurrentRuns=1)
    first = await run_job(api, job["jobId"])
    second = await run_job(api, job["jobId"])
    api.advance(21)
    assert (await api.execution(job["jobId"], first["jobExecutionId"]))["status"] == "RUNNING"
    await api.ok("POST", f"/api/v1/jobs/{job['jobId']}/executions/{second['jobExecutionId']}/cancel")
    await api.ok("POST", f"/api/v1/jobs/{job['jobId']}/executions/{first['jobExecutionId']}/cancel")
    canceled = await api.execution(job["jobId"], first["jobExecutionId"])
    assert canceled["status"] == "CANCELED" and canceled["startDate"] is not None
    assert canceled["endDate"] == "2026-11-28T09:00:21+09:00"
    never_started = await api.execution(job["jobId"], second["jobExecutionId"])
    assert never_started["status"] == "CANCELED" and never_started["startDate"] is None
    api.advance(3600)
    assert (await api.execution(job["jobId"], first["jobExecutionId"]))["status"] == "CANCELED"
    assert (await api.ok("GET", f"/api/v1/jobs/{job['jobId']}"))["lastExecutionStatus"] == "CANCELED"
    assert (await api.call("DELETE", f"/api/v1/jobs/{job['jobId']}")).status_code == 200


async def test_timeout_ends_failed(slow_api: Api) -> None:
    job = await slow_api.script_job("timeout_job", jobCondition=dict(CONDITION, timeout=1))
    run = await run_job(slow_api, job["jobId"])
    slow_api.advance(600)
    done = await slow_api.execution(job["jobId"], run["jobExecutionId"])
    assert done["status"] == "FAILED"
    assert (at(done["endDate"]) - at(done["startDate"])).total_seconds() == 60
    patient = await slow_api.script_job("patient_job")
    run = await run_job(slow_api, patient["jobId"])
    slow_api.advance(600)
    assert (await slow_api.execution(patient["jobId"], run["jobExecutionId"]))["status"] == "COMPLETED"


async def test_seeded_failures_and_forced_outcomes(api: Api) -> None:
    api.state.engine.settings.failure_rate = 1.0
    job = await api.script_job("flaky_job", maxConcurrentRuns=5)
    runs = [await run_job(api, job["jobId"]) for _ in range(3)]
    api.state.engine.settings.forced_outcomes[job["jobId"]] = "COMPLETED"
    forced = await run_job(api, job["jobId"])
    api.advance(3600)
    assert [(await api.execution(job["jobId"], r["jobExecutionId"]))["status"] for r in runs] == [
        "FAILED"
    ] * 3
    assert (await api.execution(job["jobId"], forced["jobExecutionId"]))["status"] == "COMPLETED"


async def workflow_statuses(api: Api, workflow_id: str) -> dict[str, str]:
    page = await api.ok("GET", f"/api/v1/workflows/{workflow_id}/executions")
    return {e["jobName"]: e["status"] for e in page["list"]}


async def test_workflow_chain_runs_in_order_and_fans_out(api: Api) -> None:
    trigger = await api.trigger("chain_trigger")
    a, b, c, d = [await api.script_job(f"chain_{n}") for n in "abcd"]
    t = trigger["triggerId"]
    workflow = await api.workflow(
        "chain_wf",
        t,
        [
            (a["jobId"], [t]),
            (b["jobId"], [a["jobId"]]),
            (d["jobId"], [a["jobId"]]),
            (c["jobId"], [b["jobId"], d["jobId"]]),
        ],
    )
    wid = workflow["workflowId"]
    await api.ok("POST", f"/api/v1/workflows/{wid}/executions", status=202)
    assert await workflow_statuses(api, wid) == {"chain_a": "READY"}
    seen_order: list[str] = []
    for _ in range(40):
        api.advance(30)
        statuses = await workflow_statuses(api, wid)
        seen_order.extend(name for name in statuses if name not in seen_order)
        if len(statuses) == 4 and all(s == "COMPLETED" for s in statuses.values()):
            break
    assert seen_order[0] == "chain_a" and seen_order[-1] == "chain_c"
    assert set(seen_order[1:3]) == {"chain_b", "chain_d"}
    page = await api.ok("GET", f"/api/v1/workflows/{wid}/executions")
    by_name = {e["jobName"]: e for e in page["list"]}
    assert at(by_name["chain_c"]["createdDate"]) >= max(
        at(by_name["chain_b"]["endDate"]), at(by_name["chain_d"]["endDate"])
    )
    assert all(e["type"] == "WORKFLOW" and e["triggerId"] == t for e in page["list"])
    listed = await api.ok("GET", "/api/v1/workflows")
    assert listed["list"][0]["lastExecutionDate"] == "2026-11-28T09:00:00+09:00"


async def test_failed_or_canceled_job_stops_descendants(api: Api) -> None:
    trigger = await api.trigger("stop_trigger")
    a, b, c = [await api.script_job(f"stop_{n}") for n in "abc"]
    t = trigger["triggerId"]
    workflow = await api.workflow(
        "stop_wf", t, [(a["jobId"], [t]), (b["jobId"], [a["jobId"]]), (c["jobId"], [b["jobId"]])]
    )
    api.state.engine.settings.forced_outcomes[b["jobId"]] = "FAILED"
    await api.ok("POST", f"/api/v1/workflows/{workflow['workflowId']}/executions", status=202)
    api.advance(3600)
    assert await workflow_statuses(api, workflow["workflowId"]) == {"stop_a": "COMPLETED", "stop_b": "FAILED"}

    api.advance(60)
    await api.ok("POST", f"/api/v1/workflows/{workflow['workflowId']}/executions", status=202)
    page = await api.ok("GET", f"/api/v1/workflows/{workflow['workflowId']}/executions")
    newest_a = page["list"][0]
    await api.ok("POST", f"/api/v1/jobs/{a['jobId']}/executions/{newest_a['jobExecutionId']}/cancel")
    api.advance(3600)
    page = await api.ok("GET", f"/api/v1/workflows/{workflow['workflowId']}/executions")
    assert [e["jobName"] for e in page["list"]] == ["stop_a", "stop_b", "stop_a"]


async def test_workflow_run_without_complete_settings_fails(api: Api) -> None:
    trigger = await api.trigger("bare_trigger")
    job = await api.ok("POST", "/api/v1/jobs", {"name": "bare_settings", "type": "SCRIPT"})
    workflow = await api.workflow("bare_wf", trigger["triggerId"], [(job["jobId"], [trigger["triggerId"]])])
    await api.ok("POST", f"/api/v1/workflows/{workflow['workflowId']}/executions", status=202)
    api.advance(120)
    assert await workflow_statuses(api, workflow["workflowId"]) == {"bare_settings": "FAILED"}


async def test_node_settings_override_the_job(api: Api) -> None:
    trigger = await api.trigger("override_trigger")
    job = await api.script_job("override_job")
    nodes = [
        {"id": trigger["triggerId"], "name": "t", "type": "TRIGGER", "parentNodeIds": []},
        {
            "id": job["jobId"],
            "name": "j",
            "type": "JOB",
            "parentNodeIds": [trigger["triggerId"]],
            "jobCondition": {"numWorker": 7},
        },
    ]
    workflow = await api.ok("POST", "/api/v1/workflows", {"name": "override_wf", "nodes": nodes})
    await api.ok("POST", f"/api/v1/workflows/{workflow['workflowId']}/executions", status=202)
    run = (await api.ok("GET", f"/api/v1/workflows/{workflow['workflowId']}/executions"))["list"][0]
    assert run["jobCondition"]["numWorker"] == 7 and run["executorNum"] == 7
    assert run["jobCondition"]["nrn"] == CONDITION["nrn"]


async def test_scheduled_trigger_fires_its_workflows(api: Api) -> None:
    hourly = await api.trigger(
        "hourly_30", "SCHEDULED", {"type": "RECURRING", "interval": "HOUR", "time": "30"}
    )
    past = await api.trigger(
        "past_once", "SCHEDULED", {"type": "ONE_TIME", "executionDate": "2025-01-01T00:00:00"}
    )
    job = await api.script_job("sched_job", maxConcurrentRuns=10)
    other = await api.script_job("sched_other")
    h, p = hourly["triggerId"], past["triggerId"]
    workflow = await api.workflow("sched_wf", h, [(job["jobId"], [h])])
    await api.workflow("sched_draft", h, [(other["jobId"], [h])], isTemp=True)
    await api.workflow("past_wf", p, [(other["jobId"], [p])])
    api.advance(29 * 60)
    assert await workflow_statuses(api, workflow["workflowId"]) == {}
    api.advance(61)
    page = await api.ok("GET", f"/api/v1/workflows/{workflow['workflowId']}/executions")
    assert [e["createdDate"] for e in page["list"]] == ["2026-11-28T09:30:00+09:00"]
    assert page["list"][0]["triggerName"] == "hourly_30"
    api.advance(2 * 3600)  # fires at 10:30 and 11:30, processed in one request
    page = await api.ok("GET", f"/api/v1/workflows/{workflow['workflowId']}/executions")
    assert [e["createdDate"] for e in page["list"]] == [
        "2026-11-28T11:30:00+09:00",
        "2026-11-28T10:30:00+09:00",
        "2026-11-28T09:30:00+09:00",
    ]
    assert (await api.ok("GET", f"/api/v1/jobs/{other['jobId']}/executions"))["count"] == 0
    await api.ok("DELETE", f"/api/v1/triggers/{h}")
    api.advance(3600)
    assert (await api.ok("GET", f"/api/v1/workflows/{workflow['workflowId']}/executions"))["count"] == 3


async def test_same_seed_same_story() -> None:
    outcomes = []
    for _ in range(2):
        clock = ManualClock(START)
        state = make_state(clock=clock, settings=SimulationSettings(failure_rate=0.5))
        async with asgi_client(state) as client:
            api = Api(client, state, clock)
            job = await api.script_job("same_job", maxConcurrentRuns=3)
            runs = [await run_job(api, job["jobId"]) for _ in range(6)]
            api.advance(3600)
            story = []
            for r in runs:
                execution = await api.execution(job["jobId"], r["jobExecutionId"])
                story.append((r["jobExecutionId"], execution["status"], execution["endDate"]))
            outcomes.append(story)
        state.close()
    assert outcomes[0] == outcomes[1]
    assert {status for _, status, _ in outcomes[0]} == {"COMPLETED", "FAILED"}


async def test_demo_live_executions_finish(demo_api: Api) -> None:
    live = demo_api.state.store.live_executions()
    assert live, "the demo has executions in flight"
    demo_api.advance(24 * 3600)
    await demo_api.ok("GET", "/api/v1/jobs?limit=1")
    statuses = {e["status"] for e in demo_api.state.store.live_executions()}
    before = {e["jobExecutionId"] for e in live}
    assert not any(e["jobExecutionId"] in before for e in demo_api.state.store.live_executions()), statuses
