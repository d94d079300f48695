"""Valid VISUAL-job node graphs for the demo account (docs/api-contract.md, Job nodes).

Each builder call adds one wire-shaped node and remembers the columns it outputs, so that
filters, joins, aggregates and targets name columns that really flow into them. Every graph
obeys the job graph rules: unique 13-digit ids, sources without parents, joins whose left/right ids are
parents, SQL aliases for every parent, at least one source and one target.
"""

from __future__ import annotations

import random
from typing import Any

from dftui.emulator.demo_names import (
    CASTS,
    DATASETS,
    FILTER_RULES,
    GROUPING_COLUMNS,
    JOIN_PAIRS,
    KOREAN_NODE_NAMES,
    MISSING_DEFAULTS,
    MYSQL_CONNECTIONS,
    POSTGRES_CONNECTIONS,
    RENAMES,
    SOURCE_BUCKETS,
    SOURCE_DATABASES,
    STORAGE_LABELS,
    TARGET_BUCKETS,
    TARGET_DATABASES,
    Column,
)

Node = dict[str, Any]

STORAGE_KINDS = ("OBS", "CATALOG", "CDB_MYSQL", "CDB_POSTGRESQL")
NUMERIC_TYPES = frozenset({"double", "int", "long"})
PATTERNS = ("linear", "join", "union", "sql", "aggregate", "fanout")
PATTERN_WEIGHTS = (4, 3, 2, 2, 3, 1)
SINGLE_INPUT_STEPS = ("filter", "select", "define", "rename", "dedupe", "fill")
KOREAN_NAME_CHANCE = 0.1


