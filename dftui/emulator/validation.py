"""Request validation (docs/api-contract.md: Names, Data model, Job graph rules).

Every check raises :func:`bad_parameter` naming the first failing field, in the
``{field=value}: Check the parameters.`` form. Functions return cleaned copies; job nodes are
only checked, never rewritten, because they are stored exactly as received.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from dftui.api import contract
from dftui.api.contract import FieldKind, FieldSpec, NodeCategory
from dftui.emulator.errors import bad_parameter
from dftui.schedule import canonical_rule, rule_problems
from dftui.timeutil import parse_datetime

# The vocabularies, the name rule and the node catalogue come from dftui.api.contract, so the
# emulator accepts exactly what the client's models and the OpenAPI document describe.
NAME_RE = contract.NAME_RULE.regex
WORKER_TYPES = contract.values(contract.WorkerType)
JOB_TYPES = contract.values(contract.JobType)
REQUIRED_RUN_SETTINGS = contract.REQUIRED_RUN_SETTINGS

# ------------------------------------------------------------------ small checks


def require_object(value: Any, field: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise bad_parameter(field, value)
    return value


def check_name(value: Any, field: str = "name") -> str:
    if not isinstance(value, str) or not NAME_RE.match(value):
        raise bad_parameter(field, value)
    return value


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def as_int(value: Any, field: str, low: int | None = None, high: int | None = None) -> int:
    """An integer (digit strings tolerated) inside ``[low, high]``."""
    number: int
    if _is_int(value):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,12}", value.strip()):  # ASCII, unlike \d
        number = int(value.strip())
    else:
        raise bad_parameter(field, value)
    if (low is not None and number < low) or (high is not None and number > high):
        raise bad_parameter(field, value)
    return number


def as_bool(value: Any, field: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise bad_parameter(field, value)


def _enum(value: Any, allowed: tuple[str, ...], field: str) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise bad_parameter(field, value)
    return value


def _text(value: Any, field: str) -> str:
    """A string; numbers are tolerated because older docs drift between the two."""
    if isinstance(value, str):
        return value
    if _is_int(value) or isinstance(value, float):
        return str(value)
    raise bad_parameter(field, value)


# ------------------------------------------------------------------ jobCondition


def clean_parameters(value: Any, field: str) -> dict[str, str]:
    """Flat string map; numbers and booleans become strings, nesting is rejected."""
    params = require_object(value, field)
    cleaned: dict[str, str] = {}
    for key, item in params.items():
        if isinstance(item, bool):
            cleaned[str(key)] = "true" if item else "false"
        elif isinstance(item, (int, float, str)):
            cleaned[str(key)] = str(item)
        else:
            raise bad_parameter(f"{field}.{key}", item)
    return cleaned


def clean_job_condition(value: Any, field: str = "jobCondition") -> dict[str, Any]:
    """Validate a (possibly partial) jobCondition; ``None`` values count as absent."""
    cond = require_object(value, field)
    cleaned: dict[str, Any] = {}
    spec = contract.JOB_CONDITION
    if cond.get("workerType") is not None:
        cleaned["workerType"] = _enum(cond["workerType"], WORKER_TYPES, f"{field}.workerType")
    if cond.get("numWorker") is not None:
        workers = spec.num_worker
        cleaned["numWorker"] = as_int(cond["numWorker"], f"{field}.numWorker", workers.low, workers.high)
    if cond.get("timeout") is not None:
        minutes = spec.timeout_minutes
        cleaned["timeout"] = as_int(cond["timeout"], f"{field}.timeout", minutes.low, minutes.high)
    for key in spec.string_fields:
        if cond.get(key) is not None:
            if not isinstance(cond[key], str):
                raise bad_parameter(f"{field}.{key}", cond[key])
            cleaned[key] = cond[key]
    if cond.get("parameters") is not None:
        cleaned["parameters"] = clean_parameters(cond["parameters"], f"{field}.parameters")
    return cleaned


def merge_condition(base: Mapping[str, Any] | None, overlay: Mapping[str, Any] | None) -> dict[str, Any]:
    """Lay ``overlay`` field by field over ``base`` (``parameters`` replaced as a whole)."""
    merged = dict(base or {})
    for key, item in (overlay or {}).items():
        if item is not None:
            merged[key] = item
    merged.pop("consoleLogPath", None)
    return merged


def missing_run_setting(condition: Mapping[str, Any]) -> str | None:
    """First of nrn/scriptPath/logPath absent from effective run settings, if any."""
    for key in REQUIRED_RUN_SETTINGS:
        if not condition.get(key):
            return key
    return None


# ---------------------------------------------------------------------- triggers


def clean_trigger(body: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    """Return ``(name, type, triggerRule)``, the rule in the canonical form :mod:`dftui.schedule` gives.

    The rule checks are the app's own (:func:`dftui.schedule.rule_problems`), so the emulator accepts
    exactly the rules the create-trigger form accepts and fires them the way the forecast predicts.
    """
    name = check_name(body.get("name"))
    trigger_type: Any = body.get("type")  # checked by rule_problems, whatever was sent
    rule = body.get("triggerRule")
    problems = rule_problems(trigger_type, rule)
    if problems:
        first = problems[0]
        raise bad_parameter(first.field, _sent_value(body, first.field, first.value))
    cleaned = canonical_rule(trigger_type, rule)
    if cleaned is None or not isinstance(trigger_type, str):  # unreachable when there are no problems
        raise bad_parameter("triggerRule", rule)
    return name, trigger_type, cleaned


def _sent_value(body: Mapping[str, Any], field: str, reported: Any) -> Any:
    """The value to show in ``{field=value}``: ``null`` when the field was not sent at all."""
    target: Any = body
    for key in field.split("."):
        if not isinstance(target, Mapping) or key not in target:
            return None
        target = target[key]
    return reported


# --------------------------------------------------------------------- job nodes


Checker = Callable[[Any, str], None]
"""Checks one field's value and raises ``bad_parameter`` naming ``field`` when it is wrong."""


