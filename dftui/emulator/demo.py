"""Seeded generator of a realistic Data Flow account for the emulator's demo mode.

``generate_demo(seed, now)`` returns triggers, jobs, workflows and ``days`` of execution history
ending at ``now``, as plain wire-shaped dicts (newest-docs shapes, camelCase, ``…+09:00`` dates) exactly as
the emulator stores and returns them. The same seed and ``now`` always give the same data: the
only source of chance is one ``random.Random(seed)`` and nothing reads the clock.

Besides wire fields, executions carry a few keys the emulator needs and must not send:

* ``workflowId`` on every ``WORKFLOW`` execution (to list a workflow's executions), and
  ``_runId``, shared by the executions of one workflow run (to start downstream nodes);
* on live executions (``READY``/``RUNNING`` at ``now``): ``_plannedEnd`` (ISO date) and
  ``_plannedOutcome`` (``COMPLETED``/``FAILED``) so the engine can finish them; ``READY`` ones
  also carry ``_plannedStart``.

Downstream nodes of a workflow run whose upstream is still live at ``now`` have no execution yet:
the engine creates them when the upstream completes, as for any run (docs/api-contract.md,
What the emulator imitates).
"""

from __future__ import annotations

import math
import random
import string
from bisect import bisect_left
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from dftui.emulator.demo_graphs import PATTERN_WEIGHTS, PATTERNS, build_graph
from dftui.emulator.demo_names import (
    CANONICAL_WORKFLOWS,
    DATASETS,
    EXTRA_LABELS,
    EXTRA_SHAPES,
    MAIN_BUCKET,
    MAIN_ROLE,
    SCRIPT_VERBS,
    TEAM_BUCKET,
    VISUAL_VERBS,
    WorkflowSpec,
    canonical_triggers,
)
from dftui.schedule import fire_times_between
from dftui.timeutil import KST, format_query_datetime, to_kst

__all__ = ["DemoData", "DemoSizes", "generate_demo"]

MINUTE = 60
HOUR = 3_600
DAY = 86_400
KST_OFFSET = 9 * HOUR

ID_ALPHABET = string.ascii_letters + string.digits
_ID_BYTES = 12
_BYTE_TO_ID_CHAR = bytes(ord(ID_ALPHABET[b % len(ID_ALPHABET)]) for b in range(256))
"""Maps a random byte to ``[A-Za-z0-9]``: one ``translate`` makes a whole id (fast for 100k runs)."""
NAME_MAX = 100

MIN_RUN_SECONDS = 60
MAX_RUN_SECONDS = 40 * MINUTE
MAX_WAIT_SECONDS = 3 * MINUTE - 1
MAX_SPAN = MAX_RUN_SECONDS + 5 * MINUTE
"""Longest RUNNING interval any execution can have; bounds the overlap search."""

JOB_CANCEL_RATE = 0.015
WORKFLOW_CANCEL_RATE = 0.004
CANCEL_BEFORE_START_SHARE = 0.15
FLAKY_FAIL_RATE = 0.28
TIMEOUT_CHOICES = (60, 120, 180, 360, 360, 720)
MAX_CONCURRENT_CHOICES = (1, 1, 1, 2, 3)
WORKER_CHOICES = (2, 2, 2, 3, 4, 4, 6, 8, 10)


@dataclass(frozen=True)
class DemoSizes:
    """How big the demo account is. ``executions=None`` derives a realistic count (~3,500)."""

    workflows: int = 12
    jobs: int = 40
    triggers: int = 15
    days: int = 30
    executions: int | None = None


@dataclass
class DemoData:
    """Wire-shaped resources, newest execution first."""

    triggers: list[dict[str, Any]]
    jobs: list[dict[str, Any]]
    workflows: list[dict[str, Any]]
    executions: list[dict[str, Any]]


def generate_demo(seed: int, now: datetime, sizes: DemoSizes = DemoSizes()) -> DemoData:
    """A whole account whose history ends at ``now``; deterministic in ``(seed, now, sizes)``."""
    return _Generator(seed, now, sizes).run()


# ---------------------------------------------------------------------- internal state


