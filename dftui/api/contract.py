"""The Data Flow contract, declared once: every vocabulary, the name rule and the job-node catalogue.

Why this module exists: the client's models, the emulator's validation and its OpenAPI document
used to each carry their own copy of the node fields and the enum values, so a new node type meant
editing five files and a missed one went unnoticed. Everything here is plain data (frozen
dataclasses, ``StrEnum`` vocabularies, tuples) so that any layer can read it: it imports only the
standard library, never pydantic or Textual, and costs next to nothing to import.

Who reads it:

* :mod:`dftui.api.models` re-exports the vocabularies under their old names and checks node
  categories here;
* :mod:`dftui.emulator.validation` builds its per-node checks from :data:`JOB_NODE_SPECS`;
* :mod:`dftui.emulator.openapi_docs` builds the ``JobNode*`` schemas from the same table;
* ``tests/api/test_contract.py`` fails when the models or the emulator disagree with it.

The facts come from the API reference the project targets; docs/api-contract.md ("Job nodes",
"Names", "Execution settings") explains them in prose. Vocabularies list the values a server
*accepts*; the client still keeps an unknown value from a newer server as a plain string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Final

__all__ = [
    "AGGREGATE_RESULT_NAME_KEYS",
    "COLUMN_KEYS",
    "FINAL_EXECUTION_STATUSES",
    "JOB_CONDITION",
    "JOB_NODE_COMMON_FIELDS",
    "JOB_NODE_SPECS",
    "JOB_NODE_TYPES",
    "LIVE_EXECUTION_STATUSES",
    "NAME_RULE",
    "REQUIRED_RUN_SETTINGS",
    "RUNNABLE_JOB_STATUSES",
    "SOURCE_NODE_TYPES",
    "TARGET_NODE_TYPES",
    "TRANSFORM_NODE_TYPES",
    "AggregateFunction",
    "ConditionOperator",
    "DayOfWeek",
    "ExecutionStatus",
    "ExecutionType",
    "FieldKind",
    "FieldSpec",
    "FilterType",
    "IntRange",
    "Interval",
    "JobConditionSpec",
    "JobNodeSpec",
    "JobStatus",
    "JobType",
    "JoinType",
    "NameRule",
    "NodeCategory",
    "Operator",
    "SourceDataType",
    "TargetDataType",
    "TriggerRuleType",
    "TriggerType",
    "UnionType",
    "UpdateMode",
    "WorkerType",
    "WorkflowNodeType",
    "category_of",
    "node_spec",
    "values",
]

# ------------------------------------------------------------------------ vocabularies


def values(vocabulary: type[Enum]) -> tuple[str, ...]:
    """The wire values of a vocabulary, in declaration order (what servers accept)."""
    return tuple(str(member.value) for member in vocabulary)


class Operator(StrEnum):
    """Comparison of a filter condition, and of a join condition (``joinOperator``)."""

    EQ = "EQ"
    NE = "NE"
    GT = "GT"
    LT = "LT"
    GTE = "GTE"
    LTE = "LTE"


class ConditionOperator(StrEnum):
    """How a join condition links to the previous one: the first uses ``HEAD``, later ones AND/OR."""

    HEAD = "HEAD"
    AND = "AND"
    OR = "OR"


class FilterType(StrEnum):
    """How the conditions of a filter node combine."""

    AND = "AND"
    OR = "OR"


class UpdateMode(StrEnum):
    """``updateType`` of a target node: what happens to data already at the target."""

    OVERWRITE = "OVERWRITE"
    APPEND = "APPEND"
    IGNORE = "IGNORE"


class SourceDataType(StrEnum):
    """File format an Object Storage source reads."""

    JSON = "JSON"
    CSV = "CSV"
    PARQUET = "PARQUET"
    NDJSON = "NDJSON"


class TargetDataType(StrEnum):
    """File format an Object Storage target writes: the source formats without ``NDJSON``."""

    JSON = "JSON"
    CSV = "CSV"
    PARQUET = "PARQUET"


class JoinType(StrEnum):
    INNER = "INNER"
    LEFT_OUTER = "LEFT_OUTER"
    RIGHT_OUTER = "RIGHT_OUTER"
    FULL_OUTER = "FULL_OUTER"


class UnionType(StrEnum):
    """``ALL`` keeps duplicate rows, ``DISTINCT`` removes them."""

    ALL = "ALL"
    DISTINCT = "DISTINCT"


class AggregateFunction(StrEnum):
    SUM = "SUM"
    AVG = "AVG"
    MAX = "MAX"
    MIN = "MIN"


class WorkerType(StrEnum):
    """Legacy ``jobCondition.workerType``: optional, newer servers dropped it; never invented."""

    DEFAULT = "DEFAULT"
    DATAFLOW = "DATAFLOW"


class JobType(StrEnum):
    VISUAL = "VISUAL"
    SCRIPT = "SCRIPT"
    DATAFLOW = "DATAFLOW"  # legacy name for VISUAL, accepted and stored as VISUAL


class JobStatus(StrEnum):
    """Job status. Current servers send READY (and DRAFT); the rest are older generations' names."""

    READY = "READY"
    RUNNABLE = "RUNNABLE"
    RUNNING = "RUNNING"
    DRAFT = "DRAFT"
    EDITING = "EDITING"
    STOPPED = "STOPPED"
    DELETED = "DELETED"
    UNKNOWN = "UNKNOWN"


