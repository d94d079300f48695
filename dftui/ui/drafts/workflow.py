"""The workflow form's draft: a start trigger and jobs with their parents, checked as a DAG.

Node ids are the referenced trigger and job ids (docs/api-contract.md, Workflows), so a job's
parents are the trigger's id or other jobs' ids. Every JOB node carries complete settings: the
job's saved ones unless the user changed them for this workflow.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from dftui.api.contract import WorkflowNodeType
from dftui.ui.drafts.fields import DraftError, copy_name, name_problem, object_of, text_of
from dftui.ui.drafts.run_settings import RunSettingsDraft

NEW_MANUAL_TRIGGER = "+manual"
"""The trigger choice that creates a manual (NONE) trigger for this workflow on save."""


@dataclass(frozen=True)
class WorkflowJob:
    job_id: str
    name: str
    parents: tuple[str, ...]
    settings: RunSettingsDraft = field(default_factory=RunSettingsDraft)


@dataclass(frozen=True)
class WorkflowDraft:
    name: str = ""
    trigger_id: str = ""
    trigger_name: str = ""
    jobs: tuple[WorkflowJob, ...] = ()
    #: save with isTemp (an unfinished workflow the service keeps but never runs)
    as_draft: bool = False

    @classmethod
    def from_workflow(cls, raw: Mapping[str, Any]) -> WorkflowDraft:
        return cls.from_body(raw)

    @classmethod
    def from_body(cls, body: Any) -> WorkflowDraft:
        data = object_of(body, "")
        nodes = data.get("nodes") or []
        if not isinstance(nodes, list):
            raise DraftError("nodes", "expected a list of nodes")
        trigger_id = trigger_name = ""
        jobs: list[WorkflowJob] = []
        for index, raw in enumerate(nodes):
            path = f"nodes[{index}]"
            node = object_of(raw, path)
            kind = text_of(node, "type", f"{path}.")
            node_id = text_of(node, "id", f"{path}.")
            if not node_id:
                raise DraftError(f"{path}.id", "required: a trigger id or a job id")
            parents = node.get("parentNodeIds") or []
            if isinstance(parents, str):
                parents = [part.strip() for part in parents.split(",") if part.strip()]
            if not isinstance(parents, list) or not all(isinstance(p, str) for p in parents):
                raise DraftError(f"{path}.parentNodeIds", "a list of node ids")
            if kind == WorkflowNodeType.TRIGGER:
                if trigger_id:
                    raise DraftError(f"{path}.type", "a workflow has exactly one TRIGGER node")
                trigger_id, trigger_name = node_id, text_of(node, "name", f"{path}.")
            elif kind == WorkflowNodeType.JOB:
                settings = RunSettingsDraft.from_condition(node.get("jobCondition"), f"{path}.jobCondition")
                jobs.append(WorkflowJob(node_id, text_of(node, "name", f"{path}."), tuple(parents), settings))
            else:
                raise DraftError(f"{path}.type", "TRIGGER or JOB")
        return cls(text_of(data, "name"), trigger_id, trigger_name, tuple(jobs))

    def duplicate(self, taken: Collection[str] = ()) -> WorkflowDraft:
        return replace(self, name=copy_name(self.name, taken))

    def with_values(self, **changes: Any) -> WorkflowDraft:
        return replace(self, **changes)

    # ------------------------------------------------------------------ editing

    def add_job(self, job_id: str, name: str, settings: RunSettingsDraft) -> WorkflowDraft:
        """Append a job after the last one (or after the trigger when it is the first)."""
        if any(job.job_id == job_id for job in self.jobs):
            return self
        parent = self.jobs[-1].job_id if self.jobs else self.trigger_id
        parents = (parent,) if parent else ()
        return replace(self, jobs=(*self.jobs, WorkflowJob(job_id, name, parents, settings)))

    def remove_job(self, job_id: str) -> WorkflowDraft:
        """Drop a job; its children inherit its parents so the chain stays connected."""
        gone = next((job for job in self.jobs if job.job_id == job_id), None)
        if gone is None:
            return self
        kept = []
        for job in self.jobs:
            if job.job_id == job_id:
                continue
            if job_id in job.parents:
                parents = tuple(dict.fromkeys(p for p in (*job.parents, *gone.parents) if p != job_id))
                job = replace(job, parents=parents)
            kept.append(job)
        return replace(self, jobs=tuple(kept))

    def set_parents(self, job_id: str, parents: Sequence[str]) -> WorkflowDraft:
        return replace(
            self,
            jobs=tuple(replace(j, parents=tuple(parents)) if j.job_id == job_id else j for j in self.jobs),
        )

    def set_settings(self, job_id: str, settings: RunSettingsDraft) -> WorkflowDraft:
        return replace(
            self, jobs=tuple(replace(j, settings=settings) if j.job_id == job_id else j for j in self.jobs)
        )

    def set_trigger(self, trigger_id: str, name: str) -> WorkflowDraft:
        """Change the start trigger; jobs that started from the old one start from the new one."""
        old = self.trigger_id
        jobs = tuple(
            replace(j, parents=tuple(trigger_id if p == old else p for p in j.parents)) if old else j
            for j in self.jobs
        )
        if not old:  # first trigger: jobs without parents hang from it
            jobs = tuple(replace(j, parents=(trigger_id,)) if not j.parents else j for j in jobs)
        return replace(self, trigger_id=trigger_id, trigger_name=name, jobs=jobs)

    # ----------------------------------------------------------------- checking

    @property
    def name_only(self) -> bool:
        return not self.trigger_id and not self.jobs

    def problems(self) -> dict[str, str]:
        found: dict[str, str] = {}
        problem = name_problem(self.name.strip())
        if problem:
            found["name"] = problem
        if self.as_draft or self.name_only:
            return found  # a draft may be incomplete; the service checks the rest
        if not self.trigger_id:
            found["trigger"] = "Start trigger: choose one (or a new manual trigger)"
        if not self.jobs:
            found["jobs"] = "Jobs: add at least one job (a), or save as a draft"
            return found
        known = {self.trigger_id, *(job.job_id for job in self.jobs)}
        for job in self.jobs:
            label = f"Job {job.name or job.job_id}"
            if not job.parents:
                found.setdefault("jobs", f"{label}: choose what it runs after (p)")
            for parent in job.parents:
                if parent == job.job_id:
                    found.setdefault("jobs", f"{label}: cannot run after itself")
                elif parent not in known:
                    found.setdefault("jobs", f"{label}: runs after {parent}, which is not in this workflow")
            settings_problems = job.settings.problems()
            if settings_problems:
                found.setdefault("jobs", f"{label}: {next(iter(settings_problems.values()))}")
        cycle = self._cycle()
        if cycle:
            found.setdefault("jobs", "The jobs form a cycle: " + " → ".join(cycle))
        return found

    def _cycle(self) -> list[str]:
        """Names along a cycle of parents, or [] when the graph is acyclic."""
        parents = {job.job_id: job.parents for job in self.jobs}
        names = {job.job_id: job.name or job.job_id for job in self.jobs}
        state: dict[str, int] = {}
        path: list[str] = []

        def visit(node: str) -> list[str]:
            state[node] = 1
            path.append(node)
            for parent in parents.get(node, ()):
                if parent not in parents:
                    continue
                if state.get(parent) == 1:
                    loop = [*path[path.index(parent) :], parent]
                    return [names[n] for n in loop]
                if parent not in state:
                    found = visit(parent)
                    if found:
                        return found
            path.pop()
            state[node] = 2
            return []

        for job_id in parents:
            if job_id not in state:
                found = visit(job_id)
                if found:
                    return found
        return []

    # -------------------------------------------------------------------- wire

    def body(self, *, trigger_id: str | None = None) -> dict[str, Any]:
        """The createWorkflow / updateWorkflow body; ``trigger_id`` replaces a new-manual placeholder."""
        start = trigger_id or self.trigger_id
        nodes: list[dict[str, Any]] = []
        if start:
            nodes.append({"id": start, "name": self.trigger_name, "type": "TRIGGER", "parentNodeIds": []})
        for job in self.jobs:
            parents = [start if p == self.trigger_id and start else p for p in job.parents]
            nodes.append(
                {
                    "id": job.job_id,
                    "name": job.name,
                    "type": "JOB",
                    "parentNodeIds": parents,
                    "jobCondition": job.settings.condition(),
                }
            )
        return {"name": self.name.strip(), "nodes": nodes, "isTemp": self.as_draft or self.name_only}
