"""The client against the live emulator over a real socket: signing, paging, writes, errors.

These are end-to-end checks of the wire contract (the emulator recomputes every signature
from the request target it receives). They run on a frozen emulator clock, so they are
deterministic; retries use an injected sleep, so nothing waits for real.
"""

from __future__ import annotations

import importlib.util
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta

import pytest

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("dftui.emulator.server") is None, reason="emulator not available"
)

from dftui.api import (  # noqa: E402
    AuthError,
    BadParameterError,
    DataFlowClient,
    NotFoundError,
    RetryPolicy,
    models,
)
from dftui.timeutil import KST  # noqa: E402

from .conftest import FakeTime, load_example  # noqa: E402

EMULATOR_NOW = datetime(2026, 11, 28, 9, 0, 0, tzinfo=KST)


@pytest.fixture(scope="module")
def emulator_server() -> Iterator[object]:
    from dftui.emulator import EmulatorServer, ManualClock

    with EmulatorServer(seed=42, clock=ManualClock(EMULATOR_NOW)) as srv:
        yield srv


@pytest.fixture
async def live(emulator_server) -> AsyncIterator[DataFlowClient]:
    fake = FakeTime()
    async with DataFlowClient(
        emulator_server.base_url,
        emulator_server.access_key,
        emulator_server.secret_key,
        timeout=10.0,
        retry=RetryPolicy(jitter=False),
        sleep=fake.sleep,
    ) as api:
        yield api


async def test_lists_page_through_the_demo_data(live: DataFlowClient) -> None:
    jobs_small_pages = await live.collect_all(live.get_jobs, limit=7)
    jobs_one_page = (await live.get_jobs()).items
    assert len(jobs_small_pages) == len(jobs_one_page) > 7
    assert {j.job_id for j in jobs_small_pages} == {j.job_id for j in jobs_one_page}
    workflows = await live.collect_all(live.get_workflows, limit=5)
    triggers = await live.collect_all(live.get_triggers, limit=5)
    assert workflows and triggers
    job = await live.get_job_by_id(jobs_one_page[0].job_id)
    assert job.job_id == jobs_one_page[0].job_id
    executions = await live.collect_all(live.get_job_executions, job.job_id, limit=3, max_pages=4)
    assert 0 < len(executions) <= 12
    for execution in executions[:2]:
        again = await live.get_job_execution_by_id(job.job_id, execution.job_execution_id)
        assert again.job_execution_id == execution.job_execution_id
    workflow = await live.get_workflow_by_id(workflows[0].workflow_id)
    await live.get_workflow_executions(workflow.workflow_id, limit=10)
    await live.get_trigger_by_id(triggers[0].trigger_id)


async def test_name_filters_with_awkward_characters_are_signed_correctly(live: DataFlowClient) -> None:
    for name in ["a b", "x:y+z", "100%/&=?", "필터", "😀"]:
        page = await live.get_jobs(name=name)
        assert isinstance(page, models.Page)
        await live.get_triggers(name=name)


async def test_dashboard_stats(live: DataFlowClient) -> None:
    start, end = EMULATOR_NOW - timedelta(days=7), EMULATOR_NOW
    result = await live.get_execution_result(start, end)
    count = await live.get_execution_count(start, end)
    times = await live.get_execution_times(start, end)
    assert sum(b.total_count for b in count.result) == result.total_count
    assert sum(p.value for p in times.result) == result.total_count


