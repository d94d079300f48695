"""Word lists for the demo account: datasets, storage locations and resource names.

Kept apart from the generator so the shape of the demo (who uses which trigger, how
many runs a day) can be read without wading through column names.
"""

from __future__ import annotations

from typing import NamedTuple

ACCOUNT_NO = "2706412"
"""The NCP account number every path and role NRN in the demo belongs to."""

MAIN_BUCKET = f"dataflow-{ACCOUNT_NO}-a1b2"
TEAM_BUCKET = f"dataflow-{ACCOUNT_NO}-x9k3"
MAIN_ROLE = f"nrn:PUB:IAM::{ACCOUNT_NO}:Role/8d3f5a10-0496-11f0-baf6-246e96591a38"

Column = tuple[str, str]
"""``(name, spark type)``."""

DATASETS: dict[str, tuple[Column, ...]] = {
    "orders": (
        ("order_id", "string"),
        ("customer_id", "string"),
        ("amount", "double"),
        ("currency", "string"),
        ("order_date", "date"),
        ("status", "string"),
    ),
    "customers": (
        ("customer_id", "string"),
        ("customer_name", "string"),
        ("region", "string"),
        ("tier", "string"),
        ("signup_date", "date"),
    ),
    "payments": (
        ("payment_id", "string"),
        ("order_id", "string"),
        ("amount", "double"),
        ("method", "string"),
        ("paid_at", "timestamp"),
    ),
    "shipments": (
        ("shipment_id", "string"),
        ("order_id", "string"),
        ("carrier", "string"),
        ("weight_kg", "double"),
        ("shipped_at", "timestamp"),
    ),
    "products": (
        ("sku", "string"),
        ("product_name", "string"),
        ("category", "string"),
        ("price", "double"),
    ),
    "inventory": (
        ("sku", "string"),
        ("warehouse_id", "string"),
        ("qty", "int"),
        ("updated_at", "timestamp"),
    ),
    "clickstream": (
        ("event_id", "string"),
        ("user_id", "string"),
        ("page", "string"),
        ("device", "string"),
        ("dwell_ms", "long"),
        ("event_time", "timestamp"),
    ),
    "users": (
        ("user_id", "string"),
        ("country", "string"),
        ("plan", "string"),
        ("is_active", "boolean"),
    ),
    "ad_impressions": (
        ("impression_id", "string"),
        ("campaign_id", "string"),
        ("cost", "double"),
        ("clicks", "int"),
        ("shown_at", "timestamp"),
    ),
    "campaigns": (
        ("campaign_id", "string"),
        ("campaign_name", "string"),
        ("channel", "string"),
        ("budget", "double"),
    ),
    "reviews": (
        ("review_id", "string"),
        ("sku", "string"),
        ("rating", "int"),
        ("created_at", "timestamp"),
    ),
    "refunds": (
        ("refund_id", "string"),
        ("order_id", "string"),
        ("amount", "double"),
        ("reason", "string"),
        ("refunded_at", "timestamp"),
    ),
    "app_logs": (
        ("log_id", "string"),
        ("service", "string"),
        ("level", "string"),
        ("latency_ms", "long"),
        ("logged_at", "timestamp"),
    ),
}

JOIN_PAIRS: tuple[tuple[str, str, str], ...] = (
    ("orders", "customers", "customer_id"),
    ("orders", "payments", "order_id"),
    ("orders", "shipments", "order_id"),
    ("refunds", "orders", "order_id"),
    ("inventory", "products", "sku"),
    ("reviews", "products", "sku"),
    ("clickstream", "users", "user_id"),
    ("ad_impressions", "campaigns", "campaign_id"),
)
"""``(left dataset, right dataset, shared key column)`` that make sense to join."""

GROUPING_COLUMNS = frozenset(
    {
        "region",
        "tier",
        "status",
        "currency",
        "method",
        "carrier",
        "category",
        "warehouse_id",
        "device",
        "page",
        "country",
        "plan",
        "channel",
        "campaign_id",
        "sku",
        "reason",
        "service",
        "level",
        "order_date",
    }
)

FILTER_RULES: dict[str, tuple[tuple[str, str], ...]] = {
    "status": (("EQ", "PAID"), ("NE", "CANCELLED")),
    "region": (("EQ", "KR"), ("NE", "TEST")),
    "currency": (("EQ", "KRW"),),
    "method": (("NE", "POINT"),),
    "device": (("NE", "bot"),),
    "level": (("EQ", "ERROR"), ("NE", "DEBUG")),
    "country": (("EQ", "KR"), ("EQ", "JP")),
    "is_active": (("EQ", "true"),),
    "amount": (("GT", "0"), ("GTE", "1000")),
    "price": (("GT", "0"),),
    "qty": (("LT", "10"), ("GTE", "0")),
    "rating": (("GTE", "4"), ("LTE", "2")),
    "cost": (("GT", "0"),),
    "clicks": (("GT", "0"),),
    "latency_ms": (("GT", "500"),),
    "dwell_ms": (("GTE", "1000"),),
}

