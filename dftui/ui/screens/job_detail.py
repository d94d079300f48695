"""Job detail: node graph, saved run configuration and live executions."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from dftui.api import models as m
from dftui.api.models import Job, JobCondition
from dftui.ui.format import DASH, timeout_text, workers_text
from dftui.ui.node_summary import GRAPH_LEGEND, category_glyph, node_settings, short_type
from dftui.ui.safe_text import clean, first_items, more_items, safe_cell, safe_text
from dftui.ui.screens.graph_detail import DETAIL_RUNS, GraphData, GraphDetailScreen
from dftui.ui.status import status_text


def build_job_tree(tree: Tree[Any], job: Job) -> None:
    """Sources → transforms → targets.

    A node with several inputs (a join, a union, SQL over two sources) sits under its first
    input with ``+ other`` right after its name, and each other input gets a ``→ node`` leaf,
    so both inputs visibly lead to it and neither looks like a dead end.
    """
    tree.clear()
    root = tree.root
    root.set_label(safe_text(job.name, "bold"))
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
            anchors[node.id] = parent.add(
                safe_cell(_node_label(node, parents, by_id)), data=node, expand=True
            )
            for other in parents[1:]:
                anchors[other].add_leaf(safe_cell(_joins_label(node, by_id[parents[0]])), data=node)
            pending.remove(node)
            progressed = True
        if not progressed:  # cycle: show the rest flat
            for node in pending:
                anchors[node.id] = root.add(safe_cell(_node_label(node, [], by_id)), data=node, expand=True)
            break
    for anchor in anchors.values():
        if not anchor.children:
            anchor.allow_expand = False
    root.expand_all()


def _node_label(node: Any, parents: list[int], by_id: dict[int, Any]) -> Text:
    category = m.node_category(node)
    label = Text(category_glyph(category) + " ", style="bold")
    # every API value is cleaned before Rich sees it: Text drops some controls (BS, CR) silently
    label.append(clean(node.name or str(node.id)))
    if len(parents) > 1:  # before the settings, so a narrow panel never cuts it off
        others = ", ".join(by_id[p].name or str(p) for p in parents[1:])
        label.append(f"  + {clean(others)}", style="bold italic")
    label.append(f"  {clean(short_type(node.type))}", style="dim")
    settings = node_settings(node)
    if settings:
        label.append(f"  {clean(settings)}")
    return label


def _joins_label(node: Any, first_input: Any) -> Text:
    """The leaf under a second input: where it goes, and where that node is drawn."""
    label = Text("→ ", style="bold")
    label.append(clean(node.name or str(node.id)))
    label.append(f"  (drawn under {clean(first_input.name or first_input.id)})", style="dim italic")
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
    shown, more = first_items((condition.parameters or {}).items())
    for key, value in shown:
        rows.append((f"  {key}", value))
    if more:
        rows.append(("", more_items(more, "more parameters")))
    return rows


def info_table(rows: list[tuple[str, str | Text]]) -> Table:
    """Two columns; long values fold inside their column."""
    table = Table(box=None, show_header=False, padding=(0, 1), expand=True)
    # a long parameter key folds within its column rather than squeezing every value out of view
    table.add_column("field", style="bold", overflow="fold", max_width=32)
    table.add_column("value", overflow="fold", ratio=1)
    for label, value in rows:
        table.add_row(safe_cell(label), safe_cell(value))
    return table


class JobDetailScreen(GraphDetailScreen[Job]):
    screen_title = "Job"
    creates = "job"
    shows = frozenset({"job", "execution"})
    graph_title = f"Node graph  {GRAPH_LEGEND}"
    info_title = "Run configuration"
    show_job_column = False

    @property
    def job(self) -> Job | None:
        return self.resource

    async def fetch(self) -> GraphData[Job]:
        client = self.session.client
        job = await client.get_job_by_id(self.resource_id)
        page = await client.get_job_executions(self.resource_id, limit=DETAIL_RUNS)
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
            ("Status", status_text(job.status, job=True)),
            ("Updated", self.session.times.full(job.updated_date)),
        ]
        if job.description:
            rows.insert(1, ("Description", job.description))
        rows += condition_rows(job.job_condition)
        return info_table(rows)
