"""The simulation: executions progressing over (simulated) time, workflow runs and schedules.

Event-driven and deterministic. :meth:`Engine.advance_to` processes, in time order, every event
due up to ``now``: a READY execution starting once its seeded waiting time has passed and a slot
is free (``maxConcurrentRuns``), a RUNNING execution ending at its seeded planned end (or
``FAILED`` at its timeout), and firings of ``SCHEDULED`` triggers. Randomness comes from a
``random.Random`` derived from ``(seed, execution id)``, so each execution's fate is fixed at
creation and survives a restart (the planned values are persisted with it).
"""

from __future__ import annotations

import math
import random
import string
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from dftui.emulator.store import LIVE_STATUSES, Store, epoch
from dftui.emulator.validation import merge_condition, missing_run_setting
from dftui.timeutil import KST, format_api_datetime, parse_datetime

try:  # the schedule helper module; a tiny fallback keeps the emulator usable without it
    from dftui.schedule import fire_times_between
except ImportError:  # pragma: no cover - only while the module is being written
    fire_times_between = None  # type: ignore[assignment]

_ALPHABET = string.ascii_letters + string.digits
AMBIENT = "__ambient__"
"""Marks an ambient run in the event list, where trigger ids stand for schedule firings."""
DEFAULT_NUM_WORKER = 2
DEFAULT_TIMEOUT = 360


@dataclass
class SimulationSettings:
    """Knobs for simulated durations and outcomes: emulator controls, not part of the API."""

    wait_seconds: tuple[float, float] = (2.0, 20.0)
    run_seconds: tuple[float, float] = (20.0, 180.0)
    failure_rate: float = 0.1
    forced_outcomes: dict[str, str] = field(default_factory=dict)
    """job id -> ``COMPLETED`` or ``FAILED`` for every new execution of that job."""
    linked_failures: dict[str, str] = field(default_factory=dict)
    """job id -> ``client-request-failed`` / ``client-resource-not-found`` / ``client-unauthorized``:
    executeJob of that job answers 400 with that errorType (a linked NCP product failing)."""
    ambient_every: tuple[float, float] | None = None
    """Seconds between ad-hoc runs by simulated teammates (demo mode), so that something visibly
    starts every minute or so without speeding the clock up. ``None`` (the default) keeps the
    account quiet, as tests need."""
    ambient_first_within: tuple[float, float] = (3.0, 10.0)
    """Delay of the first ambient run after (re)start: a newcomer sees activity within seconds."""


def to_datetime(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, KST)


def iso(seconds: float) -> str:
    return format_api_datetime(to_datetime(seconds))


def public_execution(data: dict[str, Any], now: datetime) -> dict[str, Any]:
    """The wire form: internal keys stripped, waiting/running minutes derived from dates.

    Final executions carry minutes fixed when they ended; only live ones are computed to ``now``.
    """
    out = {k: v for k, v in data.items() if k[0] != "_" and k != "workflowId"}
    if out.get("endDate") is None or "waitingTime" not in out or "runningTime" not in out:
        set_minutes(out, now.timestamp())
    out.setdefault("parsedParameters", {})
    return out


def set_minutes(data: dict[str, Any], now_s: float) -> None:
    """``waitingTime``/``runningTime`` in whole minutes, rounded down (the service's rounding is unknown)."""
    created = epoch(data.get("createdDate"))
    started = epoch(data.get("startDate"))
    ended = epoch(data.get("endDate"))
    if created is not None:
        waited_until = started if started is not None else (ended if ended is not None else now_s)
        data["waitingTime"] = max(0, math.floor((waited_until - created) / 60))
    if started is not None:
        data["runningTime"] = max(0, math.floor(((ended if ended is not None else now_s) - started) / 60))
    else:
        data["runningTime"] = 0


