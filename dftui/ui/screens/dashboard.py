"""Dashboard placeholder: execution counts for today and the last 7 days.

The full dashboard (charts, failures, schedule forecast) is a separate piece of
work; this screen already follows the live-refresh rules of every data screen.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from dftui.api.models import ExecutionResult
from dftui.timeutil import to_kst
from dftui.ui.format import DASH, format_count
from dftui.ui.screens.base import DataScreen
from dftui.ui.status import status_text


def stats_periods(now: datetime) -> list[tuple[str, datetime, datetime]]:
    """(label, start, end) for today (since local midnight) and the last 7 days."""
    local = to_kst(now)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return [("Today", midnight, local), ("Last 7 days", midnight - timedelta(days=6), local)]


Stats = list[tuple[str, ExecutionResult]]


class DashboardScreen(DataScreen[Stats]):
    screen_title = "Dashboard"
    has_selection = False
    offers_writes = False

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="dashboard"):
            yield Static(id="stats")
            yield Static(
                Text(
                    "Keys: 2 workflows · 3 jobs · 4 triggers · ctrl+p command palette · ? help",
                    style="dim",
                ),
                id="hint",
            )

    def set_loading(self, loading: bool) -> None:
        self.query_one("#stats", Static).loading = loading

    async def fetch(self) -> Stats:
        client = self.session.client
        return [
            (label, await client.get_execution_result(start, end))
            for label, start, end in stats_periods(self.session.now())
        ]

    def show(self, data: Stats) -> None:
        table = Table(title="Executions", title_justify="left", expand=False, box=None, padding=(0, 2))
        table.add_column("Period", style="bold")
        table.add_column("Total", justify="right")
        table.add_column(status_text("COMPLETED"), justify="right")
        table.add_column(status_text("FAILED"), justify="right")
        table.add_column("Other", justify="right")
        table.add_column("Success rate", justify="right")
        for label, result in data:
            finished = result.completed_count + result.failed_count
            rate = f"{100 * result.completed_count / finished:.0f}%" if finished else DASH
            other = max(0, result.total_count - finished)
            table.add_row(
                label,
                format_count(result.total_count),
                format_count(result.completed_count),
                Text(format_count(result.failed_count), style="red" if result.failed_count else ""),
                format_count(other),
                rate,
            )
        self.query_one("#stats", Static).update(table)

    def update_summary(self) -> None:
        self.status_line.summary = f"execution statistics · {self.live_summary()}"
