"""Bounded loopback load test: ``python -m dftui.emulator.bench [--requests 2000] [--concurrency 4]``.

Starts an emulator with demo data on 127.0.0.1 and measures requests/second for
``GET /api/v1/jobs?limit=100`` and ``GET /api/v1/jobs/{id}/executions``. ``--extra-jobs`` and
``--extra-executions`` add synthetic rows first, to check the store at 10,000 / 100,000 scale.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from typing import Any

import httpx

from dftui.api.signing import sign
from dftui.emulator.server import EmulatorServer
from dftui.timeutil import format_api_datetime


async def _load(info: dict[str, Any], target: str, total: int, concurrency: int) -> dict[str, Any]:
    latencies: list[float] = []
    errors = 0
    remaining = total

    async def worker() -> None:
        nonlocal remaining, errors
        async with httpx.AsyncClient(base_url=info["base_url"], timeout=30) as client:
            while remaining > 0:
                remaining -= 1
                ts = str(int(time.time() * 1000))
                headers = {
                    "x-ncp-apigw-timestamp": ts,
                    "x-ncp-iam-access-key": info["access_key"],
                    "x-ncp-apigw-signature-v2": sign(
                        "GET", target, ts, info["access_key"], info["secret_key"]
                    ),
                }
                started = time.perf_counter()
                response = await client.get(target, headers=headers)
                latencies.append(time.perf_counter() - started)
                if response.status_code != 200:
                    errors += 1

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "target": target,
        "requests": len(latencies),
        "errors": errors,
        "seconds": round(elapsed, 2),
        "requests_per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1] * 1000, 1),
    }


def _add_synthetic(server: EmulatorServer, jobs: int, executions: int) -> None:
    """Bulk rows shaped like real ones, to measure list queries at scale."""
    state = server.state
    assert state is not None
    now = state.clock.now()
    job_rows = [
        {
            "jobId": f"bench{index:07d}",
            "name": f"bench_job_{index}",
            "type": "SCRIPT",
            "status": "READY",
            "maxConcurrentRuns": 1,
            "nodes": [],
            "jobCondition": {"numWorker": 2, "timeout": 360},
            "createdDate": format_api_datetime(now - timedelta(days=60, seconds=index)),
            "updatedDate": format_api_datetime(now - timedelta(days=60, seconds=index)),
        }
        for index in range(jobs)
    ]
    execution_rows = []
    for index in range(executions):
        created = now - timedelta(days=40, seconds=index * 7)
        execution_rows.append(
            {
                "jobExecutionId": f"bx{index:010d}",
                "jobId": job_rows[index % max(1, jobs)]["jobId"] if jobs else "none",
                "jobName": "bench",
                "triggerId": None,
                "triggerName": None,
                "type": "JOB",
                "status": "COMPLETED",
                "jobCondition": {"numWorker": 2, "timeout": 360},
                "executorNum": 2,
                "waitingTime": 0,
                "runningTime": 1,
                "parsedParameters": {},
                "createdDate": format_api_datetime(created),
                "startDate": format_api_datetime(created + timedelta(seconds=5)),
                "endDate": format_api_datetime(created + timedelta(seconds=90)),
            }
        )
    with state.store.lock, state.store.transaction():
        state.store.put_many("job", "jobId", job_rows)
        state.store.put_executions(execution_rows)


def _serve_in_subprocess(args: argparse.Namespace) -> tuple[subprocess.Popen[str], dict[str, str]]:
    """The server gets its own process so client and server do not share one GIL."""
    command = [
        sys.executable,
        "-m",
        "dftui.emulator.bench",
        "--serve",
        "--extra-jobs",
        str(args.extra_jobs),
        "--extra-executions",
        str(args.extra_executions),
    ]
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line:
        raise RuntimeError("the benchmark server did not start")
    return process, json.loads(line)


def _serve(args: argparse.Namespace) -> None:
    with EmulatorServer(db_path=":memory:", seed=42, demo=True) as server:
        if args.extra_jobs or args.extra_executions:
            _add_synthetic(server, args.extra_jobs, args.extra_executions)
        state = server.state
        assert state is not None
        busiest = state.store._query(
            "SELECT job_id, COUNT(*) AS n FROM executions GROUP BY job_id ORDER BY n DESC LIMIT 1"
        )[0]
        info = {
            "base_url": server.base_url,
            "access_key": server.access_key,
            "secret_key": server.secret_key,
            "jobs": state.store.count("job"),
            "executions": state.store.count_executions(),
            "busiest_job": busiest["job_id"],
            "busiest_job_executions": busiest["n"],
        }
        print(json.dumps(info), flush=True)
        sys.stdin.read()  # serve until the parent closes our stdin (or kills us)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dftui.emulator.bench", description=__doc__)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--extra-jobs", type=int, default=0)
    parser.add_argument("--extra-executions", type=int, default=0)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        _serve(args)
        return 0
    process, info = _serve_in_subprocess(args)
    try:
        targets = [
            "/api/v1/jobs?limit=100",
            f"/api/v1/jobs/{info['busiest_job']}/executions",
            f"/api/v1/jobs/{info['busiest_job']}/executions?limit=100",
        ]
        results = [asyncio.run(_load(info, target, args.requests, args.concurrency)) for target in targets]
    finally:
        process.terminate()
        process.wait(timeout=10)
    summary: dict[str, Any] = {key: info[key] for key in ("jobs", "executions", "busiest_job_executions")}
    summary.update({"concurrency": args.concurrency, "results": results})
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
