"""Drift test: the contract table, the client's models and the emulator must say the same thing.

``dftui.api.contract`` declares every vocabulary and, per job-node type, its category and its
required and optional fields. This file fails as soon as one of the three sides moves alone:

* the models: one node class per contract type, whose aliased fields are exactly the contract's
  fields (item classes too), whose category matches and whose enum defaults are valid values;
* the emulator, through real signed requests: a minimal node built from the contract is accepted,
  and it is rejected with ``400 bad-parameter`` naming the field when one required field is missing
  or one vocabulary field holds a value outside its vocabulary (every other vocabulary's values are
  tried, so a vocabulary that grew or shrank on one side only is caught);
* the OpenAPI document the emulator serves: each node schema lists exactly the contract's fields,
  required ones as required, with the contract's enum values.
"""

from __future__ import annotations

import copy
import itertools
import types
import typing
from collections.abc import AsyncIterator, Iterator
from enum import StrEnum
from typing import Any

import pytest

from dftui.api import contract
from dftui.api import models as m
from dftui.api.contract import FieldKind, FieldSpec, JobNodeSpec, NodeCategory
from dftui.emulator.openapi_docs import COMPONENT_SCHEMAS
from tests.emulator.helpers import Api, empty_api

SPECS = contract.JOB_NODE_SPECS
SPEC_IDS = [spec.type for spec in SPECS]
VERIFY = "/api/v1/jobs/verify"
NAME = "contract_probe"

ALL_VOCABULARY_VALUES = sorted(
    {
        value
        for vocabulary in vars(contract).values()
        if isinstance(vocabulary, type) and issubclass(vocabulary, StrEnum) and vocabulary is not StrEnum
        for value in contract.values(vocabulary)
        if vocabulary not in (contract.NodeCategory, contract.FieldKind)
    }
    | {"", "csv", "Eq", "UNKNOWN_VALUE"}
)
"""Every value of every vocabulary, plus near misses: what a field's vocabulary is checked against."""


@pytest.fixture
async def api() -> AsyncIterator[Api]:
    """An empty in-process emulator, signed requests (the emulator tests' helpers)."""
    async with empty_api() as emulator_api:
        yield emulator_api


# ------------------------------------------------------------------ nodes built from the contract


def sample(field: FieldSpec, parent_ids: Iterator[int]) -> Any:
    """A valid value for one field, from its kind alone."""
    if field.kind is FieldKind.STRING:
        return "x"
    if field.kind is FieldKind.SQL:
        return "SELECT 1"
    if field.kind is FieldKind.INTEGER:
        if field.parent_ref:
            return next(parent_ids)
        return field.value_range.low if field.value_range else 1
    if field.kind is FieldKind.ENUM:
        return field.allowed[0]
    if field.kind is FieldKind.STRING_LIST:
        return ["c"]
    if field.kind is FieldKind.COLUMNS:
        return [dict.fromkeys(contract.COLUMN_KEYS, "string")]
    assert field.kind is FieldKind.OBJECT_LIST, field.kind
    return [{item.name: sample(item, parent_ids) for item in field.items}]


def minimal_node(
    spec: JobNodeSpec, node_id: int, parents: list[int], *, optional: bool = False
) -> dict[str, Any]:
    """Common fields plus the required fields (and the optional ones if asked), valid values."""
    parent_ids = itertools.cycle(parents or [0])
    node: dict[str, Any] = {"id": node_id, "name": spec.type.lower(), "type": spec.type}
    node["parentNodeIds"] = list(parents)
    for field in spec.required + (spec.optional if optional else ()):
        node[field.name] = sample(field, parent_ids)
    return node


def first_of(category: NodeCategory) -> JobNodeSpec:
    return next(spec for spec in SPECS if spec.category is category)


UNDER_TEST = 2
"""Index of the node under test in every graph :func:`graph` builds."""


