"""Every execution in the account, kept current cheaply: the Runs screen and the dashboard share it.

The API has no account-wide executions call, so the list is built from each job's executions
(docs/api-contract.md, getJobExecutions) and, only to tell apart two workflows that share a
trigger and a job, from a workflow's executions (getWorkflowExecutions). The cost rules:

* the first refresh reads every page of every job that has ever run (a job without
  ``lastExecutionDate`` has no executions), most recently active first, with progress, and
  publishes a partial snapshot every :data:`PARTIAL_EVERY` seconds so a big account's newest
  runs show while the rest is read;
* each later refresh reads the jobs list, then only the jobs whose ``lastExecutionDate`` or
  ``lastExecutionStatus`` changed since the last one, plus the jobs with a READY or RUNNING
  execution the jobs list cannot speak for (one behind a newer execution of the same job:
  the list's two fields follow the newest); those reads stop at the first page that brings
  nothing new;
* a job's read that fails stores nothing and is tried again on the next refresh, from its
  newest page (in full only if the job was never read to its end), so a short outage does not
  turn the next refresh into a reload of every history;
* finished executions are final, so once cached they are never asked for on their own;
* the workflows list (for grouping) is read on the first refresh, after a write announced on
  the data signal, and when an execution names a trigger no known workflow has;
* two callers asking at once share one refresh, and a caller may accept a snapshot younger
  than ``max_age`` seconds (a screen being shown again).

Nothing here touches a widget; screens turn a :class:`RunsSnapshot` into rows.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime

from dftui.api import DataFlowClient
from dftui.api.errors import DataFlowError, NotFoundError
from dftui.api.models import Execution, JobListItem, WorkflowListItem
from dftui.api.pagination import PAGE_CONCURRENCY
from dftui.ui.concurrency import gather_bounded
from dftui.ui.runs_model import WorkflowCandidates, reference_time
from dftui.ui.services.data import AccountData, DataChange, log_unawaited
from dftui.ui.services.runs_snapshot import BuildInputs, RunsSnapshot, SnapshotBuilder

log = logging.getLogger(__name__)

#: job execution lists read at once (the gateway throttles bursts)
CONCURRENCY = 6
#: page size of the re-reads after the first load: a change is usually one or two new executions
REREAD_LIMIT = 50
#: seconds between partial snapshots while the first refresh reads a big account
PARTIAL_EVERY = 2.0

Progress = Callable[[int, int], None]


class RunsService:
    """The account-wide execution list of one session."""

    def __init__(self, client: DataFlowClient, data: AccountData) -> None:
        self.client = client
        self.data = data
        self._executions: dict[str, Execution] = {}
        #: job id → its execution ids (a per-job scan of 100,000 executions made 1,000 reads quadratic)
        self._by_job: dict[str, set[str]] = {}
        #: execution id → its creation instant as a number: ``datetime.timestamp`` on aware
        #: datetimes was the top cost of sorting 100,000 executions on every change
        self.stamps: dict[str, float] = {}
        self._live: set[str] = set()
        self._marks: dict[str, tuple[datetime | None, str | None]] = {}
        self._workflows: dict[str, WorkflowListItem] | None = None
        #: ``_workflows`` indexed by job, built with it in :meth:`_read_workflows`
        self._candidates = WorkflowCandidates(())
        self._workflow_of: dict[str, str] = {}
        self._unplaced: set[str] = set()
        #: an execution came in, or the workflows changed, since the WORKFLOW executions were
        #: last placed (or some could not be placed): placing looks at every execution, so a
        #: refresh that brought nothing new skips it
        self._placing_due = True
        self._snapshot: RunsSnapshot | None = None
        self._builder = SnapshotBuilder()
        #: workflows whose runs changed since the last snapshot was built; None: all of them
        self._regroup: set[str] | None = None
        #: a partial snapshot is being built (the readers go on meanwhile)
        self._building = False
        #: the first refresh (every job's every page) has finished
        self._complete = False
        #: jobs whose last read failed: read again on the next refresh
        self._unread: set[str] = set()
        self._made_at = 0.0
        self._version = 0
        self._inflight: asyncio.Task[RunsSnapshot] | None = None
        self._progress: list[Progress] = []

    @property
    def complete(self) -> bool:
        """The first refresh has read every job (partial snapshots come before)."""
        return self._complete and (self._inflight is None or self._inflight.done())

    @property
    def unread(self) -> int:
        """Jobs whose executions could not be read last time (they are retried on each refresh)."""
        return len(self._unread)

    @property
    def snapshot(self) -> RunsSnapshot | None:
        """The last refresh's result, without any request (None before the first)."""
        return self._snapshot

    def forget_workflows(self, change: DataChange | None = None) -> None:
        """A write happened: the next refresh re-reads the workflows list too."""
        self._workflows = None
        self._placing_due = True

    async def refresh(self, progress: Progress | None = None, *, max_age: float = 0.0) -> RunsSnapshot:
        """A current snapshot; joins a refresh already running instead of starting another."""
        if self._snapshot is not None and max_age and time.monotonic() - self._made_at < max_age:
            return self._snapshot
        if progress is not None:
            self._progress.append(progress)
        try:
            if self._inflight is None or self._inflight.done():
                self._inflight = asyncio.ensure_future(self._refresh())
                # nobody may be left waiting (the screen was hidden): its error is then only logged
                self._inflight.add_done_callback(log_unawaited("refreshing the account's executions"))
            # shielded: a screen that stops waiting (hidden, superseded) leaves the read running
            return await asyncio.shield(self._inflight)
        finally:
            if progress is not None and progress in self._progress:
                self._progress.remove(progress)

    def _report(self, done: int, total: int) -> None:
        for listener in list(self._progress):
            listener(done, total)

    # ------------------------------------------------------------------ reading

    async def _refresh(self) -> RunsSnapshot:
        jobs = {job.job_id: job for job in await self.data.jobs()}
        first = not self._complete
        if first and self._workflows is None:  # partial snapshots group workflow runs too
            await self._read_workflows()
        live_jobs = self._jobs_with_hidden_live_runs()
        wanted: list[str] = []
        for job_id, job in jobs.items():
            mark = (job.last_execution_date, job.last_execution_status)
            if first:
                if job.last_execution_date is not None or job.last_execution_status is not None:
                    wanted.append(job_id)
            elif mark != self._marks.get(job_id) or job_id in live_jobs or job_id in self._unread:
                wanted.append(job_id)
        if first:  # the most recently active jobs first: partial snapshots show what matters now
            wanted.sort(key=lambda job_id: _stamp(jobs[job_id].last_execution_date), reverse=True)
        changed = self._drop_vanished(jobs)
        self._report(0, len(wanted))
        done = 0
        published = time.monotonic()
        pause = PARTIAL_EVERY

        failures: list[DataFlowError] = []
        #: jobs already unreadable before this refresh: their failing again says nothing of the link
        known_unread = set(self._unread)

        async def read(job_id: str) -> bool:
            nonlocal done
            try:
                # a read that fails stores nothing, so only a job never read to its end (not
                # in _by_job) is read in full again: an outage costs the newest pages only
                news = await self._read_job(job_id, full=job_id not in self._by_job)
                self._unread.discard(job_id)
            except NotFoundError:  # deleted since the jobs list was read
                news = self._forget_job(job_id)
                self._unread.discard(job_id)
            except DataFlowError as error:  # one job's answer must not sink the other 999
                log.info("reading the executions of job %s failed: %s", job_id, error)
                self._unread.add(job_id)
                failures.append(error)
                news = False
            done += 1
            nonlocal published, pause
            if first and not self._building and time.monotonic() - published >= pause and done < len(wanted):
                self._building = True
                began = time.monotonic()
                try:
                    self._place_unique()
                    self._version += 1
                    self._snapshot = await self._build(jobs, done)  # listeners hear of it through _report
                finally:
                    self._building = False
                published = time.monotonic()
                # building grows with the account: keep it under a fifth of the load's time
                pause = max(PARTIAL_EVERY, 4 * (published - began))
            self._report(done, len(wanted))
            return news

        results = await gather_bounded(read, wanted, concurrency=CONCURRENCY)
        if wanted and len(failures) == len(wanted) and not known_unread.issuperset(wanted):
            raise failures[-1]  # nothing could be read (the link is down): the screen says so
        # jobs whose read failed are asked again next time (they are in _unread)
        self._marks = {job_id: (j.last_execution_date, j.last_execution_status) for job_id, j in jobs.items()}
        changed = changed or any(results)
        if self._workflows is None or (self._placing_due and self._needs_workflows()):
            await self._read_workflows()
            self._workflow_of = {}
            self._unplaced.clear()
            self._placing_due = changed = True
        if self._placing_due and await self._place_workflow_executions():
            changed = True
        self._complete = True
        if changed or self._snapshot is None or first:
            self._version += 1
            self._snapshot = await self._build(jobs, len(wanted))
        else:
            self._snapshot = RunsSnapshot(
                self._snapshot.executions,
                jobs,
                self._snapshot.workflows,
                self._snapshot.workflow_of,
                self._version,
                len(wanted),
                self._snapshot.runs,
                self._snapshot.stamps,
            )
        self._made_at = time.monotonic()
        return self._snapshot

    def _jobs_with_hidden_live_runs(self) -> set[str]:
        """Jobs with a READY/RUNNING execution that the jobs list cannot speak for.

        A job's ``lastExecutionStatus``/``lastExecutionDate`` follow its newest execution, so a
        live execution that is its job's newest shows every change there (READY → RUNNING moves
        the date, the end changes the status). Only a live execution behind a newer one (two
        runs at once) has to be asked for.
        """
        hidden: set[str] = set()
        for job_id in {self._executions[key].job_id or "" for key in self._live}:
            mine = self._by_job.get(job_id, set())
            newest = max(mine, key=self.stamps.__getitem__, default=None)
            if any(key != newest and key in self._live for key in mine):
                hidden.add(job_id)
        return hidden

    async def _read_job(self, job_id: str, *, full: bool) -> bool:
        """Read a job's executions, newest first, until nothing new comes; True if any changed.

        What is new is stored only once the read has ended: a read cut off after its first
        page would otherwise leave that page known, and the next read would stop there and miss
        the pages it never got."""
        pending_live = {key for key in self._by_job.get(job_id, ()) if not self._executions[key].is_final}
        fresh: list[Execution] = []
        # a re-read usually ends at its first or second page: no pages are asked for ahead
        limit, ahead = (None, PAGE_CONCURRENCY) if full else (REREAD_LIMIT, 1)
        pages = self.client.iter_pages(self.client.get_job_executions, job_id, limit=limit, concurrency=ahead)
        async for page in pages:
            all_known = True
            for execution in page.items:
                key = execution.job_execution_id
                known = self._executions.get(key)
                pending_live.discard(key)
                if known is not None and (known.is_final or known.raw == execution.raw):
                    continue  # final, or live and unchanged: what we have is what it is
                all_known = False
                fresh.append(execution)
            if not full and all_known and not pending_live:
                break
        mine = self._by_job.setdefault(job_id, set())  # from now on the job counts as read to its end
        for execution in fresh:
            self._store(execution)
            mine.add(execution.job_execution_id)
        return bool(fresh)

    def _store(self, execution: Execution) -> None:
        key = execution.job_execution_id
        self._placing_due = True
        self._regroup_of(key)
        self._executions[key] = execution
        self.stamps[key] = _newest_key(execution)
        if execution.is_final:
            self._live.discard(key)
        else:
            self._live.add(key)

    def _forget_job(self, job_id: str) -> bool:
        doomed = self._by_job.pop(job_id, set())
        for key in doomed:
            self._regroup_of(key)
            self._workflow_of.pop(key, None)
            self._executions.pop(key, None)
            self.stamps.pop(key, None)
            self._live.discard(key)
        return bool(doomed)

    def _regroup_of(self, key: str) -> None:
        """The runs of the workflow that started execution ``key`` must be grouped again."""
        workflow_id = self._workflow_of.get(key)
        if workflow_id is not None and self._regroup is not None:
            self._regroup.add(workflow_id)

    def _place(self, key: str, workflow_id: str) -> None:
        self._workflow_of[key] = workflow_id
        self._regroup_of(key)

    def _drop_vanished(self, jobs: Mapping[str, JobListItem]) -> bool:
        """Executions of deleted jobs can no longer be read: they leave the list, and a deleted
        job whose read had failed is no longer counted as unread."""
        self._unread &= jobs.keys()
        gone = set(self._by_job) - set(jobs)
        return any([self._forget_job(job_id) for job_id in gone if job_id])

    def _needs_workflows(self) -> bool:
        """An execution names a trigger that no known workflow has (a new workflow)."""
        candidates = self._candidates
        for execution in self._workflow_executions():
            key = execution.job_execution_id
            if key in self._workflow_of or key in self._unplaced:
                continue
            if not candidates(execution):
                self._unplaced.add(key)  # asked once per new execution, not on every refresh
                return True
        return False

    async def _read_workflows(self) -> None:
        self._workflows = {w.workflow_id: w for w in await self.data.workflows()}
        self._candidates = WorkflowCandidates(self._workflows.values())
        self._regroup = None  # a workflow's name or jobs may have changed

    def _workflow_executions(self) -> Iterable[Execution]:
        return (e for e in self._executions.values() if e.type == "WORKFLOW")

    def _place_unique(self) -> tuple[bool, dict[str, list[str]]]:
        """Place the WORKFLOW executions only one workflow could have started; return the rest."""
        candidates_of = self._candidates
        ambiguous: dict[str, list[str]] = {}
        placed = False
        for execution in self._workflow_executions():
            key = execution.job_execution_id
            if key in self._workflow_of:
                continue
            candidates = candidates_of(execution)
            if len(candidates) == 1:
                self._place(key, candidates[0])
                placed = True
            elif candidates:
                ambiguous[key] = candidates
        return placed, ambiguous

    async def _place_workflow_executions(self) -> bool:
        """Map WORKFLOW executions to their workflow; ask the workflows themselves when two qualify."""
        placed, ambiguous = self._place_unique()
        for workflow_id in sorted({w for c in ambiguous.values() for w in c}):
            try:
                async for page in self.client.iter_pages(self.client.get_workflow_executions, workflow_id):
                    for item in page.items:
                        if item.job_execution_id in ambiguous:
                            self._place(item.job_execution_id, workflow_id)
                            placed = True
            except DataFlowError as error:
                log.info("could not read the executions of workflow %s: %s", workflow_id, error)
        # those still not placed are asked for again on the next refresh
        self._placing_due = any(key not in self._workflow_of for key in ambiguous)
        return placed

    async def _build(self, jobs: Mapping[str, JobListItem], jobs_read: int) -> RunsSnapshot:
        """A snapshot of what is stored now, built in a worker thread (see runs_snapshot)."""
        assert self._workflows is not None
        regroup, self._regroup = self._regroup, set()
        inputs = BuildInputs(
            list(self._executions.values()),
            dict(self.stamps),
            dict(self._workflows),
            dict(self._workflow_of),
            regroup,
            jobs,
            self._version,
            jobs_read,
        )
        return await asyncio.to_thread(self._builder.build, inputs)


def _stamp(value: datetime | None) -> float:
    return value.timestamp() if value is not None else float("-inf")


def _newest_key(execution: Execution) -> float:
    when = execution.created_date or reference_time(execution)
    return when.timestamp() if when is not None else float("-inf")
