"""Recent API calls (``L``), newest first, updated as they happen.

Records never hold headers, so no signature or secret can appear here.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from rich.text import Text
from textual.app import ComposeResult

from dftui.api.records import RequestRecord
from dftui.ui.format import DASH, TimeDisplay
from dftui.ui.screens.chrome import ChromeScreen
from dftui.ui.widgets.keyed_table import KeyedTable

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


def record_cells(record: RequestRecord, times: TimeDisplay) -> dict[str, Any]:
    ok = record.error_kind is None
    status = DASH if record.status is None else str(record.status)
    return {
        "time": times.local(record.at).strftime("%H:%M:%S"),
        "method": record.method,
        "path": unquote(record.path),  # readable dates; the signed form is in the debug log
        "status": Text(status, style="green" if ok else "bold red"),
        "latency": f"{record.latency_ms:,.0f} ms",
        "retries": str(record.retries) if record.retries else "",
        "error": Text(record.error_kind or "", style="red"),
        "request_id": record.request_id or "",
    }


class RequestLogScreen(ChromeScreen):
    screen_title = "Request log"
    overlay = True
    has_selection = False
    offers_writes = False
    shows = frozenset()

    def compose_body(self) -> ComposeResult:
        yield KeyedTable(COLUMNS, id="requests")

    def on_mount(self) -> None:
        self._show_due = False
        self.session.requests.recorded.subscribe(self, self._recorded)
        self.show_records()

    def _recorded(self, _record: RequestRecord) -> None:
        # a first load sends hundreds of calls in a burst: show them once per frame, not per call
        if not self._show_due:
            self._show_due = True
            self.call_after_refresh(self.show_records)

    def show_records(self) -> None:
        self._show_due = False
        numbered = list(self.session.requests.numbered())
        rows = [
            (f"r{number}", record_cells(record, self.session.times)) for number, record in reversed(numbered)
        ]
        self.query_one(KeyedTable).sync(rows)
        count = len(numbered)
        failed = sum(1 for _, r in numbered if r.error_kind)
        self.status_line.summary = (
            f"{count} calls kept (last {self.session.requests.size}) · {failed} failed · newest first"
        )
