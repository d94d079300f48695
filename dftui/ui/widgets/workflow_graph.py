"""A workflow's graph drawn as a tree: trigger, then each job under its first parent.

The workflow detail view and the workflow form draw with the same function, so what a form
previews is what the detail view will show.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from dftui.api.models import JobCondition, Trigger, Workflow, WorkflowNode
from dftui.ui.safe_text import safe_cell, safe_text
from dftui.ui.trigger_words import rule_in_words


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


def trigger_label(workflow: Workflow, trigger: Trigger | None) -> Text:
    """The start trigger as the triggers list names it: its name and its rule in words."""
    node = workflow.trigger_node
    assert node is not None
    label = safe_text("⚑ " + ((trigger.name if trigger else None) or node.name or node.id), "bold")
    if trigger is not None:
        label.append(f"  {rule_in_words(trigger)}", style="dim")
    elif not node.valid:
        label.append("  (deleted)", style="red")
    else:
        label.append("  trigger (its rule could not be read)", style="dim")
    return label


def build_workflow_tree(tree: Tree[Any], workflow: Workflow, trigger: Trigger | None = None) -> None:
    """Trigger → jobs; a job with several parents appears under its first one."""
    tree.clear()
    node_trigger = workflow.trigger_node
    root = tree.root
    root.set_label(safe_text(workflow.name, "bold"))
    anchors: dict[str, TreeNode[Any]] = {}
    by_id = {node.id: node for node in workflow.nodes}
    if node_trigger is not None:
        anchors[node_trigger.id] = root.add(
            safe_cell(trigger_label(workflow, trigger)), data=node_trigger, expand=True
        )
    for node in dependency_order(workflow):
        parents = [p for p in node.parent_node_ids if p in anchors]
        parent = anchors[parents[0]] if parents else root
        label = safe_text(node.name or node.id, "bold")
        label.append(f"  {condition_summary(node.job_condition)}", style="dim")
        if len(parents) > 1:
            names = ", ".join(by_id[p].name or p for p in parents[1:])
            label.append(f"  also after {names}", style="italic")
        if not node.valid:
            label.append("  (deleted job)", style="red")
        anchors[node.id] = parent.add(safe_cell(label), data=node, expand=True)
    for anchor in anchors.values():
        if not anchor.children:
            anchor.allow_expand = False
    root.expand_all()
