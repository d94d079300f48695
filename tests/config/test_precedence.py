"""Each setting comes from the highest-precedence source: flag > env > config.toml > ncloud INI > default."""

from __future__ import annotations

from typing import Any

import pytest
import tomli_w

from dftui.config import DEFAULT_API_URL, default_config_path, load_config
from tests.config.conftest import WriteFile

LAYERS = ("flag", "env", "toml", "ini", "default")

# key -> (env variable, ncloud INI key, value per layer)
CREDENTIAL_KEYS: dict[str, tuple[str, str, dict[str, str]]] = {
    "access_key": (
        "NCLOUD_ACCESS_KEY",
        "ncloud_access_key_id",
        {"flag": "AK-FLAG", "env": "AK-ENV", "toml": "AK-TOML", "ini": "AK-INI"},
    ),
    "secret_key": (
        "NCLOUD_SECRET_KEY",
        "ncloud_secret_access_key",
        {"flag": "SK-FLAG", "env": "SK-ENV", "toml": "SK-TOML", "ini": "SK-INI"},
    ),
    "api_url": (
        "NCLOUD_API_URL",
        "ncloud_api_url",
        {
            "flag": "https://flag.dataflow.test",
            "env": "https://env.dataflow.test",
            "toml": "https://toml.dataflow.test",
            "ini": "https://ini.dataflow.test",
        },
    ),
}

EXPECTED_SOURCE = {
    "flag": "flag",
    "toml": "config.toml [profiles.default]",
    "ini": "~/.ncloud/configure [DEFAULT]",
    "default": "default",
}


def _plain(value: Any) -> Any:
    return value.get_secret_value() if hasattr(value, "get_secret_value") else value


@pytest.mark.parametrize("top", LAYERS)
@pytest.mark.parametrize("key", sorted(CREDENTIAL_KEYS))
def test_credential_and_endpoint_precedence(
    key: str, top: str, monkeypatch: pytest.MonkeyPatch, write_toml: WriteFile, write_ncloud: WriteFile
) -> None:
    env_var, ini_key, values = CREDENTIAL_KEYS[key]
    present = LAYERS[LAYERS.index(top) :]
    overrides = {key: values["flag"]} if "flag" in present else {}
    if "env" in present:
        monkeypatch.setenv(env_var, values["env"])
    if "toml" in present:
        write_toml(tomli_w.dumps({"profiles": {"default": {key: values["toml"]}}}))
    if "ini" in present:
        write_ncloud(f"[DEFAULT]\n{ini_key} = {values['ini']}\n")

    cfg = load_config(overrides=overrides)

    expected_value = {"access_key": None, "secret_key": None, "api_url": DEFAULT_API_URL}[key]
    if top != "default":
        expected_value = values[top]
    assert _plain(getattr(cfg, key)) == expected_value
    assert cfg.source_of(key) == EXPECTED_SOURCE.get(top, f"env {env_var}")


# key -> values for (flag, profile table, top-level table) and the default
SHARED_KEYS: dict[str, tuple[Any, Any, Any, Any]] = {
    "refresh_interval": (1.5, 2.5, 3.5, 5.0),
    "read_only": (True, False, True, False),
    "bell": (False, True, False, False),
    "theme": ("flag-theme", "profile-theme", "global-theme", None),
    "time_zone": ("UTC", "Asia/Seoul", "Europe/Paris", None),
    "keymap": ({"refresh": "f5"}, {"refresh": "ctrl+r"}, {"refresh": "r"}, {}),
}


