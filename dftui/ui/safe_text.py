"""The one way a string from the API becomes something the terminal may show.

Anything the service returns was written by whoever can edit a job or start a run, so it is
never markup (``[@click=app.quit]`` would be a live action, ``oops[/]`` a crash) and never
reaches the terminal with its control characters (``ESC[2J`` clears the screen, an OSC 52
sequence writes the user's clipboard). Control characters are shown as visible escapes such as
``\\x1b``, and very long values are cut with a note of how much was left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sized
from itertools import islice
from typing import TypeVar, overload

from rich.cells import cell_len
from rich.style import StyleType
from rich.text import Text

#: C0 controls (tab and newline included: a table cell is one line), DEL, C1 controls, and the
#: bidirectional overrides and isolates that can make text read in another order than it is
T = TypeVar("T")

_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROLS_BUT_NEWLINE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)

MAX_CHARS = 2_000
"""Longest value shown in full; beyond it the rest is summarised (a 10 MB description stays
responsive)."""
MAX_ITEMS = 50
"""Most entries of one collection (parameters, say) drawn in a view; ``J`` shows them all."""


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(value: object, *, multiline: bool = False, limit: int = MAX_CHARS) -> str:
    """``value`` as a plain string with its control characters made visible and its length bounded."""
    text = "" if value is None else str(value)
    extra = len(text) - limit
    if extra > 0:
        text = text[:limit]
    if not text.isprintable():  # fast path: every character the patterns match is unprintable
        text = (_CONTROLS_BUT_NEWLINE if multiline else _CONTROLS).sub(_visible, text)
    if extra > 0:
        text += f"… ({extra:,} more characters)"
    return text


def safe_text(value: object, style: StyleType = "", *, multiline: bool = False) -> Text:
    """A Rich ``Text`` that shows ``value`` literally: no markup, no control characters."""
    return Text(clean(value, multiline=multiline), style=style)


class LiteralCell:
    """A table cell that shows its (already cleaned) string literally, and becomes ``Text`` only
    when it is drawn.

    DataTable draws an object that is neither a ``str`` nor renderable as ``Text(str(obj))``,
    never as markup. A list of 10,000 jobs has 50,000 plain cells and shows about 250 of them:
    making every one a ``Text`` up front was about a sixth of that list's load.
    """

    __slots__ = ("plain",)

    def __init__(self, plain: str) -> None:
        self.plain = plain

    def __str__(self) -> str:
        return self.plain

    def __repr__(self) -> str:
        return f"LiteralCell({self.plain!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LiteralCell) and other.plain == self.plain

    def __hash__(self) -> int:
        return hash(self.plain)

    @property
    def cell_len(self) -> int:
        """Terminal cells it takes, as ``Text.cell_len`` counts them (``KeyedTable`` measures
        whole pages with its own ASCII shortcut)."""
        return cell_len(self.plain)

    def text(self) -> Text:
        return Text(self.plain, end="")


def table_cell(cell: object) -> object:
    """A ``DataTable`` cell: a string becomes a :class:`LiteralCell`; anything else as
    :func:`safe_cell` makes it."""
    if isinstance(cell, str):
        return LiteralCell(clean(cell))
    return safe_cell(cell)


@overload
def safe_cell(cell: str | Text) -> Text: ...
@overload
def safe_cell(cell: object) -> object: ...
def safe_cell(cell: object) -> object:
    """Table cells: strings become safe ``Text``; a ``Text`` built by dftui is kept unless a value
    inside it carries control characters (then it is shown plainly, in its base style)."""
    if isinstance(cell, Text):
        if _CONTROLS.search(cell.plain) or len(cell.plain) > MAX_CHARS:
            return safe_text(cell.plain, cell.style)
        return cell
    if isinstance(cell, str):
        return safe_text(cell)
    return cell


def first_items(items: Iterable[T], limit: int = MAX_ITEMS) -> tuple[list[T], int]:
    """The first ``limit`` items and how many more there are (a job may have 100,000 parameters)."""
    shown = list(islice(items, limit))
    rest = items if isinstance(items, Sized) else None
    return shown, (len(rest) - len(shown)) if rest is not None else 0


def more_items(count: int, what: str = "more") -> str:
    """``+ 99,950 more (J shows all)``."""
    return f"+ {count:,} {what} (J shows all)"


def has_controls(value: str) -> bool:
    return _CONTROLS.search(value) is not None