class GraphBuilder:
    """Builds the ``nodes`` array of one VISUAL job.

    ``first_id`` is an epoch-millisecond value (13 digits), as the console assigns when a node
    is dropped on the canvas; later ids grow by a few seconds' worth of milliseconds.
    """

    def __init__(self, rng: random.Random, first_id: int) -> None:
        self._rng = rng
        self._next_id = first_id
        self.nodes: list[Node] = []
        self._columns: dict[int, list[Column]] = {}

    # ------------------------------------------------------------------ helpers

    def _new_id(self) -> int:
        node_id = self._next_id
        self._next_id += self._rng.randint(900, 45_000)
        return node_id

    def _add(
        self, node_type: str, name: str, parents: list[int], columns: list[Column], **fields: Any
    ) -> int:
        node_id = self._new_id()
        node: Node = {"type": node_type, "id": node_id, "name": name, "parentNodeIds": list(parents)}
        node.update(fields)
        self.nodes.append(node)
        self._columns[node_id] = columns
        return node_id

    def _name(self, node_type: str, english: str, korean: bool | None = None) -> str:
        use_korean = self._rng.random() < KOREAN_NAME_CHANCE if korean is None else korean
        return KOREAN_NODE_NAMES[node_type] if use_korean else english

    def columns(self, node_id: int) -> list[Column]:
        return list(self._columns[node_id])

    @staticmethod
    def _field_list(columns: list[Column]) -> list[dict[str, str]]:
        return [{"name": name, "type": kind} for name, kind in columns]

    # ------------------------------------------------------------------ sources

    def source(self, dataset: str, kind: str | None = None, table: str | None = None) -> int:
        rng = self._rng
        kind = kind or rng.choice(STORAGE_KINDS)
        table = table or dataset
        columns = list(DATASETS[dataset])
        name = f"{table} ({STORAGE_LABELS[kind]})"
        fields = self._field_list(columns)
        if kind == "OBS":
            return self._add(
                "SOURCE_OBS",
                name,
                [],
                columns,
                regionNo="1",
                bucketName=rng.choice(SOURCE_BUCKETS),
                prefix=rng.choice((f"{table}/", f"raw/{table}/", f"landing/{table}/")),
                dataType=rng.choice(("JSON", "CSV", "PARQUET", "NDJSON")),
                fieldList=fields,
            )
        if kind == "CATALOG":
            return self._add(
                "SOURCE_CATALOG",
                name,
                [],
                columns,
                database=rng.choice(SOURCE_DATABASES),
                table=table,
                schemaVersion=str(rng.randint(1, 3)),
                fieldList=fields,
            )
        connections = MYSQL_CONNECTIONS if kind == "CDB_MYSQL" else POSTGRES_CONNECTIONS
        return self._add(
            f"SOURCE_{kind}",
            name,
            [],
            columns,
            connectionId=rng.choice(connections),
            table=table,
            fieldList=fields,
        )

    # ------------------------------------------------------------------ transforms

    def step(self, step: str, parent: int, korean: bool | None = None) -> int:
        """One single-input transform chosen by name (see ``SINGLE_INPUT_STEPS``)."""
        return getattr(self, step)(parent, korean=korean)

    def filter(self, parent: int, korean: bool | None = None) -> int:
        rng = self._rng
        columns = self.columns(parent)
        candidates = [(name, rule) for name, _ in columns for rule in FILTER_RULES.get(_base(name), ())]
        if candidates:
            picked = rng.sample(candidates, k=min(len(candidates), rng.choice((1, 1, 2))))
        else:
            name = columns[0][0]
            picked = [(name, ("NE", ""))]
        conditions = [{"name": name, "operator": op, "value": value} for name, (op, value) in picked]
        label = f"filter {picked[0][0]}"
        return self._add(
            "TRANSFORM_FILTER",
            self._name("TRANSFORM_FILTER", label, korean),
            [parent],
            columns,
            filterType=rng.choice(("AND", "AND", "OR")) if len(conditions) > 1 else "AND",
            filterConditionList=conditions,
        )

    def select(self, parent: int, korean: bool | None = None) -> int:
        columns = self.columns(parent)
        keep_count = max(2, len(columns) - self._rng.randint(1, 2)) if len(columns) > 2 else len(columns)
        kept = columns[:keep_count]
        return self._add(
            "TRANSFORM_SELECT",
            self._name("TRANSFORM_SELECT", "keep columns", korean),
            [parent],
            kept,
            fieldList=self._field_list(kept),
        )

    def define(self, parent: int, korean: bool | None = None) -> int:
        columns = self.columns(parent)
        index = self._rng.randrange(len(columns))
        name, kind = columns[index]
        new_type, pattern = CASTS.get(kind, ("string", "{}_text"))
        new_name = pattern.format(name)
        columns[index] = (new_name, new_type)
        return self._add(
            "TRANSFORM_DEFINE",
            self._name("TRANSFORM_DEFINE", f"cast {name}", korean),
            [parent],
            columns,
            defineFieldList=[{"name": name, "newType": new_type, "newName": new_name}],
        )

    def rename(self, parent: int, korean: bool | None = None) -> int:
        columns = self.columns(parent)
        known = [i for i, (name, _) in enumerate(columns) if name in RENAMES]
        index = self._rng.choice(known) if known else len(columns) - 1
        name, kind = columns[index]
        new_name = RENAMES.get(name, f"{name}_v2")
        if any(other == new_name for other, _ in columns):
            new_name = f"{new_name}_2"
        columns[index] = (new_name, kind)
        return self._add(
            "TRANSFORM_RENAME",
            self._name("TRANSFORM_RENAME", f"rename {name}", korean),
            [parent],
            columns,
            renameFieldList=[{"name": name, "newName": new_name}],
        )

    def dedupe(self, parent: int, korean: bool | None = None) -> int:
        columns = self.columns(parent)
        key = columns[0][0]
        return self._add(
            "TRANSFORM_DROP_DUPLICATION",
            self._name("TRANSFORM_DROP_DUPLICATION", f"dedupe {key}", korean),
            [parent],
            columns,
            dropFieldList=[key],
        )

    def fill(self, parent: int, korean: bool | None = None) -> int:
        columns = self.columns(parent)
        picked = self._rng.sample(columns[1:] or columns, k=min(2, max(1, len(columns) - 1)))
        return self._add(
            "TRANSFORM_FILL_MISSING_VALUES",
            self._name("TRANSFORM_FILL_MISSING_VALUES", f"fill {picked[0][0]}", korean),
            [parent],
            columns,
            missingValueFieldList=[
                {"name": name, "defaultValue": MISSING_DEFAULTS.get(kind, "")} for name, kind in picked
            ],
        )

    def can_aggregate(self, parent: int) -> bool:
        return any(kind in NUMERIC_TYPES for _, kind in self._columns[parent])

    def aggregate(self, parent: int, korean: bool | None = None) -> int:
        rng = self._rng
        columns = self.columns(parent)
        groups = [name for name, _ in columns if _base(name) in GROUPING_COLUMNS] or [columns[0][0]]
        group_by = rng.sample(groups, k=min(len(groups), rng.choice((1, 1, 2))))
        numeric = [name for name, kind in columns if kind in NUMERIC_TYPES and name not in group_by]
        if numeric:
            measures = rng.sample(numeric, k=min(len(numeric), rng.choice((1, 2))))
            functions: tuple[str, ...] = ("SUM", "SUM", "AVG", "MAX", "MIN")
        else:  # nothing to add up: keep the latest value of some other column
            measures = [next((name for name, _ in columns if name not in group_by), columns[0][0])]
            functions = ("MAX",)
        aggregates = []
        out: list[Column] = [(name, kind) for name, kind in columns if name in group_by]
        for measure in measures:
            function = rng.choice(functions)
            result = f"{function.lower()}_{measure}"
            aggregates.append({"name": measure, "ResultName": result, "function": function})
            out.append((result, "double"))
        return self._add(
            "TRANSFORM_AGGREGATE",
            self._name("TRANSFORM_AGGREGATE", f"total per {group_by[0]}", korean),
            [parent],
            out,
            groupByList=group_by,
            aggregateFieldList=aggregates,
        )

    def join(self, left: int, right: int, key: str, right_label: str, korean: bool | None = None) -> int:
        rng = self._rng
        prefix = f"{right_label[:1]}_"
        left_columns = self.columns(left)
        left_names = {name for name, _ in left_columns}
        out = left_columns + [
            (f"{prefix}{name}" if name in left_names else name, kind) for name, kind in self.columns(right)
        ]
        fields: dict[str, Any] = {
            "joinType": rng.choice(("INNER", "INNER", "LEFT_OUTER", "RIGHT_OUTER", "FULL_OUTER")),
            "leftNodeId": left,
            "rightNodeId": right,
            "joinConditionList": [
                {"leftField": key, "rightField": key, "joinOperator": "EQ", "conditionOperator": "HEAD"}
            ],
            "prefix": prefix,
        }
        return self._add(
            "TRANSFORM_JOIN",
            self._name("TRANSFORM_JOIN", f"join {right_label}", korean),
            [left, right],
            out,
            **fields,
        )

    def union(self, parents: list[int], label: str, korean: bool | None = None) -> int:
        return self._add(
            "TRANSFORM_UNION",
            self._name("TRANSFORM_UNION", f"union {label}", korean),
            parents,
            self.columns(parents[0]),
            unionType=self._rng.choice(("ALL", "ALL", "DISTINCT")),
        )

    def sql(
        self, parents: list[int], aliases: list[str], key: str | None = None, korean: bool | None = None
    ) -> int:
        """Spark SQL over one input (a filtered projection) or two (a join on ``key``)."""
        first = self.columns(parents[0])
        if len(parents) == 1:
            alias = aliases[0]
            numeric = [name for name, kind in first if kind in NUMERIC_TYPES]
            where = f" WHERE {numeric[0]} > 0" if numeric else ""
            out = first
            query = f"SELECT {', '.join(name for name, _ in out)} FROM {alias}{where}"
        else:
            a, b = aliases[0], aliases[1]
            taken = {name for name, _ in first}
            extra = [(name, kind) for name, kind in self.columns(parents[1]) if name not in taken]
            out = first + extra
            picks = [f"a.{name}" for name, _ in first] + [f"b.{name}" for name, _ in extra]
            query = f"SELECT {', '.join(picks)} FROM {a} a JOIN {b} b ON a.{key} = b.{key}"
        return self._add(
            "TRANSFORM_SQL",
            self._name("TRANSFORM_SQL", "sql combine" if len(parents) > 1 else "sql projection", korean),
            parents,
            out,
            sourceNameList=[
                {"parentId": p, "newName": alias} for p, alias in zip(parents, aliases, strict=True)
            ],
            sql=query,
        )

    # ------------------------------------------------------------------ targets

    def target(self, parent: int, table: str, kind: str | None = None) -> int:
        rng = self._rng
        kind = kind or rng.choice(STORAGE_KINDS)
        columns = self.columns(parent)
        fields: dict[str, Any]
        if kind == "OBS":
            fields = {
                "regionNo": "1",
                "bucketName": rng.choice(TARGET_BUCKETS),
                "prefix": f"mart/{table}/",
                "dataType": rng.choice(("JSON", "CSV", "PARQUET", "PARQUET")),
                "fieldList": self._field_list(columns),
            }
        elif kind == "CATALOG":
            fields = {
                "database": rng.choice(TARGET_DATABASES),
                "table": table,
                "schemaVersion": str(rng.randint(1, 2)),
                "fieldList": self._field_list(columns),
            }
        else:
            connections = MYSQL_CONNECTIONS if kind == "CDB_MYSQL" else POSTGRES_CONNECTIONS
            fields = {
                "connectionId": rng.choice(connections),
                "table": table,
                "fieldList": self._field_list(columns),
            }
        if rng.random() < 0.8:
            fields["updateType"] = rng.choice(("OVERWRITE", "OVERWRITE", "APPEND", "IGNORE"))
        if kind in ("OBS", "CATALOG") and rng.random() < 0.5:
            fields["coalesce"] = rng.choice((1, 1, 2, 4, 8))
        return self._add(f"TARGET_{kind}", f"{table} ({STORAGE_LABELS[kind]})", [parent], columns, **fields)


