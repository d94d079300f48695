"""What the emulator accepts from one request, and strict JSON parsing (docs/emulator.md, Limits).

A request over a limit gets the answer a gateway or the service would give, never a 500, a
traceback or a reset connection:

* a body longer than :attr:`ServerLimits.max_body_bytes`: ``413`` gateway body, code ``430``;
* a request target (path and query) longer than :attr:`ServerLimits.max_target_bytes`: ``414``
  gateway body, code ``100``; a request head (request line and headers) that is larger still
  is answered by the HTTP layer in the same way (``dftui.emulator.server``);
* a body that does not arrive within :attr:`ServerLimits.body_timeout_s`: ``408`` gateway body,
  code ``100``;
* JSON nested deeper than :attr:`ServerLimits.max_json_depth`, an integer outside 64 bits, a
  non-finite number or ``NaN``/``Infinity``: ``400 bad-parameter``, as for any malformed JSON.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

MIB = 1024 * 1024
KIB = 1024
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


@dataclass(frozen=True)
class ServerLimits:
    max_body_bytes: int = 16 * MIB
    """Largest request body; more is ``413`` (gateway code ``430``)."""
    max_target_bytes: int = 128 * KIB
    """Longest request target (path and query as sent); more is ``414``."""
    max_head_bytes: int = 256 * KIB
    """Largest request head (request line and all headers) the HTTP layer buffers."""
    body_timeout_s: float = 30.0
    """The whole body must arrive within this many seconds of the request head; else ``408``."""
    max_json_depth: int = 100
    """Deepest nesting of arrays and objects in a JSON body."""


DEFAULT_LIMITS = ServerLimits()


class JsonRejected(ValueError):
    """The body is JSON the service would not accept; ``reason`` is shown in the 400 detail."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _integer(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > 19:
        raise JsonRejected(f"<integer of {digits:,} digits>")
    value = int(text)
    if not INT64_MIN <= value <= INT64_MAX:
        raise JsonRejected(f"<integer outside 64 bits: {text}>")
    return value


def _number(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise JsonRejected(f"<number out of range: {text[:30]}>")
    return value


def _constant(text: str) -> Any:
    raise JsonRejected(f"<{text} is not JSON>")


def _depth_exceeds(value: Any, limit: int) -> bool:
    """True when ``value`` nests arrays/objects deeper than ``limit`` (iterative: no recursion)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


def parse_json(text: str, max_depth: int = DEFAULT_LIMITS.max_json_depth) -> Any:
    """``json.loads`` as the service reads a body: raises :class:`JsonRejected` for what it refuses.

    Malformed JSON raises :class:`json.JSONDecodeError` (also a ``ValueError``).
    """
    try:
        value = json.loads(text, parse_int=_integer, parse_float=_number, parse_constant=_constant)
    except RecursionError:
        raise JsonRejected(f"<nested deeper than {max_depth} levels>") from None
    if _depth_exceeds(value, max_depth):
        raise JsonRejected(f"<nested deeper than {max_depth} levels>")
    return value
