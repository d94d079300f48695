"""Figures: a named list of samples with its target, summarised as median and min-max.

The machine is shared, so one sample says little: every figure keeps all its samples and is
quoted as the median with the spread beside it.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Target:
    """``value <= limit`` (or ``>=`` with ``at_least``); ``text`` is how the table shows it."""

    limit: float
    text: str
    at_least: bool = False

    def met(self, value: float) -> bool:
        return value >= self.limit if self.at_least else value <= self.limit


@dataclass
class Figure:
    """One measured quantity: its samples (one per run), unit and target."""

    group: str
    name: str
    unit: str
    samples: list[float] = field(default_factory=list)
    target: Target | None = None
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else float("nan")

    @property
    def low(self) -> float:
        return min(self.samples) if self.samples else float("nan")

    @property
    def high(self) -> float:
        return max(self.samples) if self.samples else float("nan")

    @property
    def met(self) -> bool | None:
        if self.target is None or not self.samples:
            return None
        return self.target.met(self.median)

    def as_json(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "name": self.name,
            "unit": self.unit,
            "median": self.median,
            "min": self.low,
            "max": self.high,
            "runs": len(self.samples),
            "samples": self.samples,
            "target": None if self.target is None else self.target.text,
            "met": self.met,
            "note": self.note,
        }


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (``share`` 0.5 = median, 0.95 = p95) of a non-empty sequence."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
    return ordered[rank]


def paired(
    runs: int, first: Callable[[], float], second: Callable[[], float]
) -> tuple[list[float], list[float]]:
    """``runs`` samples of each, taken in turn (A B A B ...) so that drift hits both alike."""
    a: list[float] = []
    b: list[float] = []
    for index in range(runs):
        order = (first, second) if index % 2 == 0 else (second, first)
        results = {id(order[0]): order[0](), id(order[1]): order[1]()}
        a.append(results[id(first)])
        b.append(results[id(second)])
    return a, b
