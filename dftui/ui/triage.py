"""Why did this run fail? A failed execution against its job's last good one (no Textual).

Everything comes from the job's execution list the Runs service already holds: the settings
and parameters of the last COMPLETED execution before the failure (what differs), the run
time against the job's median, how often the job failed over 7 and 30 days, and where the
logs are (the API has no log content, only paths).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from dftui.api.models import Execution
from dftui.ui.format import DASH
from dftui.ui.run_stats import duration, median_seconds
from dftui.ui.runs_model import reference_time

#: jobCondition fields compared, with the label shown (consoleLogPath differs on every run)
SETTINGS = (
    ("workerType", "worker type"),
    ("numWorker", "workers"),
    ("timeout", "timeout (min)"),
    ("nrn", "role (nrn)"),
    ("scriptPath", "script path"),
    ("logPath", "log path"),
)


@dataclass(frozen=True)
class Setting:
    label: str
    failed: str
    baseline: str | None

    @property
    def differs(self) -> bool:
        return self.baseline is not None and self.failed != self.baseline


#: a run that ended this close to its timeout (seconds) is taken to have been stopped by it
TIMEOUT_SLACK_S = 5


@dataclass(frozen=True)
class FailureRate:
    days: int
    failed: int
    runs: int


@dataclass(frozen=True)
class Triage:
    execution: Execution
    baseline: Execution | None
    settings: tuple[Setting, ...]
    took: timedelta | None
    median: timedelta | None
    rates: tuple[FailureRate, ...]
    log_paths: tuple[tuple[str, str], ...]

    @property
    def differences(self) -> list[Setting]:
        return [s for s in self.settings if s.differs]

    @property
    def timeout_minutes(self) -> int | None:
        """The run's timeout when it ran all of it and then ended unsuccessfully: the likely
        cause (the API gives no reason for a failure)."""
        condition = self.execution.job_condition
        timeout = condition.timeout if condition is not None else None
        if self.execution.status not in ("FAILED", "CANCELED") or not timeout or self.took is None:
            return None
        return timeout if self.took.total_seconds() >= timeout * 60 - TIMEOUT_SLACK_S else None


def _text(value: object) -> str:
    return DASH if value is None else str(value)


def _parameters(execution: Execution) -> dict[str, object]:
    if execution.parsed_parameters:
        return dict(execution.parsed_parameters)
    condition = execution.job_condition
    return dict(condition.parameters or {}) if condition is not None else {}


def _settings(execution: Execution, baseline: Execution | None) -> list[Setting]:
    mine = execution.job_condition.to_json() if execution.job_condition else {}
    theirs = baseline.job_condition.to_json() if baseline and baseline.job_condition else {}
    rows = [
        Setting(label, _text(mine.get(key)), None if baseline is None else _text(theirs.get(key)))
        for key, label in SETTINGS
    ]
    params, base_params = _parameters(execution), _parameters(baseline) if baseline else {}
    for name in sorted(set(params) | set(base_params)):
        rows.append(
            Setting(
                f"parameter {name}",
                _text(params.get(name)),
                None if baseline is None else _text(base_params.get(name)),
            )
        )
    return rows


def triage(execution: Execution, history: Sequence[Execution], now: datetime) -> Triage:
    """``history`` is the job's executions (any order, may include ``execution`` itself)."""
    when = reference_time(execution)
    earlier_good = [
        e
        for e in history
        if e.status == "COMPLETED"
        and e.job_execution_id != execution.job_execution_id
        and (when is None or ((t := reference_time(e)) is not None and t <= when))
    ]
    if not earlier_good:  # nothing good before it: compare with the newest good one at all
        earlier_good = [e for e in history if e.status == "COMPLETED"]
    baseline = max(earlier_good, key=lambda e: _stamp(reference_time(e)), default=None)
    middle = median_seconds(history)
    rates = []
    for days in (7, 30):
        since = now - timedelta(days=days)
        window = [e for e in history if (t := reference_time(e)) is not None and t >= since]
        rates.append(FailureRate(days, sum(e.status == "FAILED" for e in window), len(window)))
    condition = execution.job_condition
    paths = []
    if condition is not None:
        if condition.console_log_path:
            paths.append(("console log", condition.console_log_path))
        if condition.log_path:
            paths.append(("Spark history", condition.log_path))
    return Triage(
        execution,
        baseline,
        tuple(_settings(execution, baseline)),
        duration(execution),
        None if middle is None else timedelta(seconds=middle),
        tuple(rates),
        tuple(paths),
    )


def _stamp(value: datetime | None) -> float:
    return value.timestamp() if value is not None else float("-inf")
