"""dftui wait: poll one job execution until final; exit 0 completed, 1 failed/canceled, 3 timeout."""

from __future__ import annotations

import asyncio
import io
from types import SimpleNamespace
from typing import Any

import pytest

from dftui.cli import main, wait_for_execution


class ScriptedClient:
    """Returns the given statuses in order (the last one repeats)."""

    def __init__(self, statuses: list[str]) -> None:
        self.statuses = statuses
        self.calls: list[tuple[str, str]] = []

    async def __aenter__(self) -> ScriptedClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None

    async def get_job_execution_by_id(self, job_id: str, execution_id: str) -> Any:
        self.calls.append((job_id, execution_id))
        status = self.statuses[min(len(self.calls), len(self.statuses)) - 1]
        return SimpleNamespace(
            job_execution_id=execution_id,
            status=status,
            is_final=status in {"COMPLETED", "FAILED", "CANCELED"},
        )


class SteppingClock:
    def __init__(self, step: float) -> None:
        self.now, self.step = 0.0, step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


@pytest.mark.parametrize(
    ("statuses", "code"),
    [
        (["READY", "RUNNING", "COMPLETED"], 0),
        (["RUNNING", "FAILED"], 1),
        (["CANCELED"], 1),
    ],
)
async def test_exit_code_follows_final_status(statuses: list[str], code: int) -> None:
    client, out = ScriptedClient(statuses), io.StringIO()
    assert await wait_for_execution(client, "job1", "ex1", 0.0, None, out=out) == code
    assert len(client.calls) == len(statuses)
    assert out.getvalue().splitlines() == [f"ex1: {status}" for status in statuses]


async def test_timeout_exits_3() -> None:
    client, out = ScriptedClient(["RUNNING"]), io.StringIO()
    code = await wait_for_execution(client, "job1", "ex1", 0.0, 5.0, out=out, monotonic=SteppingClock(1.0))
    assert code == 3
    assert 1 < len(client.calls) <= 5
    assert "timed out after 5s; execution is still RUNNING" in out.getvalue()


def test_wait_without_credentials_is_a_config_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["wait", "job", "ex"]) == 2
    assert "needs credentials" in capsys.readouterr().err


def _find_execution(emulator: Any, status: str) -> tuple[str, str]:
    from dftui.api import DataFlowClient

    async def search() -> tuple[str, str]:
        async with DataFlowClient(
            base_url=emulator.base_url, access_key=emulator.access_key, secret_key=emulator.secret_key
        ) as client:
            for job in (await client.get_jobs()).items:
                for execution in (await client.get_job_executions(job.job_id)).items:
                    if execution.status == status:
                        return job.job_id, execution.job_execution_id
        pytest.skip(f"demo data has no {status} execution")

    return asyncio.run(search())


@pytest.mark.parametrize(("status", "code"), [("COMPLETED", 0), ("FAILED", 1), ("RUNNING", 3)])
def test_wait_against_the_emulator(
    status: str, code: int, emulator: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """End to end through config, the real client and the emulator (its clock is frozen)."""
    job_id, execution_id = _find_execution(emulator, status)
    monkeypatch.setenv("NCLOUD_API_URL", emulator.base_url)
    monkeypatch.setenv("NCLOUD_ACCESS_KEY", emulator.access_key)
    monkeypatch.setenv("NCLOUD_SECRET_KEY", emulator.secret_key)
    assert main(["wait", job_id, execution_id, "--timeout", "0.3", "--interval", "0.1"]) == code
    assert f"{execution_id}: {status}" in capsys.readouterr().out
