"""dftui wait: poll one job execution until final; exit 0 completed, 1 failed/canceled, 3 timeout,
and a code of its own for each kind of error (dftui.cli.wait_command.WAIT_EXIT_CODES)."""

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


# ------------------------------------------------------------------ exit codes for errors


def _use(monkeypatch: pytest.MonkeyPatch, server: Any, secret: str | None = None) -> None:
    monkeypatch.setenv("NCLOUD_API_URL", server.base_url)
    monkeypatch.setenv("NCLOUD_ACCESS_KEY", server.access_key)
    monkeypatch.setenv("NCLOUD_SECRET_KEY", secret or server.secret_key)


def test_wrong_job_or_execution_id_exits_4(
    emulator: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    job_id, execution_id = _find_execution(emulator, "COMPLETED")
    _use(monkeypatch, emulator)
    assert main(["wait", "NoSuchJob123", execution_id]) == 4
    assert capsys.readouterr().err.startswith("dftui: Job not found: {jobId=NoSuchJob123}")
    assert main(["wait", job_id, "NoSuchExec12"]) == 4
    err = capsys.readouterr().err
    assert err.startswith("dftui: Job execution not found") and err.count("\n") == 1


def test_rejected_credentials_exit_5(
    emulator: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    job_id, execution_id = _find_execution(emulator, "COMPLETED")
    _use(monkeypatch, emulator, secret="not-the-secret-key")
    assert main(["wait", job_id, execution_id]) == 5
    err = capsys.readouterr().err
    assert err.startswith("dftui: Authentication failed") and "not-the-secret-key" not in err


def test_an_answer_that_cannot_be_read_exits_7(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from dftui.emulator import EmulatorServer, FaultConfig, ManualClock
    from tests.emulator_fixtures import EMULATOR_START

    with EmulatorServer(
        clock=ManualClock(EMULATOR_START), demo=False, faults=FaultConfig(malformed_rate=1.0)
    ) as server:
        _use(monkeypatch, server)
        assert main(["wait", "AnyJob123456", "AnyExec12345"]) == 7
    assert "is not valid JSON" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("kind", "code"),
    [
        ("not_found", 4),
        ("auth", 5),
        ("permission", 5),
        ("network", 6),
        ("timeout", 6),
        ("server", 7),
        ("throttled", 7),
        ("bad_parameter", 7),
        ("unexpected", 7),
    ],
)
def test_every_error_kind_has_its_exit_code(kind: str, code: int) -> None:
    from dftui.api.errors import ErrorKind, error_class_for
    from dftui.cli.wait_command import exit_code_for

    error_kind = ErrorKind(kind)
    error = error_class_for(error_kind)(
        "x", kind=error_kind, code="resource-not-found/JOB" if kind == "not_found" else None
    )
    assert exit_code_for(error) == code


def test_a_gateway_404_for_a_wrong_api_url_is_not_a_wrong_id() -> None:
    from dftui.api.errors import NotFoundError
    from dftui.cli.wait_command import exit_code_for

    assert exit_code_for(NotFoundError("No API operation", source="gateway", code="300")) == 7


def test_ctrl_c_exits_130_never_0(emulator: Any) -> None:
    """A script running ``dftui wait ... && deploy`` must not read an interrupt as success."""
    import os
    import signal
    import subprocess
    import sys
    import time

    job_id, execution_id = _find_execution(emulator, "RUNNING")  # the frozen clock keeps it running
    env = {
        **os.environ,
        "NCLOUD_API_URL": emulator.base_url,
        "NCLOUD_ACCESS_KEY": emulator.access_key,
        "NCLOUD_SECRET_KEY": emulator.secret_key,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "dftui", "wait", job_id, execution_id, "--interval", "0.2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        # as from a terminal: a suite started in the background (``pytest &``) passes on an ignored
        # SIGINT, and Ctrl+C does nothing to a background job, by design of the shell
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == f"{execution_id}: RUNNING"
    time.sleep(0.3)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert "Traceback" not in err


def test_help_lists_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["wait", "--help"])
    out = capsys.readouterr().out
    for line in (
        "0    the execution COMPLETED",
        "1    the execution FAILED or was CANCELED",
        "4    no such job",
        "5    authentication or permission refused",
        "6    network",
        "130  interrupted",
    ):
        assert line in out
