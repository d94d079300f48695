"""The one way an error becomes words on screen."""

from __future__ import annotations


def error_message(error: BaseException) -> str:
    """A sentence for a person: the client's errors already are one (secrets masked)."""
    text = str(error).strip()
    return text or type(error).__name__