def _fields(value: Any, field: str) -> None:
    if not isinstance(value, list):
        raise bad_parameter(field, value)
    for index, column in enumerate(value):
        item = require_object(column, f"{field}[{index}]")
        for key in contract.COLUMN_KEYS:
            if not isinstance(item.get(key), str) or not item[key]:
                raise bad_parameter(f"{field}[{index}].{key}", item.get(key))


def _string_list(value: Any, field: str) -> None:
    if isinstance(value, str):
        return
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise bad_parameter(field, value)


def _present(item: Mapping[str, Any], spec: FieldSpec) -> Any:
    """The value under the first of the field's keys that is present (``None`` if none is)."""
    return next((item[key] for key in spec.keys if key in item), None)


def _object_list(spec: FieldSpec) -> Checker:
    """A list of objects; every item field is required and checked in the order declared."""
    item_checks = [(item_spec, _checker(item_spec)) for item_spec in spec.items]

    def check(value: Any, field: str) -> None:
        if not isinstance(value, list) or len(value) < spec.min_items:
            raise bad_parameter(field, value)
        for index, entry in enumerate(value):
            item = require_object(entry, f"{field}[{index}]")
            for item_spec, item_check in item_checks:
                item_field = f"{field}[{index}].{item_spec.name}"
                item_value = _present(item, item_spec)
                if item_value is None:
                    raise bad_parameter(item_field, None)
                item_check(item_value, item_field)

    return check


def _one_of(allowed: tuple[str, ...]) -> Checker:
    def check(value: Any, field: str) -> None:
        _enum(value, allowed, field)

    return check


def _integer(spec: FieldSpec) -> Checker:
    low, high = (spec.value_range.low, spec.value_range.high) if spec.value_range else (None, None)

    def check(value: Any, field: str) -> None:
        as_int(value, field, low, high)

    return check


def _checker(spec: FieldSpec) -> Checker:
    """The check for one contract field kind (parent references are checked with the graph)."""
    if spec.kind in (FieldKind.STRING, FieldKind.SQL):
        return _str
    if spec.kind is FieldKind.INTEGER:
        return _integer(spec)
    if spec.kind is FieldKind.ENUM:
        return _one_of(spec.allowed)
    if spec.kind is FieldKind.STRING_LIST:
        return _string_list
    if spec.kind is FieldKind.COLUMNS:
        return _fields
    if spec.kind is FieldKind.OBJECT_LIST:
        return _object_list(spec)
    raise AssertionError(f"no check for field kind {spec.kind}")  # pragma: no cover


def _str(value: Any, field: str) -> None:
    _text(value, field)


# type -> (required field checks, optional field checks), in the contract's order
NODE_RULES: dict[str, tuple[dict[str, Checker], dict[str, Checker]]] = {
    spec.type: (
        {field.name: _checker(field) for field in spec.required},
        {field.name: _checker(field) for field in spec.optional},
    )
    for spec in contract.JOB_NODE_SPECS
}


