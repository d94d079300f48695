"""Keep secret keys out of log files, whatever a log call happens to format."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterable

from pydantic import SecretStr

MASK = "********"
_MIN_SECRET_LENGTH = 4  # masking a one-letter "secret" would blank out half the log


def _plain(secret: str | SecretStr | None) -> str | None:
    if isinstance(secret, SecretStr):
        return secret.get_secret_value()
    return secret


class SecretMaskFilter(logging.Filter):
    """Replace every occurrence of a known secret in a record's message, exception and stack.

    Attach it to a *handler* so records from every logger are covered. Code should never log a
    secret in the first place; this is the belt to that pair of braces.
    """

    def __init__(self, secrets: Iterable[str | SecretStr | None] = ()) -> None:
        super().__init__()
        self._secrets: set[str] = set()
        for secret in secrets:
            self.add(secret)

    def add(self, secret: str | SecretStr | None) -> None:
        """Start masking ``secret`` too (e.g. the demo emulator's generated key)."""
        value = _plain(secret)
        if value and len(value) >= _MIN_SECRET_LENGTH:
            self._secrets.add(value)

    def mask(self, text: str) -> str:
        """Return ``text`` with every known secret replaced by ``********``."""
        for secret in sorted(self._secrets, key=len, reverse=True):
            text = text.replace(secret, MASK)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = self.mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        if record.exc_text:
            record.exc_text = self.mask(record.exc_text)
        if record.stack_info:
            record.stack_info = self.mask(record.stack_info)
        return True
