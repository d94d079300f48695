"""The dashboard's two charts, drawn with textual-plot's ``PlotWidget``.

This module imports numpy and textual-plot, so only the dashboard imports it, inside its
``compose``: the app's first frame does not pay for it. Each chart keeps the numbers it drew
(``days``/``totals``/``failed``, ``points``) so tests can compare them with the API.

The charts are not focusable: PlotWidget's own pan and zoom keys (arrows, ``r``) would take
the screen's keys away, and a dashboard chart has nothing to explore.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta, tzinfo
from math import floor

from textual.reactive import reactive
from textual_plot import AxisFormatter, HiResMode, PlotWidget

#: tick spacings for a time axis, in seconds: the first one giving at most ``max_ticks`` wins
_TIME_STEPS = (
    3_600,
    2 * 3_600,
    3 * 3_600,
    6 * 3_600,
    12 * 3_600,
    86_400,
    2 * 86_400,
    7 * 86_400,
    14 * 86_400,
)


class TimeAxis(AxisFormatter):
    """Epoch-seconds axis labelled in the display time zone, on whole hours or days there."""

    def __init__(self, zone: tzinfo, plot_width: Callable[[], int] = lambda: 0) -> None:
        self.zone = zone
        #: the plot's width in cells when it is drawn (0: not known)
        self.plot_width = plot_width

    def get_ticks(self, min_: float, max_: float, max_ticks: int = 8) -> list[float]:
        """Ticks on whole hours or days, as many as fit: the labels of a narrow chart would run
        together ("11-20 1211-21 00"), so a longer step is taken until each has its room."""
        span = max(max_ - min_, 1.0)
        first = next(
            (n for n, s in enumerate(_TIME_STEPS) if span / s <= max(2, max_ticks)), len(_TIME_STEPS) - 1
        )
        cells = self.plot_width()
        ticks: list[float] = []
        for step in _TIME_STEPS[first:]:
            ticks = self._every(step, min_, max_)
            widest = max((len(label) for label in self.get_labels_for_ticks(ticks)), default=0)
            if cells <= 0 or len(ticks) * (widest + 1) <= cells:
                break
        return self._fitting(ticks, min_, max_)

    def _every(self, step: int, min_: float, max_: float) -> list[float]:
        tick = datetime.fromtimestamp(min_, self.zone).replace(minute=0, second=0, microsecond=0)
        if step >= 86_400:
            tick, stride = tick.replace(hour=0), timedelta(days=step // 86_400)
        else:
            hours = step // 3_600
            tick, stride = tick.replace(hour=tick.hour - tick.hour % hours), timedelta(hours=hours)
        ticks: list[float] = []
        while tick.timestamp() <= max_:
            if tick.timestamp() >= min_:
                ticks.append(tick.timestamp())
            tick += stride
        return ticks

    def _fitting(self, ticks: list[float], min_: float, max_: float) -> list[float]:
        """Leave out a last tick whose label, centred on it, would run past the plot's right edge
        (textual-plot cuts it: "12-0"); a tick at the very end has its label right-aligned."""
        cells = self.plot_width()
        while ticks and cells > 2 and ticks[-1] < max_:
            # the column textual-plot draws the tick in, and how many are right of it
            column = floor(1 + (ticks[-1] - min_) / max(max_ - min_, 1.0) * (cells - 2))
            if cells - 1 - column >= len(self.get_labels_for_ticks(ticks)[-1]) // 2:
                break
            ticks.pop()
        return ticks

    def get_labels_for_ticks(self, ticks: Sequence[float]) -> list[str]:
        if not ticks:
            return []
        span = ticks[-1] - ticks[0]
        moments = [datetime.fromtimestamp(t, self.zone) for t in ticks]
        midnights = all(moment.hour == 0 and moment.minute == 0 for moment in moments)
        fmt = "%H:%M" if span < 86_400 else ("%m-%d %H" if span <= 3 * 86_400 and not midnights else "%m-%d")
        return [moment.strftime(fmt) for moment in moments]


class DayAxis(AxisFormatter):
    """Bar positions 0..n-1 labelled with their calendar day (``11-28``)."""

    def __init__(self) -> None:
        self.days: list[date] = []

    def get_ticks(self, min_: float, max_: float, max_ticks: int = 8) -> list[float]:
        count = len(self.days)
        if not count:
            return []
        every = max(1, -(-count // max(1, max_ticks)))
        return [float(i) for i in range(0, count, every) if min_ <= i <= max_]

    def get_labels_for_ticks(self, ticks: Sequence[float]) -> list[str]:
        return [self.days[int(t)].strftime("%m-%d") for t in ticks if 0 <= int(t) < len(self.days)]


class CountAxis(AxisFormatter):
    """Whole numbers only: a count of executions is never 2.5."""

    def get_ticks(self, min_: float, max_: float, max_ticks: int = 8) -> list[float]:
        top = max(1, int(max_))
        step = 1
        for candidate in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1_000, 2_000, 5_000, 10_000):
            step = candidate
            if top / candidate <= max(2, max_ticks - 1):
                break
        return [float(v) for v in range(0, top + 1, step) if v >= min_]

    def get_labels_for_ticks(self, ticks: Sequence[float]) -> list[str]:
        return [f"{int(t):,}" for t in ticks]


class _Chart(PlotWidget, can_focus=False):
    DEFAULT_CSS = """
    _Chart { height: 1fr; }
    """

    #: room for the count labels (PlotWidget leaves 10)
    margin_left = reactive(6)
    #: no row above the plot and two below (axis and labels): the plot keeps its height at 80x24
    margin_top = reactive(0)
    margin_bottom = reactive(2)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, allow_pan_and_zoom=False)
        self.set_y_formatter(CountAxis())


class DailyChart(_Chart):
    """Executions per day: all of them (getExecutionCount) with the failed part over them."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.axis = DayAxis()
        self.set_x_formatter(self.axis)
        self.days: list[date] = []
        self.totals: list[int] = []
        self.failed: list[int] | None = None

    def draw(self, days: Sequence[date], totals: Sequence[int], failed: Sequence[int] | None) -> None:
        self.days, self.totals = list(days), list(totals)
        self.failed = None if failed is None else list(failed)
        self.axis.days = self.days
        self.clear()
        xs = list(range(len(self.days)))
        top = max([*self.totals, 1])
        self.set_xlimits(-0.6, len(self.days) - 0.4)
        self.set_ylimits(0, top * 1.1)
        self.bar(xs, self.totals, width=0.7, bar_style="green", hires_mode=HiResMode.QUADRANT, label="all")
        if self.failed is not None:
            self.bar(
                xs, self.failed, width=0.7, bar_style="red", hires_mode=HiResMode.QUADRANT, label="failed"
            )


class TimesChart(_Chart):
    """Executions over time (getExecutionTimes): points as received, sorted by time."""

    def __init__(self, zone: tzinfo, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_x_formatter(TimeAxis(zone, lambda: max(self.size.width - self.margin_left, 0)))
        self.points: list[tuple[int, int]] = []

    def draw(self, points: Sequence[tuple[int, int]], start: datetime, end: datetime) -> None:
        self.points = sorted(points)
        self.clear()
        xs = [t / 1000 for t, _ in self.points]
        ys = [v for _, v in self.points]
        self.set_xlimits(start.timestamp(), end.timestamp())
        self.set_ylimits(0, max([*ys, 1]) * 1.1)
        self.plot(xs, ys, line_style="cyan", hires_mode=HiResMode.QUADRANT)
        if len(xs) == 1:  # a line through one point draws nothing (the first hours of "Today")
            self.scatter(xs, ys, marker="●", marker_style="cyan")
