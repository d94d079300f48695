"""save_profile/set_default_profile: private files, validated content, merged tables."""

from __future__ import annotations

import stat
import tomllib
from pathlib import Path

import pytest
from pydantic import SecretStr

from dftui.config import ConfigError, default_config_path, load_config, save_profile, set_default_profile
from dftui.config.schema import parse_profile_value


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_creates_private_file_and_directory() -> None:
    path = save_profile("prod", {"access_key": "AK", "secret_key": SecretStr("SK-secret")})
    assert path == default_config_path()
    assert _mode(path) == 0o600
    assert _mode(path.parent) == 0o700
    cfg = load_config(profile="prod")
    assert cfg.has_credentials
    assert cfg.source_of("secret_key") == "config.toml [profiles.prod]"
    assert cfg.warnings == []


def test_tightens_mode_of_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text("theme = 'x'\n")
    path.chmod(0o644)
    save_profile("p", {"theme": "y"}, path)
    assert _mode(path) == 0o600
    assert tomllib.loads(path.read_text()) == {"theme": "x", "profiles": {"p": {"theme": "y"}}}


def test_merges_into_existing_profiles(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    save_profile("a", {"theme": "t", "keymap": {"refresh": "r"}}, path)
    save_profile("a", {"refresh_interval": 2.0, "keymap": {"quit": "q"}}, path)
    save_profile("b", {"read_only": True}, path)
    save_profile("a", {"theme": None}, path)
    assert tomllib.loads(path.read_text())["profiles"] == {
        "a": {"keymap": {"refresh": "r", "quit": "q"}, "refresh_interval": 2.0},
        "b": {"read_only": True},
    }


def test_invalid_value_is_rejected_before_writing(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    save_profile("a", {"theme": "t"}, path)
    before = path.read_text()
    with pytest.raises(ConfigError, match="unknown key 'colour'"):
        save_profile("a", {"colour": "red"}, path)
    with pytest.raises(ConfigError, match="refresh_interval"):
        save_profile("a", {"refresh_interval": -1.0}, path)
    assert path.read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == ["c.toml"]


def test_malformed_existing_file_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text("[broken\n")
    with pytest.raises(ConfigError, match="not rewriting"):
        save_profile("a", {"theme": "t"}, path)
    assert path.read_text() == "[broken\n"


def test_set_default_profile(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    save_profile("prod", {"theme": "t"}, path)
    set_default_profile("prod", path)
    assert load_config(config_file=path).profile_name == "prod"
    set_default_profile(None, path)
    assert "default_profile" not in tomllib.loads(path.read_text())


@pytest.mark.parametrize(
    ("key", "text", "expected"),
    [
        ("refresh_interval", "2.5", ("refresh_interval", 2.5)),
        ("read_only", "yes", ("read_only", True)),
        ("bell", "off", ("bell", False)),
        ("theme", "nord", ("theme", "nord")),
        ("keymap.refresh", "ctrl+r", ("keymap", {"refresh": "ctrl+r"})),
    ],
)
def test_parse_profile_value(key: str, text: str, expected: tuple[str, object]) -> None:
    assert parse_profile_value(key, text) == expected


@pytest.mark.parametrize(
    ("key", "text", "fragment"),
    [
        ("refresh_interval", "0", "from 1 to 3600"),
        ("refresh_interval", "0.5", "from 1 to 3600"),
        ("refresh_interval", "3601", "from 1 to 3600"),
        ("api_url", "http://[::1", "Invalid IPv6 URL"),
        ("api_url", "http://example.com:99999", "not a number from 1 to 65535"),
        ("refresh_interval", "soon", "number of seconds"),
        ("read_only", "maybe", "true or false"),
        ("acess_key", "x", "did you mean 'access_key'"),
        ("keymap", "x", "unknown key 'keymap'"),
        ("keymap.", "x", "keymap.<binding-id>"),
    ],
)
def test_parse_profile_value_errors(key: str, text: str, fragment: str) -> None:
    with pytest.raises(ConfigError, match=fragment.replace("(", r"\(").replace(".", r"\.")):
        parse_profile_value(key, text)
