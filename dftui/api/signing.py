"""API Gateway signature v2 (docs/api-contract.md, What is signed).

A pure function so it can be checked against the published vectors, plus a helper
that extracts the request target exactly as it goes on the wire.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

__all__ = ["make_string_to_sign", "request_target", "sign"]


def make_string_to_sign(method: str, path_and_query: str, timestamp_ms: str, access_key: str) -> str:
    return f"{method.upper()} {path_and_query}\n{timestamp_ms}\n{access_key}"


def sign(method: str, path_and_query: str, timestamp_ms: str, access_key: str, secret_key: str) -> str:
    """Return the standard-Base64 HMAC-SHA256 signature (always 44 chars)."""
    message = make_string_to_sign(method, path_and_query, timestamp_ms, access_key)
    digest = hmac.new(secret_key.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def request_target(raw_path: bytes | str) -> str:
    """The path and query as sent; never a trailing ``?`` when the query is empty.

    ``raw_path`` is what httpx puts on the request line (``httpx.URL.raw_path``),
    so the signed bytes and the sent bytes are the same object.
    """
    target = raw_path.decode("ascii") if isinstance(raw_path, bytes) else raw_path
    if target.endswith("?"):
        target = target[:-1]
    return target
