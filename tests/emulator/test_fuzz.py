"""Whatever JSON arrives, the service answers a documented error, never crashes (no 500/422)."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dftui.emulator.errors import ServiceError
from dftui.schedule import canonical_rule, rule_problems

from .helpers import CONDITION, example, make_state

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 2000), st.floats(allow_nan=False, width=32), st.text(max_size=8)
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)
KEYS = [
    "name",
    "type",
    "nodes",
    "jobCondition",
    "triggerRule",
    "isTemp",
    "maxConcurrentRuns",
    "parameters",
    "numWorker",
    "timeout",
    "interval",
    "time",
    "dayOfWeek",
    "dateOfMonth",
    "executionDate",
    "parentNodeIds",
    "id",
    "workerType",
    "leftNodeId",
    "sourceNameList",
    "fieldList",
    "dataType",
]
bodies = st.one_of(json_values, st.dictionaries(st.sampled_from(KEYS), json_values, max_size=6))


def _mutated(base: Any, data: st.DataObject) -> Any:
    """Replace one value somewhere in a valid body with arbitrary JSON."""
    body = copy.deepcopy(base)
    target = body
    for _ in range(data.draw(st.integers(0, 3))):
        if isinstance(target, dict) and target:
            key = data.draw(st.sampled_from(sorted(target)))
            if isinstance(target[key], (dict, list)) and target[key]:
                target = target[key]
                continue
        if isinstance(target, list) and target:
            index = data.draw(st.integers(0, len(target) - 1))
            if isinstance(target[index], (dict, list)) and target[index]:
                target = target[index]
                continue
        break
    if isinstance(target, dict) and target:
        target[data.draw(st.sampled_from(sorted(target)))] = data.draw(json_values)
    elif isinstance(target, list) and target:
        target[data.draw(st.integers(0, len(target) - 1))] = data.draw(json_values)
    return body


STATE = make_state()
SERVICE = STATE.service
JOB = SERVICE.create_job({"name": "fuzz_base", "type": "SCRIPT", "jobCondition": dict(CONDITION)})[1]
TRIGGER = SERVICE.create_trigger({"name": "fuzz_trigger", "type": "NONE", "triggerRule": {"type": "NONE"}})[1]


def _answer(call: Any) -> int:
    try:
        return call()[0]
    except ServiceError as error:
        assert error.status in (400, 404)
        return error.status


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=bodies)
def test_random_bodies(body: Any) -> None:
    job_id, trigger_id = JOB["jobId"], TRIGGER["triggerId"]
    _answer(lambda: SERVICE.create_job(body))
    _answer(lambda: SERVICE.create_trigger(body))
    _answer(lambda: SERVICE.create_workflow(body))
    _answer(lambda: SERVICE.verify_job(body))
    _answer(lambda: SERVICE.update_job(job_id, body, method="PATCH"))
    _answer(lambda: SERVICE.execute_job(job_id, {"triggerId": trigger_id}, body))
    _answer(lambda: SERVICE.update_job_execute_config(job_id, body))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_valid_bodies(data: st.DataObject) -> None:
    _answer(lambda: SERVICE.verify_job(_mutated(example("verifyJob.request.all-node-types.json"), data)))
    _answer(lambda: SERVICE.create_trigger(_mutated(example("createTrigger.request.weekly.json"), data)))
    workflow = {
        "name": "fuzz_wf",
        "nodes": [
            {"id": TRIGGER["triggerId"], "name": "t", "type": "TRIGGER", "parentNodeIds": []},
            {
                "id": JOB["jobId"],
                "name": "j",
                "type": "JOB",
                "parentNodeIds": [TRIGGER["triggerId"]],
                "jobCondition": dict(CONDITION),
            },
        ],
    }
    status = _answer(lambda: SERVICE.create_workflow(_mutated(workflow, data)))
    if status == 201:
        for item in SERVICE.get_workflows({})[1]["list"]:
            SERVICE.delete_workflow(item["workflowId"])


@settings(max_examples=60, deadline=None)
@given(
    query=st.dictionaries(
        st.sampled_from(["page", "limit", "name", "status", "filter", "startDate", "endDate"]),
        st.text(max_size=25),
        max_size=4,
    )
)
def test_random_queries(query: dict[str, str]) -> None:
    _answer(lambda: SERVICE.get_jobs(query))
    _answer(lambda: SERVICE.get_triggers(query))
    _answer(lambda: SERVICE.get_execution_result(query))
    _answer(lambda: SERVICE.get_execution_times(query))
    _answer(lambda: SERVICE.get_execution_count(query))
    _answer(lambda: SERVICE.get_job_executions(JOB["jobId"], query))


@settings(max_examples=150, deadline=None)
@given(
    timestamp=st.text(max_size=20),
    access_key=st.text(max_size=20),
    signature=st.text(max_size=50),
    target=st.text(max_size=40),
)
def test_gateway_authentication_never_crashes(
    timestamp: str, access_key: str, signature: str, target: str
) -> None:
    from dftui.emulator.gateway import Gateway, GatewayConfig

    gateway = Gateway(app=None, config=GatewayConfig(keys={STATE.access_key: STATE.secret_key}))  # type: ignore[arg-type]
    headers = {
        "x-ncp-apigw-timestamp": timestamp,
        "x-ncp-iam-access-key": access_key or STATE.access_key,
        "x-ncp-apigw-signature-v2": signature,
    }
    assert isinstance(gateway.authenticate("GET", target, headers), str)


rule_values = st.one_of(
    json_values,
    st.sampled_from(["RECURRING", "ONE_TIME", "NONE", "HOUR", "DAY", "WEEK", "MONTH", "monday", "MONDAY"]),
    st.sampled_from(["5", "05", "\u0665", "59", "60", "9:30", "23:59", "24:00", "-1", "31", "32", "\uff11"]),
    st.sampled_from(["2025-04-01", "2025-04-01T10:00", "2025-04-01T10:00:00+09:00", "\u0662025-04-01T10:00"]),
    st.lists(st.sampled_from(["MONDAY", "FRIDAY", "monday", "Sun", ""]), max_size=3),
)
rules = st.one_of(
    json_values,
    st.dictionaries(
        st.sampled_from(["type", "interval", "time", "dayOfWeek", "dateOfMonth", "executionDate"]),
        rule_values,
        max_size=6,
    ),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trigger_type=st.sampled_from(["SCHEDULED", "EVENT", "NONE", "scheduled", None]), rule=rules)
def test_emulator_accepts_exactly_the_rules_the_app_accepts(trigger_type: Any, rule: Any) -> None:
    """createTrigger agrees with dftui.schedule: same verdict, same first field, canonical storage."""
    body = {"name": "agreeing_rule", "type": trigger_type, "triggerRule": rule}
    problems = rule_problems(trigger_type, rule)
    try:
        status, made = SERVICE.create_trigger(body)
    except ServiceError as error:
        assert problems, error.detail
        assert error.status == 400 and error.detail.startswith("{" + problems[0].field + "=")
        return
    assert status == 201 and not problems
    assert made["triggerRule"] == canonical_rule(trigger_type, rule)
    SERVICE.delete_trigger(made["triggerId"])
