"""Recent API calls from the client's ``on_request`` hook.

Records never hold headers, so no signature or secret can appear here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import unquote

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer

from dftui.ui.format import DASH, to_local
from dftui.ui.widgets.app_header import AppHeader
from dftui.ui.widgets.keyed_table import KeyedTable
from dftui.ui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from dftui.api.records import RequestRecord
    from dftui.ui.app import DataFlowApp

COLUMNS = [
    ("Time", "time"),
    ("Method", "method"),
    ("Status", "status"),
    ("Latency", "latency"),
    ("Retries", "retries"),
    ("Error", "error"),
    ("Path", "path"),
    ("Request id", "request_id"),
]


def record_cells(record: RequestRecord, now: Any) -> dict[str, Any]:
    ok = record.error_kind is None
    status = DASH if record.status is None else str(record.status)
    return {
        "time": to_local(record.at).strftime("%H:%M:%S"),
        "method": record.method,
        "path": unquote(record.path),  # readable dates; the signed form is in the debug log
        "status": Text(status, style="green" if ok else "bold red"),
        "latency": f"{record.latency_ms:,.0f} ms",
        "retries": str(record.retries) if record.retries else "",
        "error": Text(record.error_kind or "", style="red"),
        "request_id": record.request_id or "",
    }


class RequestLogScreen(Screen[None]):
    screen_title = "Request log"
    last_updated = None

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Back", id="detail.back")]

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield KeyedTable(COLUMNS, id="requests")
        yield StatusLine()
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._show()

    def on_request_recorded(self, record: RequestRecord) -> None:
        self._show()

    def _show(self) -> None:
        app: DataFlowApp = self.app  # type: ignore[assignment]
        now = app.now()
        records = list(app.request_log)
        rows = [(str(len(records) - i), record_cells(r, now)) for i, r in enumerate(reversed(records))]
        rows = [(f"r{index}", cells) for index, cells in rows]
        self.query_one(KeyedTable).sync(rows)
        failed = sum(1 for r in records if r.error_kind)
        self.query_one(
            StatusLine
        ).summary = f"{len(records)} calls kept (last 500) · {failed} failed · newest first"

    def action_back(self) -> None:
        self.dismiss()
