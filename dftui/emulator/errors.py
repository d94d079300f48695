"""Error bodies of the two layers the real API has: the Data Flow service and the gateway.

The service answers RFC 7807 problem details with an ``errorType``; the API Gateway answers
``{"error": {...}}`` (docs/api-contract.md, Errors). Handlers raise :class:`ServiceError`;
the gateway middleware builds gateway bodies directly.
"""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any

DETAIL_VALUE_LENGTH = 200
"""Longest value quoted in a ``{field=value}`` detail; longer ones are cut."""

_MESSAGES = {
    "bad-parameter": "Check the parameters.",
    "bad-state": "Check the status.",
    "resource-not-found": "Unable to find.",
    "client-request-failed": "Failed to the request.",
    "client-resource-not-found": "The resource can't be found.",
    "client-unauthorized": "You don't have permissions.",
    "unknown-resource-action": "An unexpected error has occurred.",
}

# gateway code -> (HTTP status, message, default details)
GATEWAY_ERRORS: dict[str, tuple[int, str, str]] = {
    "100": (400, "Bad Request Exception", "The request could not be understood."),
    "200": (401, "Authentication Failed", "Invalid authentication information."),
    "210": (401, "Permission Denied", "The access key is not allowed to call this API."),
    "300": (404, "Not Found Exception", "No API matches this method and path."),
    "400": (429, "Quota Exceeded", "The quota has been used up."),
    "410": (429, "Throttle Limited", "Too many requests; retry later."),
    "420": (429, "Rate Limited", "Too many requests; retry later."),
    "430": (413, "Request Entity Too Large", "The request body is too large."),
    "500": (503, "Endpoint Error", "The gateway could not connect to the service."),
    "510": (504, "Endpoint Timeout", "The service did not answer in time."),
    "900": (500, "Unexpected Error", "Unexpected gateway error."),
}


def format_detail_value(value: Any) -> str:
    """Render a value the way ``{field=value}`` details show it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        if len(value) > DETAIL_VALUE_LENGTH:  # a 65,000-character filter is not echoed whole
            return f"{value[:DETAIL_VALUE_LENGTH]}… ({len(value):,} characters)"
        return value
    if isinstance(value, (int, float)):
        return str(value)
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))[:200]
    except (TypeError, ValueError):
        return str(value)[:200]


class ServiceError(Exception):
    """A failure the Data Flow service itself reports (problem-details body)."""

    def __init__(self, status: int, error_type: str, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.error_type = error_type
        self.detail = detail

    def body(self, public_path: str) -> dict[str, Any]:
        return problem_body(self.status, self.error_type, self.detail, public_path)


def problem_body(status: int, error_type: str, detail: str, public_path: str) -> dict[str, Any]:
    return {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "instance": internal_instance(public_path),
        "errorType": error_type,
    }


def internal_instance(public_path: str) -> str:
    """``/api/v1/workflows/aa`` -> ``/dataflow/api/workflows/aa`` (the service's own path)."""
    rest = public_path[len("/api/v1") :] if public_path.startswith("/api/v1") else public_path
    return "/dataflow/api" + rest


def _detail(field: str, value: Any, kind: str) -> str:
    return f"{{{field}={format_detail_value(value)}}}: {_MESSAGES[kind]}"


def bad_parameter(field: str, value: Any) -> ServiceError:
    return ServiceError(400, "bad-parameter", _detail(field, value, "bad-parameter"))


def bad_state(field: str, value: Any) -> ServiceError:
    return ServiceError(400, "bad-state", _detail(field, value, "bad-state"))


def not_found(kind: str, field: str, value: Any) -> ServiceError:
    return ServiceError(404, f"resource-not-found/{kind}", _detail(field, value, "resource-not-found"))


def linked_failure(error_type: str, field: str, value: Any) -> ServiceError:
    """``client-request-failed`` / ``client-resource-not-found`` / ``client-unauthorized``."""
    return ServiceError(400, error_type, _detail(field, value, error_type))


def internal_error(field: str, value: Any) -> ServiceError:
    return ServiceError(
        500, "unknown-resource-action/JOB_EXECUTION", _detail(field, value, "unknown-resource-action")
    )


def gateway_body(code: str, details: str | None = None) -> tuple[int, dict[str, Any]]:
    """Return ``(http_status, body)`` for a gateway error code such as ``"200"``."""
    status, message, default_details = GATEWAY_ERRORS[code]
    return status, {"error": {"errorCode": code, "message": message, "details": details or default_details}}
