"""Shape of dftui's ``config.toml`` and turning pydantic's complaints into sentences.

The models use ``extra="forbid"`` so that a typo such as ``acess_key`` is reported instead of
silently ignored, which would otherwise leave a user wondering why a setting has no effect.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, StrictBool, ValidationError

from dftui.config.errors import ConfigError
from dftui.config.values import (
    MAX_REFRESH_INTERVAL,
    MIN_REFRESH_INTERVAL,
    REFRESH_ALLOWED,
    check_api_url,
    check_refresh_interval,
)

DEFAULT_API_URL = "https://dataflow.apigw.ntruss.com"
DEFAULT_REFRESH_INTERVAL = 5.0

RefreshInterval = Annotated[float, Field(gt=0, allow_inf_nan=False)]
"""Any positive interval: what code may build a ResolvedConfig with (tests use short ones)."""
ConfiguredRefreshInterval = Annotated[
    float, Field(ge=MIN_REFRESH_INTERVAL, le=MAX_REFRESH_INTERVAL, allow_inf_nan=False)
]
"""What a person may write in a file: one second to one hour."""


class SharedSettings(BaseModel):
    """Non-secret settings allowed both at the top level (defaults) and inside a profile."""

    model_config = ConfigDict(extra="forbid")

    api_url: str | None = None
    refresh_interval: ConfiguredRefreshInterval | None = None
    read_only: StrictBool | None = None
    theme: str | None = None
    time_zone: str | None = None
    bell: StrictBool | None = None
    keymap: dict[str, str] | None = None


class ProfileTable(SharedSettings):
    """One ``[profiles.NAME]`` table; the only place credentials may live in the TOML file."""

    access_key: str | None = None
    secret_key: SecretStr | None = None


class ConfigDocument(SharedSettings):
    """The whole ``config.toml``."""

    default_profile: str | None = None
    profiles: dict[str, ProfileTable] = Field(default_factory=dict)


SHARED_KEYS: tuple[str, ...] = tuple(SharedSettings.model_fields)
PROFILE_KEYS: tuple[str, ...] = ("access_key", "secret_key", *SHARED_KEYS)
TOP_LEVEL_KEYS: tuple[str, ...] = ("default_profile", "profiles", *SHARED_KEYS)
SECRET_KEYS = frozenset({"secret_key"})
BOOLEAN_KEYS = frozenset({"read_only", "bell"})

_TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
_FALSE_WORDS = frozenset({"0", "false", "no", "off"})


def parse_bool(text: str, *, key: str) -> bool:
    """Read a yes/no word typed on the command line."""
    word = text.strip().lower()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    raise ConfigError(f"{key} must be true or false, got {text!r}")


def parse_profile_value(key: str, text: str) -> tuple[str, Any]:
    """Turn ``dftui config set KEY VALUE`` text into the TOML key and a typed value.

    ``keymap.<binding>`` sets one key binding; everything else must be a profile key.
    """
    if key.startswith("keymap."):
        binding = key.removeprefix("keymap.")
        if not binding:
            raise ConfigError("keymap entries are written keymap.<binding-id>, e.g. keymap.refresh")
        return "keymap", {binding: text}
    if key not in PROFILE_KEYS or key == "keymap":
        raise ConfigError(unknown_key_message(key, "profile", [*PROFILE_KEYS[:-1], "keymap.<binding-id>"]))
    if key in BOOLEAN_KEYS:
        return key, parse_bool(text, key=key)
    if key == "refresh_interval":
        return key, check_refresh_interval(text.strip(), "dftui config set")
    if key == "api_url":
        return key, check_api_url(text, "dftui config set").rstrip("/")
    return key, text


def unknown_key_message(key: str, where: str, allowed: Sequence[str]) -> str:
    """Sentence naming the bad key, where it was found, a likely fix and the allowed keys."""
    message = f"unknown key {key!r} in {where}"
    close = difflib.get_close_matches(key, list(allowed), n=1)
    if close:
        message += f" (did you mean {close[0]!r}?)"
    return message + "; allowed: " + ", ".join(allowed)


def _table_name(location: Sequence[str | int]) -> str:
    return "the top level" if not location else "[" + ".".join(str(part) for part in location) + "]"


def _allowed_keys_at(location: Sequence[str | int]) -> Sequence[str] | None:
    if not location:
        return TOP_LEVEL_KEYS
    if len(location) == 2 and location[0] == "profiles":
        return PROFILE_KEYS
    return None


def explain_document_error(exc: ValidationError, file_label: str) -> ConfigError:
    """Describe the first few problems of a ``config.toml`` without ever echoing a value.

    Values are left out on purpose: the offending value may be a secret key.
    """
    sentences: list[str] = []
    for error in exc.errors(include_input=False, include_url=False)[:3]:
        location = error["loc"]
        parent, key = location[:-1], str(location[-1]) if location else ""
        if error["type"] == "extra_forbidden":
            allowed = _allowed_keys_at(parent) or ()
            sentence = unknown_key_message(key, _table_name(parent), allowed)
            if not parent and key in ("access_key", "secret_key"):
                sentence += "; credentials belong in a [profiles.<name>] table"
            sentences.append(sentence)
        elif error["type"] in ("model_type", "dict_type"):
            sentences.append(f"{_table_name(location)} must be a table")
        elif key == "refresh_interval":
            sentences.append(f"{_table_name(parent)} refresh_interval: {REFRESH_ALLOWED}")
        else:
            sentences.append(f"{_table_name(parent)} {key}: {error['msg']}")
    return ConfigError(f"{file_label}: " + "; ".join(sentences))
