"""A VISUAL job's node graph as the editor changes it: new nodes, parents, removal, order, rules.

Nodes stay the JSON objects the service sent (camelCase, every key kept), so a field or a node
type dftui does not know survives an edit untouched (docs/api-contract.md, Job nodes). The rules
are the contract's (:data:`dftui.api.contract.JOB_NODE_SPECS` and the graph rules), checked
before anything is sent, and every message names the node it is about.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from dftui.api.contract import (
    JOB_NODE_SPECS,
    FieldKind,
    FieldSpec,
    JobNodeSpec,
    NodeCategory,
    category_of,
    node_spec,
)

Node = dict[str, Any]

#: the catalogue grouped for the "add a node" picker, in contract order
NODE_GROUPS: tuple[tuple[NodeCategory, tuple[JobNodeSpec, ...]], ...] = tuple(
    (category, tuple(spec for spec in JOB_NODE_SPECS if spec.category is category))
    for category in NodeCategory
)
_STORAGE_WORDS = {
    "OBS": "Object Storage",
    "CATALOG": "Data Catalog",
    "CDB_MYSQL": "MySQL",
    "CDB_POSTGRESQL": "PostgreSQL",
}


#: a node field's name in words; the published key stays beside it (the JSON and the messages use it)
_FIELD_WORDS = {
    "regionNo": "Region",
    "bucketName": "Bucket",
    "fieldList": "Columns",
    "connectionId": "Connection",
    "defineFieldList": "Columns to define",
    "leftNodeId": "Left input",
    "rightNodeId": "Right input",
    "joinConditionList": "Join conditions",
    "filterConditionList": "Conditions",
    "groupByList": "Group by",
    "aggregateFieldList": "Aggregates",
    "renameFieldList": "Renames",
    "dropFieldList": "Columns compared",
    "missingValueFieldList": "Fill values",
    "sourceNameList": "Input aliases",
    "sql": "SQL",
    "updateType": "Write mode",
    "coalesce": "Output files",
}


def field_label(name: str) -> str:
    """``bucketName`` -> ``Bucket (bucketName)``, ``schemaVersion`` -> ``Schema version
    (schemaVersion)``, ``prefix`` -> ``Prefix``: words first, the key the JSON shows after them."""
    words = _FIELD_WORDS.get(name) or re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).lower().capitalize()
    return words if words.lower() == name.lower() else f"{words} ({name})"


def type_label(node_type: str) -> str:
    """``SOURCE_OBS`` -> ``Object Storage source``, ``TRANSFORM_FILL_MISSING_VALUES`` -> ``Fill missing values``."""
    category = category_of(node_type)
    rest = node_type.split("_", 1)[1] if "_" in node_type else node_type
    if category in (NodeCategory.SOURCE, NodeCategory.TARGET) and rest in _STORAGE_WORDS:
        return f"{_STORAGE_WORDS[rest]} {category.value.lower()}"
    if rest == "SQL":
        return "SQL"
    return rest.replace("_", " ").capitalize()


def node_id(node: Mapping[str, Any]) -> int | None:
    value = node.get("id")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def parent_ids(node: Mapping[str, Any]) -> list[int]:
    """``parentNodeIds`` as integers (a lone value or a comma string from older servers tolerated)."""
    value = node.get("parentNodeIds")
    if value is None:
        return []
    if isinstance(value, str):
        parts: list[Any] = [part.strip() for part in value.split(",") if part.strip()]
    elif isinstance(value, list):
        parts = value
    else:
        parts = [value]
    found: list[int] = []
    for part in parts:
        number = as_int(part)
        if number is not None:
            found.append(number)
    return found


def as_int(value: Any) -> int | None:
    """An integer as servers read one: an int, a whole float or a digit string."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,13}", value.strip()):
        return int(value.strip())
    return None


def display_name(node: Mapping[str, Any]) -> str:
    name = node.get("name")
    return name if isinstance(name, str) and name.strip() else str(node.get("id", "?"))


def who(node: Mapping[str, Any]) -> str:
    """How a message names a node: ``Node 'Filter orders' (TRANSFORM_FILTER)``."""
    return f"Node '{display_name(node)}' ({node.get('type', '?')})"


# ------------------------------------------------------------------ new nodes


def new_node_id(existing: Iterable[int], now_ms: int | None = None) -> int:
    """A 13-digit epoch-ms style id, as the console picks when a node is dropped, unique in the job."""
    candidate = int(time.time() * 1000) if now_ms is None else now_ms
    taken = set(existing)
    if taken:
        candidate = max(candidate, max(taken) + 1)
    return candidate


