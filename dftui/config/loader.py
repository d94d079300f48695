"""``load_config``: merge every source by precedence and validate the result.

Precedence, highest first: command-line flags (``overrides``), environment variables, dftui's
``config.toml`` (the profile's table, then top-level defaults), ``~/.ncloud/configure``, defaults.
"""

from __future__ import annotations

import logging
import os
import stat
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import SecretStr, ValidationError

from dftui.config.errors import ConfigError
from dftui.config.paths import (
    default_config_path,
    display_path,
    expand_user,
    is_file,
    ncloud_configure_path,
    shown_path,
)
from dftui.config.resolved import ResolvedConfig
from dftui.config.schema import DEFAULT_API_URL, PROFILE_KEYS, ConfigDocument, ProfileTable
from dftui.config.sources import (
    ACCESS_KEY_VARS,
    API_URL_VAR,
    CONFIG_VAR,
    PROFILE_VAR,
    SECRET_KEY_VARS,
    EnvironmentSettings,
    NcloudProfiles,
    conflicting_spellings,
    first_set_variable,
    read_config_document,
    read_ncloud_configure,
)
from dftui.config.values import api_url_problem, check_api_url, check_refresh_interval, setting_name

logger = logging.getLogger(__name__)

DEFAULT_PROFILE = "default"
FLAG = "flag"
OVERRIDABLE_FIELDS = frozenset(PROFILE_KEYS)
_NCLOUD_KEYS = {
    "access_key": "ncloud_access_key_id",
    "secret_key": "ncloud_secret_access_key",
    "api_url": "ncloud_api_url",
}
_LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


@dataclass(frozen=True)
class _Candidate:
    """One source's value for one field."""

    value: Any
    source: str


def resolve_config_path(config_file: str | os.PathLike[str] | None = None) -> tuple[Path, str, bool]:
    """Which ``config.toml`` is in use: ``(path, source, explicitly_chosen)``."""
    if config_file is not None:
        return expand_user(Path(config_file)), FLAG, True
    from_env = EnvironmentSettings().config_file
    if from_env is not None:
        return expand_user(from_env), f"env {CONFIG_VAR}", True
    return default_config_path(), "default", False


def load_config(
    profile: str | None = None,
    config_file: str | os.PathLike[str] | None = None,
    overrides: Mapping[str, Any] | None = None,
    *,
    ncloud_file: str | os.PathLike[str] | None = None,
) -> ResolvedConfig:
    """Resolve one profile's settings; raise ``ConfigError`` with a fixable message on problems.

    ``overrides`` holds command-line values (``None`` means "flag not given"); ``ncloud_file``
    replaces ``~/.ncloud/configure`` (tests, unusual setups).
    """
    flags = {key: value for key, value in (overrides or {}).items() if value is not None}
    unknown = set(flags) - OVERRIDABLE_FIELDS
    if unknown:
        raise ConfigError(
            f"unknown setting(s) {', '.join(sorted(unknown))}; allowed: {', '.join(PROFILE_KEYS)}"
        )

    env = EnvironmentSettings()
    config_path, config_source, config_explicit = resolve_config_path(config_file)
    if config_explicit and not is_file(config_path, "config file"):
        raise ConfigError(f"config file not found: {shown_path(config_path)} (from {config_source})")
    document = read_config_document(config_path)
    ncloud = read_ncloud_configure(Path(ncloud_file) if ncloud_file is not None else ncloud_configure_path())

    profile_name, profile_source, profile_explicit = _choose_profile(profile, env, document, config_path)
    if profile_explicit:
        _require_known_profile(profile_name, document, ncloud, config_path)

    warnings: list[str] = []
    candidates = _collect(flags, env, document, config_path, ncloud, profile_name, warnings)
    values: dict[str, Any] = {"profile_name": profile_name, "config_file": config_path}
    sources: dict[str, str] = {"profile_name": profile_source, "config_file": config_source}
    for field_name, options in candidates.items():
        if options:
            values[field_name] = options[0].value
            sources[field_name] = options[0].source
    if candidates.get("keymap"):
        values["keymap"] = _merge_keymaps(candidates["keymap"])

    values["api_url"] = _normalise_api_url(
        values.get("api_url", DEFAULT_API_URL), sources.get("api_url"), warnings
    )
    if "refresh_interval" in sources:  # a person chose it: one second to one hour
        values["refresh_interval"] = check_refresh_interval(
            values["refresh_interval"], sources["refresh_interval"]
        )
    _check_time_zone(values.get("time_zone"), sources.get("time_zone"))
    warnings.extend(_credential_warnings(candidates, profile_name, profile_explicit))
    warnings.extend(_permission_warnings(config_path, document, ncloud))

    try:
        resolved = ResolvedConfig(**values, warnings=warnings, sources=sources)
    except ValidationError as exc:
        raise _explain_resolved_error(exc, sources) from None
    for warning in warnings:
        # INFO, not WARNING: the caller shows ``resolved.warnings`` (a WARNING record would also
        # reach stderr through logging's last-resort handler, and every warning was printed twice)
        logger.info("configuration warning: %s", warning)
    return resolved


