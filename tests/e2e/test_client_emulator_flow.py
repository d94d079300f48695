"""The whole Data Flow story over real loopback HTTP with real signatures, all 25 operations.

The client is used exactly as a script would use it; the emulator's clock is advanced by the
test so executions reach final states deterministically.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from dftui.api import BadStateError, DataFlowClient, NotFoundError, models
from dftui.emulator import EmulatorServer, ManualClock, SimulationSettings
from tests.emulator_fixtures import EMULATOR_START

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def example(name: str) -> dict[str, Any]:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


@pytest.fixture
def server() -> Iterator[EmulatorServer]:
    clock = ManualClock(EMULATOR_START)
    settings = SimulationSettings(failure_rate=0.0, wait_seconds=(2.0, 5.0), run_seconds=(30.0, 60.0))
    with EmulatorServer(db_path=":memory:", seed=7, clock=clock, demo=False, settings=settings) as srv:
        yield srv


@pytest.fixture
async def client(server: EmulatorServer) -> AsyncIterator[DataFlowClient]:
    async with DataFlowClient(server.base_url, server.access_key, server.secret_key, timeout=10.0) as api:
        yield api


async def advance_until(
    client: DataFlowClient, clock: ManualClock, workflow_id: str, *, expected: int, limit_s: int = 600
) -> list[models.Execution]:
    """Advance simulated time in 10 s steps until the workflow's executions are all final."""
    for _ in range(limit_s // 10):
        executions = (await client.get_workflow_executions(workflow_id)).items
        if len(executions) == expected and all(e.is_final for e in executions):
            return executions
        clock.advance(10)
    raise AssertionError(f"executions of {workflow_id} did not finish within {limit_s}s of simulated time")


async def test_trigger_jobs_workflow_run_stats_cancel_delete(
    server: EmulatorServer, client: DataFlowClient
) -> None:
    clock = server.clock
    assert isinstance(clock, ManualClock)
    day_start, day_end = EMULATOR_START - timedelta(hours=1), EMULATOR_START + timedelta(hours=2)
    assert (await client.get_execution_result(day_start, day_end)).total_count == 0

    # a manual trigger and two jobs (a VISUAL graph and a SCRIPT job)
    trigger = await client.create_trigger(
        {"name": "flow_manual", "type": "NONE", "triggerRule": {"type": "NONE"}}
    )
    assert [t.trigger_id for t in (await client.get_triggers(name="flow")).items] == [trigger.trigger_id]
    assert (await client.get_trigger_by_id(trigger.trigger_id)).type == "NONE"

    visual_body = example("createJob.request.json")
    assert await client.verify_job({"name": visual_body["name"], "nodes": visual_body["nodes"]}) is True
    extract = await client.create_job(visual_body)
    load = await client.create_job(example("createJob.request.script.json"))
    assert extract.status == load.status == "READY"
    assert {j.job_id for j in await client.collect_all(client.get_jobs, limit=1)} == {
        extract.job_id,
        load.job_id,
    }

    # trigger -> extract -> load
    def node(job: models.Job, parent: str) -> dict[str, Any]:
        condition = job.job_condition.to_json() if job.job_condition else {}
        return {
            "id": job.job_id,
            "name": job.name,
            "type": "JOB",
            "parentNodeIds": [parent],
            "jobCondition": condition,
        }

    workflow = await client.create_workflow(
        {
            "name": "flow_chain",
            "nodes": [
                {"id": trigger.trigger_id, "name": trigger.name, "type": "TRIGGER", "parentNodeIds": []},
                node(extract, trigger.trigger_id),
                node(load, extract.job_id),
            ],
            "isTemp": False,
        }
    )
    assert [w.workflow_id for w in (await client.get_workflows()).items] == [workflow.workflow_id]

    accepted = await client.execute_workflow(workflow.workflow_id)
    assert (accepted.workflow_id, accepted.trigger_id, accepted.status) == (
        workflow.workflow_id,
        trigger.trigger_id,
        "ACCEPTED",
    )
    first = (await client.get_workflow_executions(workflow.workflow_id)).items
    assert [(e.job_id, e.status, e.type) for e in first] == [(extract.job_id, "READY", "WORKFLOW")]

    runs = await advance_until(client, clock, workflow.workflow_id, expected=2)
    by_job = {e.job_id: e for e in runs}
    assert by_job[extract.job_id].status == by_job[load.job_id].status == "COMPLETED"
    assert by_job[load.job_id].start_date >= by_job[extract.job_id].end_date  # the chain ran in order
    assert by_job[load.job_id].trigger_name == "flow_manual"

    result = await client.get_execution_result(day_start, day_end)
    assert (result.total_count, result.completed_count, result.failed_count) == (2, 2, 0)
    assert sum(b.total_count for b in (await client.get_execution_count(day_start, day_end)).result) == 2
    assert sum(p.value for p in (await client.get_execution_times(day_start, day_end)).result) == 2

    # an ad-hoc run, cancelled while it runs
    ad_hoc = await client.execute_job(load.job_id)
    assert ad_hoc.status == "READY"
    for _ in range(10):
        clock.advance(2)
        if (await client.get_job_execution_by_id(load.job_id, ad_hoc.job_execution_id)).status == "RUNNING":
            break
    assert await client.cancel_job_execution(load.job_id, ad_hoc.job_execution_id) is True
    cancelled = await client.get_job_execution_by_id(load.job_id, ad_hoc.job_execution_id)
    assert cancelled.status == "CANCELED"
    assert cancelled.end_date is not None
    with pytest.raises(BadStateError):
        await client.cancel_job_execution(load.job_id, ad_hoc.job_execution_id)
    assert [e.status for e in (await client.get_job_executions(load.job_id)).items] == [
        "CANCELED",
        "COMPLETED",
    ]

    # edits
    patched = await client.update_job(
        load.job_id, {"type": "SCRIPT", "name": load.name, "maxConcurrentRuns": 2}
    )
    assert patched.max_concurrent_runs == 2
    configured = await client.update_job_execute_config(
        load.job_id, {**(load.job_condition.to_json() if load.job_condition else {}), "numWorker": 4}
    )
    assert configured.job_condition is not None and configured.job_condition.num_worker == 4
    renamed = await client.update_workflow(
        workflow.workflow_id, {"name": "flow_chain_v2", "nodes": workflow.raw["nodes"], "isTemp": False}
    )
    assert (await client.get_workflow_by_id(workflow.workflow_id)).name == renamed.name == "flow_chain_v2"

    # delete everything
    assert await client.delete_workflow(workflow.workflow_id) is True
    for job in (extract, load):
        assert await client.delete_job(job.job_id) is True
        with pytest.raises(NotFoundError):
            await client.get_job_executions(job.job_id)
    assert await client.delete_trigger(trigger.trigger_id) is True
    with pytest.raises(NotFoundError):
        await client.get_trigger_by_id(trigger.trigger_id)
    with pytest.raises(NotFoundError):
        await client.get_workflow_by_id(workflow.workflow_id)
    assert (await client.get_jobs()).items == []
