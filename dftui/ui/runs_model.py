"""Workflow runs rebuilt from job executions, without Textual.

The API has no workflow-run object and no run id (docs/api-contract.md, Execution): a run of a
workflow is the set of job executions it started, each with ``type: WORKFLOW`` and the start
trigger's id. So:

* an execution belongs to the workflow whose nodes hold both its trigger and its job
  (:class:`WorkflowCandidates`; when two workflows qualify, the service asks the workflows'
  own execution lists);
* within one workflow, executions of the jobs right after the trigger start a run (those the
  same firing created, up to a minute apart, start one run together), and every other execution
  joins the run in which one of its parent jobs completed last before it was created
  (:func:`group_runs`).
"""

from __future__ import annotations

from bisect import bisect_right, insort
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from dftui.api.models import Execution, Workflow

#: the root jobs of one workflow run are created this many seconds apart at most
ROOT_SPREAD_S = 60


def reference_time(execution: Execution) -> datetime | None:
    """When an execution counts (the emulator's stats rule): its start, or its creation while queued."""
    return execution.start_date or execution.created_date


class WorkflowCandidates:
    """Which workflows could have started a WORKFLOW execution: one holding its job and its trigger.

    Indexed by job once per workflows list: it is asked for every WORKFLOW execution on each
    refresh, and scanning every workflow each time took a tenth of a dashboard's first load."""

    def __init__(self, workflows: Iterable[Workflow]) -> None:
        self._by_job: dict[str, list[tuple[str, str | None]]] = {}
        for workflow in workflows:
            trigger = workflow.trigger_node
            for job_id in dict.fromkeys(node.id for node in workflow.job_nodes):
                self._by_job.setdefault(job_id, []).append(
                    (workflow.workflow_id, None if trigger is None else trigger.id)
                )

    def __call__(self, execution: Execution) -> list[str]:
        """Ids of the workflows that could have started ``execution``, in the workflows' order."""
        if execution.type != "WORKFLOW" or not execution.job_id:
            return []
        wanted = execution.trigger_id
        return [
            workflow_id
            for workflow_id, trigger_id in self._by_job.get(execution.job_id, ())
            if wanted is None or (trigger_id is not None and trigger_id == wanted)
        ]


def overall_status(statuses: Iterable[str]) -> str:
    """One status for a run: live while any job is live, else the worst outcome."""
    seen = set(statuses)
    if seen & {"RUNNING"}:
        return "RUNNING"
    if seen & {"READY"}:
        return "READY" if seen <= {"READY"} else "RUNNING"
    for status in ("FAILED", "CANCELED"):
        if status in seen:
            return status
    if seen <= {"COMPLETED"} and seen:
        return "COMPLETED"
    return next(iter(sorted(seen)), "UNKNOWN")


@dataclass(frozen=True)
class WorkflowRun:
    """One run of a workflow: its job executions, oldest first."""

    workflow_id: str
    workflow_name: str
    executions: tuple[Execution, ...]

    @property
    def key(self) -> str:
        return f"run:{self.workflow_id}:{self.executions[0].job_execution_id}"

    @property
    def status(self) -> str:
        return overall_status(e.status for e in self.executions)

    @property
    def is_final(self) -> bool:
        return all(e.is_final for e in self.executions)

    @property
    def created(self) -> datetime | None:
        return min((e.created_date for e in self.executions if e.created_date), default=None)

    @property
    def started(self) -> datetime | None:
        return min((t for e in self.executions if (t := e.start_date)), default=None)

    @property
    def ended(self) -> datetime | None:
        if not self.is_final:
            return None
        return max((t for e in self.executions if (t := e.end_date)), default=None)

    @property
    def when(self) -> datetime | None:
        return self.started or self.created

    @property
    def trigger_name(self) -> str | None:
        return next((e.trigger_name for e in self.executions if e.trigger_name), None)

    @property
    def workers(self) -> int:
        return sum(_workers(e) or 0 for e in self.executions)


