"""Runs (key 5): one live table of every execution in the account, newest first.

Rows come from the session's :class:`~dftui.ui.services.runs.RunsService` snapshot, so this
screen and the dashboard never read the same lists twice. A workflow run is one row (its
overall status) with its job executions beneath when expanded (``space``). The filter takes
words and the field terms of :mod:`dftui.ui.run_filter`. ``enter`` or ``t`` on a FAILED
execution opens its triage, ``enter`` on another opens it, ``R`` reruns.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.timer import Timer
from textual.widgets import DataTable, Input

from dftui.api.contract import ExecutionStatus
from dftui.api.models import Execution
from dftui.ui.format import DASH, TimeDisplay, cut, format_count, format_duration, share_width
from dftui.ui.in_view import in_view
from dftui.ui.run_filter import RunFields, RunQuery, narrows, parse_query
from dftui.ui.runs_model import WorkflowRun, workers_of
from dftui.ui.safe_text import clean
from dftui.ui.screens.base import DataScreen
from dftui.ui.services.data import DataChange
from dftui.ui.services.reruns import READ_ONLY_RERUN, Reruns
from dftui.ui.services.runs_snapshot import RunsSnapshot
from dftui.ui.status import status_text
from dftui.ui.widgets.executions import DURATION_WIDTH, duration_cell
from dftui.ui.widgets.keyed_table import KeyedTable
from dftui.ui.widgets.live_cells import LiveCellsTable

COLUMNS: list[tuple[str, str]] = [
    ("Job", "job"),
    ("Workflow", "workflow"),
    ("Trigger", "trigger"),
    ("Status", "status"),
    ("Start", "start"),
    ("End", "end"),
    ("Duration", "duration"),
    ("Workers", "workers"),
]
#: below WIDE_FROM columns the end time goes (start + duration say it); below NARROW_WIDTH the
#: trigger and workers go too, so the table fits 80 columns
WIDE_FROM = 130
NARROW_WIDTH = 100
NAME_COLUMNS = ("job", "workflow", "trigger")
#: the other columns at their widest: a status ("✓ COMPLETED"), a time in another year
#: ("2025-12-02 23:51"; this year's are "12-02 23:51:07"), a queued run's wait ("waiting
#: 59m59s"), the workers' header
OTHER_WIDTHS = {
    "status": max(status_text(status.value).cell_len for status in ExecutionStatus),
    "start": 16,
    "end": 16,
    "duration": DURATION_WIDTH,
    "workers": len("Workers"),
}
#: names are cut no shorter than this, however narrow the terminal (the table scrolls instead)
MIN_NAME_WIDTH = 10
MEDIUM_DROPS = frozenset({"end"})
NARROW_DROPS = frozenset({"trigger", "end", "workers"})
#: the table shows at most this many rows (newest first); the filter reaches all of them
ROW_LIMIT = 500
#: a screen shown again accepts the shared snapshot when it is this fresh (seconds)
SHARED_FRESHNESS = 2.0
#: up to this many executions a filter applies on every key (as on the lists)
IMMEDIATE_FILTER_LIMIT = 5_000
FILTER_SETTLE_S = 0.15
RERUN_TWINS = ("rerun", "rerun_refused", "rerun_explain")

Entry = Execution | WorkflowRun


def entry_key(entry: Entry) -> str:
    return entry.key if isinstance(entry, WorkflowRun) else entry.job_execution_id


def _when(entry: Entry, stamps: Mapping[str, float]) -> float:
    """Creation instant for ordering; a run's first execution is its earliest."""
    first = entry.executions[0] if isinstance(entry, WorkflowRun) else entry
    return stamps.get(first.job_execution_id, float("-inf"))


