"""Execution settings in a form: ``x`` (this run only, executeJob) and ``E`` (saved, updateJobExecuteConfig)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Label, Select, TextArea

from dftui.ui.dialogs.form import FieldRow, FormScreen
from dftui.ui.drafts.fields import DraftError, object_of
from dftui.ui.drafts.run_settings import CONDITION_KEYS, WORKER_TYPES, RunSettingsDraft
from dftui.ui.safe_text import clean

ResultT = TypeVar("ResultT")
SETTINGS_FIELDS = tuple(CONDITION_KEYS)
#: jobCondition wire key -> form field
SERVER_FIELDS = {wire: key for key, wire in CONDITION_KEYS.items()}


def settings_rows() -> list[FieldRow]:
    """The seven rows of execution settings, shared by every form that edits them."""
    return [
        FieldRow(
            "num_worker",
            "Workers",
            Input(placeholder="2", compact=True),
            hint="2-10; empty: the saved value or 2",
        ),
        FieldRow("timeout", "Timeout (minutes)", Input(placeholder="360", compact=True), hint="1-1440"),
        FieldRow(
            "worker_type",
            "Worker type",
            Select(
                [(value, value) for value in WORKER_TYPES],
                prompt="not set (the service decides)",
                compact=True,
            ),
        ),
        FieldRow("nrn", "Role NRN", Input(placeholder="nrn:PUB:IAM::1234567:Role/…", compact=True)),
        FieldRow("script_path", "Script path", Input(placeholder="bucket/scripts/", compact=True)),
        FieldRow("log_path", "Log path", Input(placeholder="bucket/sparkHistoryLogs/", compact=True)),
        FieldRow("parameters", "Parameters", TextArea(compact=True), hint="one key=value per line"),
    ]


class RunSettingsForm(FormScreen[RunSettingsDraft, ResultT], Generic[ResultT]):
    """``enter`` in a one-line field submits, so a run with the saved settings is ``x`` then ``enter``."""

    # rows without gaps, as in the job form: the seven settings and their hints fit 40 lines unscrolled
    DEFAULT_CSS = "RunSettingsForm FieldRow { margin-bottom: 0; }"
    json_name = "jobCondition.json"

    def __init__(
        self,
        title: str,
        initial: RunSettingsDraft,
        send: Callable[[RunSettingsDraft], Awaitable[ResultT]],
        *,
        submit_label: str,
        facts: Sequence[tuple[str, str]] = (),
        warnings: Sequence[str] = (),
    ) -> None:
        super().__init__(title, initial, send)
        self.submit_label = submit_label  # type: ignore[misc]
        self.facts = list(facts)
        self.warnings = list(warnings)

    def compose_fields(self) -> ComposeResult:
        for label, value in self.facts:
            yield Label(clean(f"{label}: {value}"), classes="form-fact", markup=False)
        for warning in self.warnings:
            yield Label(clean(f"⚠ {warning}"), classes="form-warning", markup=False)
        yield from settings_rows()

    def read_draft(self) -> RunSettingsDraft:
        return RunSettingsDraft(**{key: self.get(key) for key in SETTINGS_FIELDS})

    def fill(self, draft: RunSettingsDraft) -> None:
        for key in SETTINGS_FIELDS:
            self.put(key, getattr(draft, key))

    def advice(self, draft: RunSettingsDraft) -> dict[str, str]:
        return draft.advice()

    def problems(self, draft: RunSettingsDraft) -> dict[str, str]:
        return draft.problems()

    def body(self, draft: RunSettingsDraft) -> dict[str, Any]:
        return {"jobCondition": draft.condition()}

    def from_body(self, body: Any) -> RunSettingsDraft:
        data = object_of(body, "")
        if "jobCondition" not in data:
            raise DraftError("jobCondition", "required: the settings go under jobCondition")
        return RunSettingsDraft.from_condition(data["jobCondition"])

    def field_for(self, server_path: str) -> str | None:
        leaf = server_path.removeprefix("jobCondition.").split(".", 1)[0]
        return SERVER_FIELDS.get(leaf)

    @on(Input.Submitted)
    def _enter_submits(self) -> None:
        self.start_submit()