def graph(spec: JobNodeSpec, *, optional: bool = False) -> list[dict[str, Any]]:
    """A complete job around one node: two sources, the node, then a target when it is not one."""
    source, target = first_of(NodeCategory.SOURCE), first_of(NodeCategory.TARGET)
    parents = [] if spec.category is NodeCategory.SOURCE else [1, 2]
    nodes = [
        minimal_node(source, 1, []),
        minimal_node(source, 2, []),
        minimal_node(spec, 10, parents, optional=optional),
    ]
    if spec.category is not NodeCategory.TARGET:
        nodes.append(minimal_node(target, 20, [10]))
    return nodes


async def verify(api: Api, nodes: list[dict[str, Any]]) -> tuple[int, Any]:
    response = await api.call("POST", VERIFY, body={"name": NAME, "type": "VISUAL", "nodes": nodes})
    return response.status_code, response.json()


def bad_parameter(field: str, value: str) -> tuple[int, str, str]:
    return 400, "bad-parameter", f"{{{field}={value}}}: Check the parameters."


def answer(status: int, body: Any) -> tuple[int, Any, Any] | tuple[int, Any]:
    if status == 200:
        return status, body
    return status, body.get("errorType"), body.get("detail")


def enum_fields(spec: JobNodeSpec) -> Iterator[tuple[FieldSpec, FieldSpec | None]]:
    """``(field, None)`` for an enum field of the node, ``(list field, item)`` for an enum item."""
    for field in spec.fields:
        if field.kind is FieldKind.ENUM:
            yield field, None
        for item in field.items:
            if item.kind is FieldKind.ENUM:
                yield field, item


# ------------------------------------------------------------------ contract <-> models


