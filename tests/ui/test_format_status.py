"""Formatting and status rules shared by every screen."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from dftui.timeutil import KST
from dftui.ui.format import (
    DASH,
    TimeDisplay,
    cut,
    first_line,
    format_count,
    format_duration,
    format_relative,
    share_width,
)
from dftui.ui.screens.resource_list import matches_filter
from dftui.ui.status import status_style, status_text

KST_TIMES = TimeDisplay()

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=KST)


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (None, DASH),
        (0, "0s"),
        (42, "42s"),
        (252, "4m12s"),
        (63, "1m03s"),
        (3780, "1h03m"),
        (93_600, "1d02h"),
        (-5, "0s"),
    ],
)
def test_format_duration(seconds: float | None, expected: str) -> None:
    assert format_duration(seconds) == expected


def test_format_day_is_a_date_or_today_with_time() -> None:
    assert KST_TIMES.day(NOW.replace(hour=8, minute=5), NOW) == "today 08:05"
    assert KST_TIMES.day(NOW - timedelta(days=1), NOW) == "2026-11-27"
    assert KST_TIMES.day(None, NOW) == DASH


def test_format_time_is_to_the_second_and_drops_what_today_makes_plain() -> None:
    assert KST_TIMES.time(NOW.replace(hour=8, second=7), NOW) == "08:00:07"
    assert KST_TIMES.time(NOW - timedelta(days=1), NOW) == "11-27 09:00:00"  # this year
    assert KST_TIMES.time(NOW - timedelta(days=365), NOW) == "2025-11-28 09:00"  # another year
    assert KST_TIMES.time(None, NOW) == DASH


def test_format_relative_past_and_future() -> None:
    assert format_relative(NOW - timedelta(seconds=12), NOW) == "12s ago"
    assert format_relative(NOW + timedelta(minutes=3), NOW) == "in 3m"
    assert format_relative(NOW, NOW) == "just now"


def test_count_and_first_line() -> None:
    assert format_count(3000) == "3,000"
    assert first_line("\n  SELECT a\nFROM t") == "SELECT a"
    assert first_line("x" * 100, 10) == "x" * 9 + "…"


@pytest.mark.parametrize(
    ("status", "symbol"),
    [
        ("RUNNING", "●"),
        ("COMPLETED", "✓"),
        ("FAILED", "✗"),
        ("CANCELED", "⊘"),
        ("READY", "◌"),
        ("DRAFT", "✎"),
    ],
)
def test_every_status_has_a_symbol(status: str, symbol: str) -> None:
    assert status_text(status).plain == f"{symbol} {status}"


def test_a_runnable_job_does_not_look_like_a_queued_run() -> None:
    assert status_text("READY", job=True).plain == "▷ READY"
    assert status_text("RUNNABLE", job=True).plain == "▷ RUNNABLE"
    assert status_text("DRAFT", job=True).plain == "✎ DRAFT"  # the rest as everywhere
    assert status_text("READY").plain == "◌ READY"  # an execution's: queued


def test_unknown_status_is_shown_not_dropped() -> None:
    assert status_text("WEIRD_NEW").plain == "? WEIRD_NEW"
    assert status_style("running") == status_style("RUNNING")
    assert status_text(None).plain == DASH


def test_filter_terms_and_exclusions() -> None:
    row = ["nightly_sales", "abc123", "✓ COMPLETED"]
    assert matches_filter(row, "SALES")
    assert matches_filter(row, "sales completed")
    assert not matches_filter(row, "sales !completed")
    assert not matches_filter(row, "orders")
    assert matches_filter(row, "!failed")


def test_workflow_run_status_uses_only_the_newest_run() -> None:
    from dftui.api.models import Execution
    from dftui.ui.screens.workflows import run_status

    def ex(status: str, minutes: int) -> Execution:
        return Execution(
            job_execution_id=f"e{minutes}", status=status, created_date=NOW + timedelta(minutes=minutes)
        )

    newest_run = [ex("RUNNING", 5), ex("COMPLETED", 0)]
    older_run = [ex("FAILED", -60)]
    assert run_status(newest_run + older_run, NOW) == "RUNNING"
    assert run_status([ex("COMPLETED", 5), ex("FAILED", 0), *older_run], NOW) == "FAILED"
    assert run_status([ex("COMPLETED", 0), *older_run], NOW) == "COMPLETED"
    assert run_status([], NOW) is None


def test_each_time_display_keeps_its_own_zone() -> None:
    utc = TimeDisplay.named("UTC")
    assert utc.time(NOW, NOW) == "00:00:00"
    assert utc.full(NOW).endswith("UTC")
    assert utc.label == "UTC"
    assert KST_TIMES.time(NOW, NOW) == "09:00:00"  # another session's zone is untouched
    assert KST_TIMES.label == "Korea time"


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("orders_daily", 12, "orders_daily"),
        ("orders_daily", 11, "orders_dai…"),
        ("주문_일별_집계", 9, "주문_일…"),  # two cells a syllable: cut on cells, not characters
        ("주문_일별_집계", 7, "주문_…"),  # a syllable that would not fit whole is left out
    ],
)
def test_cut_fits_the_cells_a_terminal_draws(text: str, width: int, expected: str) -> None:
    from rich.cells import cell_len

    shown = cut(text, width)
    assert shown == expected
    assert cell_len(shown) <= width


@pytest.mark.parametrize(
    ("needs", "room", "weights", "expected"),
    [
        ([16, 12], 40, None, [16, 12]),  # room for both whole
        ([16, 12], 27, None, [15, 12]),  # the shorter fits its half whole; the other gets the rest
        ([30, 30], 35, None, [17, 18]),
        ([16, 12], 27, [3, 2], [16, 11]),  # the heavier column keeps its three fifths first
        ([30, 30], 35, [3, 2], [21, 14]),
        ([22, 23, 15], 59, None, [22, 22, 15]),
        ([40, 40], 10, None, [8, 8]),  # never under the floor, even past the room
    ],
)
def test_share_width_gives_each_column_what_it_needs_or_its_share(
    needs: list[int], room: int, weights: list[int] | None, expected: list[int]
) -> None:
    widths = share_width(needs, room, [8] * len(needs), weights)
    assert widths == expected
    assert sum(widths) <= max(room, 8 * len(needs))
