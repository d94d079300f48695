"""What the Runs screen and the dashboard are shown: the account's executions as one snapshot.

Building one is ordering every execution and grouping each workflow's into runs. On a big
account (100,000 executions) that took 0.5 to 1 s of CPU, and it happens every few seconds while
the first refresh reads, so :class:`SnapshotBuilder` does it in a worker thread from copies the
service takes on the UI loop, and regroups only the workflows whose executions changed since
the last build. Nothing here touches a widget.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from dftui.api.models import Execution, JobListItem, WorkflowListItem
from dftui.ui.runs_model import WorkflowRun, group_runs


@dataclass(frozen=True)
class RunsSnapshot:
    """What one refresh knows: every execution, newest first, and how to group them."""

    executions: tuple[Execution, ...]
    jobs: Mapping[str, JobListItem]
    workflows: Mapping[str, WorkflowListItem]
    #: execution id → the workflow that started it (WORKFLOW executions that could be placed)
    workflow_of: Mapping[str, str]
    #: bumped whenever anything shown could differ
    version: int
    #: job execution lists read by the refresh that made this snapshot
    jobs_read: int = 0
    runs: tuple[WorkflowRun, ...] = field(default=())
    #: execution id → creation instant as a number, for ordering
    stamps: Mapping[str, float] = field(default_factory=dict)

    def __hash__(self) -> int:
        return hash(self.version)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RunsSnapshot) and other.version == self.version

    def of_job(self, job_id: str) -> list[Execution]:
        return [e for e in self.executions if e.job_id == job_id]

    def run_of(self, execution_id: str) -> WorkflowRun | None:
        return next(
            (run for run in self.runs if any(e.job_execution_id == execution_id for e in run.executions)),
            None,
        )


@dataclass(frozen=True)
class BuildInputs:
    """Copies of the service's state, taken on the UI loop: its readers go on storing meanwhile."""

    executions: Sequence[Execution]
    stamps: Mapping[str, float]
    workflows: Mapping[str, WorkflowListItem]
    workflow_of: Mapping[str, str]
    #: workflows whose runs may differ from the last build's; None: all of them
    regroup: Collection[str] | None
    jobs: Mapping[str, JobListItem]
    version: int
    jobs_read: int


class SnapshotBuilder:
    """Builds snapshots one at a time, keeping each workflow's runs until its executions change."""

    def __init__(self) -> None:
        self._runs_of: dict[str, list[WorkflowRun]] = {}
        #: a build whose caller was cancelled still finishes: the next one waits for it
        self._lock = threading.Lock()

    def build(self, inputs: BuildInputs) -> RunsSnapshot:
        with self._lock:
            return self._build(inputs)

    def _build(self, inputs: BuildInputs) -> RunsSnapshot:
        stamps, workflow_of = inputs.stamps, inputs.workflow_of
        runs_of = self._runs_of
        if inputs.regroup is None:
            runs_of.clear()
        else:
            for changed in inputs.regroup:
                runs_of.pop(changed, None)
        ordered = sorted(inputs.executions, key=lambda e: stamps[e.job_execution_id], reverse=True)
        #: workflows in the order of their newest execution, and the executions of those to regroup
        active: dict[str, list[Execution] | None] = {}
        for execution in ordered:
            workflow_id = workflow_of.get(execution.job_execution_id)
            if workflow_id is None:
                continue
            if workflow_id not in active:
                active[workflow_id] = None if workflow_id in runs_of else []
            mine = active[workflow_id]
            if mine is not None:
                mine.append(execution)
        for workflow_id, regrouped in active.items():
            if regrouped is not None:
                runs_of[workflow_id] = group_runs(inputs.workflows[workflow_id], regrouped, stamps)
        for workflow_id in runs_of.keys() - active.keys():  # no executions left
            del runs_of[workflow_id]
        return RunsSnapshot(
            tuple(ordered),
            inputs.jobs,
            inputs.workflows,
            inputs.workflow_of,
            inputs.version,
            inputs.jobs_read,
            tuple(run for workflow_id in active for run in runs_of[workflow_id]),
            stamps,
        )
