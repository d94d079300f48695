"""Readers for the places settings come from: environment, config.toml and ~/.ncloud/configure.

Each reader returns plain data plus a label naming its origin, so the loader can both merge by
precedence and answer "where did this value come from?".
"""

from __future__ import annotations

import configparser
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from dftui.config.errors import ConfigError
from dftui.config.paths import display_path, path_error, shown_path
from dftui.config.schema import ConfigDocument, explain_document_error

ACCESS_KEY_VARS = ("NCLOUD_ACCESS_KEY", "NCLOUD_ACCESS_KEY_ID")
SECRET_KEY_VARS = ("NCLOUD_SECRET_KEY", "NCLOUD_SECRET_ACCESS_KEY")
API_URL_VAR = "NCLOUD_API_URL"
PROFILE_VAR = "DFTUI_PROFILE"
CONFIG_VAR = "DFTUI_CONFIG"


class EnvironmentSettings(BaseSettings):
    """Variables dftui reads; the first spelling listed wins when both are set.

    Empty variables count as unset, so ``NCLOUD_SECRET_KEY=`` does not mask the config file.
    """

    model_config = SettingsConfigDict(case_sensitive=True, extra="ignore", env_ignore_empty=True)

    access_key: str | None = Field(None, validation_alias=AliasChoices(*ACCESS_KEY_VARS))
    secret_key: SecretStr | None = Field(None, validation_alias=AliasChoices(*SECRET_KEY_VARS))
    api_url: str | None = Field(None, validation_alias=API_URL_VAR)
    profile: str | None = Field(None, validation_alias=PROFILE_VAR)
    config_file: Path | None = Field(None, validation_alias=CONFIG_VAR)


def first_set_variable(names: tuple[str, ...]) -> str | None:
    """The variable that supplied a value, matching the ``AliasChoices`` order above."""
    return next((name for name in names if os.environ.get(name)), None)


def conflicting_spellings(names: tuple[str, ...]) -> bool:
    """True when both spellings are set to different values (a likely stale export)."""
    values = {os.environ[name] for name in names if os.environ.get(name)}
    return len(values) > 1


def read_config_document(path: Path) -> ConfigDocument:
    """Parse and validate dftui's TOML file; a missing file is an empty document."""
    text = read_utf8(path, "config file", "TOML")
    if text is None:
        return ConfigDocument()
    return parse_config_document(text, path)


def read_utf8(path: Path, what: str, kind: str) -> str | None:
    """The text of ``path``, ``None`` when it does not exist; unreadable or non-UTF-8 is a ConfigError."""
    try:
        data = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except IsADirectoryError:
        raise ConfigError(f"{what} {shown_path(path)} is a directory, not a file") from None
    except OSError as exc:
        raise path_error(path, f"cannot read {what}", exc) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{what} {shown_path(path)} is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset "
            f"{exc.start}); allowed: {kind} saved as UTF-8"
        ) from None


def parse_config_document(text: str, path: Path) -> ConfigDocument:
    """Validate TOML ``text`` read from ``path`` (named in every error)."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{shown_path(path)}: invalid TOML: {exc}") from None
    try:
        return ConfigDocument.model_validate(raw)
    except ValidationError as exc:
        raise explain_document_error(exc, str(path)) from None


@dataclass(frozen=True)
class NcloudProfiles:
    """Sections of ``~/.ncloud/configure``; ``DEFAULT`` is an ordinary section here."""

    path: Path
    sections: dict[str, dict[str, str]] = field(default_factory=dict)

    def find(self, profile: str) -> str | None:
        """Section name for ``profile``: exact match first, then ignoring case (``default``)."""
        if profile in self.sections:
            return profile
        return next((name for name in self.sections if name.lower() == profile.lower()), None)

    def label(self, section: str) -> str:
        return f"{display_path(self.path)} [{section}]"


# A section name no real file uses: keeps configparser from copying [DEFAULT] values into every
# named section, which would pair one account's access key with another account's secret.
_NO_INHERITANCE = "\x00dftui-no-default-section"


def read_ncloud_configure(path: Path) -> NcloudProfiles:
    """Parse the NAVER Cloud CLI's INI file; a file without any header counts as ``[DEFAULT]``."""
    text = read_utf8(path, "ncloud configure file", "an INI file")
    if text is None:
        return NcloudProfiles(path)
    parser = configparser.ConfigParser(default_section=_NO_INHERITANCE, interpolation=None)
    try:
        try:
            parser.read_string(text, source=str(path))
        except configparser.MissingSectionHeaderError:
            parser = configparser.ConfigParser(default_section=_NO_INHERITANCE, interpolation=None)
            parser.read_string("[DEFAULT]\n" + text, source=str(path))
    except configparser.ParsingError as exc:
        # The exception text quotes the bad lines, which may be a pasted secret: give numbers only.
        lines = ", ".join(str(number) for number, _ in exc.errors)
        raise ConfigError(f"{path}: cannot parse ncloud configure file (line {lines})") from None
    except configparser.Error as exc:
        raise ConfigError(f"{path}: cannot parse ncloud configure file: {exc.message}") from None
    sections = {
        name: {key: value.strip() for key, value in parser[name].items()} for name in parser.sections()
    }
    return NcloudProfiles(path, sections)
