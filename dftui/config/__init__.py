"""dftui configuration: profiles from flags, environment, config.toml and ~/.ncloud/configure.

Never imports Textual. Typical use::

    cfg = load_config(profile="prod", overrides={"read_only": True})
    cfg.api_url, cfg.source_of("api_url")
"""

from dftui.config.errors import ConfigError
from dftui.config.loader import load_config, permission_warning, resolve_config_path
from dftui.config.paths import (
    default_config_path,
    default_demo_db_path,
    default_log_path,
    display_path,
    ncloud_configure_path,
)
from dftui.config.profiles import list_profiles
from dftui.config.redact import MASK, SecretMaskFilter
from dftui.config.resolved import TRACKED_FIELDS, ResolvedConfig
from dftui.config.schema import DEFAULT_API_URL, DEFAULT_REFRESH_INTERVAL, PROFILE_KEYS, parse_profile_value
from dftui.config.writer import save_profile, set_default_profile, write_private_file

__all__ = [
    "DEFAULT_API_URL",
    "DEFAULT_REFRESH_INTERVAL",
    "MASK",
    "PROFILE_KEYS",
    "TRACKED_FIELDS",
    "ConfigError",
    "ResolvedConfig",
    "SecretMaskFilter",
    "default_config_path",
    "default_demo_db_path",
    "default_log_path",
    "display_path",
    "list_profiles",
    "load_config",
    "ncloud_configure_path",
    "parse_profile_value",
    "permission_warning",
    "resolve_config_path",
    "save_profile",
    "set_default_profile",
    "write_private_file",
]
