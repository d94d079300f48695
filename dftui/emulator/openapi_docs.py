"""The emulator's OpenAPI document (docs/api-contract.md, Operations): documentation only, not validation.

Handlers parse every body by hand (so FastAPI never answers 422), and these schemas describe what
the service accepts and answers: request bodies, responses, parameters, the documented error
bodies and the signature-v2 headers. :func:`doc` gives each route its operation; :func:`install_openapi`
adds the shared component schemas and the security scheme, and drops what FastAPI invents (422).
Schemas are written by hand from the contract because the client's pydantic models are deliberately
looser (every field optional, enums as plain strings) than the contract a server publishes. The
job-node schemas, the vocabularies, the name rule and the jobCondition ranges are generated from
:mod:`dftui.api.contract`, the table the emulator's validation is built from too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI

from dftui.api import contract
from dftui.api.contract import (
    JOB_NODE_TYPES,
    DayOfWeek,
    ExecutionStatus,
    FieldKind,
    FieldSpec,
    Interval,
    JobNodeSpec,
    NodeCategory,
    TriggerRuleType,
    TriggerType,
    values,
)

Schema = dict[str, Any]


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def _obj(properties: dict[str, Schema], required: tuple[str, ...] = (), **extra: Any) -> Schema:
    """An object that, like the API, tolerates fields it does not list."""
    schema: Schema = {"type": "object", "properties": properties, **extra}
    if required:
        schema["required"] = list(required)
    return schema


def _array(items: Schema, **extra: Any) -> Schema:
    return {"type": "array", "items": items, **extra}


def _enum(values: tuple[str, ...] | list[str], description: str | None = None) -> Schema:
    schema: Schema = {"type": "string", "enum": list(values)}
    if description:
        schema["description"] = description
    return schema


def _nullable(schema: Schema) -> Schema:
    return {"anyOf": [schema, {"type": "null"}]}


STRING: Schema = {"type": "string"}
TEXT: Schema = {"type": "string", "minLength": 1}
INTEGER: Schema = {"type": "integer"}
BOOLEAN: Schema = {"type": "boolean"}
NAME: Schema = {
    "type": "string",
    "pattern": contract.NAME_RULE.pattern,
    "description": contract.NAME_RULE.message + ".",
    "example": "job001",
}
RESOURCE_ID: Schema = {
    "type": "string",
    "pattern": "^[A-Za-z0-9]{12}$",
    "description": "12-character id.",
    "example": "gqigvHd7Rw1K",
}
NODE_ID: Schema = {
    "type": "integer",
    "description": "13-digit epoch-millisecond style id chosen by the client, unique in the job.",
    "example": 1697776914576,
}
DATE_TIME: Schema = {
    "type": "string",
    "description": "ISO 8601; the emulator sends YYYY-MM-DDTHH:mm:ss+09:00.",
    "example": "2025-03-19T10:12:45+09:00",
}
LOCAL_DATE_TIME: Schema = {
    "type": "string",
    "description": "YYYY-MM-DDTHH:mm:ss, Korea time without an offset.",
    "example": "2025-03-19T00:00:01",
}
EXECUTION_DATE_PATTERN = (
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-][0-9]{2}:?[0-9]{2})?$"
)
HOUR_MINUTE_PATTERN = "^[0-5]?[0-9]$"
CLOCK_PATTERN = "^([01]?[0-9]|2[0-3]):[0-5][0-9]$"
DATE_OF_MONTH_PATTERN = "^(-1|0?[1-9]|[12][0-9]|3[01])$"

JOB_STATUSES = values(contract.JobStatus)
EXECUTION_STATUSES = values(ExecutionStatus)

# ------------------------------------------------------------------ shared pieces


def _range(spec: contract.IntRange) -> Schema:
    schema: Schema = {"type": "integer", "minimum": spec.low, "maximum": spec.high}
    if spec.default is not None:
        schema["default"] = spec.default
    return schema


def _job_condition(parameter_value: Schema, description: str) -> Schema:
    settings = contract.JOB_CONDITION
    return _obj(
        {
            "workerType": _enum(values(settings.worker_type), "Optional; the newest docs removed it."),
            "numWorker": _range(settings.num_worker),
            "timeout": _range(settings.timeout_minutes),
            "nrn": {**STRING, "example": "nrn:PUB:IAM::2706412:Role/8d3f5a10-0496-11f0-baf6-246e96591a38"},
            "scriptPath": {**STRING, "example": "dataflow-2706412-a1b2/scripts/"},
            "logPath": {**STRING, "example": "dataflow-2706412-a1b2/sparkHistoryLogs/"},
            "consoleLogPath": {**STRING, "description": "Executions only; opaque."},
            "parameters": {"type": "object", "additionalProperties": parameter_value},
        },
        description=description,
    )


_COMMON: dict[str, Schema] = {
    "JobCondition": _job_condition(
        STRING,
        "Execution settings of a job, a workflow node or an execution (which adds consoleLogPath).",
    ),
    "JobConditionInput": _job_condition(
        {
            "type": ["string", "number", "boolean"],
            "description": "Numbers and booleans are stored as strings.",
        },
        "Execution settings as sent: every field optional; a run needs nrn, scriptPath and logPath "
        "once the request is laid over the job's saved settings.",
    ),
    "Field": _obj({"name": TEXT, "type": {**TEXT, "example": "string"}}, contract.COLUMN_KEYS),
}

# ------------------------------------------------------------------ job nodes


def _field_schema(spec: FieldSpec) -> Schema:
    """The JSON schema of one contract field (a node field or an item field of a list)."""
    schema: Schema
    if spec.kind in (FieldKind.STRING, FieldKind.SQL):
        schema = dict(STRING)
    elif spec.kind is FieldKind.INTEGER:
        schema = dict(INTEGER)
        if spec.value_range is not None:
            schema.update(minimum=spec.value_range.low, maximum=spec.value_range.high)
    elif spec.kind is FieldKind.ENUM:
        schema = _enum(spec.allowed)
    elif spec.kind is FieldKind.STRING_LIST:
        schema = _array(STRING)
    elif spec.kind is FieldKind.COLUMNS:
        schema = _array(ref("Field"))
    else:
        schema = _array(_item_schema(spec))
        if spec.min_items:
            schema["minItems"] = spec.min_items
    if spec.example is not None:
        schema["example"] = spec.example
    if spec.doc is not None:
        schema["description"] = spec.doc
    return schema


def _item_schema(spec: FieldSpec) -> Schema:
    """An item of an object list: every field required; an aliased field under any of its keys."""
    properties = {key: _field_schema(item) for item in spec.items for key in item.keys}
    schema = _obj(properties, tuple(item.name for item in spec.items if not item.aliases))
    either = [{"anyOf": [{"required": [key]} for key in item.keys]} for item in spec.items if item.aliases]
    if len(either) == 1:
        schema.update(either[0])
    elif either:
        schema["allOf"] = either
    notes = [item.doc for item in spec.items if item.aliases and item.doc]
    if notes:
        schema["description"] = " ".join(notes)
    return schema


def _node_description(spec: JobNodeSpec) -> str:
    """What the node does, plus the graph rules its fields carry."""
    refs = [field.name for field in spec.fields if field.parent_ref]
    refs += [
        f"{field.name}[].{item.name}" for field in spec.fields for item in field.items if item.parent_ref
    ]
    text = spec.summary
    if refs:
        text += " " + " and ".join(refs) + (" is" if len(refs) == 1 else " are") + " in parentNodeIds."
    return text


def _node_schema(node_type: str) -> Schema:
    spec = contract.node_spec(node_type)
    assert spec is not None
    parents: Schema = _array(INTEGER, description="Ids of upstream nodes of the same job.")
    if spec.category is NodeCategory.SOURCE:
        parents = {**parents, "maxItems": 0, "description": "[]: a source node has no parents."}
    else:
        parents = {**parents, "minItems": spec.min_parents}
    properties: dict[str, Schema] = {
        "id": NODE_ID,
        "name": {**STRING, "description": "Free display text (any Unicode)."},
        "type": {"type": "string", "const": node_type},
        "parentNodeIds": parents,
        **{field.name: _field_schema(field) for field in spec.fields},
    }
    schema = _obj(properties, (*contract.JOB_NODE_COMMON_FIELDS, *(field.name for field in spec.required)))
    schema["description"] = _node_description(spec)
    return schema


def _node_schema_name(node_type: str) -> str:
    return "JobNode" + "".join(part.title() for part in node_type.split("_"))


_NODES: dict[str, Schema] = {_node_schema_name(t): _node_schema(t) for t in JOB_NODE_TYPES}
_NODES["JobNode"] = {
    "oneOf": [ref(_node_schema_name(t)) for t in JOB_NODE_TYPES],
    "discriminator": {
        "propertyName": "type",
        "mapping": {t: f"#/components/schemas/{_node_schema_name(t)}" for t in JOB_NODE_TYPES},
    },
    "description": (
        "One flat object: the common fields plus those of its type. The graph is acyclic; "
        "a complete VISUAL job has at least one source and one target."
    ),
}

# ------------------------------------------------------------------ triggers


def _rule(rule_type: str, interval: str | None = None, **fields: Schema) -> Schema:
    properties: dict[str, Schema] = {"type": {"type": "string", "const": rule_type}}
    if interval is not None:
        properties["interval"] = {"type": "string", "const": interval}
    properties.update(fields)
    return _obj(properties, tuple(properties))


_HOUR_TIME: Schema = {
    "anyOf": [
        {"type": "string", "pattern": HOUR_MINUTE_PATTERN},
        {"type": "integer", "minimum": 0, "maximum": 59},
    ],
    "description": 'The minute of each hour, "00"-"59" ("5" and 5 are accepted).',
    "example": "30",
}
_CLOCK_TIME: Schema = {
    "type": "string",
    "pattern": CLOCK_PATTERN,
    "description": "Time of day HH:mm (24-hour), Korea time.",
    "example": "10:00",
}
_DAYS: Schema = _array(
    _enum(tuple(day.value for day in DayOfWeek)),
    minItems=1,
    description="A comma-separated string is accepted too (older docs).",
)
_DATE_OF_MONTH: Schema = {
    "anyOf": [
        {"type": "string", "pattern": DATE_OF_MONTH_PATTERN},
        {"type": "integer", "minimum": 1, "maximum": 31},
        {"type": "integer", "const": -1},
    ],
    "description": '"1"-"31", or "-1" for the last day of the month; a string (integers accepted).',
    "example": "-1",
}
_EXECUTION_DATE: Schema = {
    "type": "string",
    "pattern": EXECUTION_DATE_PATTERN,
    "description": "Korea-time ISO 8601 date-time (offset and seconds optional).",
    "example": "2025-04-01T10:00:00",
}
_SCHEDULED_RULES = [
    _rule("RECURRING", "HOUR", time=_HOUR_TIME),
    _rule("RECURRING", "DAY", time=_CLOCK_TIME),
    _rule("RECURRING", "WEEK", time=_CLOCK_TIME, dayOfWeek=_DAYS),
    _rule("RECURRING", "MONTH", time=_CLOCK_TIME, dateOfMonth=_DATE_OF_MONTH),
    _rule("ONE_TIME", executionDate=_EXECUTION_DATE),
]

_TRIGGERS: dict[str, Schema] = {
    "TriggerRuleInput": {
        "oneOf": [*_SCHEDULED_RULES, _rule("NONE")],
        "description": "Fields that do not apply to the rule are ignored.",
    },
    "TriggerCreate": {
        "oneOf": [
            _obj(
                {
                    "name": NAME,
                    "type": {"type": "string", "const": TriggerType.SCHEDULED.value},
                    "triggerRule": {"oneOf": _SCHEDULED_RULES},
                },
                ("name", "type", "triggerRule"),
            ),
            _obj(
                {
                    "name": NAME,
                    "type": _enum((TriggerType.NONE.value, TriggerType.EVENT.value)),
                    "triggerRule": _rule("NONE"),
                },
                ("name", "type", "triggerRule"),
            ),
        ],
        "description": "SCHEDULED takes a RECURRING or ONE_TIME rule; NONE and EVENT take a NONE rule.",
    },
    "TriggerRule": _obj(
        {
            "type": _enum(tuple(t.value for t in TriggerRuleType)),
            "interval": _enum(tuple(i.value for i in Interval)),
            "time": {"type": "string", "description": 'HOUR: "00"-"59"; otherwise "HH:mm".'},
            "dayOfWeek": _DAYS,
            "dateOfMonth": {"type": "string", "pattern": DATE_OF_MONTH_PATTERN},
            "executionDate": {**LOCAL_DATE_TIME, "description": "YYYY-MM-DDTHH:mm:ss, Korea time."},
        },
        ("type",),
        description="Only the fields that apply to the rule are present.",
    ),
    "Trigger": _obj(
        {
            "triggerId": RESOURCE_ID,
            "name": NAME,
            "type": _enum(tuple(t.value for t in TriggerType)),
            "triggerRule": ref("TriggerRule"),
            "createdDate": DATE_TIME,
            "updatedDate": DATE_TIME,
        },
        ("triggerId", "name", "type", "triggerRule", "createdDate", "updatedDate"),
    ),
}

# ------------------------------------------------------------------ workflows

_WORKFLOW_NODE_TYPES = values(contract.WorkflowNodeType)
_WORKFLOWS: dict[str, Schema] = {
    "WorkflowNodeInput": _obj(
        {
            "id": {**STRING, "description": "A triggerId (TRIGGER node) or a jobId (JOB node)."},
            "name": {**STRING, "description": "Replaced by the referenced resource's current name."},
            "type": _enum(_WORKFLOW_NODE_TYPES),
            "parentNodeIds": _array(STRING, description="[] for the TRIGGER node; non-empty for JOB nodes."),
            "triggerRule": {**STRING, "description": "Ignored: derived from the trigger."},
            "jobCondition": ref("JobConditionInput"),
        },
        ("id", "name", "type", "parentNodeIds"),
    ),
    "WorkflowWrite": _obj(
        {
            "name": NAME,
            "nodes": _array(
                ref("WorkflowNodeInput"),
                description=(
                    "Exactly one TRIGGER node and at least one JOB node, acyclic, each id at most once; "
                    "a draft (isTemp) may be incomplete."
                ),
            ),
            "isTemp": {**BOOLEAN, "default": False, "description": "true saves a draft."},
        },
        ("name", "nodes"),
    ),
    "WorkflowNode": _obj(
        {
            "id": RESOURCE_ID,
            "name": STRING,
            "type": _enum(_WORKFLOW_NODE_TYPES),
            "parentNodeIds": _array(STRING),
            "triggerRule": _enum(tuple(t.value for t in TriggerRuleType), "TRIGGER nodes only."),
            "jobCondition": ref("JobCondition"),
            "isValid": {**BOOLEAN, "description": "false once the referenced trigger or job is deleted."},
        },
        ("id", "name", "type", "parentNodeIds"),
    ),
    "Workflow": _obj(
        {
            "workflowId": RESOURCE_ID,
            "name": NAME,
            "nodes": _array(ref("WorkflowNode")),
            "isTemp": BOOLEAN,
            "createdDate": DATE_TIME,
            "updatedDate": DATE_TIME,
        },
        ("workflowId", "name", "nodes", "isTemp", "createdDate", "updatedDate"),
    ),
    "WorkflowListItem": {
        "allOf": [
            ref("Workflow"),
            _obj(
                {
                    "lastExecutionDate": _nullable(DATE_TIME),
                    "triggerRuleType": _enum(tuple(t.value for t in TriggerRuleType)),
                    "resourceId": RESOURCE_ID,
                    "disabled": BOOLEAN,
                },
                ("triggerRuleType", "resourceId", "disabled"),
            ),
        ]
    },
    "WorkflowRunAccepted": _obj(
        {
            "workflowId": RESOURCE_ID,
            "triggerId": RESOURCE_ID,
            "status": {"type": "string", "const": "ACCEPTED"},
        },
        ("workflowId", "triggerId", "status"),
    ),
}

# ------------------------------------------------------------------ jobs

_JOB_TYPES_IN = values(contract.JobType)
_JOB_TYPES_OUT = tuple(t for t in _JOB_TYPES_IN if t != contract.JobType.DATAFLOW)  # stored as VISUAL
_JOB_WRITE_FIELDS: dict[str, Schema] = {
    "name": NAME,
    "type": _enum(_JOB_TYPES_IN, "DATAFLOW (older docs) is stored as VISUAL."),
    "maxConcurrentRuns": {"type": "integer", "minimum": 1, "default": 1},
    "jobCondition": ref("JobConditionInput"),
    "nodes": _array(ref("JobNode"), description="The graph of a VISUAL job; replaces the graph."),
    "isTemp": {**BOOLEAN, "description": "Legacy: true saves a DRAFT."},
    "description": {**STRING, "description": "Legacy; stored and echoed."},
}
_JOBS: dict[str, Schema] = {
    "JobCreate": _obj(
        dict(_JOB_WRITE_FIELDS),
        ("name",),
        description="type is required by the newest docs and assumed VISUAL when absent (older clients).",
    ),
    "JobUpdate": _obj(
        dict(_JOB_WRITE_FIELDS),
        description=(
            "Absent fields keep their values. type, when sent, must be the job's current type. "
            "PUT (the older docs' method) also requires name."
        ),
    ),
    "JobUpdatePut": _obj(dict(_JOB_WRITE_FIELDS), ("name",), description="Older PUT form of updateJob."),
    "JobVerify": _obj(
        {
            "name": NAME,
            "type": _JOB_WRITE_FIELDS["type"],
            "nodes": _array(ref("JobNode"), description="Required and non-empty for a VISUAL job."),
            "description": STRING,
        },
        ("name",),
        description="Nothing is saved; name uniqueness is not checked.",
    ),
    "ExecuteJobRequest": _obj(
        {
            "jobCondition": ref("JobConditionInput"),
            "parameters": {
                "type": "object",
                "additionalProperties": {"type": ["string", "number", "boolean"]},
                "description": "Legacy top-level parameters (older docs); jobCondition.parameters wins.",
            },
        },
        description="Settings for this run only, laid over the job's saved settings; {} runs with them.",
    ),
    "JobExecuteConfig": _obj(
        {"jobCondition": ref("JobConditionInput")},
        ("jobCondition",),
        description="Merged field by field into the saved settings.",
    ),
    "Job": _obj(
        {
            "jobId": RESOURCE_ID,
            "name": NAME,
            "type": _enum(_JOB_TYPES_OUT),
            "status": _enum(JOB_STATUSES),
            "maxConcurrentRuns": {"type": "integer", "minimum": 1},
            "lastExecutionStatus": _enum(EXECUTION_STATUSES),
            "lastExecutionDate": DATE_TIME,
            "nodes": _array(ref("JobNode")),
            "jobCondition": ref("JobCondition"),
            "description": STRING,
            "createdDate": DATE_TIME,
            "updatedDate": DATE_TIME,
        },
        ("jobId", "name", "type", "status", "jobCondition", "createdDate", "updatedDate"),
    ),
    "JobListItem": _obj(
        {
            "jobId": RESOURCE_ID,
            "name": NAME,
            "type": _enum(_JOB_TYPES_OUT),
            "status": _enum(JOB_STATUSES),
            "lastExecutionStatus": _enum(EXECUTION_STATUSES),
            "lastExecutionDate": DATE_TIME,
            "createdDate": DATE_TIME,
            "updatedDate": DATE_TIME,
            "resourceId": RESOURCE_ID,
            "disabled": BOOLEAN,
        },
        ("jobId", "name", "type", "status", "resourceId", "disabled"),
    ),
    "Execution": _obj(
        {
            "jobExecutionId": RESOURCE_ID,
            "jobId": RESOURCE_ID,
            "jobName": STRING,
            "triggerId": _nullable(STRING),
            "triggerName": _nullable(STRING),
            "type": _enum(values(contract.ExecutionType)),
            "status": _enum(EXECUTION_STATUSES),
            "jobCondition": ref("JobCondition"),
            "executorNum": {"type": "integer", "minimum": 0},
            "waitingTime": {"type": "integer", "minimum": 0, "description": "Minutes."},
            "runningTime": {"type": "integer", "minimum": 0, "description": "Minutes."},
            "parsedParameters": {"type": "object"},
            "createdDate": DATE_TIME,
            "startDate": _nullable(DATE_TIME),
            "endDate": _nullable(DATE_TIME),
        },
        (
            "jobExecutionId",
            "jobId",
            "jobName",
            "type",
            "status",
            "jobCondition",
            "executorNum",
            "waitingTime",
            "runningTime",
            "createdDate",
        ),
        description="One job execution; a workflow run is job executions with type WORKFLOW.",
    ),
}

# ------------------------------------------------------------------ stats, pages, bodies, errors


def _page(item: str) -> Schema:
    return _obj(
        {
            "list": _array(ref(item)),
            "count": {"type": "integer", "minimum": 0, "description": "Items in this page (not a total)."},
            "page": {"type": "integer", "minimum": 0},
            "limit": {"type": "integer", "minimum": 1},
        },
        ("list", "count", "page", "limit"),
        description="One page; stop when list is shorter than limit.",
    )


_COUNT: Schema = {"type": "integer", "minimum": 0}
_OTHERS: dict[str, Schema] = {
    "ExecutionResult": _obj(
        {"totalCount": _COUNT, "completedCount": _COUNT, "failedCount": _COUNT},
        ("totalCount", "completedCount", "failedCount"),
    ),
    "ExecutionCount": _obj(
        {
            "result": _array(
                _obj(
                    {"totalCount": _COUNT, "startDate": LOCAL_DATE_TIME, "endDate": LOCAL_DATE_TIME},
                    ("totalCount", "startDate", "endDate"),
                ),
                description="One bucket per calendar day, ascending.",
            )
        },
        ("result",),
    ),
    "ExecutionTimes": _obj(
        {
            "result": _array(
                _obj(
                    {
                        "time": {"type": "integer", "description": "Bucket start, epoch milliseconds."},
                        "value": {**_COUNT, "description": "Executions started in the bucket."},
                    },
                    ("time", "value"),
                ),
                description="2-hour buckets at even Korea hours, ascending.",
            )
        },
        ("result",),
    ),
    "WorkflowListPage": _page("WorkflowListItem"),
    "JobListPage": _page("JobListItem"),
    "ExecutionPage": _page("Execution"),
    "TriggerPage": _page("Trigger"),
    "True": {"type": "boolean", "const": True, "description": "The bare literal true."},
    "Problem": _obj(
        {
            "type": {"type": "string", "example": "about:blank"},
            "title": {"type": "string", "example": "Bad Request"},
            "status": INTEGER,
            "detail": {**STRING, "example": "{name=ab}: Check the parameters."},
            "instance": {**STRING, "example": "/dataflow/api/workflows/aa"},
            "errorType": {**STRING, "example": "bad-parameter"},
        },
        ("type", "title", "status", "detail", "instance", "errorType"),
        description="Data Flow service error, RFC 7807 plus errorType.",
    ),
    "GatewayError": _obj(
        {
            "error": _obj(
                {
                    "errorCode": {"type": ["string", "integer"], "example": "200"},
                    "message": {**STRING, "example": "Authentication Failed"},
                    "details": STRING,
                },
                ("errorCode", "message"),
            )
        },
        ("error",),
        description="API Gateway error.",
    ),
}


def _problem(status: int, error_types: Schema) -> Schema:
    return {"allOf": [ref("Problem"), _obj({"status": {"const": status}, "errorType": error_types})]}


def _gateway(*codes: str) -> Schema:
    return {"allOf": [ref("GatewayError"), _obj({"error": _obj({"errorCode": {"enum": list(codes)}})})]}


COMPONENT_SCHEMAS: dict[str, Schema] = {
    **_COMMON,
    **_NODES,
    **_TRIGGERS,
    **_WORKFLOWS,
    **_JOBS,
    **_OTHERS,
}


def _json(schema: Schema) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


ERROR_RESPONSES: dict[str, dict[str, Any]] = {
    "400": {
        "description": "bad-parameter, bad-state or a linked-product failure.",
        "content": _json(
            _problem(
                400,
                _enum(
                    (
                        "bad-parameter",
                        "bad-state",
                        "client-request-failed",
                        "client-resource-not-found",
                        "client-unauthorized",
                    )
                ),
            )
        ),
    },
    "401": {
        "description": "Gateway: authentication failed (errorCode 200) or permission denied (210).",
        "content": _json(_gateway("200", "210")),
    },
    "404": {
        "description": "resource-not-found/<KIND> (service) or gateway errorCode 300 (no such route).",
        "content": _json(
            {"anyOf": [_problem(404, {"type": "string", "pattern": "^resource-not-found/"}), _gateway("300")]}
        ),
    },
    "429": {
        "description": "Gateway: quota or rate limit (errorCode 400, 410, 420; the emulator sends 410).",
        "content": _json(_gateway("400", "410", "420")),
    },
    "500": {
        "description": "Unexpected internal error (unknown-resource-action/...).",
        "content": _json(_problem(500, {"type": "string", "pattern": "^unknown-resource-action/"})),
    },
    "503": {
        "description": "Gateway: endpoint error (fault injection only).",
        "content": _json(_gateway("500")),
    },
    "504": {
        "description": "Gateway: endpoint timeout (fault injection only).",
        "content": _json(_gateway("510")),
    },
}

# ------------------------------------------------------------------ parameters

_PAGE_PARAMS = [
    {
        "name": "page",
        "in": "query",
        "required": False,
        "description": "0-based page number.",
        "schema": {"type": "integer", "minimum": 0, "default": 0},
    },
    {
        "name": "limit",
        "in": "query",
        "required": False,
        "description": "Items per page.",
        "schema": {"type": "integer", "minimum": 1, "default": 1000},
    },
]
_DATE_PARAMS = [
    {
        "name": name,
        "in": "query",
        "required": True,
        "description": "YYYY-MM-DDTHH:mm:ss, Korea time, no offset; startDate <= endDate.",
        "schema": {"type": "string", "example": example},
    }
    for name, example in (("startDate", "2025-03-19T00:00:00"), ("endDate", "2025-03-20T23:59:59"))
]


def _query(name: str, description: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": STRING}


_NAME_FILTER = _query("name", "Case-insensitive substring of the name.")
_PAYLOAD_HEADER = {
    "name": "x-ncp-dataflow-payload",
    "in": "header",
    "required": False,
    "description": "Base64 of a JSON object describing the caller; never signed, never rejected.",
    "schema": STRING,
}
PATH_PARAMETERS: dict[str, str] = {
    "workflowId": "Workflow id; an unknown or malformed id is 404 resource-not-found/WORKFLOW.",
    "jobId": "Job id; an unknown or malformed id is 404 resource-not-found/JOB.",
    "executionId": "jobExecutionId; unknown (or another job's) is 404 resource-not-found/JOB_EXECUTION.",
    "triggerId": "Trigger id; an unknown or malformed id is 404 resource-not-found/TRIGGER.",
}

# ------------------------------------------------------------------ operations


@dataclass(frozen=True)
class Operation:
    """What the document says about one operation (docs/api-contract.md, Operations)."""

    tag: str
    summary: str
    response: str
    status: int = 200
    body: str | None = None
    body_required: bool = True
    parameters: list[dict[str, Any]] = field(default_factory=list)


OPERATIONS: dict[str, Operation] = {
    "getExecutionResult": Operation(
        "Dashboard", "Executions in a period by outcome", "ExecutionResult", parameters=_DATE_PARAMS
    ),
    "getExecutionCount": Operation(
        "Dashboard", "Executions per calendar day", "ExecutionCount", parameters=_DATE_PARAMS
    ),
    "getExecutionTimes": Operation(
        "Dashboard", "Executions per 2-hour bucket", "ExecutionTimes", parameters=_DATE_PARAMS
    ),
    "getWorkflows": Operation("Workflow", "List workflows", "WorkflowListPage", parameters=_PAGE_PARAMS),
    "getWorkflowById": Operation("Workflow", "Get a workflow", "Workflow"),
    "createWorkflow": Operation("Workflow", "Create a workflow", "Workflow", 201, "WorkflowWrite"),
    "updateWorkflow": Operation(
        "Workflow", "Replace a workflow's name and nodes", "Workflow", body="WorkflowWrite"
    ),
    "deleteWorkflow": Operation("Workflow", "Delete a workflow", "True"),
    "getWorkflowExecutions": Operation(
        "Workflow",
        "List the job executions a workflow started",
        "ExecutionPage",
        parameters=[
            *_PAGE_PARAMS,
            _query("filter", "Keeps items whose jobName or workflow name contains it."),
        ],
    ),
    "executeWorkflow": Operation(
        "Workflow",
        "Run a workflow (accepted; results appear later)",
        "WorkflowRunAccepted",
        202,
        parameters=[_PAYLOAD_HEADER],
    ),
    "getJobs": Operation(
        "Job",
        "List jobs",
        "JobListPage",
        parameters=[
            *_PAGE_PARAMS,
            _NAME_FILTER,
            _query("status", "Older docs: a job status; RUNNABLE also matches READY."),
        ],
    ),
    "getJobById": Operation("Job", "Get a job", "Job"),
    "createJob": Operation("Job", "Create a job", "Job", 201, "JobCreate"),
    "updateJob": Operation("Job", "Update a job (PATCH)", "Job", body="JobUpdate"),
    "updateJobPut": Operation(
        "Job", "Update a job (older docs' PUT form of updateJob)", "Job", body="JobUpdatePut"
    ),
    "deleteJob": Operation("Job", "Delete a job (not while it has READY or RUNNING executions)", "True"),
    "verifyJob": Operation("Job", "Validate a job definition without saving it", "True", body="JobVerify"),
    "executeJob": Operation(
        "Job",
        "Run a job",
        "Execution",
        body="ExecuteJobRequest",
        body_required=False,
        parameters=[
            _query("triggerId", "Records this (existing) trigger on the execution."),
            _query("workflowId", "Marks the run WORKFLOW; the workflow must contain the job."),
        ],
    ),
    "getJobExecutions": Operation(
        "Job", "List a job's executions, newest first", "ExecutionPage", parameters=_PAGE_PARAMS
    ),
    "getJobExecutionById": Operation("Job", "Get one execution of a job", "Execution"),
    "updateJobExecuteConfig": Operation(
        "Job", "Save a job's default execution settings", "Job", body="JobExecuteConfig"
    ),
    "cancelJobExecution": Operation("Job", "Cancel a READY or RUNNING execution", "True"),
    "getTriggers": Operation(
        "Trigger", "List triggers", "TriggerPage", parameters=[*_PAGE_PARAMS, _NAME_FILTER]
    ),
    "getTriggerById": Operation("Trigger", "Get a trigger", "Trigger"),
    "createTrigger": Operation(
        "Trigger", "Create a trigger (triggers cannot be modified)", "Trigger", 201, "TriggerCreate"
    ),
    "deleteTrigger": Operation("Trigger", "Delete a trigger", "True"),
}

SECURITY_SCHEMES: dict[str, dict[str, Any]] = {
    "ncpTimestamp": {
        "type": "apiKey",
        "in": "header",
        "name": "x-ncp-apigw-timestamp",
        "description": "Epoch milliseconds, within 5 minutes of the gateway clock.",
    },
    "ncpAccessKey": {
        "type": "apiKey",
        "in": "header",
        "name": "x-ncp-iam-access-key",
        "description": "The NCP access key id.",
    },
    "ncpSignature": {
        "type": "apiKey",
        "in": "header",
        "name": "x-ncp-apigw-signature-v2",
        "description": (
            'Base64 HMAC-SHA256 with the secret key over "METHOD path?query\\ntimestamp\\naccessKey", '
            "the path and query exactly as sent."
        ),
    },
}
SECURITY: list[dict[str, list[str]]] = [{name: [] for name in SECURITY_SCHEMES}]


def doc(operation_id: str, *path_parameters: str) -> dict[str, Any]:
    """Route kwargs for one operation: id, summary, status code, parameters, body and responses.

    ``path_parameters``: the route's ``{names}``, in order. Handlers read them from the request,
    so FastAPI does not document them itself."""
    operation = OPERATIONS[operation_id]
    extra: dict[str, Any] = {
        "parameters": [*(_path_parameter(name) for name in path_parameters), *operation.parameters]
    }
    if operation.body is not None:
        extra["requestBody"] = {"required": operation.body_required, "content": _json(ref(operation.body))}
    success = {"description": "Success.", "content": _json(ref(operation.response))}
    extra["responses"] = {str(operation.status): success, **ERROR_RESPONSES}
    return {
        "operation_id": operation_id,
        "summary": operation.summary,
        "tags": [operation.tag],
        "status_code": operation.status,
        "openapi_extra": extra,
    }


def _path_parameter(name: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": {"type": "string", "minLength": 1},
        "description": PATH_PARAMETERS[name],
    }


def finish_openapi(spec: dict[str, Any]) -> dict[str, Any]:
    """Add components and security; drop FastAPI's 422 (the emulator never sends it)."""
    for path_item in spec.get("paths", {}).values():
        for operation in path_item.values():
            operation.get("responses", {}).pop("422", None)
    components = spec.setdefault("components", {})
    components["schemas"] = dict(COMPONENT_SCHEMAS)
    components["securitySchemes"] = dict(SECURITY_SCHEMES)
    spec["security"] = SECURITY
    return spec


def install_openapi(app: FastAPI) -> None:
    """Make ``app.openapi()`` (and ``/openapi.json``) return the finished document, built once."""
    build: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = finish_openapi(build())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