def _check_parent_refs(node: Mapping[str, Any], index: int, parents: list[int]) -> None:
    """Integers the contract marks as parent references must be among ``parentNodeIds``."""
    spec = contract.node_spec(node["type"])
    for field_spec in spec.fields if spec else ():
        if field_spec.parent_ref and node.get(field_spec.name) is not None:
            value = node[field_spec.name]
            if as_int(value, f"nodes[{index}].{field_spec.name}") not in parents:
                raise bad_parameter(f"nodes[{index}].{field_spec.name}", value)
        refs = [item for item in field_spec.items if item.parent_ref]
        if not refs or not isinstance(node.get(field_spec.name), list):
            continue
        for entry_index, entry in enumerate(node[field_spec.name]):
            for ref in refs:
                value = _present(entry, ref)
                if as_int(value, ref.name) not in parents:
                    raise bad_parameter(f"nodes[{index}].{field_spec.name}[{entry_index}].{ref.name}", value)


def _parent_ids(value: Any, field: str) -> list[int]:
    """``parentNodeIds`` as ints; a single value or comma string (older docs' type drift) is tolerated."""
    if value is None:
        raise bad_parameter(field, value)
    if isinstance(value, str):
        parts: list[Any] = [part.strip() for part in value.split(",") if part.strip()]
    elif _is_int(value):
        parts = [value]
    elif isinstance(value, list):
        parts = value
    else:
        raise bad_parameter(field, value)
    return [as_int(part, field) for part in parts]


def validate_job_nodes(nodes: Any, *, require_complete: bool) -> None:
    """Apply every job graph rule; ``require_complete`` adds "has a source and a target".

    The per-type fields, vocabularies, input counts and parent references are the contract's
    (:data:`dftui.api.contract.JOB_NODE_SPECS`).
    """
    if not isinstance(nodes, list):
        raise bad_parameter("nodes", nodes)
    ids: dict[int, int] = {}
    parents: dict[int, list[int]] = {}
    types: dict[int, str] = {}
    for index, raw in enumerate(nodes):
        node = require_object(raw, f"nodes[{index}]")
        node_id = as_int(node.get("id"), f"nodes[{index}].id")
        if node_id in ids:
            raise bad_parameter(f"nodes[{index}].id", node_id)
        ids[node_id] = index
        if not isinstance(node.get("name"), str):
            raise bad_parameter(f"nodes[{index}].name", node.get("name"))
        node_type = node.get("type")
        if not isinstance(node_type, str) or node_type not in NODE_RULES:
            raise bad_parameter(f"nodes[{index}].type", node_type)
        types[node_id] = node_type
        parents[node_id] = _parent_ids(node.get("parentNodeIds"), f"nodes[{index}].parentNodeIds")
        required, optional = NODE_RULES[node_type]
        for key, check in required.items():
            if key not in node or node[key] is None:
                raise bad_parameter(f"nodes[{index}].{key}", None)
            check(node[key], f"nodes[{index}].{key}")
        for key, check in optional.items():
            if node.get(key) is not None:
                check(node[key], f"nodes[{index}].{key}")
    for node_id, index in ids.items():
        field = f"nodes[{index}].parentNodeIds"
        node_parents = parents[node_id]
        for parent in node_parents:
            if parent not in ids or parent == node_id:
                raise bad_parameter(field, parent)
            if _category(types[parent]) is NodeCategory.TARGET:
                raise bad_parameter(field, parent)
        spec = contract.node_spec(types[node_id])
        assert spec is not None  # every type was checked against the contract above
        if spec.max_parents is not None and len(node_parents) > spec.max_parents:
            raise bad_parameter(field, node_parents)
        if len(set(node_parents)) < spec.min_parents:
            raise bad_parameter(field, node_parents)
        _check_parent_refs(nodes[index], index, node_parents)
    cycle_at = find_cycle(parents)
    if cycle_at is not None:
        raise bad_parameter(f"nodes[{ids[cycle_at]}].parentNodeIds", parents[cycle_at])
    if require_complete:
        categories = {_category(kind) for kind in types.values()}
        if NodeCategory.SOURCE not in categories:
            raise bad_parameter("nodes", "no source node")
        if NodeCategory.TARGET not in categories:
            raise bad_parameter("nodes", "no target node")


def _category(node_type: str) -> NodeCategory | None:
    return contract.category_of(node_type)


def find_cycle(parents: Mapping[Any, list[Any]]) -> Any | None:
    """Return a node on a cycle of the parent graph, or ``None`` when it is acyclic."""
    state: dict[Any, int] = {}
    for start in parents:
        if state.get(start):
            continue
        stack: list[tuple[Any, int]] = [(start, 0)]
        state[start] = 1
        while stack:
            node, position = stack[-1]
            node_parents = parents.get(node, [])
            if position < len(node_parents):
                stack[-1] = (node, position + 1)
                parent = node_parents[position]
                if state.get(parent) == 1:
                    return parent
                if not state.get(parent) and parent in parents:
                    state[parent] = 1
                    stack.append((parent, 0))
            else:
                state[node] = 2
                stack.pop()
    return None