RUNNABLE_JOB_STATUSES: Final[frozenset[str]] = frozenset(
    {JobStatus.READY.value, JobStatus.RUNNABLE.value, JobStatus.RUNNING.value}
)
"""Statuses for which "run" is offered without asking; the server decides for the others."""


class ExecutionStatus(StrEnum):
    """Status of one job execution. Success is ``COMPLETED``; ``CANCELED`` has one L."""

    READY = "READY"
    RUNNING = "RUNNING"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
    CANCELED = "CANCELED"


FINAL_EXECUTION_STATUSES: Final[frozenset[str]] = frozenset(
    {ExecutionStatus.COMPLETED.value, ExecutionStatus.FAILED.value, ExecutionStatus.CANCELED.value}
)
"""An execution in one of these never changes again (polling can stop)."""
LIVE_EXECUTION_STATUSES: Final[frozenset[str]] = frozenset(
    {ExecutionStatus.READY.value, ExecutionStatus.RUNNING.value}
)
"""Accepted and not finished: queued (READY) or on workers (RUNNING)."""


class ExecutionType(StrEnum):
    """What started an execution: executeJob (``JOB``) or a workflow run (``WORKFLOW``)."""

    JOB = "JOB"
    WORKFLOW = "WORKFLOW"


class TriggerType(StrEnum):
    """``SCHEDULED`` fires on its rule; ``NONE`` is run by hand; ``EVENT`` by an outside caller."""

    SCHEDULED = "SCHEDULED"
    EVENT = "EVENT"
    NONE = "NONE"


class TriggerRuleType(StrEnum):
    RECURRING = "RECURRING"
    ONE_TIME = "ONE_TIME"
    NONE = "NONE"


class Interval(StrEnum):
    """Cycle of a ``RECURRING`` rule."""

    HOUR = "HOUR"
    DAY = "DAY"
    WEEK = "WEEK"
    MONTH = "MONTH"


class DayOfWeek(StrEnum):
    """Days of a ``WEEK`` rule, Monday first (index == ``date.weekday()``)."""

    MONDAY = "MONDAY"
    TUESDAY = "TUESDAY"
    WEDNESDAY = "WEDNESDAY"
    THURSDAY = "THURSDAY"
    FRIDAY = "FRIDAY"
    SATURDAY = "SATURDAY"
    SUNDAY = "SUNDAY"


class WorkflowNodeType(StrEnum):
    TRIGGER = "TRIGGER"
    JOB = "JOB"


# --------------------------------------------------------------------------- names


@dataclass(frozen=True)
class NameRule:
    """The rule for workflow, job and trigger names (job *node* names are free text).

    ``message`` is what a form shows next to a rejected name; ``pattern`` is what servers check.
    """

    pattern: str
    message: str
    min_length: int
    max_length: int

    @property
    def regex(self) -> re.Pattern[str]:
        return re.compile(self.pattern)

    def matches(self, value: object) -> bool:
        return isinstance(value, str) and re.match(self.pattern, value) is not None


NAME_RULE: Final = NameRule(
    pattern=r"^[A-Za-z_][A-Za-z0-9_-]{2,99}$",
    message="3\N{EN DASH}100 characters: letters, digits, _ and -; the first a letter or _",
    min_length=3,
    max_length=100,
)

