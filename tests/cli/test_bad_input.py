"""Bad input gets one line on stderr naming the value and what is allowed, exit 2, never a traceback.

Every case runs the installed ``dftui`` console script in a subprocess, as a person would, with
HOME and the XDG folders pointed at an empty temporary home (tests/conftest.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dftui.cli import main
from dftui.config import default_config_path, ncloud_configure_path

SCRIPT = Path(sys.executable).with_name("dftui")
ALLOWED_URL = (
    "allowed: an http:// or https:// URL with a host name or IP address and an optional port "
    "from 1 to 65535, e.g. https://dataflow.apigw.ntruss.com"
)
ALLOWED_REFRESH = "allowed: a number of seconds from 1 to 3600"
CREDENTIALS = {"NCLOUD_ACCESS_KEY": "AK-bad-input", "NCLOUD_SECRET_KEY": "SK-bad-input-secret"}


def dftui(*argv: str, env: dict[str, str] | None = None, stdin: str = "") -> subprocess.CompletedProcess[str]:
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "dftui"]
    return subprocess.run(
        [*command, *argv],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        input=stdin,
        env={**os.environ, **(env or {})},
    )


def one_error_line(result: subprocess.CompletedProcess[str], code: int = 2) -> str:
    """The single stderr line of a refused command (asserting the exit code and no traceback)."""
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    assert result.returncode == code, (result.returncode, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("dftui: ")
    return lines[0]


# Every command that resolves a profile. The TUI (no command) is refused before it starts.
COMMANDS = [[], ["config", "show"], ["wait", "job1", "exec1"]]
COMMAND_IDS = ["tui", "config-show", "wait"]

BAD_URLS = {
    "http://[::1": "it is not a valid URL (Invalid IPv6 URL)",
    "http://[zz]": "it is not a valid URL ('zz' does not appear to be an IPv4 or IPv6 address)",
    "http://127.0.0.1:99999": "the port '99999' is not a number from 1 to 65535",
    "http://127.0.0.1:0": "the port 0 is not a number from 1 to 65535",
    "http://example.com:http": "the port 'http' is not a number from 1 to 65535",
    "dataflow.apigw.ntruss.com": "it does not start with http:// or https://",
    "http://exa mple.com": "it contains a space or a control character",
    "http://ex\x1bample.com": "it contains a space or a control character",
    "http://user:pw@example.com": "a user name or password in the URL is not supported",
    "http://": "it has no host",
    "http://-bad-.example.com": "'-bad-.example.com' is not a valid host name",
    "http://300.1.1.1": "'300.1.1.1' is not an IPv4 address",
}


ISSUE_URLS = ["http://[::1", "http://[zz]", "http://127.0.0.1:99999"]


@pytest.mark.parametrize("command", COMMANDS, ids=COMMAND_IDS)
@pytest.mark.parametrize("url", ISSUE_URLS)
def test_bad_api_url_in_the_environment(command: list[str], url: str) -> None:
    line = one_error_line(dftui(*command, env={**CREDENTIALS, "NCLOUD_API_URL": url}))
    assert line == f"dftui: api_url (from env NCLOUD_API_URL) {url!r}: {BAD_URLS[url]}; {ALLOWED_URL}"


@pytest.mark.parametrize("url", sorted(set(BAD_URLS) - set(ISSUE_URLS)))
def test_other_bad_api_urls(
    url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same check, through the console script's main() in this process (faster)."""
    monkeypatch.setenv("NCLOUD_API_URL", url)
    assert main(["config", "show"]) == 2
    captured = capsys.readouterr()
    assert (
        captured.err == f"dftui: api_url (from env NCLOUD_API_URL) {url!r}: {BAD_URLS[url]}; {ALLOWED_URL}\n"
    )


@pytest.mark.parametrize("command", COMMANDS, ids=COMMAND_IDS)
@pytest.mark.parametrize("url", ISSUE_URLS)
def test_bad_api_url_flag(command: list[str], url: str) -> None:
    line = one_error_line(dftui("--api-url", url, *command, env=CREDENTIALS))
    assert line == f"dftui: --api-url {url!r}: {BAD_URLS[url]}; {ALLOWED_URL}"


@pytest.mark.parametrize("command", COMMANDS, ids=COMMAND_IDS)
def test_bad_api_url_in_the_profile(command: list[str]) -> None:
    path = default_config_path()
    path.parent.mkdir(parents=True)
    path.write_text('[profiles.default]\napi_url = "http://[::1"\n', encoding="utf-8")
    line = one_error_line(dftui(*command, env=CREDENTIALS))
    assert line.startswith("dftui: api_url (from config.toml [profiles.default]) 'http://[::1': ")


