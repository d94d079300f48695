"""Workflow detail: the node graph as a tree and the workflow's executions."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Tree

from dftui.api.models import Workflow
from dftui.ui.safe_text import clean
from dftui.ui.screens.graph_detail import DETAIL_RUNS, GraphData, GraphDetailScreen
from dftui.ui.widgets.workflow_graph import build_workflow_tree


class WorkflowDetailScreen(GraphDetailScreen[Workflow]):
    screen_title = "Workflow"
    creates = "workflow"
    shows = frozenset({"workflow", "execution"})
    info_title = "Workflow"

    @property
    def workflow(self) -> Workflow | None:
        return self.resource

    async def fetch(self) -> GraphData[Workflow]:
        client = self.session.client
        workflow = await client.get_workflow_by_id(self.resource_id)
        page = await client.get_workflow_executions(self.resource_id, limit=DETAIL_RUNS)
        node = workflow.trigger_node
        trigger = await self.session.data.trigger(node.id) if node is not None and node.valid else None
        return GraphData(workflow, list(page.items), trigger)

    def owns_execution_of(self, job_id: str) -> bool:
        return self.resource is not None and any(n.id == job_id for n in self.resource.job_nodes)

    def draw_graph(self, tree: Tree[Any], data: GraphData[Workflow]) -> None:
        build_workflow_tree(tree, data.resource, data.context)

    def describe(self, data: GraphData[Workflow]) -> Text:
        workflow = data.resource
        times = self.session.times
        text = Text()
        for label, value in (
            ("ID", workflow.workflow_id),
            ("Name", workflow.name),
            ("Jobs", str(len(workflow.job_nodes))),
            ("Draft", "yes" if workflow.is_temp else "no"),
            ("Created", times.full(workflow.created_date)),
            ("Updated", times.full(workflow.updated_date)),
            ("Runs shown", str(len(data.executions))),
        ):
            text.append(f"{label:<11}", style="bold")
            text.append(f"{clean(value)}\n")
        return text
