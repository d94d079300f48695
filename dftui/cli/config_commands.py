"""``dftui config path|show|set``."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TextIO

from dftui.cli.common import EXIT_OK, load_for, one_line, print_warnings
from dftui.config import (
    MASK,
    ConfigError,
    ResolvedConfig,
    ncloud_configure_path,
    parse_profile_value,
    resolve_config_path,
    save_profile,
    set_default_profile,
)
from dftui.config.paths import is_file


def _mask_access_key(access_key: str | None) -> str:
    if not access_key:
        return "(not set)"
    return "****" + access_key[-4:] if len(access_key) > 8 else "****"


def describe_config(config: ResolvedConfig) -> list[str]:
    """``key = value   # source`` lines for ``dftui config show``; secrets are masked."""
    rows: list[tuple[str, str, str]] = [
        ("profile", config.profile_name, config.source_of("profile_name")),
        ("config_file", str(config.config_file), config.source_of("config_file")),
        ("access_key", _mask_access_key(config.access_key), config.source_of("access_key")),
        (
            "secret_key",
            MASK if config.secret_key is not None else "(not set)",
            config.source_of("secret_key"),
        ),
        ("api_url", config.api_url, config.source_of("api_url")),
        ("refresh_interval", f"{config.refresh_interval:g}", config.source_of("refresh_interval")),
        ("read_only", str(config.read_only).lower(), config.source_of("read_only")),
        ("theme", config.theme or "(default)", config.source_of("theme")),
        ("time_zone", config.time_zone or "(default)", config.source_of("time_zone")),
        ("bell", str(config.bell).lower(), config.source_of("bell")),
    ]
    rows += [
        (f"keymap.{binding}", keys, config.source_of("keymap"))
        for binding, keys in sorted(config.keymap.items())
    ]
    width = max(len(name) for name, _, _ in rows)
    value_width = max(len(value) for _, value, _ in rows)
    return [f"{name:<{width}} = {value:<{value_width}}  # {source}" for name, value, source in rows]


def config_path_command(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    path, source, _ = resolve_config_path(args.config)
    ncloud = ncloud_configure_path()
    exists = is_file(path, "config file")
    print(
        one_line(f"config file:      {path} ({'exists' if exists else 'not created yet'}; {source})"),
        file=out,
    )
    ncloud_exists = is_file(ncloud, "ncloud configure file")
    print(one_line(f"ncloud configure: {ncloud} ({'exists' if ncloud_exists else 'missing'})"), file=out)
    return EXIT_OK


def config_show_command(args: argparse.Namespace) -> int:
    config = load_for(args)
    for line in describe_config(config):
        print(one_line(line))
    print(f"credentials: {'complete' if config.has_credentials else 'not configured (demo mode)'}")
    print_warnings(config.warnings)
    return EXIT_OK


def _read_secret(value: str | None) -> str:
    """A secret from stdin/prompt so it never has to appear in shell history or ``ps``."""
    if value not in (None, "-"):
        return value
    if value is None and sys.stdin.isatty():
        return getpass.getpass("secret_key: ")
    return sys.stdin.readline().strip()


def config_set_command(args: argparse.Namespace) -> int:
    path, _, _ = resolve_config_path(args.config)
    if args.key == "default_profile":
        if not args.value:
            raise ConfigError("default_profile needs a profile name")
        set_default_profile(args.value, path)
        print(one_line(f"set default_profile = {args.value} in {path}"))
        return EXIT_OK
    raw = _read_secret(args.value) if args.key == "secret_key" else args.value
    if raw is None or raw == "":
        raise ConfigError(f"{args.key} needs a value")
    key, value = parse_profile_value(args.key, raw)
    profile = args.profile or _current_profile_name(args)
    save_profile(profile, {key: value}, path)
    shown = MASK if key == "secret_key" else raw
    print(one_line(f"set {args.key} = {shown} in [profiles.{profile}] of {path}"))
    return EXIT_OK


def _current_profile_name(args: argparse.Namespace) -> str:
    """The profile ``dftui`` would use now (``DFTUI_PROFILE``, ``default_profile``, or ``default``)."""
    from dftui.config.sources import EnvironmentSettings, read_config_document

    env_profile = EnvironmentSettings().profile
    if env_profile:
        return env_profile
    path, _, _ = resolve_config_path(args.config)
    return read_config_document(path).default_profile or "default"
