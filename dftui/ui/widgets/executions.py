"""Executions table used by the workflow and job detail views.

Durations of running executions tick every second from ``start_date`` to the
app clock, without any request: only the duration cells whose text changed are rewritten
(a duration shown in whole minutes, past an hour, changes once a minute), and only their rows
are drawn again (:class:`~dftui.ui.widgets.live_cells.LiveCellsTable`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from rich.text import Text
from textual import events

from dftui.api.models import Execution
from dftui.ui.format import DASH, TimeDisplay, elapsed, format_duration
from dftui.ui.in_view import in_view
from dftui.ui.status import status_text
from dftui.ui.widgets.live_cells import LiveCellsTable

EXECUTION_COLUMNS: list[tuple[str, str]] = [
    ("ID", "id"),
    ("Job", "job"),
    ("Status", "status"),
    ("Start", "start"),
    ("End", "end"),
    ("Duration", "duration"),
    ("Trigger", "trigger"),
    ("Workers", "workers"),
]


#: the widest duration cell, a queued run's wait: the column is this wide from the start
DURATION_WIDTH = len("waiting 59m59s")


def duration_cell(execution: Execution, now: datetime) -> str | Text:
    took = elapsed(execution.start_date, execution.end_date, now)
    if took is None:
        waited = elapsed(execution.created_date, None, now) if execution.status == "READY" else None
        return Text(f"waiting {format_duration(waited)}", style="dim") if waited is not None else DASH
    return format_duration(took)


def execution_cells(execution: Execution, now: datetime, times: TimeDisplay) -> dict[str, Any]:
    workers = execution.executor_num
    if workers is None and execution.job_condition is not None:
        workers = execution.job_condition.num_worker
    return {
        "id": execution.job_execution_id,
        "job": execution.job_name or execution.job_id or DASH,
        "status": status_text(execution.status),
        "start": times.time(execution.start_date or execution.created_date, now),
        # the date is left out when the run ended on the day it started
        "end": times.time(execution.end_date, execution.start_date or now),
        "duration": duration_cell(execution, now),
        "trigger": execution.trigger_name or ("manual" if execution.type == "JOB" else DASH),
        "workers": DASH if workers is None else str(workers),
    }


def newest_first(executions: Sequence[Execution]) -> list[Execution]:
    """Newest run on top; runs without any date go last."""
    dated = [(when, e) for e in executions if (when := e.created_date or e.start_date) is not None]
    undated = [e for e in executions if not (e.created_date or e.start_date)]
    return [e for _, e in sorted(dated, key=lambda pair: pair[0], reverse=True)] + undated


#: columns a narrow table leaves out first: the id is in the detail view, and workers rarely differ
NARROW_DROPS = frozenset({"id", "workers"})
NARROW_WIDTH = 90


class ExecutionsTable(LiveCellsTable):
    """KeyedTable of executions with a 1 s ticker for running durations (a tick repaints only
    the rows whose duration text changed)."""

    def __init__(
        self, clock: Callable[[], datetime], times: TimeDisplay, *, show_job: bool = True, **kwargs: Any
    ) -> None:
        self._all_columns = [column for column in EXECUTION_COLUMNS if show_job or column[1] != "job"]
        kwargs.setdefault("min_widths", {"duration": DURATION_WIDTH})
        super().__init__(self._all_columns, **kwargs)
        self.clock = clock
        self.times = times
        self.executions: dict[str, Execution] = {}

    def on_mount(self) -> None:
        # KeyedTable.on_mount (columns) runs too: Textual calls handlers along the MRO.
        self.set_interval(1.0, self.tick)

    def on_resize(self, event: events.Resize) -> None:
        narrow = event.size.width < NARROW_WIDTH
        if self.set_columns([c for c in self._all_columns if not (narrow and c[1] in NARROW_DROPS)]):
            self.show(list(self.executions.values()))

    def show(self, executions: Sequence[Execution]) -> None:
        now = self.clock()
        ordered = newest_first(executions)
        self.executions = {e.job_execution_id: e for e in ordered}
        self.sync([(e.job_execution_id, execution_cells(e, now, self.times)) for e in ordered])

    def tick(self) -> None:
        if not in_view(self.screen):  # a hidden screen's durations are redrawn when it shows
            return
        now = self.clock()
        for key, execution in self.executions.items():
            if not execution.is_final:
                self.update_column(key, "duration", duration_cell(execution, now))

    @property
    def selected(self) -> Execution | None:
        key = self.cursor_key
        return None if key is None else self.executions.get(key)
