"""The job form's draft: name, type, limits, saved run settings and (VISUAL) the node graph.

One draft serves new, edit and duplicate. What is sent, and why (docs/api-contract.md, Job
operations):

* createJob gets the G3 shape: ``name``, ``type``, ``maxConcurrentRuns``, ``jobCondition``,
  ``nodes`` (VISUAL only) and ``description`` when there is one. A VISUAL job without nodes is
  stored as a DRAFT by the service, so "a name and nothing else" saves a draft with no flag.
* ``isTemp`` is a legacy flag the client does not normally send. It is sent only when the user
  asks for "Save as draft" (``as_draft``), because that is the one way the API keeps a graph that is
  not complete yet (no target yet, say) without refusing it. A plain save of a job that was a
  draft sends ``isTemp: false`` so that it stops being one.
* updateJob (PATCH) gets the full current representation, edited, with ``type`` exactly as the
  server reported it (``DATAFLOW`` on an older server); the type itself cannot change.
* verifyJob gets ``name``, ``type`` and ``nodes``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from dftui.api.contract import JobStatus, JobType
from dftui.ui.drafts.fields import DraftError, at_least, copy_name, name_problem, object_of, text_of
from dftui.ui.drafts.job_nodes import Node, as_int, graph_problems
from dftui.ui.drafts.run_settings import CONDITION_KEYS, RunSettingsDraft

JOB_TYPES = (JobType.VISUAL.value, JobType.SCRIPT.value)
TYPE_LABELS = {"VISUAL": "Visual (a graph of nodes)", "SCRIPT": "Script (runs the script at the script path)"}
MAX_MESSAGES = 6
"""Node problems listed under the graph; the rest are counted."""

#: the form's own fields (the run settings' keys are RunSettingsDraft's)
JOB_FIELDS = ("name", "description", "type", "max_concurrent_runs", *CONDITION_KEYS, "nodes")


def _is_visual(job_type: str) -> bool:
    return job_type in (JobType.VISUAL, JobType.DATAFLOW)


def _nodes_of(value: Any, path: str = "nodes") -> tuple[Node, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise DraftError(path, "expected a list of nodes")
    nodes: list[Node] = []
    for index, node in enumerate(value):
        where = f"{path}[{index}]"
        if not isinstance(node, dict):
            raise DraftError(where, "expected a node object")
        if as_int(node.get("id")) is None:
            raise DraftError(f"{where}.id", "a whole number, unique in the job")
        if not isinstance(node.get("type"), str):
            raise DraftError(f"{where}.type", "expected a node type such as SOURCE_OBS")
        parents = node.get("parentNodeIds", [])
        if not isinstance(parents, list) or any(as_int(p) is None for p in parents):
            raise DraftError(f"{where}.parentNodeIds", "a list of node ids")
        nodes.append({**node, "id": as_int(node["id"]), "parentNodeIds": [as_int(p) for p in parents]})
    return tuple(nodes)


@dataclass(frozen=True)
class JobDraft:
    name: str = ""
    description: str = ""
    type: str = JobType.VISUAL.value
    max_concurrent_runs: str = "1"
    settings: RunSettingsDraft = field(default_factory=RunSettingsDraft)
    nodes: tuple[Node, ...] = ()
    #: the job as the server sent it, when editing (``None`` for new and duplicate)
    original: Mapping[str, Any] | None = field(default=None, compare=False)
    #: "Save as draft" was chosen for this submit (sends ``isTemp: true``)
    as_draft: bool = field(default=False, compare=False)

    # ------------------------------------------------------------------ making one

    @classmethod
    def new(cls) -> JobDraft:
        return cls()

    @classmethod
    def from_job(cls, job_raw: Mapping[str, Any]) -> JobDraft:
        """Edit: every field as saved; ``original`` remembers the job for the update."""
        return replace(cls.from_body(job_raw), original=dict(job_raw))

    @classmethod
    def duplicate(cls, job_raw: Mapping[str, Any], taken: Collection[str] = ()) -> JobDraft:
        """A new job prefilled from another, under a name not in ``taken`` (``copy_name``)."""
        draft = cls.from_body(job_raw)
        return replace(draft, name=copy_name(draft.name, taken))

    @classmethod
    def from_body(cls, body: Any, *, original: Mapping[str, Any] | None = None) -> JobDraft:
        """A job, a createJob or an updateJob body back into a draft; a wrong shape raises DraftError."""
        data = object_of(body, "")
        kind = text_of(data, "type")
        if kind and kind not in (*JOB_TYPES, JobType.DATAFLOW.value):
            raise DraftError("type", f"one of {', '.join(JOB_TYPES)}")
        condition = data.get("jobCondition")
        path = "jobCondition"
        if condition is None and data.get("runCondition") is not None:
            condition, path = data["runCondition"], "runCondition"
        return cls(
            name=text_of(data, "name"),
            description=text_of(data, "description"),
            type=JobType.VISUAL.value if not kind or _is_visual(kind) else kind,
            max_concurrent_runs=text_of(data, "maxConcurrentRuns") or ("" if original else "1"),
            settings=RunSettingsDraft.from_condition(condition, path),
            nodes=_nodes_of(data.get("nodes")),
            original=original,
        )

    def with_values(self, **changes: Any) -> JobDraft:
        return replace(self, **changes)

    # ------------------------------------------------------------------ what it is

    @property
    def job_id(self) -> str | None:
        """The id of the job being edited (``None``: this draft creates a job)."""
        value = self.original.get("jobId") if self.original else None
        return str(value) if value is not None else None

    @property
    def visual(self) -> bool:
        return _is_visual(self.type)

    @property
    def reported_type(self) -> str:
        """The type to send on update: exactly the server's word for it."""
        reported = self.original.get("type") if self.original else None
        return reported if isinstance(reported, str) and reported else self.type

    def shown_fields(self) -> tuple[str, ...]:
        """SCRIPT jobs have no node graph, so the editor is hidden for them."""
        return JOB_FIELDS if self.visual else tuple(key for key in JOB_FIELDS if key != "nodes")

    # ------------------------------------------------------------------ rules

    def node_messages(self, *, as_draft: bool | None = None) -> list[str]:
        if not self.visual:
            return []
        draft = self.as_draft if as_draft is None else as_draft
        return graph_problems(self.nodes, complete=not draft)

    def problems(self) -> dict[str, str]:
        """Form field -> what is wrong; ``nodes`` lists the node problems, each naming its node."""
        found: dict[str, str] = {}
        problem = name_problem(self.name.strip())
        if problem:
            found["name"] = problem
        if self.type not in JOB_TYPES:
            found["type"] = f"Type: one of {', '.join(JOB_TYPES)}"
        elif self.original is not None and _is_visual(self.reported_type) != self.visual:
            found["type"] = "Type: the service cannot change a job's type; duplicate it instead"
        _, problem = at_least(self.max_concurrent_runs, 1, "Max concurrent runs")
        if problem:
            found["max_concurrent_runs"] = problem
        found.update(self.settings.problems())
        messages = self.node_messages()
        if messages:
            shown = messages[:MAX_MESSAGES]
            if len(messages) > MAX_MESSAGES:
                shown.append(f"\N{HORIZONTAL ELLIPSIS} and {len(messages) - MAX_MESSAGES} more")
            found["nodes"] = "\n".join(shown)
        return found

    def advice(self) -> dict[str, str]:
        """Warnings that do not stop a save (``RunSettingsDraft.advice``, and a graph left empty)."""
        found = self.settings.advice()
        if self.visual and not self.nodes and not self.as_draft:
            found["nodes"] = "No nodes: the job is kept as a DRAFT, which cannot run until it has a graph"
        return found

    # ------------------------------------------------------------------ bodies

    def _common(self) -> dict[str, Any]:
        body: dict[str, Any] = {"name": self.name.strip()}
        number, _ = at_least(self.max_concurrent_runs, 1, "maxConcurrentRuns")
        if number is not None:
            body["maxConcurrentRuns"] = number
        elif self.max_concurrent_runs.strip():
            body["maxConcurrentRuns"] = self.max_concurrent_runs.strip()  # kept for the JSON editor
        condition = self.settings.condition()
        if condition:
            body["jobCondition"] = condition
        if self.description.strip() or (self.original and "description" in self.original):
            body["description"] = self.description.strip()
        return body

    def create_body(self, draft: bool | None = None) -> dict[str, Any]:
        """createJob; ``draft`` (default: ``as_draft``) adds ``isTemp: true``."""
        body = {"name": self.name.strip(), "type": self.type, **self._common()}
        if self.visual:
            body["nodes"] = [dict(node) for node in self.nodes]
        if self.as_draft if draft is None else draft:
            body["isTemp"] = True
        return body

    def update_body(self, draft: bool | None = None) -> dict[str, Any]:
        """updateJob: the full representation, edited, ``type`` as reported; isTemp as explained above."""
        body = {"type": self.reported_type, **self._common()}
        if self.visual:
            body["nodes"] = [dict(node) for node in self.nodes]
        was_draft = bool(self.original and self.original.get("status") == JobStatus.DRAFT)
        if self.as_draft if draft is None else draft:
            body["isTemp"] = True
        elif was_draft:
            body["isTemp"] = False
        return body

    def verify_body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"name": self.name.strip(), "type": self.type}
        if self.visual:
            body["nodes"] = [dict(node) for node in self.nodes]
        return body

    def body(self) -> dict[str, Any]:
        """What ``ctrl+o`` shows and a save sends: the update body when editing, else the create body."""
        return self.update_body() if self.original is not None else self.create_body()
