"""Labels whose text is set often (each key, each poll) but changes rarely."""

from __future__ import annotations

from textual.widgets import Label


def set_label_text(label: Label, text: str) -> None:
    """``label.update(text)`` only when the text differs: every update lays the screen out again."""
    if label.content != text:
        label.update(text)