def _base(column: str) -> str:
    """Column name without a join prefix such as ``c_``."""
    return column.split("_", 1)[1] if len(column) > 2 and column[1] == "_" else column


# ---------------------------------------------------------------------- patterns


def build_graph(rng: random.Random, first_id: int, pattern: str) -> tuple[list[Node], str]:
    """The nodes of one VISUAL job in the given pattern, and the dataset it is mostly about."""
    graph = GraphBuilder(rng, first_id)
    dataset = _PATTERNS[pattern](graph, rng)
    return graph.nodes, dataset


def _chain(graph: GraphBuilder, rng: random.Random, node: int, low: int, high: int) -> int:
    for step in rng.sample(SINGLE_INPUT_STEPS, k=rng.randint(low, high)):
        node = graph.step(step, node)
    return node


def _linear(graph: GraphBuilder, rng: random.Random) -> str:
    dataset = rng.choice(tuple(DATASETS))
    node = _chain(graph, rng, graph.source(dataset), 1, 3)
    graph.target(node, f"{dataset}_{rng.choice(('clean', 'curated', 'latest'))}")
    return dataset


def _join(graph: GraphBuilder, rng: random.Random) -> str:
    left, right, key = rng.choice(JOIN_PAIRS)
    node = graph.join(graph.source(left), graph.source(right), key, right)
    node = _chain(graph, rng, node, 0, 2)
    graph.target(node, f"{left}_with_{right}")
    return left


