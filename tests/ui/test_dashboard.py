"""Dashboard (key 1): the numbers on the cards and behind each chart are what the history implies.

Expected values are computed here from every execution the emulator returns (all jobs, all
pages) with the stats rule of docs/api-contract.md: an execution counts at its start, or its
creation while queued, when that instant lies in ``[startDate, endDate]``.
"""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs

import httpx
from textual import events
from textual.geometry import Size

from dftui.api.models import Execution
from dftui.emulator import EmulatorServer, ManualClock
from dftui.timeutil import KST
from dftui.ui.dialogs.period import PeriodScreen
from dftui.ui.format import DASH
from dftui.ui.screens.dashboard import DashboardScreen
from tests.emulator_fixtures import EMULATOR_START
from tests.ui.conftest import SIZE, ObservingLink, keys, make_app, make_client, settle
from tests.ui.pages import screen_text

WEEK_START = datetime(2026, 11, 22, tzinfo=KST)  # "Last 7 days" at 2026-11-28 09:00 Korea time


async def all_executions(server: EmulatorServer) -> list[Execution]:
    async with make_client(server) as client:
        jobs = await client.collect_all(client.get_jobs)
        return [e for job in jobs for e in await client.collect_all(client.get_job_executions, job.job_id)]


def when(execution: Execution) -> datetime:
    value = execution.start_date or execution.created_date
    assert value is not None
    return value


def in_range(executions: list[Execution], start: datetime, end: datetime) -> list[Execution]:
    return [e for e in executions if start <= when(e) <= end]


def day_of(execution: Execution, start: datetime) -> date:
    """The getExecutionCount bucket: (D 00:00:00, D+1 00:00:00] in Korea time, the first holds its start."""
    at = when(execution).astimezone(KST)
    return start.date() if at == start else (at - timedelta(microseconds=1)).date()


def two_hour_points(executions: list[Execution], start: datetime, end: datetime) -> list[tuple[int, int]]:
    first = start.astimezone(KST).replace(minute=0, second=0, microsecond=0)
    first -= timedelta(hours=first.hour % 2)
    points = []
    bucket = first
    while bucket <= end:
        top = bucket + timedelta(hours=2)
        points.append((int(bucket.timestamp() * 1000), sum(bucket <= when(e) < top for e in executions)))
        bucket = top
    return points


def stats_queries(seen: list[httpx.Request]) -> set[tuple[str, str, str]]:
    out = set()
    for request in seen:
        if "/stats/" in request.url.path:
            query = parse_qs(request.url.query.decode())
            out.add((request.url.path.rsplit("/", 1)[-1], query["startDate"][0], query["endDate"][0]))
    return out


async def open_dashboard(pilot: Any) -> DashboardScreen:
    await settle(pilot)
    await settle(pilot)  # the cards' background refresh
    screen = pilot.app.screen
    assert isinstance(screen, DashboardScreen)
    return screen


async def test_cards_and_charts_show_what_the_history_implies(emulator: EmulatorServer) -> None:
    executions = await all_executions(emulator)
    end = EMULATOR_START
    week = in_range(executions, WEEK_START, end)
    length = end - WEEK_START
    before = in_range(
        executions, WEEK_START - length - timedelta(seconds=1), WEEK_START - timedelta(seconds=1)
    )
    outcome = Counter(e.status for e in week)
    earlier = Counter(e.status for e in before)
    async with make_app(emulator).run_test(size=SIZE) as pilot:
        screen = await open_dashboard(pilot)
        text = screen_text(pilot.app)
        assert f"Total  {len(week):,}" in text
        assert f"Completed  {outcome['COMPLETED']:,}" in text
        assert f"Failed  {outcome['FAILED']:,}" in text
        finished = outcome["COMPLETED"] + outcome["FAILED"]
        assert f"Success rate  {100 * outcome['COMPLETED'] / finished:.1f}%" in text
        delta = len(week) - len(before)
        assert f"{'▲' if delta > 0 else '▼'} {abs(delta):,} ({delta / len(before):+.0%})" in text
        delta = outcome["FAILED"] - earlier["FAILED"]
        assert f"{'▲' if delta > 0 else '▼'} {abs(delta):,}" in text

        # executions per day: totals from getExecutionCount, failures from the execution lists
        daily = screen.daily_chart
        days = [WEEK_START.date() + timedelta(days=n) for n in range(7)]
        assert daily.days == days
        per_day = Counter(day_of(e, WEEK_START) for e in week)
        failed_per_day = Counter(day_of(e, WEEK_START) for e in week if e.status == "FAILED")
        assert daily.totals == [per_day[d] for d in days]
        assert daily.failed == [failed_per_day[d] for d in days]

        # executions over time: getExecutionTimes' two-hour points
        assert screen.times_chart.points == two_hour_points(week, WEEK_START, end)

        # running now and the failure cards
        live = {e.job_execution_id for e in executions if e.status in ("READY", "RUNNING")}
        running = screen.query_one("#running")
        assert set(running.row_keys_in_order()) == live  # type: ignore[attr-defined]
        fails = Counter((e.job_name, e.job_id) for e in week if e.status == "FAILED")
        runs = Counter((e.job_name, e.job_id) for e in week)
        (name, job_id), count = max(fails.items(), key=lambda item: (item[1], runs[item[0]]))
        assert f"{count} of {runs[(name, job_id)]} failed" in text
        newest_failure = max((e for e in executions if e.status == "FAILED"), key=lambda e: e.end_date)  # type: ignore[arg-type, return-value]
        assert screen.query_one("#failures").row_keys_in_order()[0] == newest_failure.job_execution_id  # type: ignore[attr-defined]
        assert "Next up" in text and "every hour at" in text


