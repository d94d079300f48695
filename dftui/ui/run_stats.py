"""Figures the dashboard cards derive from the account's execution lists (no Textual).

The stats operations count executions but cannot say which job failed or how long jobs take,
so these come from the executions the Runs service already holds: no extra request.
An execution counts at its reference instant (its start, or its creation while queued), the
rule the stats operations use (docs/api-contract.md, Dashboard operations).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from operator import itemgetter
from statistics import median

from dftui.api.models import Execution
from dftui.ui.runs_model import reference_time


def in_period(execution: Execution, start: datetime, end: datetime) -> bool:
    when = reference_time(execution)
    return when is not None and start <= when <= end


def running_now(executions: Iterable[Execution]) -> list[Execution]:
    """READY and RUNNING executions, the longest-running first."""
    live = [e for e in executions if not e.is_final]
    return sorted(live, key=lambda e: _stamp(reference_time(e)))


def recent_failures(executions: Iterable[Execution], limit: int = 10) -> list[Execution]:
    failed = [e for e in executions if e.status == "FAILED"]
    return sorted(failed, key=lambda e: _stamp(e.end_date or reference_time(e)), reverse=True)[:limit]


def duration(execution: Execution) -> timedelta | None:
    if execution.start_date is None or execution.end_date is None:
        return None
    return execution.end_date - execution.start_date


@dataclass(frozen=True)
class JobFigure:
    job_id: str
    name: str
    runs: int
    failed: int = 0
    median_seconds: float | None = None


def _by_job(executions: Iterable[Execution], start: datetime, end: datetime) -> dict[str, list[Execution]]:
    out: dict[str, list[Execution]] = {}
    for execution in executions:
        if execution.job_id and in_period(execution, start, end):
            out.setdefault(execution.job_id, []).append(execution)
    return out


def top_failing(
    executions: Iterable[Execution], start: datetime, end: datetime, limit: int = 5
) -> list[JobFigure]:
    """Jobs with the most FAILED executions in the period (ties: more runs first, then name)."""
    figures = [
        JobFigure(job_id, runs[0].job_name or job_id, len(runs), sum(e.status == "FAILED" for e in runs))
        for job_id, runs in _by_job(executions, start, end).items()
    ]
    figures = [f for f in figures if f.failed]
    figures.sort(key=lambda f: (-f.failed, -f.runs, f.name))
    return figures[:limit]


def median_seconds(executions: Iterable[Execution]) -> float | None:
    """Median run time of the COMPLETED executions (failures stop early and would skew it)."""
    taken = [
        d.total_seconds() for e in executions if e.status == "COMPLETED" and (d := duration(e)) is not None
    ]
    return median(taken) if taken else None


def slowest(
    executions: Iterable[Execution], start: datetime, end: datetime, limit: int = 5
) -> list[JobFigure]:
    """Jobs by median COMPLETED run time in the period, slowest first."""
    figures = []
    for job_id, runs in _by_job(executions, start, end).items():
        middle = median_seconds(runs)
        if middle is not None:
            done = sum(e.status == "COMPLETED" for e in runs)
            figures.append(JobFigure(job_id, runs[0].job_name or job_id, done, median_seconds=middle))
    figures.sort(key=lambda f: (-(f.median_seconds or 0), f.name))
    return figures[:limit]


def failed_in_buckets(
    executions: Iterable[Execution],
    buckets: Sequence[tuple[datetime, datetime]],
    start: datetime,
    end: datetime,
) -> list[int]:
    """FAILED executions per getExecutionCount bucket ``(bucket start, bucket end]``, inside the period.

    The first bucket also holds its start instant, as the stats operation counts it.
    """
    counts = [0] * len(buckets)
    for execution in executions:
        if execution.status != "FAILED" or not in_period(execution, start, end):
            continue
        when = reference_time(execution)
        assert when is not None
        for index, (low, high) in enumerate(buckets):
            if (low < when or (index == 0 and low <= when)) and when <= high:
                counts[index] += 1
                break
    return counts


@dataclass(frozen=True)
class CardFigures:
    """Everything the dashboard's cards draw from one snapshot for one period.

    Each figure is a pass over the executions: 0.8 s of CPU together over 100,000, and a big
    account's first read brings a new snapshot every few seconds. So they are derived in a
    worker thread (:func:`card_figures`), never on the UI loop; a period that ends now moves
    with every poll, so the period's figures are derived again only when it takes in other
    executions (:meth:`span_key`)."""

    version: int
    running: list[Execution]
    failures: list[Execution]
    #: the executions that have a reference instant, in its order, and those instants as numbers
    by_reference: list[Execution]
    instants: list[float]
    #: :meth:`span_key` of the period the figures below are of
    period_key: tuple[int, int, tuple[tuple[datetime, datetime], ...]]
    top_failing: list[JobFigure]
    slowest: list[JobFigure]
    #: FAILED executions per bucket of the daily chart
    failed_by_bucket: list[int]

    def span_key(
        self, start: datetime, end: datetime, buckets: tuple[tuple[datetime, datetime], ...]
    ) -> tuple[int, int, tuple[tuple[datetime, datetime], ...]]:
        """Which executions count in the period (a slice of :attr:`by_reference`), and the buckets."""
        return (
            bisect_left(self.instants, start.timestamp()),
            bisect_right(self.instants, end.timestamp()),
            buckets,
        )


def card_figures(
    version: int,
    executions: Sequence[Execution],
    start: datetime,
    end: datetime,
    buckets: tuple[tuple[datetime, datetime], ...],
    rows: int,
    earlier: CardFigures | None = None,
) -> CardFigures:
    """The cards' figures, ``rows`` of running and failed executions; safe in a worker thread.
    ``earlier`` figures of the same snapshot lend their parts that do not depend on the period."""
    if earlier is not None and earlier.version == version:
        running, failures = earlier.running, earlier.failures
        by_reference, instants = earlier.by_reference, earlier.instants
    else:
        running, failures = running_now(executions)[:rows], recent_failures(executions, rows)
        dated = sorted(
            ((when.timestamp(), e) for e in executions if (when := reference_time(e)) is not None),
            key=itemgetter(0),
        )
        by_reference, instants = [e for _, e in dated], [at for at, _ in dated]
    low, high = bisect_left(instants, start.timestamp()), bisect_right(instants, end.timestamp())
    period = by_reference[low:high]
    return CardFigures(
        version,
        running,
        failures,
        by_reference,
        instants,
        (low, high, buckets),
        top_failing(period, start, end),
        slowest(period, start, end),
        failed_in_buckets(period, buckets, start, end),
    )


def _stamp(value: datetime | None) -> float:
    return value.timestamp() if value is not None else float("-inf")
