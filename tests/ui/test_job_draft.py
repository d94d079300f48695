"""The job form's rules without a screen: bodies sent, graph rules and their node-naming messages."""

from __future__ import annotations

from typing import Any

import pytest

from dftui.api.contract import JOB_NODE_SPECS, NodeCategory
from dftui.ui.drafts.fields import DraftError, next_version_name
from dftui.ui.drafts.job import JobDraft
from dftui.ui.drafts.job_nodes import (
    graph_problems,
    move_node,
    names_by_id,
    new_node,
    node_problems,
    remove_node,
    set_parents,
)
from dftui.ui.drafts.node_draft import NodeDraft
from dftui.ui.drafts.run_settings import RunSettingsDraft

NOW = 1_764_288_000_000


def source(node_id: int = 1_000_000_000_001, name: str = "Orders") -> dict[str, Any]:
    return {
        "id": node_id,
        "name": name,
        "type": "SOURCE_OBS",
        "parentNodeIds": [],
        "regionNo": "1",
        "bucketName": "sales",
        "prefix": "orders/",
        "dataType": "CSV",
        "fieldList": [{"name": "id", "type": "long"}],
    }


def filter_node(node_id: int, parents: list[int], name: str = "Filter orders") -> dict[str, Any]:
    return {
        "id": node_id,
        "name": name,
        "type": "TRANSFORM_FILTER",
        "parentNodeIds": parents,
        "filterType": "AND",
        "filterConditionList": [{"name": "id", "value": "0", "operator": "GT"}],
    }


def target(node_id: int, parents: list[int], name: str = "Mart") -> dict[str, Any]:
    return {
        "id": node_id,
        "name": name,
        "type": "TARGET_OBS",
        "parentNodeIds": parents,
        "regionNo": "1",
        "bucketName": "mart",
        "prefix": "daily/",
        "dataType": "PARQUET",
        "fieldList": [{"name": "id", "type": "long"}],
    }


S, F, T = 1_000_000_000_001, 1_000_000_000_002, 1_000_000_000_003
GRAPH = (source(S), filter_node(F, [S]), target(T, [F]))


def draft(**changes: Any) -> JobDraft:
    return JobDraft(name="daily_orders", nodes=GRAPH).with_values(**changes)


# ------------------------------------------------------------------ names and fields


def test_a_complete_graph_has_no_problems() -> None:
    assert draft().problems() == {}


@pytest.mark.parametrize("name", ["", "ab", "1abc", "has space", "x" * 101])
def test_the_name_rule_is_checked(name: str) -> None:
    assert "name" in draft(name=name).problems()


def test_max_concurrent_runs_is_at_least_one() -> None:
    assert "max_concurrent_runs" in draft(max_concurrent_runs="0").problems()
    assert "max_concurrent_runs" not in draft(max_concurrent_runs="3").problems()


def test_run_settings_problems_use_their_own_field_keys() -> None:
    problems = draft(settings=RunSettingsDraft(num_worker="11", timeout="0")).problems()
    assert {"num_worker", "timeout"} <= problems.keys()


# ------------------------------------------------------------------ graph rules, naming the node


def nodes_problem(nodes: tuple[dict[str, Any], ...], **changes: Any) -> str:
    return draft(nodes=nodes, **changes).problems().get("nodes", "")


def test_a_transform_without_parents_is_named() -> None:
    message = nodes_problem((source(S), filter_node(F, []), target(T, [F])))
    assert "Node 'Filter orders' (TRANSFORM_FILTER): needs 1 parent; has none" in message


def test_an_empty_required_field_is_named() -> None:
    empty = {**source(S), "bucketName": ""}
    message = nodes_problem((empty, filter_node(F, [S]), target(T, [F])))
    assert "Node 'Orders' (SOURCE_OBS): bucketName is required" in message


def test_a_bad_enum_value_is_named() -> None:
    bad = {**source(S), "dataType": "XML"}
    assert "Node 'Orders' (SOURCE_OBS): dataType: one of JSON, CSV, PARQUET, NDJSON" in nodes_problem(
        (bad, filter_node(F, [S]), target(T, [F]))
    )


def test_a_source_with_parents_is_refused() -> None:
    other = source(1_000_000_000_009, "Customers")
    sourced = {**source(S), "parentNodeIds": [other["id"]]}
    message = nodes_problem((other, sourced, filter_node(F, [S]), target(T, [F])))
    assert "Node 'Orders' (SOURCE_OBS): a source takes no parents" in message


