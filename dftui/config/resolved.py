"""The merged, validated configuration the rest of dftui consumes."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr

from dftui.config.paths import default_config_path
from dftui.config.schema import DEFAULT_API_URL, DEFAULT_REFRESH_INTERVAL, RefreshInterval

# Fields whose origin ``source_of`` can name (everything a person can set).
TRACKED_FIELDS: tuple[str, ...] = (
    "profile_name",
    "config_file",
    "access_key",
    "secret_key",
    "api_url",
    "refresh_interval",
    "read_only",
    "theme",
    "time_zone",
    "keymap",
    "bell",
)


class ResolvedConfig(BaseModel):
    """One profile's settings after merging flags, environment, config.toml and ~/.ncloud/configure.

    ``secret_key`` is a ``SecretStr`` so ``repr``/``str``/logging of this object never reveal it;
    call ``secret_key.get_secret_value()`` only where the signature is computed.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    profile_name: str = "default"
    access_key: str | None = None
    secret_key: SecretStr | None = None
    api_url: str = DEFAULT_API_URL
    refresh_interval: RefreshInterval = DEFAULT_REFRESH_INTERVAL
    read_only: bool = False
    theme: str | None = None
    time_zone: str | None = None
    keymap: dict[str, str] = Field(default_factory=dict)
    bell: bool = False
    config_file: Path = Field(default_factory=default_config_path)
    warnings: list[str] = Field(default_factory=list)
    sources: dict[str, str] = Field(default_factory=dict, repr=False)

    @property
    def has_credentials(self) -> bool:
        """True when both halves of the key pair are present (one alone cannot sign)."""
        return (
            bool(self.access_key) and self.secret_key is not None and bool(self.secret_key.get_secret_value())
        )

    def source_of(self, field: str) -> str:
        """Where ``field`` got its value: ``"flag"``, ``"env NCLOUD_ACCESS_KEY"``, ``"default"`` …"""
        if field not in TRACKED_FIELDS:
            raise ValueError(f"unknown configuration field {field!r}; known: {', '.join(TRACKED_FIELDS)}")
        return self.sources.get(field, "default")

    def with_overrides(self, values: Mapping[str, Any], *, source: str) -> ResolvedConfig:
        """A copy with ``values`` replaced and attributed to ``source`` (e.g. the demo emulator)."""
        unknown = set(values) - set(TRACKED_FIELDS)
        if unknown:
            raise ValueError(f"cannot override {', '.join(sorted(unknown))}")
        update = dict(values)
        if isinstance(update.get("secret_key"), str):
            update["secret_key"] = SecretStr(update["secret_key"])
        sources = {**self.sources, **dict.fromkeys(values, source)}
        return self.model_validate({**self.model_dump(), **update, "sources": sources})
