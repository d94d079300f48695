"""dftui emulator: foreground server with printed keys, clean stop on Ctrl+C."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import shutil
import signal
import subprocess
import threading
import time

import pytest

from dftui import cli
from dftui.cli import emulator_command, main, signed_curl_hint
from dftui.emulator.state import default_db_path
from tests.cli.conftest import EMULATOR_SECRET, AppBehaviour, FakeEmulatorServer


def _interrupt() -> None:
    raise KeyboardInterrupt


@pytest.mark.usefixtures("fake_app")
def test_emulator_prints_url_keys_and_stops(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(emulator_command, "_wait_for_interrupt", _interrupt)
    assert (
        main(
            [
                "emulator",
                "--port",
                "9000",
                "--seed",
                "3",
                "--speed",
                "10",
                "--no-demo",
                "--db",
                "x.db",
                "--activity",
            ]
        )
        == 0
    )
    (server,) = FakeEmulatorServer.instances
    assert server.kwargs.pop("settings").ambient_every == cli.AMBIENT_EVERY
    assert server.kwargs.pop("faults") is None  # no fault flags, no faults
    assert server.kwargs.pop("rate_limit") is None
    assert server.kwargs == {
        "db_path": "x.db",
        "seed": 3,
        "speed": 10.0,
        "host": "127.0.0.1",
        "port": 9000,
        "access_key": None,
        "secret_key": None,
        "demo": False,
        "execution_times_paths": "singular",
        "listen_socket": None,
    }
    assert server.started and server.stopped
    out = capsys.readouterr().out
    assert "listening on http://127.0.0.1:48484" in out
    assert "access key: EMULATOR-AK" in out
    assert f"secret key: {EMULATOR_SECRET}" in out
    assert "curl" in out
    assert out.rstrip().endswith("emulator stopped")


@pytest.mark.usefixtures("fake_app")
def test_emulator_defaults_and_given_keys(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(emulator_command, "_wait_for_interrupt", _interrupt)
    assert main(["emulator", "--access-key", "MYAK", "--secret-key", "MY-OWN-SECRET"]) == 0
    (server,) = FakeEmulatorServer.instances
    assert (server.kwargs["db_path"], server.kwargs["port"], server.kwargs["demo"]) == (
        default_db_path(),
        8484,
        True,
    )
    assert server.kwargs["settings"].ambient_every is None  # quiet unless --activity
    out = capsys.readouterr().out
    assert "secret key: (as given with --secret-key)" in out
    assert "MY-OWN-SECRET" not in out  # not even inside the curl hint
    assert '-hmac "$SK"' in out


def test_emulator_needs_both_keys(fake_app: AppBehaviour, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["emulator", "--access-key", "only"])
    assert stopped.value.code == 2
    assert "--access-key and --secret-key must be given together" in capsys.readouterr().err
    assert FakeEmulatorServer.instances == []


@pytest.mark.skipif(
    not (shutil.which("bash") and shutil.which("openssl") and shutil.which("base64")),
    reason="needs bash+openssl",
)
def test_curl_hint_signs_like_the_gateway_expects() -> None:
    """Run the printed pipeline with curl replaced by echo and check the signature it computed."""
    hint = signed_curl_hint("http://127.0.0.1:1", "AK-TEST", "SK-TEST-secret")
    script = 'curl() { printf "%s\\n" "$@"; }\n' + hint
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=30, check=True)
    headers = dict(line.split(": ", 1) for line in result.stdout.splitlines() if line.startswith("x-ncp-"))
    message = f"GET /api/v1/jobs\n{headers['x-ncp-apigw-timestamp']}\nAK-TEST"
    expected = base64.b64encode(
        hmac.new(b"SK-TEST-secret", message.encode(), hashlib.sha256).digest()
    ).decode()
    assert headers["x-ncp-iam-access-key"] == "AK-TEST"
    assert headers["x-ncp-apigw-signature-v2"] == expected
    assert result.stdout.rstrip().endswith("http://127.0.0.1:1/api/v1/jobs")


@pytest.mark.parametrize("signal_number", [signal.SIGINT, signal.SIGTERM])
def test_wait_for_interrupt_returns_on_signal_and_restores_handlers(signal_number: int) -> None:
    before = signal.getsignal(signal_number)

    def signal_once_handled() -> None:
        # a signal sent before the wait installs its handler would reach the default one (a
        # KeyboardInterrupt wherever the main thread is), so send it once the handler is in place
        while signal.getsignal(signal_number) is before:
            time.sleep(0.005)
        os.kill(os.getpid(), signal_number)

    sender = threading.Thread(target=signal_once_handled, daemon=True)
    sender.start()
    emulator_command._wait_for_interrupt()
    sender.join(timeout=5)
    assert signal.getsignal(signal_number) is before


@pytest.mark.usefixtures("fake_app")
def test_emulator_that_cannot_start_exits_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refuse(self: FakeEmulatorServer) -> None:
        raise OSError(98, "Address already in use")

    monkeypatch.setattr(FakeEmulatorServer, "start", refuse)
    assert main(["emulator", "--port", "9"]) == 1
    assert (
        "dftui: cannot start the emulator on 127.0.0.1:9: [Errno 98] Address already in use"
        in capsys.readouterr().err
    )


def test_demo_emulator_that_cannot_start_exits_1(
    fake_app: AppBehaviour, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refuse(self: FakeEmulatorServer) -> None:
        raise RuntimeError("database is locked")

    monkeypatch.setattr(FakeEmulatorServer, "start", refuse)
    assert main([]) == 1
    assert "dftui: cannot start the demo emulator: database is locked" in capsys.readouterr().err
    assert FakeEmulatorServer.instances[-1].stopped


@pytest.mark.usefixtures("fake_app")
def test_fault_injection_flags(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(emulator_command, "_wait_for_interrupt", _interrupt)
    argv = ["emulator", "--latency-ms", "150", "--error-rate", "0.2", "--throttle-every", "7"]
    argv += ["--drop-rate", "0.05", "--malformed-rate", "0.01", "--clock-skew", "-432", "--rate-limit", "5"]
    assert main(argv) == 0
    (server,) = FakeEmulatorServer.instances
    faults = server.kwargs["faults"]
    assert (faults.latency_ms, faults.error_rate, faults.throttle_burst_every) == (150.0, 0.2, 7)
    assert (faults.drop_rate, faults.malformed_rate, faults.clock_skew_s) == (0.05, 0.01, -432.0)
    assert server.kwargs["rate_limit"].rate == 5.0


@pytest.mark.parametrize(
    ("flag", "value"), [("--error-rate", "1.5"), ("--drop-rate", "-0.1"), ("--throttle-every", "x")]
)
def test_fault_flags_are_checked(flag: str, value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["emulator", flag, value])
    assert stopped.value.code == 2
    assert flag in capsys.readouterr().err
