"""The one exception type the configuration layer raises."""

from __future__ import annotations


class ConfigError(Exception):
    """A configuration problem a person can fix; ``str(err)`` says what and where.

    The message never contains a secret: callers print it verbatim (``dftui: <message>``).
    """
