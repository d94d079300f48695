"""``R`` on the Runs screen: run a finished execution again with the same settings and parameters.

It follows the write flow of :class:`~dftui.ui.services.actions.RunControl` and reuses its
pieces (read-only refusal, confirmation guard, app-level worker, error wording, watch pin):
refuse in read-only → gather what will run → :class:`ConfirmScreen` → one POST → tell the user
→ announce a :class:`DataChange`. A job execution is rerun with executeJob and its own
``jobCondition`` (``consoleLogPath`` left out: the service makes a new one) and parameters; a
workflow run with executeWorkflow, which only manual and event workflows allow.
"""

from __future__ import annotations

from typing import Any

from dftui.api.models import ExecuteJobRequest, Execution, JobCondition
from dftui.ui.dialogs.confirm import ConfirmScreen
from dftui.ui.format import DASH, timeout_text, workers_text
from dftui.ui.runs_model import WorkflowRun
from dftui.ui.services.actions import RunControl
from dftui.ui.services.data import DataChange

READ_ONLY_RERUN = "Read-only mode: rerunning is disabled (toggle in the command palette)"
NOT_FINISHED = "R reruns a finished execution: this one is still {status}"


def rerun_body(execution: Execution) -> ExecuteJobRequest:
    """The executeJob body that repeats ``execution``: its effective settings and parameters."""
    fields: dict[str, Any] = execution.job_condition.to_json() if execution.job_condition else {}
    fields.pop("consoleLogPath", None)
    if not fields.get("parameters") and execution.parsed_parameters:
        fields["parameters"] = {k: str(v) for k, v in execution.parsed_parameters.items()}
    return ExecuteJobRequest(job_condition=JobCondition.model_validate(fields) if fields else None)


def _parameter_text(condition: JobCondition | None) -> str:
    params = (condition.parameters if condition else None) or {}
    if not params:
        return "none"
    shown = ", ".join(f"{key}={value}" for key, value in list(params.items())[:4])
    return shown + (" …" if len(params) > 4 else "")


class Reruns:
    """Stateless: a screen builds one over the session's :class:`RunControl` when ``R`` is pressed."""

    def __init__(self, actions: RunControl) -> None:
        self.actions = actions

    def execution(self, execution: Execution) -> None:
        actions = self.actions
        if actions._refused(READ_ONLY_RERUN) or actions._confirm_open():
            return
        if not execution.is_final:
            actions.app.notify(NOT_FINISHED.format(status=execution.status), severity="warning", markup=False)
            return
        if not execution.job_id:
            actions.app.notify("This execution does not name its job", severity="warning", markup=False)
            return
        body = rerun_body(execution)
        condition = body.job_condition
        label = execution.job_name or execution.job_id
        rows = [
            ("Job", f"{label}  ({execution.job_id})"),
            ("Again as", f"execution {execution.job_execution_id} ({execution.status})"),
            ("Workers", workers_text(condition) if condition else DASH),
            ("Timeout", timeout_text(condition) if condition else DASH),
            ("Parameters", _parameter_text(condition)),
        ]
        warnings = []
        if execution.type == "WORKFLOW":
            warnings.append("runs this job alone, outside its workflow")

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                actions._start(self._execute(execution, body, label), "rerun")

        actions.app.push_screen(
            ConfirmScreen(
                f"Rerun {label} with the same settings?", rows, warnings=warnings, confirm_label="Rerun"
            ),
            answered,
        )

    async def _execute(self, execution: Execution, body: ExecuteJobRequest, label: str) -> None:
        actions = self.actions
        job_id = execution.job_id or ""
        try:
            fresh = await actions.client.execute_job(job_id, body)
        except Exception as error:
            actions._error(
                "Rerun", error, f"Unknown whether {label} started (not retried; its executions were re-read):"
            )
            actions.data.announce(DataChange("job", job_id, job_id=job_id))
            return
        actions.app.notify(f"Started {label} again (execution {fresh.job_execution_id})", markup=False)
        actions.watches.pin(fresh, announce=False, label=label)
        actions.data.announce(DataChange("job", job_id, job_id=job_id, execution_id=fresh.job_execution_id))

    def workflow_run(self, run: WorkflowRun) -> None:
        actions = self.actions
        if actions._refused(READ_ONLY_RERUN) or actions._confirm_open():
            return
        if not run.is_final:
            actions.app.notify(NOT_FINISHED.format(status=run.status), severity="warning", markup=False)
            return
        actions._start(self._ask_workflow(run), "rerun-prepare")

    async def _ask_workflow(self, run: WorkflowRun) -> None:
        actions = self.actions
        try:
            workflow = await actions.client.get_workflow_by_id(run.workflow_id)
        except Exception as error:
            actions._error("Rerun workflow", error, "")
            return
        await actions.ask_workflow_run(
            workflow,
            action="Rerun workflow",
            title=f"Run workflow {workflow.name} again?",
            confirm_label="Rerun",
            extra_rows=[("Last run", f"{run.status}, {len(run.executions)} job execution(s)")],
            not_runnable_hint="; rerun its jobs one by one instead (R on each)",
            group="rerun-workflow",
        )
