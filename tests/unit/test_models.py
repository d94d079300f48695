"""The wire models parse every documented generation and keep what they do not know."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dftui.api import models as m

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def load(name: str) -> Any:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def test_examples_are_vendored() -> None:
    assert len(list(EXAMPLES.glob("*.json"))) >= 60


@pytest.mark.parametrize(
    ("name", "model"),
    [
        ("createJob.request.json", m.JobCreate),
        ("createJob.request.script.json", m.JobCreate),
        ("updateJob.request.json", m.JobUpdate),
        ("updateJob.request.partial.json", m.JobUpdate),
        ("updateJob.request.legacy.json", m.JobUpdate),
        ("verifyJob.request.json", m.JobVerify),
        ("verifyJob.request.all-node-types.json", m.JobVerify),
        ("createWorkflow.request.json", m.WorkflowWrite),
        ("updateWorkflow.request.json", m.WorkflowWrite),
        ("createTrigger.request.json", m.TriggerCreate),
        ("createTrigger.request.hourly.json", m.TriggerCreate),
        ("createTrigger.request.weekly.json", m.TriggerCreate),
        ("createTrigger.request.monthly.json", m.TriggerCreate),
        ("createTrigger.request.one-time.json", m.TriggerCreate),
        ("createTrigger.request.manual.json", m.TriggerCreate),
        ("createTrigger.request.event.json", m.TriggerCreate),
        ("executeJob.request.json", m.ExecuteJobRequest),
        ("executeJob.request.script.json", m.ExecuteJobRequest),
        ("executeJob.request.legacy.json", m.ExecuteJobRequest),
        ("updateJobExecuteConfig.request.json", m.JobExecuteConfig),
        ("updateJobExecuteConfig.request.partial.json", m.JobExecuteConfig),
    ],
)
def test_request_bodies_round_trip_exactly(name: str, model: type[m.ApiModel]) -> None:
    body = load(name)
    assert model.model_validate(body).to_json() == body


def test_all_eighteen_node_types_get_their_own_class() -> None:
    job = m.JobVerify.model_validate(load("verifyJob.request.all-node-types.json"))
    kinds = {type(node) for node in job.nodes}
    assert len(kinds) == 18
    assert m.UnknownJobNode not in kinds
    assert {m.node_category(node) for node in job.nodes} == {"SOURCE", "TRANSFORM", "TARGET"}


def test_unknown_node_type_is_kept_opaque() -> None:
    raw = {
        "id": 1697776914576,
        "name": "legacy",
        "type": "TRANSFORM_DROP_NULL",
        "parentNodeIds": "1,2",
        "x": {"y": 1},
    }
    node = m.JobVerify.model_validate({"name": "job", "nodes": [raw]}).nodes[0]
    assert isinstance(node, m.UnknownJobNode)
    assert node.parent_node_ids == [1, 2]
    assert node.to_json()["x"] == {"y": 1}
    assert node.raw is raw


def test_aggregate_result_name_either_case() -> None:
    upper = m.AggregateField.model_validate({"name": "a", "ResultName": "b", "function": "SUM"})
    lower = m.AggregateField.model_validate({"name": "a", "resultName": "b", "function": "SUM"})
    assert upper.result_name == lower.result_name == "b"


def test_legacy_job_reads_run_condition_and_naive_dates() -> None:
    job = m.Job.model_validate(load("getJobById.response.legacy.json"))
    assert job.type == "DATAFLOW"
    assert job.is_visual
    assert job.job_condition is not None
    assert job.job_condition.worker_type == "DEFAULT"
    assert job.created_date is not None
    assert job.created_date.utcoffset() is not None
    assert len(job.nodes) == 3


def test_g3_job() -> None:
    job = m.Job.model_validate(load("getJobById.response.json"))
    assert job.max_concurrent_runs == 1
    assert job.job_condition is not None
    assert job.job_condition.num_worker == 2
    assert isinstance(job.nodes[0], m.SourceObsNode)


def test_legacy_list_tolerates_string_booleans() -> None:
    page = m.Page[m.JobListItem].model_validate(load("getJobs.response.legacy.json"))
    assert page.items
    assert all(isinstance(item.disabled, bool) for item in page.items if item.disabled is not None)


def test_unknown_enum_values_and_extra_fields_survive() -> None:
    data = {"jobExecutionId": "abcdefghijkl", "status": "PAUSED_FOREVER", "newField": [1, 2]}
    execution = m.Execution.model_validate(data)
    assert execution.status == "PAUSED_FOREVER"
    assert not execution.is_final
    assert execution.to_json()["newField"] == [1, 2]
    assert execution.raw is data


def test_execution_nulls() -> None:
    execution = m.Execution.model_validate(load("executeJob.response.json"))
    assert execution.status == m.ExecutionStatus.READY
    assert execution.start_date is None
    assert execution.end_date is None
    assert execution.trigger_id is None


def test_workflow_nodes() -> None:
    workflow = m.Workflow.model_validate(load("getWorkflowById.response.json"))
    assert workflow.trigger_node is not None
    assert workflow.trigger_node.id == "vMcf5Gvf2x3R"
    assert [node.id for node in workflow.job_nodes] == ["RpiB7okASK5W"]
    assert all(node.valid for node in workflow.nodes)
    g1 = m.WorkflowNode.model_validate({"id": "a", "type": "JOB", "parentNodeIds": "vMcf5Gvf2x3R"})
    assert g1.parent_node_ids == ["vMcf5Gvf2x3R"]
    assert g1.valid  # absent isValid means valid


def test_trigger_rule_drift() -> None:
    rule = m.TriggerRule.model_validate(
        {"type": "RECURRING", "interval": "WEEK", "time": "09:00", "dayOfWeek": "MONDAY,FRIDAY"}
    )
    assert rule.day_of_week == ["MONDAY", "FRIDAY"]
    monthly = m.TriggerRule.model_validate(
        {"type": "RECURRING", "interval": "MONTH", "time": "23:30", "dateOfMonth": -1}
    )
    assert monthly.date_of_month == "-1"


def test_stats_both_generations() -> None:
    assert m.ExecutionResult.model_validate(load("getExecutionResult.response.json")).total_count == 4
    for name in ("getExecutionCount.response.json", "getExecutionCount.response.legacy.json"):
        assert m.ExecutionCount.model_validate(load(name)).result
    for name in ("getExecutionTimes.response.json", "getExecutionTimes.response.legacy.json"):
        assert m.ExecutionTimes.model_validate(load(name)).result


def test_pages_treat_null_list_as_empty() -> None:
    page = m.Page[m.Trigger].model_validate({"list": None, "count": 0, "page": 0, "limit": 10})
    assert page.items == []


def test_datetime_serialises_as_korea_time() -> None:
    trigger = m.Trigger.model_validate(load("getTriggerById.response.legacy.json"))
    assert trigger.to_json()["createdDate"].endswith("+09:00")
