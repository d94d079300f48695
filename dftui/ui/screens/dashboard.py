"""Dashboard (key 1): is the pipeline healthy, and what needs me now?

The period (``[``/``]`` step through today, 24 hours, 7 and 30 days; ``P`` types a range) drives
the three stats operations: the summary (against the period before, ▲/▼) and both charts.
The cards below come from the session's Runs service (running now, recent failures, top
failing and slowest jobs), refreshed in the background after the stats so they never hold
them up, and from :mod:`dftui.ui.forecast` (next up). The chart module is imported in
:meth:`load_charts`, in a thread after the first figures are shown: numpy and the plotting
library never delay them.

A poll brings new data every time (a preset period ends *now*), but each part is drawn again
only when what it shows changed: the period line, the figures, each chart, next up and each
card remember the key of what they show (:meth:`DashboardScreen._changed`), and the 1 s ticker
writes only the elapsed cells whose text changed.
"""

from __future__ import annotations

import asyncio
import importlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.events import Resize
from textual.message import Message
from textual.widget import Widget
from textual.widgets import DataTable, Label, Static

from dftui.api.models import Execution, ExecutionCount, ExecutionResult, ExecutionTimes, Trigger, Workflow
from dftui.ui.errors import error_message
from dftui.ui.forecast import Firing, crowded_hours, next_firings
from dftui.ui.format import DASH, cut, format_count, format_duration, share_width
from dftui.ui.in_view import in_view
from dftui.ui.periods import DEFAULT_PRESET, Period, parse_range, preset_period, step_preset
from dftui.ui.run_stats import CardFigures, JobFigure, card_figures
from dftui.ui.safe_text import clean, safe_text
from dftui.ui.screens.base import DataScreen
from dftui.ui.services.data import DataChange
from dftui.ui.services.runs_snapshot import RunsSnapshot
from dftui.ui.session import Session
from dftui.ui.status import status_text
from dftui.ui.widgets.executions import duration_cell
from dftui.ui.widgets.keyed_table import KeyedTable
from dftui.ui.widgets.live_cells import LiveCellsTable

if TYPE_CHECKING:
    from dftui.ui.widgets.charts import DailyChart, TimesChart

#: rows in the running and failures cards
CARD_ROWS = 6
UNLAID_JOB_WIDTH, UNLAID_TRIGGER_WIDTH = 16, 9
"""How much of a job's and a trigger's name the run cards show before their cards are laid out."""
MIN_JOB_WIDTH = 8
#: when both names are long, the job (what ran) keeps three fifths of the room, the trigger two
NAME_WEIGHTS = (3, 2)
ELAPSED_GROWTH = 1
"""Room kept for an elapsed time that grows a character between two refreshes (9m59s, 10m00s)."""
#: next firings listed (the crowded hours are flagged over the whole 24 hours)
NEXT_UP_ROWS = 6
#: the dashboard accepts a Runs snapshot this fresh when it is shown again (seconds)
SHARED_FRESHNESS = 2.0
#: below this width the charts and cards stack in one column
NARROW_WIDTH = 100
#: the times chart is drawn again when an end of its period moved by more than this share of
#: the period's length (less is under half a point of a chart up to 500 cells wide)
TIMES_CHART_SHIFT = 0.001


@dataclass(frozen=True)
class DashboardData:
    period: Period
    current: ExecutionResult
    previous: ExecutionResult
    counts: ExecutionCount
    times: ExecutionTimes
    triggers: tuple[Trigger, ...]
    workflows: tuple[Workflow, ...]


def change_text(now: float, before: float, *, rate: bool = False, bad_when_up: bool = False) -> Text:
    """``▲ 12 (+8%)`` / ``▼ 1.5 pt``: green when it got better, red when worse."""
    delta = now - before
    if abs(delta) < 1e-9:
        return Text("= same as before", style="dim")
    arrow = "▲" if delta > 0 else "▼"
    good = (delta > 0) != bad_when_up
    if rate:
        words = f"{arrow} {abs(delta):.1f} pt"
    elif before:
        words = f"{arrow} {abs(delta):,.0f} ({delta / before:+.0%})"
    else:
        words = f"{arrow} {abs(delta):,.0f} (none before)"
    return Text(words, style="green" if good else "red")


