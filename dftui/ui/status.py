"""One place that decides how a status looks: colour *and* symbol.

The symbol makes every status readable on a monochrome terminal or a screenshot
printed in grey; the glyphs are all present in DejaVu Sans Mono.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.text import Text

from dftui.ui.format import DASH


class StatusStyle(NamedTuple):
    symbol: str
    style: str


_STYLES: dict[str, StatusStyle] = {
    # execution statuses ("READY": accepted and waiting to start)
    "READY": StatusStyle("◌", "cyan"),
    "RUNNING": StatusStyle("●", "bold blue"),
    "COMPLETED": StatusStyle("✓", "green"),
    "FAILED": StatusStyle("✗", "bold red"),
    "CANCELED": StatusStyle("⊘", "yellow"),
    # job statuses
    "RUNNABLE": StatusStyle("▷", "cyan"),
    "DRAFT": StatusStyle("✎", "magenta"),
    "EDITING": StatusStyle("✎", "magenta"),
    "STOPPED": StatusStyle("■", "yellow"),
    "DELETED": StatusStyle("⊘", "dim"),
    "UNKNOWN": StatusStyle("?", "dim"),
}
_JOB_SYNONYMS: dict[str, str] = {
    # a job's "READY" is the 2026 name for RUNNABLE (it can be run), not a queued run: beside a
    # queued execution's ◌ on the same view it must not read the same
    "READY": "RUNNABLE",
}
_OTHER = StatusStyle("?", "dim")
NO_STATUS = DASH


def status_style(status: str | None, *, job: bool = False) -> StatusStyle:
    """Style for any status string, including values the API adds later; ``job`` for a job's own
    status (as opposed to one of its executions')."""
    if not status:
        return _OTHER
    key = status.upper()
    if job:
        key = _JOB_SYNONYMS.get(key, key)
    return _STYLES.get(key, _OTHER)


def status_text(status: str | None, suffix: str = "", *, job: bool = False) -> Text:
    """``✓ COMPLETED`` as a styled cell; a dash when there is no status at all."""
    if not status:
        return Text(NO_STATUS + suffix, style="dim")
    symbol, style = status_style(status, job=job)
    text = Text(f"{symbol} {status}", style=style)
    if suffix:
        text.append(suffix, style="default")
    return text


def status_markup_free(status: str | None) -> str:
    """Plain ``✓ COMPLETED`` for notifications and the clipboard."""
    if not status:
        return NO_STATUS
    return f"{status_style(status).symbol} {status}"
