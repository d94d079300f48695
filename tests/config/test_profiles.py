"""Which profile is used, and which INI section / TOML table feeds it."""

from __future__ import annotations

from pathlib import Path

import pytest

from dftui.config import ConfigError, load_config
from tests.config.conftest import WriteFile

TWO_PROFILES = """
default_profile = "prod"
[profiles.prod]
theme = "prod-theme"
[profiles.dev]
theme = "dev-theme"
[profiles.stage]
theme = "stage-theme"
"""


def test_default_profile_from_toml(write_toml: WriteFile) -> None:
    write_toml(TWO_PROFILES)
    cfg = load_config()
    assert (cfg.profile_name, cfg.theme) == ("prod", "prod-theme")
    assert cfg.source_of("profile_name") == "config.toml default_profile"


def test_env_profile_beats_default_profile(write_toml: WriteFile, monkeypatch: pytest.MonkeyPatch) -> None:
    write_toml(TWO_PROFILES)
    monkeypatch.setenv("DFTUI_PROFILE", "dev")
    cfg = load_config()
    assert (cfg.profile_name, cfg.theme) == ("dev", "dev-theme")
    assert cfg.source_of("profile_name") == "env DFTUI_PROFILE"


def test_flag_profile_beats_env(write_toml: WriteFile, monkeypatch: pytest.MonkeyPatch) -> None:
    write_toml(TWO_PROFILES)
    monkeypatch.setenv("DFTUI_PROFILE", "dev")
    cfg = load_config(profile="stage")
    assert (cfg.profile_name, cfg.theme) == ("stage", "stage-theme")
    assert cfg.source_of("profile_name") == "flag"


def test_ini_default_section_without_profile(write_ncloud: WriteFile) -> None:
    write_ncloud(
        """
        [DEFAULT]
        ncloud_access_key_id = AK-DEFAULT
        ncloud_secret_access_key = SK-DEFAULT-secret
        [work]
        ncloud_access_key_id = AK-WORK
        ncloud_secret_access_key = SK-WORK-secret
        """
    )
    cfg = load_config()
    assert cfg.access_key == "AK-DEFAULT"
    assert cfg.source_of("secret_key") == "~/.ncloud/configure [DEFAULT]"


def test_ini_named_section_selected_by_profile(write_ncloud: WriteFile) -> None:
    write_ncloud(
        """
        [DEFAULT]
        ncloud_access_key_id = AK-DEFAULT
        ncloud_secret_access_key = SK-DEFAULT-secret
        [work]
        ncloud_access_key_id = AK-WORK
        ncloud_secret_access_key = SK-WORK-secret
        """
    )
    cfg = load_config(profile="work")
    assert cfg.access_key == "AK-WORK"
    assert cfg.secret_key is not None
    assert cfg.secret_key.get_secret_value() == "SK-WORK-secret"
    assert cfg.source_of("access_key") == "~/.ncloud/configure [work]"


def test_named_ini_section_never_borrows_default_keys(write_ncloud: WriteFile) -> None:
    """Pairing one account's access key with another's secret would be a silent mess."""
    write_ncloud(
        """
        [DEFAULT]
        ncloud_access_key_id = AK-DEFAULT
        ncloud_secret_access_key = SK-DEFAULT-secret
        [half]
        ncloud_access_key_id = AK-HALF
        """
    )
    cfg = load_config(profile="half")
    assert cfg.access_key == "AK-HALF"
    assert cfg.secret_key is None
    assert not cfg.has_credentials
    assert any("secret key is missing" in warning for warning in cfg.warnings)


def test_toml_profile_without_ini_section_ignores_ini_default(
    write_toml: WriteFile, write_ncloud: WriteFile
) -> None:
    write_toml("[profiles.prod]\ntheme = 'x'\n")
    write_ncloud("[DEFAULT]\nncloud_access_key_id = AK\nncloud_secret_access_key = SK-secret\n")
    cfg = load_config(profile="prod")
    assert cfg.access_key is None
    assert not cfg.has_credentials


