"""Shared layout of the job and workflow views: a graph beside its facts, above live executions."""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar

from rich.console import RenderableType
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Label, Static, Tree

from dftui.api.models import ApiModel, Execution
from dftui.ui.screens.detail import DetailScreen
from dftui.ui.widgets.executions import ExecutionsTable

ResourceT = TypeVar("ResourceT", bound=ApiModel)


class GraphDetailScreen(DetailScreen, Generic[ResourceT]):
    """One resource with a node graph and an executions table, refreshed live.

    Subclasses say how to fetch the resource and its executions, draw its graph and
    describe it; the layout, loading, redraw-only-on-change and drill-down live here.
    """

    AUTO_FOCUS = "#executions"
    graph_title: ClassVar[str] = "Graph"
    info_title: ClassVar[str] = ""
    show_job_column: ClassVar[bool] = True

    def __init__(self, resource_id: str, name: str = "") -> None:
        super().__init__()
        self.resource_id = resource_id
        self.resource_name = name
        self.resource: ResourceT | None = None
        self.executions: list[Execution] = []
        self._drawn_raw: Any = None

    async def fetch_resource(self) -> tuple[ResourceT, list[Execution]]:
        raise NotImplementedError

    def draw_graph(self, tree: Tree[Any], resource: ResourceT) -> None:
        raise NotImplementedError

    def describe(self, resource: ResourceT) -> RenderableType:
        raise NotImplementedError

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="top"):
            with Vertical(id="graph-box"):
                yield Label(self.graph_title, classes="section")
                yield Tree(self.resource_name or self.resource_id, id="graph")
            with Vertical(id="info-box"):
                yield Label(self.info_title, classes="section")
                with VerticalScroll():
                    yield Static(id="info")
        yield Label("Executions", classes="section")
        yield ExecutionsTable(self.dfapp.now, show_job=self.show_job_column, id="executions")

    def set_loading(self, loading: bool) -> None:
        self.query_one("#graph", Tree).loading = loading

    @property
    def table(self) -> ExecutionsTable:
        return self.query_one("#executions", ExecutionsTable)

    async def fetch(self) -> None:
        resource, executions = await self.fetch_resource()
        self.resource, self.executions = resource, executions
        if resource.raw != self._drawn_raw:  # redrawing would collapse what the user expanded
            self.draw_graph(self.query_one("#graph", Tree), resource)
            self._drawn_raw = resource.raw
        self.query_one("#info", Static).update(self.describe(resource))
        self.table.show(executions)

    def run_target(self) -> ResourceT | None:
        """``x`` runs this resource whichever pane has the focus."""
        return self.resource

    def selected_object(self) -> Any | None:
        if self.focused is self.table and self.table.selected is not None:
            return self.table.selected
        return self.resource

    @on(DataTable.RowSelected, "#executions")
    def _open_execution(self, event: DataTable.RowSelected) -> None:
        from dftui.ui.screens.execution_detail import ExecutionDetailScreen

        execution = self.table.executions.get(str(event.row_key.value))
        if execution is not None:
            self.app.push_screen(ExecutionDetailScreen(execution))
