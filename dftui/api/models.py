"""Pydantic models for every Data Flow request and response (docs/api-contract.md, Data model).

Design rules, all from the contract (docs/api-contract.md, Conventions):

* Enum-like fields are plain ``str``: an unknown value from a newer server is kept
  and shown verbatim instead of crashing. Known values live in ``StrEnum``
  constant classes for comparisons, declared in :mod:`dftui.api.contract`.
* Unknown fields are preserved (``extra="allow"``) and every parsed object keeps the
  exact JSON it was built from in :attr:`ApiModel.raw`, so the UI can show it and an
  edited resource can be sent back without losing what we do not understand.
* Dates accept every generation's form; naive values are Korea time (+09:00).
* Type drift from older docs is tolerated: ``"true"`` for booleans, a
  comma-separated string for lists, integers for numeric strings.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, ClassVar, Generic, Literal, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    PrivateAttr,
    Tag,
    model_validator,
)
from pydantic.alias_generators import to_camel

from dftui.api import contract
from dftui.timeutil import format_api_datetime, parse_datetime

# ------------------------------------------------------------------- vocabularies

# Declared once, in dftui.api.contract; re-exported under the names the rest of the code has
# always imported from this module.
ExecutionStatus = contract.ExecutionStatus
ExecutionType = contract.ExecutionType
JobStatus = contract.JobStatus
JobType = contract.JobType
TriggerType = contract.TriggerType
TriggerRuleType = contract.TriggerRuleType
Interval = contract.Interval
DayOfWeek = contract.DayOfWeek
WorkflowNodeType = contract.WorkflowNodeType
FINAL_EXECUTION_STATUSES = contract.FINAL_EXECUTION_STATUSES
LIVE_EXECUTION_STATUSES = contract.LIVE_EXECUTION_STATUSES
RUNNABLE_JOB_STATUSES = contract.RUNNABLE_JOB_STATUSES
SOURCE_NODE_TYPES = contract.SOURCE_NODE_TYPES
TRANSFORM_NODE_TYPES = contract.TRANSFORM_NODE_TYPES
TARGET_NODE_TYPES = contract.TARGET_NODE_TYPES
JOB_NODE_TYPES = contract.JOB_NODE_TYPES

# ------------------------------------------------------------- tolerant scalar types


def _to_datetime(value: Any) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, (str, datetime)):
        return parse_datetime(value)
    return value


def _to_bool(value: Any) -> Any:
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in {"true", "1", "yes"}:
            return True
        if lowered in {"false", "0", "no", ""}:
            return False
    return value


def _to_list(value: Any) -> Any:
    """The 2023-2024 docs typed some arrays as strings, possibly comma-separated."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, (int, float)):
        return [value]
    return value


