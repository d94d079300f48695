"""Pinned executions with their live status (``W``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer

from dftui.api.models import Execution
from dftui.ui.format import format_time
from dftui.ui.run_rules import READ_ONLY_CANCEL, is_cancellable
from dftui.ui.screens.base import write_action_state
from dftui.ui.status import status_text
from dftui.ui.widgets.app_header import AppHeader
from dftui.ui.widgets.executions import duration_cell
from dftui.ui.widgets.keyed_table import KeyedTable
from dftui.ui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from dftui.ui.app import DataFlowApp

COLUMNS = [
    ("Job", "job"),
    ("Execution", "id"),
    ("Status", "status"),
    ("Duration", "duration"),
    ("Pinned", "pinned"),
]


class WatchingScreen(Screen[None]):
    screen_title = "Watching"
    last_updated = None
    _cancellable_shown: bool | None = None

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="detail.back"),
        Binding("x", "unpin", "Unpin", id="watch.unpin"),
        Binding("k", "cancel_execution", "Stop run", id="data.cancel"),
        Binding("k", "cancel_refused", "Stop run (blocked: read-only)", show=False, id="data.cancel"),
    ]

    @property
    def dfapp(self) -> DataFlowApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield KeyedTable(COLUMNS, id="watches")
        yield StatusLine()
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.on_watches_changed()
        self.set_interval(1.0, self.on_watches_changed)

    def on_watches_changed(self) -> None:
        now = self.dfapp.now()
        rows: list[tuple[str, dict[str, Any]]] = []
        for watch in self.dfapp.watches.values():
            rows.append(
                (
                    watch.key,
                    {
                        "job": watch.label,
                        "id": watch.execution_id,
                        "status": status_text(watch.status),
                        "duration": duration_cell(watch.execution, now),
                        "pinned": format_time(watch.pinned_at, now),
                    },
                )
            )
        self.query_one(KeyedTable).sync(rows)
        cancellable = is_cancellable(self.selected_execution())
        if cancellable != self._cancellable_shown:  # k follows the selected run's status
            self._cancellable_shown = cancellable
            self.refresh_bindings()
        live = sum(1 for w in self.dfapp.watches.values() if not w.is_final)
        self.query_one(StatusLine).summary = (
            f"{len(rows)} pinned · {live} still running · polled every 2s until they end"
            if rows
            else "nothing pinned · press w on an execution, job or workflow to watch it"
        )

    @on(DataTable.RowSelected, "#watches")
    def _open(self, event: DataTable.RowSelected) -> None:
        from dftui.ui.screens.execution_detail import ExecutionDetailScreen

        watch = self.dfapp.watches.get(str(event.row_key.value))
        if watch is not None:
            self.app.push_screen(ExecutionDetailScreen(watch.execution))

    def selected_execution(self) -> Execution | None:
        table = self.query(KeyedTable)
        key = table.first().cursor_key if table else None
        watch = None if key is None else self.dfapp.watches.get(key)
        return None if watch is None else watch.execution

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("cancel_execution", "cancel_refused"):
            execution = self.selected_execution()
            target = execution if is_cancellable(execution) else None
            return write_action_state(action, self.dfapp.read_only, None, target)
        return True

    @on(DataTable.RowHighlighted)
    def _selection_moved(self) -> None:
        self.refresh_bindings()

    def on_refresh_settings_changed(self) -> None:
        """Read-only toggled: show or hide k."""
        self.refresh_bindings()

    def action_cancel_execution(self) -> None:
        execution = self.selected_execution()
        if execution is not None:
            self.dfapp.cancel_execution(execution)

    def action_cancel_refused(self) -> None:
        self.notify(READ_ONLY_CANCEL, title="Read-only", severity="warning", markup=False)

    def action_unpin(self) -> None:
        key = self.query_one(KeyedTable).cursor_key
        if key is not None:
            self.dfapp.unpin(key)
            self.on_watches_changed()

    def action_back(self) -> None:
        self.dismiss()