def default_name(node_type: str, existing_names: Iterable[str]) -> str:
    """``Filter``, then ``Filter 2``: readable and unique among the job's node names."""
    base = type_label(node_type)
    names = set(existing_names)
    if base not in names:
        return base
    number = 2
    while f"{base} {number}" in names:
        number += 1
    return f"{base} {number}"


def _default_value(spec: FieldSpec) -> Any:
    if spec.kind is FieldKind.ENUM:
        return spec.allowed[0]
    if spec.kind in (FieldKind.STRING_LIST, FieldKind.COLUMNS, FieldKind.OBJECT_LIST):
        return []
    if spec.kind is FieldKind.INTEGER:
        return None
    return spec.example or ""


def new_node(
    node_type: str,
    existing: Sequence[Mapping[str, Any]],
    parents: Sequence[int] = (),
    *,
    now_ms: int | None = None,
) -> Node:
    """A node of a catalogue type with every required field present (empty or its first value).

    Sources never get parents. Parent references (a join's left/right, SQL aliases) are filled
    from ``parents``, so a node added under another one is already wired to it.
    """
    spec = node_spec(node_type)
    if spec is None:
        raise ValueError(f"{node_type} is not a node type the service accepts")
    ids = [i for i in (node_id(node) for node in existing) if i is not None]
    node: Node = {
        "id": new_node_id(ids, now_ms),
        "name": default_name(node_type, (display_name(n) for n in existing)),
        "type": node_type,
        "parentNodeIds": [],
    }
    for field in spec.required:
        node[field.name] = _default_value(field)
    names = {i: display_name(n) for n in existing if (i := node_id(n)) is not None}
    return set_parents(node, [] if spec.max_parents == 0 else list(parents), names)


# ------------------------------------------------------------------ parents and references


def _alias(name: str, taken: set[str]) -> str:
    """A SQL table alias made from a node name: ``Orders raw`` -> ``orders_raw``."""
    base = re.sub(r"\W+", "_", name.strip().lower(), flags=re.ASCII).strip("_") or "input"
    if base[0].isdigit():
        base = f"t_{base}"
    alias, number = base, 2
    while alias in taken:
        alias, number = f"{base}_{number}", number + 1
    return alias


def set_parents(node: Mapping[str, Any], parents: Sequence[int], names: Mapping[int, str]) -> Node:
    """``node`` with new parents, its parent references kept in step.

    A reference to a parent that is gone is cleared; an empty reference (a join's right side) takes
    the first parent not used yet; a list of per-parent items (SQL ``sourceNameList``) loses the
    items of removed parents and gains one for each new parent, named after it.
    """
    updated: Node = dict(node)
    kept = list(dict.fromkeys(parents))
    updated["parentNodeIds"] = kept
    spec = node_spec(str(node.get("type")))
    if spec is None:
        return updated
    refs = [field for field in spec.fields if field.parent_ref and field.name in updated]
    for field in refs:
        if as_int(updated[field.name]) not in kept:
            updated[field.name] = None
    for field in refs:
        if updated[field.name] is None:
            used = {as_int(updated[f.name]) for f in refs}
            free = [parent for parent in kept if parent not in used]
            if free:
                updated[field.name] = free[0]
    for field in spec.fields:
        ref_items = [item for item in field.items if item.parent_ref]
        if not ref_items or not isinstance(updated.get(field.name), list):
            continue
        ref = ref_items[0]
        items = [
            item
            for item in updated[field.name]
            if not isinstance(item, dict) or as_int(item_value(item, ref)) in kept
        ]
        covered = {as_int(item_value(item, ref)) for item in items if isinstance(item, dict)}
        taken = {str(v) for item in items if isinstance(item, dict) for v in item.values()}
        for parent in kept:
            if parent in covered:
                continue
            item: dict[str, Any] = {}
            for item_spec in field.items:
                if item_spec.parent_ref:
                    item[item_spec.name] = parent
                elif item_spec.kind is FieldKind.ENUM:
                    item[item_spec.name] = item_spec.allowed[0]
                else:
                    alias = _alias(names.get(parent, "input"), taken)
                    taken.add(alias)
                    item[item_spec.name] = alias
            items.append(item)
        updated[field.name] = items
    return updated