async def test_switching_the_period_asks_for_its_dates(emulator: EmulatorServer) -> None:
    seen: list[httpx.Request] = []
    app = make_app(emulator, client=make_client(emulator, transport=ObservingLink(seen.append)))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_dashboard(pilot)
        assert ("executions", "2026-11-22T00:00:00", "2026-11-28T09:00:00") in stats_queries(seen)
        assert "Last 7 days" in screen_text(app)

        seen.clear()
        await keys(pilot, "right_square_bracket")
        asked = stats_queries(seen)
        month = ("2026-10-30T00:00:00", "2026-11-28T09:00:00")
        assert {(op, *month) for op in ("executions", "executions-interval", "execution-times")} <= asked
        assert ("executions", "2026-09-30T14:59:59", "2026-10-29T23:59:59") in asked  # the 30 days before
        assert "Last 30 days" in screen_text(app)
        assert len(screen.daily_chart.days) == 30

        seen.clear()
        await keys(pilot, "left_square_bracket", "left_square_bracket")
        assert ("executions", "2026-11-27T09:00:00", "2026-11-28T09:00:00") in stats_queries(seen)
        assert "Last 24 hours" in screen_text(app)


async def test_a_typed_range_without_executions_says_so(emulator: EmulatorServer) -> None:
    seen: list[httpx.Request] = []
    app = make_app(emulator, client=make_client(emulator, transport=ObservingLink(seen.append)))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_dashboard(pilot)
        await keys(pilot, "P")
        dialog = app.screen
        assert isinstance(dialog, PeriodScreen)
        box = dialog.query_one("#period-input")
        box.value = "2026-12-05 2026-12-01"  # type: ignore[attr-defined]
        await keys(pilot, "enter")
        assert "must not be after" in screen_text(app)
        box.value = "2026-01-01 2026-01-02"  # type: ignore[attr-defined]
        seen.clear()
        await keys(pilot, "enter")
        assert app.screen is screen
        assert ("executions", "2026-01-01T00:00:00", "2026-01-02T23:59:59") in stats_queries(seen)
        text = screen_text(app)
        assert "No executions in this period" in text
        assert "2026-01-01 to 2026-01-02" in text
        assert not screen.daily_chart.display and not screen.times_chart.display


async def test_an_empty_account_shows_a_friendly_dashboard() -> None:
    with EmulatorServer(db_path=":memory:", clock=ManualClock(EMULATOR_START), demo=False) as server:
        app = make_app(server)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_dashboard(pilot)
            text = screen_text(app)
            assert "Total  0" in text
            assert "This account has no jobs yet" in text
            assert "Nothing is running now." in text
            assert "No scheduled trigger fires" in text
            assert not screen.daily_chart.display


