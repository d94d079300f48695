"""One exception hierarchy for every way a Data Flow call can fail (docs/api-contract.md, Errors).

The API answers failures in three shapes: a Data Flow *service* problem body
(``errorType``), an API *gateway* body (``{"error": {...}}``) and anything else (empty
bodies, HTML from a proxy). :func:`parse_error_response` folds all three into one
:class:`DataFlowError` whose ``str()`` is a sentence a person can act on, while the
attributes keep the raw facts (status, code, request id) for a request inspector.

Secrets never reach this module: errors carry the method and the request target
(path + query), never headers, and the client passes its secret in ``redact`` so a
server that echoes it back still cannot leak it into a message.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import timedelta
from enum import StrEnum
from typing import Any

import httpx

__all__ = [
    "AuthError",
    "BadParameterError",
    "BadStateError",
    "DataFlowError",
    "ErrorKind",
    "LinkedServiceError",
    "NetworkError",
    "NotFoundError",
    "PermissionDeniedError",
    "ReadOnlyError",
    "RequestTimeoutError",
    "ServerError",
    "ThrottledError",
    "UnexpectedResponseError",
    "error_class_for",
    "format_skew",
    "network_error",
    "parse_error_response",
    "read_only_error",
    "timeout_error",
]

SNIPPET_LENGTH = 300
"""How much of an unrecognised body is quoted in the message (docs/api-contract.md, Anything else)."""


class ErrorKind(StrEnum):
    """What went wrong, coarse enough for the UI to pick a reaction."""

    AUTH = "auth"
    PERMISSION = "permission"
    NOT_FOUND = "not_found"
    BAD_PARAMETER = "bad_parameter"
    BAD_STATE = "bad_state"
    THROTTLED = "throttled"
    SERVER = "server"
    NETWORK = "network"
    TIMEOUT = "timeout"
    LINKED_SERVICE = "linked_service"
    READ_ONLY = "read_only"
    UNEXPECTED = "unexpected"


class DataFlowError(Exception):
    """Base class of every error raised by :class:`dftui.api.DataFlowClient`.

    Attributes (all optional except ``kind`` and ``source``):

    * ``status``: HTTP status, ``None`` when no answer arrived (network, timeout, read-only).
    * ``kind``: an :class:`ErrorKind`.
    * ``source``: ``"service"``, ``"gateway"``, ``"unknown"``, ``"network"`` or ``"client"``.
    * ``code``: the service ``errorType``, the gateway ``errorCode`` (as a string) or
      ``"http-<status>"``.
    * ``message``: the server's own message (``detail``/``title`` or gateway ``message``).
    * ``details``: extra text (gateway ``details``, body snippet, diagnostic headers).
    * ``instance``: the service's internal path, for display only.
    * ``request_id`` / ``trace_id``: from ``x-ncp-request-id`` / ``x-ncp-trace-id``.
    * ``gateway_code``: gateway error code from the body or ``x-ncp-apigw-error-code``.
    * ``method`` / ``path``: the request as sent (path includes the query).
    * ``retries``: how many automatic retries were made before giving up.

    ``summary`` is the sentence for a person; ``str(err)`` adds the facts in brackets.
    """

    default_kind: ErrorKind = ErrorKind.UNEXPECTED

    def __init__(
        self,
        summary: str,
        *,
        kind: ErrorKind | None = None,
        status: int | None = None,
        source: str = "unknown",
        code: str | None = None,
        message: str | None = None,
        details: str | None = None,
        instance: str | None = None,
        request_id: str | None = None,
        trace_id: str | None = None,
        gateway_code: str | None = None,
        method: str | None = None,
        path: str | None = None,
        retries: int = 0,
    ) -> None:
        super().__init__(summary)
        self.summary = summary
        self.kind = kind or self.default_kind
        self.status = status
        self.source = source
        self.code = code
        self.message = message if message is not None else summary
        self.details = details
        self.instance = instance
        self.request_id = request_id
        self.trace_id = trace_id
        self.gateway_code = gateway_code
        self.method = method
        self.path = path
        self.retries = retries

    # -------------------------------------------------------------- derived flags
    @property
    def is_auth(self) -> bool:
        return self.kind in (ErrorKind.AUTH, ErrorKind.PERMISSION)

    @property
    def is_not_found(self) -> bool:
        return (self.code or "").startswith("resource-not-found")

    @property
    def is_bad_state(self) -> bool:
        return self.code == "bad-state"

    @property
    def from_gateway(self) -> bool:
        """True when the API gateway answered, so the service never saw the request."""
        return self.source == "gateway" or self.gateway_code is not None

    def __str__(self) -> str:
        facts: list[str] = []
        if self.status is not None:
            facts.append(f"HTTP {self.status}")
        if self.code and not self.code.startswith("http-"):
            facts.append(f"{self.source} code {self.code}" if self.source == "gateway" else self.code)
        if self.method and self.path:
            facts.append(f"{self.method} {self.path}")
        if self.request_id:
            facts.append(f"request id {self.request_id}")
        if self.retries:
            facts.append(f"after {self.retries} {'retry' if self.retries == 1 else 'retries'}")
        return f"{self.summary} [{'; '.join(facts)}]" if facts else self.summary

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(kind={self.kind.value!r}, status={self.status!r}, "
            f"source={self.source!r}, code={self.code!r}, method={self.method!r}, "
            f"path={self.path!r}, retries={self.retries!r}, summary={self.summary!r})"
        )


class AuthError(DataFlowError):
    """Credentials rejected (gateway 200): wrong key/secret or clock skew."""

    default_kind = ErrorKind.AUTH


class PermissionDeniedError(DataFlowError):
    """The key is valid but may not call this API (gateway 210)."""

    default_kind = ErrorKind.PERMISSION


class NotFoundError(DataFlowError):
    """Unknown id (service ``resource-not-found/*``) or no such route (gateway 300)."""

    default_kind = ErrorKind.NOT_FOUND


class BadParameterError(DataFlowError):
    """The request was malformed or a value out of range."""

    default_kind = ErrorKind.BAD_PARAMETER


class BadStateError(DataFlowError):
    """The target's state does not allow the action (``bad-state``)."""

    default_kind = ErrorKind.BAD_STATE


class ThrottledError(DataFlowError):
    """Rate limit or quota hit (429)."""

    default_kind = ErrorKind.THROTTLED


class ServerError(DataFlowError):
    """The service or gateway failed (5xx, ``unknown-resource-action/*``)."""

    default_kind = ErrorKind.SERVER


class NetworkError(DataFlowError):
    """No answer: DNS, TLS, refused or dropped connection."""

    default_kind = ErrorKind.NETWORK


class RequestTimeoutError(DataFlowError):
    """The server did not answer in time; a write may or may not have happened."""

    default_kind = ErrorKind.TIMEOUT


class LinkedServiceError(DataFlowError):
    """Data Flow could not use a linked NCP product (``client-*`` error types)."""

    default_kind = ErrorKind.LINKED_SERVICE


class ReadOnlyError(DataFlowError):
    """A change was attempted while the client is read-only; nothing was sent."""

    default_kind = ErrorKind.READ_ONLY


class UnexpectedResponseError(DataFlowError):
    """The server answered, but not in a form the client understands."""

    default_kind = ErrorKind.UNEXPECTED


_CLASS_BY_KIND: dict[ErrorKind, type[DataFlowError]] = {
    ErrorKind.AUTH: AuthError,
    ErrorKind.PERMISSION: PermissionDeniedError,
    ErrorKind.NOT_FOUND: NotFoundError,
    ErrorKind.BAD_PARAMETER: BadParameterError,
    ErrorKind.BAD_STATE: BadStateError,
    ErrorKind.THROTTLED: ThrottledError,
    ErrorKind.SERVER: ServerError,
    ErrorKind.NETWORK: NetworkError,
    ErrorKind.TIMEOUT: RequestTimeoutError,
    ErrorKind.LINKED_SERVICE: LinkedServiceError,
    ErrorKind.READ_ONLY: ReadOnlyError,
    ErrorKind.UNEXPECTED: UnexpectedResponseError,
}


def error_class_for(kind: ErrorKind) -> type[DataFlowError]:
    """The exception subclass raised for ``kind``."""
    return _CLASS_BY_KIND[kind]


# ------------------------------------------------------------------ kind mapping

_GATEWAY_KINDS: dict[str, ErrorKind] = {
    "100": ErrorKind.BAD_PARAMETER,
    "200": ErrorKind.AUTH,
    "210": ErrorKind.PERMISSION,
    "300": ErrorKind.NOT_FOUND,
    "400": ErrorKind.THROTTLED,
    "410": ErrorKind.THROTTLED,
    "420": ErrorKind.THROTTLED,
    "430": ErrorKind.BAD_PARAMETER,
    "500": ErrorKind.SERVER,
    "510": ErrorKind.SERVER,
    "900": ErrorKind.SERVER,
}


def _service_kind(code: str) -> ErrorKind | None:
    prefix = code.split("/", 1)[0]
    if prefix == "bad-parameter":
        return ErrorKind.BAD_PARAMETER
    if prefix == "bad-state":
        return ErrorKind.BAD_STATE
    if prefix == "resource-not-found":
        return ErrorKind.NOT_FOUND
    if prefix.startswith("client-"):
        return ErrorKind.LINKED_SERVICE
    if prefix == "unknown-resource-action":
        return ErrorKind.SERVER
    return None


def _status_kind(status: int) -> ErrorKind:
    if status == 401:
        return ErrorKind.AUTH
    if status == 403:
        return ErrorKind.PERMISSION
    if status in (404, 405, 410):
        return ErrorKind.NOT_FOUND
    if status == 409:
        return ErrorKind.BAD_STATE
    if status == 429:
        return ErrorKind.THROTTLED
    if status >= 500:
        return ErrorKind.SERVER
    if 400 <= status < 500:
        return ErrorKind.BAD_PARAMETER
    return ErrorKind.UNEXPECTED


# -------------------------------------------------------------------- messages


def format_skew(skew: timedelta) -> str:
    """``+7m12s``, ``-45s``, ``+1h02m03s``: server clock minus local clock."""
    total = round(skew.total_seconds())
    sign = "-" if total < 0 else "+"
    total = abs(total)
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}h{minutes:02d}m{seconds:02d}s"
    if minutes:
        return f"{sign}{minutes}m{seconds:02d}s"
    return f"{sign}{seconds}s"


def _auth_summary(clock_skew: timedelta | None) -> str:
    text = (
        "Authentication failed: the access key or secret key is wrong, "
        "or this machine's clock is more than 5 minutes off"
    )
    if clock_skew is not None:
        text += f" (clock differs from server by {format_skew(clock_skew)})"
    return text


_LINKED_SUMMARIES = {
    "client-request-failed": "A call from Data Flow to a linked NCP service failed",
    "client-resource-not-found": "A resource in a linked NCP service is missing (for example a bucket "
    "or script path)",
    "client-unauthorized": "Data Flow has no permission on a linked NCP service (check the role in nrn)",
}


def _resource_words(code: str) -> str:
    """``resource-not-found/JOB_EXECUTION`` -> ``Job execution``."""
    _, _, suffix = code.partition("/")
    return suffix.replace("_", " ").capitalize() if suffix else "The item"


def _summary(
    kind: ErrorKind,
    *,
    source: str,
    code: str,
    gateway_code: str | None,
    message: str,
    method: str,
    path: str,
    clock_skew: timedelta | None,
) -> str:
    route = f"{method} {path.split('?', 1)[0]}"
    with_message = f": {message}" if message else ""
    if kind is ErrorKind.AUTH:
        return _auth_summary(clock_skew)
    if kind is ErrorKind.PERMISSION:
        return "Permission denied: this access key is not allowed to call the Data Flow API"
    if kind is ErrorKind.NOT_FOUND:
        if code.startswith("resource-not-found"):
            return f"{_resource_words(code)} not found{with_message}"
        return f"No API operation at {route}: check the API URL (the server may be an older version)"
    if kind is ErrorKind.BAD_PARAMETER:
        if gateway_code == "430":
            return "Request too large: the body exceeds the API Gateway's size limit"
        if gateway_code == "100":
            return f"The API Gateway rejected the request{with_message}"
        return f"The server rejected a parameter{with_message}"
    if kind is ErrorKind.BAD_STATE:
        return f"Not allowed in the current state{with_message}"
    if kind is ErrorKind.THROTTLED:
        if gateway_code == "400":
            return "API quota exceeded for this access key: wait until the quota resets"
        return "Too many requests: the API Gateway is rate-limiting this access key; try again shortly"
    if kind is ErrorKind.SERVER:
        if gateway_code == "500":
            return "The API Gateway could not reach the Data Flow service (Endpoint Error); try again later"
        if gateway_code == "510":
            return (
                "The Data Flow service did not answer in time (Endpoint Timeout); "
                "check the current state before repeating a change"
            )
        if gateway_code == "900":
            return f"The API Gateway had an unexpected error{with_message}"
        if code.startswith("unknown-resource-action"):
            return f"The Data Flow service hit an unexpected error{with_message} (report it to NCP support)"
        return f"The server failed{with_message}"
    if kind is ErrorKind.LINKED_SERVICE:
        lead = _LINKED_SUMMARIES.get(code.split("/", 1)[0], "A linked NCP service failed")
        return f"{lead}{with_message}"
    return f"Unexpected answer from the server{with_message}"


# --------------------------------------------------------------------- parsing


def _collapse(text: str, limit: int = SNIPPET_LENGTH) -> str:
    collapsed = re.sub(r"\s+", " ", text).strip()
    return collapsed if len(collapsed) <= limit else collapsed[: limit - 1] + "…"


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def _redact(text: str | None, secrets: Iterable[str]) -> str | None:
    if text is None:
        return None
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


def _header(response: httpx.Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.strip() if value and value.strip() else None


def parse_error_response(
    response: httpx.Response,
    method: str,
    path: str,
    retries: int = 0,
    *,
    clock_skew: timedelta | None = None,
    redact: Iterable[str] = (),
) -> DataFlowError:
    """Turn a non-2xx answer into the matching :class:`DataFlowError` subclass.

    The steps are in docs/api-contract.md, How the client normalises errors.

    ``path`` is the request target as sent (path and query). ``clock_skew`` (server
    minus local) is quoted in authentication errors when known. Every string in
    ``redact`` is masked in all text taken from the response.
    """
    secrets = [s for s in redact if s]
    status = response.status_code
    try:
        body_text = response.text
    except (UnicodeDecodeError, LookupError):
        body_text = response.content.decode("utf-8", errors="replace")
    parsed: Any = None
    if body_text.strip():
        try:
            parsed = json.loads(body_text)
        except ValueError:
            parsed = None

    request_id = _header(response, "x-ncp-request-id")
    trace_id = _header(response, "x-ncp-trace-id")
    header_code = _header(response, "x-ncp-apigw-error-code")
    header_message = _header(response, "x-ncp-apigw-error-message")

    details: str | None = None
    instance: str | None = None
    gateway_code: str | None = header_code
    kind: ErrorKind | None = None

    if isinstance(parsed, dict) and (
        "errorType" in parsed
        or (isinstance(parsed.get("status"), int) and ("title" in parsed or "detail" in parsed))
    ):
        source = "service"
        code = _text(parsed.get("errorType")) or f"http-{status}"
        message = _text(parsed.get("detail")) or _text(parsed.get("title")) or ""
        instance = _text(parsed.get("instance"))
        kind = _service_kind(code)
    elif isinstance(parsed, dict) and isinstance(parsed.get("error"), dict):
        source = "gateway"
        error = parsed["error"]
        code = _text(error.get("errorCode")) or f"http-{status}"
        message = _text(error.get("message")) or ""
        details = _text(error.get("details")) or _text(error.get("detail"))
        if code.isdigit():
            gateway_code = code
            kind = _GATEWAY_KINDS.get(code)
        else:
            kind = _service_kind(code)  # a non-numeric errorCode is a service errorType
    else:
        source = "unknown"
        code = f"http-{status}"
        message = f"HTTP {status} {response.reason_phrase}".strip()
        snippet = _collapse(_redact(body_text, secrets) or "")  # masked before it is cut short
        if snippet:
            message += f": {snippet}"
        extras = []
        if header_code:
            extras.append(f"gateway error code {header_code}")
        if header_message:
            extras.append(f"gateway message {header_message!r}")
        if trace_id:
            extras.append(f"trace id {trace_id}")
        details = "; ".join(extras) or None
        if header_code and header_code.isdigit():
            kind = _GATEWAY_KINDS.get(header_code)

    if kind is None:
        kind = _status_kind(status)
    message = _redact(message, secrets) or ""
    summary = _summary(
        kind,
        source=source,
        code=code,
        gateway_code=gateway_code,
        message=message,
        method=method,
        path=path,
        clock_skew=clock_skew,
    )
    return error_class_for(kind)(
        _redact(summary, secrets) or summary,
        kind=kind,
        status=status,
        source=source,
        code=_redact(code, secrets),
        message=message,
        details=_redact(details, secrets),
        instance=_redact(instance, secrets),
        request_id=request_id,
        trace_id=trace_id,
        gateway_code=gateway_code,
        method=method,
        path=path,
        retries=retries,
    )


# ----------------------------------------------------- errors without an answer


def network_error(
    exc: BaseException, method: str, path: str, host: str, retries: int = 0, *, redact: Iterable[str] = ()
) -> NetworkError:
    """A transport failure (DNS, TLS, refused, dropped) as a :class:`NetworkError`."""
    reason = _redact(_collapse(str(exc), 200), [s for s in redact if s]) or type(exc).__name__
    return NetworkError(
        f"Could not reach {host} ({reason}): check the network connection and the API URL",
        source="network",
        code="network",
        message=reason,
        method=method,
        path=path,
        retries=retries,
    )


def timeout_error(
    exc: BaseException, method: str, path: str, host: str, timeout: float | None, retries: int = 0
) -> RequestTimeoutError:
    """An httpx timeout as a :class:`RequestTimeoutError` naming the host."""
    phase = {
        "ConnectTimeout": "connecting",
        "ReadTimeout": "waiting for the answer",
        "WriteTimeout": "sending the request",
        "PoolTimeout": "waiting for a free connection",
    }.get(type(exc).__name__, "waiting")
    within = f" within {timeout:g} s" if timeout else ""
    summary = f"{host} did not answer{within} (timed out {phase})"
    if method != "GET":
        summary += "; the change may or may not have been made, so check before repeating it"
    return RequestTimeoutError(
        summary,
        source="network",
        code="timeout",
        message=summary,
        method=method,
        path=path,
        retries=retries,
    )


def read_only_error(method: str, path: str) -> ReadOnlyError:
    """The refusal raised before a non-GET call in read-only mode."""
    return ReadOnlyError(
        f"Read-only mode: {method} {path.split('?', 1)[0]} was not sent (turn off read-only to make changes)",
        source="client",
        code="read-only",
        method=method,
        path=path,
    )