def top_level(snapshot: RunsSnapshot) -> list[Entry]:
    """Workflow runs and the executions outside any, newest first.

    A run of a one-job workflow is that one execution, shown as a plain row with its workflow.
    """
    runs = [run for run in snapshot.runs if _several_jobs(snapshot, run)]
    grouped = {e.job_execution_id for run in runs for e in run.executions}
    entries: list[Entry] = [e for e in snapshot.executions if e.job_execution_id not in grouped]
    entries.extend(runs)
    stamps = snapshot.stamps
    entries.sort(key=lambda entry: _when(entry, stamps), reverse=True)
    return entries


def _several_jobs(snapshot: RunsSnapshot, run: WorkflowRun) -> bool:
    workflow = snapshot.workflows.get(run.workflow_id)
    return len(run.executions) > 1 or (workflow is not None and len(workflow.job_nodes) > 1)


def execution_names(execution: Execution, workflow: str) -> tuple[str, str, str]:
    """An execution's job, workflow and trigger as its row names them, before they are cut."""
    trigger = execution.trigger_name or ("manual" if execution.type == "JOB" else DASH)
    return clean(execution.job_name or execution.job_id or DASH), clean(workflow or DASH), clean(trigger)


def run_names(run: WorkflowRun) -> tuple[str, str]:
    """A workflow run's workflow and trigger as its row names them, before they are cut."""
    return clean(run.workflow_name or DASH), clean(run.trigger_name or DASH)


def run_label(run: WorkflowRun, planned: int, expanded: bool) -> str:
    """A workflow run's job cell: "1/2 jobs" when the run stopped before its later jobs started
    (or they are still to come)."""
    marker = "▾" if expanded else "▸"
    jobs = len(run.executions)
    if planned > jobs:
        return f"{marker} {jobs}/{planned} jobs"
    return f"{marker} {jobs} job{'s' if jobs != 1 else ''}"


def execution_cells(
    execution: Execution,
    workflow: str,
    now: datetime,
    times: TimeDisplay,
    widths: Mapping[str, int],
    *,
    child: bool = False,
    last: bool = True,
) -> dict[str, Any]:
    """One execution's cells, names cut to ``widths``; a job execution of a workflow run is
    indented under it. The full names are in the detail views."""
    workers = workers_of(execution)
    job, workflow, trigger = execution_names(execution, workflow)
    return {
        "job": Text("└ " if last else "├ ") + Text(cut(job, widths["job"] - 2))
        if child
        else cut(job, widths["job"]),
        "workflow": cut(workflow, widths["workflow"]),
        "trigger": cut(trigger, widths["trigger"]),
        "status": status_text(execution.status),
        "start": times.time(execution.start_date or execution.created_date, now),
        "end": times.time(execution.end_date, execution.start_date or now),
        "duration": duration_cell(execution, now),
        "workers": DASH if workers is None else str(workers),
    }