def test_an_unknown_parent_id_is_named() -> None:
    message = nodes_problem((source(S), filter_node(F, [42]), target(T, [F])))
    assert "Node 'Filter orders' (TRANSFORM_FILTER): parent 42 is not a node of this job" in message


def test_a_target_cannot_be_a_parent() -> None:
    message = nodes_problem((source(S), target(T, [S]), filter_node(F, [T]), target(4, [F], "Other")))
    assert "parent 'Mart' is a target" in message


def test_a_cycle_is_named_with_its_nodes() -> None:
    a, b = filter_node(F, [S, 7], "A"), filter_node(7, [F], "B")
    message = nodes_problem((source(S), a, b, target(T, [b["id"]])))
    assert "The nodes form a cycle" in message
    assert "'A'" in message and "'B'" in message


def join(left: int | None, right: int | None, parents: list[int]) -> dict[str, Any]:
    return {
        "id": 9,
        "name": "Orders with customers",
        "type": "TRANSFORM_JOIN",
        "parentNodeIds": parents,
        "joinType": "INNER",
        "leftNodeId": left,
        "rightNodeId": right,
        "joinConditionList": [
            {"leftField": "id", "rightField": "id", "joinOperator": "EQ", "conditionOperator": "HEAD"}
        ],
    }


def test_join_sides_must_be_among_the_parents() -> None:
    other = source(5, "Customers")
    message = nodes_problem((source(S), other, join(S, 77, [S, 5]), target(T, [9])))
    assert "Node 'Orders with customers' (TRANSFORM_JOIN): rightNodeId must be one of its parents" in message
    assert nodes_problem((source(S), other, join(S, 5, [S, 5]), target(T, [9]))) == ""


def test_sql_source_names_must_be_parents() -> None:
    sql = {
        "id": 9,
        "name": "Query",
        "type": "TRANSFORM_SQL",
        "parentNodeIds": [S],
        "sourceNameList": [{"parentId": 123, "newName": "o"}],
        "sql": "SELECT * FROM o",
    }
    message = nodes_problem((source(S), sql, target(T, [9])))
    assert (
        "Node 'Query' (TRANSFORM_SQL): sourceNameList, item 1: parentId is not one of its parents" in message
    )


def test_union_needs_two_inputs() -> None:
    union = {"id": 9, "name": "All", "type": "TRANSFORM_UNION", "parentNodeIds": [S], "unionType": "ALL"}
    assert "Node 'All' (TRANSFORM_UNION): needs 2 parents; has 1" in nodes_problem(
        (source(S), union, target(T, [9]))
    )


def test_duplicate_ids_are_refused() -> None:
    message = nodes_problem((source(S), filter_node(S, [S]), target(T, [S])))
    assert f"id {S} is used by another node" in message


def test_a_complete_job_needs_a_source_and_a_target_except_as_a_draft() -> None:
    only_source = (source(S),)
    assert "at least one target node" in nodes_problem(only_source)
    assert nodes_problem(only_source, as_draft=True) == ""
    assert nodes_problem(()) == ""  # no nodes at all: the service keeps it as a DRAFT


def test_a_draft_still_checks_each_node() -> None:
    assert "bucketName is required" in nodes_problem(({**source(S), "bucketName": ""},), as_draft=True)


def test_script_jobs_ignore_the_graph() -> None:
    assert draft(type="SCRIPT", nodes=(filter_node(F, []),)).problems() == {}


def test_legacy_node_types_are_kept_unchecked() -> None:
    legacy = {"id": 8, "name": "Old", "type": "TRANSFORM_DROP_NULL", "parentNodeIds": [S], "x": 1}
    nodes = (source(S), legacy, target(T, [8]))
    assert node_problems(legacy, nodes) == []
    assert draft(nodes=nodes).create_body()["nodes"][1] == legacy


# ------------------------------------------------------------------ node helpers


def test_new_nodes_get_unique_epoch_ms_ids_readable_names_and_required_fields() -> None:
    first = new_node("TRANSFORM_FILTER", GRAPH, [S], now_ms=NOW)
    assert len(str(first["id"])) == 13 and first["id"] not in {n["id"] for n in GRAPH}
    assert first["name"] == "Filter"
    assert first["parentNodeIds"] == [S]
    assert first["filterType"] == "AND" and first["filterConditionList"] == []
    second = new_node("TRANSFORM_FILTER", (*GRAPH, first), [S], now_ms=NOW)
    assert second["id"] > first["id"] and second["name"] == "Filter 2"


