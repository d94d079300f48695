"""Pinned executions with their live status (``W``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer

from dftui.ui.format import format_time
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

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="detail.back"),
        Binding("x", "unpin", "Unpin", id="watch.unpin"),
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

    def action_unpin(self) -> None:
        key = self.query_one(KeyedTable).cursor_key
        if key is not None:
            self.dfapp.unpin(key)
            self.on_watches_changed()

    def action_back(self) -> None:
        self.dismiss()
