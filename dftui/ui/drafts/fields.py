"""Checks shared by every draft: names, whole numbers in a range, key=value parameters."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import Any

from dftui.api.contract import NAME_RULE, IntRange


class DraftError(ValueError):
    """A request body that cannot become a draft; ``path`` names the JSON field (``triggerRule.time``)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


def name_problem(value: str) -> str | None:
    """The name rule's own words, or None when the name is allowed."""
    if not value:
        return f"Required: {NAME_RULE.message}"
    if NAME_RULE.matches(value):
        return None
    if len(value) < NAME_RULE.min_length or len(value) > NAME_RULE.max_length:
        return f"{len(value)} characters; {NAME_RULE.message}"
    return NAME_RULE.message


COPY_SUFFIX = "_copy"


def copy_name(name: str, taken: Collection[str] = ()) -> str:
    """A duplicate's name: ``<name>_copy``, then ``_copy2``, ``_copy3``… until one is not taken,
    cut at the end of the original so it still fits the name rule's length."""
    base = name.strip()
    for number in range(1, 1000):
        suffix = COPY_SUFFIX if number == 1 else f"{COPY_SUFFIX}{number}"
        candidate = base[: NAME_RULE.max_length - len(suffix)] + suffix
        if candidate not in taken:
            return candidate
    return base[: NAME_RULE.max_length - len(COPY_SUFFIX)] + COPY_SUFFIX


def next_version_name(name: str, taken: Collection[str] = ()) -> str:
    """A replacement's name: ``orders`` becomes ``orders_v2``, ``orders_v2`` becomes ``orders_v3``,
    skipping names in ``taken`` (the old item keeps its name until it is deleted)."""
    match = re.fullmatch(r"(.*)_v(\d{1,4})", name.strip())
    base, number = (match.group(1), int(match.group(2))) if match else (name.strip(), 1)
    while True:
        number += 1
        suffix = f"_v{number}"
        candidate = base[: NAME_RULE.max_length - len(suffix)] + suffix
        if candidate not in taken and candidate != name.strip():
            return candidate


def name_in_use(name: str, taken: Collection[str], kind: str) -> str | None:
    """Advice, not a refusal: whether names must be unique is an open question of the API, and
    the emulator refuses a second one (docs/api-contract.md, Names)."""
    if name.strip() in taken:
        return f"A {kind} named {name.strip()} already exists: the service may refuse a second one"
    return None


def whole_number(text: str, allowed: IntRange, what: str) -> tuple[int | None, str | None]:
    """Parse ``text`` as an integer within ``allowed``; an empty text is the server default."""
    text = text.strip()
    if not text:
        return None, None
    if not re.fullmatch(r"[+-]?\d{1,9}", text):
        return None, f"{what}: a whole number from {allowed.low} to {allowed.high}"
    value = int(text)
    if value not in allowed:
        return None, f"{what}: {value} is outside {allowed.low}\N{EN DASH}{allowed.high}"
    return value, None


def at_least(text: str, low: int, what: str) -> tuple[int | None, str | None]:
    """Parse an integer with only a lower bound (``maxConcurrentRuns`` ≥ 1)."""
    text = text.strip()
    if not text:
        return None, None
    if not re.fullmatch(r"[+-]?\d{1,9}", text) or int(text) < low:
        return None, f"{what}: a whole number, at least {low}"
    return int(text), None


def parse_parameters(text: str) -> tuple[dict[str, str], str | None]:
    """``key=value`` lines into a mapping; blank lines and ``#`` comments are skipped.

    The problem names every bad line, one a line, so the user can find them in a long list.
    """
    parameters: dict[str, str] = {}
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        key, sep, value = stripped.partition("=")
        key = key.strip()
        if not sep or not key:
            problems.append(f"Parameters, line {number}: write key=value")
        elif key in parameters:
            problems.append(f"Parameters, line {number}: {key} is given twice")
        else:
            parameters[key] = value.strip()
    return parameters, "\n".join(problems) or None


def format_parameters(parameters: Mapping[str, Any] | None) -> str:
    """The inverse of :func:`parse_parameters`: one ``key=value`` line each."""
    return "\n".join(f"{key}={'' if value is None else value}" for key, value in (parameters or {}).items())


def text_of(body: Mapping[str, Any], key: str, path: str = "") -> str:
    """A string field of a body read back from JSON; numbers become text, other types are refused."""
    value = body.get(key)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise DraftError(f"{path}{key}", "expected text")
    return str(value)


def object_of(value: Any, path: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise DraftError(path, "expected an object")
    return value


_SERVER_FIELD = re.compile(r"\{([A-Za-z_][\w.\[\]]*)=")


def server_field(message: str | None) -> str | None:
    """The field a 400 bad-parameter names in its detail ``{triggerRule.time=25:00}: ...``."""
    if not message:
        return None
    match = _SERVER_FIELD.search(message)
    return match.group(1) if match else None
