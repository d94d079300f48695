"""OpenAPI descriptions for the emulator's routes (documentation only, never validation)."""

from __future__ import annotations

from typing import Any

_QUERY: dict[str, dict[str, Any]] = {
    "page": {"name": "page", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 0}},
    "limit": {"name": "limit", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 1}},
    "name": {"name": "name", "in": "query", "required": False, "schema": {"type": "string"}},
    "status": {"name": "status", "in": "query", "required": False, "schema": {"type": "string"}},
    "filter": {"name": "filter", "in": "query", "required": False, "schema": {"type": "string"}},
    "triggerId": {"name": "triggerId", "in": "query", "required": False, "schema": {"type": "string"}},
    "workflowId": {"name": "workflowId", "in": "query", "required": False, "schema": {"type": "string"}},
    "startDate": {
        "name": "startDate",
        "in": "query",
        "required": True,
        "schema": {"type": "string", "example": "2025-03-19T00:00:00"},
    },
    "endDate": {
        "name": "endDate",
        "in": "query",
        "required": True,
        "schema": {"type": "string", "example": "2025-03-20T23:59:59"},
    },
    "payload": {
        "name": "x-ncp-dataflow-payload",
        "in": "header",
        "required": False,
        "schema": {"type": "string", "description": "Base64 JSON describing the caller"},
    },
}
_AUTH_HEADERS = [
    {"name": name, "in": "header", "required": True, "schema": {"type": "string"}}
    for name in ("x-ncp-apigw-timestamp", "x-ncp-iam-access-key", "x-ncp-apigw-signature-v2")
]
_SUCCESS = {
    "createWorkflow": 201,
    "createJob": 201,
    "createTrigger": 201,
    "executeWorkflow": 202,
}
_ERRORS = {
    "400": {"description": "bad-parameter / bad-state (problem details)"},
    "401": {"description": "gateway: authentication failed (errorCode 200) or permission denied (210)"},
    "404": {"description": "resource-not-found/<KIND> (problem details) or gateway 300 (no route)"},
    "429": {"description": "gateway: throttled (errorCode 410)"},
}


def doc(summary: str, *features: str, operation_id: str | None = None) -> dict[str, Any]:
    """Route kwargs: operation id, parameters, an optional JSON request body, status codes."""
    parameters = list(_AUTH_HEADERS)
    for feature in features:
        if feature == "page":
            parameters += [_QUERY["page"], _QUERY["limit"]]
        elif feature == "dashboard":
            parameters += [_QUERY["startDate"], _QUERY["endDate"]]
        elif feature in _QUERY:
            parameters.append(_QUERY[feature])
    extra: dict[str, Any] = {"parameters": parameters}
    if "body" in features:
        extra["requestBody"] = {
            "required": False,
            "content": {"application/json": {"schema": {"type": "object", "additionalProperties": True}}},
        }
    op_id = operation_id or summary
    status = _SUCCESS.get(op_id, 200)
    return {
        "operation_id": op_id,
        "summary": summary,
        "status_code": status,
        "openapi_extra": extra,
        "responses": {str(status): {"description": "Success (JSON)"}, **_ERRORS},
    }