def test_config_set_refuses_a_bad_api_url_and_leaves_the_file_alone() -> None:
    path = default_config_path()
    result = dftui("config", "set", "api_url", "http://[::1")
    line = one_error_line(result)
    assert line == (
        "dftui: api_url (from dftui config set) 'http://[::1': it is not a valid URL (Invalid IPv6 URL); "
        + ALLOWED_URL
    )
    assert not path.exists()
    assert dftui("config", "set", "api_url", "http://127.0.0.1:8484").returncode == 0
    one_error_line(dftui("config", "set", "api_url", "http://127.0.0.1:99999"))
    assert 'api_url = "http://127.0.0.1:8484"' in path.read_text(encoding="utf-8")
    shown = dftui("config", "show")
    assert shown.returncode == 0 and "http://127.0.0.1:8484" in shown.stdout


# ------------------------------------------------------------------------- refresh interval


@pytest.mark.parametrize("value", ["0.001", "3601"])
@pytest.mark.parametrize("command", [[], ["config", "show"]], ids=["tui", "config-show"])
def test_refresh_flag_out_of_range(value: str, command: list[str]) -> None:
    line = one_error_line(dftui("--refresh", value, *command))
    assert line == f"dftui: --refresh {float(value)!r}: {ALLOWED_REFRESH}"


