"""Pinned executions with their live status (``W``)."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from dftui.api.models import Execution
from dftui.ui.screens.chrome import ChromeScreen
from dftui.ui.services.watches import WATCH_INTERVAL
from dftui.ui.status import status_text
from dftui.ui.widgets.executions import duration_cell
from dftui.ui.widgets.keyed_table import KeyedTable

COLUMNS = [
    ("Job", "job"),
    ("Execution", "id"),
    ("Status", "status"),
    ("Duration", "duration"),
    ("Pinned", "pinned"),
]


class WatchingScreen(ChromeScreen):
    screen_title = "Watching"
    overlay = True
    offers_run = False  # x unpins here
    shows = frozenset({"execution"})

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("x", "unpin", "Unpin", id="watch.unpin"),
    ]

    def compose_body(self) -> ComposeResult:
        yield KeyedTable(COLUMNS, id="watches")

    @property
    def table(self) -> KeyedTable:
        return self.query_one("#watches", KeyedTable)

    def on_mount(self) -> None:
        self.session.watches.changed.subscribe(self, self._watches_changed)
        self.show_watches()
        self.set_interval(1.0, self.show_watches)  # durations tick without requests

    def _watches_changed(self, _: None) -> None:
        self.show_watches()

    def show_watches(self) -> None:
        session = self.session
        now = session.now()
        rows: list[tuple[str, dict[str, Any]]] = [
            (
                watch.key,
                {
                    "job": watch.label,
                    "id": watch.execution_id,
                    "status": status_text(watch.status),
                    "duration": duration_cell(watch.execution, now),
                    "pinned": session.times.time(watch.pinned_at, now),
                },
            )
            for watch in session.watches
        ]
        self.table.sync(rows)
        self.refresh_bindings()  # k follows the selected run's status
        self.status_line.summary = (
            f"{len(rows)} pinned · {session.watches.live_count} still running · "
            f"polled every {WATCH_INTERVAL:g}s until they end"
            if rows
            else "nothing pinned · press w on an execution, job or workflow to watch it"
        )

    def selected_object(self) -> Execution | None:
        key = self.table.cursor_key
        watch = None if key is None else self.session.watches.get(key)
        return None if watch is None else watch.execution

    @on(DataTable.RowSelected, "#watches")
    def _open(self, event: DataTable.RowSelected) -> None:
        from dftui.ui.screens.execution_detail import ExecutionDetailScreen

        watch = self.session.watches.get(str(event.row_key.value))
        if watch is not None:
            self.app.push_screen(ExecutionDetailScreen(self.session, watch.execution))

    def action_unpin(self) -> None:
        key = self.table.cursor_key
        if key is not None:
            self.session.watches.unpin(key)