def _union(graph: GraphBuilder, rng: random.Random) -> str:
    dataset = rng.choice(tuple(DATASETS))
    regions = rng.sample(("kr", "jp", "us", "sg"), k=rng.randint(2, 3))
    sources = [graph.source(dataset, table=f"{dataset}_{region}") for region in regions]
    node = graph.union(sources, dataset)
    node = graph.dedupe(node)
    graph.target(node, f"{dataset}_all_regions")
    return dataset


def _sql(graph: GraphBuilder, rng: random.Random) -> str:
    if rng.random() < 0.6:
        left, right, key = rng.choice(JOIN_PAIRS)
        node = graph.sql([graph.source(left), graph.source(right)], [left, right], key)
        dataset = left
    else:
        dataset = rng.choice(tuple(DATASETS))
        node = graph.sql([graph.source(dataset)], [dataset])
    node = _chain(graph, rng, node, 0, 1)
    graph.target(node, f"{dataset}_report")
    return dataset


def _aggregate(graph: GraphBuilder, rng: random.Random) -> str:
    dataset = rng.choice(
        [name for name, cols in DATASETS.items() if any(k in NUMERIC_TYPES for _, k in cols)]
    )
    node = graph.source(dataset)
    if rng.random() < 0.6:
        node = graph.fill(node)
    if rng.random() < 0.5:
        node = graph.filter(node)
    node = graph.aggregate(node)
    graph.target(node, f"{dataset}_{rng.choice(('daily', 'by_segment', 'totals'))}")
    return dataset


def _fanout(graph: GraphBuilder, rng: random.Random) -> str:
    dataset = rng.choice(tuple(DATASETS))
    node = _chain(graph, rng, graph.source(dataset), 1, 2)
    for kind in rng.sample(("OBS", "CATALOG", "CDB_MYSQL", "CDB_POSTGRESQL"), k=rng.randint(2, 3)):
        graph.target(node, f"{dataset}_published", kind)
    return dataset


def _kitchen_sink(graph: GraphBuilder, rng: random.Random) -> str:
    """Every one of the 18 node types once, like tests/examples/verifyJob.request.all-node-types.json."""
    orders = graph.source("orders", "OBS")
    customers = graph.source("customers", "CATALOG")
    refunds = graph.source("orders", "CDB_MYSQL", table="orders_mobile")
    legacy = graph.source("orders", "CDB_POSTGRESQL", table="orders_legacy")
    joined = graph.join(orders, customers, "customer_id", "customers")
    unioned = graph.union([refunds, legacy], "orders")
    combined = graph.sql([joined, unioned], ["enriched", "extra"], "order_id")
    node = graph.define(combined)
    node = graph.select(node)
    node = graph.filter(node, korean=True)
    node = graph.rename(node)
    node = graph.dedupe(node)
    node = graph.fill(node)
    node = graph.aggregate(node, korean=True)
    for kind in STORAGE_KINDS:
        graph.target(node, "customer_totals", kind)
    return "orders"


_PATTERNS = {
    "linear": _linear,
    "join": _join,
    "union": _union,
    "sql": _sql,
    "aggregate": _aggregate,
    "fanout": _fanout,
    "kitchen_sink": _kitchen_sink,
}