async def test_enter_on_a_running_execution_opens_it(emulator: EmulatorServer) -> None:
    from dftui.ui.screens.execution_detail import ExecutionDetailScreen
    from dftui.ui.widgets.keyed_table import KeyedTable

    async with make_app(emulator).run_test(size=SIZE) as pilot:
        screen = await open_dashboard(pilot)
        table = screen.query_one("#running", KeyedTable)
        table.focus()
        await settle(pilot)
        key = table.cursor_key
        await keys(pilot, "enter")
        detail = pilot.app.screen
        assert isinstance(detail, ExecutionDetailScreen)
        assert detail.execution.job_execution_id == key
        assert detail.execution.status in ("READY", "RUNNING")


async def test_help_lists_the_dashboard_and_runs_keys(emulator: EmulatorServer) -> None:
    from dftui.ui.screens.help import binding_groups

    async with make_app(emulator).run_test(size=SIZE) as pilot:
        screen = await open_dashboard(pilot)
        ids = {entry[2] for entries in binding_groups(screen).values() for entry in entries}
        assert {"dash.period_back", "dash.period_next", "dash.period_custom", "app.runs"} <= ids
        await keys(pilot, "5")
        ids = {entry[2] for entries in binding_groups(pilot.app.screen).values() for entry in entries}
        assert {"runs.rerun", "runs.triage", "runs.expand", "list.filter"} <= ids


async def test_a_poll_redraws_only_the_parts_whose_figures_changed(emulator: EmulatorServer) -> None:
    """A preset period ends *now*, so every poll brings new data: the same figures are not drawn
    again, and new ones are."""
    from textual.widgets import Static

    assert isinstance(emulator.clock, ManualClock)
    async with make_app(emulator).run_test(size=SIZE) as pilot:
        screen = await open_dashboard(pilot)
        drawn: Counter[str] = Counter()

        def counting(name: str, method: Any) -> Any:
            def wrapper(*args: Any, **kwargs: Any) -> Any:
                drawn[name] += 1
                return method(*args, **kwargs)

            return wrapper

        for chart in (screen.daily_chart, screen.times_chart):
            chart.draw = counting(str(chart.id), chart.draw)  # type: ignore[method-assign]
        parts = ("period-line", "stat-total", "stat-failed", "next-up", "top-failing", "slowest")
        for part in parts:
            widget = screen.query_one(f"#{part}", Static)
            widget.update = counting(part, widget.update)  # type: ignore[method-assign]

        emulator.clock.advance(2)  # the period ends 2 s later; nothing in it changed
        await keys(pilot, "r")
        await settle(pilot)
        assert screen.data is not None and screen.data.period.end == EMULATOR_START + timedelta(seconds=2)
        assert drawn == Counter()

        emulator.clock.advance(45 * 60)  # scheduled triggers fire, running jobs end
        end = emulator.clock.now()
        week = in_range(await all_executions(emulator), WEEK_START, end)
        await keys(pilot, "r")
        await settle(pilot)
        await settle(pilot)  # the cards' background refresh
        text = screen_text(pilot.app)
        assert f"Total  {len(week):,}" in text
        assert f"Failed  {sum(e.status == 'FAILED' for e in week):,}" in text
        assert "to 11-28 09:45" in text
        assert screen.times_chart.points == two_hour_points(week, WEEK_START, end)
        per_day = Counter(day_of(e, WEEK_START) for e in week)
        assert screen.daily_chart.totals == [per_day[d] for d in screen.daily_chart.days]
        assert {"period-line", "stat-total", "daily", "times"} <= set(drawn)


async def test_the_success_card_keeps_its_change_line_on_a_narrow_terminal(emulator: EmulatorServer) -> None:
    """At 80 columns a card is 18 wide: "Success rate  86.4%" wrapped and pushed the ▲▼ line out."""

    def rate_card(text: str) -> list[str]:
        lines = text.splitlines()
        row = next(n for n, line in enumerate(lines) if "Success" in line)
        return [line.rsplit("│", 2)[-2].strip() for line in lines[row : row + 2]]

    async with make_app(emulator).run_test(size=(80, 24)) as pilot:
        await open_dashboard(pilot)
        label, change = rate_card(screen_text(pilot.app))
        assert label.startswith("Success ") and label.endswith("%") and "rate" not in label
        assert change.endswith(" pt") and change[0] in "▲▼"
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        label, change = rate_card(screen_text(pilot.app))
        assert label.startswith("Success rate  ") and change.endswith(" pt")
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert "rate" not in rate_card(screen_text(pilot.app))[0]