class _JobPlan:
    """A job plus what the generator needs to simulate its runs (never sent)."""

    __slots__ = (
        "created_seen",
        "dataset",
        "ends",
        "fail_rate",
        "job",
        "live",
        "newest",
        "starts",
        "typical",
    )

    def __init__(self, job: dict[str, Any], dataset: str, typical: int, fail_rate: float) -> None:
        self.job = job
        self.dataset = dataset
        self.typical = typical  # typical running seconds
        self.fail_rate = fail_rate
        self.starts: list[int] = []  # RUNNING intervals, sorted by start
        self.ends: list[int] = []
        self.created_seen: set[int] = set()
        self.live = False
        self.newest: _Exec | None = None

    @property
    def runnable(self) -> bool:
        return self.job["status"] == "READY"

    @property
    def condition(self) -> dict[str, Any]:
        return self.job["jobCondition"]

    @property
    def max_runs(self) -> int:
        return self.job["maxConcurrentRuns"]

    def busy(self, start: int, end: int) -> int:
        """How many registered runs overlap ``[start, end)``."""
        starts, ends = self.starts, self.ends
        low = bisect_left(starts, start - MAX_SPAN)
        high = bisect_left(starts, end)
        return sum(1 for i in range(low, high) if ends[i] > start)

    def occupy(self, start: int, end: int) -> None:
        index = bisect_left(self.starts, start)
        self.starts.insert(index, start)
        self.ends.insert(index, end)


class _Timing:
    """The fate of one execution relative to its creation: wait, run length, outcome."""

    __slots__ = ("outcome", "run", "started", "wait")

    def __init__(self, wait: int, run: int, outcome: str, started: bool = True) -> None:
        self.wait = wait
        self.run = run
        self.outcome = outcome
        self.started = started  # False: cancelled while READY (``run`` is then 0)


class _Exec:
    __slots__ = (
        "condition",
        "created",
        "end",
        "exec_id",
        "kind",
        "outcome",
        "params",
        "plan",
        "run_id",
        "start",
        "trigger",
        "workflow_id",
    )

    def __init__(
        self,
        exec_id: str,
        plan: _JobPlan,
        kind: str,
        condition: dict[str, Any],
        created: int,
        start: int | None,
        end: int,
        outcome: str,
    ) -> None:
        self.exec_id = exec_id
        self.plan = plan
        self.kind = kind
        self.condition = condition
        self.params: dict[str, str] = condition.get("parameters") or {}
        self.created = created
        self.start = start
        self.end = end
        self.outcome = outcome
        self.trigger: dict[str, Any] | None = None
        self.workflow_id: str | None = None
        self.run_id: str | None = None


class _WorkflowPlan:
    __slots__ = ("created", "nodes", "spec", "trigger", "workflow")

    def __init__(
        self,
        workflow: dict[str, Any],
        spec: WorkflowSpec,
        trigger: dict[str, Any],
        nodes: list[tuple[_JobPlan, tuple[int, ...], dict[str, Any]]],
        created: int,
    ) -> None:
        self.workflow = workflow
        self.spec = spec
        self.trigger = trigger
        self.nodes = nodes  # (job, parent node indexes, node jobCondition), topological order
        self.created = created


# ---------------------------------------------------------------------- generator


