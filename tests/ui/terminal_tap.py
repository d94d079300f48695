"""What Textual writes to the terminal, captured from the headless driver, and a check that every
escape sequence in it is one Textual itself emits.

Textual's headless driver renders nothing; :func:`tap` makes it render as a real terminal driver
would and keeps every string written. :func:`foreign_sequences` then lists what does not belong:
an ESC that starts no sequence Textual uses, an OSC other than Textual's own clipboard write, C1
controls or bidirectional overrides, which could only have come from data.
"""

from __future__ import annotations

import re

import pytest
from textual.drivers.headless_driver import HeadlessDriver

#: the sequences Textual 8 writes while running: SGR styles, cursor moves and shows, private
#: modes (synchronised output, mouse, focus, bracketed paste, alternate screen), erase line,
#: keypad and cursor save/restore, and its clipboard write (OSC 52) for ``copy_to_clipboard``
_TEXTUAL = re.compile(
    r"\x1b\[(?:[0-9;:]*m"  # SGR
    r"|[0-9]*;?[0-9]*H"  # cursor position
    r"|[0-9]*[ABCDGK]"  # cursor moves, erase in line
    r"|\?[0-9;]*[hl]"  # DEC private modes
    r"|[0-9]* q"  # cursor shape
    r")"
    r"|\x1b\]52;c;[A-Za-z0-9+/=]*(?:\x07|\x1b\\)"  # OSC 52, checked separately for what it copies
    r"|\x1b\]22;[a-z-]*\x07"  # pointer shape
    r"|\x1b[78=>]"
)
_OTHER_BAD = re.compile("[\x80-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
OSC52 = re.compile(r"\x1b\]52;c;([A-Za-z0-9+/=]*)(?:\x07|\x1b\\)")


def tap(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make the headless driver write like a terminal driver; return the list it writes to."""
    written: list[str] = []
    monkeypatch.setattr(HeadlessDriver, "is_headless", property(lambda _self: False))
    monkeypatch.setattr(HeadlessDriver, "write", lambda _self, data: written.append(data))
    monkeypatch.setattr(HeadlessDriver, "flush", lambda _self: None, raising=False)
    return written


def foreign_sequences(stream: str) -> list[str]:
    """Escape sequences and control characters in ``stream`` that Textual does not emit itself."""
    rest = _TEXTUAL.sub("", stream)
    found = [rest[m.start() : m.start() + 12] for m in re.finditer("\x1b", rest)]
    found += [repr(m.group()) for m in _OTHER_BAD.finditer(stream)]
    found += [repr(c) for c in set(rest) if ord(c) < 0x20 and c not in "\n\r\x07\x08"]
    return found
