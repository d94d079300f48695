"""The rules behind x and k, without Textual."""

from __future__ import annotations

from dftui.api.errors import BadStateError, ErrorKind, NetworkError, RequestTimeoutError, ServerError
from dftui.api.models import Execution, JobCondition, Trigger, Workflow
from dftui.ui.run_rules import (
    cancel_outcome,
    is_cancellable,
    job_status_warning,
    outcome_unknown,
    run_settings,
    scheduled_message,
    workflow_start,
    workflow_warnings,
)


def workflow(rule: str | None, *, is_temp: bool = False, valid: bool = True) -> Workflow:
    trigger: dict[str, object] = {"id": "t1", "name": "nightly", "type": "TRIGGER", "parentNodeIds": []}
    if rule is not None:
        trigger["triggerRule"] = rule
    return Workflow.model_validate(
        {
            "workflowId": "w1",
            "name": "wf",
            "isTemp": is_temp,
            "nodes": [
                trigger,
                {"id": "j1", "name": "load", "type": "JOB", "parentNodeIds": ["t1"], "isValid": valid},
            ],
        }
    )


def test_only_non_runnable_job_statuses_warn() -> None:
    for status in ("READY", "RUNNABLE", "RUNNING"):
        assert job_status_warning(status) is None
    assert job_status_warning("DRAFT") == "status DRAFT: the service will probably refuse"
    assert job_status_warning("SOMETHING_NEW") == "status SOMETHING_NEW: the service will probably refuse"
    assert job_status_warning(None) == "status unknown: the service will probably refuse"


def test_run_settings_show_workers_timeout_and_parameters() -> None:
    condition = JobCondition(num_worker=2, worker_type="DEFAULT", timeout=360, parameters={"a": "1"})
    assert run_settings(condition) == [
        ("Workers", "2 (DEFAULT)"),
        ("Timeout", "360 min"),
        ("Parameters", "a=1"),
    ]
    assert run_settings(None) == [("Settings", "none saved: the service decides")]


def test_workflow_start_uses_the_trigger_when_known() -> None:
    scheduled = Trigger.model_validate(
        {
            "triggerId": "t1",
            "name": "nightly",
            "type": "SCHEDULED",
            "triggerRule": {"type": "RECURRING", "interval": "DAY", "time": "02:00"},
        }
    )
    start = workflow_start(workflow("RECURRING"), scheduled)
    assert not start.runnable
    assert scheduled_message("wf", start) == (
        "wf runs on its schedule (every day at 02:00); executeWorkflow only runs manual or event workflows"
    )
    event = Trigger.model_validate(
        {"triggerId": "t1", "name": "drop", "type": "EVENT", "triggerRule": {"type": "NONE"}}
    )
    assert workflow_start(workflow("NONE"), event).runnable


def test_workflow_start_falls_back_to_the_nodes_rule_type() -> None:
    assert not workflow_start(workflow("ONE_TIME"), None).runnable
    assert not workflow_start(workflow("RECURRING"), None).runnable
    assert workflow_start(workflow("NONE"), None).runnable
    assert workflow_start(workflow(None), None).runnable  # unknown: the server decides


def test_workflow_warnings_mirror_the_service_checks() -> None:
    assert workflow_warnings(workflow("NONE")) == []
    assert workflow_warnings(workflow("NONE", is_temp=True)) == [
        "saved as a draft: the service will refuse to run it"
    ]
    assert workflow_warnings(workflow("NONE", valid=False)) == [
        "load no longer exist(s): the service will refuse"
    ]


def test_only_live_executions_with_a_job_can_be_cancelled() -> None:
    assert is_cancellable(Execution(job_execution_id="e", job_id="j", status="RUNNING"))
    assert is_cancellable(Execution(job_execution_id="e", job_id="j", status="READY"))
    assert not is_cancellable(Execution(job_execution_id="e", job_id="j", status="COMPLETED"))
    assert not is_cancellable(Execution(job_execution_id="e", job_id=None, status="RUNNING"))
    assert not is_cancellable(None)


def test_unknown_outcome_only_when_the_request_may_have_arrived() -> None:
    assert outcome_unknown(NetworkError("connection reset"))
    assert outcome_unknown(RequestTimeoutError("timed out"))
    assert outcome_unknown(ServerError("boom", status=500))
    assert not outcome_unknown(BadStateError("no", status=400))
    assert not outcome_unknown(ValueError("x"))
    assert ServerError("boom", status=500).kind == ErrorKind.SERVER


def test_cancel_outcome_accepts_that_the_run_ended_first() -> None:
    def run(status: str) -> Execution:
        return Execution(job_execution_id="e1", job_id="j", status=status)

    assert cancel_outcome("load", run("CANCELED")) == ("Canceled load (execution e1)", "information")
    message, severity = cancel_outcome("load", run("COMPLETED"))
    assert message == "load (execution e1) ended COMPLETED before the cancel took effect"
    assert severity == "warning"
    assert cancel_outcome("load", run("RUNNING"))[0].startswith("Cancel requested;")