class _Generator:
    def __init__(self, seed: int, now: datetime, sizes: DemoSizes) -> None:
        for field_name in ("workflows", "jobs", "triggers", "days"):
            if getattr(sizes, field_name) < 0:
                raise ValueError(f"DemoSizes.{field_name} must be >= 0")
        if sizes.executions is not None and sizes.executions < 0:
            raise ValueError("DemoSizes.executions must be >= 0 or None")
        if sizes.workflows and (sizes.jobs < 1 or sizes.triggers < 1):
            raise ValueError("demo workflows need at least one job and one trigger")
        self.rng = random.Random(seed)
        self.sizes = sizes
        self.now_dt = to_kst(now).replace(microsecond=0)
        self.now = int(self.now_dt.timestamp())
        self.window_start = self.now - sizes.days * DAY
        self.ids: set[str] = set()
        self.names: dict[str, set[str]] = {"trigger": set(), "job": set(), "workflow": set()}
        self.triggers: list[dict[str, Any]] = []
        self.trigger_keys: dict[str, dict[str, Any]] = {}
        self.plans: list[_JobPlan] = []
        self.workflows: list[_WorkflowPlan] = []
        self.team_role = f"nrn:PUB:IAM::2706412:Role/{self._uuid()}"

    # -------------------------------------------------------------- small helpers

    def new_id(self) -> str:
        bits, ids = self.rng.getrandbits, self.ids
        while True:
            value = bits(8 * _ID_BYTES).to_bytes(_ID_BYTES, "big").translate(_BYTE_TO_ID_CHAR).decode()
            if value not in ids:
                ids.add(value)
                return value

    def unique_name(self, kind: str, base: str) -> str:
        taken = self.names[kind]
        base = base[:NAME_MAX]
        name, counter = base, 1
        while name in taken:
            counter += 1
            suffix = f"_{counter}"
            name = base[: NAME_MAX - len(suffix)] + suffix
        taken.add(name)
        return name

    def _uuid(self) -> str:
        hex_digits = f"{self.rng.getrandbits(128):032x}"
        return "-".join(
            (hex_digits[:8], hex_digits[8:12], hex_digits[12:16], hex_digits[16:20], hex_digits[20:])
        )

    @staticmethod
    def fmt(ts: int) -> str:
        """Same text as ``format_api_datetime`` (whole seconds, KST), without its conversions."""
        return datetime.fromtimestamp(ts, KST).isoformat()

    def before_window(self, low_days: int, high_days: int) -> int:
        return self.window_start - self.rng.randint(low_days * DAY, high_days * DAY)

    def work_time(self) -> int:
        """A moment in the history window, mostly in Korean office hours on weekdays."""
        rng, low, high = self.rng, self.window_start, self.now - MINUTE
        if high <= low:
            return high
        span = high - low
        while True:
            moment = low + int(rng.random() * span)
            local = moment + KST_OFFSET
            hour = local // HOUR % 24
            weekday = (local // DAY + 3) % 7  # 1970-01-01 was a Thursday
            if (weekday < 5 and 9 <= hour < 19) or rng.random() < 0.2:
                return moment

    # -------------------------------------------------------------- main

    def run(self) -> DemoData:
        self.make_triggers()
        self.make_jobs()
        self.plan_workflows()
        runs = self.workflow_runs()
        live = self.force_live(runs)
        kept = self.trim_runs(runs, live)
        history = [ex for run in kept for ex in run] + live
        history += self.adhoc_runs(self.adhoc_count(len(history)))
        history.sort(key=lambda ex: (-ex.created, ex.exec_id))
        executions = [self.render(ex) for ex in history]
        return DemoData(
            triggers=self.triggers,
            jobs=[self.render_job(plan) for plan in self.plans],
            workflows=[plan.workflow for plan in self.workflows],
            executions=executions,
        )

    # -------------------------------------------------------------- triggers

    def make_triggers(self) -> None:
        rng = self.rng
        past = self.now_dt.replace(hour=14, minute=0, second=0) - timedelta(days=12)
        future = self.now_dt.replace(hour=10, minute=0, second=0) + timedelta(days=9)
        specs = canonical_triggers(format_query_datetime(past), format_query_datetime(future))
        count = self.sizes.triggers
        for spec in specs[:count]:
            created = (
                self.now - rng.randint(DAY, 5 * DAY)
                if spec.key == "once_future"
                else self.before_window(3, 120)
            )
            trigger = self.add_trigger(spec.name, spec.type, dict(spec.rule), created)
            self.trigger_keys[spec.key] = trigger
        for index in range(len(specs), count):
            self.add_trigger(*self.extra_trigger(index), self.before_window(1, 200))

    def add_trigger(self, name: str, trigger_type: str, rule: dict[str, Any], created: int) -> dict[str, Any]:
        stamp = self.fmt(created)
        trigger = {
            "triggerId": self.new_id(),
            "name": self.unique_name("trigger", name),
            "type": trigger_type,
            "triggerRule": rule,
            "createdDate": stamp,
            "updatedDate": stamp,  # triggers cannot be modified
        }
        self.triggers.append(trigger)
        return trigger

    def extra_trigger(self, index: int) -> tuple[str, str, dict[str, Any]]:
        rng = self.rng
        hour, minute = rng.randint(0, 23), rng.choice((0, 0, 10, 15, 30, 45))
        clock = f"{hour:02d}:{minute:02d}"
        compact = f"{hour:02d}{minute:02d}"
        kind = ("DAY", "WEEK", "MONTH", "NONE", "ONE_TIME", "EVENT", "HOUR")[index % 7]
        dataset = rng.choice(tuple(DATASETS))
        if kind == "DAY":
            return f"daily_{compact}", "SCHEDULED", {"type": "RECURRING", "interval": "DAY", "time": clock}
        if kind == "WEEK":
            names = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
            days = sorted(rng.sample(range(7), k=rng.randint(1, 3)))
            label = "_".join(names[d][:3].lower() for d in days)
            rule = {
                "type": "RECURRING",
                "interval": "WEEK",
                "time": clock,
                "dayOfWeek": [names[d] for d in days],
            }
            return f"weekly_{label}_{compact}", "SCHEDULED", rule
        if kind == "MONTH":
            day = rng.choice(("1", "5", "10", "15", "20", "25", "28", "-1"))
            label = "last_day" if day == "-1" else f"day{day}"
            rule = {"type": "RECURRING", "interval": "MONTH", "time": clock, "dateOfMonth": day}
            return f"monthly_{label}_{compact}", "SCHEDULED", rule
        if kind == "HOUR":
            return (
                f"hourly_at_{minute:02d}",
                "SCHEDULED",
                {"type": "RECURRING", "interval": "HOUR", "time": f"{minute:02d}"},
            )
        if kind == "ONE_TIME":
            moment = self.now_dt.replace(hour=hour, minute=minute, second=0) + timedelta(
                days=rng.randint(-60, 60)
            )
            rule = {"type": "ONE_TIME", "executionDate": format_query_datetime(moment)}
            return f"once_{moment:%Y%m%d}_{compact}", "SCHEDULED", rule
        if kind == "EVENT":
            return f"{dataset}_drop_event", "EVENT", {"type": "NONE"}
        return f"manual_{dataset}_{rng.choice(SCRIPT_VERBS)}", "NONE", {"type": "NONE"}

    # -------------------------------------------------------------- jobs

    def make_jobs(self) -> None:
        count = self.sizes.jobs
        drafts = 0 if count < 6 else max(2, count // 100)
        scripts = round(count * 0.22) if count >= 4 else 0
        kinds = ["SCRIPT"] * scripts + ["DRAFT"] * drafts
        kinds += ["VISUAL"] * (count - len(kinds) - 1)
        self.rng.shuffle(kinds)
        kinds.insert(0, "KITCHEN_SINK")  # every node type appears in the first job
        for kind in kinds[:count]:
            self.plans.append(self.make_job(kind))

    def make_job(self, kind: str) -> _JobPlan:
        rng = self.rng
        created = self.before_window(2, 150)
        updated = min(created + rng.randint(0, 30 * DAY), self.window_start - HOUR)
        updated = max(created, updated)
        team = rng.random() < 0.2
        bucket = TEAM_BUCKET if team else MAIN_BUCKET
        condition: dict[str, Any] = {
            "numWorker": rng.choice(WORKER_CHOICES),
            "timeout": rng.choice(TIMEOUT_CHOICES),
            "nrn": self.team_role if team else MAIN_ROLE,
            "scriptPath": f"{bucket}/scripts/",
            "logPath": f"{bucket}/sparkHistoryLogs/",
        }
        nodes: list[dict[str, Any]] = []
        if kind == "SCRIPT":
            job_type, status = "SCRIPT", "READY"
            dataset = rng.choice(tuple(DATASETS))
            name = self.unique_name("job", f"{dataset}_{rng.choice(SCRIPT_VERBS)}")
            condition["scriptPath"] = f"{bucket}/scripts/{name}/"
            parameters = {
                "targetDate": f"{datetime.fromtimestamp(updated, KST):%Y-%m-%d}",
                "mode": "incremental",
            }
            if rng.random() < 0.5:
                parameters["env"] = "prod"
            condition["parameters"] = parameters
        elif kind == "DRAFT":
            job_type, status = "VISUAL", "DRAFT"
            dataset = rng.choice(tuple(DATASETS))
            name = self.unique_name("job", f"{dataset}_{rng.choice(VISUAL_VERBS['linear'])}_wip")
        else:
            job_type, status = "VISUAL", "READY"
            pattern = (
                "kitchen_sink"
                if kind == "KITCHEN_SINK"
                else rng.choices(PATTERNS, weights=PATTERN_WEIGHTS)[0]
            )
            nodes, dataset = build_graph(rng, created * 1000 + rng.randint(0, 999), pattern)
            name = self.unique_name("job", f"{dataset}_{rng.choice(VISUAL_VERBS[pattern])}")
        job = {
            "jobId": self.new_id(),
            "name": name,
            "type": job_type,
            "status": status,
            "maxConcurrentRuns": rng.choice(MAX_CONCURRENT_CHOICES),
            "nodes": nodes,
            "jobCondition": condition,
            "createdDate": self.fmt(created),
            "updatedDate": self.fmt(updated),
        }
        typical = rng.randint(3, 32) * MINUTE + rng.randint(0, 59)
        return _JobPlan(job, dataset, typical, rng.uniform(0.04, 0.10))

    def render_job(self, plan: _JobPlan) -> dict[str, Any]:
        job = plan.job
        out = {key: job[key] for key in ("jobId", "name", "type", "status", "maxConcurrentRuns")}
        newest = plan.newest
        if newest is not None:
            status, start = self.status_at_now(newest)
            out["lastExecutionStatus"] = status
            out["lastExecutionDate"] = self.fmt(newest.created if start is None else start)
        for key in ("nodes", "jobCondition", "createdDate", "updatedDate"):
            out[key] = job[key]
        return out

    # -------------------------------------------------------------- workflows

    def plan_workflows(self) -> None:
        rng = self.rng
        count = self.sizes.workflows
        if not count:
            return
        specs = list(CANONICAL_WORKFLOWS[:count])
        while len(specs) < count:
            specs.append(WorkflowSpec("", rng.choice(EXTRA_LABELS), rng.choice(EXTRA_SHAPES)))
        runnable = [plan for plan in self.plans if plan.runnable]
        drafts = [plan for plan in self.plans if not plan.runnable]
        pool: list[_JobPlan] = []
        quiet_triggers = [
            t for t in self.triggers if t["triggerRule"].get("interval") != "HOUR"
        ] or self.triggers
        for spec in specs:
            trigger = self.trigger_keys.get(spec.trigger_key) or rng.choice(quiet_triggers)
            chosen: list[_JobPlan] = []
            for position in range(len(spec.shape)):
                if spec.is_temp and drafts and position == len(spec.shape) - 1:
                    chosen.append(drafts[0])
                    continue
                if not pool:
                    pool = runnable[:]
                    rng.shuffle(pool)
                plan = pool.pop(_same_dataset_index(pool, chosen[0].dataset) if chosen else -1)
                if plan in chosen:  # only when jobs are scarce: reuse, but never twice in a workflow
                    candidates = [p for p in runnable if p not in chosen]
                    if not candidates:
                        break
                    plan = rng.choice(candidates)
                chosen.append(plan)
            if spec.short_jobs:
                for plan in chosen:
                    plan.typical = rng.randint(2, 8) * MINUTE + rng.randint(0, 59)
            self.workflows.append(self.make_workflow(spec, trigger, chosen))
        self.pick_flaky_jobs()
        for wf in self.workflows:  # node settings are copies of the (now final) job settings
            for index, node in enumerate(wf.workflow["nodes"][1:]):
                condition = _copy_condition(node["_plan"].condition)
                node["jobCondition"] = condition
                del node["_plan"]
                plan, parents, _ = wf.nodes[index]
                wf.nodes[index] = (plan, parents, condition)

    def make_workflow(
        self, spec: WorkflowSpec, trigger: dict[str, Any], jobs: list[_JobPlan]
    ) -> _WorkflowPlan:
        rng = self.rng
        shape = spec.shape[: len(jobs)]
        name = self.unique_name("workflow", f"{jobs[0].dataset}_{spec.label}")
        nodes: list[dict[str, Any]] = [
            {
                "id": trigger["triggerId"],
                "name": trigger["name"],
                "type": "TRIGGER",
                "parentNodeIds": [],
                "triggerRule": trigger["triggerRule"]["type"],
                "isValid": True,
            }
        ]
        for plan, parents in zip(jobs, shape, strict=True):
            parent_ids = [jobs[p].job["jobId"] for p in parents] or [trigger["triggerId"]]
            nodes.append(
                {
                    "id": plan.job["jobId"],
                    "name": plan.job["name"],
                    "type": "JOB",
                    "parentNodeIds": parent_ids,
                    "jobCondition": {},
                    "isValid": True,
                    "_plan": plan,  # replaced by the final settings in plan_workflows
                }
            )
        referenced = [trigger["createdDate"]] + [plan.job["updatedDate"] for plan in jobs]
        newest = max(int(datetime.fromisoformat(stamp).timestamp()) for stamp in referenced)
        created = min(newest + rng.randint(10 * MINUTE, 3 * DAY), self.now - HOUR)
        updated = min(created + rng.randint(0, 5 * DAY), self.now - HOUR)
        workflow = {
            "workflowId": self.new_id(),
            "name": name,
            "nodes": nodes,
            "isTemp": spec.is_temp,
            "createdDate": self.fmt(created),
            "updatedDate": self.fmt(max(created, updated)),
        }
        return _WorkflowPlan(
            workflow, spec, trigger, [(p, s, {}) for p, s in zip(jobs, shape, strict=True)], created
        )

    def pick_flaky_jobs(self) -> None:
        """Two jobs fail far more often; the hourly one also has a timeout it sometimes hits."""
        rng = self.rng
        hourly = [p for wf in self.workflows if wf.spec.short_jobs for p, _, _ in wf.nodes]
        others = [p for p in self.plans if p.runnable and p not in hourly]
        if hourly:
            plan = rng.choice(hourly)
            plan.fail_rate = FLAKY_FAIL_RATE
            plan.condition["timeout"] = max(3, math.ceil(plan.typical * 1.5 / MINUTE))
        if others:
            rng.choice(others).fail_rate = FLAKY_FAIL_RATE

    # -------------------------------------------------------------- execution timing

    def timing(self, plan: _JobPlan, condition: dict[str, Any], cancel_rate: float) -> _Timing:
        rng = self.rng
        wait = int(rng.random() ** 2 * MAX_WAIT_SECONDS)
        run = int(plan.typical * math.exp(rng.gauss(0.0, 0.3)))
        run = min(max(run, MIN_RUN_SECONDS), MAX_RUN_SECONDS)
        roll = rng.random()
        if roll < plan.fail_rate:
            outcome, run = "FAILED", max(20, int(run * rng.uniform(0.1, 0.9)))
        elif roll < plan.fail_rate + cancel_rate:
            if rng.random() < CANCEL_BEFORE_START_SHARE:
                return _Timing(wait + rng.randint(10, 120), 0, "CANCELED", started=False)
            outcome, run = "CANCELED", max(20, int(run * rng.uniform(0.1, 0.9)))
        else:
            outcome = "COMPLETED"
        limit = condition["timeout"] * MINUTE
        if run >= limit:  # a run still going after `timeout` minutes ends FAILED
            outcome, run = "FAILED", limit
        return _Timing(wait, run, outcome)

    def commit(
        self, plan: _JobPlan, kind: str, condition: dict[str, Any], created: int, timing: _Timing
    ) -> _Exec:
        """Record one execution, keeping creation instants unique per job so 'newest' is exact."""
        seen = plan.created_seen
        while created in seen:
            created += 1
        seen.add(created)
        start: int | None
        if timing.started:
            began = created + timing.wait
            start, end, outcome = began, began + timing.run, timing.outcome
            if end > self.now and outcome == "CANCELED":  # live runs only plan COMPLETED/FAILED
                outcome = "COMPLETED"
            plan.occupy(began, end)
        else:
            start, end, outcome = None, created + timing.wait, "CANCELED"
            if end > self.now:  # too late to have been cancelled: it is still waiting to start
                start, end, outcome = created + timing.wait, created + timing.wait + plan.typical, "COMPLETED"
                plan.occupy(start, end)
        ex = _Exec(self.new_id(), plan, kind, condition, created, start, end, outcome)
        if end > self.now:
            plan.live = True
        if plan.newest is None or created > plan.newest.created:
            plan.newest = ex
        return ex

    # -------------------------------------------------------------- workflow runs

    def workflow_runs(self) -> list[list[_Exec]]:
        """Every run of every saved workflow in the window, oldest first."""
        rng = self.rng
        fired: list[tuple[int, int, _WorkflowPlan]] = []
        window_start = datetime.fromtimestamp(self.window_start, KST)
        for order, wf in enumerate(self.workflows):
            if wf.spec.is_temp or wf.workflow["isTemp"]:
                continue
            trigger = wf.trigger
            if trigger["type"] == "SCHEDULED":
                moments = [
                    int(at.timestamp())
                    for at in fire_times_between(
                        "SCHEDULED", trigger["triggerRule"], window_start, self.now_dt
                    )
                ]
            elif trigger["type"] == "NONE":
                moments = [self.work_time() for _ in range(round(self.sizes.days * rng.uniform(0.25, 0.5)))]
            else:
                span = max(self.now - self.window_start - HOUR, 0)
                count = round(self.sizes.days * rng.uniform(1.0, 2.5))
                moments = [self.window_start + rng.randint(0, span) for _ in range(count)]
            fired += [(moment, order, wf) for moment in moments if moment > wf.created]
        fired.sort(key=lambda item: (item[0], item[1]))
        runs = [self.workflow_run(wf, moment) for moment, _, wf in fired]
        return [run for run in runs if run]

    def workflow_run(self, wf: _WorkflowPlan, fired_at: int) -> list[_Exec]:
        rng = self.rng
        run_id = self.new_id()
        done: dict[int, _Exec] = {}
        for index, (plan, parents, condition) in enumerate(wf.nodes):
            if parents:
                upstream = [done.get(p) for p in parents]
                if any(ex is None or ex.outcome != "COMPLETED" for ex in upstream):
                    continue  # a failed, cancelled or skipped upstream stops everything below it
                created = max(ex.end for ex in upstream if ex is not None) + rng.randint(0, 3)
            else:
                created = fired_at + rng.randint(0, 2)
            if created > self.now:
                continue  # not created yet: the engine starts it when its upstream completes
            ex = self.commit(
                plan, "WORKFLOW", condition, created, self.timing(plan, condition, WORKFLOW_CANCEL_RATE)
            )
            ex.trigger = wf.trigger
            ex.workflow_id = wf.workflow["workflowId"]
            ex.run_id = run_id
            done[index] = ex
        return list(done.values())

    # -------------------------------------------------------------- live runs at `now`

    def force_live(self, runs: list[list[_Exec]]) -> list[_Exec]:
        """Top up so 2-4 runs are RUNNING and one is READY at ``now``: the demo is never idle."""
        rng = self.rng
        live = [ex for run in runs for ex in run if ex.end > self.now]
        running = sum(1 for ex in live if ex.start is not None and ex.start <= self.now)
        ready = len(live) - running
        candidates = [
            p
            for p in self.plans
            if p.runnable and not p.live and p.condition["timeout"] >= 30 and p.max_runs >= 1
        ]
        wanted = max(0, rng.randint(2, 4) - running) + (0 if ready else 1)
        picked = rng.sample(candidates, k=min(wanted, len(candidates)))
        forced: list[_Exec] = []
        for number, plan in enumerate(picked):
            as_ready = not ready and number == len(picked) - 1
            if as_ready:
                created = self.now - rng.randint(5, 50)
                wait = self.now - created + rng.randint(20, 90)
                remaining = plan.typical
            else:
                created = self.now - rng.randint(90, 12 * MINUTE)
                wait = rng.randint(0, min(2 * MINUTE, self.now - created - 30))
                remaining = rng.randint(MINUTE, 15 * MINUTE)
            run = self.now - (created + wait) + remaining
            outcome = "FAILED" if rng.random() < plan.fail_rate else "COMPLETED"
            condition = self.adhoc_condition(plan, created)
            forced.append(self.commit(plan, "JOB", condition, created, _Timing(wait, run, outcome)))
        return forced

    # -------------------------------------------------------------- size control

    def adhoc_count(self, existing: int) -> int:
        if self.sizes.executions is None:
            return self.sizes.days * max(8, self.sizes.jobs // 4) if self.sizes.jobs else 0
        return max(0, self.sizes.executions - existing)

    def trim_runs(self, runs: list[list[_Exec]], live: list[_Exec]) -> list[list[_Exec]]:
        """Drop the oldest whole runs when an explicit execution count is smaller than the schedule.

        Runs that are still going are kept, so the result never has fewer executions than are live.
        """
        target = self.sizes.executions
        total = sum(len(run) for run in runs) + len(live)
        if target is None or total <= target:
            return runs
        kept: list[list[_Exec]] = []
        for run in runs:  # oldest first
            if total > target and all(ex.end <= self.now for ex in run):
                total -= len(run)
                continue
            kept.append(run)
        self.recompute_newest([*kept, live])
        return kept

    def recompute_newest(self, runs: list[list[_Exec]]) -> None:
        for plan in self.plans:
            plan.newest = None
        for run in runs:
            for ex in run:
                newest = ex.plan.newest
                if newest is None or ex.created > newest.created:
                    ex.plan.newest = ex

    # -------------------------------------------------------------- ad-hoc runs

    def adhoc_condition(self, plan: _JobPlan, created: int) -> dict[str, Any]:
        """executeJob settings: the saved ones, sometimes with more workers or new parameters."""
        rng = self.rng
        condition = _copy_condition(plan.condition)
        if rng.random() < 0.15:
            condition["numWorker"] = rng.choice(WORKER_CHOICES)
        if "parameters" in condition:
            parameters = dict(condition["parameters"])
            day_before = datetime.fromtimestamp(created - DAY, KST)
            parameters["targetDate"] = f"{day_before:%Y-%m-%d}"
            parameters["mode"] = "full" if rng.random() < 0.1 else "incremental"
            condition["parameters"] = parameters
        return condition

    def adhoc_runs(self, count: int) -> list[_Exec]:
        rng = self.rng
        runnable = [plan for plan in self.plans if plan.runnable]
        if not runnable or count <= 0:
            return []
        weights = [rng.choice((1, 1, 1, 2, 3, 5)) for _ in runnable]
        cumulative: list[float] = []
        total = 0.0
        for weight in weights:
            total += weight
            cumulative.append(total)
        out: list[_Exec] = []
        for _ in range(count):
            plan = rng.choices(runnable, cum_weights=cumulative)[0]
            timing = self.timing(plan, plan.condition, JOB_CANCEL_RATE)
            created = self.place(plan, timing)
            condition = self.adhoc_condition(plan, created)
            out.append(self.commit(plan, "JOB", condition, created, timing))
        return out

    def place(self, plan: _JobPlan, timing: _Timing) -> int:
        """A creation instant that ends before ``now`` and, if possible, respects maxConcurrentRuns."""
        created = self.now
        for _ in range(4):
            created = self.work_time()
            overshoot = created + timing.wait + timing.run + 1 - self.now
            if overshoot > 0:
                created -= overshoot + self.rng.randint(MINUTE, HOUR)
            if not timing.started:
                return created
            start = created + timing.wait
            if plan.busy(start, start + timing.run) < plan.max_runs:
                return created
        return created

    # -------------------------------------------------------------- rendering

    def status_at_now(self, ex: _Exec) -> tuple[str, int | None]:
        """The status at ``now`` and the start instant already reached (None while READY)."""
        if ex.end <= self.now:
            return ex.outcome, ex.start
        if ex.start is not None and ex.start <= self.now:
            return "RUNNING", ex.start
        return "READY", None

    def render(self, ex: _Exec) -> dict[str, Any]:
        plan, fmt, now = ex.plan, self.fmt, self.now
        condition = dict(ex.condition)
        if "parameters" in condition:
            condition["parameters"] = dict(condition["parameters"])
        condition["consoleLogPath"] = condition["logPath"] + ex.exec_id
        status, start = self.status_at_now(ex)
        if status == "RUNNING":
            assert start is not None
            waiting, running, end = (start - ex.created) // MINUTE, (now - start) // MINUTE, None
        elif status == "READY":
            waiting, running, end = (now - ex.created) // MINUTE, 0, None
        else:
            waiting = ((ex.start if ex.start is not None else ex.end) - ex.created) // MINUTE
            running = (ex.end - ex.start) // MINUTE if ex.start is not None else 0
            end = ex.end
        trigger = ex.trigger
        out: dict[str, Any] = {
            "jobExecutionId": ex.exec_id,
            "jobId": plan.job["jobId"],
            "jobName": plan.job["name"],
            "triggerId": trigger["triggerId"] if trigger else None,
            "triggerName": trigger["name"] if trigger else None,
            "type": ex.kind,
            "status": status,
            "jobCondition": condition,
            "executorNum": condition["numWorker"],
            "waitingTime": waiting,
            "runningTime": running,
            "parsedParameters": dict(ex.params),
            "createdDate": fmt(ex.created),
            "startDate": fmt(start) if start is not None else None,
            "endDate": fmt(end) if end is not None else None,
        }
        if ex.workflow_id is not None:
            out["workflowId"] = ex.workflow_id
            out["_runId"] = ex.run_id
        if end is None:
            if status == "READY":
                assert ex.start is not None
                out["_plannedStart"] = fmt(ex.start)
            out["_plannedEnd"] = fmt(ex.end)
            out["_plannedOutcome"] = ex.outcome
        return out


def _same_dataset_index(pool: list[_JobPlan], dataset: str) -> int:
    """Where in the pool the next job about ``dataset`` is (so a workflow tells one story), else -1."""
    for index in range(len(pool) - 1, max(len(pool) - 200, 0) - 1, -1):
        if pool[index].dataset == dataset:
            return index
    return -1


def _copy_condition(condition: dict[str, Any]) -> dict[str, Any]:
    copied = dict(condition)
    if "parameters" in copied:
        copied["parameters"] = dict(copied["parameters"])
    return copied
