"""dftui config path / show / set."""

from __future__ import annotations

import io
import stat
import tomllib
from pathlib import Path

import pytest

from dftui.cli import main
from dftui.config import default_config_path, ncloud_configure_path
from tests.cli.conftest import write_ncloud, write_toml

SECRET = "SHOW-secret-value-xyz-123"


def test_config_path_before_anything_exists(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "path"]) == 0
    out = capsys.readouterr().out
    assert f"config file:      {default_config_path()} (not created yet; default)" in out
    assert f"ncloud configure: {ncloud_configure_path()} (missing)" in out


def test_config_path_with_explicit_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    chosen = tmp_path / "mine.toml"
    chosen.write_text("")
    write_ncloud("[DEFAULT]\n")
    assert main(["config", "path", "--config", str(chosen)]) == 0
    out = capsys.readouterr().out
    assert f"{chosen} (exists; flag)" in out
    assert "(exists)" in out


def test_config_show_masks_secret_and_names_sources(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_toml(
        f"""
        default_profile = "prod"
        [profiles.prod]
        access_key = "AKIAPRODKEY1234"
        secret_key = "{SECRET}"
        refresh_interval = 2
        [profiles.prod.keymap]
        refresh = "ctrl+r"
        """
    )
    monkeypatch.setenv("NCLOUD_API_URL", "https://ncloud.apigw.ntruss.com")
    assert main(["config", "show"]) == 0
    captured = capsys.readouterr()
    assert SECRET not in captured.out + captured.err
    lines = {line.split("=")[0].strip(): line for line in captured.out.splitlines() if "=" in line}
    assert "# config.toml default_profile" in lines["profile"]
    assert "****1234" in lines["access_key"]
    assert "AKIAPRODKEY1234" not in captured.out
    assert "********" in lines["secret_key"]
    assert "# config.toml [profiles.prod]" in lines["secret_key"]
    assert "# env NCLOUD_API_URL" in lines["api_url"]
    assert "ctrl+r" in lines["keymap.refresh"]
    assert "credentials: complete" in captured.out
    assert "dftui: warning: api_url https://ncloud.apigw.ntruss.com" in captured.err


def test_config_show_profile_option_after_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    write_toml("[profiles.a]\ntheme = 'ta'\n[profiles.b]\ntheme = 'tb'\n")
    assert main(["--profile", "a", "config", "show"]) == 0
    assert "= ta" in capsys.readouterr().out
    assert main(["config", "show", "--profile", "b"]) == 0
    assert "= tb" in capsys.readouterr().out


def test_config_show_unknown_profile_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "show", "--profile", "ghost"]) == 2
    assert capsys.readouterr().err.startswith("dftui: unknown profile 'ghost'")


def test_config_set_writes_private_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "set", "refresh_interval", "2.5", "--profile", "prod"]) == 0
    assert main(["config", "set", "read_only", "true", "--profile", "prod"]) == 0
    assert main(["config", "set", "keymap.refresh", "ctrl+r", "--profile", "prod"]) == 0
    assert main(["config", "set", "default_profile", "prod"]) == 0
    path = default_config_path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert tomllib.loads(path.read_text()) == {
        "default_profile": "prod",
        "profiles": {"prod": {"refresh_interval": 2.5, "read_only": True, "keymap": {"refresh": "ctrl+r"}}},
    }
    assert "set refresh_interval = 2.5 in [profiles.prod]" in capsys.readouterr().out


def test_config_set_goes_to_the_current_profile(monkeypatch: pytest.MonkeyPatch) -> None:
    assert main(["config", "set", "theme", "one"]) == 0
    monkeypatch.setenv("DFTUI_PROFILE", "dev")
    assert main(["config", "set", "theme", "two"]) == 0
    profiles = tomllib.loads(default_config_path().read_text())["profiles"]
    assert profiles == {"default": {"theme": "one"}, "dev": {"theme": "two"}}


def test_config_set_secret_from_stdin_is_never_echoed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(SECRET + "\n"))
    assert main(["config", "set", "secret_key", "-", "--profile", "prod"]) == 0
    captured = capsys.readouterr()
    assert SECRET not in captured.out + captured.err
    assert "set secret_key = ********" in captured.out
    assert tomllib.loads(default_config_path().read_text())["profiles"]["prod"]["secret_key"] == SECRET


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["config", "set", "acess_key", "x"], "did you mean 'access_key'"),
        (["config", "set", "refresh_interval", "0"], "from 1 to 3600"),
        (["config", "set", "bell", "loud"], "bell must be true or false"),
        (["config", "set", "theme"], "theme needs a value"),
    ],
)
def test_config_set_rejects_bad_input(
    argv: list[str], fragment: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    assert fragment in capsys.readouterr().err
    assert not default_config_path().exists()
