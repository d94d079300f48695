"""Running the app: demo fallback, banner, config flags, emulator lifecycle, debug log."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from dftui import cli
from dftui.cli import BANNER_DEMO_FLAG, BANNER_NO_CREDENTIALS, BANNER_PARTIAL_CREDENTIALS, main
from tests.cli.conftest import EMULATOR_SECRET, AppBehaviour, FakeEmulatorServer, write_toml

USER_SECRET = "USER-secret-key-abcdef-987"


@pytest.fixture
def credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NCLOUD_ACCESS_KEY", "USER-AK")
    monkeypatch.setenv("NCLOUD_SECRET_KEY", USER_SECRET)


def test_without_credentials_runs_demo_emulator(fake_app: AppBehaviour, isolated_environment: Path) -> None:
    assert main([]) == 0
    (server,) = FakeEmulatorServer.instances
    assert server.started and server.stopped
    assert server.kwargs.pop("settings").ambient_every == cli.AMBIENT_EVERY  # the demo is lively
    assert (
        Path(server.kwargs.pop("db_path")) == isolated_environment / ".local" / "share" / "dftui" / "demo.db"
    )
    assert server.kwargs == {  # everything else is the emulator's default: no faults, generated keys
        "seed": 42,
        "speed": 1.0,
        "host": "127.0.0.1",
        "port": 0,
        "access_key": None,
        "secret_key": None,
        "demo": True,
        "execution_times_paths": "singular",
        "faults": None,
        "rate_limit": None,
        "listen_socket": None,
    }
    (created,) = fake_app.created
    assert created["demo"] is True
    assert created["banner"] == BANNER_NO_CREDENTIALS
    config = created["client"].config
    assert config.api_url == server.base_url
    assert config.access_key == "EMULATOR-AK"
    assert config.secret_key.get_secret_value() == EMULATOR_SECRET
    assert config.source_of("api_url") == "demo emulator"
    assert created["config"] is config


@pytest.mark.usefixtures("credentials")
def test_with_credentials_uses_the_real_service(fake_app: AppBehaviour) -> None:
    assert main(["--read-only", "--refresh", "2.5"]) == 0
    assert FakeEmulatorServer.instances == []
    (created,) = fake_app.created
    assert created["demo"] is False
    assert created["banner"] is None
    config = created["client"].config
    assert config.api_url == "https://dataflow.apigw.ntruss.com"
    assert config.access_key == "USER-AK"
    assert (config.read_only, config.refresh_interval) == (True, 2.5)
    assert config.source_of("refresh_interval") == "flag"


@pytest.mark.usefixtures("credentials")
def test_demo_flag_forces_emulator_with_seed_and_speed(fake_app: AppBehaviour) -> None:
    assert main(["--demo", "--seed", "7", "--speed", "60"]) == 0
    (server,) = FakeEmulatorServer.instances
    assert (server.kwargs["seed"], server.kwargs["speed"]) == (7, 60.0)
    (created,) = fake_app.created
    assert created["banner"] == BANNER_DEMO_FLAG
    assert created["client"].config.access_key == "EMULATOR-AK"


def test_half_a_key_pair_runs_demo_with_explaining_banner(
    fake_app: AppBehaviour, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NCLOUD_ACCESS_KEY", "USER-AK")
    assert main([]) == 0
    assert fake_app.created[0]["banner"] == BANNER_PARTIAL_CREDENTIALS


def test_ctrl_c_exits_zero_and_stops_emulator(
    fake_app: AppBehaviour, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_app.raise_on_run = KeyboardInterrupt()
    assert main([]) == 0
    assert FakeEmulatorServer.instances[0].stopped
    assert capsys.readouterr().err == ""


def test_app_crash_writes_a_report_and_still_stops_emulator(
    fake_app: AppBehaviour, capsys: pytest.CaptureFixture[str], isolated_environment: Path
) -> None:
    fake_app.raise_on_run = RuntimeError(f"boom with {EMULATOR_SECRET}")
    assert main([]) == 1
    assert FakeEmulatorServer.instances[0].stopped
    err = capsys.readouterr().err
    (report,) = (isolated_environment / ".local" / "state" / "dftui" / "crashes").iterdir()
    assert err == (
        f"dftui: crashed (RuntimeError: boom with ********); report without secrets: {report} "
        "(please attach it to a bug report)\n"
    )
    text = report.read_text()
    assert "Traceback (most recent call last)" in text and "RuntimeError: boom with ********" in text
    assert EMULATOR_SECRET not in text


@pytest.mark.parametrize(
    ("setup", "argv", "fragment"),
    [
        ("[profiles.prod\n", [], "invalid TOML"),
        ("[profiles.prod]\n", ["--profile", "nope"], "unknown profile 'nope'"),
        ("", ["--refresh", "0"], "--refresh 0.0: allowed: a number of seconds from 1 to 3600"),
        ("[profiles.default]\nacess_key = 'x'\n", [], "unknown key 'acess_key'"),
    ],
)
def test_config_errors_exit_2_with_prefixed_message(
    setup: str, argv: list[str], fragment: str, fake_app: AppBehaviour, capsys: pytest.CaptureFixture[str]
) -> None:
    write_toml(setup)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("dftui: ")
    assert fragment in err
    assert fake_app.created == []
    assert FakeEmulatorServer.instances == []


@pytest.mark.usefixtures("credentials")
def test_debug_log_is_private_and_masks_secrets(fake_app: AppBehaviour, tmp_path: Path) -> None:
    log_file = tmp_path / "logs" / "debug.log"
    fake_app.log_on_run = f"careless code logged {USER_SECRET}"
    assert main(["--debug", str(log_file)]) == 0
    text = log_file.read_text()
    assert "careless code logged ********" in text
    assert USER_SECRET not in text
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600


def test_debug_log_masks_the_demo_emulator_secret(fake_app: AppBehaviour, isolated_environment: Path) -> None:
    fake_app.log_on_run = f"emulator key {EMULATOR_SECRET}"
    assert main(["--debug"]) == 0
    log_file = isolated_environment / ".local" / "state" / "dftui" / "log" / "dftui.log"
    text = log_file.read_text()
    assert "emulator key ********" in text
    assert EMULATOR_SECRET not in text


def test_debug_before_subcommand_is_not_taken_as_log_file(
    isolated_environment: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--debug", "config", "path"]) == 0
    assert "config file:" in capsys.readouterr().out
    assert (isolated_environment / ".local" / "state" / "dftui" / "log" / "dftui.log").exists()
    assert not Path("config").exists()


def test_unwritable_debug_log_is_a_clean_error(
    fake_app: AppBehaviour, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert main(["--debug", str(blocker / "sub" / "x.log")]) == 2
    assert capsys.readouterr().err.startswith("dftui: cannot write the debug log")
    assert fake_app.created == []
