"""One job node as its generated form holds it: a text per contract field, and back to JSON.

Every node type's form comes from its :class:`~dftui.api.contract.JobNodeSpec`; no type has
hand-written fields. How each field kind is typed:

* ``STRING``, ``INTEGER``: one line; ``SQL``: free text; ``ENUM``: one of its values;
* ``STRING_LIST``: names separated by commas (``id, name``);
* ``COLUMNS``: one ``name:type`` per line (a bare name is a ``string`` column);
* ``OBJECT_LIST``: one item per line, its values in the spec's key order separated by ``|``
  (``amount | 100 | GT``); a parent reference is written as the parent's name.

A field whose text is left as it was keeps its original JSON exactly (an unknown item key, the
``resultName`` spelling), so opening and saving a node changes nothing the user did not touch.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from dftui.api.contract import FieldKind, FieldSpec, JobNodeSpec, node_spec
from dftui.ui.drafts.fields import DraftError, object_of
from dftui.ui.drafts.job_nodes import Node, as_int, item_value, value_problem

ITEM_SEPARATOR = " | "
COLUMN_TYPES = ("string", "int", "long", "double", "boolean", "date", "timestamp")


def _ref_text(value: Any, parents: Mapping[int, str]) -> str:
    """A parent reference shown by the parent's name when that name is unambiguous."""
    number = as_int(value)
    if number is None:
        return "" if value is None else str(value)
    name = parents.get(number)
    if name is not None and list(parents.values()).count(name) == 1 and "|" not in name:
        return name
    return str(number)


def _ref_value(text: str, parents: Mapping[int, str]) -> Any:
    """A parent typed by name or id; anything else is kept as typed (the graph rules name it)."""
    text = text.strip()
    matches = [parent for parent, name in parents.items() if name == text]
    if len(matches) == 1:
        return matches[0]
    number = as_int(text)
    return number if number is not None else text


def field_text(spec: FieldSpec, value: Any, parents: Mapping[int, str]) -> str:
    """The wire value of a field as its widget shows it."""
    if value is None:
        return ""
    if spec.kind is FieldKind.INTEGER and spec.parent_ref:
        number = as_int(value)
        return str(number) if number is not None else str(value)
    if spec.kind in (FieldKind.STRING, FieldKind.SQL, FieldKind.INTEGER, FieldKind.ENUM):
        return str(value)
    if spec.kind is FieldKind.STRING_LIST:
        return value if isinstance(value, str) else ", ".join(str(v) for v in value)
    if not isinstance(value, list):
        return str(value)
    if spec.kind is FieldKind.COLUMNS:
        return "\n".join(
            f"{column.get('name', '')}:{column.get('type', '')}" if isinstance(column, dict) else str(column)
            for column in value
        )
    lines = []
    for item in value:
        if not isinstance(item, dict):
            lines.append(str(item))
            continue
        parts = []
        for item_spec in spec.items:
            part = item_value(item, item_spec)
            parts.append(
                _ref_text(part, parents) if item_spec.parent_ref else ("" if part is None else str(part))
            )
        lines.append(ITEM_SEPARATOR.join(parts))
    return "\n".join(lines)


def item_hint(spec: FieldSpec) -> str:
    """What one line of an ``OBJECT_LIST`` holds: ``name | value | operator (EQ, NE, …)``."""
    parts = []
    for item_spec in spec.items:
        word = "parent" if item_spec.parent_ref else item_spec.name
        parts.append(f"{word} ({', '.join(item_spec.allowed)})" if item_spec.allowed else word)
    return "one per line: " + ITEM_SEPARATOR.join(parts)


def parse_field(
    spec: FieldSpec, text: str, parents: Mapping[int, str], original: Any = None
) -> tuple[Any, str | None]:
    """The wire value of what was typed, and the first problem of the text itself (or None)."""
    if spec.kind in (FieldKind.STRING, FieldKind.SQL, FieldKind.ENUM):
        return (text if spec.kind is FieldKind.SQL else text.strip()), None
    if spec.kind is FieldKind.INTEGER:
        stripped = text.strip()
        if not stripped:
            return None, None
        number = as_int(stripped)
        return (number, None) if number is not None else (stripped, f"{spec.name}: a whole number")
    if spec.kind is FieldKind.STRING_LIST:
        return [part.strip() for part in text.split(",") if part.strip()], None
    if spec.kind is FieldKind.COLUMNS:
        columns = []
        for line in text.splitlines():
            if not line.strip():
                continue
            name, _, kind = line.partition(":")
            columns.append({"name": name.strip(), "type": kind.strip() or "string"})
        return columns, None
    return _parse_items(spec, text, parents, original)


