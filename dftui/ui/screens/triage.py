"""Triage of one FAILED execution: what differs from the job's last good run, and where the logs are.

Built from the job's executions the Runs service already holds (:func:`dftui.ui.triage.triage`),
so opening it makes no request. ``l`` copies the console log path, ``enter`` opens the
execution, ``R`` is not here: go back to Runs to rerun after reading this.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from dftui.api.models import Execution
from dftui.ui.format import DASH, TimeDisplay, format_duration
from dftui.ui.safe_text import clean, safe_text
from dftui.ui.screens.chrome import ChromeScreen
from dftui.ui.session import Session
from dftui.ui.status import status_text
from dftui.ui.triage import Triage, triage


def _two_columns() -> Table:
    table = Table(box=None, show_header=False, padding=(0, 2))
    table.add_column("field", style="bold", no_wrap=True, min_width=22)
    table.add_column("value", overflow="fold")
    return table


def triage_view(report: Triage, times: TimeDisplay) -> Group:
    """The report: facts, settings side by side (differences highlighted), then the log paths."""
    execution = report.execution
    facts = _two_columns()
    facts.add_row("Job", safe_text(execution.job_name or execution.job_id or DASH))
    facts.add_row("Execution", safe_text(execution.job_execution_id))
    facts.add_row("Status", status_text(execution.status))
    facts.add_row("Ended", times.full(execution.end_date))
    took = format_duration(report.took) if report.took is not None else DASH
    middle = format_duration(report.median) if report.median is not None else DASH
    verdict = ""
    if report.took is not None and report.median is not None and report.median.total_seconds() > 0:
        verdict = f" ({report.took / report.median:.1f} times the median)"
    facts.add_row("Duration", f"{took}{verdict}; median of completed runs {middle}")
    if report.timeout_minutes is not None:
        facts.add_row(
            "Likely cause",
            Text(
                f"it ran for its whole timeout ({report.timeout_minutes} min), so the service probably "
                "stopped it there: a longer timeout or more workers may let it finish",
                style="bold yellow",
            ),
        )
    for rate in report.rates:
        share = f"{100 * rate.failed / rate.runs:.0f}%" if rate.runs else DASH
        facts.add_row(f"Failed, last {rate.days} days", f"{rate.failed} of {rate.runs} runs ({share})")

    baseline = report.baseline
    settings = Table(box=None, padding=(0, 2), expand=True)
    settings.add_column("", no_wrap=True, min_width=22)
    settings.add_column("this run", overflow="fold", ratio=1, header_style="bold")
    settings.add_column(
        "last completed"
        if baseline is None
        else clean(f"last completed: {baseline.job_execution_id}, {times.full(baseline.end_date)}"),
        overflow="fold",
        ratio=1,
        header_style="bold",
    )
    for setting in report.settings:
        style = "bold yellow" if setting.differs else "dim"
        marker = "≠ " if setting.differs else "  "
        settings.add_row(
            Text(marker + setting.label, style=style),
            safe_text(setting.failed, style),
            safe_text(setting.baseline if setting.baseline is not None else "", style),
        )
    if baseline is None:
        note = Text("No COMPLETED execution of this job to compare with.", style="dim")
    elif report.differences:
        note = Text(
            f"{len(report.differences)} difference(s) from the last good run, marked ≠.", style="yellow"
        )
    else:
        note = Text("Same settings and parameters as the last good run.", style="green")

    logs = _two_columns()
    if not report.log_paths:
        logs.add_row(Text("no log path recorded", style="dim"), "")
    for label, path in report.log_paths:
        logs.add_row(label, safe_text(path))
    return Group(
        facts,
        Text(""),
        Text("Settings and parameters", style="bold underline"),
        settings,
        note,
        Text(""),
        Text(
            "Logs (the API has no log content: open them in Object Storage; l copies)", style="bold underline"
        ),
        logs,
    )


class TriageScreen(ChromeScreen):
    screen_title = "Triage"
    offers_run = False
    shows = frozenset({"execution"})

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l", "copy_log_path", "Copy log path", id="detail.copy_log"),
        Binding("enter", "open_execution", "Open execution", id="detail.open"),
    ]

    def __init__(self, session: Session, execution: Execution, history: Sequence[Execution]) -> None:
        super().__init__(session)
        self.execution = execution
        self.report = triage(execution, history, session.now())

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="triage"):
            yield Static(triage_view(self.report, self.session.times), id="report")

    def on_mount(self) -> None:
        differs = len(self.report.differences)
        words = (
            f"{differs} setting(s) differ from the last good run" if self.report.baseline else "no good run"
        )
        self.status_line.summary = f"{words} · no request made: from the Runs list"

    def selected_object(self) -> Execution:
        return self.execution

    def action_copy_log_path(self) -> None:
        paths = dict(self.report.log_paths)
        self.copy_text(paths.get("console log") or paths.get("Spark history") or "", "log path")

    def action_open_execution(self) -> None:
        from dftui.ui.screens.execution_detail import ExecutionDetailScreen

        self.app.push_screen(ExecutionDetailScreen(self.session, self.execution))
