"""The checks a value typed by a person gets, wherever it comes from: a flag, the environment, a
file or ``dftui config set``. Each returns the cleaned value or raises :class:`ConfigError` with
one line naming the setting, where it came from, the value and what is allowed.

Nothing here touches the network or imports the HTTP client, so ``dftui config set`` stays fast.
"""

from __future__ import annotations

import ipaddress
import math
import re
from typing import Any
from urllib.parse import urlsplit

from dftui.config.errors import ConfigError

MIN_REFRESH_INTERVAL = 1.0
"""Seconds: faster polling than this only loads the account (0.001 s made ~1,000 requests a minute)."""
MAX_REFRESH_INTERVAL = 3600.0
"""Seconds: one hour; a slower "live" view is not live."""

API_URL_ALLOWED = (
    "allowed: an http:// or https:// URL with a host name or IP address and an optional port "
    "from 1 to 65535, e.g. https://dataflow.apigw.ntruss.com"
)
REFRESH_ALLOWED = f"allowed: a number of seconds from {MIN_REFRESH_INTERVAL:g} to {MAX_REFRESH_INTERVAL:g}"

_FLAGS = {"api_url": "--api-url", "refresh_interval": "--refresh"}
_SHOWN_LENGTH = 80
_LABEL = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?$")
_IPV4ISH = re.compile(r"^[0-9.]+$")


def shown(value: Any) -> str:
    """``repr`` of a value for an error line: control characters escaped, long values cut."""
    text = repr(value)
    if len(text) > _SHOWN_LENGTH:
        text = f"{text[: _SHOWN_LENGTH - 10]}… ({len(str(value)):,} characters)"
    return text


def setting_name(key: str, source: str | None) -> str:
    """``--api-url`` for a flag, otherwise ``api_url (from <source>)``."""
    if source == "flag" and key in _FLAGS:
        return _FLAGS[key]
    return f"{key} (from {source or 'default'})"


def api_url_problem(url: str) -> str | None:
    """Why ``url`` (already stripped) cannot be the Data Flow endpoint, or ``None`` when it can."""
    if not url:
        return "it is empty"
    if any(ord(char) < 0x21 or 0x7F <= ord(char) < 0xA0 for char in url):
        return "it contains a space or a control character"
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as exc:
        return f"it is not a valid URL ({exc})"
    try:
        port = parts.port
    except ValueError:
        return f"the port {parts.netloc.rpartition(':')[2]!r} is not a number from 1 to 65535"
    if parts.scheme not in ("http", "https"):
        return "it does not start with http:// or https://"
    if "@" in parts.netloc:
        return "a user name or password in the URL is not supported"
    if parts.query or parts.fragment or url.endswith(("?", "#")):
        return "it has a query or fragment"
    if not host:
        return "it has no host"
    if "[" in parts.netloc:
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            return f"{host!r} is not an IPv6 address"
    elif _IPV4ISH.match(host):
        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            return f"{host!r} is not an IPv4 address"
    else:
        ascii_host = host if host.isascii() else _idna(host)
        if ascii_host is None or not all(
            len(label) <= 63 and _LABEL.match(label) for label in ascii_host.rstrip(".").split(".")
        ):
            return f"{host!r} is not a valid host name"
    if port is not None and not 1 <= port <= 65535:
        return f"the port {port} is not a number from 1 to 65535"
    if parts.netloc.endswith(":"):
        return "the port after ':' is missing"
    return None


def _idna(host: str) -> str | None:
    """The ASCII form of an international host name, by the rules the HTTP client uses (IDNA 2008)."""
    import idna  # installed with httpx; imported only for a non-ASCII host

    try:
        return str(idna.encode(host.lower()).decode("ascii"))
    except (idna.IDNAError, UnicodeError):
        return None


def check_api_url(url: Any, source: str | None) -> str:
    """The stripped URL, or :class:`ConfigError` naming the value, its origin and what is allowed."""
    text = url.strip() if isinstance(url, str) else url
    problem = api_url_problem(text) if isinstance(text, str) else "it is not text"
    if problem is not None:
        raise ConfigError(f"{setting_name('api_url', source)} {shown(text)}: {problem}; {API_URL_ALLOWED}")
    return str(text)


def refresh_in_range(seconds: float) -> bool:
    return math.isfinite(seconds) and MIN_REFRESH_INTERVAL <= seconds <= MAX_REFRESH_INTERVAL


def check_refresh_interval(value: Any, source: str | None) -> float:
    """Seconds between refreshes, or :class:`ConfigError` when outside 1 s to one hour."""
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        seconds = math.nan
    if isinstance(value, bool) or not refresh_in_range(seconds):
        raise ConfigError(f"{setting_name('refresh_interval', source)} {shown(value)}: {REFRESH_ALLOWED}")
    return seconds