def _parse_items(
    spec: FieldSpec, text: str, parents: Mapping[int, str], original: Any
) -> tuple[list[dict[str, Any]], str | None]:
    keys = _item_keys(spec, original)
    items: list[dict[str, Any]] = []
    problem: str | None = None
    lines = [line for line in text.splitlines() if line.strip()]
    for number, line in enumerate(lines, start=1):
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != len(spec.items):
            words = ITEM_SEPARATOR.join("parent" if s.parent_ref else s.name for s in spec.items)
            problem = problem or f"{spec.name}, line {number}: write {words}"
            parts = (parts + [""] * len(spec.items))[: len(spec.items)]
        item: dict[str, Any] = {}
        for item_spec, key, part in zip(spec.items, keys, parts, strict=True):
            if item_spec.parent_ref:
                item[key] = _ref_value(part, parents)
            elif item_spec.kind is FieldKind.INTEGER:
                item[key] = as_int(part) if as_int(part) is not None else part
            else:
                item[key] = part
        items.append(item)
    return items, problem


def _item_keys(spec: FieldSpec, original: Any) -> list[str]:
    """The key each item field is written under: the one the original items used, else the published one."""
    keys = []
    for item_spec in spec.items:
        key = item_spec.name
        if isinstance(original, list):
            for item in original:
                if isinstance(item, dict):
                    key = next((k for k in item_spec.keys if k in item), key)
                    break
        keys.append(key)
    return keys


@dataclass(frozen=True)
class NodeDraft:
    """A node's name and one text per field of its type; ``base`` is the node as it was."""

    base: Mapping[str, Any]
    name: str = ""
    texts: Mapping[str, str] = field(default_factory=dict)
    parents: Mapping[int, str] = field(default_factory=dict, compare=False)

    @classmethod
    def from_node(cls, node: Mapping[str, Any], parents: Mapping[int, str]) -> NodeDraft:
        spec = cls.spec_of(node)
        texts = {f.name: field_text(f, node.get(f.name), parents) for f in spec.fields} if spec else {}
        name = node.get("name")
        return cls(base=dict(node), name=name if isinstance(name, str) else "", texts=texts, parents=parents)

    @classmethod
    def from_body(cls, body: Any, base: NodeDraft) -> NodeDraft:
        """A node edited as JSON; its ``id`` and ``type`` stay (the graph and the form depend on them)."""
        data = object_of(body, "")
        for key in ("id", "type"):
            if key in data and data[key] != base.base.get(key):
                raise DraftError(key, f"stays {base.base.get(key)!r}; add a new node for another type")
        if "name" in data and not isinstance(data["name"], str):
            raise DraftError("name", "expected text")
        return cls.from_node({**base.base, **data}, base.parents)

    @staticmethod
    def spec_of(node: Mapping[str, Any]) -> JobNodeSpec | None:
        return node_spec(str(node.get("type")))

    @property
    def spec(self) -> JobNodeSpec | None:
        return self.spec_of(self.base)

    def fields(self) -> Sequence[FieldSpec]:
        spec = self.spec
        return spec.fields if spec else ()

    def _value(self, spec: FieldSpec) -> tuple[Any, str | None]:
        text = self.texts.get(spec.name, "")
        original = self.base.get(spec.name)
        if text == field_text(spec, original, self.parents):
            return original, None
        return parse_field(spec, text, self.parents, original)

    def node(self) -> Node:
        """The node as JSON: the original object with the typed fields laid over it."""
        built: Node = dict(self.base)
        built["name"] = self.name.strip()
        spec = self.spec
        for field_spec in self.fields():
            value, _problem = self._value(field_spec)
            optional = spec is not None and field_spec in spec.optional
            if optional and (value is None or value == ""):
                built.pop(field_spec.name, None)
            else:
                built[field_spec.name] = value
        return built

    def problems(self) -> dict[str, str]:
        """Per form field: what is wrong with the typed text or the value it makes.

        Fields that point at parents (a join's sides, SQL aliases) are checked with the graph
        instead, in the job form: parents are set there (``p``), after the node exists.
        """
        found: dict[str, str] = {}
        spec = self.spec
        for field_spec in self.fields():
            value, problem = self._value(field_spec)
            optional = spec is not None and field_spec in spec.optional
            refers = field_spec.parent_ref or any(item.parent_ref for item in field_spec.items)
            if problem is None and not refers and not (optional and (value is None or value == "")):
                problem = value_problem(field_spec, value)
            if problem:
                found[field_spec.name] = problem
        return found