def item_value(item: Mapping[str, Any], spec: FieldSpec) -> Any:
    """The value under the first of the field's keys present (``ResultName`` or ``resultName``)."""
    return next((item[key] for key in spec.keys if key in item), None)


def names_by_id(nodes: Sequence[Mapping[str, Any]]) -> dict[int, str]:
    return {i: display_name(node) for node in nodes if (i := node_id(node)) is not None}


def remove_node(nodes: Sequence[Mapping[str, Any]], removed: int) -> tuple[Node, ...]:
    """The graph without one node; its children lose it as a parent and as a join/SQL input."""
    names = names_by_id(nodes)
    kept: list[Node] = []
    for node in nodes:
        if node_id(node) == removed:
            continue
        parents = parent_ids(node)
        if removed in parents:
            kept.append(set_parents(node, [p for p in parents if p != removed], names))
        else:
            kept.append(dict(node))
    return tuple(kept)


def move_node(nodes: Sequence[Mapping[str, Any]], moved: int, delta: int) -> tuple[Node, ...]:
    """The graph with one node moved ``delta`` places (clamped at either end)."""
    order = [dict(node) for node in nodes]
    index = next((i for i, node in enumerate(order) if node_id(node) == moved), None)
    if index is None:
        return tuple(order)
    target = max(0, min(len(order) - 1, index + delta))
    order.insert(target, order.pop(index))
    return tuple(order)


def replace_node(
    nodes: Sequence[Mapping[str, Any]], old_id: int, node: Mapping[str, Any]
) -> tuple[Node, ...]:
    return tuple(dict(node) if node_id(n) == old_id else dict(n) for n in nodes)


# ------------------------------------------------------------------ rules


def value_problem(spec: FieldSpec, value: Any, *, required: bool = True) -> str | None:
    """What is wrong with one wire value of a node field (``None``: it is fine)."""
    if value is None or (required and spec.kind in (FieldKind.STRING, FieldKind.SQL) and value == ""):
        return f"{spec.name} is required" if required else None
    if spec.kind in (FieldKind.STRING, FieldKind.SQL):
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            return f"{spec.name}: expected text"
        return None
    if spec.kind is FieldKind.INTEGER:
        number = as_int(value)
        if number is None:
            return f"{spec.name}: a whole number"
        allowed = spec.value_range
        if allowed is not None and number not in allowed:
            return f"{spec.name}: {number} is outside {allowed.low}\N{EN DASH}{allowed.high}"
        return None
    if spec.kind is FieldKind.ENUM:
        if value not in spec.allowed:
            return f"{spec.name}: one of {', '.join(spec.allowed)}"
        return None
    if spec.kind is FieldKind.STRING_LIST:
        if isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            return None
        return f"{spec.name}: a list of names"
    if spec.kind is FieldKind.COLUMNS:
        return _columns_problem(spec, value)
    return _items_problem(spec, value)


def _columns_problem(spec: FieldSpec, value: Any) -> str | None:
    if not isinstance(value, list):
        return f"{spec.name}: a list of columns"
    for number, column in enumerate(value, start=1):
        if not isinstance(column, dict):
            return f"{spec.name}, column {number}: expected name and type"
        for key in ("name", "type"):
            if not isinstance(column.get(key), str) or not column[key]:
                return f"{spec.name}, column {number}: {key} is required"
    return None


def _items_problem(spec: FieldSpec, value: Any) -> str | None:
    if not isinstance(value, list):
        return f"{spec.name}: a list"
    if len(value) < spec.min_items:
        return f"{spec.name}: at least {spec.min_items} item{'s' if spec.min_items > 1 else ''}"
    for number, item in enumerate(value, start=1):
        if not isinstance(item, dict):
            return f"{spec.name}, item {number}: expected an object"
        for position, item_spec in enumerate(spec.items):
            item_field = item_value(item, item_spec)
            # the first key says what the item is about (a column, a parent): it may not be empty
            problem = (
                value_problem(item_spec, item_field, required=position == 0)
                if item_field is not None
                else f"{item_spec.name} is required"
            )
            if problem:
                return f"{spec.name}, item {number}: {problem}"
    return None


def field_problems(node: Mapping[str, Any]) -> dict[str, str]:
    """Problems of the node's own fields, keyed by field name (types the contract knows only)."""
    spec = node_spec(str(node.get("type")))
    found: dict[str, str] = {}
    if spec is None:
        return found
    for field in spec.required:
        problem = value_problem(field, node.get(field.name))
        if problem:
            found[field.name] = problem
    for field in spec.optional:
        if node.get(field.name) is not None:
            problem = value_problem(field, node[field.name])
            if problem:
                found[field.name] = problem
    return found


