"""The Data Flow service itself: the 25 operations over the store and the engine.

HTTP-agnostic: each method takes already-extracted path values, the query mapping and the parsed
JSON body, and returns ``(status, body)``. Failures raise :class:`ServiceError`. The gateway
(auth, routing, throttling) lives in :mod:`dftui.emulator.gateway`.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from dftui.emulator import stats
from dftui.emulator.clock import Clock
from dftui.emulator.engine import Engine, public_execution
from dftui.emulator.errors import bad_parameter, bad_state, linked_failure, not_found
from dftui.emulator.store import LIVE_STATUSES, Store
from dftui.emulator.validation import (
    JOB_TYPES,
    as_bool,
    as_int,
    check_name,
    clean_job_condition,
    clean_parameters,
    clean_trigger,
    clean_workflow_nodes,
    merge_condition,
    missing_run_setting,
    parse_name_filter,
    parse_page,
    parse_query_date,
    require_object,
    validate_job_nodes,
)
from dftui.timeutil import format_api_datetime

log = logging.getLogger("dftui.emulator")

Query = Mapping[str, str]
Result = tuple[int, Any]
RUNNABLE = ("READY", "RUNNABLE", "RUNNING")
_JOB_LIST_FIELDS = (
    "jobId",
    "name",
    "type",
    "status",
    "lastExecutionStatus",
    "createdDate",
    "updatedDate",
    "lastExecutionDate",
)
_JOB_HEAVY_FIELDS = ("nodes", "jobCondition", "description")
"""Parts of a stored job a list item never shows (its graph, mostly), left undecoded."""


def public(data: dict[str, Any]) -> dict[str, Any]:
    """Drop internal ``_`` keys (never leak simulation details)."""
    return {k: v for k, v in data.items() if not k.startswith("_")}


def page_body(items: list[Any], page: int, limit: int) -> dict[str, Any]:
    return {"list": items, "count": len(items), "page": page, "limit": limit}


class DataFlowService:
    """All 25 operations (docs/api-contract.md, Operations); callers bring the engine up to date first."""

    def __init__(self, store: Store, engine: Engine, clock: Clock) -> None:
        self.store = store
        self.engine = engine
        self.clock = clock

    def now(self) -> datetime:
        return self.clock.now()

    def sync(self) -> datetime:
        """Bring executions and schedules up to the clock; every request starts here."""
        now = self.now()
        self.engine.advance_to(now)
        return now

    # ------------------------------------------------------------ lookups

    def _job(self, job_id: str) -> dict[str, Any]:
        job = self.store.get("job", job_id)
        if job is None:
            raise not_found("JOB", "jobId", job_id)
        return job

    def _workflow(self, workflow_id: str) -> dict[str, Any]:
        workflow = self.store.get("workflow", workflow_id)
        if workflow is None:
            raise not_found("WORKFLOW", "workflowId", workflow_id)
        return workflow

    def _trigger(self, trigger_id: str) -> dict[str, Any]:
        trigger = self.store.get("trigger", trigger_id)
        if trigger is None:
            raise not_found("TRIGGER", "triggerId", trigger_id)
        return trigger

    # ---------------------------------------------------------- dashboard

    def _range(self, query: Query) -> tuple[datetime, datetime]:
        return parse_query_date(query.get("startDate"), "startDate"), parse_query_date(
            query.get("endDate"), "endDate"
        )

    def get_execution_result(self, query: Query) -> Result:
        self.sync()
        return 200, stats.execution_result(self.store, *self._range(query))

    def get_execution_count(self, query: Query) -> Result:
        self.sync()
        return 200, stats.execution_count(self.store, *self._range(query))

    def get_execution_times(self, query: Query) -> Result:
        self.sync()
        return 200, stats.execution_times(self.store, *self._range(query))

    # ---------------------------------------------------------- triggers

    def get_triggers(self, query: Query) -> Result:
        page, limit = parse_page(query)
        self.sync()
        items = self.store.list(
            "trigger", name_contains=parse_name_filter(query), limit=limit, offset=page * limit
        )
        return 200, page_body([public(t) for t in items], page, limit)

    def get_trigger(self, trigger_id: str) -> Result:
        self.sync()
        return 200, public(self._trigger(trigger_id))

    def create_trigger(self, body: Any) -> Result:
        body = require_object(body, "body")
        name, trigger_type, rule = clean_trigger(body)
        with self.store.lock, self.store.transaction():
            now = self.sync()
            if self.store.name_taken("trigger", name):
                raise bad_parameter("name", name)
            stamp = format_api_datetime(now)
            trigger: dict[str, Any] = {
                "triggerId": self.engine.new_id(),
                "name": name,
                "type": trigger_type,
                "triggerRule": rule,
                "createdDate": stamp,
                "updatedDate": stamp,
            }
            self.store.put("trigger", trigger["triggerId"], trigger)
            self.engine.invalidate_triggers()
        return 201, public(trigger)

    def delete_trigger(self, trigger_id: str) -> Result:
        with self.store.lock, self.store.transaction():
            self.sync()
            self._trigger(trigger_id)
            self.store.delete("trigger", trigger_id)
            self._invalidate_nodes(trigger_id)
            self.engine.invalidate_triggers()
        return 200, True

    def _invalidate_nodes(self, resource_id: str) -> None:
        for workflow in self.store.list("workflow"):
            changed = False
            for node in workflow.get("nodes", []):
                if node.get("id") == resource_id and node.get("isValid", True):
                    node["isValid"] = False
                    changed = True
            if changed:
                self.store.put("workflow", workflow["workflowId"], workflow)

    def _rename_nodes(self, resource_id: str, name: str) -> None:
        for workflow in self.store.list("workflow"):
            changed = False
            for node in workflow.get("nodes", []):
                if node.get("id") == resource_id and node.get("name") != name:
                    node["name"] = name
                    changed = True
            if changed:
                self.store.put("workflow", workflow["workflowId"], workflow)

    # -------------------------------------------------------------- jobs

    def _job_list_item(self, job: dict[str, Any]) -> dict[str, Any]:
        item = {key: job[key] for key in _JOB_LIST_FIELDS if job.get(key) is not None}
        item["resourceId"] = job["jobId"]
        item["disabled"] = False
        return item

    def get_jobs(self, query: Query) -> Result:
        page, limit = parse_page(query)
        status = query.get("status")
        statuses = None
        if status:
            statuses = ["READY", "RUNNABLE"] if status in ("RUNNABLE", "READY") else [status]
        self.sync()
        jobs = self.store.list(
            "job",
            name_contains=parse_name_filter(query),
            statuses=statuses,
            limit=limit,
            offset=page * limit,
            leave_out=_JOB_HEAVY_FIELDS,
        )
        return 200, page_body([self._job_list_item(j) for j in jobs], page, limit)

    def get_job(self, job_id: str) -> Result:
        self.sync()
        return 200, public(self._job(job_id))

    @staticmethod
    def _job_type(value: Any) -> str:
        if value not in JOB_TYPES:
            raise bad_parameter("type", value)
        return "VISUAL" if value == "DATAFLOW" else value

    @staticmethod
    def _job_status(job: dict[str, Any]) -> str:
        if job.get("_isTemp"):
            return "DRAFT"
        if job["type"] == "VISUAL" and not job.get("nodes"):
            return "DRAFT"
        return "READY"

    def _check_job_body(self, body: dict[str, Any], job_type: str, is_temp: bool) -> None:
        if body.get("description") is not None and not isinstance(body["description"], str):
            raise bad_parameter("description", body["description"])  # a wrong JSON type is a 400
        if body.get("maxConcurrentRuns") is not None:
            as_int(body["maxConcurrentRuns"], "maxConcurrentRuns", 1)
        nodes = body.get("nodes")
        if nodes is not None:
            validate_job_nodes(nodes, require_complete=job_type == "VISUAL" and bool(nodes) and not is_temp)

    def create_job(self, body: Any) -> Result:
        body = require_object(body, "body")
        name = check_name(body.get("name"))
        job_type = self._job_type(body.get("type", "VISUAL"))
        is_temp = as_bool(body["isTemp"], "isTemp") if body.get("isTemp") is not None else False
        self._check_job_body(body, job_type, is_temp)
        condition = clean_job_condition(body.get("jobCondition") or {})
        condition.setdefault("numWorker", 2)
        condition.setdefault("timeout", 360)
        if body.get("parameters") is not None and "parameters" not in condition:
            condition["parameters"] = clean_parameters(body["parameters"], "parameters")
        with self.store.lock, self.store.transaction():
            now = self.sync()
            if self.store.name_taken("job", name):
                raise bad_parameter("name", name)
            stamp = format_api_datetime(now)
            job: dict[str, Any] = {
                "jobId": self.engine.new_id(),
                "name": name,
                "type": job_type,
                "status": "READY",
                "maxConcurrentRuns": as_int(body.get("maxConcurrentRuns") or 1, "maxConcurrentRuns", 1),
                "nodes": list(body.get("nodes") or []),
                "jobCondition": condition,
                "createdDate": stamp,
                "updatedDate": stamp,
            }
            if isinstance(body.get("description"), str):
                job["description"] = body["description"]
            if is_temp:
                job["_isTemp"] = True
            job["status"] = self._job_status(job)
            self.store.put("job", job["jobId"], job)
        return 201, public(job)

    def update_job(self, job_id: str, body: Any, *, method: str) -> Result:
        body = require_object(body, "body")
        with self.store.lock, self.store.transaction():
            now = self.sync()
            job = self._job(job_id)
            job_type = job["type"]
            # required on PATCH and PUT alike, and it may not change the job's type
            # (docs/api-contract.md, updateJob method)
            if body.get("type") is None or self._job_type(body["type"]) != job_type:
                raise bad_parameter("type", body.get("type"))
            if method == "PUT" and body.get("name") is None:
                raise bad_parameter("name", None)
            is_temp = job.get("_isTemp", False)
            if body.get("isTemp") is not None:
                is_temp = as_bool(body["isTemp"], "isTemp")
            self._check_job_body(body, job_type, is_temp)
            if body.get("name") is not None:
                name = check_name(body["name"])
                if self.store.name_taken("job", name, exclude_id=job_id):
                    raise bad_parameter("name", name)
                if name != job["name"]:
                    job["name"] = name
                    self._rename_nodes(job_id, name)
            if body.get("maxConcurrentRuns") is not None:
                job["maxConcurrentRuns"] = as_int(body["maxConcurrentRuns"], "maxConcurrentRuns", 1)
            if body.get("jobCondition") is not None:
                job["jobCondition"] = merge_condition(
                    job.get("jobCondition"), clean_job_condition(body["jobCondition"])
                )
            if body.get("nodes") is not None:
                job["nodes"] = list(body["nodes"])
            if job_type == "VISUAL" and job.get("nodes") and not is_temp:
                validate_job_nodes(job["nodes"], require_complete=True)
            if isinstance(body.get("description"), str):
                job["description"] = body["description"]
            job["_isTemp"] = is_temp
            job["status"] = self._job_status(job)
            job["updatedDate"] = format_api_datetime(now)
            self.store.put("job", job_id, job)
        return 200, public(job)

    def delete_job(self, job_id: str) -> Result:
        with self.store.lock, self.store.transaction():
            self.sync()
            self._job(job_id)
            if self.store.list_executions(job_id=job_id, statuses=LIVE_STATUSES, limit=1):
                raise bad_state("jobId", job_id)
            self.store.delete("job", job_id)
            self.store.delete_executions_of_job(job_id)
            self._invalidate_nodes(job_id)
        return 200, True

    def verify_job(self, body: Any) -> Result:
        body = require_object(body, "body")
        check_name(body.get("name"))
        job_type = self._job_type(body.get("type") or "VISUAL")
        nodes = body.get("nodes")
        if job_type == "VISUAL":
            if not isinstance(nodes, list) or not nodes:
                raise bad_parameter("nodes", nodes)
            validate_job_nodes(nodes, require_complete=True)
        elif nodes:
            validate_job_nodes(nodes, require_complete=False)
        self.sync()
        return 200, True

    def execute_job(self, job_id: str, query: Query, body: Any) -> Result:
        body = require_object(body, "body") if body is not None else {}
        with self.store.lock, self.store.transaction():
            now = self.sync()
            job = self._job(job_id)
            trigger = None
            if query.get("triggerId"):
                trigger = self._trigger(query["triggerId"])
            workflow_id = query.get("workflowId") or None
            if workflow_id:
                workflow = self._workflow(workflow_id)
                if not any(
                    n.get("type") == "JOB" and n.get("id") == job_id for n in workflow.get("nodes", [])
                ):
                    raise bad_parameter("workflowId", workflow_id)
            if job.get("status") not in RUNNABLE:
                raise bad_state("jobId", job_id)
            overlay = (
                clean_job_condition(body["jobCondition"]) if body.get("jobCondition") is not None else {}
            )
            if body.get("parameters") is not None and "parameters" not in overlay:
                overlay["parameters"] = clean_parameters(body["parameters"], "parameters")
            condition = merge_condition(job.get("jobCondition"), overlay)
            missing = missing_run_setting(condition)
            if missing:
                raise bad_parameter(f"jobCondition.{missing}", None)
            linked = self.engine.settings.linked_failures.get(job_id)
            if linked:
                raise _linked_failure(linked, condition, job_id)
            execution = self.engine.create_execution(
                job,
                condition,
                at=now,
                execution_type="WORKFLOW" if workflow_id else "JOB",
                trigger=trigger,
                workflow_id=workflow_id,
            )
        return 200, public_execution(execution, now)

    def get_job_executions(self, job_id: str, query: Query) -> Result:
        page, limit = parse_page(query)
        now = self.sync()
        self._job(job_id)
        items = self.store.list_executions(job_id=job_id, limit=limit, offset=page * limit)
        return 200, page_body([public_execution(e, now) for e in items], page, limit)

    def get_job_execution(self, job_id: str, execution_id: str) -> Result:
        now = self.sync()
        self._job(job_id)
        execution = self.store.get_execution(execution_id)
        if execution is None or execution["jobId"] != job_id:
            raise not_found("JOB_EXECUTION", "jobExecutionId", execution_id)
        return 200, public_execution(execution, now)

    def update_job_execute_config(self, job_id: str, body: Any) -> Result:
        body = require_object(body, "body")
        with self.store.lock, self.store.transaction():
            now = self.sync()
            job = self._job(job_id)
            if body.get("jobCondition") is None:
                raise bad_parameter("jobCondition", None)
            condition = clean_job_condition(body["jobCondition"])
            job["jobCondition"] = merge_condition(job.get("jobCondition"), condition)
            job["updatedDate"] = format_api_datetime(now)
            self.store.put("job", job_id, job)
        return 200, public(job)

    def cancel_job_execution(self, job_id: str, execution_id: str) -> Result:
        with self.store.lock, self.store.transaction():
            now = self.sync()
            self._job(job_id)
            execution = self.store.get_execution(execution_id)
            if execution is None or execution["jobId"] != job_id:
                raise not_found("JOB_EXECUTION", "jobExecutionId", execution_id)
            if execution["status"] not in LIVE_STATUSES:
                raise bad_state("jobExecutionId", execution_id)
            self.engine.cancel_execution(execution, now)
        return 200, True

    # ---------------------------------------------------------- workflows

    def _workflow_list_item(self, workflow: dict[str, Any]) -> dict[str, Any]:
        item = public(workflow)
        if workflow.get("_lastExecutionDate"):
            item["lastExecutionDate"] = workflow["_lastExecutionDate"]
        trigger_node = next((n for n in workflow.get("nodes", []) if n.get("type") == "TRIGGER"), None)
        item["triggerRuleType"] = (trigger_node or {}).get("triggerRule") or "NONE"
        item["resourceId"] = workflow["workflowId"]
        item["disabled"] = False
        return item

    def get_workflows(self, query: Query) -> Result:
        page, limit = parse_page(query)
        self.sync()
        items = self.store.list("workflow", limit=limit, offset=page * limit)
        return 200, page_body([self._workflow_list_item(w) for w in items], page, limit)

    def get_workflow(self, workflow_id: str) -> Result:
        self.sync()
        return 200, public(self._workflow(workflow_id))

    def _workflow_nodes(self, body: dict[str, Any], is_temp: bool) -> list[dict[str, Any]]:
        """Validate the graph, then resolve references (404) and fill names and rule types."""
        if "nodes" not in body:
            raise bad_parameter("nodes", None)
        nodes = clean_workflow_nodes(body["nodes"], is_temp=is_temp)
        resolved: list[dict[str, Any]] = []
        for node in nodes:
            if node["type"] == "TRIGGER":
                trigger = self._trigger(node["id"])
                resolved.append(
                    {
                        "id": node["id"],
                        "name": trigger["name"],
                        "type": "TRIGGER",
                        "parentNodeIds": [],
                        "triggerRule": trigger["triggerRule"]["type"],
                        "isValid": True,
                    }
                )
            else:
                job = self._job(node["id"])
                resolved.append(
                    {
                        "id": node["id"],
                        "name": job["name"],
                        "type": "JOB",
                        "parentNodeIds": node["parentNodeIds"],
                        "jobCondition": node["jobCondition"],
                        "isValid": True,
                    }
                )
        return resolved

    def create_workflow(self, body: Any) -> Result:
        body = require_object(body, "body")
        name = check_name(body.get("name"))
        is_temp = as_bool(body["isTemp"], "isTemp") if body.get("isTemp") is not None else False
        with self.store.lock, self.store.transaction():
            now = self.sync()
            nodes = self._workflow_nodes(body, is_temp)
            if self.store.name_taken("workflow", name):
                raise bad_parameter("name", name)
            stamp = format_api_datetime(now)
            workflow: dict[str, Any] = {
                "workflowId": self.engine.new_id(),
                "name": name,
                "nodes": nodes,
                "isTemp": is_temp,
                "createdDate": stamp,
                "updatedDate": stamp,
            }
            self.store.put("workflow", workflow["workflowId"], workflow)
        return 201, public(workflow)

    def update_workflow(self, workflow_id: str, body: Any) -> Result:
        body = require_object(body, "body")
        with self.store.lock, self.store.transaction():
            now = self.sync()
            workflow = self._workflow(workflow_id)
            name = check_name(body.get("name"))
            is_temp = workflow.get("isTemp", False)
            if body.get("isTemp") is not None:
                is_temp = as_bool(body["isTemp"], "isTemp")
            nodes = self._workflow_nodes(body, is_temp)
            if self.store.name_taken("workflow", name, exclude_id=workflow_id):
                raise bad_parameter("name", name)
            workflow.update({"name": name, "nodes": nodes, "isTemp": is_temp})
            workflow["updatedDate"] = format_api_datetime(now)
            self.store.put("workflow", workflow_id, workflow)
        return 200, public(workflow)

    def delete_workflow(self, workflow_id: str) -> Result:
        with self.store.lock, self.store.transaction():
            self.sync()
            self._workflow(workflow_id)
            self.store.delete("workflow", workflow_id)
        return 200, True

    def get_workflow_executions(self, workflow_id: str, query: Query) -> Result:
        page, limit = parse_page(query)
        now = self.sync()
        workflow = self._workflow(workflow_id)
        text = (query.get("filter") or "").strip().lower()
        if text and text not in workflow.get("name", "").lower():
            matching = [
                e
                for e in self.store.list_executions(workflow_id=workflow_id)
                if text in (e.get("jobName") or "").lower()
            ]
            items = matching[page * limit : page * limit + limit]
        else:
            items = self.store.list_executions(workflow_id=workflow_id, limit=limit, offset=page * limit)
        return 200, page_body([public_execution(e, now) for e in items], page, limit)

    def execute_workflow(self, workflow_id: str, headers: Mapping[str, str]) -> Result:
        payload = headers.get("x-ncp-dataflow-payload")
        if payload:
            log.info("executeWorkflow %s payload: %s", workflow_id, _decode_payload(payload))
        with self.store.lock, self.store.transaction():
            now = self.sync()
            workflow = self._workflow(workflow_id)
            if workflow.get("isTemp"):
                raise bad_state("workflowId", workflow_id)
            nodes = workflow.get("nodes", [])
            if not all(n.get("isValid", True) for n in nodes):
                raise bad_state("workflowId", workflow_id)
            start = next((n for n in nodes if n.get("type") == "TRIGGER"), None)
            trigger = self.store.get("trigger", start["id"]) if start else None
            if trigger is None:
                raise bad_state("workflowId", workflow_id)
            if trigger.get("type") not in ("NONE", "EVENT"):
                raise bad_state("workflowId", workflow_id)
            for node in nodes:
                if node.get("type") == "JOB":
                    job = self.store.get("job", node["id"])
                    if job is None or job.get("status") not in RUNNABLE:
                        raise bad_state("jobId", node["id"])
            self.engine.start_workflow_run(workflow, trigger, now)
        return 202, {"workflowId": workflow_id, "triggerId": trigger["triggerId"], "status": "ACCEPTED"}


def _linked_failure(error_type: str, condition: Mapping[str, Any], job_id: str) -> Exception:
    """The documented error examples name the linked resource that failed."""
    if error_type == "client-resource-not-found":
        return linked_failure(error_type, "scriptPath", condition.get("scriptPath"))
    if error_type == "client-unauthorized":
        return linked_failure(error_type, "nrn", condition.get("nrn"))
    return linked_failure("client-request-failed", "jobId", job_id)


def _decode_payload(value: str) -> Any:
    """Decode ``x-ncp-dataflow-payload`` for the log; never fails the request."""
    try:
        return json.loads(base64.b64decode(value + "=" * (-len(value) % 4)).decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError):
        return "<undecodable>"
