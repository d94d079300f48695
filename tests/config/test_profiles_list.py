"""``list_profiles``: every profile name from both files, once each."""

from __future__ import annotations

from pathlib import Path

import pytest

from dftui.config import ConfigError, list_profiles, load_config
from tests.config.conftest import WriteFile


def test_no_files_means_no_profiles() -> None:
    assert list_profiles() == []


def test_toml_tables_then_ini_sections(write_toml: WriteFile, write_ncloud: WriteFile) -> None:
    write_toml(
        """
        [profiles.prod]
        api_url = "https://dataflow.apigw.ntruss.com"
        [profiles.dev]
        theme = "nord"
        """
    )
    write_ncloud(
        """
        [DEFAULT]
        ncloud_access_key_id = AK
        ncloud_secret_access_key = SK
        [batch]
        ncloud_access_key_id = AK2
        ncloud_secret_access_key = SK2
        """
    )
    assert list_profiles() == ["prod", "dev", "default", "batch"]


def test_same_name_in_both_files_is_listed_once_with_the_toml_spelling(
    write_toml: WriteFile, write_ncloud: WriteFile
) -> None:
    write_toml("[profiles.work]\ntheme = 'nord'\n[profiles.default]\ntheme = 'x'\n")
    write_ncloud("[Work]\nncloud_access_key_id = AK\n[DEFAULT]\nncloud_access_key_id = AK\n")
    assert list_profiles() == ["work", "default"]


def test_every_listed_name_loads(write_toml: WriteFile, write_ncloud: WriteFile) -> None:
    write_toml("[profiles.prod]\naccess_key = 'AK-P'\nsecret_key = 'SK-P'\n")
    write_ncloud("[DEFAULT]\nncloud_access_key_id = AK-D\nncloud_secret_access_key = SK-D\n[batch]\nx = 1\n")
    loaded = {name: load_config(profile=name) for name in list_profiles()}
    assert loaded["prod"].access_key == "AK-P"
    assert loaded["default"].access_key == "AK-D"
    assert not loaded["batch"].has_credentials


def test_explicit_files(tmp_path: Path) -> None:
    config = tmp_path / "other.toml"
    config.write_text("[profiles.a]\n[profiles.b]\n", encoding="utf-8")
    ncloud = tmp_path / "configure"
    ncloud.write_text("[c]\nncloud_access_key_id = AK\n", encoding="utf-8")
    assert list_profiles(config_file=config, ncloud_file=ncloud) == ["a", "b", "c"]


def test_missing_explicit_config_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        list_profiles(config_file=tmp_path / "nope.toml")


def test_broken_toml_is_an_error(write_toml: WriteFile) -> None:
    write_toml("[profiles.a\n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        list_profiles()
