"""One-line summaries of job nodes, for the node graph of the job view.

Each documented node model class (from :mod:`dftui.api.models`) maps to the function that says
what a node of that class does: adding a node type means adding its model class and one entry in
:data:`SUMMARIES`. A class that is not in the table (the opaque ``UnknownJobNode`` of a legacy or
future type, or anything else) gets an empty summary instead of an error, so an unexpected node
never stops the view from drawing.

Headless: this module reads models only and never imports Textual, the app or a screen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from dftui.api import models as m
from dftui.api.contract import NodeCategory, Operator

__all__ = ["CATEGORY_GLYPHS", "GRAPH_LEGEND", "SUMMARIES", "category_glyph", "node_settings", "short_type"]

CATEGORY_GLYPHS: dict[str, str] = {"SOURCE": "◆", "TRANSFORM": "◇", "TARGET": "■"}
"""How a node's category is drawn, in the detail view and in the job form alike."""
GRAPH_LEGEND = "◆ source  ◇ transform  ■ target"


def category_glyph(category: str | None) -> str:
    """The glyph of a node category; ``?`` for a type the catalogue does not know."""
    return CATEGORY_GLYPHS.get(category or "", "?")


DASH = "\N{EN DASH}"  # shown for "no value", as elsewhere in the UI
SEPARATOR = " \N{MIDDLE DOT} "
_MAX_COLUMNS = 4
_SQL_WIDTH = 50
_OPERATOR_SIGNS: dict[str, str] = {
    Operator.EQ.value: "=",
    Operator.NE.value: "\N{NOT EQUAL TO}",
    Operator.GT.value: ">",
    Operator.LT.value: "<",
    Operator.GTE.value: "\N{GREATER-THAN OR EQUAL TO}",
    Operator.LTE.value: "\N{LESS-THAN OR EQUAL TO}",
}

Summary = Callable[[Any], list[str]]
"""Gives the parts of one node's summary (empty parts are dropped when they are joined)."""


def _first_line(text: str | None, width: int) -> str:
    """First non-empty line, shortened with an ellipsis."""
    if not text:
        return ""
    line = next((part.strip() for part in text.splitlines() if part.strip()), "")
    return line if len(line) <= width else line[: width - 1] + "\N{HORIZONTAL ELLIPSIS}"


def _columns(fields: Sequence[m.Column]) -> str:
    names = [f.name for f in fields]
    if not names:
        return ""
    shown = ", ".join(names[:_MAX_COLUMNS])
    return f"{len(names)} cols: {shown}" + ("\N{HORIZONTAL ELLIPSIS}" if len(names) > _MAX_COLUMNS else "")


# ------------------------------------------------------------------ one function per node shape


def _object_storage(node: m.SourceObsNode | m.TargetObsNode) -> list[str]:
    return [f"{node.bucket_name}/{node.prefix}".rstrip("/"), node.data_type]


def _catalog(node: m.SourceCatalogNode | m.TargetCatalogNode) -> list[str]:
    return [f"{node.database}.{node.table}"]


def _cloud_db(
    node: m.SourceCdbMysqlNode | m.SourceCdbPostgresqlNode | m.TargetCdbMysqlNode | m.TargetCdbPostgresqlNode,
) -> list[str]:
    return [f"table {node.table}", f"connection {node.connection_id}"]


def _join(node: m.TransformJoinNode) -> list[str]:
    conditions = " and ".join(f"{c.left_field}={c.right_field}" for c in node.join_condition_list)
    return [f"{node.join_type} join on {conditions or '?'}"]


def _filter(node: m.TransformFilterNode) -> list[str]:
    joined = f" {node.filter_type} ".join(
        f"{c.name} {_OPERATOR_SIGNS.get(c.operator, c.operator)} {c.value}"
        for c in node.filter_condition_list
    )
    return [joined or "no conditions"]


def _sql(node: m.TransformSqlNode) -> list[str]:
    return [_first_line(node.sql, _SQL_WIDTH)]


def _union(node: m.TransformUnionNode) -> list[str]:
    return [f"union {node.union_type}"]


def _aggregate(node: m.TransformAggregateNode) -> list[str]:
    functions = ", ".join(f"{f.function}({f.name})" for f in node.aggregate_field_list)
    return [f"group by {', '.join(node.group_by_list) or DASH}: {functions}"]


def _rename(node: m.TransformRenameNode) -> list[str]:
    return [", ".join(f"{f.name}\N{RIGHTWARDS ARROW}{f.new_name}" for f in node.rename_field_list)]


def _define(node: m.TransformDefineNode) -> list[str]:
    return [", ".join(f"{f.name}:{f.new_type}" for f in node.define_field_list)]


def _drop_duplication(node: m.TransformDropDuplicationNode) -> list[str]:
    return ["dedupe on " + (", ".join(node.drop_field_list) or "all columns")]


def _fill_missing_values(node: m.TransformFillMissingValuesNode) -> list[str]:
    return [", ".join(f"{f.name}={f.default_value}" for f in node.missing_value_field_list)]


def _select(node: m.TransformSelectNode) -> list[str]:
    return [_columns(node.field_list)]


def _opaque(node: Any) -> list[str]:
    """Legacy and future node types: nothing is known about their fields, so nothing is said."""
    return []


SUMMARIES: dict[type[m.ApiModel], Summary] = {
    m.SourceObsNode: _object_storage,
    m.SourceCatalogNode: _catalog,
    m.SourceCdbMysqlNode: _cloud_db,
    m.SourceCdbPostgresqlNode: _cloud_db,
    m.TransformDefineNode: _define,
    m.TransformSelectNode: _select,
    m.TransformJoinNode: _join,
    m.TransformFilterNode: _filter,
    m.TransformUnionNode: _union,
    m.TransformAggregateNode: _aggregate,
    m.TransformRenameNode: _rename,
    m.TransformDropDuplicationNode: _drop_duplication,
    m.TransformFillMissingValuesNode: _fill_missing_values,
    m.TransformSqlNode: _sql,
    m.TargetObsNode: _object_storage,
    m.TargetCatalogNode: _catalog,
    m.TargetCdbMysqlNode: _cloud_db,
    m.TargetCdbPostgresqlNode: _cloud_db,
    m.UnknownJobNode: _opaque,
}
"""Node model class -> its summary. Looked up along the class's MRO, so a subclass inherits."""


def _summary_for(node: object) -> Summary:
    for cls in type(node).__mro__:
        summary = SUMMARIES.get(cls)
        if summary is not None:
            return summary
    return _opaque


def node_settings(node: Any) -> str:
    """The few settings that identify what a node does, e.g. ``sales-raw/orders · CSV · overwrite``.

    A target's ``updateType`` is added in lower case after its own summary.
    """
    parts = _summary_for(node)(node)
    update_type = getattr(node, "update_type", None)
    if update_type:
        parts.append(update_type.lower())
    return SEPARATOR.join(part for part in parts if part)


def short_type(node_type: str) -> str:
    """``TRANSFORM_FILL_MISSING_VALUES`` -> ``fill missing values``; the glyph shows the category."""
    for category in NodeCategory:
        prefix = category.value + "_"
        if node_type.startswith(prefix):
            node_type = node_type[len(prefix) :]
            break
    return node_type.replace("_", " ").lower().replace("cdb ", "cdb-")
