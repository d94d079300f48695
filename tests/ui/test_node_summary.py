"""Node summaries of the job view: one per node type of the all-node-types example."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from dftui.api import models as m
from dftui.api.contract import JOB_NODE_TYPES
from dftui.ui.node_summary import SUMMARIES, node_settings, short_type

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "verifyJob.request.all-node-types.json"

# node type -> (short type, summary)
EXPECTED = {
    "SOURCE_OBS": ("obs", "sales-raw/orders · CSV"),
    "SOURCE_CATALOG": ("catalog", "sales.customers"),
    "SOURCE_CDB_MYSQL": ("cdb-mysql", "table refunds · connection mysql-conn-01"),
    "SOURCE_CDB_POSTGRESQL": ("cdb-postgresql", "table legacy_orders · connection pg-conn-01"),
    "TRANSFORM_JOIN": ("join", "LEFT_OUTER join on customer_id=customer_id"),
    "TRANSFORM_UNION": ("union", "union ALL"),
    "TRANSFORM_SQL": ("sql", "SELECT order_id, customer_id, amount, order_date …"),
    "TRANSFORM_DEFINE": ("define", "amount:double"),
    "TRANSFORM_SELECT": ("select", "4 cols: order_id, customer_id, amount_krw, order_date"),
    "TRANSFORM_FILTER": ("filter", "amount_krw > 0"),
    "TRANSFORM_RENAME": ("rename", "order_date→ordered_on"),
    "TRANSFORM_DROP_DUPLICATION": ("drop duplication", "dedupe on order_id"),
    "TRANSFORM_FILL_MISSING_VALUES": ("fill missing values", "customer_id=UNKNOWN"),
    "TRANSFORM_AGGREGATE": ("aggregate", "group by customer_id: SUM(amount_krw)"),
    "TARGET_OBS": ("obs", "sales-mart/customer_totals · PARQUET · overwrite"),
    "TARGET_CATALOG": ("catalog", "mart.customer_totals · append"),
    "TARGET_CDB_MYSQL": ("cdb-mysql", "table customer_totals · connection mysql-conn-01 · overwrite"),
    "TARGET_CDB_POSTGRESQL": ("cdb-postgresql", "table customer_totals · connection pg-conn-01 · ignore"),
}


def example_nodes() -> list[Any]:
    body = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    return list(m.JobVerify.model_validate(body).nodes)


def test_the_example_and_the_table_cover_every_node_type() -> None:
    assert sorted(node.type for node in example_nodes()) == sorted(JOB_NODE_TYPES)
    assert sorted(EXPECTED) == sorted(JOB_NODE_TYPES)


@pytest.mark.parametrize("node", example_nodes(), ids=lambda node: node.type)
def test_summary_per_node_type(node: Any) -> None:
    node_type = node.type
    assert type(node) in SUMMARIES, node_type
    assert (short_type(node_type), node_settings(node)) == EXPECTED[node_type]


def test_every_documented_node_class_has_its_own_summary() -> None:
    node_classes = {cls for cls in SUMMARIES if cls is not m.UnknownJobNode}
    assert {cls.model_fields["type"].default for cls in node_classes} == set(JOB_NODE_TYPES)


def test_empty_lists_and_missing_values_read_well() -> None:
    assert node_settings(m.TransformFilterNode(id=1)) == "no conditions"
    assert node_settings(m.TransformDropDuplicationNode(id=1)) == "dedupe on all columns"
    assert node_settings(m.TransformAggregateNode(id=1)) == "group by \N{EN DASH}: "
    assert node_settings(m.TransformSelectNode(id=1)) == ""
    join = m.TransformJoinNode(id=3, left_node_id=1, right_node_id=2)
    assert node_settings(join) == "INNER join on ?"
    many = m.TransformSelectNode(id=1, field_list=[m.Column(name=f"c{i}") for i in range(6)])
    assert node_settings(many) == "6 cols: c0, c1, c2, c3…"
    sql = m.TransformSqlNode(id=1, sql="\n\n  " + "x" * 80 + "\nSELECT 2")
    assert node_settings(sql) == "x" * 49 + "…"


def test_operators_read_as_signs_and_unknown_ones_verbatim() -> None:
    conditions = [m.FilterCondition(name="a", operator=op, value="1") for op in ("NE", "GTE", "LTE", "LIKE")]
    node = m.TransformFilterNode(id=1, filter_type="OR", filter_condition_list=conditions)
    assert node_settings(node) == "a ≠ 1 OR a ≥ 1 OR a ≤ 1 OR a LIKE 1"


def test_opaque_and_foreign_nodes_fall_back_to_an_empty_summary() -> None:
    legacy = m.Job.model_validate(
        {"jobId": "j" * 12, "nodes": [{"id": 1, "type": "TRANSFORM_DROP_NULL", "updateType": "APPEND"}]}
    ).nodes[0]
    assert isinstance(legacy, m.UnknownJobNode)
    assert node_settings(legacy) == ""
    assert short_type(legacy.type) == "drop null"
    assert short_type("SOMETHING_NEW") == "something new"
    assert node_settings(object()) == ""


def test_a_subclass_of_a_node_model_uses_its_base_summary() -> None:
    class TaggedUnion(m.TransformUnionNode):
        pass

    assert node_settings(TaggedUnion(id=1, union_type="DISTINCT")) == "union DISTINCT"


def test_the_module_never_imports_textual() -> None:
    code = "import sys, dftui.ui.node_summary; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
