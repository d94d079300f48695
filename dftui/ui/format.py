"""Text formatting shared by every screen: durations, times, relative ages, counts.

Kept free of Textual so the rules can be unit-tested and reused by the CLI.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from rich.cells import cell_len, set_cell_size

from dftui.api.models import JobCondition
from dftui.timeutil import KST, to_kst

DASH = "\N{EN DASH}"  # shown for "no value"


@dataclass(frozen=True)
class TimeDisplay:
    """How one session shows API times: in its profile's zone (Korea time unless ``time_zone`` says).

    A value, not a module global, so two sessions (a profile switch, two apps in one test
    process) never show each other's zone.
    """

    zone: tzinfo = KST

    @classmethod
    def named(cls, name: str | None) -> TimeDisplay:
        """``name`` is an IANA zone such as ``Europe/Berlin``; None means Korea time."""
        return cls(ZoneInfo(name) if name else KST)

    @property
    def label(self) -> str:
        return "Korea time" if self.zone is KST else str(self.zone)

    def local(self, value: datetime) -> datetime:
        """An API time (aware, or naive = Korea time) in the display zone."""
        return to_kst(value).astimezone(self.zone)

    def time(self, value: datetime | None, now: datetime | None = None) -> str:
        """Timestamp for tables, always to the second so a column reads one way: ``14:03:07``
        today (relative to ``now``), ``11-27 14:03:07`` this year, ``2025-11-27 14:03`` before."""
        if value is None:
            return DASH
        local = self.local(value)
        if now is None:
            return local.strftime("%Y-%m-%d %H:%M")
        today = self.local(now).date()
        if today == local.date():
            return local.strftime("%H:%M:%S")
        if today.year == local.year:
            return local.strftime("%m-%d %H:%M:%S")
        return local.strftime("%Y-%m-%d %H:%M")

    def day(self, value: datetime | None, now: datetime) -> str:
        """The day something changed, ``today 14:03`` when it is today: detail views show the full time."""
        if value is None:
            return DASH
        local = self.local(value)
        if self.local(now).date() == local.date():
            return local.strftime("today %H:%M")
        return local.strftime("%Y-%m-%d")

    def full(self, value: datetime | None) -> str:
        """Unambiguous timestamp for detail views."""
        if value is None:
            return DASH
        return self.local(value).strftime("%Y-%m-%d %H:%M:%S %Z")


def format_duration(seconds: float | timedelta | None) -> str:
    """Compact duration for tables: ``42s``, ``4m12s``, ``1h03m``, ``2d04h``."""
    if seconds is None:
        return DASH
    if isinstance(seconds, timedelta):
        seconds = seconds.total_seconds()
    total = max(0, int(seconds))
    days, rest = divmod(total, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days}d{hours:02d}h"
    if hours:
        return f"{hours}h{minutes:02d}m"
    if minutes:
        return f"{minutes}m{secs:02d}s"
    return f"{secs}s"


def elapsed(start: datetime | None, end: datetime | None, now: datetime) -> timedelta | None:
    """Run time from ``start`` to ``end``, or to ``now`` while the run is still going."""
    if start is None:
        return None
    return (end or now) - start


def format_relative(value: datetime | None, now: datetime) -> str:
    """``12s ago`` / ``in 3m`` style age; precise enough for a glance."""
    if value is None:
        return DASH
    delta = (now - value).total_seconds()
    text = _coarse(abs(delta))
    if text == "now":
        return "just now"
    return f"{text} ago" if delta >= 0 else f"in {text}"


def _coarse(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 1:
        return "now"
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3_600:
        return f"{seconds // 60}m"
    if seconds < 86_400:
        return f"{seconds // 3_600}h"
    return f"{seconds // 86_400}d"


def format_count(value: int | None) -> str:
    """Thousands separators so ``3000`` reads as ``3,000``."""
    return DASH if value is None else f"{value:,}"


def format_minutes(value: int | None) -> str:
    """API durations (``waitingTime``, ``runningTime``) are whole minutes, counted down: the
    service's 0 is anything under a minute (a 53 s wait), which "0 min" would misreport."""
    if value is None:
        return DASH
    return "under 1 min" if value == 0 else f"{value} min"


def cut(text: str, width: int) -> str:
    """``text`` in at most ``width`` terminal cells, an ellipsis marking where it was cut (a
    two-cell character that does not fit is left out, not split into a space)."""
    return text if cell_len(text) <= width else set_cell_size(text, max(width - 1, 0)).rstrip() + "…"


def share_width(
    needs: Sequence[int], room: int, floors: Sequence[int], weights: Sequence[int] | None = None
) -> list[int]:
    """Widths for columns that want ``needs`` cells and share ``room``, each in proportion to its
    weight (all equal by default): a column whose need fits its share gets all of it, and what it
    leaves over goes to the others. None gets less than its floor (then the columns take more than
    ``room``)."""
    weights = weights or [1] * len(needs)
    widths = [0] * len(needs)
    left, weight_left = room, sum(weights)
    for index in sorted(range(len(needs)), key=lambda index: needs[index] / weights[index]):
        share = left * weights[index] // weight_left
        widths[index] = max(floors[index], min(needs[index], share))
        left -= widths[index]
        weight_left -= weights[index]
    return widths


def first_line(text: str | None, width: int = 60) -> str:
    """First non-empty line, shortened with an ellipsis for tree labels."""
    if not text:
        return ""
    return cut(next((part.strip() for part in text.splitlines() if part.strip()), ""), width)


def workers_text(condition: JobCondition) -> str:
    """``4`` or ``4 (DEFAULT)``: the worker count with the legacy worker type when one was sent."""
    workers = DASH if condition.num_worker is None else str(condition.num_worker)
    return f"{workers} ({condition.worker_type})" if condition.worker_type else workers


def timeout_text(condition: JobCondition) -> str:
    return DASH if condition.timeout is None else f"{condition.timeout} min"