def test_every_catalogue_type_can_be_added() -> None:
    for spec in JOB_NODE_SPECS:
        node = new_node(spec.type, GRAPH, [S], now_ms=NOW)
        assert set(spec.field_names[: len(spec.required)]) <= node.keys()
        if spec.category is NodeCategory.SOURCE:
            assert node["parentNodeIds"] == []


def test_a_new_join_and_sql_are_wired_to_their_parents() -> None:
    joined = new_node("TRANSFORM_JOIN", GRAPH, [S, F], now_ms=NOW)
    assert (joined["leftNodeId"], joined["rightNodeId"]) == (S, F)
    sql = new_node("TRANSFORM_SQL", GRAPH, [S], now_ms=NOW)
    assert sql["sourceNameList"] == [{"parentId": S, "newName": "orders"}]


def test_setting_parents_fills_an_empty_join_side() -> None:
    joined = new_node("TRANSFORM_JOIN", GRAPH, [S], now_ms=NOW)
    assert joined["rightNodeId"] is None
    rewired = set_parents(joined, [S, F], names_by_id(GRAPH))
    assert (rewired["leftNodeId"], rewired["rightNodeId"]) == (S, F)


def test_removing_a_node_drops_it_from_children_and_references() -> None:
    other = source(5, "Customers")
    nodes = (source(S), other, join(S, 5, [S, 5]), target(T, [9]))
    left = remove_node(nodes, 5)
    joined = next(n for n in left if n["id"] == 9)
    assert joined["parentNodeIds"] == [S]
    assert joined["rightNodeId"] is None
    assert [n["id"] for n in left] == [S, 9, T]


def test_moving_a_node_changes_the_order_only() -> None:
    moved = move_node(GRAPH, T, -1)
    assert [n["id"] for n in moved] == [S, T, F]
    assert move_node(GRAPH, S, -1) == GRAPH  # already first


def test_graph_problems_are_empty_for_a_valid_graph() -> None:
    assert graph_problems(GRAPH, complete=True) == []


# ------------------------------------------------------------------ bodies


def test_create_body_is_the_g3_shape_without_is_temp() -> None:
    body = draft(settings=RunSettingsDraft(num_worker="4", parameters="a=1")).create_body()
    assert body == {
        "name": "daily_orders",
        "type": "VISUAL",
        "maxConcurrentRuns": 1,
        "jobCondition": {"numWorker": 4, "parameters": {"a": "1"}},
        "nodes": list(GRAPH),
    }
    assert draft().create_body(draft=True)["isTemp"] is True


def test_a_script_job_sends_no_nodes() -> None:
    body = draft(type="SCRIPT").create_body()
    assert "nodes" not in body and body["type"] == "SCRIPT"


def saved(**extra: Any) -> dict[str, Any]:
    return {
        "jobId": "abc123def456",
        "name": "app_logs_daily_agg",
        "type": "DATAFLOW",
        "status": "READY",
        "maxConcurrentRuns": 2,
        "runCondition": {"numWorker": 3, "timeout": 60, "nrn": "nrn:x"},
        "nodes": list(GRAPH),
        "createdDate": "2026-11-01T00:00:00+09:00",
        **extra,
    }


def test_update_body_is_the_full_representation_with_the_reported_type() -> None:
    edit = JobDraft.from_job(saved())
    assert edit.job_id == "abc123def456" and edit.type == "VISUAL"
    body = edit.with_values(settings=edit.settings.with_values(num_worker="5")).update_body()
    assert body == {
        "type": "DATAFLOW",
        "name": "app_logs_daily_agg",
        "maxConcurrentRuns": 2,
        "jobCondition": {"numWorker": 5, "timeout": 60, "nrn": "nrn:x"},
        "nodes": list(GRAPH),
    }


def test_saving_a_former_draft_clears_is_temp() -> None:
    assert JobDraft.from_job(saved(status="DRAFT")).update_body()["isTemp"] is False
    assert JobDraft.from_job(saved(status="DRAFT")).update_body(draft=True)["isTemp"] is True


def test_the_type_of_a_saved_job_cannot_change() -> None:
    assert "type" in JobDraft.from_job(saved()).with_values(type="SCRIPT").problems()


def test_duplicate_suffixes_the_name_and_fits_100_characters() -> None:
    copy = JobDraft.duplicate(saved())
    assert copy.name == "app_logs_daily_agg_copy" and copy.job_id is None
    long = JobDraft.duplicate(saved(name="j" * 100))
    assert len(long.name) == 100 and long.name.endswith("_copy")


