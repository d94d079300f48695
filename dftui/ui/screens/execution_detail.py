"""One execution: every field, parameters, log locations, live elapsed time."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from dftui.api.models import Execution
from dftui.ui.format import DASH, elapsed, format_duration, format_minutes
from dftui.ui.in_view import in_view
from dftui.ui.safe_text import first_items, more_items, safe_cell, safe_text
from dftui.ui.screens.detail import DetailScreen
from dftui.ui.session import Session
from dftui.ui.status import status_text


class ExecutionDetailScreen(DetailScreen[Execution]):
    screen_title = "Execution"
    shows = frozenset({"execution"})

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l", "copy_log_path", "Copy log path", id="detail.copy_log"),
    ]

    def __init__(self, session: Session, execution: Execution) -> None:
        super().__init__(session)
        self.execution = execution

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="execution"):
            yield Static(id="fields")

    def on_mount(self) -> None:
        self._draw()
        self.set_interval(1.0, self._tick)

    def wants_polling(self) -> bool:
        return not self.execution.is_final

    async def fetch(self) -> Execution:
        execution = self.execution
        if execution.job_id is None:
            return execution
        return await self.session.client.get_job_execution_by_id(execution.job_id, execution.job_execution_id)

    def show(self, data: Execution) -> None:
        self.execution = data
        self._draw()

    def _tick(self) -> None:
        if in_view(self) and not self.execution.is_final:
            self._draw()

    def _draw(self) -> None:
        self.query_one("#fields", Static).update(self._table())

    def _table(self) -> Table:
        execution = self.execution
        now = self.session.now()
        times = self.session.times
        condition = execution.job_condition
        table = Table(box=None, show_header=False, padding=(0, 2))
        table.add_column("field", style="bold", no_wrap=True, width=18)
        table.add_column("value", overflow="fold")
        took = elapsed(execution.start_date, execution.end_date, now)
        running = "" if execution.is_final or took is None else "  (running)"
        rows: list[tuple[str, Any]] = [
            ("Execution ID", execution.job_execution_id),
            ("Status", status_text(execution.status)),
            ("Job", f"{execution.job_name or DASH}  ({execution.job_id or DASH})"),
            ("Type", execution.type or DASH),
            (
                "Trigger",
                f"{execution.trigger_name}  ({execution.trigger_id})" if execution.trigger_id else "manual",
            ),
            ("Created", times.full(execution.created_date)),
            ("Started", times.full(execution.start_date)),
            ("Ended", times.full(execution.end_date)),
            ("Elapsed", format_duration(took) + running if took is not None else DASH),
            ("Waiting time", format_minutes(execution.waiting_time)),
            # the service counts 0 running minutes for a run still queued: it has not run at all
            ("Running time", format_minutes(execution.running_time) if execution.start_date else DASH),
            ("Workers used", DASH if execution.executor_num is None else str(execution.executor_num)),
        ]
        if condition is not None:
            rows += [
                ("Workers (config)", DASH if condition.num_worker is None else str(condition.num_worker)),
                ("Timeout", format_minutes(condition.timeout)),
                ("Role", condition.nrn or DASH),
                ("Script path", condition.script_path or DASH),
                ("Log path", condition.log_path or DASH),
                ("Console log", condition.console_log_path or DASH),
            ]
        for label, value in rows:
            table.add_row(label, safe_cell(value if isinstance(value, Text) else str(value)))
        table.add_row("", "")
        table.add_row(Text("Parameters", style="bold underline"), "")
        if execution.parsed_parameters:
            shown, more = first_items(execution.parsed_parameters.items())
            for key, value in shown:
                table.add_row(safe_text(f"  {key}"), safe_text(value))
            if more:
                table.add_row("", Text(more_items(more, "more parameters"), style="dim"))
        else:
            table.add_row(Text("  (none)", style="dim"), "")
        return table

    def selected_object(self) -> Execution:
        return self.execution

    def action_copy_log_path(self) -> None:
        condition = self.execution.job_condition
        path = condition and (condition.console_log_path or condition.log_path)
        self.copy_text(path or "", "log path")
