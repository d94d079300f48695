"""The emulator the benchmarks talk to, in its own process so it never shares a GIL with the app.

``python -m benchmarks.emulator [--big] [--frozen] [--running N] [--latency-ms MS] [--db PATH]``
prints one JSON line (base URL, keys, the job with live executions) and serves until its stdin
closes. Every request is counted by method and path template; ``GET /_bench/requests`` (no
signature) returns the counts so far, which is how requests per minute are measured from the
emulator's side.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import urllib.request
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

ACCESS_KEY = "BENCHACCESSKEY000001"
SECRET_KEY = "BENCHSECRETKEY0000000000000000000000001"
START = datetime.fromisoformat("2026-11-28T09:00:00+09:00")
BIG = {"jobs": 10_000, "workflows": 2_000, "triggers": 500, "executions": 100_000}


def template(path: str) -> str:
    """``/api/v1/jobs/abc123.../executions`` -> ``/api/v1/jobs/{id}/executions``."""
    parts = path.split("/")
    return "/".join("{id}" if index > 3 and index % 2 == 0 else part for index, part in enumerate(parts))


class Counting:
    """ASGI wrapper: counts every request and answers ``/_bench/requests`` itself."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.counts: Counter[str] = Counter()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"] == "/_bench/requests":
            body = json.dumps(dict(self.counts)).encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [(b"content-type", b"application/json")],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        if scope["type"] == "http":
            self.counts[f"{scope['method']} {template(scope['path'])}"] += 1
        await self.app(scope, receive, send)


def _serve(args: argparse.Namespace) -> None:
    import dftui.emulator.server as server_module
    from dftui.emulator import EmulatorServer, FaultConfig, ManualClock, SimulationSettings
    from dftui.emulator.demo import DemoSizes
    from dftui.timeutil import now_kst

    real_create_app = server_module.create_app
    server_module.create_app = lambda state: Counting(real_create_app(state))  # type: ignore[assignment, return-value]
    sizes = DemoSizes(**BIG) if args.big else DemoSizes()
    settings = SimulationSettings(wait_seconds=(0.1, 0.3), run_seconds=(36_000.0, 36_000.0))
    faults = FaultConfig(latency_ms=args.latency_ms) if args.latency_ms else None
    server = EmulatorServer(
        db_path=args.db,
        clock=ManualClock(START) if args.frozen else None,
        access_key=ACCESS_KEY,
        secret_key=SECRET_KEY,
        demo_sizes=sizes,
        faults=faults,
        settings=settings,
        start_timeout=600,
    )
    server.start()
    state = server.state
    assert state is not None
    jobs = sorted(state.store.list("job", limit=100_000, offset=0), key=lambda job: job["name"])
    job = jobs[0]
    if args.running:
        job["maxConcurrentRuns"] = args.running
        state.store.put("job", job["jobId"], job)
        at = server.clock.now() if args.frozen else now_kst()
        for _ in range(args.running):
            state.engine.create_execution(job, {}, at=at)
    print(
        json.dumps(
            {
                "base_url": server.base_url,
                "access_key": ACCESS_KEY,
                "secret_key": SECRET_KEY,
                "job_id": job["jobId"],
                "job_name": job["name"],
            }
        ),
        flush=True,
    )
    try:
        sys.stdin.read()  # until the parent closes the pipe (or dies)
    finally:
        server.stop()


@dataclass
class Emulator:
    """A running benchmark emulator, as the parent sees it."""

    process: subprocess.Popen[str]
    base_url: str
    job_id: str
    job_name: str

    def env(self) -> dict[str, str]:
        """Environment for ``dftui`` to use this emulator as its account."""
        return {
            "NCLOUD_ACCESS_KEY": ACCESS_KEY,
            "NCLOUD_SECRET_KEY": SECRET_KEY,
            "NCLOUD_API_URL": self.base_url,
        }

    def counts(self) -> Counter[str]:
        with urllib.request.urlopen(self.base_url + "/_bench/requests", timeout=10) as answer:
            return Counter(json.loads(answer.read()))


@contextmanager
def emulator(
    *,
    big: bool = False,
    frozen: bool = True,
    running: int = 0,
    latency_ms: float = 0.0,
    db: Path | None = None,
    cwd: Path | None = None,
) -> Iterator[Emulator]:
    """Start ``python -m benchmarks.emulator`` with these settings; stop it on exit."""
    command = [sys.executable, "-m", "benchmarks.emulator", "--running", str(running)]
    command += ["--latency-ms", str(latency_ms), "--db", str(db) if db else ":memory:"]
    command += ["--big"] if big else []
    command += ["--frozen"] if frozen else []
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=cwd)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line:
            raise RuntimeError("the benchmark emulator did not start")
        info = json.loads(line)
        yield Emulator(process, info["base_url"], info["job_id"], info["job_name"])
    finally:
        if process.stdin is not None:
            process.stdin.close()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.emulator")
    parser.add_argument(
        "--big", action="store_true", help="10,000 jobs, 2,000 workflows, 500 triggers, 100,000 runs"
    )
    parser.add_argument("--frozen", action="store_true", help="a stopped clock: nothing changes")
    parser.add_argument("--running", type=int, default=0, help="executions RUNNING on the first job")
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument("--db", default=":memory:")
    _serve(parser.parse_args(argv))


if __name__ == "__main__":
    main(sys.argv[1:])