def _choose_profile(
    requested: str | None, env: EnvironmentSettings, document: ConfigDocument, config_path: Path
) -> tuple[str, str, bool]:
    if requested:
        return requested, FLAG, True
    if env.profile:
        return env.profile, f"env {PROFILE_VAR}", True
    if document.default_profile:
        return document.default_profile, f"{config_path.name} default_profile", True
    return DEFAULT_PROFILE, "default", False


def _require_known_profile(
    name: str, document: ConfigDocument, ncloud: NcloudProfiles, config_path: Path
) -> None:
    if name in document.profiles or ncloud.find(name) is not None or name.lower() == DEFAULT_PROFILE:
        return
    known = sorted({*document.profiles, *ncloud.sections}, key=str.lower)
    listing = ", ".join(known) if known else "none"
    raise ConfigError(
        f"unknown profile {name!r}; known profiles: {listing} "
        f"(from {display_path(config_path)} and {display_path(ncloud.path)})"
    )


def _collect(
    flags: Mapping[str, Any],
    env: EnvironmentSettings,
    document: ConfigDocument,
    config_path: Path,
    ncloud: NcloudProfiles,
    profile_name: str,
    warnings: list[str],
) -> dict[str, list[_Candidate]]:
    """Every source's value for every field, highest precedence first."""
    candidates: dict[str, list[_Candidate]] = {key: [] for key in PROFILE_KEYS}

    for key, value in flags.items():
        candidates[key].append(_Candidate(value, FLAG))

    env_vars = {"access_key": ACCESS_KEY_VARS, "secret_key": SECRET_KEY_VARS, "api_url": (API_URL_VAR,)}
    for key, names in env_vars.items():
        value = getattr(env, key)
        if value is not None:
            candidates[key].append(_Candidate(value, f"env {first_set_variable(names)}"))
            if conflicting_spellings(names):
                warnings.append(f"both {' and '.join(names)} are set to different values; using {names[0]}")

    table = document.profiles.get(profile_name)
    if table is None and profile_name == DEFAULT_PROFILE:
        table = next((t for name, t in document.profiles.items() if name.lower() == DEFAULT_PROFILE), None)
    if table is not None:
        _add_model_values(candidates, table, f"{config_path.name} [profiles.{profile_name}]")
    _add_model_values(candidates, document, f"{config_path.name} (top level)")

    section = ncloud.find(profile_name)
    if section is not None:
        _add_ncloud_values(candidates, ncloud, section, warnings)
    return candidates


def _add_model_values(
    candidates: dict[str, list[_Candidate]], model: ProfileTable | ConfigDocument, label: str
) -> None:
    for key in PROFILE_KEYS:
        value = getattr(model, key, None)
        if value is not None:
            candidates[key].append(_Candidate(value, label))


