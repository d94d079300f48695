"""Mistakes in configuration become ConfigError sentences naming the key, the file and the fix."""

from __future__ import annotations

import pytest

from dftui.config import ConfigError, default_config_path, load_config
from tests.config.conftest import WriteFile


def _error(**kwargs: object) -> str:
    with pytest.raises(ConfigError) as caught:
        load_config(**kwargs)  # type: ignore[arg-type]
    return str(caught.value)


def test_typo_in_profile_key_names_key_file_table_and_allowed_keys(write_toml: WriteFile) -> None:
    write_toml("[profiles.prod]\nacess_key = 'AK'\n")
    message = _error(profile="prod")
    assert str(default_config_path()) in message
    assert "unknown key 'acess_key' in [profiles.prod]" in message
    assert "did you mean 'access_key'?" in message
    assert "allowed: access_key, secret_key, api_url, refresh_interval" in message


def test_typo_in_top_level_key(write_toml: WriteFile) -> None:
    write_toml("refresh_intervall = 3\n")
    message = _error()
    assert "unknown key 'refresh_intervall' in the top level" in message
    assert "default_profile" in message
    assert str(default_config_path()) in message


def test_secret_at_top_level_points_to_profiles(write_toml: WriteFile) -> None:
    write_toml("secret_key = 'TOPLEVEL-SECRET-VALUE'\n")
    message = _error()
    assert "credentials belong in a [profiles.<name>] table" in message
    assert "TOPLEVEL-SECRET-VALUE" not in message


def test_typo_error_never_echoes_the_value(write_toml: WriteFile) -> None:
    write_toml("[profiles.prod]\nsecret_kye = 'VERY-SECRET-VALUE-123'\n")
    message = _error(profile="prod")
    assert "secret_kye" in message
    assert "VERY-SECRET-VALUE-123" not in message


def test_wrong_type_names_table_and_key(write_toml: WriteFile) -> None:
    write_toml("[profiles.prod]\nrefresh_interval = 'fast'\n")
    message = _error(profile="prod")
    assert "[profiles.prod] refresh_interval" in message
    assert "fast" not in message


def test_read_only_must_be_a_real_boolean(write_toml: WriteFile) -> None:
    write_toml("read_only = 'yes'\n")
    assert "read_only" in _error()


def test_profiles_entry_must_be_a_table(write_toml: WriteFile) -> None:
    write_toml("[profiles]\nprod = 3\n")
    assert "[profiles.prod] must be a table" in _error()


def test_malformed_toml_names_file_and_line(write_toml: WriteFile) -> None:
    write_toml('default_profile = "prod"\n[profiles.prod\ntheme = "x"\n')
    message = _error()
    assert str(default_config_path()) in message
    assert "invalid TOML" in message
    assert "line 2" in message


def test_malformed_ncloud_file_names_line_without_quoting_it(write_ncloud: WriteFile) -> None:
    path = write_ncloud("[DEFAULT]\nncloud_access_key_id = AK\nPASTED-SECRET-WITHOUT-KEY\n")
    message = _error()
    assert str(path) in message
    assert "line 3" in message
    assert "PASTED-SECRET" not in message


@pytest.mark.parametrize("value", [0, -1, 0.001, 0.999, 3600.5, 86400, float("nan"), float("inf")])
def test_refresh_interval_from_flag_must_be_one_second_to_one_hour(value: float) -> None:
    message = _error(overrides={"refresh_interval": value})
    assert message == f"--refresh {value!r}: allowed: a number of seconds from 1 to 3600"


@pytest.mark.parametrize("value", [1, 1.0, 5, 3600])
def test_refresh_interval_bounds_are_allowed(value: float) -> None:
    assert load_config(overrides={"refresh_interval": value}).refresh_interval == value


@pytest.mark.parametrize("value", ["0", "0.5", "3601", "-1"])
def test_refresh_interval_out_of_range_in_file_names_file(write_toml: WriteFile, value: str) -> None:
    write_toml(f"[profiles.default]\nrefresh_interval = {value}\n")
    message = _error()
    assert message == (
        f"{default_config_path()}: [profiles.default] refresh_interval: "
        "allowed: a number of seconds from 1 to 3600"
    )


def test_api_url_must_be_http(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NCLOUD_API_URL", "dataflow.apigw.ntruss.com")
    message = _error()
    assert "api_url" in message
    assert "env NCLOUD_API_URL" in message
    assert "http:// or https://" in message


def test_unknown_time_zone(write_toml: WriteFile) -> None:
    write_toml("time_zone = 'Mars/Olympus'\n")
    assert "time_zone 'Mars/Olympus' (from config.toml (top level))" in _error()


def test_unknown_override_key() -> None:
    assert "unknown setting(s) colour" in _error(overrides={"colour": "red"})
