"""The table the suite prints, and the JSON it writes."""

from __future__ import annotations

import json
import platform
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.stats import Figure

MS_UNITS = {"s"}


def _value(figure: Figure, value: float) -> str:
    if figure.unit == "s":
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
    if figure.unit == "x":
        return f"{value:.2f}x"
    if figure.unit == "MB":
        return f"{value:.0f} MB"
    if figure.unit == "% CPU":
        return f"{value:.1f} %"
    if float(value).is_integer():  # a count
        return f"{value:,.0f} {figure.unit}"
    return f"{value:.1f} {figure.unit}"


def table(figures: Sequence[Figure]) -> str:
    """Markdown table: figure, median, min-max, runs, target, met."""
    lines = ["| Measurement | Median | Min\u2013max | Runs | Target | Met |", "|---|---|---|---|---|---|"]
    group = None
    for figure in figures:
        if figure.group != group:
            group = figure.group
            lines.append(f"| **{group}** | | | | | |")
        met = {None: "", True: "yes", False: "**no**"}[figure.met]
        spread = (
            f"{_value(figure, figure.low)}\u2013{_value(figure, figure.high)}"
            if len(figure.samples) > 1
            else ""
        )
        lines.append(
            f"| {figure.name} | {_value(figure, figure.median)} | {spread} | {len(figure.samples)} | "
            f"{figure.target.text if figure.target else '—'} | {met} |"
        )
    return "\n".join(lines)


def write_json(
    path: Path, figures: Sequence[Figure], details: dict[str, Any], settings: dict[str, Any]
) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": sys.version.split()[0],
        "machine": platform.platform(),
        "settings": settings,
        "figures": [figure.as_json() for figure in figures],
        "details": details,
    }
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