# ------------------------------------------------------------------ execution settings


@dataclass(frozen=True)
class IntRange:
    """An inclusive integer range, with the value servers use when the field is absent."""

    low: int
    high: int
    default: int | None = None

    def __contains__(self, value: object) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and self.low <= value <= self.high


@dataclass(frozen=True)
class JobConditionSpec:
    """The ranges and vocabularies of ``jobCondition`` (execution settings); every field optional."""

    worker_type: type[WorkerType]
    num_worker: IntRange
    timeout_minutes: IntRange
    string_fields: tuple[str, ...]


JOB_CONDITION: Final = JobConditionSpec(
    worker_type=WorkerType,
    num_worker=IntRange(2, 10, default=2),
    timeout_minutes=IntRange(1, 1440, default=360),
    string_fields=("nrn", "scriptPath", "logPath", "consoleLogPath"),
)
REQUIRED_RUN_SETTINGS: Final = ("nrn", "scriptPath", "logPath")
"""A run needs these once its settings are laid over the job's saved ones."""

# ---------------------------------------------------------------------- job nodes


class NodeCategory(StrEnum):
    """Sources have no parents; targets have no children; transforms sit in between."""

    SOURCE = "SOURCE"
    TRANSFORM = "TRANSFORM"
    TARGET = "TARGET"


class FieldKind(StrEnum):
    """What one node field holds on the wire."""

    STRING = "string"
    """A string (servers tolerate a number and read it as its text)."""
    SQL = "sql"
    """Free Spark SQL text: a string, but an editor shows it as a multi-line query."""
    INTEGER = "integer"
    """An integer (digit strings tolerated)."""
    ENUM = "enum"
    """One value of :attr:`FieldSpec.vocabulary`, exactly as spelled."""
    STRING_LIST = "string_list"
    """A list of strings (a single string is tolerated)."""
    COLUMNS = "columns"
    """A list of column objects ``{"name", "type"}``, both non-empty strings."""
    OBJECT_LIST = "object_list"
    """A list of structured items, each described by :attr:`FieldSpec.items`."""


COLUMN_KEYS: Final = ("name", "type")
"""Keys of a column object. The column ``type`` is open (Spark-style names such as ``string``)."""


