"""A job's execution settings (``jobCondition``) as a form holds them.

Used by the job form, ``E`` (saved settings), ``x`` (this run only) and each job of a workflow.
Whenever dftui sends settings it sends them complete (docs/api-contract.md, Execution settings):
the draft starts from the saved ones, so an untouched field is sent as it was.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from dftui.api.contract import JOB_CONDITION, values
from dftui.ui.drafts.fields import (
    DraftError,
    format_parameters,
    object_of,
    parse_parameters,
    text_of,
    whole_number,
)

WORKER_TYPES = values(JOB_CONDITION.worker_type)

#: form field key -> the jobCondition key it edits (also how a server's ``{field=...}`` finds its field)
CONDITION_KEYS = {
    "worker_type": "workerType",
    "num_worker": "numWorker",
    "timeout": "timeout",
    "nrn": "nrn",
    "script_path": "scriptPath",
    "log_path": "logPath",
    "parameters": "parameters",
}

#: what a run needs that the API lets a job be saved without (docs/api-contract.md, Execution
#: settings): said while any is empty, since the service may refuse the run only then
RUN_NEEDS = {"nrn": "Role NRN", "script_path": "Script path", "log_path": "Log path"}
_ROLE_NRN = re.compile(r"^nrn:[A-Za-z]+:IAM::\d+:Role/\S+$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def _location_advice(text: str) -> str | None:
    """Object Storage locations are ``bucket/prefix/`` without a scheme or a leading slash."""
    if _SCHEME.match(text) or text.startswith("/"):
        return "Write the location as bucket/prefix/, without a scheme or a leading /"
    return None


@dataclass(frozen=True)
class RunSettingsDraft:
    worker_type: str = ""
    num_worker: str = ""
    timeout: str = ""
    nrn: str = ""
    script_path: str = ""
    log_path: str = ""
    parameters: str = ""

    @classmethod
    def from_condition(
        cls, condition: Mapping[str, Any] | None, path: str = "jobCondition"
    ) -> RunSettingsDraft:
        data = object_of(condition, path)
        prefix = f"{path}."
        parameters = data.get("parameters")
        if parameters is not None and not isinstance(parameters, dict):
            raise DraftError(f"{prefix}parameters", "expected an object of key: value")
        for key, value in (parameters or {}).items():
            if isinstance(value, (dict, list)):
                raise DraftError(f"{prefix}parameters.{key}", "a value must be text, not a list or object")
        return cls(
            worker_type=text_of(data, "workerType", prefix),
            num_worker=text_of(data, "numWorker", prefix),
            timeout=text_of(data, "timeout", prefix),
            nrn=text_of(data, "nrn", prefix),
            script_path=text_of(data, "scriptPath", prefix),
            log_path=text_of(data, "logPath", prefix),
            parameters=format_parameters(parameters),
        )

    def with_values(self, **changes: str) -> RunSettingsDraft:
        return replace(self, **changes)

    def problems(self) -> dict[str, str]:
        found: dict[str, str] = {}
        if self.worker_type and self.worker_type not in WORKER_TYPES:
            found["worker_type"] = f"Worker type: one of {', '.join(WORKER_TYPES)}, or empty"
        _, problem = whole_number(self.num_worker, JOB_CONDITION.num_worker, "Workers")
        if problem:
            found["num_worker"] = problem
        _, problem = whole_number(self.timeout, JOB_CONDITION.timeout_minutes, "Timeout (minutes)")
        if problem:
            found["timeout"] = problem
        _, problem = parse_parameters(self.parameters)
        if problem:
            found["parameters"] = problem
        return found

    def advice(self) -> dict[str, str]:
        """Warnings that do not stop a save: what a run will probably be refused for. The API
        documents neither a format for these values nor, in its newest revision, that they are
        required, so they are advised on, not refused."""
        found: dict[str, str] = {}
        empty = [key for key in RUN_NEEDS if not getattr(self, key).strip()]
        if empty:
            names = [RUN_NEEDS[key] for key in empty]
            listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
            pronoun = "it" if len(names) == 1 else "them"
            needs = f"A run needs {listed}: without {pronoun} the service may refuse to run the job"
            found.update(dict.fromkeys(empty, needs))  # one sentence, shown beside the first
        nrn = self.nrn.strip()
        if nrn and not _ROLE_NRN.match(nrn):
            found["nrn"] = "Not the NRN of an IAM role, which reads nrn:PUB:IAM::<account>:Role/<id>"
        for key in ("script_path", "log_path"):
            advice = _location_advice(getattr(self, key).strip())
            if advice:
                found[key] = advice
        return found

    def condition(self) -> dict[str, Any]:
        """The ``jobCondition`` to send: every field that has a value (invalid numbers kept as text)."""
        body: dict[str, Any] = {}
        if self.worker_type:
            body["workerType"] = self.worker_type
        for key, text, allowed in (
            ("numWorker", self.num_worker, JOB_CONDITION.num_worker),
            ("timeout", self.timeout, JOB_CONDITION.timeout_minutes),
        ):
            number, _problem = whole_number(text, allowed, key)
            if number is not None:
                body[key] = number
            elif text.strip():
                body[key] = text.strip()  # kept so the JSON editor shows what was typed
        for key, text in (("nrn", self.nrn), ("scriptPath", self.script_path), ("logPath", self.log_path)):
            if text.strip():
                body[key] = text.strip()
        parameters, _ = parse_parameters(self.parameters)
        if parameters:
            body["parameters"] = parameters
        return body