class RunsScreen(DataScreen[RunsSnapshot]):
    screen_title = "Runs"
    offers_run = False  # R reruns here; x runs jobs and workflows on their own screens
    shows = frozenset({"execution"})

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "open_filter", "Filter", key_display="/", id="list.filter"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="list.clear_filter"),
        Binding("space", "toggle_run", "Expand run", show=False, id="runs.expand"),
        Binding("t", "triage", "Triage", id="runs.triage"),
        Binding("R", "rerun", "Rerun", id="runs.rerun"),
        Binding("R", "rerun_refused", "Rerun (blocked: read-only)", show=False, id="runs.rerun"),
        Binding("R", "rerun_explain", "Rerun", show=False, id="runs.rerun"),
    ]
    AUTO_FOCUS = "#table"

    def __init__(self, session: Any, **kwargs: Any) -> None:
        super().__init__(session, **kwargs)
        self.filter_text = ""
        self.query_: RunQuery = RunQuery()
        self.expanded: set[str] = set()
        self.rows: dict[str, tuple[Entry, Execution | None]] = {}
        self.matching = 0
        self._progress: tuple[int, int] | None = None
        self._fields: dict[str, tuple[tuple[int, ...], RunFields]] = {}
        self._filter_timer: Timer | None = None
        self._select_execution: str | None = None
        self._top: tuple[int, list[tuple[Entry, RunFields]]] | None = None
        #: the snapshot :attr:`_top` was last prepared for (see :meth:`_prepare`)
        self._prepared: RunsSnapshot | None = None
        #: (snapshot version, filter text, the top-level rows it matched)
        self._matched: tuple[int, str, list[tuple[Entry, RunFields]]] | None = None
        self._cells: dict[str, tuple[tuple[Any, ...], dict[str, Any]]] = {}
        #: (snapshot version, cells the newest rows' names need per name column)
        self._needs: tuple[int, dict[str, int]] | None = None
        #: the widths names are cut to now
        self.name_widths: dict[str, int] = dict.fromkeys(NAME_COLUMNS, MIN_NAME_WIDTH)

    # ------------------------------------------------------------------ compose

    def compose_body(self) -> ComposeResult:
        yield Input(
            placeholder="/ filter: words, status:failed job:NAME workflow:NAME trigger:NAME since:24h, ! negates",
            id="filter",
            compact=True,
        )
        yield LiveCellsTable(self._column_spec(), id="table", min_widths={"duration": DURATION_WIDTH})

    def _column_spec(self) -> list[tuple[str, str]]:
        width = self.app.size.width
        drops = NARROW_DROPS if width < NARROW_WIDTH else MEDIUM_DROPS if width < WIDE_FROM else frozenset()
        return [c for c in COLUMNS if c[1] not in drops]

    def on_mount(self) -> None:
        self.query_one("#filter", Input).display = False
        self.table.set_columns(self._column_spec())
        self.set_interval(1.0, self._tick)
        self.update_summary()

    def on_resize(self, event: events.Resize) -> None:
        self.table.set_columns(self._column_spec())
        if self.data is not None:
            self.render_rows()  # the names are cut to the new width

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # DataScreen's handler runs too (Textual calls each class's handler along the MRO)
        self._tick()

    @property
    def table(self) -> KeyedTable:
        return self.query_one("#table", KeyedTable)

    def set_loading(self, loading: bool) -> None:
        # until rows are ready to show: preparing those of a big account takes a moment
        self.table.loading = loading and self._prepared is None

    # -------------------------------------------------------------------- data

    async def fetch(self) -> RunsSnapshot:
        def progress(done: int, total: int) -> None:
            if self.data is None:
                self._progress = (done, total)
                partial = self.session.runs.snapshot
                if partial is not None and (self._top is None or self._top[0] != partial.version):
                    self._show_partial(partial)  # a big account's first load shows its newest runs early
                self.update_summary()

        try:
            fresh = SHARED_FRESHNESS if not self.loaded_once else 0.0
            snapshot = await self.session.runs.refresh(progress, max_age=fresh)
        finally:
            self._progress = None
        await self._prepare(snapshot)
        return snapshot

    async def _prepare(self, snapshot: RunsSnapshot) -> None:
        """The top-level rows and what the filter sees of each, built in a worker thread: over
        100,000 executions that took about 1 s of the UI loop when the screen was opened."""
        if self._top is None or self._top[0] != snapshot.version:
            await asyncio.to_thread(self._top_level, snapshot)
        self._prepared = snapshot

    @work(exclusive=True, group="runs-partial", exit_on_error=False, description="the runs read so far")
    async def _show_partial(self, partial: RunsSnapshot) -> None:
        await self._prepare(partial)
        if self.data is None:  # the first load has not ended meanwhile
            self.table.loading = False
            self.render_rows()

    def shown_key(self, data: RunsSnapshot) -> Any:
        return (data.version, self.session.times.local(self.session.now()).date())

    def show(self, data: RunsSnapshot) -> None:
        self.render_rows()

    def data_changed(self, change: DataChange) -> None:
        if change.kind == "workflow":
            self.session.runs.forget_workflows()
        if change.execution_id:
            self._select_execution = change.execution_id
        super().data_changed(change)

    # --------------------------------------------------------------------- rows

    def _workflow_name(self, snapshot: RunsSnapshot, execution: Execution) -> str:
        workflow_id = snapshot.workflow_of.get(execution.job_execution_id)
        if workflow_id is None:
            return DASH if execution.type != "WORKFLOW" else "?"
        workflow = snapshot.workflows.get(workflow_id)
        return workflow.name if workflow is not None else workflow_id

    def fields_of(self, entry: Entry, snapshot: RunsSnapshot) -> RunFields:
        """What the filter sees of a row, cached while its executions are the same objects."""
        executions = entry.executions if isinstance(entry, WorkflowRun) else (entry,)
        signature = tuple(id(e) for e in executions)
        key = entry_key(entry)
        cached = self._fields.get(key)
        if cached is not None and cached[0] == signature:
            return cached[1]
        if isinstance(entry, WorkflowRun):
            statuses: Sequence[str] = (entry.status,)
            workflows: Sequence[str] = (entry.workflow_name, entry.workflow_id)
            triggers = [t for e in executions for t in (e.trigger_name, e.trigger_id) if t]
            when = entry.when
        else:
            statuses = (entry.status,)
            name = self._workflow_name(snapshot, entry)
            workflows = (name, snapshot.workflow_of.get(entry.job_execution_id, "")) if name != DASH else ()
            triggers = [t for t in (entry.trigger_name, entry.trigger_id) if t]
            if entry.type == "JOB" and not triggers:
                triggers = ["manual"]
            when = entry.start_date or entry.created_date
        jobs = [t for e in executions for t in (e.job_name, e.job_id) if t]
        text = "\u0000".join(
            [*statuses, *jobs, *workflows, *triggers, *(e.job_execution_id for e in executions)]
        ).lower()
        fields = RunFields(statuses, jobs, workflows, triggers, when, text)
        self._fields[key] = (signature, fields)
        return fields

    def render_rows(self) -> None:
        # the snapshot whose rows were prepared: a newer one is shown once its rows are ready
        snapshot = self._prepared or self.session.runs.snapshot
        if snapshot is None or not self.is_mounted:
            return
        query = self.query_
        rows: list[tuple[str, dict[str, Any]]] = []
        self.rows = {}
        self.matching = 0
        candidates = self._candidates(snapshot)
        matched: list[tuple[Entry, RunFields]] = []
        self._fit_names(snapshot)
        for entry, fields in candidates:
            if query and not query.matches(fields):
                continue
            matched.append((entry, fields))
            self.matching += 1
            if len(rows) >= ROW_LIMIT:
                continue
            key = entry_key(entry)
            if isinstance(entry, WorkflowRun):
                rows.append((key, self._cells_of(key, entry, None, snapshot)))
                self.rows[key] = (entry, None)
                if key in self.expanded:
                    for execution in entry.executions:
                        child = execution.job_execution_id
                        rows.append((child, self._cells_of(child, entry, execution, snapshot)))
                        self.rows[child] = (entry, execution)
            else:
                rows.append((key, self._cells_of(key, entry, entry, snapshot)))
                self.rows[key] = (entry, entry)
        self._matched = (snapshot.version, self.filter_text, matched)
        self.table.sync(rows)
        if self._select_execution is not None and self._place_cursor(self._select_execution, snapshot):
            self._select_execution = None
        self.update_summary()
        self.refresh_bindings()

    def _candidates(self, snapshot: RunsSnapshot) -> list[tuple[Entry, RunFields]]:
        """Rows the filter must look at: while a filter only grows stricter (more letters, more
        terms, nothing negated), the rows the shorter one kept; else every row."""
        previous = self._matched
        if (
            previous is not None
            and previous[0] == snapshot.version
            and narrows(previous[1], self.filter_text)
        ):
            return previous[2]
        return self._top_level(snapshot)

    def _top_level(self, snapshot: RunsSnapshot) -> list[tuple[Entry, RunFields]]:
        """Top-level rows with what the filter sees of each, built once per snapshot."""
        if self._top is None or self._top[0] != snapshot.version:
            self._top = (snapshot.version, [(e, self.fields_of(e, snapshot)) for e in top_level(snapshot)])
        return self._top[1]

    def _cells_of(
        self, key: str, entry: Entry, execution: Execution | None, snapshot: RunsSnapshot
    ) -> dict[str, Any]:
        """A row's cells, computed once while it is final (typing a filter recomputes nothing)."""
        now = self.session.now()
        # a job of a run is drawn "├" or "└" by its place in the run: its cells depend on the run
        members = entry.executions if isinstance(entry, WorkflowRun) else (execution,)
        signature = (
            tuple(id(e) for e in members),
            execution is None,
            key in self.expanded,
            tuple(self.name_widths.values()),
            self.session.times.local(now).date(),
        )
        cached = self._cells.get(key)
        if cached is not None and cached[0] == signature:
            return cached[1]
        if execution is None:
            assert isinstance(entry, WorkflowRun)
            cells = self._run_cells(entry, now)
            final = entry.is_final
        else:
            workflow = (
                entry.workflow_name
                if isinstance(entry, WorkflowRun)
                else self._workflow_name(snapshot, execution)
            )
            cells = execution_cells(
                execution,
                workflow,
                now,
                self.session.times,
                self.name_widths,
                child=isinstance(entry, WorkflowRun),
                last=not isinstance(entry, WorkflowRun) or execution is entry.executions[-1],
            )
            final = execution.is_final
        if final:
            self._cells[key] = (signature, cells)
        return cells

    def _place_cursor(self, execution_id: str, snapshot: RunsSnapshot) -> bool:
        if self.table.select_key(execution_id):
            return True
        run = snapshot.run_of(execution_id)
        return run is not None and self.table.select_key(run.key)

    def _run_cells(self, run: WorkflowRun, now: datetime) -> dict[str, Any]:
        times = self.session.times
        started = run.started
        took = (run.ended or now) - started if started is not None else None
        widths = self.name_widths
        workflow, trigger = run_names(run)
        return {
            "job": Text(run_label(run, self._planned(run), run.key in self.expanded), style="bold"),
            "workflow": Text(cut(workflow, widths["workflow"]), style="bold"),
            "trigger": cut(trigger, widths["trigger"]),
            "status": status_text(run.status),
            "start": times.time(started or run.created, now),
            "end": times.time(run.ended, started or now),
            "duration": format_duration(took) if took is not None else DASH,
            "workers": str(run.workers),
        }

    def _planned(self, run: WorkflowRun) -> int:
        """How many jobs the run's workflow has (as many as ran when it is not known)."""
        snapshot = self.session.runs.snapshot
        workflow = snapshot.workflows.get(run.workflow_id) if snapshot is not None else None
        return len(workflow.job_nodes) if workflow is not None else len(run.executions)

    def _fit_names(self, snapshot: RunsSnapshot) -> None:
        """Cut names to share what the screen's width leaves after the other columns at their
        widest: a name column that needs less gives the rest to the others, so no column runs
        past the edge and long names use a wide terminal. The table's columns are added again when
        a width shrinks (a column otherwise only grows)."""
        columns = [key for _, key in self._column_spec()]
        names = [key for key in NAME_COLUMNS if key in columns]
        table = self.table
        room = (
            self.app.size.width
            - table.styles.scrollbar_size_vertical
            - 2 * table.cell_padding * len(columns)
            - sum(OTHER_WIDTHS[key] for key in columns if key not in NAME_COLUMNS)
        )
        needs = self._name_needs(snapshot)
        shared = share_width([needs[key] for key in names], room, [MIN_NAME_WIDTH] * len(names))
        widths = dict.fromkeys(NAME_COLUMNS, MIN_NAME_WIDTH) | dict(zip(names, shared, strict=True))
        if any(widths[key] < self.name_widths[key] for key in names):
            table.reset_columns()
        self.name_widths = widths

    def _name_needs(self, snapshot: RunsSnapshot) -> dict[str, int]:
        """Cells the names of the newest rows (those shown with no filter) need whole, per name
        column, once per snapshot: widths do not move while a filter is typed."""
        if self._needs is not None and self._needs[0] == snapshot.version:
            return self._needs[1]
        job, workflow, trigger = len("Job"), len("Workflow"), len("Trigger")
        for entry, _fields in self._top_level(snapshot)[:ROW_LIMIT]:
            if isinstance(entry, WorkflowRun):
                label = run_label(entry, self._planned(entry), expanded=True)
                job = max(
                    job, len(label), *(cell_len(execution_names(e, "")[0]) + 2 for e in entry.executions)
                )
                run_workflow, run_trigger = run_names(entry)
                workflow = max(workflow, cell_len(run_workflow))
                trigger = max(trigger, cell_len(run_trigger))
            else:
                names = execution_names(entry, self._workflow_name(snapshot, entry))
                job = max(job, cell_len(names[0]))
                workflow = max(workflow, cell_len(names[1]))
                trigger = max(trigger, cell_len(names[2]))
        needs = {"job": job, "workflow": workflow, "trigger": trigger}
        self._needs = (snapshot.version, needs)
        return needs

    def _tick(self) -> None:
        """Running durations move every second, without a request; a hidden Runs screen writes
        none (it ticks again as it is shown)."""
        if not in_view(self):
            return
        now = self.session.now()
        for key, (_entry, execution) in self.rows.items():
            if execution is not None and not execution.is_final:
                self.table.update_column(key, "duration", duration_cell(execution, now))

    def update_summary(self) -> None:
        if self._progress is not None:
            done, total = self._progress
            summary = f"loading executions: {format_count(done)} of {format_count(total)} jobs read"
        elif self.session.runs.snapshot is None:
            summary = "loading executions"
        else:
            snapshot = self.session.runs.snapshot
            summary = f"{format_count(len(snapshot.executions))} executions"
            if self.query_:
                summary += f" · filter “{self.filter_text}”: {format_count(self.matching)} match"
            if self.matching > ROW_LIMIT:
                summary += f" · newest {format_count(ROW_LIMIT)} shown"
            for problem in self.query_.problems:
                summary += f" · {problem}"
            if self.session.runs.unread:
                summary += f" · {format_count(self.session.runs.unread)} job(s) could not be read, retried on refresh"
        self.status_line.summary = f"{summary} · {self.live_summary()}"

    # ------------------------------------------------------------------ filter

    def action_open_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        box.focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if not box.display and not self.filter_text:
            if len(self.app.screen_stack) > 1:
                self.app.pop_screen()
            return
        box.value = ""
        box.display = False
        self._apply_filter("")
        self.table.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._apply_filter(event.value)

    def _apply_filter(self, text: str) -> None:
        """Big accounts: keys typed within FILTER_SETTLE_S of each other are applied once."""
        self.filter_text = text.strip()
        self.query_ = parse_query(self.filter_text, self.session.now())
        if self._filter_timer is not None:
            self._filter_timer.stop()
            self._filter_timer = None
        snapshot = self.session.runs.snapshot
        if snapshot is None or len(snapshot.executions) <= IMMEDIATE_FILTER_LIMIT:
            self.render_rows()
        else:
            self._filter_timer = self.set_timer(FILTER_SETTLE_S, self._apply_settled_filter)

    def _apply_settled_filter(self) -> None:
        self._filter_timer = None
        self.render_rows()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        if not self.filter_text:
            event.input.display = False
        self.table.focus()

    # -------------------------------------------------------------- selection

    def selected_row(self) -> tuple[Entry, Execution | None] | None:
        key = self.table.cursor_key
        return None if key is None else self.rows.get(key)

    def selected_object(self) -> Any | None:
        row = self.selected_row()
        if row is None:
            return None
        return row[1]

    def watch_target(self) -> Any | None:
        run = self.selected_run()
        if run is None:
            return self.selected_object()
        # a workflow run is watched through the job execution it runs now (executions are
        # oldest first); a finished run offers its last one, and the watch says it has ended
        live = [execution for execution in run.executions if not execution.is_final]
        return (live or list(run.executions))[-1]

    def selected_run(self) -> WorkflowRun | None:
        row = self.selected_row()
        if row is None or not isinstance(row[0], WorkflowRun):
            return None
        return row[0]

    def action_toggle_run(self) -> None:
        run = self.selected_run()
        if run is None:
            return
        if run.key in self.expanded:
            self.expanded.discard(run.key)
            self.render_rows()
            self.table.select_key(run.key)
        else:
            self.expanded.add(run.key)
            self.render_rows()

    @on(DataTable.RowSelected, "#table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        row = self.rows.get(str(event.row_key.value))
        if row is None:
            return
        execution = row[1]
        if execution is None:
            self.action_toggle_run()
        elif execution.status == "FAILED":
            self.open_triage(execution)
        else:
            from dftui.ui.screens.execution_detail import ExecutionDetailScreen

            self.app.push_screen(ExecutionDetailScreen(self.session, execution))

    def _failed_target(self) -> Execution | None:
        row = self.selected_row()
        if row is None:
            return None
        entry, execution = row
        if execution is None and isinstance(entry, WorkflowRun):
            return next((e for e in entry.executions if e.status == "FAILED"), None)
        return execution if execution is not None and execution.status == "FAILED" else None

    def action_triage(self) -> None:
        target = self._failed_target()
        if target is None:
            self.notify("t explains a FAILED execution: select one first", severity="warning", markup=False)
            return
        self.open_triage(target)

    def open_triage(self, execution: Execution) -> None:
        from dftui.ui.screens.triage import TriageScreen

        snapshot = self.session.runs.snapshot
        history = snapshot.of_job(execution.job_id or "") if snapshot is not None else [execution]
        self.app.push_screen(TriageScreen(self.session, execution, history))

    # ------------------------------------------------------------------ rerun

    def _rerunnable(self) -> bool:
        row = self._safe(self.selected_row)
        if row is None:
            return False
        entry, execution = row
        return (execution or entry).is_final

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in RERUN_TWINS:
            read_only = self.session.settings.read_only
            possible = self._rerunnable()
            if action == "rerun_refused":
                return read_only
            if action == "rerun":
                return possible and not read_only
            return not possible and not read_only
        return super().check_action(action, parameters)

    def action_rerun(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        entry, execution = row
        reruns = Reruns(self.session.actions)
        snapshot = self.session.runs.snapshot
        # a one-job workflow's run is shown as its execution: R runs the workflow again
        alone = execution is not None and entry is execution and snapshot is not None
        run = snapshot.run_of(execution.job_execution_id) if alone and snapshot and execution else None
        if run is not None:
            reruns.workflow_run(run)
        elif execution is not None:
            reruns.execution(execution)  # a job's own run, or one job of a workflow run, alone
        elif isinstance(entry, WorkflowRun):
            reruns.workflow_run(entry)

    def action_rerun_refused(self) -> None:
        self.notify(READ_ONLY_RERUN, title="Read-only", severity="warning", markup=False)

    def action_rerun_explain(self) -> None:
        self.notify(
            "R reruns a finished execution or workflow run: select one first",
            severity="warning",
            markup=False,
        )
