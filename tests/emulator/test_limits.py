"""The emulator as a robust server (docs/emulator.md, Limits): hostile or oversized requests get
the documented 400/401/408/413/414/431 with the documented body shapes, never a 500, a traceback
or a reset connection. Live-server tests talk raw HTTP over a socket, as an attacker would.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dftui.emulator import EmulatorServer, ManualClock
from dftui.emulator.limits import ServerLimits

from .helpers import START, Api, auth_headers


def assert_gateway_body(body: Any, code: str) -> None:
    assert set(body) == {"error"}, body
    assert body["error"]["errorCode"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert isinstance(body["error"]["details"], str) and body["error"]["details"]


def assert_bad_parameter(status: int, body: Any, field: str) -> None:
    assert status == 400, body
    assert body["errorType"] == "bad-parameter" and body["status"] == 400 and body["title"] == "Bad Request"
    assert body["detail"].startswith("{" + field + "=") and body["detail"].endswith(": Check the parameters.")
    assert body["instance"].startswith("/dataflow/api/")


# ----------------------------------------------------------- bodies the service refuses (400)


@pytest.mark.parametrize(
    ("content", "shown"),
    [
        ('{"name": ' + "7" * 5000 + "}", "<integer of 5,000 digits>"),
        ('{"name": "wf_x", "nodes": [], "n": 9223372036854775808}', "<integer outside 64 bits"),
        ("[" * 100_000, "<nested deeper than 100 levels>"),
        ("[" * 101 + "]" * 101, "<nested deeper than 100 levels>"),
        ('{"a":' * 500 + "1" + "}" * 500, "<nested deeper than 100 levels>"),
        ('{"name": "wf_x", "nodes": NaN}', "<NaN is not JSON>"),
        ('{"name": "wf_x", "nodes": -Infinity}', "<-Infinity is not JSON>"),
        ('{"name": "wf_x", "n": 1e400}', "<number out of range: 1e400>"),
    ],
    ids=[
        "5000-digit int",
        "int past 64 bits",
        "100k [",
        "101 levels",
        "500 objects",
        "NaN",
        "-Infinity",
        "1e400",
    ],
)
@pytest.mark.parametrize("target", ["/api/v1/workflows", "/api/v1/jobs", "/api/v1/jobs/verify"])
async def test_hostile_json_is_bad_parameter(api: Api, content: str, shown: str, target: str) -> None:
    status, body = await api.error("POST", target, content=content)
    assert_bad_parameter(status, body, "body")
    assert shown in body["detail"]


async def test_hostile_json_in_every_body_taking_route(api: Api) -> None:
    job = await api.script_job("limits_job")
    trigger_id = (await api.trigger("limits_t"))["triggerId"]
    workflow = await api.workflow("limits_wf", trigger_id, [(job["jobId"], [trigger_id])])
    workflow_id = workflow["workflowId"]
    bomb = "[" * 100_000
    for method, target in [
        ("PATCH", f"/api/v1/jobs/{job['jobId']}"),
        ("PUT", f"/api/v1/jobs/{job['jobId']}"),
        ("PUT", f"/api/v1/jobs/{job['jobId']}/executions"),
        ("POST", f"/api/v1/jobs/{job['jobId']}/executions"),
        ("PUT", f"/api/v1/workflows/{workflow_id}"),
        ("POST", "/api/v1/triggers"),
    ]:
        status, body = await api.error(method, target, content=bomb)
        assert_bad_parameter(status, body, "body")


async def test_hundred_levels_are_still_accepted(api: Api) -> None:
    deep: Any = 1
    for _ in range(98):  # the body object itself is level 1, "extra" level 2 ... 100
        deep = [deep]
    job = await api.script_job("deep_ok", extra=deep)
    assert job["name"] == "deep_ok"


async def test_a_64_bit_integer_is_accepted(api: Api) -> None:
    payload = {"name": "t_big_int", "type": "NONE", "triggerRule": {"type": "NONE"}, "n": 2**63 - 1}
    trigger = await api.ok("POST", "/api/v1/triggers", payload)
    assert trigger["name"] == "t_big_int"


# ----------------------------------------------------------------------- query and headers


@pytest.mark.parametrize("route", ["/api/v1/jobs", "/api/v1/triggers"])
async def test_a_65000_character_name_filter_is_bad_parameter(demo_api: Api, route: str) -> None:
    status, body = await demo_api.error("GET", f"{route}?name={'a' * 65_000}")
    assert_bad_parameter(status, body, "name")
    assert "(65,000 characters)" in body["detail"] and len(body["detail"]) < 400  # not echoed whole


async def test_a_100_character_name_filter_is_still_a_filter(demo_api: Api) -> None:
    assert (await demo_api.ok("GET", f"/api/v1/jobs?name={'a' * 100}"))["list"] == []


@pytest.mark.parametrize("query", ["page=" + "9" * 5000, "limit=" + "9" * 5000, "startDate=" + "9" * 5000])
async def test_huge_numbers_in_the_query_are_bad_parameter(demo_api: Api, query: str) -> None:
    route = "/api/v1/stats/executions" if query.startswith("start") else "/api/v1/jobs"
    status, body = await demo_api.error("GET", f"{route}?{query}&endDate=2026-11-28T00%3A00%3A00")
    assert_bad_parameter(status, body, query.split("=", 1)[0])


@pytest.mark.parametrize("timestamp", ["9" * 5000, "1" * 16, "-1", "1e12", "\uff11\uff12\uff13"])
async def test_a_malformed_timestamp_header_is_the_gateways_401(api: Api, timestamp: str) -> None:
    headers = auth_headers("GET", "/api/v1/jobs", api.state.access_key, api.state.secret_key)
    sent: dict[str, Any] = {**headers, "x-ncp-apigw-timestamp": timestamp.encode("utf-8")}
    response = await api.call("GET", "/api/v1/jobs", headers=sent, signed=False)
    assert response.status_code == 401
    assert_gateway_body(response.json(), "200")


async def test_a_deep_payload_header_does_not_fail_execute_workflow(api: Api) -> None:
    import base64

    trigger = await api.trigger("payload_t")
    job = await api.script_job("payload_job")
    workflow = await api.workflow(
        "payload_wf", trigger["triggerId"], [(job["jobId"], [trigger["triggerId"]])]
    )
    header = base64.b64encode(b"[" * 50_000).decode()
    response = await api.call(
        "POST",
        f"/api/v1/workflows/{workflow['workflowId']}/executions",
        headers={"x-ncp-dataflow-payload": header},
    )
    assert response.status_code == 202, response.text


# ------------------------------------------------------------------ live server, raw sockets

LIMITS = ServerLimits(max_body_bytes=64 * 1024, body_timeout_s=0.5)


@pytest.fixture(scope="module")
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer(clock=ManualClock(START), demo=False, limits=LIMITS) as emulator:
        yield emulator


def exchange(server: EmulatorServer, *parts: bytes, pause: float = 0.0, timeout: float = 10.0) -> bytes:
    """Send ``parts`` (pausing between them), then read until the server closes the connection.

    A reset (rather than an orderly close after the answer) fails the test.
    """
    with socket.create_connection((server.host, server.port), timeout=timeout) as sock:
        for part in parts:
            try:
                sock.sendall(part)
            except (BrokenPipeError, ConnectionResetError):
                break  # the server answered and closed before we were done: read its answer
            time.sleep(pause)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    return received


def parse(answer: bytes) -> tuple[int, dict[str, str], Any]:
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return status, headers, json.loads(body)


def signed_head(server: EmulatorServer, method: str, target: str, *extra: str) -> bytes:
    headers = auth_headers(method, target, server.access_key, server.secret_key)
    lines = [
        f"{method} {target} HTTP/1.1",
        "Host: emulator",
        *extra,
        *(f"{k}: {v}" for k, v in headers.items()),
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def test_a_body_over_the_limit_is_413_before_it_is_read(server: EmulatorServer) -> None:
    body = b'{"name": "' + b"a" * (LIMITS.max_body_bytes + 1) + b'"}'
    head = signed_head(server, "POST", "/api/v1/workflows", f"Content-Length: {len(body)}")
    status, headers, answer = parse(exchange(server, head, body))
    assert status == 413 and headers["connection"] == "close"
    assert_gateway_body(answer, "430")
    assert str(LIMITS.max_body_bytes) in answer["error"]["details"]


def test_a_chunked_body_over_the_limit_is_413(server: EmulatorServer) -> None:
    head = signed_head(server, "POST", "/api/v1/workflows", "Transfer-Encoding: chunked")
    chunk = b"4000\r\n" + b" " * 0x4000 + b"\r\n"
    status, _, answer = parse(exchange(server, head, *[chunk] * 5, b"0\r\n\r\n"))
    assert status == 413
    assert_gateway_body(answer, "430")


def test_a_body_at_the_limit_is_read(server: EmulatorServer) -> None:
    body = json.dumps({"name": "at_the_limit", "type": "NONE", "triggerRule": {"type": "NONE"}, "pad": ""})
    body = body.encode()
    body = body.replace(b'""', b'"' + b" " * (LIMITS.max_body_bytes - len(body)) + b'"')
    assert len(body) == LIMITS.max_body_bytes
    head = signed_head(
        server, "POST", "/api/v1/triggers", f"Content-Length: {len(body)}", "Connection: close"
    )
    status, _, answer = parse(exchange(server, head, body))
    assert status == 201 and answer["name"] == "at_the_limit"


@pytest.mark.parametrize("sent", [b"{", b""], ids=["unfinished", "nothing"])
def test_a_body_that_does_not_arrive_in_time_is_408(server: EmulatorServer, sent: bytes) -> None:
    head = signed_head(server, "POST", "/api/v1/workflows", "Content-Length: 100")
    started = time.monotonic()
    status, headers, answer = parse(exchange(server, head, sent))
    assert status == 408 and headers["connection"] == "close"
    assert_gateway_body(answer, "100")
    assert LIMITS.body_timeout_s <= time.monotonic() - started < LIMITS.body_timeout_s + 3


def test_a_dripping_body_times_out_as_a_whole(server: EmulatorServer) -> None:
    """One byte every 0.2 s never stalls long enough for a per-read timeout; the total one holds."""
    head = signed_head(server, "POST", "/api/v1/workflows", "Content-Length: 40")
    started = time.monotonic()
    status, _, _ = parse(exchange(server, head, *[b" "] * 40, pause=0.2))
    assert status == 408
    assert time.monotonic() - started < 40 * 0.2


def test_a_target_over_the_limit_is_414_not_a_reset(server: EmulatorServer) -> None:
    target = "/api/v1/jobs?name=" + "a" * (LIMITS.max_target_bytes + 1)
    status, _, answer = parse(exchange(server, signed_head(server, "GET", target)))
    assert status == 414
    assert_gateway_body(answer, "100")


def test_a_request_line_over_the_head_limit_is_414_not_a_reset(server: EmulatorServer) -> None:
    line = b"GET /api/v1/jobs?name=" + b"a" * (LIMITS.max_head_bytes + 10) + b" HTTP/1.1\r\nHost: e\r\n\r\n"
    status, _, answer = parse(exchange(server, line))
    assert status == 414  # from the gateway, or from the HTTP layer when it arrives in pieces
    assert_gateway_body(answer, "100")


def test_headers_over_the_head_limit_are_431(server: EmulatorServer) -> None:
    head = b"GET /api/v1/jobs HTTP/1.1\r\nHost: e\r\n" + b"".join(
        b"X-Filler-%d: %s\r\n" % (n, b"f" * 1000) for n in range(LIMITS.max_head_bytes // 1000 + 10)
    )
    status, _, answer = parse(exchange(server, head, b"\r\n"))
    assert status == 431
    assert_gateway_body(answer, "100")


def test_garbage_instead_of_http_is_a_gateway_400(server: EmulatorServer) -> None:
    status, _, answer = parse(exchange(server, b"\x16\x03\x01\x00\xa5 not http\r\n\r\n"))
    assert status == 400
    assert_gateway_body(answer, "100")


def test_the_server_still_answers_after_all_that(server: EmulatorServer) -> None:
    head = signed_head(server, "GET", "/api/v1/jobs", "Connection: close")
    status, _, answer = parse(exchange(server, head))
    assert status == 200 and answer["list"] == []


# ------------------------------------------------------------------------- files and logs


def test_database_files_are_created_private(tmp_path: Path) -> None:
    db = tmp_path / "new" / "emulator.db"
    with EmulatorServer(db_path=db, clock=ManualClock(START), demo=False) as emulator:
        head = signed_head(emulator, "POST", "/api/v1/triggers", "Content-Length: 48", "Connection: close")
        exchange(emulator, head, b'{"name":"t_private","triggerRule":{"type":"NONE"}}'[:48])
        files = sorted(path.name for path in db.parent.iterdir())
        modes = {path.name: stat.S_IMODE(path.stat().st_mode) for path in db.parent.iterdir()}
    assert "emulator.db" in files and {"emulator.db-wal", "emulator.db-shm"} <= set(files), files
    assert set(modes.values()) == {0o600}, modes
    assert stat.S_IMODE(db.parent.stat().st_mode) == 0o700


def test_an_injected_drop_is_logged_in_one_line(tmp_path: Path) -> None:
    """``dftui emulator --drop-rate 1``: each cut connection is one line on stderr, no traceback."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dftui",
            "emulator",
            "--port",
            "0",
            "--db",
            ":memory:",
            "--no-demo",
            "--drop-rate",
            "1",
            "--access-key",
            "AK-drop",
            "--secret-key",
            "SK-drop-secret",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        base_url = line.rsplit(" ", 1)[-1].strip()
        host, port = base_url.removeprefix("http://").split(":")
        fake = EmulatorServer.__new__(EmulatorServer)
        fake.host, fake.port = host, int(port)
        for _ in range(3):
            headers = auth_headers("GET", "/api/v1/jobs", "AK-drop", "SK-drop-secret")
            request = "GET /api/v1/jobs HTTP/1.1\r\nHost: e\r\n" + "".join(
                f"{k}: {v}\r\n" for k, v in headers.items()
            )
            answer = exchange(fake, (request + "\r\n").encode())
            assert answer.startswith(b"HTTP/1.1 200") and answer.endswith(b'{"trunc')  # cut short
    finally:
        process.terminate()
        _, err = process.communicate(timeout=15)
    lines = [line for line in err.splitlines() if line.strip()]
    assert "Traceback" not in err
    assert (
        lines
        == [
            "dftui: warning: fault injection: dropped the connection in the middle of the answer to "
            "GET /api/v1/jobs"
        ]
        * 3
    ), err
