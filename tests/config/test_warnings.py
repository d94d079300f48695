"""Problems that do not stop dftui but that a person should hear about (cfg.warnings)."""

from __future__ import annotations

import logging

import pytest

from dftui.config import default_config_path, load_config, ncloud_configure_path
from tests.config.conftest import WriteFile


def test_generic_gateway_from_env_is_kept_with_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NCLOUD_API_URL", "https://ncloud.apigw.ntruss.com")
    cfg = load_config()
    assert cfg.api_url == "https://ncloud.apigw.ntruss.com"
    assert cfg.source_of("api_url") == "env NCLOUD_API_URL"
    assert any(
        "does not look like the Data Flow endpoint" in w and "env NCLOUD_API_URL" in w for w in cfg.warnings
    )


def test_warning_is_logged_below_warning_level(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """For the --debug log only: the caller shows cfg.warnings, and a WARNING record would reach
    stderr a second time through logging's last-resort handler."""
    monkeypatch.setenv("NCLOUD_API_URL", "https://ncloud.apigw.ntruss.com")
    with caplog.at_level(logging.DEBUG, logger="dftui.config"):
        load_config()
    records = [r for r in caplog.records if "does not look like the Data Flow endpoint" in r.getMessage()]
    assert [r.levelno for r in records] == [logging.INFO]


def test_generic_gateway_in_ncloud_file_is_ignored(write_ncloud: WriteFile) -> None:
    """The ncloud CLI writes its generic gateway there; dftui must not send Data Flow calls to it."""
    write_ncloud("[DEFAULT]\nncloud_api_url = https://ncloud.apigw.ntruss.com\n")
    cfg = load_config()
    assert cfg.api_url == "https://dataflow.apigw.ntruss.com"
    assert any(
        "ncloud_api_url https://ncloud.apigw.ntruss.com is not a Data Flow endpoint" in w
        for w in cfg.warnings
    )


@pytest.mark.parametrize(
    "url", ["https://dataflow.apigw.ntruss.com", "http://127.0.0.1:8484", "http://localhost:9000"]
)
def test_data_flow_and_loopback_urls_do_not_warn(url: str) -> None:
    assert load_config(overrides={"api_url": url}).warnings == []


def test_trailing_slash_and_api_prefix_are_trimmed() -> None:
    cfg = load_config(overrides={"api_url": "https://dataflow.apigw.ntruss.com/api/v1/"})
    assert cfg.api_url == "https://dataflow.apigw.ntruss.com"
    assert any("/api/v1" in w for w in cfg.warnings)


def test_world_readable_toml_with_secret_warns_with_fix(write_toml: WriteFile) -> None:
    path = write_toml("[profiles.default]\naccess_key = 'AK'\nsecret_key = 'SK-secret'\n")
    path.chmod(0o644)
    cfg = load_config()
    assert any(str(path) in w and f"chmod 600 {path}" in w for w in cfg.warnings)


def test_group_readable_ncloud_file_warns(write_ncloud: WriteFile) -> None:
    path = write_ncloud("[DEFAULT]\nncloud_access_key_id = AK\nncloud_secret_access_key = SK-secret\n")
    path.chmod(0o640)
    assert any(f"chmod 600 {ncloud_configure_path()}" in w for w in load_config().warnings)


def test_private_files_do_not_warn(write_toml: WriteFile, write_ncloud: WriteFile) -> None:
    write_toml("[profiles.default]\naccess_key = 'AK'\nsecret_key = 'SK-secret'\n")
    write_ncloud("[DEFAULT]\nncloud_access_key_id = AK\nncloud_secret_access_key = SK-secret\n")
    assert load_config().warnings == []


def test_readable_file_without_secret_does_not_warn(write_toml: WriteFile) -> None:
    write_toml("theme = 'x'\n").chmod(0o644)
    assert load_config().warnings == []
    assert default_config_path().exists()


def test_access_key_without_secret_warns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NCLOUD_ACCESS_KEY", "AK")
    cfg = load_config()
    assert not cfg.has_credentials
    assert any("secret key is missing" in w for w in cfg.warnings)