def _workers(execution: Execution) -> int | None:
    if execution.executor_num is not None:
        return execution.executor_num
    return execution.job_condition.num_worker if execution.job_condition else None


def workers_of(execution: Execution) -> int | None:
    """Workers an execution used (``executorNum``, else its settings' ``numWorker``)."""
    return _workers(execution)


def _parents(workflow: Workflow) -> dict[str, set[str]]:
    """Job node → its parent job nodes (the trigger is left out)."""
    jobs = {node.id for node in workflow.job_nodes}
    return {node.id: {p for p in node.parent_node_ids if p in jobs} for node in workflow.job_nodes}


def group_runs(
    workflow: Workflow, executions: Sequence[Execution], created: Mapping[str, float] | None = None
) -> list[WorkflowRun]:
    """The runs of ``workflow`` that ``executions`` (all started by it) make up, newest first.

    O(n log n): each job's COMPLETED executions are kept sorted by end, so a later job finds
    the run of its parent's latest completion before it by bisection, not by a scan of every run.
    ``created`` maps execution ids to creation instants as numbers when the caller keeps them:
    ``datetime.timestamp`` on aware datetimes was most of the cost of regrouping 100,000.
    """
    if created is None:
        created = {e.job_execution_id: _stamp(e.created_date) for e in executions}
    parents = _parents(workflow)
    runs: list[list[Execution]] = []
    jobs_in: list[set[str]] = []
    #: each run's creation instant: its first execution that has one (they come oldest first)
    runs_created: list[float] = []
    #: job → (end instant, run index) of its COMPLETED executions, sorted
    completions: dict[str, list[tuple[float, int]]] = {}
    for execution in sorted(executions, key=lambda e: created[e.job_execution_id]):
        job = execution.job_id or ""
        dated = execution.created_date is not None
        at = created[execution.job_execution_id] if dated else float("inf")
        job_parents = parents.get(job, set())
        target: int | None = None
        if not job_parents:  # a root job starts a run, unless a run-mate started it moments before
            if runs and job not in jobs_in[-1] and _same_firing(runs[-1][0], execution):
                target = len(runs) - 1
        else:
            best = float("-inf")
            for parent in job_parents:
                ends = completions.get(parent, [])
                index = bisect_right(ends, (at, len(runs)))
                while index > 0:
                    index -= 1
                    ended, run_index = ends[index]
                    if ended <= best:
                        break
                    if job not in jobs_in[run_index]:
                        best, target = ended, run_index
                        break
            if target is None:
                target = next((i for i in range(len(runs) - 1, -1, -1) if job not in jobs_in[i]), None)
        if target is None:
            runs.append([execution])
            jobs_in.append({job})
            runs_created.append(at if dated else float("-inf"))
            target = len(runs) - 1
        else:
            runs[target].append(execution)
            jobs_in[target].add(job)
            if dated and runs_created[target] == float("-inf"):
                runs_created[target] = at
        if execution.status == "COMPLETED" and execution.end_date is not None:
            insort(completions.setdefault(job, []), (execution.end_date.timestamp(), target))
    order = sorted(range(len(runs)), key=runs_created.__getitem__, reverse=True)
    return [WorkflowRun(workflow.workflow_id, workflow.name, tuple(runs[index])) for index in order]


def _same_firing(first: Execution, execution: Execution) -> bool:
    """Whether ``execution`` of a root job was started by the firing that created ``first``:
    the service creates a run's first jobs seconds apart, not at one instant."""
    if first.created_date is None or execution.created_date is None:
        return False
    apart = (execution.created_date - first.created_date).total_seconds()
    return 0 <= apart <= ROOT_SPREAD_S and first.trigger_id == execution.trigger_id


def _stamp(value: datetime | None) -> float:
    return value.timestamp() if value is not None else float("-inf")