def _union_members(annotation: Any) -> list[Any]:
    if typing.get_origin(annotation) is typing.Annotated:
        return _union_members(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [member for arg in typing.get_args(annotation) for member in _union_members(arg)]
    return [annotation]


NODE_CLASSES = [cls for cls in _union_members(m.JobNode) if cls is not m.UnknownJobNode]
COMMON = set(contract.JOB_NODE_COMMON_FIELDS)


def literal_type(cls: type[m.ApiModel]) -> str:
    (value,) = typing.get_args(cls.model_fields["type"].annotation)
    return str(value)


def aliases(cls: type[m.ApiModel]) -> set[str]:
    return {info.alias or name for name, info in cls.model_fields.items()}


def list_item_class(cls: type[m.ApiModel], alias: str) -> type[m.ApiModel]:
    (info,) = [info for info in cls.model_fields.values() if info.alias == alias]
    args = typing.get_args(info.annotation)
    assert typing.get_origin(info.annotation) is list and args, (cls.__name__, alias, info.annotation)
    return typing.cast(type[m.ApiModel], args[0])


def test_every_contract_type_has_exactly_one_model_class_and_back() -> None:
    by_type: dict[str, list[str]] = {}
    for cls in NODE_CLASSES:
        by_type.setdefault(literal_type(cls), []).append(cls.__name__)
    assert {t: len(names) for t, names in by_type.items()} == dict.fromkeys(contract.JOB_NODE_TYPES, 1)
    assert m.JOB_NODE_TYPES == contract.JOB_NODE_TYPES
    assert aliases(m.UnknownJobNode) == COMMON


@pytest.mark.parametrize("cls", NODE_CLASSES, ids=lambda cls: cls.__name__)
def test_model_fields_category_and_defaults_match_the_contract(cls: type[m.ApiModel]) -> None:
    spec = contract.node_spec(literal_type(cls))
    assert spec is not None
    assert aliases(cls) - COMMON == set(spec.field_names)
    assert aliases(cls) >= COMMON
    assert spec.category.value == cls.CATEGORY  # type: ignore[attr-defined]
    by_alias = {info.alias: info for info in cls.model_fields.values()}
    for field in spec.optional:  # an optional field the server never sent stays absent
        assert by_alias[field.name].default is None, field.name
    for field in spec.fields:
        default = by_alias[field.name].default
        if field.kind is FieldKind.ENUM and default is not None:
            assert default in field.allowed, (field.name, default)
        if field.kind is FieldKind.COLUMNS:
            assert list_item_class(cls, field.name) is m.Column
        if field.kind is FieldKind.OBJECT_LIST:
            item_cls = list_item_class(cls, field.name)
            assert aliases(item_cls) == {item.name for item in field.items}, item_cls.__name__
            for item in field.items:
                item_default = item_cls.model_fields[_field_name(item_cls, item.name)].default
                if item.kind is FieldKind.ENUM and isinstance(item_default, str):
                    assert item_default in item.allowed, (item_cls.__name__, item.name)
                for alias in item.aliases:  # another accepted key parses into the same field
                    entry = sample(field, itertools.cycle([1]))[0]
                    del entry[item.name]
                    parsed = item_cls.model_validate({**entry, alias: "a"})
                    assert parsed.model_dump(by_alias=True)[item.name] == "a", alias


def _field_name(cls: type[m.ApiModel], alias: str) -> str:
    return next(name for name, info in cls.model_fields.items() if (info.alias or name) == alias)


def test_column_model_has_the_contract_keys() -> None:
    assert aliases(m.Column) == set(contract.COLUMN_KEYS)


@pytest.mark.parametrize("spec", SPECS, ids=SPEC_IDS)
def test_a_minimal_contract_node_parses_into_its_model_class(spec: JobNodeSpec) -> None:
    job = m.JobVerify.model_validate({"name": NAME, "nodes": graph(spec, optional=True)})
    node = job.nodes[UNDER_TEST]
    assert type(node).__name__ != "UnknownJobNode" and node.type == spec.type
    assert m.node_category(node) == spec.category.value
    sent = graph(spec, optional=True)[UNDER_TEST]
    assert node.to_json() == sent  # every contract field round-trips under its JSON name


def test_models_use_the_contract_vocabularies() -> None:
    for name in (
        "ExecutionStatus",
        "ExecutionType",
        "JobStatus",
        "JobType",
        "TriggerType",
        "TriggerRuleType",
        "Interval",
        "DayOfWeek",
        "WorkflowNodeType",
        "FINAL_EXECUTION_STATUSES",
        "LIVE_EXECUTION_STATUSES",
        "RUNNABLE_JOB_STATUSES",
        "SOURCE_NODE_TYPES",
        "TRANSFORM_NODE_TYPES",
        "TARGET_NODE_TYPES",
    ):
        assert getattr(m, name) is getattr(contract, name), name


# ------------------------------------------------------------------ contract <-> emulator


@pytest.mark.parametrize("spec", SPECS, ids=SPEC_IDS)
async def test_emulator_accepts_a_minimal_node_with_or_without_optional_fields(
    api: Api, spec: JobNodeSpec
) -> None:
    assert await verify(api, graph(spec)) == (200, True)
    assert await verify(api, graph(spec, optional=True)) == (200, True)


@pytest.mark.parametrize("spec", SPECS, ids=SPEC_IDS)
async def test_emulator_rejects_a_node_missing_any_required_field(api: Api, spec: JobNodeSpec) -> None:
    for field in spec.required:
        nodes = graph(spec)
        del nodes[UNDER_TEST][field.name]
        assert answer(*await verify(api, nodes)) == bad_parameter(f"nodes[{UNDER_TEST}].{field.name}", "null")
    for field in spec.fields:
        for item in field.items:
            nodes = graph(spec, optional=True)
            del nodes[UNDER_TEST][field.name][0][item.name]
            where = f"nodes[{UNDER_TEST}].{field.name}[0].{item.name}"
            assert answer(*await verify(api, nodes)) == bad_parameter(where, "null")


@pytest.mark.parametrize("spec", SPECS, ids=SPEC_IDS)
async def test_emulator_enforces_exactly_the_contract_vocabularies(api: Api, spec: JobNodeSpec) -> None:
    for field, item in enum_fields(spec):
        target = item or field
        where = f"nodes[{UNDER_TEST}].{field.name}" + (f"[0].{item.name}" if item else "")
        for value in ALL_VOCABULARY_VALUES:
            nodes = graph(spec, optional=True)
            if item is None:
                nodes[UNDER_TEST][field.name] = value
            else:
                nodes[UNDER_TEST][field.name][0][item.name] = value
            expected = (200, True) if value in target.allowed else bad_parameter(where, value)
            assert answer(*await verify(api, nodes)) == expected, (where, value)


@pytest.mark.parametrize("spec", SPECS, ids=SPEC_IDS)
async def test_emulator_enforces_the_input_counts_and_parent_references(api: Api, spec: JobNodeSpec) -> None:
    nodes = graph(spec)
    if spec.category is NodeCategory.SOURCE:
        nodes[UNDER_TEST]["parentNodeIds"] = [1]
        assert answer(*await verify(api, nodes))[:2] == (400, "bad-parameter")
        return
    nodes[UNDER_TEST]["parentNodeIds"] = [1, 2][: spec.min_parents - 1]
    assert answer(*await verify(api, nodes))[:2] == (400, "bad-parameter")
    refs = [(field, None) for field in spec.fields if field.parent_ref]
    refs += [(field, item) for field in spec.fields for item in field.items if item.parent_ref]
    for field, item in refs:
        nodes = graph(spec)
        if item is None:
            nodes[UNDER_TEST][field.name] = 20  # a node of the job, but not a parent
            where = f"nodes[{UNDER_TEST}].{field.name}"
        else:
            nodes[UNDER_TEST][field.name][0][item.name] = 20
            where = f"nodes[{UNDER_TEST}].{field.name}[0].{item.name}"
        if spec.category is NodeCategory.TARGET:
            nodes.append(minimal_node(first_of(NodeCategory.TARGET), 20, [1]))
        assert answer(*await verify(api, nodes)) == bad_parameter(where, "20")


async def test_emulator_applies_the_contract_name_rule(api: Api) -> None:
    nodes = graph(first_of(NodeCategory.TARGET))
    names = ["abc", "ab", "_ab", "1ab", "-ab", "a-b_c", "a b", "a" * 100, "a" * 101, "ab.c", "이름abc"]
    for name in names:
        response = await api.call("POST", VERIFY, body={"name": name, "type": "VISUAL", "nodes": nodes})
        assert (response.status_code == 200) is contract.NAME_RULE.matches(name), name
    assert not contract.NAME_RULE.matches("a" * (contract.NAME_RULE.max_length + 1))
    assert contract.NAME_RULE.matches("a" * contract.NAME_RULE.min_length)
    assert not contract.NAME_RULE.matches("a" * (contract.NAME_RULE.min_length - 1))


async def test_emulator_enforces_the_contract_execution_settings(api: Api) -> None:
    job = await api.script_job("contract_settings")
    target = f"/api/v1/jobs/{job['jobId']}/executions"
    settings = contract.JOB_CONDITION

    async def status(**condition: Any) -> int:
        return (await api.call("PUT", target, body={"jobCondition": condition})).status_code

    for value in ALL_VOCABULARY_VALUES:
        expected = 200 if value in contract.values(settings.worker_type) else 400
        assert await status(workerType=value) == expected, value
    for key, bounds in (("numWorker", settings.num_worker), ("timeout", settings.timeout_minutes)):
        assert [
            await status(**{key: n}) for n in (bounds.low - 1, bounds.low, bounds.high, bounds.high + 1)
        ] == [
            400,
            200,
            200,
            400,
        ], key
        assert bounds.default in bounds


async def test_emulator_enforces_the_contract_trigger_vocabularies(api: Api) -> None:
    names = (f"contract_trigger_{n}" for n in itertools.count())
    one_time = {"type": "ONE_TIME", "executionDate": "2027-01-01T10:00:00"}

    async def status(trigger_type: str, rule: dict[str, Any]) -> int:
        body = {"name": next(names), "type": trigger_type, "triggerRule": rule}
        return (await api.call("POST", "/api/v1/triggers", body=body)).status_code

    for value in ALL_VOCABULARY_VALUES:
        rule = one_time if value == contract.TriggerType.SCHEDULED else {"type": "NONE"}
        assert await status(value, rule) == (201 if value in contract.values(contract.TriggerType) else 400)
    extras: dict[str, dict[str, Any]] = {
        contract.Interval.HOUR: {"time": "05"},
        contract.Interval.WEEK: {"dayOfWeek": contract.values(contract.DayOfWeek)},
        contract.Interval.MONTH: {"dateOfMonth": "1"},
    }
    for value in ALL_VOCABULARY_VALUES:
        rule = {"type": "RECURRING", "interval": value, "time": "10:00", **extras.get(value, {})}
        assert await status("SCHEDULED", rule) == (
            201 if value in contract.values(contract.Interval) else 400
        )


# ------------------------------------------------------------------ contract <-> OpenAPI document


async def served_document(api: Api) -> dict[str, Any]:
    response = await api.call("GET", "/openapi.json", signed=False)
    assert response.status_code == 200
    return typing.cast(dict[str, Any], response.json())


def _node_schema_name(node_type: str) -> str:
    return "JobNode" + "".join(part.title() for part in node_type.split("_"))


async def test_openapi_node_schemas_list_exactly_the_contract_fields(api: Api) -> None:
    schemas = (await served_document(api))["components"]["schemas"]
    assert schemas == copy.deepcopy(COMPONENT_SCHEMAS) | schemas  # the served document is the module's
    assert set(schemas["JobNode"]["discriminator"]["mapping"]) == set(contract.JOB_NODE_TYPES)
    for spec in SPECS:
        schema = schemas[_node_schema_name(spec.type)]
        assert set(schema["properties"]) == COMMON | set(spec.field_names), spec.type
        assert set(schema["required"]) == COMMON | {f.name for f in spec.required}, spec.type
        assert schema["properties"]["type"] == {"type": "string", "const": spec.type}
        parents = schema["properties"]["parentNodeIds"]
        if spec.category is NodeCategory.SOURCE:
            assert parents["maxItems"] == 0
        else:
            assert parents["minItems"] == spec.min_parents
        for field in spec.fields:
            _check_field_schema(schema["properties"][field.name], field, spec.type)


def _check_field_schema(schema: dict[str, Any], field: FieldSpec, where: str) -> None:
    where = f"{where}.{field.name}"
    if field.kind is FieldKind.ENUM:
        assert schema["enum"] == list(field.allowed), where
    elif field.kind is FieldKind.OBJECT_LIST:
        items = schema["items"]
        assert set(items["properties"]) == {key for item in field.items for key in item.keys}, where
        assert set(items["required"]) == {item.name for item in field.items if not item.aliases}, where
        assert schema.get("minItems", 0) == field.min_items, where
        for item in field.items:
            for key in item.keys:
                _check_field_schema(items["properties"][key], item, where)
    else:
        expected = {
            FieldKind.STRING: "string",
            FieldKind.SQL: "string",
            FieldKind.INTEGER: "integer",
            FieldKind.STRING_LIST: "array",
            FieldKind.COLUMNS: "array",
        }[field.kind]
        assert schema["type"] == expected, where


async def test_openapi_vocabularies_and_ranges_are_the_contract_ones(api: Api) -> None:
    schemas = (await served_document(api))["components"]["schemas"]
    condition = schemas["JobConditionInput"]["properties"]
    settings = contract.JOB_CONDITION
    assert condition["workerType"]["enum"] == list(contract.values(settings.worker_type))
    for key, bounds in (("numWorker", settings.num_worker), ("timeout", settings.timeout_minutes)):
        assert (condition[key]["minimum"], condition[key]["maximum"]) == (bounds.low, bounds.high)
        assert condition[key]["default"] == bounds.default
    assert schemas["Job"]["properties"]["status"]["enum"] == list(contract.values(contract.JobStatus))
    assert schemas["Execution"]["properties"]["status"]["enum"] == list(
        contract.values(contract.ExecutionStatus)
    )
    assert schemas["Execution"]["properties"]["type"]["enum"] == list(contract.values(contract.ExecutionType))
    assert schemas["Trigger"]["properties"]["type"]["enum"] == list(contract.values(contract.TriggerType))
    assert schemas["TriggerRule"]["properties"]["interval"]["enum"] == list(
        contract.values(contract.Interval)
    )
    assert schemas["JobCreate"]["properties"]["type"]["enum"] == list(contract.values(contract.JobType))
    assert schemas["WorkflowNode"]["properties"]["type"]["enum"] == list(
        contract.values(contract.WorkflowNodeType)
    )
    assert schemas["JobCreate"]["properties"]["name"]["pattern"] == contract.NAME_RULE.pattern
    assert schemas["Field"]["required"] == list(contract.COLUMN_KEYS)