@dataclass(frozen=True)
class FieldSpec:
    """One field of a node (or of an item of a list field), by its JSON name.

    ``aliases`` are other keys accepted for the same field (the first key present wins);
    ``parent_ref`` marks an integer that must be one of the node's ``parentNodeIds``;
    ``value_range`` bounds an integer; ``min_items`` bounds a list.
    """

    name: str
    kind: FieldKind
    vocabulary: type[StrEnum] | None = None
    items: tuple[FieldSpec, ...] = ()
    min_items: int = 0
    value_range: IntRange | None = None
    parent_ref: bool = False
    aliases: tuple[str, ...] = ()
    example: str | None = None
    doc: str | None = None

    @property
    def allowed(self) -> tuple[str, ...]:
        """The accepted values of an ``ENUM`` field; ``()`` for other kinds."""
        return values(self.vocabulary) if self.vocabulary is not None else ()

    @property
    def keys(self) -> tuple[str, ...]:
        """Every JSON key that carries this field, the published one first."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class JobNodeSpec:
    """One job-node type: its category, what it does, its fields and how many inputs it takes."""

    type: str
    category: NodeCategory
    summary: str
    required: tuple[FieldSpec, ...]
    optional: tuple[FieldSpec, ...] = ()
    min_parents: int = 1

    @property
    def max_parents(self) -> int | None:
        """Sources take no parents; other nodes any number (``None``)."""
        return 0 if self.category is NodeCategory.SOURCE else None

    @property
    def fields(self) -> tuple[FieldSpec, ...]:
        return self.required + self.optional

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(spec.name for spec in self.fields)

    def field(self, name: str) -> FieldSpec:
        return next(spec for spec in self.fields if spec.name == name)


JOB_NODE_COMMON_FIELDS: Final = ("id", "name", "type", "parentNodeIds")
"""Fields every node has: integer id unique in the job, free display name, type, parent ids."""


def _string(name: str, *, example: str | None = None, doc: str | None = None) -> FieldSpec:
    return FieldSpec(name, FieldKind.STRING, example=example, doc=doc)


def _enum(name: str, vocabulary: type[StrEnum], *, doc: str | None = None) -> FieldSpec:
    return FieldSpec(name, FieldKind.ENUM, vocabulary=vocabulary, doc=doc)


def _items(name: str, *items: FieldSpec, min_items: int = 0, doc: str | None = None) -> FieldSpec:
    return FieldSpec(name, FieldKind.OBJECT_LIST, items=items, min_items=min_items, doc=doc)


_FIELD_LIST = FieldSpec("fieldList", FieldKind.COLUMNS)
_OBS = (
    _string("regionNo", example="1", doc='A string such as "1", not a number.'),
    _string("bucketName"),
    _string("prefix"),
)
_CATALOG = (_string("database"), _string("table"), _string("schemaVersion"))
_CDB = (_string("connectionId"), _string("table"))
_UPDATE_TYPE = _enum("updateType", UpdateMode)
_COALESCE = FieldSpec("coalesce", FieldKind.INTEGER, doc="Number of output files.")

AGGREGATE_RESULT_NAME_KEYS: Final = ("ResultName", "resultName")
"""Published with a capital R; the lowercase key is accepted and round-tripped too."""

JOB_NODE_SPECS: Final[tuple[JobNodeSpec, ...]] = (
    # ---------------------------------------------------------------- sources
    JobNodeSpec(
        "SOURCE_OBS",
        NodeCategory.SOURCE,
        "Reads files from Object Storage.",
        (*_OBS, _enum("dataType", SourceDataType), _FIELD_LIST),
        min_parents=0,
    ),
    JobNodeSpec(
        "SOURCE_CATALOG",
        NodeCategory.SOURCE,
        "Reads a Data Catalog table.",
        (*_CATALOG, _FIELD_LIST),
        min_parents=0,
    ),
    JobNodeSpec(
        "SOURCE_CDB_MYSQL",
        NodeCategory.SOURCE,
        "Reads a Cloud DB for MySQL table.",
        (*_CDB, _FIELD_LIST),
        min_parents=0,
    ),
    JobNodeSpec(
        "SOURCE_CDB_POSTGRESQL",
        NodeCategory.SOURCE,
        "Reads a Cloud DB for PostgreSQL table.",
        (*_CDB, _FIELD_LIST),
        min_parents=0,
    ),
    # ---------------------------------------------------------------- transforms
    JobNodeSpec(
        "TRANSFORM_DEFINE",
        NodeCategory.TRANSFORM,
        "Changes column types and names.",
        (_items("defineFieldList", _string("name"), _string("newType"), _string("newName")),),
    ),
    JobNodeSpec(
        "TRANSFORM_SELECT",
        NodeCategory.TRANSFORM,
        "Keeps only the listed columns.",
        (_FIELD_LIST,),
    ),
    JobNodeSpec(
        "TRANSFORM_JOIN",
        NodeCategory.TRANSFORM,
        "Joins two inputs column-wise.",
        (
            _enum("joinType", JoinType),
            FieldSpec("leftNodeId", FieldKind.INTEGER, parent_ref=True),
            FieldSpec("rightNodeId", FieldKind.INTEGER, parent_ref=True),
            _items(
                "joinConditionList",
                _string("leftField"),
                _string("rightField"),
                _enum("joinOperator", Operator),
                _enum("conditionOperator", ConditionOperator),
            ),
        ),
        (_string("prefix", doc="Added to clashing column names."),),
    ),
    JobNodeSpec(
        "TRANSFORM_FILTER",
        NodeCategory.TRANSFORM,
        "Keeps the rows that match its conditions.",
        (
            _enum("filterType", FilterType, doc="How the conditions combine."),
            # "value" is a string even for numbers; the key order is the order servers check.
            _items("filterConditionList", _string("name"), _string("value"), _enum("operator", Operator)),
        ),
    ),
    JobNodeSpec(
        "TRANSFORM_UNION",
        NodeCategory.TRANSFORM,
        "Appends the rows of its inputs.",
        (_enum("unionType", UnionType),),
        min_parents=2,
    ),
    JobNodeSpec(
        "TRANSFORM_AGGREGATE",
        NodeCategory.TRANSFORM,
        "Groups rows and aggregates columns.",
        (
            FieldSpec("groupByList", FieldKind.STRING_LIST),
            _items(
                "aggregateFieldList",
                _string("name", doc="The column aggregated."),
                FieldSpec(
                    AGGREGATE_RESULT_NAME_KEYS[0],
                    FieldKind.STRING,
                    aliases=AGGREGATE_RESULT_NAME_KEYS[1:],
                    doc="The output column, ResultName as published; resultName is accepted too.",
                ),
                _enum("function", AggregateFunction),
            ),
        ),
    ),
    JobNodeSpec(
        "TRANSFORM_RENAME",
        NodeCategory.TRANSFORM,
        "Renames columns.",
        (_items("renameFieldList", _string("name"), _string("newName")),),
    ),
    JobNodeSpec(
        "TRANSFORM_DROP_DUPLICATION",
        NodeCategory.TRANSFORM,
        "Removes duplicate rows, comparing the listed columns.",
        (FieldSpec("dropFieldList", FieldKind.STRING_LIST),),
    ),
    JobNodeSpec(
        "TRANSFORM_FILL_MISSING_VALUES",
        NodeCategory.TRANSFORM,
        "Fills empty values with defaults.",
        (_items("missingValueFieldList", _string("name"), _string("defaultValue")),),
    ),
    JobNodeSpec(
        "TRANSFORM_SQL",
        NodeCategory.TRANSFORM,
        "Runs a Spark SQL query over its inputs.",
        (
            _items(
                "sourceNameList",
                FieldSpec("parentId", FieldKind.INTEGER, parent_ref=True),
                _string("newName", doc="The input's table alias in the query."),
                min_items=1,
            ),
            FieldSpec("sql", FieldKind.SQL),
        ),
    ),
    # ---------------------------------------------------------------- targets
    JobNodeSpec(
        "TARGET_OBS",
        NodeCategory.TARGET,
        "Writes files to Object Storage.",
        (*_OBS, _enum("dataType", TargetDataType), _FIELD_LIST),
        (_UPDATE_TYPE, _COALESCE),
    ),
    JobNodeSpec(
        "TARGET_CATALOG",
        NodeCategory.TARGET,
        "Writes a Data Catalog table.",
        (*_CATALOG, _FIELD_LIST),
        (_UPDATE_TYPE, _COALESCE),
    ),
    JobNodeSpec(
        "TARGET_CDB_MYSQL",
        NodeCategory.TARGET,
        "Writes a Cloud DB for MySQL table.",
        (*_CDB, _FIELD_LIST),
        (_UPDATE_TYPE,),
    ),
    JobNodeSpec(
        "TARGET_CDB_POSTGRESQL",
        NodeCategory.TARGET,
        "Writes a Cloud DB for PostgreSQL table.",
        (*_CDB, _FIELD_LIST),
        (_UPDATE_TYPE,),
    ),
)
"""Every documented node type, sources first, then transforms, then targets.

