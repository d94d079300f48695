"""Job detail: node graph, saved run configuration and live executions."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from dftui.api import models as m
from dftui.api.models import Job, JobCondition
from dftui.ui.format import DASH, first_line, timeout_text, workers_text
from dftui.ui.screens.graph_detail import GraphData, GraphDetailScreen
from dftui.ui.status import status_text

_CATEGORY_GLYPH = {"SOURCE": "◆", "TRANSFORM": "◇", "TARGET": "■", "UNKNOWN": "?"}


def _columns(fields: list[m.Column]) -> str:
    names = [f.name for f in fields]
    if not names:
        return ""
    shown = ", ".join(names[:4])
    return f"{len(names)} cols: {shown}" + ("…" if len(names) > 4 else "")


def node_settings(node: Any) -> str:
    """The few settings that identify what a node does."""
    kind = node.type
    parts: list[str] = []
    if kind in ("SOURCE_OBS", "TARGET_OBS"):
        parts.append(f"{node.bucket_name}/{node.prefix}".rstrip("/"))
        parts.append(node.data_type)
    elif kind in ("SOURCE_CATALOG", "TARGET_CATALOG"):
        parts.append(f"{node.database}.{node.table}")
    elif kind in ("SOURCE_CDB_MYSQL", "SOURCE_CDB_POSTGRESQL", "TARGET_CDB_MYSQL", "TARGET_CDB_POSTGRESQL"):
        parts.append(f"table {node.table}")
        parts.append(f"connection {node.connection_id}")
    elif kind == "TRANSFORM_JOIN":
        conditions = " and ".join(f"{c.left_field}={c.right_field}" for c in node.join_condition_list)
        parts.append(f"{node.join_type} join on {conditions or '?'}")
    elif kind == "TRANSFORM_FILTER":
        ops = {"EQ": "=", "NE": "≠", "GT": ">", "LT": "<", "GTE": "≥", "LTE": "≤"}
        joined = f" {node.filter_type} ".join(
            f"{c.name} {ops.get(c.operator, c.operator)} {c.value}" for c in node.filter_condition_list
        )
        parts.append(joined or "no conditions")
    elif kind == "TRANSFORM_SQL":
        parts.append(first_line(node.sql, 50))
    elif kind == "TRANSFORM_UNION":
        parts.append(f"union {node.union_type}")
    elif kind == "TRANSFORM_AGGREGATE":
        functions = ", ".join(f"{f.function}({f.name})" for f in node.aggregate_field_list)
        parts.append(f"group by {', '.join(node.group_by_list) or DASH}: {functions}")
    elif kind == "TRANSFORM_RENAME":
        parts.append(", ".join(f"{f.name}→{f.new_name}" for f in node.rename_field_list))
    elif kind == "TRANSFORM_DEFINE":
        parts.append(", ".join(f"{f.name}:{f.new_type}" for f in node.define_field_list))
    elif kind == "TRANSFORM_DROP_DUPLICATION":
        parts.append("dedupe on " + (", ".join(node.drop_field_list) or "all columns"))
    elif kind == "TRANSFORM_FILL_MISSING_VALUES":
        parts.append(", ".join(f"{f.name}={f.default_value}" for f in node.missing_value_field_list))
    elif kind == "TRANSFORM_SELECT":
        parts.append(_columns(node.field_list))
    update_type = getattr(node, "update_type", None)
    if update_type:
        parts.append(update_type.lower())
    return " · ".join(p for p in parts if p)


def build_job_tree(tree: Tree[Any], job: Job) -> None:
    """Sources → transforms → targets.

    A node with several inputs (a join, a union, SQL over two sources) sits under its first
    input with ``+ other`` right after its name, and each other input gets a ``→ node`` leaf,
    so both inputs visibly lead to it and neither looks like a dead end.
    """
    tree.clear()
    root = tree.root
    root.set_label(Text(job.name, style="bold"))
    if not job.nodes:
        root.add_leaf(Text("script job: no node graph" if not job.is_visual else "no nodes yet", style="dim"))
        root.expand()
        return
    by_id = {node.id: node for node in job.nodes}
    anchors: dict[int, TreeNode[Any]] = {}
    pending = list(job.nodes)
    while pending:
        progressed = False
        for node in list(pending):
            parents = [p for p in node.parent_node_ids if p in by_id]
            if any(p not in anchors for p in parents):
                continue
            parent = anchors[parents[0]] if parents else root
            anchors[node.id] = parent.add(_node_label(node, parents, by_id), data=node, expand=True)
            for other in parents[1:]:
                anchors[other].add_leaf(_joins_label(node, by_id[parents[0]]), data=node)
            pending.remove(node)
            progressed = True
        if not progressed:  # cycle: show the rest flat
            for node in pending:
                anchors[node.id] = root.add(_node_label(node, [], by_id), data=node, expand=True)
            break
    for anchor in anchors.values():
        if not anchor.children:
            anchor.allow_expand = False
    root.expand_all()


def short_type(node_type: str) -> str:
    """``TRANSFORM_FILL_MISSING_VALUES`` -> ``fill missing values``; the glyph shows the category."""
    for prefix in ("SOURCE_", "TRANSFORM_", "TARGET_"):
        if node_type.startswith(prefix):
            node_type = node_type[len(prefix) :]
            break
    return node_type.replace("_", " ").lower().replace("cdb ", "cdb-")


def _node_label(node: Any, parents: list[int], by_id: dict[int, Any]) -> Text:
    category = m.node_category(node)
    label = Text(_CATEGORY_GLYPH.get(category, "?") + " ", style="bold")
    label.append(node.name or str(node.id))
    if len(parents) > 1:  # before the settings, so a narrow panel never cuts it off
        others = ", ".join(by_id[p].name or str(p) for p in parents[1:])
        label.append(f"  + {others}", style="bold italic")
    label.append(f"  {short_type(node.type)}", style="dim")
    settings = node_settings(node)
    if settings:
        label.append(f"  {settings}")
    return label


def _joins_label(node: Any, first_input: Any) -> Text:
    """The leaf under a second input: where it goes, and where that node is drawn."""
    label = Text("→ ", style="bold")
    label.append(node.name or str(node.id))
    label.append(f"  (drawn under {first_input.name or first_input.id})", style="dim italic")
    return label


def condition_rows(condition: JobCondition | None) -> list[tuple[str, str]]:
    """The saved run configuration as label/value pairs."""
    if condition is None:
        return [("Run config", "none saved")]
    rows = [
        ("Workers", workers_text(condition)),
        ("Timeout", timeout_text(condition)),
        ("Role", condition.nrn or DASH),
        ("Script", condition.script_path or DASH),
        ("Logs", condition.log_path or DASH),
    ]
    for key, value in (condition.parameters or {}).items():
        rows.append((f"  {key}", value))
    return rows


def info_table(rows: list[tuple[str, str | Text]]) -> Table:
    """Two columns; long values fold inside their column."""
    table = Table(box=None, show_header=False, padding=(0, 1), expand=True)
    table.add_column("field", style="bold", no_wrap=True)
    table.add_column("value", overflow="fold", ratio=1)
    for label, value in rows:
        table.add_row(label, value)
    return table


class JobDetailScreen(GraphDetailScreen[Job]):
    screen_title = "Job"
    graph_title = "Node graph  ◆ source  ◇ transform  ■ target"
    info_title = "Run configuration"
    show_job_column = False

    @property
    def job(self) -> Job | None:
        return self.resource

    async def fetch(self) -> GraphData[Job]:
        client = self.session.client
        job = await client.get_job_by_id(self.resource_id)
        page = await client.get_job_executions(self.resource_id)
        return GraphData(job, list(page.items))

    def owns_execution_of(self, job_id: str) -> bool:
        return job_id == self.resource_id

    def draw_graph(self, tree: Tree[Any], data: GraphData[Job]) -> None:
        build_job_tree(tree, data.resource)

    def describe(self, data: GraphData[Job]) -> Table:
        job = data.resource
        rows: list[tuple[str, str | Text]] = [
            ("ID", job.job_id),
            ("Type", job.type or DASH),
            ("Status", status_text(job.status)),
            ("Updated", self.session.times.full(job.updated_date)),
        ]
        rows += condition_rows(job.job_condition)
        return info_table(rows)
