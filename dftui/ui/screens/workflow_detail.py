"""Workflow detail: the node graph as a tree and the workflow's executions."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from dftui.api.models import Execution, JobCondition, Workflow, WorkflowNode
from dftui.ui.format import DASH, format_full_time
from dftui.ui.screens.graph_detail import GraphDetailScreen


def condition_summary(condition: JobCondition | None) -> str:
    """``workers 2 · timeout 360m`` for a tree label."""
    if condition is None:
        return "default settings"
    parts = []
    if condition.num_worker is not None:
        parts.append(f"workers {condition.num_worker}")
    if condition.timeout is not None:
        parts.append(f"timeout {condition.timeout}m")
    if condition.worker_type:
        parts.append(condition.worker_type.lower())
    return " · ".join(parts) or "default settings"


def dependency_order(workflow: Workflow) -> list[WorkflowNode]:
    """Job nodes so that each comes after all its parents (stable, cycle-safe)."""
    remaining = list(workflow.job_nodes)
    placed: set[str] = {workflow.trigger_node.id} if workflow.trigger_node else set()
    ordered: list[WorkflowNode] = []
    while remaining:
        ready = [
            n for n in remaining if all(p in placed or p not in _ids(workflow) for p in n.parent_node_ids)
        ]
        if not ready:  # a cycle or dangling parent: keep the rest in server order
            ready = remaining[:1]
        for node in ready:
            ordered.append(node)
            placed.add(node.id)
            remaining.remove(node)
    return ordered


def _ids(workflow: Workflow) -> set[str]:
    return {n.id for n in workflow.nodes}


def build_workflow_tree(tree: Tree[Any], workflow: Workflow) -> None:
    """Trigger → jobs; a job with several parents appears under its first one."""
    tree.clear()
    trigger = workflow.trigger_node
    root = tree.root
    root.set_label(Text(workflow.name, style="bold"))
    anchors: dict[str, TreeNode[Any]] = {}
    if trigger is not None:
        label = Text("⚑ " + (trigger.name or trigger.id), style="bold")
        label.append(f"  trigger · {trigger.trigger_rule or DASH}", style="dim")
        if not trigger.valid:
            label.append("  (deleted)", style="red")
        anchors[trigger.id] = root.add(label, data=trigger, expand=True)
    for node in dependency_order(workflow):
        parents = [p for p in node.parent_node_ids if p in anchors]
        parent = anchors[parents[0]] if parents else root
        label = Text(node.name or node.id, style="bold")
        label.append(f"  {condition_summary(node.job_condition)}", style="dim")
        if len(parents) > 1:
            names = ", ".join(anchors[p].data.name for p in parents[1:] if anchors[p].data is not None)
            label.append(f"  also after {names}", style="italic")
        if not node.valid:
            label.append("  (deleted job)", style="red")
        anchors[node.id] = parent.add(label, data=node, expand=True)
    for anchor in anchors.values():
        if not anchor.children:
            anchor.allow_expand = False
    root.expand_all()


class WorkflowDetailScreen(GraphDetailScreen[Workflow]):
    screen_title = "Workflow"
    info_title = "Workflow"

    @property
    def workflow(self) -> Workflow | None:
        return self.resource

    async def fetch_resource(self) -> tuple[Workflow, list[Execution]]:
        client = self.dfapp.client
        workflow = await client.get_workflow_by_id(self.resource_id)
        page = await client.get_workflow_executions(self.resource_id)
        return workflow, list(page.items)

    def draw_graph(self, tree: Tree[Any], resource: Workflow) -> None:
        build_workflow_tree(tree, resource)

    def describe(self, resource: Workflow) -> Text:
        text = Text()
        for label, value in (
            ("ID", resource.workflow_id),
            ("Name", resource.name),
            ("Jobs", str(len(resource.job_nodes))),
            ("Draft", "yes" if resource.is_temp else "no"),
            ("Created", format_full_time(resource.created_date)),
            ("Updated", format_full_time(resource.updated_date)),
            ("Runs shown", str(len(self.executions))),
        ):
            text.append(f"{label:<11}", style="bold")
            text.append(f"{value}\n")
        return text