MISSING_DEFAULTS: dict[str, str] = {
    "string": "UNKNOWN",
    "double": "0",
    "int": "0",
    "long": "0",
    "boolean": "false",
    "date": "1970-01-01",
    "timestamp": "1970-01-01T00:00:00",
}

RENAMES: dict[str, str] = {
    "order_date": "ordered_on",
    "customer_name": "name",
    "event_time": "ts",
    "updated_at": "snapshot_at",
    "shown_at": "impression_time",
    "paid_at": "payment_time",
    "logged_at": "log_time",
    "created_at": "reviewed_at",
    "qty": "quantity",
    "amount": "amount_krw",
}

CASTS: dict[str, tuple[str, str]] = {
    "timestamp": ("date", "{}_day"),
    "date": ("string", "{}_text"),
    "double": ("long", "{}_rounded"),
    "int": ("long", "{}"),
    "long": ("double", "{}"),
    "boolean": ("string", "{}_flag"),
    "string": ("string", "src_{}"),
}
"""Spark type of a column -> (new type, new-name pattern) for TRANSFORM_DEFINE."""

SOURCE_BUCKETS = ("sales-raw", f"dataflow-{ACCOUNT_NO}-raw", "logs-archive-kr", f"ad-events-{ACCOUNT_NO}")
TARGET_BUCKETS = (f"dataflow-{ACCOUNT_NO}-mart", f"analytics-mart-{ACCOUNT_NO}")
SOURCE_DATABASES = ("sales", "marketing", "ops", "analytics")
TARGET_DATABASES = ("mart", "analytics", "reporting")
MYSQL_CONNECTIONS = ("mysql-shop-prod", "mysql-conn-01")
POSTGRES_CONNECTIONS = ("pg-legacy-erp", "pg-conn-01")

STORAGE_LABELS = {
    "OBS": "Object Storage",
    "CATALOG": "Data Catalog",
    "CDB_MYSQL": "MySQL",
    "CDB_POSTGRESQL": "PostgreSQL",
}

KOREAN_NODE_NAMES: dict[str, str] = {
    "TRANSFORM_FILTER": "필터",
    "TRANSFORM_JOIN": "조인",
    "TRANSFORM_UNION": "합치기",
    "TRANSFORM_DEFINE": "형 변환",
    "TRANSFORM_SELECT": "컬럼 선택",
    "TRANSFORM_RENAME": "이름 변경",
    "TRANSFORM_DROP_DUPLICATION": "중복 제거",
    "TRANSFORM_FILL_MISSING_VALUES": "결측값 채우기",
    "TRANSFORM_AGGREGATE": "집계",
    "TRANSFORM_SQL": "SQL 변환",
}
"""Display names as a Korean console user would type them; node names are free Unicode."""

VISUAL_VERBS: dict[str, tuple[str, ...]] = {
    "linear": ("clean", "normalize", "export", "snapshot", "curate", "standardize"),
    "join": ("enrich", "join", "match", "link"),
    "union": ("merge", "consolidate", "unify"),
    "sql": ("sql_report", "sql_mart", "sql_extract"),
    "aggregate": ("daily_agg", "rollup", "summary", "kpis"),
    "fanout": ("split", "publish", "distribute"),
    "kitchen_sink": ("full_pipeline",),
}

SCRIPT_VERBS = (
    "spark_etl",
    "backfill",
    "compaction",
    "dedupe_script",
    "feature_build",
    "reconcile",
    "partition_repair",
    "export_csv",
    "train_features",
    "vacuum",
)


class TriggerSpec(NamedTuple):
    """One hand-written trigger of the demo; ``key`` is how workflows refer to it."""

    key: str
    name: str
    type: str
    rule: dict[str, object]