def test_toml_profile_and_ini_section_of_same_name_combine(
    write_toml: WriteFile, write_ncloud: WriteFile
) -> None:
    write_toml("[profiles.prod]\nread_only = true\n")
    write_ncloud("[prod]\nncloud_access_key_id = AK\nncloud_secret_access_key = SK-secret\n")
    cfg = load_config(profile="prod")
    assert cfg.read_only is True
    assert cfg.has_credentials


def test_ini_without_section_header_counts_as_default(write_ncloud: WriteFile) -> None:
    write_ncloud("ncloud_access_key_id = AK-BARE\nncloud_secret_access_key = SK-BARE-secret\n")
    assert load_config().access_key == "AK-BARE"


def test_profile_named_default_matches_ini_default_case_insensitively(write_ncloud: WriteFile) -> None:
    write_ncloud("[DEFAULT]\nncloud_access_key_id = AK\n")
    assert load_config(profile="default").access_key == "AK"


@pytest.mark.parametrize("how", ["flag", "env", "default_profile"])
def test_unknown_profile_lists_known_ones(
    how: str, write_toml: WriteFile, write_ncloud: WriteFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_toml(
        "[profiles.prod]\n[profiles.dev]\n"
        if how != "default_profile"
        else 'default_profile = "prdo"\n[profiles.prod]\n[profiles.dev]\n'
    )
    write_ncloud("[DEFAULT]\nncloud_access_key_id = AK\n[work]\nncloud_access_key_id = AK2\n")
    profile = None
    if how == "flag":
        profile = "prdo"
    elif how == "env":
        monkeypatch.setenv("DFTUI_PROFILE", "prdo")
    with pytest.raises(ConfigError) as caught:
        load_config(profile=profile)
    message = str(caught.value)
    assert "unknown profile 'prdo'" in message
    for known in ("prod", "dev", "work", "DEFAULT"):
        assert known in message


def test_explicit_default_profile_is_always_known() -> None:
    assert load_config(profile="default").profile_name == "default"


def test_dftui_config_env_selects_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = tmp_path / "other.toml"
    other.write_text("theme = 'from-other'\n")
    monkeypatch.setenv("DFTUI_CONFIG", str(other))
    cfg = load_config()
    assert cfg.theme == "from-other"
    assert cfg.config_file == other
    assert cfg.source_of("config_file") == "env DFTUI_CONFIG"
    assert cfg.source_of("theme") == "other.toml (top level)"


def test_config_file_argument_beats_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.toml").write_text("theme = 'a'\n")
    (tmp_path / "b.toml").write_text("theme = 'b'\n")
    monkeypatch.setenv("DFTUI_CONFIG", str(tmp_path / "a.toml"))
    cfg = load_config(config_file=tmp_path / "b.toml")
    assert cfg.theme == "b"
    assert cfg.source_of("config_file") == "flag"


def test_explicit_missing_config_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"config file not found: .*nope\.toml"):
        load_config(config_file=tmp_path / "nope.toml")


def test_default_config_path_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from dftui.config import default_config_path

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert default_config_path() == tmp_path / "xdg" / "dftui" / "config.toml"


def test_env_credentials_over_a_chosen_profile_are_flagged(
    write_toml: WriteFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_toml("[profiles.prod]\naccess_key = 'AK-PROD'\nsecret_key = 'SK-PROD-secret'\n")
    monkeypatch.setenv("NCLOUD_ACCESS_KEY", "AK-ENV")
    monkeypatch.setenv("NCLOUD_SECRET_KEY", "SK-ENV-secret")
    cfg = load_config(profile="prod")
    assert cfg.access_key == "AK-ENV"
    assert any("NCLOUD_ACCESS_KEY overrides the credentials of profile 'prod'" in w for w in cfg.warnings)