def success_rate(result: ExecutionResult) -> float | None:
    finished = result.completed_count + result.failed_count
    return 100 * result.completed_count / finished if finished else None


class RunCard(Vertical):
    """The card of a run table whose names are cut to its width. It tells the screen when it is
    resized: the screen's own resize comes before the layout gives the cards their widths."""

    class Resized(Message):
        def __init__(self, card: RunCard) -> None:
            super().__init__()
            self.card = card

    def on_resize(self, event: Resize) -> None:
        self.post_message(RunCard.Resized(self))


class DashboardScreen(DataScreen[DashboardData]):
    screen_title = "Dashboard"
    offers_run = False
    shows = frozenset({"execution"})
    fetch_while_composing = True  # the first screen: its figures are asked for at once

    DEFAULT_CSS = """
    DashboardScreen #dash { padding: 0 1; }
    DashboardScreen #period-line { height: auto; }
    DashboardScreen #stat-row { height: 4; margin-top: 1; }
    DashboardScreen .stat { width: 1fr; height: 4; border: round $panel; padding: 0 1; }
    DashboardScreen #chart-row { height: 16; }
    DashboardScreen .panel { width: 1fr; height: 1fr; border: round $panel; }
    DashboardScreen .panel-title { text-style: bold; color: $accent; height: 1; padding: 0 1; }
    DashboardScreen .empty { color: $text-muted; padding: 1 2; height: 1fr; }
    DashboardScreen #cards { grid-size: 2; grid-rows: auto; height: auto; grid-gutter: 0 1; }
    DashboardScreen .card { height: auto; min-height: 5; border: round $panel; }
    /* the names are cut to fit the card: no scrollbar (one Textual kept at an exact fit) */
    DashboardScreen .card KeyedTable { height: auto; max-height: 8; overflow-x: hidden; }
    DashboardScreen .card Static { padding: 0 1; height: auto; }
    DashboardScreen.narrow #chart-row { height: auto; layout: vertical; }
    DashboardScreen.narrow #chart-row .panel { height: 11; }
    DashboardScreen.narrow #cards { grid-size: 1; }
    DashboardScreen.narrow #stat-row .stat { padding: 0; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "left_square_bracket",
            "period(-1)",
            "Previous period",
            key_display="[",
            show=False,
            id="dash.period_back",
        ),
        Binding("right_square_bracket", "period(1)", "Next period", key_display="]", id="dash.period_next"),
        Binding("P", "custom_period", "Custom period", show=False, id="dash.period_custom"),
    ]

    def __init__(self, session: Session, **kwargs: Any) -> None:
        super().__init__(session, **kwargs)
        self.preset = DEFAULT_PRESET
        self.custom: Period | None = None
        self._triggers: tuple[Trigger, ...] | None = None
        self._workflows: tuple[Workflow, ...] | None = None
        self._live: dict[str, Execution] = {}
        self._failed: dict[str, Execution] = {}
        self._runs_version: int | None = None
        self._card_widths: dict[str, tuple[int, int]] = {}
        #: the run cards' widths their names were last cut to
        self._fitted_widths: tuple[int, ...] = ()
        self._charts_ready = False
        self._charts_started = False
        #: part of the screen -> the key of what it shows (see :meth:`_changed`)
        self._drawn: dict[str, Any] = {}
        #: the cards' figures last derived (in a worker thread: see :meth:`_derive_figures`)
        self._card_figures: CardFigures | None = None
        #: the key of the figures being derived now
        self._deriving: tuple[object, ...] | None = None

    # ------------------------------------------------------------------ compose

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="dash"):
            yield Static(id="period-line")
            with Horizontal(id="stat-row"):
                for key in ("total", "completed", "failed", "rate"):
                    yield Static(id=f"stat-{key}", classes="stat")
            with Horizontal(id="chart-row"):
                with Vertical(classes="panel", id="daily-panel"):
                    yield Label("Executions per day (green: all, red: failed)", classes="panel-title")
                    yield Static(id="daily-empty", classes="empty")
                with Vertical(classes="panel", id="times-panel"):
                    yield Label("Executions over time", classes="panel-title")
                    yield Static(id="times-empty", classes="empty")
            with Grid(id="cards"):
                with RunCard(classes="card"):
                    yield Label("Running now", classes="panel-title")
                    yield LiveCellsTable(
                        [
                            ("Job", "job"),
                            ("Status", "status"),
                            ("Elapsed", "elapsed"),
                            ("Trigger", "trigger"),
                        ],
                        id="running",
                    )
                    yield Static(id="running-empty", classes="empty")
                with RunCard(classes="card"):
                    yield Label("Recent failures", classes="panel-title")
                    yield KeyedTable(
                        [("Job", "job"), ("Ended", "when"), ("Took", "duration"), ("Trigger", "trigger")],
                        id="failures",
                    )
                    yield Static(id="failures-empty", classes="empty")
                with Vertical(classes="card"):
                    yield Label("Next up (24 hours)", classes="panel-title")
                    yield Static(id="next-up")
                with Vertical(classes="card"):
                    yield Label("Top failing jobs (period)", classes="panel-title")
                    yield Static(id="top-failing")
                with Vertical(classes="card"):
                    yield Label("Slowest jobs, median run time (period)", classes="panel-title")
                    yield Static(id="slowest")

    def on_mount(self) -> None:
        self.set_class(self.app.size.width < NARROW_WIDTH, "narrow")
        for empty in ("#daily-empty", "#times-empty", "#running-empty", "#failures-empty"):
            self.query_one(empty).display = False
        self.set_interval(1.0, self._tick)
        self._show_period_line()  # the run cards are drawn once the screen is shown (on_screen_resume)

    @work(group="dashboard-charts", exit_on_error=False)
    async def load_charts(self) -> None:
        """numpy and textual-plot are imported in a thread once the first figures are on screen
        (an import holds the interpreter lock: during the first load it would delay that load)."""
        charts = await asyncio.to_thread(importlib.import_module, "dftui.ui.widgets.charts")
        daily, times = charts.DailyChart(id="daily"), charts.TimesChart(self.session.times.zone, id="times")
        await self.query_one("#daily-panel").mount(daily, before="#daily-empty")
        await self.query_one("#times-panel").mount(times, before="#times-empty")
        self._charts_ready = True
        self._drawn.pop("daily", None)
        self._drawn.pop("times", None)
        if self.data is not None:
            self._show_daily(self.data, self.session.runs.snapshot)
            self._show_times(self.data)

    def on_resize(self, event: Any) -> None:
        self.set_class(event.size.width < NARROW_WIDTH, "narrow")
        if self.data is not None:
            self._show_summary(self.data)  # the cards' labels depend on the width

    @on(RunCard.Resized)
    def _fit_run_cards(self) -> None:
        """A run card got a new width (the layout has settled): the names are cut to the cards'
        widths again, once for both cards (they are laid out together)."""
        widths = tuple(card.size.width for card in self.query(RunCard))
        if widths != self._fitted_widths:
            self._fitted_widths = widths
            self._runs_version = None
            self.show_runs(self.session.runs.snapshot)

    def on_screen_resume(self, event: Any) -> None:
        # DataScreen's handler runs too (Textual calls each class's handler along the MRO)
        self._tick()
        self._draw_runs(self.session.runs.snapshot)  # what came while hidden (not yet marked shown)

    def set_loading(self, loading: bool) -> None:
        self.query_one("#stat-row").loading = loading

    @property
    def daily_chart(self) -> DailyChart:
        from dftui.ui.widgets.charts import DailyChart

        return self.query_one("#daily", DailyChart)

    @property
    def times_chart(self) -> TimesChart:
        from dftui.ui.widgets.charts import TimesChart

        return self.query_one("#times", TimesChart)

    # ------------------------------------------------------------------ period

    def current_period(self) -> Period:
        if self.custom is not None:
            return self.custom
        return preset_period(self.preset, self.session.now(), self.session.times.zone)

    def action_period(self, step: int) -> None:
        self.preset = step_preset(self.preset if self.custom is None else "", step)
        self.custom = None
        self._show_period_line()
        self.load()

    def action_custom_period(self) -> None:
        from dftui.ui.dialogs.period import PeriodScreen

        def parse(text: str) -> Period:
            return parse_range(text, self.session.now(), self.session.times.zone)

        def chosen(period: Period | None) -> None:
            if period is not None:
                self.custom = period
                self._show_period_line()
                self.load()

        current = self.current_period()
        self.app.push_screen(PeriodScreen(parse, f"{current.start:%Y-%m-%d} {current.end:%Y-%m-%d}"), chosen)

    def _changed(self, part: str, key: Any) -> bool:
        """True, and ``key`` remembered, when ``part`` of the screen shows something else."""
        if part in self._drawn and self._drawn[part] == key:
            return False
        self._drawn[part] = key
        return True

    def _show_period_line(self) -> None:
        words = self.current_period().words()
        if not self._changed("period", (words, self.session.times.label)):
            return
        line = Text("Period  ", style="bold")
        line.append(words, style="bold")
        line.append(f" ({self.session.times.label}) · ▲▼ against the period before", style="dim")
        line.append(" · [ ] P change", style="dim")
        self.query_one("#period-line", Static).update(line)

    # -------------------------------------------------------------------- data

    async def fetch(self) -> DashboardData:
        if self.loaded_once:
            self.refresh_runs()  # the cards' data: in the background, never waited for here
        period = self.current_period()
        previous = period.previous()
        client = self.session.client
        current, before, counts, times, forecast = await asyncio.gather(
            client.get_execution_result(period.start, period.end),
            client.get_execution_result(previous.start, previous.end),
            client.get_execution_count(period.start, period.end),
            client.get_execution_times(period.start, period.end),
            self._forecast_inputs(),
        )
        return DashboardData(period, current, before, counts, times, *forecast)

    def first_load_finished(self) -> None:
        # the first figures go first: the cards' reads start once the frame with them is drawn
        self.call_after_refresh(self.refresh_runs)

    async def _forecast_inputs(self) -> tuple[tuple[Trigger, ...], tuple[Workflow, ...]]:
        """Triggers and workflows for "next up": the API cannot change a trigger, so both are read
        again only after a write."""
        if self._triggers is None or self._workflows is None:
            triggers, workflows = await asyncio.gather(
                self.session.data.triggers(), self.session.data.workflows()
            )
            self._triggers, self._workflows = tuple(triggers), tuple(workflows)
        return self._triggers, self._workflows

    def data_changed(self, change: DataChange) -> None:
        if change.kind in ("workflow", "trigger"):
            self._triggers = self._workflows = None
            self.session.runs.forget_workflows()
        super().data_changed(change)

    @work(exclusive=True, group="dashboard-runs", exit_on_error=False)
    async def refresh_runs(self) -> None:
        fresh = SHARED_FRESHNESS if self._runs_version is None else 0.0
        try:
            snapshot = await self.session.runs.refresh(
                lambda _done, _total: self.show_runs(self.session.runs.snapshot), max_age=fresh
            )
        except Exception as error:  # the stats cards still show; these keep their last figures
            self.status_line.summary = (
                f"executions could not be read: {error_message(error)} · {self.live_summary()}"
            )
            return
        self.show_runs(snapshot)

    def show(self, data: DashboardData) -> None:
        if not self._charts_started:
            self._charts_started = True
            # after the frame with these figures is drawn: the import thread holds the
            # interpreter lock for much of its time, and that frame would wait for it
            self.call_after_refresh(self.load_charts)
        self._show_period_line()
        self._show_summary(data)
        self._show_daily(data, self.session.runs.snapshot)
        self._show_times(data)
        self._show_next_up(data)
        self._show_period_cards(data, self.session.runs.snapshot)

    def _show_summary(self, data: DashboardData) -> None:
        now, before = data.current, data.previous
        figures = [(r.total_count, r.completed_count, r.failed_count) for r in (now, before)]
        narrow = self.has_class("narrow")
        if not self._changed("summary", (figures, narrow)):
            return
        rate, rate_before = success_rate(now), success_rate(before)
        cells = {
            "total": (
                "Total",
                format_count(now.total_count),
                change_text(now.total_count, before.total_count),
            ),
            "completed": (
                "Completed",
                format_count(now.completed_count),
                change_text(now.completed_count, before.completed_count),
            ),
            "failed": (
                "Failed",
                format_count(now.failed_count),
                change_text(now.failed_count, before.failed_count, bad_when_up=True),
            ),
            "rate": (
                # a narrow card has 18 columns: "Success rate  89.2%" would wrap, hiding its ▲▼ line
                "Success" if narrow else "Success rate",
                DASH if rate is None else f"{rate:.1f}%",
                change_text(rate, rate_before, rate=True)
                if rate is not None and rate_before is not None
                else Text("no finished runs to compare", style="dim"),
            ),
        }
        for key, (label, value, delta) in cells.items():
            text = Text(f"{label}  ", style="bold")
            text.append(value, style="bold red" if key == "failed" and now.failed_count else "bold")
            text.append("\n")
            text.append_text(delta)
            self.query_one(f"#stat-{key}", Static).update(text)

    def _empty_words(self, data: DashboardData) -> str:
        snapshot = self.session.runs.snapshot
        if snapshot is not None and not snapshot.jobs:
            return "This account has no jobs yet: create one on the Jobs screen (3) and run it."
        if snapshot is not None and not snapshot.executions:
            return "No job has run yet: run one (3, then x) and its executions show here."
        return f"No executions in this period ({data.period.name.lower()}): try a longer one with ]."

    def _show_daily(self, data: DashboardData, snapshot: RunsSnapshot | None) -> None:
        buckets = data.counts.result
        totals = [b.total_count for b in buckets]
        if not self._charts_ready:
            return  # drawn by load_charts once the chart module is in
        days = [b.start_date.date() for b in buckets]
        chart, empty = self.daily_chart, self.query_one("#daily-empty", Static)
        if not any(totals):
            words = self._empty_words(data)
            if self._changed("daily", ("empty", days, words)):
                chart.display, empty.display = False, True
                empty.update(Text(words))
                chart.days, chart.totals, chart.failed = days, totals, None
            return
        figures = None if snapshot is None else self._figures_for(snapshot)
        if snapshot is not None and figures is None:
            return  # drawn with its failed part once the figures are derived
        failed = None if figures is None else figures.failed_by_bucket
        if not self._changed("daily", ("chart", days, totals, failed)):
            return
        chart.display, empty.display = True, False
        chart.draw(days, totals, failed)

    def _show_times(self, data: DashboardData) -> None:
        points = [(p.time, p.value) for p in data.times.result]
        if not self._charts_ready:
            return
        chart, empty = self.times_chart, self.query_one("#times-empty", Static)
        if not any(value for _, value in points):
            words = self._empty_words(data)
            if self._changed("times", ("empty", points, words)):
                chart.display, empty.display = False, True
                empty.update(Text(words))
                chart.points = sorted(points)
            return
        start, end = data.period.start, data.period.end
        drawn = self._drawn.get("times")
        if drawn is not None and drawn[0] == "chart" and drawn[1] == points:
            shift = TIMES_CHART_SHIFT * (end - start).total_seconds()
            if max(abs((start - drawn[2]).total_seconds()), abs((end - drawn[3]).total_seconds())) <= shift:
                return  # the same points over a span moved by less than half a point
        self._drawn["times"] = ("chart", points, start, end)
        chart.display, empty.display = True, False
        chart.draw(points, start, end)

    def _show_next_up(self, data: DashboardData) -> None:
        now = self.session.now()
        firings = next_firings(data.triggers, data.workflows, now)
        if not self._changed("next-up", (firings, self.session.times.zone)):
            return
        widget = self.query_one("#next-up", Static)
        if not firings:
            widget.update(Text("No scheduled trigger fires in the next 24 hours.", style="dim"))
            return
        table = Table(box=None, show_header=False, padding=(0, 1), expand=True)
        table.add_column("at", no_wrap=True, width=5)
        table.add_column("workflow", ratio=1, no_wrap=True, overflow="ellipsis")
        table.add_column("workers", justify="right", no_wrap=True)
        for firing in firings[:NEXT_UP_ROWS]:
            table.add_row(*self._firing_row(firing))
        crowded = crowded_hours(firings, self.session.times.zone)
        footer = Text(f"{len(firings)} workflow start(s) in 24 hours", style="dim")
        for hour in crowded[:3]:
            names = ", ".join(sorted({f.workflow_name for f in hour.firings}))
            footer.append(f"\n⚠ {hour.start:%H}:00 ", style="bold yellow")
            footer.append_text(
                safe_text(
                    f"{len(hour.firings)} heavy workflows start together ({hour.workers} workers): {names}"
                )
            )
        from rich.console import Group

        widget.update(Group(table, footer))

    def _firing_row(self, firing: Firing) -> tuple[Any, ...]:
        local = self.session.times.local(firing.at)
        name = safe_text(firing.workflow_name, "bold" if firing.heavy else "")
        name.append(f"  {firing.rule}", style="dim")
        return (f"{local:%H:%M}", name, f"{firing.workers}w")

    # ------------------------------------------------------------- run cards

    def show_runs(self, snapshot: RunsSnapshot | None) -> None:
        """The cards drawn from the Runs service; nothing is drawn twice for the same snapshot, and
        nothing while the dashboard is hidden: on a big account each drawing is seconds of the UI
        loop's time over 100,000 executions, and the Runs read reports every few seconds. It
        draws the latest one when it is shown again."""
        if self.on_screen:
            self._draw_runs(snapshot)

    def _draw_runs(self, snapshot: RunsSnapshot | None) -> None:
        if snapshot is None or not self.is_mounted:
            return
        if snapshot.version == self._runs_version:
            return
        figures = self._figures_for(snapshot)
        if figures is None:
            return  # drawn once they are derived
        self._runs_version = snapshot.version
        self.update_summary()
        now = self.session.now()
        times = self.session.times
        self._drawn["failures-day"] = times.local(now).date()
        running = figures.running
        self._live = {e.job_execution_id: e for e in running}
        shown = [(status_text(e.status), duration_cell(e, now)) for e in running]
        names = _names(running)
        job_width, trigger_width = self._name_widths(
            "running", names, [("Status", "Elapsed"), *shown], spare=ELAPSED_GROWTH
        )
        self._fill(
            "running",
            [
                (
                    e.job_execution_id,
                    {
                        "job": cut(job, job_width),
                        "status": status,
                        "elapsed": elapsed_text,
                        "trigger": cut(trigger, trigger_width),
                    },
                )
                for e, (job, trigger), (status, elapsed_text) in zip(running, names, shown, strict=True)
            ],
            "Nothing is running now." if not running else "",
        )
        failures = figures.failures
        self._failed = {e.job_execution_id: e for e in failures}
        ended = [
            (
                times.time(e.end_date or e.start_date, now),
                duration_cell(e, now),
            )
            for e in failures
        ]
        names = _names(failures)
        job_width, trigger_width = self._name_widths("failures", names, [("Ended", "Took"), *ended])
        self._fill(
            "failures",
            [
                (
                    e.job_execution_id,
                    {
                        "job": cut(job, job_width),
                        "when": when,
                        "duration": took,
                        "trigger": cut(trigger, trigger_width),
                    },
                )
                for e, (job, trigger), (when, took) in zip(failures, names, ended, strict=True)
            ],
            "No failed executions." if not failures else "",
        )
        if self.data is not None:
            self._show_period_cards(self.data, snapshot)

    def _show_period_cards(self, data: DashboardData, snapshot: RunsSnapshot | None) -> None:
        """Top failing and slowest jobs, and the failed part of the daily chart, for the period;
        a new snapshot, or a new day (the failures card leaves out today's date), redraws the
        cards through :meth:`show_runs`."""
        if snapshot is None or not self.is_mounted:
            return
        if self._drawn.get("failures-day") != self.session.times.local(self.session.now()).date():
            self._runs_version = None
        if snapshot.version != self._runs_version:
            self.show_runs(snapshot)  # which comes back here
            return
        figures = self._figures_for(snapshot)
        if figures is None:
            return
        if self._changed("period-cards", (figures.version, figures.period_key)):
            self._figures("#top-failing", figures.top_failing, failing=True)
            self._figures("#slowest", figures.slowest, failing=False)
        self._show_daily(data, snapshot)

    def _figures_for(self, snapshot: RunsSnapshot) -> CardFigures | None:
        """The cards' figures for ``snapshot`` and the period shown, or None while they are being
        derived (they are drawn when they come)."""
        data = self.data
        period = self.current_period() if data is None else data.period
        buckets = () if data is None else _bucket_edges(data)
        figures = self._card_figures
        if figures is not None and figures.version == snapshot.version:
            if figures.period_key == figures.span_key(period.start, period.end, buckets):
                return figures
        else:
            figures = None
        wanted = (snapshot.version, period.start, period.end, buckets)
        if self._deriving != wanted:  # the three parts that draw them ask in one go
            self._deriving = wanted
            self._derive_figures(snapshot, wanted, period, buckets, figures)
        return None

    # a description of its own: Textual's default is the repr of every argument, and that of a
    # snapshot of 100,000 executions took seconds of the UI loop
    @work(exclusive=True, group="dashboard-figures", exit_on_error=False, description="deriving the cards")
    async def _derive_figures(
        self,
        snapshot: RunsSnapshot,
        wanted: tuple[object, ...],
        period: Period,
        buckets: tuple[tuple[datetime, datetime], ...],
        earlier: CardFigures | None,
    ) -> None:
        """Derive in a worker thread, then draw what waited for them (a newer request cancels
        this one: only the latest figures are drawn)."""
        try:
            self._card_figures = await asyncio.to_thread(
                card_figures,
                snapshot.version,
                snapshot.executions,
                period.start,
                period.end,
                buckets,
                CARD_ROWS,
                earlier,
            )
        finally:
            if self._deriving == wanted:
                self._deriving = None
        latest = self.session.runs.snapshot
        self._draw_runs(latest)
        if self.data is not None:
            self._show_period_cards(self.data, latest)

    def _name_widths(
        self, name: str, names: list[tuple[str, str]], others: list[tuple[str | Text, ...]], *, spare: int = 0
    ) -> tuple[int, int]:
        """How much of each job and trigger name (``names``) card table ``name`` shows: all of
        them where its card has the room after the other columns (``others``: their headers, then
        their cells row by row), else cut to share what is left, so the table never runs past the
        card, with ``spare`` cells left over. Its columns are added again when the widths change (a
        column otherwise only grows)."""
        table = self.query_one(f"#{name}", KeyedTable)
        room = table.parent.content_size.width if isinstance(table.parent, Widget) else 0
        job_need = max([len("Job"), *(cell_len(job) for job, _ in names)])
        trigger_need = max([len("Trigger"), *(cell_len(trigger) for _, trigger in names)])
        widths = (min(job_need, UNLAID_JOB_WIDTH), min(trigger_need, UNLAID_TRIGGER_WIDTH))
        if room > 0:
            taken = sum(max(_cell_width(cell) for cell in column) for column in zip(*others, strict=True))
            columns = len(others[0]) + 2
            free = room - taken - 2 * table.cell_padding * columns - spare
            job, trigger = share_width(
                [job_need, trigger_need], free, [MIN_JOB_WIDTH, len("Trigger")], weights=NAME_WEIGHTS
            )
            widths = (job, trigger)
        if self._card_widths.get(name, widths) != widths:
            table.reset_columns()
        self._card_widths[name] = widths
        return widths

    def _fill(self, name: str, rows: list[tuple[str, dict[str, Any]]], empty_words: str) -> None:
        table = self.query_one(f"#{name}", KeyedTable)
        table.sync(rows)
        table.display = bool(rows)
        empty = self.query_one(f"#{name}-empty", Static)
        empty.display = not rows
        if self._changed(f"{name}-empty", empty_words):
            empty.update(Text(empty_words))

    def _figures(self, selector: str, figures: list[JobFigure], *, failing: bool) -> None:
        if not self._changed(selector, figures):
            return
        widget = self.query_one(selector, Static)
        if not figures:
            words = "No job failed in this period." if failing else "No completed run in this period."
            widget.update(Text(words, style="dim"))
            return
        table = Table(box=None, show_header=False, padding=(0, 1), expand=True)
        table.add_column("job", ratio=1, no_wrap=True, overflow="ellipsis")
        table.add_column("figure", justify="right", no_wrap=True)
        for figure in figures:
            if failing:
                value = Text(f"{figure.failed} of {figure.runs} failed", style="red")
            else:
                value = Text(f"{format_duration(figure.median_seconds)}  ({figure.runs} runs)")
            table.add_row(safe_text(figure.name), value)
        widget.update(table)

    def _tick(self) -> None:
        """Elapsed times move every second; only cells whose text changed are written, and a
        hidden dashboard writes none (it ticks again as it is shown)."""
        if not in_view(self) or not self._live:
            return
        now = self.session.now()
        table = self.query_one("#running", KeyedTable)
        for key, execution in self._live.items():
            table.update_column(key, "elapsed", duration_cell(execution, now))

    # --------------------------------------------------------------- selection

    def selected_object(self) -> Execution | None:
        focused = self.focused
        if isinstance(focused, KeyedTable) and focused.id in ("running", "failures"):
            key = focused.cursor_key
            source = self._live if focused.id == "running" else self._failed
            return None if key is None else source.get(key)
        return None

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        key = str(event.row_key.value)
        execution = self._live.get(key) or self._failed.get(key)
        if execution is None:
            return
        from dftui.ui.screens.execution_detail import ExecutionDetailScreen

        self.app.push_screen(ExecutionDetailScreen(self.session, execution))

    def update_summary(self) -> None:
        snapshot = self.session.runs.snapshot
        runs = "" if snapshot is None else f" · {format_count(len(snapshot.executions))} executions known"
        self.status_line.summary = f"execution statistics{runs} · {self.live_summary()}"


def _bucket_edges(data: DashboardData) -> tuple[tuple[datetime, datetime], ...]:
    """The daily chart's buckets as ``(start, end]`` spans: getExecutionCount's buckets cover
    (D 00:00:00, D+1 00:00:00], and the first also holds D 00:00:00."""
    return tuple((b.start_date - timedelta(seconds=1), b.end_date) for b in data.counts.result)


def _names(executions: list[Execution]) -> list[tuple[str, str]]:
    """Each execution's job and trigger name, as a run card shows them before they are cut."""
    return [(clean(e.job_name or e.job_id), clean(e.trigger_name or "manual")) for e in executions]


def _cell_width(cell: str | Text) -> int:
    return cell.cell_len if isinstance(cell, Text) else cell_len(cell)