Legacy types (``TRANSFORM_DROP_NULL``, ``TRANSFORM_SPLIT_FIELD``) and future ones are not here on
purpose: clients keep them as opaque JSON, servers reject them.
"""

_SPECS_BY_TYPE: Final = {spec.type: spec for spec in JOB_NODE_SPECS}
JOB_NODE_TYPES: Final = tuple(_SPECS_BY_TYPE)
SOURCE_NODE_TYPES: Final = tuple(s.type for s in JOB_NODE_SPECS if s.category is NodeCategory.SOURCE)
TRANSFORM_NODE_TYPES: Final = tuple(s.type for s in JOB_NODE_SPECS if s.category is NodeCategory.TRANSFORM)
TARGET_NODE_TYPES: Final = tuple(s.type for s in JOB_NODE_SPECS if s.category is NodeCategory.TARGET)


def node_spec(node_type: str) -> JobNodeSpec | None:
    """The spec of a documented node type; ``None`` for legacy or unknown types."""
    return _SPECS_BY_TYPE.get(node_type)


def category_of(node_type: str) -> NodeCategory | None:
    """The category of a node type; an undocumented type is placed by its prefix, else ``None``."""
    spec = _SPECS_BY_TYPE.get(node_type)
    if spec is not None:
        return spec.category
    for category in NodeCategory:
        if node_type.startswith(category.value + "_"):
            return category
    return None