# --------------------------------------------------------------------- workflows


def clean_workflow_nodes(nodes: Any, *, is_temp: bool) -> list[dict[str, Any]]:
    """Structural workflow graph rules (existence of referenced ids is checked by the caller)."""
    if not isinstance(nodes, list):
        raise bad_parameter("nodes", nodes)
    cleaned: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, raw in enumerate(nodes):
        node = require_object(raw, f"nodes[{index}]")
        node_id = node.get("id")
        if not isinstance(node_id, str) or not node_id:
            raise bad_parameter(f"nodes[{index}].id", node_id)
        if node_id in seen:
            raise bad_parameter(f"nodes[{index}].id", node_id)
        seen.add(node_id)
        node_type = _enum(
            node.get("type"), contract.values(contract.WorkflowNodeType), f"nodes[{index}].type"
        )
        raw_parents = node.get("parentNodeIds", [])
        if raw_parents is None:
            raw_parents = []
        if isinstance(raw_parents, str):
            raw_parents = [part.strip() for part in raw_parents.split(",") if part.strip()]
        if not isinstance(raw_parents, list) or not all(isinstance(p, str) for p in raw_parents):
            raise bad_parameter(f"nodes[{index}].parentNodeIds", raw_parents)
        item: dict[str, Any] = {
            "id": node_id,
            "name": node.get("name") or "",
            "type": node_type,
            "parentNodeIds": list(dict.fromkeys(raw_parents)),
        }
        if node_type == "JOB":
            if node.get("jobCondition") is not None:
                item["jobCondition"] = clean_job_condition(
                    node["jobCondition"], f"nodes[{index}].jobCondition"
                )
            else:
                item["jobCondition"] = {}
        cleaned.append(item)
    triggers = [n for n in cleaned if n["type"] == "TRIGGER"]
    jobs = [n for n in cleaned if n["type"] == "JOB"]
    if len(triggers) > 1 or (not triggers and not is_temp):
        raise bad_parameter("nodes", "exactly one TRIGGER node is required")
    if not jobs and not is_temp:
        raise bad_parameter("nodes", "at least one JOB node is required")
    for index, node in enumerate(cleaned):
        field = f"nodes[{index}].parentNodeIds"
        if node["type"] == "TRIGGER" and node["parentNodeIds"]:
            raise bad_parameter(field, node["parentNodeIds"])
        if node["type"] == "JOB":
            if not node["parentNodeIds"] and not is_temp:  # a draft may still be unconnected
                raise bad_parameter(field, node["parentNodeIds"])
            for parent in node["parentNodeIds"]:
                if parent not in seen or parent == node["id"]:
                    raise bad_parameter(field, parent)
    cycle_at = find_cycle({n["id"]: n["parentNodeIds"] for n in cleaned})
    if cycle_at is not None:
        raise bad_parameter("nodes.parentNodeIds", cycle_at)
    return cleaned


# --------------------------------------------------------------------- queries


def parse_page(query: Mapping[str, str]) -> tuple[int, int]:
    """``page`` (≥ 0, default 0) and ``limit`` (≥ 1, default 1000) (docs/api-contract.md, Pagination)."""
    page = _query_int(query.get("page"), "page", 0, 0)
    limit = _query_int(query.get("limit"), "limit", 1000, 1)
    return page, limit


def parse_name_filter(query: Mapping[str, str]) -> str | None:
    """The ``name`` filter of getJobs/getTriggers: no name is longer than the name rule allows,
    so a longer filter is a bad parameter (docs/emulator.md, Limits)."""
    value = query.get("name")
    if value is not None and len(value) > contract.NAME_RULE.max_length:
        raise bad_parameter("name", value)
    return value


def _query_int(value: str | None, field: str, default: int, low: int) -> int:
    if value is None:
        return default
    if not re.fullmatch(r"\+?[0-9]{1,9}", value.strip()):  # ASCII, unlike \d
        raise bad_parameter(field, value)
    number = int(value.strip())
    if number < low:
        raise bad_parameter(field, value)
    return number


def parse_query_date(value: str | None, field: str) -> datetime:
    if value is None or not value.strip():
        raise bad_parameter(field, value)
    text = value.strip()
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}.*", text):
        raise bad_parameter(field, value)
    try:
        return parse_datetime(text)
    except ValueError:
        raise bad_parameter(field, value) from None
