"""Schemathesis fuzzes the emulator from its own /openapi.json, every request signed (signature v2).

Unsigned requests would all be answered 401 by the gateway and prove nothing, so a ``requests``
auth hook signs each prepared request over the exact path and query it carries. Path ids are
sometimes swapped for ids of the demo data so that the success paths (updates, runs, cancels,
deletes) are reached, not only 404s. Checks: no 5xx, only documented status codes, responses
that match the documented schemas, JSON content type. Positive and negative data are generated;
the run is deterministic (derandomized Hypothesis) and bounded to a few examples per operation.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Iterator
from typing import Any

import hypothesis
import pytest
import requests
import schemathesis
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.python import asgi

from dftui.api.signing import sign
from dftui.emulator import create_app

from .helpers import make_state

MAX_EXAMPLES = 12
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance, content_type_conformance]

STATE = make_state(demo=True)
APP = create_app(STATE)


@pytest.fixture(scope="module", autouse=True)
def _close_state() -> Iterator[None]:
    yield
    STATE.close()


def _demo_ids() -> dict[str, list[dict[str, str]]]:
    """Path parameter sets that exist in the demo data, keyed by the path's parameter names."""
    service = STATE.service
    jobs = service.get_jobs({})[1]["list"]
    pairs = []
    for job in jobs[:15]:
        for execution in service.get_job_executions(job["jobId"], {"limit": "5"})[1]["list"]:
            pairs.append({"jobId": job["jobId"], "executionId": execution["jobExecutionId"]})
    live = [
        {"jobId": job["jobId"], "executionId": execution["jobExecutionId"]}
        for job in jobs
        for execution in service.get_job_executions(job["jobId"], {})[1]["list"]
        if execution["status"] in ("READY", "RUNNING")
    ]
    return {
        "jobId": [{"jobId": job["jobId"]} for job in jobs],
        "jobId,executionId": live + pairs,
        "workflowId": [{"workflowId": w["workflowId"]} for w in service.get_workflows({})[1]["list"]],
        "triggerId": [{"triggerId": t["triggerId"]} for t in service.get_triggers({})[1]["list"]],
    }


DEMO_IDS = _demo_ids()


def _path_names(path: str) -> str:
    return ",".join(segment[1:-1] for segment in path.split("/") if segment.startswith("{"))


def _with_demo_examples(spec: dict[str, Any]) -> dict[str, Any]:
    """A copy of the document whose path parameters carry demo ids as examples.

    Only the test's copy changes: the examples and coverage phases then address resources that
    exist, so request bodies get past the 404 and reach validation. Deletes get ids of their own
    (the last ones) so they do not remove what the other operations work on.
    """
    spec = copy.deepcopy(spec)
    for path, methods in spec["paths"].items():
        known = DEMO_IDS.get(_path_names(path))
        if not known:
            continue
        for method, operation in methods.items():
            chosen = known[-1] if method == "delete" else known[0]
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path":
                    parameter["example"] = chosen[parameter["name"]]
    return spec


schema = schemathesis.openapi.from_dict(_with_demo_examples(APP.openapi()))
schema.app = APP
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
    max_examples=MAX_EXAMPLES,
    with_security_parameters=False,  # the signer below supplies the three x-ncp-* headers
    database="none",
    deterministic=True,
)
schema.config.seed = 20261128
# Literals mined from the application's source would change the inputs whenever any dftui module
# changes (and their order depends on hash seeds): keep generation a function of the schema alone.
schema.config.analysis.constants.enabled = False


class SignatureV2(requests.auth.AuthBase):
    """Sign the request exactly as it will be sent: method plus the raw path and query."""

    def __init__(self, access_key: str, secret_key: str) -> None:
        self.access_key = access_key
        self._secret_key = secret_key

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        timestamp = str(int(time.time() * 1000))
        target = request.path_url
        assert request.method is not None
        request.headers["x-ncp-apigw-timestamp"] = timestamp
        request.headers["x-ncp-iam-access-key"] = self.access_key
        request.headers["x-ncp-apigw-signature-v2"] = sign(
            request.method, target, timestamp, self.access_key, self._secret_key
        )
        return request


@schema.hook
def flatmap_path_parameters(context: Any, path_parameters: dict[str, Any] | None) -> st.SearchStrategy:
    """Half of the time, address a resource that exists instead of a random id."""
    known = DEMO_IDS.get(_path_names(context.operation.path))
    if not path_parameters or not known:
        return st.just(path_parameters)
    return st.one_of(st.just(path_parameters), st.sampled_from(known))


@schema.hook
def flatmap_query(context: Any, query: dict[str, Any] | None) -> st.SearchStrategy:
    """executeJob: sometimes record a trigger / workflow that exists (the workflow may not hold the job)."""
    is_execute_job = context.operation.label == "POST /api/v1/jobs/{jobId}/executions"
    if not is_execute_job or not isinstance(query, dict):
        return st.just(query)
    real = st.fixed_dictionaries(
        {},
        optional={
            "triggerId": st.sampled_from([ids["triggerId"] for ids in DEMO_IDS["triggerId"]]),
            "workflowId": st.sampled_from([ids["workflowId"] for ids in DEMO_IDS["workflowId"]]),
        },
    )
    return st.one_of(st.just(query), real)


@schema.parametrize()
@hypothesis.settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(hypothesis.HealthCheck),
)
def test_emulator_conforms_to_its_openapi(case: schemathesis.Case) -> None:
    response = case.call_and_validate(auth=SignatureV2(STATE.access_key, STATE.secret_key), checks=CHECKS)
    assert response.status_code != 401, response.text  # every request is signed: none may be refused
    assert response.status_code != 422, response.text  # bodies are parsed by hand: never FastAPI's 422


def test_signer_signs_what_is_sent() -> None:
    """The signer is what makes the fuzz meaningful: the gateway accepts it, and only it."""
    with asgi.get_client(APP) as client:
        target = "/api/v1/jobs?name=a%20b&limit=2"
        signed = client.get(target, auth=SignatureV2(STATE.access_key, STATE.secret_key))
        assert signed.status_code == 200, signed.text
        wrong = client.get(target, auth=SignatureV2(STATE.access_key, "not-the-secret"))
        assert wrong.status_code == 401 and wrong.json()["error"]["errorCode"] == "200"
        assert client.get(target).status_code == 401
