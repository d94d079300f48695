"""Everything one emulator instance holds: store, clock, engine, service and gateway settings."""

from __future__ import annotations

import logging
import secrets
import string
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from dftui.emulator.clock import Clock, RealClock
from dftui.emulator.engine import Engine, SimulationSettings
from dftui.emulator.faults import FaultConfig, FaultInjector, Traffic
from dftui.emulator.gateway import RateLimit
from dftui.emulator.limits import DEFAULT_LIMITS, ServerLimits
from dftui.emulator.service import DataFlowService
from dftui.emulator.store import Store
from dftui.timeutil import KST, format_api_datetime

log = logging.getLogger("dftui.emulator")
_ALNUM = string.ascii_letters + string.digits
EXECUTION_TIMES_CHOICES = ("singular", "both", "plural")


def generate_key(length: int) -> str:
    return "".join(secrets.choice(_ALNUM) for _ in range(length))


def default_db_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("dftui") / "emulator.db"


@dataclass
class EmulatorState:
    """The object :func:`dftui.emulator.create_app` serves."""

    store: Store
    clock: Clock
    engine: Engine
    service: DataFlowService
    access_key: str
    secret_key: str = field(repr=False)
    seed: int = 42
    no_permission_keys: frozenset[str] = frozenset()
    rate_limit: RateLimit | None = None
    faults: FaultConfig | None = None
    injector: FaultInjector = field(init=False, repr=False)
    """Applies ``faults``; ``injector.configure`` changes them while the server runs."""
    traffic: Traffic = field(default_factory=Traffic, repr=False)
    """Every request that reached the server (fault suite, soak benchmark)."""
    limits: ServerLimits = DEFAULT_LIMITS
    """Body size, target length, body timeout and JSON depth (docs/emulator.md, Limits)."""
    execution_times_paths: str = "singular"
    """getExecutionTimes paths served: ``singular`` (as the live gateway), ``both`` or ``plural``."""

    def __post_init__(self) -> None:
        self.injector = FaultInjector(self.faults)

    @property
    def keys(self) -> dict[str, str]:
        return {self.access_key: self.secret_key}

    @classmethod
    def create(
        cls,
        db_path: str | Path = ":memory:",
        *,
        seed: int = 42,
        clock: Clock | None = None,
        access_key: str | None = None,
        secret_key: str | None = None,
        demo: bool = True,
        demo_sizes: Any = None,
        faults: FaultConfig | None = None,
        rate_limit: RateLimit | None = None,
        no_permission_keys: frozenset[str] = frozenset(),
        settings: SimulationSettings | None = None,
        limits: ServerLimits | None = None,
        execution_times_paths: str = "singular",
    ) -> EmulatorState:
        if execution_times_paths not in EXECUTION_TIMES_CHOICES:
            raise ValueError(
                f"execution_times_paths must be one of {', '.join(EXECUTION_TIMES_CHOICES)}, "
                f"got {execution_times_paths!r}"
            )
        clock = clock or RealClock()
        store = Store(db_path)
        last_processed = store.get_meta("last_processed")
        if isinstance(clock, RealClock) and last_processed is not None:
            clock.resume_from(datetime.fromtimestamp(float(last_processed), KST))
        engine = Engine(store, clock.now, seed=seed, settings=settings)
        state = cls(
            store=store,
            clock=clock,
            engine=engine,
            service=DataFlowService(store, engine, clock),
            access_key=access_key or generate_key(20),
            secret_key=secret_key or generate_key(40),
            seed=seed,
            no_permission_keys=no_permission_keys,
            rate_limit=rate_limit,
            faults=faults,
            limits=limits or DEFAULT_LIMITS,
            execution_times_paths=execution_times_paths,
        )
        if store.get_meta("initialised") is None:
            # only a brand-new database gets demo data: an account emptied by hand stays empty
            if demo and not any(store.count(kind) for kind in ("job", "trigger", "workflow")):
                seed_demo(store, seed, clock.now(), demo_sizes)
            store.set_meta("initialised", format_api_datetime(clock.now()))
        engine.start_clock()
        return state

    def close(self) -> None:
        self.store.close()


def seed_demo(store: Store, seed: int, now: datetime, sizes: Any = None) -> None:
    """Fill an empty store with the demo account (and run records for runs still in flight)."""
    try:
        from dftui.emulator.demo import DemoSizes, generate_demo
    except ImportError:  # pragma: no cover - demo generator not available
        log.warning("dftui.emulator.demo is missing; starting without demo data")
        return
    data = generate_demo(seed, now, sizes or DemoSizes())
    with store.lock, store.transaction():
        store.put_many("trigger", "triggerId", data.triggers)
        store.put_many("job", "jobId", data.jobs)
        workflows = {w["workflowId"]: w for w in data.workflows}
        for execution in data.executions:
            if execution.get("workflowId") in workflows:
                workflow = workflows[execution["workflowId"]]
                start = execution.get("createdDate")
                if start and start > workflow.get("_lastExecutionDate", ""):
                    workflow["_lastExecutionDate"] = start
        store.put_many("workflow", "workflowId", workflows.values())
        store.put_executions(data.executions)
        _rebuild_live_runs(store, workflows, data.executions)


def _rebuild_live_runs(
    store: Store, workflows: dict[str, dict[str, Any]], executions: list[dict[str, Any]]
) -> None:
    """Demo runs with a live execution need a run record so downstream nodes start later."""
    by_run: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for execution in executions:
        if execution.get("_runId"):
            by_run[execution["_runId"]].append(execution)
    for run_id, members in by_run.items():
        if not any(m["status"] in ("READY", "RUNNING") for m in members):
            continue
        workflow = workflows.get(members[0].get("workflowId", ""))
        if workflow is None:
            continue
        nodes = workflow.get("nodes", [])
        store.put_run(
            {
                "runId": run_id,
                "workflowId": workflow["workflowId"],
                "triggerNodeId": next((n["id"] for n in nodes if n.get("type") == "TRIGGER"), None),
                "trigger": {"triggerId": members[0].get("triggerId"), "name": members[0].get("triggerName")},
                "startedAt": min(m["createdDate"] for m in members),
                "nodes": [
                    {
                        "id": n["id"],
                        "parents": list(n.get("parentNodeIds") or []),
                        "jobCondition": n.get("jobCondition"),
                    }
                    for n in nodes
                    if n.get("type") == "JOB"
                ],
                "started": sorted({m["jobId"] for m in members}),
            }
        )