def canonical_triggers(one_time_past: str, one_time_future: str) -> list[TriggerSpec]:
    """Every rule kind, in priority order: the first ten already cover all kinds.

    The four HOUR triggers fire at :05, :20, :35 and :50 so that, in a live demo, a new
    workflow run starts about every 15 minutes of emulated time.
    """
    return [
        TriggerSpec("hourly_05", "hourly_at_05", "SCHEDULED", _hour("05")),
        TriggerSpec("hourly_35", "hourly_at_35", "SCHEDULED", _hour("35")),
        TriggerSpec("nightly", "nightly_0200", "SCHEDULED", _day("02:00")),
        TriggerSpec("manual", "manual_backfill", "NONE", {"type": "NONE"}),
        TriggerSpec("event", "s3_drop_event", "EVENT", {"type": "NONE"}),
        TriggerSpec(
            "weekday",
            "weekday_morning",
            "SCHEDULED",
            _week("08:00", ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"]),
        ),
        TriggerSpec("month_end", "month_end_close", "SCHEDULED", _month("-1", "22:00")),
        TriggerSpec(
            "once_past",
            "one_time_migration",
            "SCHEDULED",
            {"type": "ONE_TIME", "executionDate": one_time_past},
        ),
        TriggerSpec(
            "once_future",
            "launch_day_load",
            "SCHEDULED",
            {"type": "ONE_TIME", "executionDate": one_time_future},
        ),
        TriggerSpec("month_31", "monthly_31st_report", "SCHEDULED", _month("31", "06:00")),
        TriggerSpec("hourly_20", "hourly_at_20", "SCHEDULED", _hour("20")),
        TriggerSpec("hourly_50", "hourly_at_50", "SCHEDULED", _hour("50")),
        TriggerSpec("daily", "daily_0630", "SCHEDULED", _day("06:30")),
        TriggerSpec("month_1", "first_of_month", "SCHEDULED", _month("1", "03:00")),
        TriggerSpec("weekend", "weekend_cleanup", "SCHEDULED", _week("23:30", ["SATURDAY", "SUNDAY"])),
    ]


def _hour(minute: str) -> dict[str, object]:
    return {"type": "RECURRING", "interval": "HOUR", "time": minute}


def _day(hh_mm: str) -> dict[str, object]:
    return {"type": "RECURRING", "interval": "DAY", "time": hh_mm}


def _week(hh_mm: str, days: list[str]) -> dict[str, object]:
    return {"type": "RECURRING", "interval": "WEEK", "time": hh_mm, "dayOfWeek": days}


def _month(day: str, hh_mm: str) -> dict[str, object]:
    return {"type": "RECURRING", "interval": "MONTH", "time": hh_mm, "dateOfMonth": day}


class WorkflowSpec(NamedTuple):
    """A hand-written workflow: its start trigger, its name pattern and its JOB-node shape.

    ``shape`` lists, per JOB node, the indexes of its parent JOB nodes (empty = the trigger).
    """

    trigger_key: str
    label: str
    shape: tuple[tuple[int, ...], ...]
    is_temp: bool = False
    short_jobs: bool = False


CHAIN_2 = ((), (0,))
CHAIN_3 = ((), (0,), (1,))
FAN_OUT_3 = ((), (0,), (0,))
DIAMOND_4 = ((), (0,), (0,), (1, 2))
SINGLE = ((),)
TWO_ROOTS = ((), ())

CANONICAL_WORKFLOWS: tuple[WorkflowSpec, ...] = (
    WorkflowSpec("hourly_05", "hourly_sync", SINGLE, short_jobs=True),
    WorkflowSpec("hourly_35", "hourly_rollup", SINGLE, short_jobs=True),
    WorkflowSpec("nightly", "nightly_mart", DIAMOND_4),
    WorkflowSpec("manual", "manual_backfill", CHAIN_2),
    WorkflowSpec("event", "s3_drop_ingest", TWO_ROOTS),
    WorkflowSpec("weekday", "weekday_ops_report", FAN_OUT_3),
    WorkflowSpec("hourly_20", "hourly_spend", SINGLE, short_jobs=True),
    WorkflowSpec("hourly_50", "hourly_snapshot", SINGLE, short_jobs=True),
    WorkflowSpec("month_end", "month_end_close", CHAIN_3),
    WorkflowSpec("daily", "daily_360", CHAIN_2),
    WorkflowSpec("once_past", "legacy_migration", CHAIN_2),
    WorkflowSpec("weekend", "experiment_draft", CHAIN_2, is_temp=True),
    WorkflowSpec("month_31", "monthly_audit", SINGLE),
    WorkflowSpec("once_future", "launch_day_load", FAN_OUT_3),
    WorkflowSpec("month_1", "monthly_billing", CHAIN_2),
)
"""Priority order: ``DemoSizes(workflows=n)`` takes the first ``n`` (more are generated)."""

EXTRA_SHAPES = (SINGLE, CHAIN_2, CHAIN_3, FAN_OUT_3, DIAMOND_4, TWO_ROOTS)
EXTRA_LABELS = ("daily_sync", "etl", "pipeline", "refresh", "load", "report", "rollup", "export")
