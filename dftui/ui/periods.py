"""The dashboard's periods: presets, a typed range, the period before, and each in words.

Periods are whole days of the display time zone (``today``, ``7 days`` and ``30 days`` start at
a local midnight) except ``24 hours``, and they end now. The stats operations take Korea time;
the client converts, so a period is just two aware datetimes. No Textual here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

PRESETS = ("today", "24h", "7d", "30d")
DEFAULT_PRESET = "7d"
_NAMES = {"today": "Today", "24h": "Last 24 hours", "7d": "Last 7 days", "30d": "Last 30 days"}


@dataclass(frozen=True)
class Period:
    """``[start, end]``, both aware, in the display zone; ``preset`` is "" for a typed range."""

    start: datetime
    end: datetime
    preset: str = ""

    @property
    def name(self) -> str:
        if self.preset:
            return _NAMES[self.preset]
        return f"{self.start:%Y-%m-%d} to {self.end:%Y-%m-%d}"

    @property
    def length(self) -> timedelta:
        return self.end - self.start

    def previous(self) -> Period:
        """The period of the same length just before (for the ▲/▼ changes)."""
        return Period(self.start - self.length - timedelta(seconds=1), self.start - timedelta(seconds=1))

    def words(self) -> str:
        """``Last 7 days · 11-22 00:00 to 11-28 09:00`` (the name of a typed range has the years)."""
        same_day = self.start.date() == self.end.date()
        end = f"{self.end:%H:%M}" if same_day else f"{self.end:%m-%d %H:%M}"
        return f"{self.name} · {self.start:%m-%d %H:%M} to {end}"

    def days(self) -> list[date]:
        """Every calendar day the period touches, in order."""
        first, last = self.start.date(), self.end.date()
        return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def preset_period(preset: str, now: datetime, zone: tzinfo) -> Period:
    local = now.astimezone(zone)
    midnight = datetime.combine(local.date(), time(0), zone)
    if preset == "today":
        return Period(midnight, local, preset)
    if preset == "24h":
        return Period(local - timedelta(hours=24), local, preset)
    days = {"7d": 7, "30d": 30}[preset]
    return Period(midnight - timedelta(days=days - 1), local, preset)


def step_preset(preset: str, step: int) -> str:
    """``[`` / ``]``: the previous or next preset (a typed range steps from the default)."""
    index = PRESETS.index(preset) if preset in PRESETS else PRESETS.index(DEFAULT_PRESET)
    return PRESETS[(index + step) % len(PRESETS)]


def parse_range(text: str, now: datetime, zone: tzinfo) -> Period:
    """``2026-11-01 2026-11-15`` (or with ``to`` / ``..`` between): both days included.

    Raises ValueError with a sentence for the user when the text is not two dates in order.
    """
    words = [w for w in text.replace("..", " ").replace(" to ", " ").split() if w]
    if len(words) != 2:
        raise ValueError("type two dates, e.g. 2026-11-01 2026-11-15")
    try:
        first, last = (date.fromisoformat(w) for w in words)
    except ValueError:
        raise ValueError("dates are written YYYY-MM-DD, e.g. 2026-11-01 2026-11-15") from None
    if last < first:
        raise ValueError("the first date must not be after the second")
    start = datetime.combine(first, time(0), zone)
    end = datetime.combine(last, time(23, 59, 59), zone)
    local_now = now.astimezone(zone)
    if start > local_now:
        raise ValueError("the range starts in the future")
    return Period(start, min(end, local_now))