@pytest.mark.parametrize("top", ["flag", "profile", "top-level", "default"])
@pytest.mark.parametrize("key", sorted(SHARED_KEYS))
def test_non_secret_precedence(key: str, top: str, write_toml: WriteFile) -> None:
    flag_value, profile_value, global_value, default_value = SHARED_KEYS[key]
    levels = ["flag", "profile", "top-level", "default"]
    present = levels[levels.index(top) :]
    document: dict[str, Any] = {"default_profile": "prod", "profiles": {"prod": {}}}
    if "top-level" in present:
        document[key] = global_value
    if "profile" in present:
        document["profiles"]["prod"][key] = profile_value
    write_toml(tomli_w.dumps(document))

    cfg = load_config(overrides={key: flag_value} if top == "flag" else None)

    expected = {
        "flag": flag_value,
        "profile": profile_value,
        "top-level": global_value,
        "default": default_value,
    }
    assert getattr(cfg, key) == expected[top]
    assert (
        cfg.source_of(key)
        == {
            "flag": "flag",
            "profile": "config.toml [profiles.prod]",
            "top-level": "config.toml (top level)",
            "default": "default",
        }[top]
    )


def test_defaults_without_any_source() -> None:
    cfg = load_config()
    assert cfg.profile_name == "default"
    assert cfg.api_url == "https://dataflow.apigw.ntruss.com"
    assert cfg.refresh_interval == 5.0
    assert cfg.read_only is False
    assert cfg.has_credentials is False
    assert cfg.keymap == {}
    assert cfg.warnings == []
    assert cfg.config_file == default_config_path()
    assert cfg.source_of("config_file") == "default"


def test_none_override_means_flag_not_given(write_toml: WriteFile) -> None:
    write_toml("read_only = true\n")
    cfg = load_config(overrides={"read_only": None, "refresh_interval": None, "api_url": None})
    assert cfg.read_only is True
    assert cfg.source_of("read_only") == "config.toml (top level)"


def test_flag_can_switch_read_only_off(write_toml: WriteFile) -> None:
    write_toml("[profiles.default]\nread_only = true\n")
    cfg = load_config(overrides={"read_only": False})
    assert cfg.read_only is False
    assert cfg.source_of("read_only") == "flag"


def test_keymap_merges_global_and_profile_bindings(write_toml: WriteFile) -> None:
    write_toml(
        """
        [keymap]
        refresh = "r"
        quit = "q"
        [profiles.default.keymap]
        refresh = "ctrl+r"
        """
    )
    assert load_config().keymap == {"refresh": "ctrl+r", "quit": "q"}


@pytest.mark.parametrize(
    ("access_var", "secret_var"),
    [
        ("NCLOUD_ACCESS_KEY", "NCLOUD_SECRET_KEY"),
        ("NCLOUD_ACCESS_KEY_ID", "NCLOUD_SECRET_ACCESS_KEY"),
        ("NCLOUD_ACCESS_KEY", "NCLOUD_SECRET_ACCESS_KEY"),
    ],
)
def test_both_env_spellings(access_var: str, secret_var: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(access_var, "AKENV")
    monkeypatch.setenv(secret_var, "SKENV-secret")
    cfg = load_config()
    assert cfg.access_key == "AKENV"
    assert cfg.secret_key is not None
    assert cfg.secret_key.get_secret_value() == "SKENV-secret"
    assert cfg.has_credentials
    assert cfg.source_of("access_key") == f"env {access_var}"
    assert cfg.source_of("secret_key") == f"env {secret_var}"


def test_short_spelling_wins_when_both_set_and_warns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NCLOUD_ACCESS_KEY", "SHORT")
    monkeypatch.setenv("NCLOUD_ACCESS_KEY_ID", "LONG")
    cfg = load_config()
    assert cfg.access_key == "SHORT"
    assert any("NCLOUD_ACCESS_KEY and NCLOUD_ACCESS_KEY_ID" in warning for warning in cfg.warnings)


def test_empty_env_variable_counts_as_unset(monkeypatch: pytest.MonkeyPatch, write_ncloud: WriteFile) -> None:
    write_ncloud("[DEFAULT]\nncloud_access_key_id = AKINI\nncloud_secret_access_key = SKINI-secret\n")
    monkeypatch.setenv("NCLOUD_ACCESS_KEY", "")
    cfg = load_config()
    assert cfg.access_key == "AKINI"
    assert cfg.source_of("access_key") == "~/.ncloud/configure [DEFAULT]"
