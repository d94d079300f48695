from datetime import UTC, datetime, timedelta

import pytest

from dftui.timeutil import KST, format_api_datetime, format_query_datetime, parse_datetime, to_kst


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-07-10T14:16:01+09:00", datetime(2024, 7, 10, 14, 16, 1, tzinfo=KST)),
        ("2023-10-23T15:17:32.833", datetime(2023, 10, 23, 15, 17, 32, 833000, tzinfo=KST)),
        ("2025-04-01T10:00", datetime(2025, 4, 1, 10, 0, tzinfo=KST)),
        ("2025-03-19T05:00:00Z", datetime(2025, 3, 19, 14, 0, tzinfo=KST)),
        ("2025-03-19T05:00:00+0000", datetime(2025, 3, 19, 14, 0, tzinfo=KST)),
        ("2025-03-19T14:00:00.123456789+09:00", datetime(2025, 3, 19, 14, 0, 0, 123456, tzinfo=KST)),
    ],
)
def test_parse_every_documented_form(text: str, expected: datetime) -> None:
    parsed = parse_datetime(text)
    assert parsed == expected
    assert parsed.tzinfo is not None


def test_naive_values_are_korea_time() -> None:
    parsed = parse_datetime("2025-03-19T00:00:00")
    assert parsed.utcoffset() == timedelta(hours=9)


def test_formats() -> None:
    moment = datetime(2025, 3, 19, 5, 0, 0, 500, tzinfo=UTC)
    assert format_api_datetime(moment) == "2025-03-19T14:00:00+09:00"
    assert format_query_datetime(moment) == "2025-03-19T14:00:00"
    assert to_kst(moment).hour == 14


def test_unparseable_raises() -> None:
    with pytest.raises(ValueError):
        parse_datetime("yesterday")