def _add_ncloud_values(
    candidates: dict[str, list[_Candidate]], ncloud: NcloudProfiles, section: str, warnings: list[str]
) -> None:
    label = ncloud.label(section)
    entries = ncloud.sections[section]
    for key, ini_key in _NCLOUD_KEYS.items():
        value = entries.get(ini_key)
        if not value:
            continue
        if key == "api_url" and not _looks_like_data_flow(value):
            # The ncloud CLI writes its generic gateway here; using it would send every Data Flow
            # call to the wrong host, so it is skipped rather than trusted.
            warnings.append(
                f"{label} ncloud_api_url {value} is not a Data Flow endpoint; ignored it "
                f"(set api_url in dftui's config.toml to choose another endpoint)"
            )
            continue
        candidates[key].append(_Candidate(SecretStr(value) if key == "secret_key" else value, label))


def _merge_keymaps(options: list[_Candidate]) -> dict[str, str]:
    """Lower-precedence keymaps first, so a profile's binding replaces the global one."""
    merged: dict[str, str] = {}
    for option in reversed(options):
        merged.update(option.value)
    return merged


def _looks_like_data_flow(url: str) -> bool:
    if api_url_problem(url.strip()) is not None:
        return False
    host = (urlsplit(url.strip()).hostname or "").lower()
    return "dataflow" in host or host in _LOOPBACK_HOSTS or host.startswith("127.")


def _normalise_api_url(url: str, source: str | None, warnings: list[str]) -> str:
    """Trim the URL, reject what no client could connect to and warn when it is not the Data Flow host."""
    cleaned = check_api_url(url, source).rstrip("/")
    origin = source or "default"
    parts = urlsplit(cleaned)
    if parts.path.rstrip("/").endswith("/api/v1"):
        cleaned = cleaned.removesuffix("/api/v1")
        warnings.append(f"api_url (from {origin}) ended in /api/v1; dftui adds that itself, using {cleaned}")
    if not _looks_like_data_flow(cleaned):
        warnings.append(
            f"api_url {cleaned} (from {origin}) does not look like the Data Flow endpoint "
            f"{DEFAULT_API_URL}; requests may fail (the generic NCLOUD gateway does not serve Data Flow)"
        )
    return cleaned


def _check_time_zone(name: str | None, source: str | None) -> None:
    if not name:
        return
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"time_zone {name!r} (from {source}) is not a known IANA time zone, e.g. Asia/Seoul"
        ) from None


def _credential_warnings(
    candidates: Mapping[str, list[_Candidate]], profile_name: str, profile_explicit: bool
) -> list[str]:
    warnings: list[str] = []
    access, secret = candidates["access_key"], candidates["secret_key"]
    if bool(access) != bool(secret):
        missing = "secret key" if access else "access key"
        warnings.append(f"the {missing} is missing, so the configured key pair cannot be used")
    if profile_explicit:
        for options in (access, secret):
            if len(options) > 1 and options[0].source.startswith("env "):
                warnings.append(
                    f"{options[0].source.removeprefix('env ')} overrides the credentials of profile "
                    f"{profile_name!r} ({options[1].source})"
                )
    return warnings


def _permission_warnings(config_path: Path, document: ConfigDocument, ncloud: NcloudProfiles) -> list[str]:
    holders: list[Path] = []
    if any(table.secret_key is not None for table in document.profiles.values()):
        holders.append(config_path)
    if any(entries.get("ncloud_secret_access_key") for entries in ncloud.sections.values()):
        holders.append(ncloud.path)
    return [warning for path in holders if (warning := permission_warning(path))]


def permission_warning(path: Path) -> str | None:
    """A warning when a file holding a secret is readable or writable by group/other."""
    if os.name != "posix":
        return None
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return None
    if not mode & 0o077:
        return None
    return (
        f"{path} holds a secret key but is accessible by other users (mode {mode:o}); "
        f"fix it with: chmod 600 {path}"
    )


def _explain_resolved_error(exc: ValidationError, sources: Mapping[str, str]) -> ConfigError:
    sentences = []
    for error in exc.errors(include_input=False, include_url=False)[:3]:
        field_name = str(error["loc"][0]) if error["loc"] else "value"
        if field_name == "refresh_interval":
            sentences.append(
                f"{setting_name(field_name, sources.get(field_name))} must be a positive, "
                "finite number of seconds"
            )
            continue
        sentences.append(f"{field_name} (from {sources.get(field_name, 'default')}): {error['msg']}")
    return ConfigError("; ".join(sentences))