@pytest.mark.parametrize("value", ["0", "0.999", "3600.5", "86400", "-5", "nan", "inf"])
def test_more_refresh_values_out_of_range(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--refresh", value, "config", "show"]) == 2
    assert capsys.readouterr().err == f"dftui: --refresh {float(value)!r}: {ALLOWED_REFRESH}\n"


@pytest.mark.parametrize(
    ("value", "command"), [("0.2", []), ("0", ["config", "show"]), ("7200", ["wait", "job1", "exec1"])]
)
def test_refresh_interval_in_a_profile_out_of_range(value: str, command: list[str]) -> None:
    path = default_config_path()
    path.parent.mkdir(parents=True)
    path.write_text(f"[profiles.default]\nrefresh_interval = {value}\n", encoding="utf-8")
    line = one_error_line(dftui(*command, env=CREDENTIALS))
    assert line == f"dftui: {path}: [profiles.default] refresh_interval: {ALLOWED_REFRESH}"


@pytest.mark.parametrize("value", ["0.5", "0", "3601", "soon"])
def test_config_set_refuses_a_refresh_interval_out_of_range(value: str) -> None:
    line = one_error_line(dftui("config", "set", "refresh_interval", value))
    assert line == f"dftui: refresh_interval (from dftui config set) {value!r}: {ALLOWED_REFRESH}"
    assert not default_config_path().exists()


@pytest.mark.parametrize("value", ["1", "3600", "2.5"])
def test_refresh_bounds_are_accepted(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--refresh", value, "config", "show"]) == 0
    assert f"refresh_interval = {float(value):g}" in " ".join(capsys.readouterr().out.split())


# ----------------------------------------------------------------------------- files


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"\xff\xfe\x00 binary", "is not UTF-8 text (byte 0xff at offset 0); allowed: TOML saved as UTF-8"),
        (b'theme = "caf\xe9"\n', "is not UTF-8 text (byte 0xe9 at offset 12); allowed: TOML saved as UTF-8"),
        (b"\x00\x01\x02\x03", "invalid TOML"),
        (bytes(range(256)), "is not UTF-8 text (byte 0x80 at offset 128)"),
    ],
    ids=["utf16-bom", "latin1", "nul-bytes", "all-bytes"],
)
def test_a_config_file_that_is_not_utf8_toml(tmp_path: Path, content: bytes, fragment: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_bytes(content)
    line = one_error_line(dftui("--config", str(path), "config", "show"))
    assert str(path) in line and fragment in line


@pytest.mark.parametrize(
    "command", [*COMMANDS, ["config", "set", "theme", "x"]], ids=[*COMMAND_IDS, "config-set"]
)
def test_a_binary_config_file_on_every_command(tmp_path: Path, command: list[str]) -> None:
    path = tmp_path / "bad.toml"
    path.write_bytes(b"\xff\xfe\x00 binary")
    line = one_error_line(dftui("--config", str(path), *command, env=CREDENTIALS))
    assert (
        line
        == f"dftui: config file {path} is not UTF-8 text (byte 0xff at offset 0); allowed: TOML saved as UTF-8"
    )
    assert path.read_bytes() == b"\xff\xfe\x00 binary"  # never rewritten


@pytest.mark.parametrize("command", COMMANDS, ids=COMMAND_IDS)
def test_an_ncloud_configure_file_that_is_not_utf8(command: list[str]) -> None:
    path = ncloud_configure_path()
    path.parent.mkdir(parents=True)
    content = b"[DEFAULT]\nncloud_access_key_id = caf\xe9\n"
    path.write_bytes(content)
    line = one_error_line(dftui(*command))
    assert line == (
        f"dftui: ncloud configure file {path} is not UTF-8 text (byte 0xe9 at offset "
        f"{content.index(0xE9)}); "
        "allowed: an INI file saved as UTF-8"
    )


TOO_LONG = "dftui-" + "x" * 300 + ".toml"
LIMITS = "the path is too long (allowed: at most 255 bytes per file or directory name and 4096 bytes in all)"


@pytest.mark.parametrize(
    "command",
    [*COMMANDS, ["config", "path"], ["config", "set", "theme", "x"]],
    ids=[*COMMAND_IDS, "config-path", "config-set"],
)
def test_a_config_path_over_the_file_name_limit(tmp_path: Path, command: list[str]) -> None:
    path = str(tmp_path / TOO_LONG)
    result = dftui("--config", path, *command, env=CREDENTIALS)
    line = one_error_line(result)
    assert line.endswith(LIMITS)
    assert f"({len(path):,} characters)" in line and len(line) < 300  # the path is shown shortened


def test_a_config_path_over_the_limit_from_the_environment(tmp_path: Path) -> None:
    line = one_error_line(dftui("config", "show", env={"DFTUI_CONFIG": str(tmp_path / TOO_LONG)}))
    assert line.endswith(LIMITS)


def test_a_debug_log_path_over_the_limit(tmp_path: Path) -> None:
    line = one_error_line(dftui("--debug", str(tmp_path / TOO_LONG), "config", "show"))
    assert "cannot write the debug log" in line


def test_a_config_path_that_is_a_directory(tmp_path: Path) -> None:
    line = one_error_line(dftui("--config", str(tmp_path), "config", "show"))
    assert line == f"dftui: config file not found: {tmp_path} (from flag)"


# -------------------------------------------------------------------------- other input


def test_emulator_port_out_of_range_is_a_usage_error() -> None:
    result = dftui("emulator", "--port", "99999")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "argument --port: must be from 0 to 65535, got '99999'" in result.stderr


def test_wait_with_an_empty_id() -> None:
    line = one_error_line(dftui("wait", "", "exec1", env=CREDENTIALS))
    assert line == "dftui: JOB_ID is empty; allowed: the id shown by dftui or the console"


def test_an_unknown_profile_with_control_characters_is_shown_escaped() -> None:
    line = one_error_line(dftui("--profile", "evil\x1b[2J\x07", "config", "show"))
    assert "\x1b" not in line and "\x07" not in line
    assert "unknown profile 'evil\\x1b[2J\\x07'" in line


# ----------------------------------------------------------------------- warnings, once


def test_a_config_warning_is_printed_once() -> None:
    result = dftui("config", "show", env={"NCLOUD_API_URL": "https://example.com"})
    assert result.returncode == 0
    warnings = [line for line in result.stderr.splitlines() if "does not look like" in line]
    assert len(warnings) == 1 and warnings[0].startswith("dftui: warning: api_url https://example.com")
    assert result.stderr.count("\n") == 1


def test_wait_prints_a_config_warning_once_then_its_error() -> None:
    path = default_config_path()
    path.parent.mkdir(parents=True)
    path.write_text("[profiles.default]\naccess_key = 'AK-from-file'\n", encoding="utf-8")
    # nothing listens on port 9 of 127.0.0.2: a network error after the client's retries
    env = {**CREDENTIALS, "NCLOUD_API_URL": "http://127.0.0.2:9"}
    result = dftui("--profile", "default", "wait", "job1", "exec1", env=env)
    assert result.returncode == 6 and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 2, result.stderr
    assert lines[0] == (
        "dftui: warning: NCLOUD_ACCESS_KEY overrides the credentials of profile 'default' "
        "(config.toml [profiles.default])"
    )
    assert lines[1].startswith("dftui: Could not reach 127.0.0.2")
