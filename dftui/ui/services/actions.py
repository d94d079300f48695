"""Start jobs and workflows, stop executions: confirm, call once, then re-read.

Every flow is: refuse in read-only mode (nothing reaches the client) → gather what the
confirmation shows → :class:`ConfirmScreen` → one POST in an app-level worker (screen
workers are cancelled when the modal covers their screen) → tell the user → announce a
:class:`DataChange` so every screen showing it re-reads. Execute and cancel are never
repeated automatically: when the answer was lost nobody knows whether the service acted
(docs/api-contract.md, Retries and idempotency), so the user is told so and the data re-read.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine, Sequence
from typing import Any

from textual.app import App

from dftui.api import DataFlowClient
from dftui.api.errors import BadStateError, ReadOnlyError
from dftui.api.models import Execution, Job, JobListItem, Trigger, Workflow
from dftui.ui.dialogs.confirm import ConfirmScreen
from dftui.ui.errors import error_message
from dftui.ui.format import DASH, TimeDisplay
from dftui.ui.run_rules import (
    READ_ONLY_CANCEL,
    READ_ONLY_RUN_JOB,
    READ_ONLY_RUN_WORKFLOW,
    cancel_outcome,
    is_cancellable,
    job_names,
    job_status_warning,
    not_cancellable_message,
    outcome_unknown,
    scheduled_message,
    workflow_start,
    workflow_warnings,
)
from dftui.ui.services.data import AccountData, DataChange
from dftui.ui.services.settings import LiveSettings
from dftui.ui.services.watches import WatchService

log = logging.getLogger(__name__)

#: seconds between re-reads after a cancel request, and how many re-reads at most
CANCEL_POLL_INTERVAL = 1.0
CANCEL_POLLS = 20


class RunControl:
    """The session's run and stop actions."""

    def __init__(
        self,
        host: App[Any],
        client: DataFlowClient,
        settings: LiveSettings,
        data: AccountData,
        watches: WatchService,
        times: TimeDisplay,
    ) -> None:
        self.app = host
        self.client = client
        self.settings = settings
        self.data = data
        self.watches = watches
        self.times = times

    # ------------------------------------------------------------------ helpers

    def _start(self, work: Coroutine[Any, Any, None], group: str) -> None:
        self.app.run_worker(work, group=group, exit_on_error=False)

    def _refused(self, message: str) -> bool:
        return self.settings.refuses(message)

    def _confirm_open(self) -> bool:
        return isinstance(self.app.screen, ConfirmScreen)

    def _message(self, error: BaseException) -> str:
        """A failed request as a sentence; a refused signature says which clock is ahead."""
        return error_message(error, clock_skew=self.client.clock_skew)

    def _error(self, title: str, error: BaseException, unknown_hint: str) -> None:
        if isinstance(error, ReadOnlyError):  # the client's own guard, if app and client ever disagree
            self.app.notify(self._message(error), title="Read-only", severity="warning", markup=False)
            return
        message = self._message(error)
        if outcome_unknown(error):
            message = f"{unknown_hint} {message}"
        self.app.notify(message, title=title, severity="error", markup=False, timeout=10)
        if not isinstance(error, BadStateError):
            log.info("%s failed: %s", title, message)

    # --------------------------------------------------------------------- jobs

    def run_job(self, job: Job | JobListItem) -> None:
        """``x`` on a job: a form prefilled with its saved settings; ``enter`` runs with them.

        Changed settings apply to this run only (executeJob's body); unchanged ones send no body,
        so the service uses the saved settings exactly.
        """
        if self._refused(READ_ONLY_RUN_JOB) or self._form_open():
            return
        self._start(self._ask_run_job(job), "run-prepare")

    def _form_open(self) -> bool:
        from dftui.ui.dialogs.form import FormScreen

        return self._confirm_open() or isinstance(self.app.screen, FormScreen)

    async def _ask_run_job(self, job: Job | JobListItem) -> None:
        from dftui.ui.dialogs.run_settings_form import RunSettingsForm
        from dftui.ui.drafts.run_settings import RunSettingsDraft

        full = job
        if not isinstance(job, Job):
            try:
                full = await self.client.get_job_by_id(job.job_id)
            except Exception as error:
                self.app.notify(self._message(error), title="Run job", severity="error", markup=False)
                return
        assert isinstance(full, Job)
        raw = full.raw if isinstance(full.raw, dict) else {}
        saved = raw.get("jobCondition") or raw.get("runCondition")
        try:
            initial = RunSettingsDraft.from_condition(saved if isinstance(saved, dict) else None)
        except ValueError:  # saved settings of a shape the form cannot hold: run with them as they are
            initial = RunSettingsDraft()
        warning = job_status_warning(full.status)

        async def send(settings: RunSettingsDraft) -> Execution | None:
            body = None if settings == initial else {"jobCondition": settings.condition()}
            try:
                return await self.client.execute_job(full.job_id, body)
            except Exception as error:
                if not outcome_unknown(error):
                    raise  # the form stays open with the service's answer beside the field
                self._error(
                    "Run job",
                    error,
                    f"Unknown whether {full.name} started (not retried; its executions were re-read):",
                )
                self.data.announce(DataChange("job", full.job_id, job_id=full.job_id))
                return None

        def started(execution: Execution | None) -> None:
            if execution is not None:
                self._started(full, execution)

        form = RunSettingsForm[Execution | None](
            f"Run job {full.name}",
            initial,
            send,
            submit_label="Run",
            facts=[("Job", f"{full.name}  ({full.job_id})"), ("Status", full.status or DASH)],
            warnings=[warning, "Changes apply to this run only"]
            if warning
            else ["Changes apply to this run only"],
        )
        form.clock_skew = lambda: self.client.clock_skew  # a refused signature says which clock is ahead
        self.app.push_screen(
            form,
            started,
        )

    def _started(self, job: Job, execution: Execution) -> None:
        label = execution.job_name or job.name
        self.app.notify(f"Started {label} (execution {execution.job_execution_id})", markup=False)
        self.watches.pin(execution, announce=False, label=label)
        self.data.announce(
            DataChange("job", job.job_id, job_id=job.job_id, execution_id=execution.job_execution_id)
        )

    # ---------------------------------------------------------------- workflows

    def run_workflow(self, workflow: Workflow) -> None:
        """``x`` on a workflow: only manual and event workflows can be run (only manual and event start triggers can be started by executeWorkflow)."""
        if self._refused(READ_ONLY_RUN_WORKFLOW) or self._confirm_open():
            return
        self._start(self._ask_run_workflow(workflow), "run-prepare")

    async def _trigger_of(self, workflow: Workflow) -> Trigger | None:
        node = workflow.trigger_node
        return None if node is None else await self.data.trigger(node.id)

    async def _ask_run_workflow(self, workflow: Workflow) -> None:
        await self.ask_workflow_run(workflow)

    async def ask_workflow_run(
        self,
        workflow: Workflow,
        *,
        action: str = "Run workflow",
        title: str | None = None,
        confirm_label: str = "Run",
        extra_rows: Sequence[tuple[str, str]] = (),
        not_runnable_hint: str = "",
        group: str = "run-workflow",
    ) -> None:
        """Confirm and start a workflow run (``x``, and ``R`` on a workflow run with its own words)."""
        trigger = await self._trigger_of(workflow)
        start = workflow_start(workflow, trigger)
        if not start.runnable:
            self.app.notify(
                scheduled_message(workflow.name, start) + not_runnable_hint,
                title=action,
                severity="warning",
                markup=False,
                timeout=10,
            )
            return
        node = workflow.trigger_node
        trigger_name = trigger.name if trigger is not None else (node.name if node else DASH)
        rows = [
            ("Workflow", f"{workflow.name}  ({workflow.workflow_id})"),
            ("Start trigger", f"{trigger_name}  ({start.words})"),
            ("Jobs", job_names(workflow)),
            *extra_rows,
        ]

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self._start(self._execute_workflow(workflow, action), group)

        self.app.push_screen(
            ConfirmScreen(
                title or f"Run workflow {workflow.name}?",
                rows,
                warnings=workflow_warnings(workflow),
                confirm_label=confirm_label,
            ),
            answered,
        )

    async def _execute_workflow(self, workflow: Workflow, action: str = "Run workflow") -> None:
        try:
            await self.client.execute_workflow(workflow.workflow_id)
        except Exception as error:
            self._error(
                action,
                error,
                f"Unknown whether {workflow.name} started (not retried; its runs were re-read):",
            )
        else:
            self.app.notify(
                f"Run accepted: {workflow.name}; its executions appear as the jobs start", markup=False
            )
        self.data.announce(DataChange("workflow", workflow.workflow_id))

    # --------------------------------------------------------------- executions

    def cancel_execution(self, execution: Execution) -> None:
        """``k`` on a READY or RUNNING execution: confirm, cancel once, re-read until final."""
        if self._refused(READ_ONLY_CANCEL) or self._confirm_open():
            return
        if not is_cancellable(execution):
            self.app.notify(not_cancellable_message(execution), severity="warning", markup=False)
            return
        label = execution.job_name or execution.job_id or DASH
        rows = [
            ("Job", f"{label}  ({execution.job_id})"),
            ("Execution", execution.job_execution_id),
            ("Status", execution.status),
            (
                ("Started", self.times.full(execution.start_date))
                if execution.start_date
                else ("Queued at", self.times.full(execution.created_date))
            ),
        ]

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self._start(self._cancel(execution, label), "cancel-execution")

        self.app.push_screen(
            ConfirmScreen(
                f"Stop execution {execution.job_execution_id} of {label}?",
                rows,
                confirm_label="Stop run",
                cancel_label="Keep running",
            ),
            answered,
        )

    async def _cancel(self, execution: Execution, label: str) -> None:
        job_id = execution.job_id or ""
        try:
            await self.client.cancel_job_execution(job_id, execution.job_execution_id)
        except BadStateError:
            pass  # it ended first: the re-read below says how
        except Exception as error:
            self._error(
                "Stop execution",
                error,
                f"Unknown whether {label} was stopped (not retried; re-reading it):",
            )
            if not outcome_unknown(error):
                self.data.announce(self._execution_change(execution))
                return
        fresh = await self._read_until_final(execution)
        message, severity = cancel_outcome(label, fresh)
        self.app.notify(message, title="Stop execution", severity=severity, markup=False)  # type: ignore[arg-type]
        self.watches.refresh(fresh, label=label, pin=not fresh.is_final)
        self.data.announce(self._execution_change(fresh))

    @staticmethod
    def _execution_change(execution: Execution) -> DataChange:
        return DataChange(
            "execution",
            execution.job_execution_id,
            job_id=execution.job_id or "",
            execution_id=execution.job_execution_id,
        )

    async def _read_until_final(self, execution: Execution) -> Execution:
        """The real service may take a moment to cancel; give up after a while."""
        latest = execution
        for attempt in range(CANCEL_POLLS):
            if attempt:
                await asyncio.sleep(CANCEL_POLL_INTERVAL)
            try:
                latest = await self.client.get_job_execution_by_id(
                    execution.job_id or "", execution.job_execution_id
                )
            except Exception as error:
                log.info("re-reading %s failed: %s", execution.job_execution_id, error)
                continue
            if latest.is_final:
                break
        return latest
