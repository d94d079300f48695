"""Request signing as an ``httpx.Auth`` plus the query encoder it depends on.

The gateway verifies a signature over the request target *exactly as sent*
(docs/api-contract.md, What is signed). Two rules make that hold:

* :func:`encode_query` builds the query string ourselves (RFC 3986, order kept) and
  the client hands httpx the finished URL, which httpx leaves untouched because it
  contains only unreserved characters and ``%XX`` escapes;
* :class:`SignatureAuth` signs ``request.url.raw_path``, the very bytes httpx writes
  on the request line, at send time. httpx runs the auth flow on every ``send``, so
  each retry and the PATCH->PUT fallback get a fresh timestamp and signature.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Iterable
from typing import Any
from urllib.parse import quote

import httpx
from pydantic import SecretStr

from dftui.api.signing import request_target, sign

__all__ = [
    "ACCESS_KEY_HEADER",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "SignatureAuth",
    "encode_query",
    "mask_key",
]

TIMESTAMP_HEADER = "x-ncp-apigw-timestamp"
ACCESS_KEY_HEADER = "x-ncp-iam-access-key"
SIGNATURE_HEADER = "x-ncp-apigw-signature-v2"


def _encode_component(value: Any) -> str:
    if isinstance(value, bool):
        value = "true" if value else "false"
    # quote(safe="") leaves exactly A-Za-z0-9-_.~ unencoded and UTF-8 encodes the rest.
    return quote(str(value), safe="")


def encode_query(params: Iterable[tuple[str, Any]]) -> str:
    """RFC 3986 query string, parameters in the given order; ``None`` values are left out.

    Space becomes ``%20`` (never ``+``), ``:`` ``%3A``, ``+`` ``%2B``; non-ASCII text is
    UTF-8 percent-encoded. No leading ``?``.
    """
    return "&".join(
        f"{_encode_component(name)}={_encode_component(value)}" for name, value in params if value is not None
    )


def mask_key(key: str) -> str:
    """Show just enough of a key to recognise it: ``EXAM…0001``."""
    if len(key) <= 8:
        return "…" if key else ""
    return f"{key[:4]}…{key[-4:]}"


class SignatureAuth(httpx.Auth):
    """Adds the three ``x-ncp-*`` auth headers to every request at send time.

    ``clock`` returns epoch seconds (default :func:`time.time`); tests inject a fixed
    clock to reproduce the published vectors. The secret is held as a
    :class:`pydantic.SecretStr` and never appears in ``repr``.
    """

    requires_request_body = False
    requires_response_body = False

    def __init__(
        self,
        access_key: str,
        secret_key: str | SecretStr,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not access_key:
            raise ValueError("access_key is empty")
        secret = secret_key if isinstance(secret_key, SecretStr) else SecretStr(secret_key)
        if not secret.get_secret_value():
            raise ValueError("secret_key is empty")
        self.access_key = access_key
        self._secret = secret
        self._clock = clock

    def timestamp_ms(self) -> str:
        """Current epoch milliseconds as the decimal string the gateway expects."""
        return str(int(self._clock() * 1000))

    def secret_value(self) -> str:
        """The secret, for signing and for redacting it from text; never log the result."""
        return self._secret.get_secret_value()

    def signature_for(self, method: str, target: str, timestamp_ms: str) -> str:
        """Signature v2 of ``method target`` at ``timestamp_ms`` with this key pair."""
        return sign(method, target, timestamp_ms, self.access_key, self.secret_value())

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        timestamp = self.timestamp_ms()
        target = request_target(request.url.raw_path)
        request.headers[TIMESTAMP_HEADER] = timestamp
        request.headers[ACCESS_KEY_HEADER] = self.access_key
        request.headers[SIGNATURE_HEADER] = self.signature_for(request.method, target, timestamp)
        yield request

    def __repr__(self) -> str:
        return f"SignatureAuth(access_key={mask_key(self.access_key)!r}, secret_key='**********')"
