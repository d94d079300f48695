"""Shared layout of the job and workflow views: a graph beside its facts, above live executions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from rich.console import RenderableType
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Label, Static, Tree

from dftui.api.models import ApiModel, Execution
from dftui.ui.safe_text import safe_text
from dftui.ui.screens.detail import DetailScreen
from dftui.ui.services.data import DataChange
from dftui.ui.session import Session
from dftui.ui.widgets.executions import ExecutionsTable
from dftui.ui.widgets.labels import set_label_text

ResourceT = TypeVar("ResourceT", bound=ApiModel)

DETAIL_RUNS = 100
"""The newest executions a job or workflow view shows. It re-reads them on every refresh, so a
busy job's history (up to 1,000 in one page) is not downloaded and parsed every few seconds;
the Runs screen (key 5) has every execution of the account."""


@dataclass(frozen=True)
class GraphData(Generic[ResourceT]):
    resource: ResourceT
    executions: list[Execution]
    #: anything else the graph's labels need (a workflow's start trigger)
    context: Any = None


class GraphDetailScreen(DetailScreen[GraphData[ResourceT]], Generic[ResourceT]):
    """One resource with a node graph and an executions table, refreshed live.

    Subclasses say how to fetch the resource and its executions, draw its graph and describe
    it; the layout, loading, redraw-only-on-change and drill-down live here.
    """

    AUTO_FOCUS = "#executions"
    graph_title: ClassVar[str] = "Graph"
    info_title: ClassVar[str] = ""
    show_job_column: ClassVar[bool] = True

    def __init__(self, session: Session, resource_id: str, name: str = "") -> None:
        super().__init__(session)
        self.resource_id = resource_id
        self.resource_name = name
        self.resource: ResourceT | None = None
        self.executions: list[Execution] = []
        self._drawn_graph: Any = None
        self._described: Any = None
        self._select_execution: str | None = None

    async def fetch(self) -> GraphData[ResourceT]:
        raise NotImplementedError

    def draw_graph(self, tree: Tree[Any], data: GraphData[ResourceT]) -> None:
        raise NotImplementedError

    def describe(self, data: GraphData[ResourceT]) -> RenderableType:
        raise NotImplementedError

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="top"):
            with Vertical(id="graph-box"):
                yield Label(self.graph_title, classes="section")
                yield Tree(safe_text(self.resource_name or self.resource_id), id="graph")
            with Vertical(id="info-box"):
                yield Label(self.info_title, classes="section")
                with VerticalScroll():
                    yield Static(id="info")
        yield Label("Executions", classes="section", id="executions-title")
        yield ExecutionsTable(
            self.session.now, self.session.times, show_job=self.show_job_column, id="executions"
        )

    def set_loading(self, loading: bool) -> None:
        self.query_one("#graph", Tree).loading = loading

    @property
    def table(self) -> ExecutionsTable:
        return self.query_one("#executions", ExecutionsTable)

    def show(self, data: GraphData[ResourceT]) -> None:
        self.resource, self.executions = data.resource, data.executions
        graph_key = (data.resource.raw, data.context)
        if graph_key != self._drawn_graph:  # redrawing would collapse what the user expanded
            self.draw_graph(self.query_one("#graph", Tree), data)
            self._drawn_graph = graph_key
        described = (data.resource.raw, len(data.executions))
        if described != self._described:  # a job with 100,000 parameters is not redrawn per poll
            self.query_one("#info", Static).update(self.describe(data))
            self._described = described
        self.table.show(data.executions)
        title = (
            f"Executions: the newest {DETAIL_RUNS} (every run: Runs, key 5)"
            if len(data.executions) >= DETAIL_RUNS
            else "Executions"
        )
        set_label_text(self.query_one("#executions-title", Label), title)  # on every poll
        if self._select_execution is not None and self.table.select_key(self._select_execution):
            self._select_execution = None
            self.table.focus()

    def data_changed(self, change: DataChange) -> None:
        """A run started here: put the cursor on the new execution once it is listed."""
        if change.execution_id and change.job_id and self.owns_execution_of(change.job_id):
            self._select_execution = change.execution_id
        super().data_changed(change)

    def owns_execution_of(self, job_id: str) -> bool:
        return False

    def run_target(self) -> Any | None:
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
            self.app.push_screen(ExecutionDetailScreen(self.session, execution))