def test_a_duplicate_skips_the_names_in_use() -> None:
    taken = {"app_logs_daily_agg_copy", "app_logs_daily_agg_copy2"}
    assert JobDraft.duplicate(saved(), taken).name == "app_logs_daily_agg_copy3"
    long = JobDraft.duplicate(saved(name="j" * 100), {"j" * 95 + "_copy"})
    assert long.name == "j" * 94 + "_copy2"


def test_a_replacement_is_named_with_the_next_version() -> None:
    assert next_version_name("orders") == "orders_v2"
    assert next_version_name("orders_v2") == "orders_v3"
    assert next_version_name("orders", {"orders_v2", "orders_v3"}) == "orders_v4"
    assert next_version_name("x" * 100) == "x" * 97 + "_v2"


def test_verify_body_has_name_type_and_nodes() -> None:
    assert draft().verify_body() == {"name": "daily_orders", "type": "VISUAL", "nodes": list(GRAPH)}


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ([], ""),
        ({"type": "BATCH"}, "type"),
        ({"nodes": {}}, "nodes"),
        ({"nodes": [1]}, "nodes[0]"),
        ({"nodes": [{"id": "x", "type": "SOURCE_OBS"}]}, "nodes[0].id"),
        ({"nodes": [{"id": 1, "type": "SOURCE_OBS", "parentNodeIds": ["a"]}]}, "nodes[0].parentNodeIds"),
        ({"jobCondition": {"parameters": {"a": [1]}}}, "jobCondition.parameters.a"),
    ],
)
def test_from_body_names_the_json_path(body: Any, path: str) -> None:
    with pytest.raises(DraftError) as raised:
        JobDraft.from_body(body)
    assert raised.value.path == path


def test_from_body_round_trips_the_create_body() -> None:
    original = draft(description="orders", settings=RunSettingsDraft(timeout="30", parameters="k=v"))
    assert JobDraft.from_body(original.create_body()) == original


# ------------------------------------------------------------------ one node's text form


def test_node_draft_round_trips_every_field_kind_untouched() -> None:
    aggregate = {
        "id": 9,
        "name": "Totals",
        "type": "TRANSFORM_AGGREGATE",
        "parentNodeIds": [S],
        "groupByList": ["day"],
        "aggregateFieldList": [{"name": "amount", "resultName": "total", "function": "SUM", "extra": 1}],
    }
    node_draft = NodeDraft.from_node(aggregate, {S: "Orders"})
    assert node_draft.texts["aggregateFieldList"] == "amount | total | SUM"
    assert node_draft.node() == aggregate


def test_node_draft_parses_typed_lines_and_keeps_the_received_key_spelling() -> None:
    aggregate = {
        "id": 9,
        "name": "Totals",
        "type": "TRANSFORM_AGGREGATE",
        "parentNodeIds": [S],
        "groupByList": [],
        "aggregateFieldList": [{"name": "amount", "resultName": "total", "function": "SUM"}],
    }
    texts = {"groupByList": "day, shop", "aggregateFieldList": "amount | total | SUM\nqty | n | MAX"}
    node = NodeDraft(base=aggregate, name="Totals", texts=texts).node()
    assert node["groupByList"] == ["day", "shop"]
    assert node["aggregateFieldList"][1] == {"name": "qty", "resultName": "n", "function": "MAX"}


def test_node_draft_problems_name_the_line() -> None:
    base = filter_node(F, [S])
    texts = {"filterType": "AND", "filterConditionList": "id | 0"}
    problems = NodeDraft(base=base, name="f", texts=texts).problems()
    assert problems["filterConditionList"] == "filterConditionList, line 1: write name | value | operator"
    texts["filterConditionList"] = "id | 0 | ABOUT"
    problems = NodeDraft(base=base, name="f", texts=texts).problems()
    assert "operator: one of EQ" in problems["filterConditionList"]


def test_node_draft_columns_and_parent_names() -> None:
    sql = new_node("TRANSFORM_SQL", GRAPH, [S], now_ms=NOW)
    node_draft = NodeDraft.from_node(sql, {S: "Orders"})
    assert node_draft.texts["sourceNameList"] == "Orders | orders"
    texts = {**node_draft.texts, "sourceNameList": "Orders | o", "sql": "SELECT * FROM o"}
    assert NodeDraft(base=sql, name="q", texts=texts, parents={S: "Orders"}).node()["sourceNameList"] == [
        {"parentId": S, "newName": "o"}
    ]
    src = NodeDraft.from_node(source(S), {})
    columns = NodeDraft(base=source(S), name="s", texts={**src.texts, "fieldList": "id:long\nname"}).node()
    assert columns["fieldList"] == [{"name": "id", "type": "long"}, {"name": "name", "type": "string"}]
