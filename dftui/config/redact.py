"""Keep secret keys out of log files, whatever a log call happens to format."""

from __future__ import annotations

import base64
import logging
import re
import traceback
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

from pydantic import SecretStr

MASK = "********"
_MIN_SECRET_LENGTH = 4  # masking a one-letter "secret" would blank out half the log
_MIN_FRAGMENT_LENGTH = 8  # a Base64 fragment shorter than this could match ordinary text


def _lower_escapes(text: str) -> str:
    return re.sub(r"%[0-9A-F]{2}", lambda match: match.group(0).lower(), text)


def secret_forms(secret: str) -> list[str]:
    """Every way ``secret`` may come back in text: as is, URL-encoded and Base64-encoded.

    URL-encoded: ``quote`` with and without ``/`` kept, ``quote_plus``, upper- and lower-case
    escapes. Base64: standard and URL-safe, padded and not, and (because Base64 of a longer text
    spells the secret differently depending on where it starts) the part of the encoding that the
    secret alone decides at each of the three byte offsets. Longest first, so replacing them in
    order never leaves part of a longer form behind.
    """
    if not secret:
        return []
    forms = {secret}
    for encoded in (quote(secret, safe=""), quote(secret), quote_plus(secret)):
        forms.update((encoded, _lower_escapes(encoded)))
    data = secret.encode("utf-8")
    for encode in (base64.b64encode, base64.urlsafe_b64encode):
        whole = encode(data).decode("ascii")
        forms.update((whole, whole.rstrip("=")))
        for offset in range(3):
            encoded = encode(b"\0" * offset + data).decode("ascii")
            first = -(-offset * 8 // 6)  # the first character made only of the secret's bits
            last = (offset + len(data)) * 8 // 6  # past the last one
            fragment = encoded[first:last]
            if len(fragment) >= _MIN_FRAGMENT_LENGTH:
                forms.add(fragment)
    return sorted(forms, key=len, reverse=True)


def _plain(secret: str | SecretStr | None) -> str | None:
    if isinstance(secret, SecretStr):
        return secret.get_secret_value()
    return secret


class SecretMaskFilter(logging.Filter):
    """Replace every occurrence of a known secret, plain, URL-encoded or Base64-encoded, in a
    record's message, exception and stack.

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
            self._secrets.update(form for form in secret_forms(value) if len(form) >= _MIN_SECRET_LENGTH)

    def mask(self, text: str) -> str:
        """Return ``text`` with every known secret (and its encoded forms) replaced by ``********``."""
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
