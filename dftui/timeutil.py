"""Korea-time aware date handling shared by the client, emulator and UI.

Data Flow speaks Korea time (+09:00, no DST). Values without an offset are Korea
time (docs/api-contract.md, Dates and time zones); everything is kept timezone-aware internally.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

KST = timezone(timedelta(hours=9), "KST")


def parse_datetime(value: str | datetime) -> datetime:
    """Parse any date form the API uses; naive values are Korea time.

    Accepts ``YYYY-MM-DDTHH:mm[:ss[.fraction]][Z|±HH:MM|±HHMM]``. Fractions longer
    than 6 digits are truncated (Python 3.11 ``fromisoformat`` rejects 7-9 digits).
    """
    if isinstance(value, datetime):
        dt = value
    else:
        text = value.strip()
        if "T" not in text and " " in text:
            text = text.replace(" ", "T", 1)
        text = _truncate_fraction(text)
        dt = datetime.fromisoformat(text)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=KST)
    return dt


def _truncate_fraction(text: str) -> str:
    dot = text.find(".", 16)
    if dot == -1:
        return text
    end = dot + 1
    while end < len(text) and text[end].isdigit():
        end += 1
    digits = text[dot + 1 : end]
    if len(digits) > 6:
        return text[: dot + 1] + digits[:6] + text[end:]
    return text


def to_kst(dt: datetime) -> datetime:
    """Convert an aware datetime to Korea time (naive values are taken as KST)."""
    if dt.tzinfo is None:
        return dt.replace(tzinfo=KST)
    return dt.astimezone(KST)


def format_api_datetime(dt: datetime) -> str:
    """Resource timestamp form the emulator sends: ``YYYY-MM-DDTHH:mm:ss+09:00``."""
    return to_kst(dt).replace(microsecond=0).isoformat()


def format_query_datetime(dt: datetime) -> str:
    """Dashboard query form: Korea time, no offset, no fraction."""
    return to_kst(dt).replace(microsecond=0, tzinfo=None).isoformat()


def now_kst() -> datetime:
    return datetime.now(KST)
