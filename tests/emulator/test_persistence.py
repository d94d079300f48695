"""Stop and restart on the same database: nothing lost, live executions finish, no schedule catch-up."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from dftui.emulator import EmulatorServer, ManualClock
from dftui.emulator.state import EmulatorState

from .helpers import START, Api, asgi_client, auth_headers


async def test_restart_on_the_same_file_keeps_everything(tmp_path: Path) -> None:
    db = tmp_path / "emulator.db"
    clock = ManualClock(START)
    state = EmulatorState.create(db, seed=42, clock=clock, demo=False, access_key="AK", secret_key="SK")
    async with asgi_client(state) as client:
        api = Api(client, state, clock)
        job = await api.script_job("kept_job")
        trigger = await api.trigger(
            "kept_hourly", "SCHEDULED", {"type": "RECURRING", "interval": "HOUR", "time": "30"}
        )
        workflow = await api.workflow(
            "kept_wf", trigger["triggerId"], [(job["jobId"], [trigger["triggerId"]])]
        )
        run = await api.ok("POST", f"/api/v1/jobs/{job['jobId']}/executions", {})
        api.advance(21)
        running = await api.execution(job["jobId"], run["jobExecutionId"])
        assert running["status"] == "RUNNING"
        before: dict[str, Any] = {
            "jobs": await api.ok("GET", "/api/v1/jobs"),
            "triggers": await api.ok("GET", "/api/v1/triggers"),
            "workflows": await api.ok("GET", "/api/v1/workflows"),
        }
    state.close()

    clock.set(START.replace(hour=11))  # 09:30 and 10:30 were missed while stopped
    state = EmulatorState.create(db, seed=42, clock=clock, demo=True, access_key="AK", secret_key="SK")
    async with asgi_client(state) as client:
        api = Api(client, state, clock)
        assert (await api.ok("GET", "/api/v1/triggers")) == before["triggers"]
        workflows = await api.ok("GET", "/api/v1/workflows")
        assert workflows["list"][0]["workflowId"] == workflow["workflowId"] and workflows["count"] == 1
        done = await api.execution(job["jobId"], run["jobExecutionId"])
        assert done["status"] == "COMPLETED" and done["startDate"] == running["startDate"]
        assert done["endDate"] < "2026-11-28T09:04:00+09:00"  # its planned end, not the restart time
        jobs = await api.ok("GET", "/api/v1/jobs")
        assert [j["jobId"] for j in jobs["list"]] == [j["jobId"] for j in before["jobs"]["list"]]
        assert (await api.ok("GET", f"/api/v1/workflows/{workflow['workflowId']}/executions"))["count"] == 0
        api.advance(31 * 60)
        fired = await api.ok("GET", f"/api/v1/workflows/{workflow['workflowId']}/executions")
        assert [e["createdDate"] for e in fired["list"]] == ["2026-11-28T11:30:00+09:00"]
        new_job = await api.script_job("after_restart")
        assert new_job["jobId"] != job["jobId"]
    state.close()


def test_live_server_restart_on_file(tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    clock = ManualClock(START)
    with EmulatorServer(db_path=db, clock=clock, demo=True, access_key="AK1", secret_key="SK1") as server:
        count = server.state.store.count_executions()  # type: ignore[union-attr]
        assert count > 1000
    with EmulatorServer(db_path=db, clock=clock, demo=True, access_key="AK1", secret_key="SK1") as server:
        assert server.state.store.count_executions() == count  # type: ignore[union-attr]
        target = "/api/v1/jobs?limit=5"
        response = httpx.get(server.base_url + target, headers=auth_headers("GET", target, "AK1", "SK1"))
        assert response.status_code == 200 and response.json()["count"] == 5


def _start(db: Path) -> tuple[subprocess.Popen[str], dict[str, str]]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dftui.emulator",
            "--port",
            "0",
            "--db",
            str(db),
            "--seed",
            "7",
            "--speed",
            "60",
            "--no-demo",
            "--access-key",
            "SUBPROCKEY",
            "--secret-key",
            "SUBPROCSECRET",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line, "the emulator printed nothing"
    return process, json.loads(line)


def _call(info: dict[str, str], method: str, target: str, body: Any = None) -> httpx.Response:
    headers = auth_headers(method, target, info["access_key"], "SUBPROCSECRET")
    return httpx.request(method, info["base_url"] + target, headers=headers, json=body, timeout=10)


def test_subprocess_sigkill_and_restart(tmp_path: Path) -> None:
    db = tmp_path / "killed.db"
    process, info = _start(db)
    try:
        assert set(info) >= {"base_url", "access_key", "secret_key"}
        job = _call(
            info,
            "POST",
            "/api/v1/jobs",
            {
                "name": "survivor",
                "type": "SCRIPT",
                "maxConcurrentRuns": 3,
                "jobCondition": {"nrn": "n", "scriptPath": "b/s/", "logPath": "b/l/"},
            },
        ).json()
        runs = [_call(info, "POST", f"/api/v1/jobs/{job['jobId']}/executions", {}).json() for _ in range(3)]
        assert all(r["status"] == "READY" for r in runs)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    process, info = _start(db)
    try:
        got = _call(info, "GET", f"/api/v1/jobs/{job['jobId']}")
        assert got.status_code == 200 and got.json()["name"] == "survivor"
        deadline = time.monotonic() + 20
        statuses: list[str] = []
        while time.monotonic() < deadline:
            page = _call(info, "GET", f"/api/v1/jobs/{job['jobId']}/executions").json()
            statuses = [e["status"] for e in page["list"]]
            if len(statuses) == 3 and all(s in ("COMPLETED", "FAILED") for s in statuses):
                break
            time.sleep(0.3)
        assert len(statuses) == 3 and all(s in ("COMPLETED", "FAILED") for s in statuses), statuses
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0


async def test_an_emptied_database_is_not_reseeded(tmp_path: Path) -> None:
    db = tmp_path / "emptied.db"
    clock = ManualClock(START)
    state = EmulatorState.create(db, clock=clock, demo=False)
    state.close()
    state = EmulatorState.create(db, clock=clock, demo=True)
    assert state.store.count("job") == 0
    state.close()