async def test_create_run_cancel_update_delete_cycle(live: DataFlowClient) -> None:
    trigger = await live.create_trigger(
        {"name": "api_client_manual", "type": "NONE", "triggerRule": {"type": "NONE"}}
    )
    body = load_example("createJob.request.script.json")
    body["name"] = "api_client_script_job"
    job = await live.create_job(body)
    assert job.status == "READY"
    assert await live.verify_job({"name": "api_client_script_job", "type": "SCRIPT", "nodes": []}) is True

    execution = await live.execute_job(job.job_id, {}, trigger_id=trigger.trigger_id)
    assert execution.trigger_id == trigger.trigger_id
    assert await live.cancel_job_execution(job.job_id, execution.job_execution_id) is True
    cancelled = await live.get_job_execution_by_id(job.job_id, execution.job_execution_id)
    assert cancelled.status in models.FINAL_EXECUTION_STATUSES

    updated = await live.update_job(job.job_id, {"type": "SCRIPT", "name": job.name, "maxConcurrentRuns": 3})
    assert updated.max_concurrent_runs == 3
    configured = await live.update_job_execute_config(job.job_id, {**body["jobCondition"], "numWorker": 5})
    assert configured.job_condition is not None and configured.job_condition.num_worker == 5

    workflow = await live.create_workflow(
        {
            "name": "api_client_workflow",
            "nodes": [
                {"id": trigger.trigger_id, "name": trigger.name, "type": "TRIGGER", "parentNodeIds": []},
                {"id": job.job_id, "name": job.name, "type": "JOB", "parentNodeIds": [trigger.trigger_id]},
            ],
            "isTemp": False,
        }
    )
    accepted = await live.execute_workflow(
        workflow.workflow_id, payload={"cloudFunctions": {"actionName": "t"}}
    )
    assert accepted.workflow_id == workflow.workflow_id
    renamed = await live.update_workflow(
        workflow.workflow_id,
        {"name": "api_client_workflow2", "nodes": workflow.raw["nodes"], "isTemp": False},
    )
    assert renamed.name == "api_client_workflow2"
    assert await live.delete_workflow(workflow.workflow_id) is True
    assert await live.delete_trigger(trigger.trigger_id) is True


async def test_service_errors_come_back_typed(live: DataFlowClient) -> None:
    with pytest.raises(NotFoundError) as info:
        await live.get_workflow_by_id("aa")
    assert info.value.source == "service"
    assert info.value.code.startswith("resource-not-found")
    with pytest.raises(BadParameterError):
        await live.create_job({"name": "1job", "type": "VISUAL"})


async def test_wrong_secret_is_an_auth_error_with_skew(emulator_server) -> None:
    async with DataFlowClient(emulator_server.base_url, emulator_server.access_key, "wrong-secret") as api:
        with pytest.raises(AuthError) as info:
            await api.get_jobs()
    assert info.value.source == "gateway" and info.value.code == "200"
    assert api.clock_skew is not None and abs(api.clock_skew) < timedelta(seconds=5)
    assert "clock differs from server by" in str(info.value)
    assert "wrong-secret" not in str(info.value)


async def test_skewed_gateway_clock_is_reported() -> None:
    from dftui.emulator import EmulatorServer, FaultConfig, ManualClock

    skew = 7 * 60 + 12
    with EmulatorServer(
        seed=1, clock=ManualClock(EMULATOR_NOW), demo=False, faults=FaultConfig(clock_skew_s=skew)
    ) as srv:
        async with DataFlowClient(srv.base_url, srv.access_key, srv.secret_key) as api:
            with pytest.raises(AuthError) as info:
                await api.get_jobs()
    assert api.clock_skew is not None
    assert abs(api.clock_skew.total_seconds() - skew) <= 2
    assert "clock differs from server by +7m" in str(info.value)


async def test_gateway_throttling_is_retried_for_reads_and_posts() -> None:
    from dftui.emulator import EmulatorServer, FaultConfig, ManualClock

    fake = FakeTime()
    with EmulatorServer(
        seed=1, clock=ManualClock(EMULATOR_NOW), demo=False, faults=FaultConfig(throttle_burst_every=2)
    ) as srv:
        async with DataFlowClient(
            srv.base_url, srv.access_key, srv.secret_key, retry=RetryPolicy(jitter=False), sleep=fake.sleep
        ) as api:
            for _ in range(3):
                await api.get_jobs()
            trigger = await api.create_trigger(
                {"name": "throttled_t", "type": "NONE", "triggerRule": {"type": "NONE"}}
            )
            await api.get_trigger_by_id(trigger.trigger_id)
    assert fake.sleeps  # at least one 429 was answered with a retry
    assert all(s >= 1 for s in fake.sleeps)  # Retry-After: 1 honoured
