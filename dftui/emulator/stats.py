"""The three dashboard aggregates (docs/api-contract.md, Dashboard operations), from stored executions.

Each execution's reference instant is its ``startDate``, or ``createdDate`` while it has not
started; it counts when the instant lies in ``[startDate, endDate]`` of the query.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from dftui.emulator.errors import bad_parameter
from dftui.emulator.store import Store
from dftui.timeutil import format_query_datetime, to_kst

MAX_POINTS = 50_000


def check_range(start: datetime, end: datetime) -> None:
    if start > end:
        raise bad_parameter("startDate", format_query_datetime(start))


def execution_result(store: Store, start: datetime, end: datetime) -> dict[str, Any]:
    check_range(start, end)
    refs = store.execution_refs(start.timestamp(), end.timestamp())
    return {
        "totalCount": len(refs),
        "completedCount": sum(1 for _, status in refs if status == "COMPLETED"),
        "failedCount": sum(1 for _, status in refs if status == "FAILED"),
    }


def execution_count(store: Store, start: datetime, end: datetime) -> dict[str, Any]:
    """One bucket per calendar day D, shown as ``D 00:00:01`` .. ``D+1 00:00:00``."""
    check_range(start, end)
    start, end = to_kst(start), to_kst(end)
    first_day = start.replace(hour=0, minute=0, second=0, microsecond=0)
    days = (end.date() - start.date()).days + 1
    if days > MAX_POINTS:
        raise bad_parameter("endDate", format_query_datetime(end))
    counts = [0] * days
    for ref, _ in store.execution_refs(start.timestamp(), end.timestamp()):
        offset = ref - first_day.timestamp()
        # bucket D covers (D 00:00:00, D+1 00:00:00]; the first one also its own midnight
        index = max(0, int(-(-offset // 86400)) - 1) if offset > 0 else 0
        counts[min(index, days - 1)] += 1
    result = []
    for index, count in enumerate(counts):
        day = first_day + timedelta(days=index)
        result.append(
            {
                "totalCount": count,
                "startDate": format_query_datetime(day + timedelta(seconds=1)),
                "endDate": format_query_datetime(day + timedelta(days=1)),
            }
        )
    return {"result": result}


def execution_times(store: Store, start: datetime, end: datetime) -> dict[str, Any]:
    """One point per 2-hour bucket aligned to even Korea hours that overlaps the range."""
    check_range(start, end)
    start, end = to_kst(start), to_kst(end)
    first = start.replace(hour=start.hour - start.hour % 2, minute=0, second=0, microsecond=0)
    first_s = first.timestamp()
    buckets = int((end.timestamp() - first_s) // 7200) + 1
    if buckets > MAX_POINTS:
        raise bad_parameter("endDate", format_query_datetime(end))
    counts = [0] * buckets
    for ref, _ in store.execution_refs(start.timestamp(), end.timestamp()):
        counts[min(int((ref - first_s) // 7200), buckets - 1)] += 1
    return {
        "result": [{"time": int((first_s + 7200 * i) * 1000), "value": counts[i]} for i in range(buckets)]
    }