async def test_size_reports_in_a_burst_end_in_the_layout_of_the_last(emulator: EmulatorServer) -> None:
    """A terminal reports sizes in bursts (a window dragged, a pane split), often repeating the
    size it already reported; the app lets a repeat pass unseen, so the burst must still end in
    the layout of its last size, and a repeat of it must leave that layout as it is."""

    def rate_label(text: str) -> str:
        line = next(line for line in text.splitlines() if "Success" in line)
        return line.rsplit("│", 2)[-2].strip()

    async with make_app(emulator).run_test(size=(80, 24)) as pilot:
        await open_dashboard(pilot)
        for width, height in ((120, 40), (120, 40), (80, 24), (80, 24), (120, 40), (120, 40)):
            pilot.app.post_message(events.Resize(Size(width, height), Size(width, height)))
        await settle(pilot)
        assert pilot.app.size == Size(120, 40) and pilot.app.screen.size == Size(120, 40)
        wide = screen_text(pilot.app)
        assert rate_label(wide).startswith("Success rate  "), rate_label(wide)
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert screen_text(pilot.app) == wide
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert "rate" not in rate_label(screen_text(pilot.app))


def card_rows(text: str, title: str) -> list[str]:
    """The table rows of the card titled ``title`` (after its header row), as drawn inside its borders."""
    lines = text.splitlines()
    top = next(n for n, line in enumerate(lines) if title in line) - 1
    left = lines[top + 1].index(title) - 2
    right = lines[top].index("╮", left)
    rows = []
    for line in lines[top + 3 :]:
        if line[left] == "╰":
            return rows
        rows.append(line[left + 1 : right])
    raise AssertionError(f"the card {title!r} has no bottom border on screen")


async def test_the_run_cards_fit_their_tables_to_the_card_width(emulator: EmulatorServer) -> None:
    """Names share what a card has left after its other columns: all of a name where there is
    room, else cut with an ellipsis, never cut off by the card's edge (a 100-column terminal
    has two cards of 45 columns side by side)."""
    executions = await all_executions(emulator)
    triggers = {e.trigger_name or "manual" for e in executions}
    jobs = {e.job_name for e in executions if e.job_name}

    def shown_whole_or_marked(cell: str, names: set[str]) -> bool:
        return cell in names or (cell.endswith("…") and any(name.startswith(cell[:-1]) for name in names))

    async with make_app(emulator).run_test(size=(100, 60)) as pilot:
        await open_dashboard(pilot)
        for size in ((100, 60), (120, 60), (100, 60)):
            await pilot.resize_terminal(*size)
            await settle(pilot)
            text = screen_text(pilot.app)
            for title in ("Running now", "Recent failures"):
                rows = card_rows(text, title)
                assert rows, title
                for row in rows:
                    cells = row.split()
                    assert shown_whole_or_marked(cells[0], jobs), (size, title, row)
                    assert shown_whole_or_marked(cells[-1], triggers), (size, title, row)
        # 120 columns leave the failures card room for whole trigger names (its old fixed 9 cells
        # showed "hourly_a…")
        await pilot.resize_terminal(120, 60)
        await settle(pilot)
        failures = card_rows(screen_text(pilot.app), "Recent failures")
        assert any(row.split()[-1] == "hourly_at_20" for row in failures), failures


async def test_the_time_axis_never_draws_a_date_cut_at_the_chart_edge() -> None:
    """Shortly after midnight the newest day's tick sits at the right edge of the chart of
    executions over time: its label is left out rather than drawn cut ("11-2")."""
    clock = ManualClock(datetime(2026, 11, 28, 1, 30, tzinfo=KST))
    with EmulatorServer(db_path=":memory:", seed=42, clock=clock, demo=True) as server:
        async with make_app(server).run_test(size=SIZE) as pilot:
            for size in (SIZE, (200, 50)):
                await pilot.resize_terminal(*size)
                await open_dashboard(pilot)
                lines = screen_text(pilot.app).splitlines()
                labels = [line for line in lines if re.search(r"│\s+\d\d-\d\d\s", line) and ":" not in line]
                assert len(labels) == 1 and labels[0].count("11-2") >= 12, labels  # both charts' days
                tokens = re.findall(r"[\d-]+", labels[0])
                assert all(re.fullmatch(r"\d\d-\d\d", token) for token in tokens), (size, labels[0])