class Engine:
    """Owns every state transition of executions, workflow runs and schedules."""

    def __init__(
        self,
        store: Store,
        clock_now: Callable[[], datetime],
        seed: int = 42,
        settings: SimulationSettings | None = None,
    ) -> None:
        self.store = store
        self.now = clock_now
        self.seed = seed
        self.settings = settings or SimulationSettings()
        self._scheduled: list[dict[str, Any]] | None = None
        self._last_processed: float | None = None

    # --------------------------------------------------------------- lifecycle

    def start_clock(self) -> None:
        """On (re)start: schedules do not catch up on time missed while stopped."""
        with self.store.lock:
            self._last_processed = self.now().timestamp()
            self.store.set_meta("last_processed", repr(self._last_processed))
            if self.settings.ambient_every is not None:
                delay = random.Random(f"{self.seed}:ambient-start:{self._last_processed}").uniform(
                    *self.settings.ambient_first_within
                )
                self.store.set_meta("next_ambient", repr(self._last_processed + delay))

    def invalidate_triggers(self) -> None:
        self._scheduled = None

    # ------------------------------------------------------------------- ids

    def new_id(self) -> str:
        """A 12-character alphanumeric id, deterministic for a seed and operation order."""
        with self.store.lock:
            counter = int(self.store.get_meta("id_counter") or "0") + 1
            self.store.set_meta("id_counter", str(counter))
        return "".join(random.Random(f"{self.seed}:id:{counter}").choices(_ALPHABET, k=12))

    def _rng(self, execution_id: str) -> random.Random:
        return random.Random(f"{self.seed}:execution:{execution_id}")

    # ------------------------------------------------------------ executions

    def create_execution(
        self,
        job: dict[str, Any],
        condition: dict[str, Any],
        *,
        at: datetime,
        execution_type: str = "JOB",
        trigger: dict[str, Any] | None = None,
        workflow_id: str | None = None,
        run_id: str | None = None,
        fail_immediately: bool = False,
    ) -> dict[str, Any]:
        """Insert a READY execution whose waiting time, duration and outcome are seeded now."""
        execution_id = self.new_id()
        rng = self._rng(execution_id)
        wait_s = rng.uniform(*self.settings.wait_seconds)
        run_s = rng.uniform(*self.settings.run_seconds)
        outcome = "FAILED" if rng.random() < self.settings.failure_rate else "COMPLETED"
        outcome = self.settings.forced_outcomes.get(job["jobId"], outcome)
        if fail_immediately:
            outcome, run_s = "FAILED", min(run_s, 5.0)
        effective = dict(condition)
        effective.setdefault("numWorker", DEFAULT_NUM_WORKER)
        effective.setdefault("timeout", DEFAULT_TIMEOUT)
        log_path = effective.get("logPath")
        if log_path:
            effective["consoleLogPath"] = log_path.rstrip("/") + "/" + execution_id
        data: dict[str, Any] = {
            "jobExecutionId": execution_id,
            "jobId": job["jobId"],
            "jobName": job.get("name"),
            "triggerId": trigger["triggerId"] if trigger else None,
            "triggerName": trigger.get("name") if trigger else None,
            "type": execution_type,
            "status": "READY",
            "jobCondition": effective,
            "executorNum": effective["numWorker"],
            "waitingTime": 0,
            "runningTime": 0,
            "parsedParameters": dict(effective.get("parameters") or {}),
            "createdDate": format_api_datetime(at),
            "startDate": None,
            "endDate": None,
            "_waitS": wait_s,
            "_runS": run_s,
            "_plannedOutcome": outcome,
        }
        if workflow_id:
            data["workflowId"] = workflow_id
        if run_id:
            data["_runId"] = run_id
        self.store.put_execution(data)
        self.refresh_job_last(job["jobId"])
        return data

    def cancel_execution(self, execution: dict[str, Any], at: datetime) -> None:
        execution["status"] = "CANCELED"
        execution["endDate"] = format_api_datetime(at)
        set_minutes(execution, at.timestamp())
        self.store.put_execution(execution)
        self.refresh_job_last(execution["jobId"])

    def refresh_job_last(self, job_id: str) -> None:
        """The job's ``lastExecution*`` follow its newest execution."""
        job = self.store.get("job", job_id)
        if job is None:
            return
        newest = self.store.newest_execution(job_id)
        if newest is None:
            job.pop("lastExecutionStatus", None)
            job.pop("lastExecutionDate", None)
        else:
            job["lastExecutionStatus"] = newest["status"]
            job["lastExecutionDate"] = newest.get("startDate") or newest.get("createdDate")
        self.store.put("job", job_id, job)

    # ---------------------------------------------------------- workflow runs

    def start_workflow_run(self, workflow: dict[str, Any], trigger: dict[str, Any], at: datetime) -> str:
        """Create the run and the executions of the JOB nodes that follow the trigger node."""
        run_id = self.new_id()
        nodes = [
            {
                "id": n["id"],
                "parents": list(n.get("parentNodeIds") or []),
                "jobCondition": n.get("jobCondition"),
            }
            for n in workflow.get("nodes", [])
            if n.get("type") == "JOB"
        ]
        trigger_node = next((n["id"] for n in workflow.get("nodes", []) if n.get("type") == "TRIGGER"), None)
        run = {
            "runId": run_id,
            "workflowId": workflow["workflowId"],
            "triggerNodeId": trigger_node,
            "trigger": {"triggerId": trigger["triggerId"], "name": trigger.get("name")},
            "startedAt": format_api_datetime(at),
            "nodes": nodes,
            "started": [],
        }
        workflow["_lastExecutionDate"] = format_api_datetime(at)
        self.store.put("workflow", workflow["workflowId"], workflow)
        self._continue_run(run, at)
        return run_id

    def _continue_run(self, run: dict[str, Any], at: datetime) -> None:
        """Start every not-yet-started node whose parents all completed in this run."""
        completed = {run["triggerNodeId"]}
        for execution in self.store.list_executions(run_id=run["runId"]):
            if execution["status"] == "COMPLETED":
                completed.add(execution["jobId"])
        for node in run["nodes"]:
            if node["id"] in run["started"] or not all(p in completed for p in node["parents"]):
                continue
            run["started"].append(node["id"])
            job = self.store.get("job", node["id"])
            if job is None:
                continue
            condition = merge_condition(job.get("jobCondition"), node.get("jobCondition"))
            self.create_execution(
                job,
                condition,
                at=at,
                execution_type="WORKFLOW",
                trigger=run["trigger"],
                workflow_id=run["workflowId"],
                run_id=run["runId"],
                fail_immediately=missing_run_setting(condition) is not None,
            )
        self.store.put_run(run)

    # ------------------------------------------------------------- schedules

    def _scheduled_triggers(self) -> list[dict[str, Any]]:
        if self._scheduled is None:
            self._scheduled = [t for t in self.store.list("trigger") if t.get("type") == "SCHEDULED"]
        return self._scheduled

    def _due_firings(self, start: float, end: float) -> list[tuple[float, str]]:
        if fire_times_between is None or end <= start:
            return []
        firings: list[tuple[float, str]] = []
        for trigger in self._scheduled_triggers():
            for at in fire_times_between(
                "SCHEDULED", trigger.get("triggerRule"), to_datetime(start), to_datetime(end)
            ):
                firings.append((at.timestamp(), trigger["triggerId"]))
        firings.sort()
        return firings

    def _due_ambient(self, end: float) -> list[tuple[float, str]]:
        """Ambient run times up to ``end``; the next one after ``end`` is remembered."""
        if self.settings.ambient_every is None:
            return []
        stored = self.store.get_meta("next_ambient")
        if stored is None:
            return []
        at = float(stored)
        due: list[tuple[float, str]] = []
        while at <= end:
            due.append((at, AMBIENT))
            at += random.Random(f"{self.seed}:ambient:{at:.3f}").uniform(*self.settings.ambient_every)
        self.store.set_meta("next_ambient", repr(at))
        return due

    def start_ambient_run(self, at: datetime) -> dict[str, Any] | None:
        """A teammate runs a random runnable job with its saved settings (a JOB execution)."""
        jobs = sorted(
            (job for job in self.store.list("job") if job.get("status") in ("READY", "RUNNABLE")),
            key=lambda job: job["jobId"],
        )
        if not jobs:
            return None
        job = random.Random(f"{self.seed}:ambient-job:{at.timestamp():.3f}").choice(jobs)
        condition = merge_condition(job.get("jobCondition"), None)
        return self.create_execution(
            job, condition, at=at, fail_immediately=missing_run_setting(condition) is not None
        )

    def fire_trigger(self, trigger_id: str, at: datetime) -> int:
        """Run every non-draft, all-valid workflow whose start trigger is ``trigger_id``."""
        trigger = self.store.get("trigger", trigger_id)
        if trigger is None:
            return 0
        started = 0
        for workflow in self.store.list("workflow"):
            if workflow.get("isTemp"):
                continue
            nodes = workflow.get("nodes", [])
            start = next((n for n in nodes if n.get("type") == "TRIGGER"), None)
            if start is None or start["id"] != trigger_id:
                continue
            if not all(n.get("isValid", True) for n in nodes):
                continue
            if any(self._job_not_runnable(n["id"]) for n in nodes if n.get("type") == "JOB"):
                continue
            self.start_workflow_run(workflow, trigger, at)
            started += 1
        return started

    def _job_not_runnable(self, job_id: str) -> bool:
        job = self.store.get("job", job_id)
        return job is None or job.get("status") not in ("READY", "RUNNABLE", "RUNNING")

    # -------------------------------------------------------------- the clock

    def _ready_at(self, execution: dict[str, Any]) -> float:
        planned_start = epoch(execution.get("_plannedStart"))
        if planned_start is not None:
            return planned_start
        wait = execution.get("_waitS")
        if wait is None:
            wait = self._rng(execution["jobExecutionId"]).uniform(*self.settings.wait_seconds)
        return (epoch(execution["createdDate"]) or 0.0) + float(wait)

    def _end_of(self, execution: dict[str, Any]) -> tuple[float, str]:
        """When a RUNNING execution ends and how (timeout beats the planned end)."""
        started = epoch(execution.get("startDate")) or 0.0
        planned = epoch(execution.get("_plannedEnd"))
        if planned is None:
            planned = started + self._rng(execution["jobExecutionId"]).uniform(*self.settings.run_seconds)
        outcome = execution.get("_plannedOutcome") or "COMPLETED"
        timeout = (execution.get("jobCondition") or {}).get("timeout") or DEFAULT_TIMEOUT
        timeout_at = started + float(timeout) * 60
        if timeout_at < planned:
            return timeout_at, "FAILED"
        return planned, outcome

    def _max_runs(self, job_id: str, cache: dict[str, int]) -> int:
        if job_id not in cache:
            job = self.store.get("job", job_id) or {}
            cache[job_id] = max(1, int(job.get("maxConcurrentRuns") or 1))
        return cache[job_id]

    def advance_to(self, now: datetime) -> None:
        """Process everything due up to ``now`` in time order (idempotent for the same ``now``)."""
        now_s = now.timestamp()
        with self.store.lock, self.store.transaction():
            if self._last_processed is None:
                stored = self.store.get_meta("last_processed")
                if stored is None:
                    self._last_processed = now_s
                    self.store.set_meta("last_processed", repr(now_s))
                    return
                self._last_processed = float(stored)
            last = self._last_processed
            firings = sorted(self._due_firings(last, now_s) + self._due_ambient(now_s))
            cursor = min(last, now_s)
            live = self.store.live_executions()
            limits: dict[str, int] = {}
            next_firing = 0
            while True:
                event = self._next_event(live, cursor, limits)
                if next_firing < len(firings) and (event is None or firings[next_firing][0] < event[0]):
                    at, trigger_id = firings[next_firing]
                    if at > now_s:
                        break
                    next_firing += 1
                    cursor = max(cursor, at)
                    if trigger_id == AMBIENT:
                        started = self.start_ambient_run(to_datetime(at)) is not None
                    else:
                        started = self.fire_trigger(trigger_id, to_datetime(at)) > 0
                    if started:
                        live = self.store.live_executions()
                    continue
                if event is None or event[0] > now_s:
                    break
                at, action, execution, outcome = event
                cursor = max(cursor, at)
                if action == "start":
                    self._start(execution, at)
                else:
                    live.remove(execution)
                    if self._finish(execution, at, outcome):
                        live = self.store.live_executions()
            if now_s > last:
                self._last_processed = now_s
                self.store.set_meta("last_processed", repr(now_s))

    def _next_event(
        self, live: list[dict[str, Any]], cursor: float, limits: dict[str, int]
    ) -> tuple[float, str, dict[str, Any], str] | None:
        best: tuple[float, str, dict[str, Any], str] | None = None
        running: dict[str, int] = defaultdict(int)
        ready: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for execution in live:
            if execution["status"] == "RUNNING":
                running[execution["jobId"]] += 1
                at, outcome = self._end_of(execution)
                if best is None or at < best[0]:
                    best = (at, "finish", execution, outcome)
            else:
                ready[execution["jobId"]].append(execution)
        for job_id, queue in ready.items():
            free = self._max_runs(job_id, limits) - running[job_id]
            for execution in queue[: max(0, free)]:
                at = max(self._ready_at(execution), cursor)
                if best is None or at < best[0]:
                    best = (at, "start", execution, "")
        return best

    def _start(self, execution: dict[str, Any], at: float) -> None:
        execution["status"] = "RUNNING"
        execution["startDate"] = iso(at)
        run_s = execution.get("_runS")
        if run_s is not None:
            planned = at + float(run_s)
        elif execution.get("_plannedEnd"):
            planned = max(epoch(execution["_plannedEnd"]) or at, at + 1.0)
        else:
            planned = at + self._rng(execution["jobExecutionId"]).uniform(*self.settings.run_seconds)
        execution["_plannedEnd"] = iso(planned)
        execution.setdefault("_plannedOutcome", "COMPLETED")
        self.store.put_execution(execution)
        self.refresh_job_last(execution["jobId"])

    def _finish(self, execution: dict[str, Any], at: float, outcome: str) -> bool:
        """End a RUNNING execution; returns True when a workflow run started new executions."""
        execution["status"] = outcome
        execution["endDate"] = iso(at)
        set_minutes(execution, at)
        self.store.put_execution(execution)
        self.refresh_job_last(execution["jobId"])
        run_id = execution.get("_runId")
        if outcome != "COMPLETED" or not run_id:
            return False
        run = self.store.get_run(run_id)
        if run is None:
            return False
        before = len(run["started"])
        self._continue_run(run, to_datetime(at))
        return len(run["started"]) > before


def parse_or_none(value: Any) -> datetime | None:
    try:
        return parse_datetime(value) if value else None
    except (TypeError, ValueError):
        return None


__all__ = ["LIVE_STATUSES", "Engine", "SimulationSettings", "public_execution"]