def _parent_problems(node: Mapping[str, Any], by_id: Mapping[int, Mapping[str, Any]]) -> list[str]:
    spec = node_spec(str(node.get("type")))
    parents = parent_ids(node)
    own = node_id(node)
    found: list[str] = []
    for parent in parents:
        if parent == own:
            found.append("is its own parent")
        elif parent not in by_id:
            found.append(f"parent {parent} is not a node of this job")
        elif category_of(str(by_id[parent].get("type"))) is NodeCategory.TARGET:
            found.append(f"parent '{display_name(by_id[parent])}' is a target; targets have no children")
    if spec is None:
        return found
    if spec.max_parents == 0 and parents:
        found.append("a source takes no parents; remove them")
    distinct = len(set(parents))
    if distinct < spec.min_parents:
        need = f"needs {spec.min_parents} parent{'s' if spec.min_parents > 1 else ''}"
        found.append(f"{need}; has {distinct or 'none'}")
    for field in spec.fields:
        if field.parent_ref and node.get(field.name) is not None:
            ref = as_int(node[field.name])
            if ref not in parents:
                found.append(f"{field.name} must be one of its parents")
        ref_items = [item for item in field.items if item.parent_ref]
        if ref_items and isinstance(node.get(field.name), list):
            for number, item in enumerate(node[field.name], start=1):
                if not isinstance(item, dict):
                    continue
                for ref_spec in ref_items:
                    if as_int(item_value(item, ref_spec)) not in parents:
                        found.append(
                            f"{field.name}, item {number}: {ref_spec.name} is not one of its parents"
                        )
    return found


def find_cycle(nodes: Sequence[Mapping[str, Any]]) -> list[int]:
    """The ids on one cycle of the parent graph, in order (``[]`` when there is none)."""
    parents = {i: parent_ids(node) for node in nodes if (i := node_id(node)) is not None}
    state: dict[int, int] = {}
    for start in parents:
        if state.get(start):
            continue
        path: list[int] = []
        stack: list[tuple[int, int]] = [(start, 0)]
        state[start] = 1
        path.append(start)
        while stack:
            current, position = stack[-1]
            current_parents = parents.get(current, [])
            if position < len(current_parents):
                stack[-1] = (current, position + 1)
                parent = current_parents[position]
                if state.get(parent) == 1:
                    return path[path.index(parent) :]
                if not state.get(parent) and parent in parents:
                    state[parent] = 1
                    stack.append((parent, 0))
                    path.append(parent)
            else:
                state[current] = 2
                stack.pop()
                path.pop()
    return []


def node_problems(node: Mapping[str, Any], all_nodes: Sequence[Mapping[str, Any]]) -> list[str]:
    """Everything wrong with one node, each message naming it (fields, parents, references)."""
    by_id = {i: n for n in all_nodes if (i := node_id(n)) is not None}
    found: list[str] = []
    if node_id(node) is None:
        found.append("id must be a whole number")
    elif sum(1 for n in all_nodes if node_id(n) == node_id(node)) > 1:
        found.append(f"id {node_id(node)} is used by another node")
    if not isinstance(node.get("name"), str):
        found.append("name is required")
    found.extend(field_problems(node).values())
    found.extend(_parent_problems(node, by_id))
    return [f"{who(node)}: {problem}" for problem in found]


def graph_problems(nodes: Sequence[Mapping[str, Any]], *, complete: bool) -> list[str]:
    """Every rule of the graph, node by node, then cycles and (``complete``) a source and a target."""
    found = [problem for node in nodes for problem in node_problems(node, nodes)]
    cycle = find_cycle(nodes)
    if cycle:
        names = names_by_id(nodes)
        loop = " \N{RIGHTWARDS ARROW} ".join(f"'{names[i]}'" for i in [*cycle, cycle[0]])
        found.append(f"The nodes form a cycle: {loop}")
    if complete and nodes:
        categories = {category_of(str(node.get("type"))) for node in nodes}
        if NodeCategory.SOURCE not in categories:
            found.append("A complete job needs at least one source node (or save it as a draft)")
        if NodeCategory.TARGET not in categories:
            found.append("A complete job needs at least one target node (or save it as a draft)")
    return found