async def test_time_labels_of_a_short_period_never_run_together(emulator: EmulatorServer) -> None:
    """Three days label the axis by the hour ("11-20 12") where the chart has room for it (200
    columns) and by the day where it has not (120): no label runs into the next."""
    app = make_app(emulator)
    async with app.run_test(size=SIZE) as pilot:
        await open_dashboard(pilot)
        await keys(pilot, "P")
        app.screen.query_one("#period-input").value = "2026-11-20 2026-11-22"  # type: ignore[attr-defined]
        await keys(pilot, "enter")
        counts = []
        for size in (SIZE, (200, 50)):
            await pilot.resize_terminal(*size)
            await open_dashboard(pilot)
            lines = screen_text(app).splitlines()
            line = next(line for line in lines if "││" in line and re.search(r"│\s+\d\d-\d\d", line))
            times = line.split("││")[-1]  # the chart of executions over time is the right half
            labels = re.findall(r"\d\d-\d\d(?: \d\d)?", times)
            assert len(labels) >= 3, line
            # each label stands alone: two spaces at least between neighbours, nothing glued on
            assert re.fullmatch(r"[\s│]*(\d\d-\d\d( \d\d)?(\s{2,}|\s*│))+\s*", times), times
            counts.append(len(labels))
        assert counts[0] < counts[1], counts


async def test_the_first_two_hours_of_today_show_their_one_point() -> None:
    """At 01:30 "Today" has one two-hour point: it is drawn as a dot (a line needs two)."""
    clock = ManualClock(datetime(2026, 11, 28, 1, 30, tzinfo=KST))
    with EmulatorServer(db_path=":memory:", seed=42, clock=clock, demo=True) as server:
        app = make_app(server)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_dashboard(pilot)
            await keys(pilot, "left_square_bracket", "left_square_bracket")  # last 24 hours, today
            await open_dashboard(pilot)
            assert "Today" in screen_text(app).splitlines()[1]
            assert len(screen.times_chart.points) == 1 and screen.times_chart.points[0][1] > 0
            chart = screen_text(app).splitlines()[8:21]
            assert any("●" in line.split("││")[-1] for line in chart), "\n".join(chart)


async def test_a_queued_execution_has_no_running_time(emulator: EmulatorServer) -> None:
    """The service counts 0 running minutes for a READY execution; its detail says it has not
    run (a dash), not "under 1 min"."""
    from dftui.ui.widgets.keyed_table import KeyedTable

    async with make_app(emulator).run_test(size=SIZE) as pilot:
        screen = await open_dashboard(pilot)
        table = screen.query_one("#running", KeyedTable)
        table.focus()
        await keys(pilot, "end")  # the queued one is last: running now lists the longest running first
        await keys(pilot, "enter")
        text = screen_text(pilot.app)
        assert "READY" in text
        (line,) = [line for line in text.splitlines() if "Running time" in line]
        assert line.split("Running time")[1].split()[0] == DASH, line


class HeldExecutionReads(httpx.AsyncHTTPTransport):
    """Real HTTP, but a job's executions are read only once ``open`` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.open = asyncio.Event()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if re.search(r"/jobs/[^/]+/executions", request.url.path):
            await self.open.wait()
        return await super().handle_async_request(request)


async def test_the_run_cards_show_on_return_what_the_runs_read_brought_while_hidden(
    emulator: EmulatorServer,
) -> None:
    """A hidden dashboard draws none of the Runs read's snapshots (on a big account each drawing
    held the UI loop for seconds); shown again, it draws the latest one without asking again."""
    link = HeldExecutionReads()
    async with make_app(emulator, client=make_client(emulator, transport=link)).run_test(
        size=(120, 60)
    ) as pilot:
        for _ in range(400):  # the figures come; the executions are held back
            await pilot.pause(0.02)
            if "Total  " in screen_text(pilot.app):
                break
        assert not [row for row in card_rows(screen_text(pilot.app), "Running now") if row.strip()]
        await pilot.press("3")
        link.open.set()  # the Runs read ends while the dashboard is hidden
        await settle(pilot)
        await keys(pilot, "1")
        shown = [row.split()[0] for row in card_rows(screen_text(pilot.app), "Running now") if row.strip()]
        running = {e.job_name for e in await all_executions(emulator) if e.status in ("RUNNING", "READY")}
        assert shown
        for name in shown:
            assert any(job and job.startswith(name.rstrip("…")) for job in running), (name, running)