def _to_str(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    return value


def _to_str_map(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            str(k): (str(v).lower() if isinstance(v, bool) else str(v) if isinstance(v, (int, float)) else v)
            for k, v in value.items()
        }
    return value


ApiDateTime = Annotated[
    datetime,
    BeforeValidator(_to_datetime),
    PlainSerializer(format_api_datetime, return_type=str, when_used="json"),
]
"""A timezone-aware datetime; naive input is Korea time; JSON out is ``…+09:00``."""

LooseBool = Annotated[bool, BeforeValidator(_to_bool)]
StrList = Annotated[list[str], BeforeValidator(_to_list)]
IntList = Annotated[list[int], BeforeValidator(_to_list)]
LooseStr = Annotated[str, BeforeValidator(_to_str)]
StrMap = Annotated[dict[str, str], BeforeValidator(_to_str_map)]

# ------------------------------------------------------------------------ base model


class ApiModel(BaseModel):
    """Base for every wire object: camelCase aliases, extras kept, raw JSON kept.

    ``defer_build``: a validator is built when a model is first used, not at import, so start-up
    pays only for the few models the first screen reads (building all of them took ~90 ms).
    """

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="allow",
        validate_assignment=False,
        defer_build=True,
    )

    _raw: Any = PrivateAttr(default=None)

    @model_validator(mode="wrap")
    @classmethod
    def _keep_raw(cls, data: Any, handler: Any) -> Any:
        obj = handler(data)
        if isinstance(data, dict) and isinstance(obj, ApiModel):
            obj._raw = data
        return obj

    @property
    def raw(self) -> Any:
        """The JSON this object was parsed from (or its serialisation if built in code)."""
        return self._raw if self._raw is not None else self.to_json()

    def to_json(self) -> dict[str, Any]:
        """Wire form: camelCase keys, ``None`` fields left out, extras kept."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


# --------------------------------------------------------------------- jobCondition


class JobCondition(ApiModel):
    """Execution settings (docs/api-contract.md, Execution settings); every field is optional."""

    worker_type: str | None = None
    num_worker: int | None = None
    timeout: int | None = None
    nrn: str | None = None
    script_path: str | None = None
    log_path: str | None = None
    console_log_path: str | None = None
    parameters: StrMap | None = None


# ------------------------------------------------------------------------ job nodes


class Column(ApiModel):
    """A column: ``{"name": ..., "type": ...}``."""

    name: str
    type: str = "string"


class _JobNodeBase(ApiModel):
    id: int
    name: str = ""
    type: str
    parent_node_ids: IntList = Field(default_factory=list)

    CATEGORY: ClassVar[str] = "UNKNOWN"


class SourceObsNode(_JobNodeBase):
    CATEGORY: ClassVar[str] = "SOURCE"
    type: Literal["SOURCE_OBS"] = "SOURCE_OBS"
    region_no: LooseStr = "1"
    bucket_name: str = ""
    prefix: str = ""
    data_type: str = "CSV"
    field_list: list[Column] = Field(default_factory=list)


class SourceCatalogNode(_JobNodeBase):
    CATEGORY: ClassVar[str] = "SOURCE"
    type: Literal["SOURCE_CATALOG"] = "SOURCE_CATALOG"
    database: str = ""
    table: str = ""
    schema_version: LooseStr = ""
    field_list: list[Column] = Field(default_factory=list)


class SourceCdbMysqlNode(_JobNodeBase):
    CATEGORY: ClassVar[str] = "SOURCE"
    type: Literal["SOURCE_CDB_MYSQL"] = "SOURCE_CDB_MYSQL"
    connection_id: LooseStr = ""
    table: str = ""
    field_list: list[Column] = Field(default_factory=list)


class SourceCdbPostgresqlNode(_JobNodeBase):
    CATEGORY: ClassVar[str] = "SOURCE"
    type: Literal["SOURCE_CDB_POSTGRESQL"] = "SOURCE_CDB_POSTGRESQL"
    connection_id: LooseStr = ""
    table: str = ""
    field_list: list[Column] = Field(default_factory=list)


class DefineField(ApiModel):
    name: str
    new_type: str
    new_name: str


class TransformDefineNode(_JobNodeBase):
    CATEGORY: ClassVar[str] = "TRANSFORM"
    type: Literal["TRANSFORM_DEFINE"] = "TRANSFORM_DEFINE"
    define_field_list: list[DefineField] = Field(default_factory=list)


class TransformSelectNode(_JobNodeBase):
    CATEGORY: ClassVar[str] = "TRANSFORM"
    type: Literal["TRANSFORM_SELECT"] = "TRANSFORM_SELECT"
    field_list: list[Column] = Field(default_factory=list)


class JoinCondition(ApiModel):
    left_field: str
    right_field: str
    join_operator: str = "EQ"
    condition_operator: str = "HEAD"


class TransformJoinNode(_JobNodeBase):
    CATEGORY: ClassVar[str] = "TRANSFORM"
    type: Literal["TRANSFORM_JOIN"] = "TRANSFORM_JOIN"
    join_type: str = "INNER"
    left_node_id: int
    right_node_id: int
    join_condition_list: list[JoinCondition] = Field(default_factory=list)
    prefix: str | None = None


class FilterCondition(ApiModel):
    name: str
    operator: str
    value: LooseStr


class TransformFilterNode(_JobNodeBase):
    CATEGORY: ClassVar[str] = "TRANSFORM"
    type: Literal["TRANSFORM_FILTER"] = "TRANSFORM_FILTER"
    filter_type: str = "AND"
    filter_condition_list: list[FilterCondition] = Field(default_factory=list)


class TransformUnionNode(_JobNodeBase):
    CATEGORY: ClassVar[str] = "TRANSFORM"
    type: Literal["TRANSFORM_UNION"] = "TRANSFORM_UNION"
    union_type: str = "ALL"


class AggregateField(ApiModel):
    """``ResultName`` is published with a capital R; ``resultName`` is accepted too."""

    name: str
    result_name: str | None = Field(default=None, alias="ResultName")
    function: str

    @model_validator(mode="before")
    @classmethod
    def _accept_lowercase_result_name(cls, data: Any) -> Any:
        if isinstance(data, dict) and "ResultName" not in data and "resultName" in data:
            data = dict(data)
            data["ResultName"] = data.pop("resultName")
        return data


class TransformAggregateNode(_JobNodeBase):
    CATEGORY: ClassVar[str] = "TRANSFORM"
    type: Literal["TRANSFORM_AGGREGATE"] = "TRANSFORM_AGGREGATE"
    group_by_list: StrList = Field(default_factory=list)
    aggregate_field_list: list[AggregateField] = Field(default_factory=list)


class RenameField(ApiModel):
    name: str
    new_name: str


class TransformRenameNode(_JobNodeBase):
    CATEGORY: ClassVar[str] = "TRANSFORM"
    type: Literal["TRANSFORM_RENAME"] = "TRANSFORM_RENAME"
    rename_field_list: list[RenameField] = Field(default_factory=list)


class TransformDropDuplicationNode(_JobNodeBase):
    CATEGORY: ClassVar[str] = "TRANSFORM"
    type: Literal["TRANSFORM_DROP_DUPLICATION"] = "TRANSFORM_DROP_DUPLICATION"
    drop_field_list: StrList = Field(default_factory=list)


class MissingValueField(ApiModel):
    name: str
    default_value: LooseStr


class TransformFillMissingValuesNode(_JobNodeBase):
    CATEGORY: ClassVar[str] = "TRANSFORM"
    type: Literal["TRANSFORM_FILL_MISSING_VALUES"] = "TRANSFORM_FILL_MISSING_VALUES"
    missing_value_field_list: list[MissingValueField] = Field(default_factory=list)


class SourceName(ApiModel):
    parent_id: int
    new_name: str


class TransformSqlNode(_JobNodeBase):
    CATEGORY: ClassVar[str] = "TRANSFORM"
    type: Literal["TRANSFORM_SQL"] = "TRANSFORM_SQL"
    source_name_list: list[SourceName] = Field(default_factory=list)
    sql: str = ""


class TargetObsNode(_JobNodeBase):
    CATEGORY: ClassVar[str] = "TARGET"
    type: Literal["TARGET_OBS"] = "TARGET_OBS"
    region_no: LooseStr = "1"
    bucket_name: str = ""
    prefix: str = ""
    data_type: str = "CSV"
    field_list: list[Column] = Field(default_factory=list)
    update_type: str | None = None
    coalesce: int | None = None


class TargetCatalogNode(_JobNodeBase):
    CATEGORY: ClassVar[str] = "TARGET"
    type: Literal["TARGET_CATALOG"] = "TARGET_CATALOG"
    database: str = ""
    table: str = ""
    schema_version: LooseStr = ""
    field_list: list[Column] = Field(default_factory=list)
    update_type: str | None = None
    coalesce: int | None = None


class TargetCdbMysqlNode(_JobNodeBase):
    CATEGORY: ClassVar[str] = "TARGET"
    type: Literal["TARGET_CDB_MYSQL"] = "TARGET_CDB_MYSQL"
    connection_id: LooseStr = ""
    table: str = ""
    field_list: list[Column] = Field(default_factory=list)
    update_type: str | None = None


class TargetCdbPostgresqlNode(_JobNodeBase):
    CATEGORY: ClassVar[str] = "TARGET"
    type: Literal["TARGET_CDB_POSTGRESQL"] = "TARGET_CDB_POSTGRESQL"
    connection_id: LooseStr = ""
    table: str = ""
    field_list: list[Column] = Field(default_factory=list)
    update_type: str | None = None


class UnknownJobNode(_JobNodeBase):
    """Legacy (``TRANSFORM_DROP_NULL``…) or future node types, kept as opaque JSON."""

    type: str


_NODE_CLASSES: dict[str, type[_JobNodeBase]] = {
    cls.model_fields["type"].default: cls
    for cls in (
        SourceObsNode,
        SourceCatalogNode,
        SourceCdbMysqlNode,
        SourceCdbPostgresqlNode,
        TransformDefineNode,
        TransformSelectNode,
        TransformJoinNode,
        TransformFilterNode,
        TransformUnionNode,
        TransformAggregateNode,
        TransformRenameNode,
        TransformDropDuplicationNode,
        TransformFillMissingValuesNode,
        TransformSqlNode,
        TargetObsNode,
        TargetCatalogNode,
        TargetCdbMysqlNode,
        TargetCdbPostgresqlNode,
    )
}


def _node_tag(value: Any) -> str:
    node_type = value.get("type") if isinstance(value, dict) else getattr(value, "type", None)
    return node_type if node_type in _NODE_CLASSES else "unknown"


JobNode = Annotated[
    Annotated[SourceObsNode, Tag("SOURCE_OBS")]
    | Annotated[SourceCatalogNode, Tag("SOURCE_CATALOG")]
    | Annotated[SourceCdbMysqlNode, Tag("SOURCE_CDB_MYSQL")]
    | Annotated[SourceCdbPostgresqlNode, Tag("SOURCE_CDB_POSTGRESQL")]
    | Annotated[TransformDefineNode, Tag("TRANSFORM_DEFINE")]
    | Annotated[TransformSelectNode, Tag("TRANSFORM_SELECT")]
    | Annotated[TransformJoinNode, Tag("TRANSFORM_JOIN")]
    | Annotated[TransformFilterNode, Tag("TRANSFORM_FILTER")]
    | Annotated[TransformUnionNode, Tag("TRANSFORM_UNION")]
    | Annotated[TransformAggregateNode, Tag("TRANSFORM_AGGREGATE")]
    | Annotated[TransformRenameNode, Tag("TRANSFORM_RENAME")]
    | Annotated[TransformDropDuplicationNode, Tag("TRANSFORM_DROP_DUPLICATION")]
    | Annotated[TransformFillMissingValuesNode, Tag("TRANSFORM_FILL_MISSING_VALUES")]
    | Annotated[TransformSqlNode, Tag("TRANSFORM_SQL")]
    | Annotated[TargetObsNode, Tag("TARGET_OBS")]
    | Annotated[TargetCatalogNode, Tag("TARGET_CATALOG")]
    | Annotated[TargetCdbMysqlNode, Tag("TARGET_CDB_MYSQL")]
    | Annotated[TargetCdbPostgresqlNode, Tag("TARGET_CDB_POSTGRESQL")]
    | Annotated[UnknownJobNode, Tag("unknown")],
    Discriminator(_node_tag),
]
"""Discriminated union of the 18 documented node types, with an opaque fallback."""


def node_category(node: _JobNodeBase) -> str:
    """``SOURCE`` / ``TRANSFORM`` / ``TARGET`` (the contract's, else by prefix) / ``UNKNOWN``."""
    category = contract.category_of(node.type)
    return category.value if category is not None else "UNKNOWN"


# ------------------------------------------------------------------------------ jobs


class JobListItem(ApiModel):
    job_id: str
    name: str = ""
    type: str | None = None
    status: str | None = None
    last_execution_status: str | None = None
    last_execution_date: ApiDateTime | None = None
    created_date: ApiDateTime | None = None
    updated_date: ApiDateTime | None = None
    resource_id: str | None = None
    disabled: LooseBool | None = None
    max_concurrent_runs: int | None = None


class Job(ApiModel):
    """Job detail. Older servers call the settings ``runCondition``; both are read."""

    job_id: str
    name: str = ""
    type: str | None = None
    status: str | None = None
    max_concurrent_runs: int | None = None
    last_execution_status: str | None = None
    last_execution_date: ApiDateTime | None = None
    nodes: list[JobNode] = Field(default_factory=list)
    job_condition: JobCondition | None = None
    description: str | None = None
    created_date: ApiDateTime | None = None
    updated_date: ApiDateTime | None = None

    @model_validator(mode="before")
    @classmethod
    def _read_run_condition(cls, data: Any) -> Any:
        if (
            isinstance(data, dict)
            and data.get("jobCondition") is None
            and data.get("runCondition") is not None
        ):
            data = dict(data)
            data["jobCondition"] = data["runCondition"]
        if isinstance(data, dict) and data.get("nodes") is None and "nodes" in data:
            data = dict(data)
            data["nodes"] = []
        return data

    @property
    def is_visual(self) -> bool:
        return self.type in (JobType.VISUAL, JobType.DATAFLOW)


class JobCreate(ApiModel):
    """createJob body (docs/api-contract.md, Job operations)."""

    name: str
    type: str = JobType.VISUAL
    max_concurrent_runs: int | None = None
    job_condition: JobCondition | None = None
    nodes: list[JobNode] | None = None
    description: str | None = None


class JobUpdate(ApiModel):
    """updateJob body: the full current representation, edited (docs/api-contract.md, Job operations)."""

    type: str
    name: str | None = None
    max_concurrent_runs: int | None = None
    job_condition: JobCondition | None = None
    nodes: list[JobNode] | None = None
    is_temp: bool | None = None
    description: str | None = None


class JobVerify(ApiModel):
    """verifyJob body (docs/api-contract.md, Job operations)."""

    name: str
    type: str | None = None
    nodes: list[JobNode] = Field(default_factory=list)


class ExecuteJobRequest(ApiModel):
    """executeJob body; ``triggerId``/``workflowId`` go in the query, not here."""

    job_condition: JobCondition | None = None
    parameters: StrMap | None = None  # legacy top-level form, still accepted


class JobExecuteConfig(ApiModel):
    """updateJobExecuteConfig body (docs/api-contract.md, Job operations)."""

    job_condition: JobCondition


# ------------------------------------------------------------------------ executions


class Execution(ApiModel):
    """One job execution; workflow runs are job executions with type WORKFLOW."""

    job_execution_id: str
    job_id: str | None = None
    job_name: str | None = None
    trigger_id: str | None = None
    trigger_name: str | None = None
    type: str | None = None
    status: str = "UNKNOWN"
    job_condition: JobCondition | None = None
    executor_num: int | None = None
    waiting_time: int | None = None
    running_time: int | None = None
    parsed_parameters: dict[str, Any] = Field(default_factory=dict)
    created_date: ApiDateTime | None = None
    start_date: ApiDateTime | None = None
    end_date: ApiDateTime | None = None

    @model_validator(mode="before")
    @classmethod
    def _null_parameters(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("parsedParameters") is None and "parsedParameters" in data:
            data = dict(data)
            data["parsedParameters"] = {}
        return data

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_EXECUTION_STATUSES


class WorkflowRunAccepted(ApiModel):
    workflow_id: str | None = None
    trigger_id: str | None = None
    status: str = "ACCEPTED"


# ------------------------------------------------------------------------- workflows


class WorkflowNode(ApiModel):
    """A TRIGGER or JOB node; ``id`` is the referenced triggerId/jobId."""

    id: str
    name: str = ""
    type: str
    parent_node_ids: StrList = Field(default_factory=list)
    trigger_rule: str | None = None
    job_condition: JobCondition | None = None
    is_valid: LooseBool | None = None

    @property
    def valid(self) -> bool:
        return self.is_valid is not False


class Workflow(ApiModel):
    workflow_id: str
    name: str = ""
    nodes: list[WorkflowNode] = Field(default_factory=list)
    is_temp: LooseBool | None = None
    created_date: ApiDateTime | None = None
    updated_date: ApiDateTime | None = None

    @property
    def trigger_node(self) -> WorkflowNode | None:
        return next((n for n in self.nodes if n.type == WorkflowNodeType.TRIGGER), None)

    @property
    def job_nodes(self) -> list[WorkflowNode]:
        return [n for n in self.nodes if n.type == WorkflowNodeType.JOB]


class WorkflowListItem(Workflow):
    last_execution_date: ApiDateTime | None = None
    trigger_rule_type: str | None = None
    resource_id: str | None = None
    disabled: LooseBool | None = None


class WorkflowWrite(ApiModel):
    """createWorkflow / updateWorkflow body (docs/api-contract.md, Workflow operations)."""

    name: str
    nodes: list[WorkflowNode]
    is_temp: bool | None = False


# -------------------------------------------------------------------------- triggers


class TriggerRule(ApiModel):
    """Schedule definition; triggers cannot be modified. Fields that do not apply are absent."""

    type: str
    interval: str | None = None
    time: LooseStr | None = None
    day_of_week: StrList | None = None
    date_of_month: LooseStr | None = None
    execution_date: str | None = None


class Trigger(ApiModel):
    trigger_id: str
    name: str = ""
    type: str
    trigger_rule: TriggerRule
    created_date: ApiDateTime | None = None
    updated_date: ApiDateTime | None = None


class TriggerCreate(ApiModel):
    name: str
    type: str
    trigger_rule: TriggerRule


# ----------------------------------------------------------------------------- stats


class ExecutionResult(ApiModel):
    total_count: int = 0
    completed_count: int = 0
    failed_count: int = 0


class ExecutionCountBucket(ApiModel):
    total_count: int = 0
    start_date: ApiDateTime
    end_date: ApiDateTime


class ExecutionCount(ApiModel):
    result: list[ExecutionCountBucket] = Field(default_factory=list)


class ExecutionTimePoint(ApiModel):
    time: int
    value: int = 0


class ExecutionTimes(ApiModel):
    result: list[ExecutionTimePoint] = Field(default_factory=list)


# ------------------------------------------------------------------------------ pages

ItemT = TypeVar("ItemT", bound=ApiModel)


class Page(ApiModel, Generic[ItemT]):
    """One page of a list. ``count`` is the size of *this* page, never a total."""

    items: list[ItemT] = Field(default_factory=list, alias="list")
    count: int | None = None
    page: int | None = None
    limit: int | None = None

    @model_validator(mode="before")
    @classmethod
    def _null_list(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("list") is None:
            data = dict(data)
            data["list"] = []
        return data
