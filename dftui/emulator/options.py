"""The emulator's settings, shared by ``dftui emulator`` and ``python -m dftui.emulator``.

Both entry points declare their options with :func:`add_emulator_arguments`, turn the parsed
arguments into one :class:`EmulatorOptions` with :func:`options_from_args` and start the server
from it with :func:`build_server`; a new setting is added here once. They differ only in what
they print and in their default port.

Cheap to import (the server, FastAPI and uvicorn are imported by :func:`build_server` only), so
the ``dftui`` argument parser can use it without slowing ``dftui --help``.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

if TYPE_CHECKING:
    import socket

    from dftui.emulator.engine import SimulationSettings
    from dftui.emulator.faults import FaultConfig
    from dftui.emulator.gateway import RateLimit
    from dftui.emulator.server import EmulatorServer

DEFAULT_HOST = "127.0.0.1"
DEFAULT_SEED = 42
DEFAULT_SPEED = 1.0
MEMORY_DB = ":memory:"
AMBIENT_EVERY = (30.0, 90.0)
"""Seconds between the simulated teammates' ad-hoc runs: something starts every minute or so."""
KEYS_TOGETHER = "--access-key and --secret-key must be given together"


# ------------------------------------------------------------ argument types


def positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be greater than 0, got {text!r}")
    return value


def port_number(text: str) -> int:
    """A TCP port to listen on: 0 (any free one) to 65535."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be from 0 to 65535, got {text!r}")
    return value


def share(text: str) -> float:
    """A share of requests, 0 to 1."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a share between 0 and 1, got {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, got {text!r}")
    return value


def non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {text!r}")
    return value


# ------------------------------------------------------------------ options


@dataclass(frozen=True)
class EmulatorOptions:
    """Everything an emulator started from the command line can be told.

    ``db`` None means the default file in the user data dir; :data:`MEMORY_DB` keeps nothing.
    The fault settings are off at their defaults; ``rate_limit`` is requests per second.
    """

    host: str = DEFAULT_HOST
    port: int = 0
    db: str | None = None
    seed: int = DEFAULT_SEED
    speed: float = DEFAULT_SPEED
    access_key: str | None = None
    secret_key: str | None = None
    demo: bool = True
    activity: bool = False
    latency_ms: float = 0.0
    error_rate: float = 0.0
    throttle_every: int = 0
    drop_rate: float = 0.0
    malformed_rate: float = 0.0
    clock_skew: float = 0.0
    rate_limit: float | None = None
    execution_times_paths: str = "singular"
    """getExecutionTimes paths served: ``singular`` (the live gateway), ``both`` or ``plural``."""

    def __post_init__(self) -> None:
        if (self.access_key is None) != (self.secret_key is None):
            raise ValueError(KEYS_TOGETHER)


def add_emulator_arguments(parser: argparse.ArgumentParser, *, default_port: int) -> None:
    """Declare every :class:`EmulatorOptions` setting on ``parser``."""
    parser.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on (default {DEFAULT_HOST})")
    parser.add_argument(
        "--port",
        type=port_number,
        default=default_port,
        help=f"port to listen on; 0 picks a free one (default {default_port})",
    )
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=None,
        help=f"SQLite file (default: in the user data dir; '{MEMORY_DB}' to not keep)",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="demo data seed")
    parser.add_argument(
        "--speed", type=positive_float, default=DEFAULT_SPEED, help="simulated seconds per real second"
    )
    parser.add_argument("--access-key", default=None, help="fixed access key (default: generated)")
    parser.add_argument(
        "--secret-key", default=None, help="fixed secret key (default: generated; note: visible in `ps`)"
    )
    parser.add_argument("--no-demo", action="store_true", help="start empty instead of seeding demo data")
    parser.add_argument(
        "--activity", action="store_true", help="simulate teammates starting a job run every 30-90 s"
    )
    parser.add_argument(
        "--execution-times-paths",
        choices=("singular", "both", "plural"),
        default="singular",
        help="which getExecutionTimes paths answer: /stats/execution-times as the live gateway "
        "(singular, the default), also /stats/executions-times (both), or only that one (plural)",
    )
    _add_fault_arguments(parser)


def _add_fault_arguments(parser: argparse.ArgumentParser) -> None:
    """Fault injection, to show or test how a client copes with a misbehaving gateway."""
    faults = parser.add_argument_group("fault injection (off by default)")
    faults.add_argument(
        "--latency-ms", type=float, default=0.0, metavar="MS", help="delay added to every answer"
    )
    faults.add_argument(
        "--error-rate", type=share, default=0.0, metavar="SHARE", help="share answered 503/504"
    )
    faults.add_argument(
        "--throttle-every",
        type=non_negative_int,
        default=0,
        metavar="N",
        help="every Nth request answered 429",
    )
    faults.add_argument(
        "--drop-rate",
        type=share,
        default=0.0,
        metavar="SHARE",
        help="share of connections closed mid-answer",
    )
    faults.add_argument(
        "--malformed-rate",
        type=share,
        default=0.0,
        metavar="SHARE",
        help="share answered 200 with broken JSON",
    )
    faults.add_argument(
        "--clock-skew", type=float, default=0.0, metavar="SECONDS", help="offset of the gateway clock"
    )
    faults.add_argument(
        "--rate-limit",
        type=positive_float,
        default=None,
        metavar="RPS",
        help="requests per second (bursts of 10) before answering 429",
    )


def options_from_args(args: argparse.Namespace) -> EmulatorOptions:
    """The options of arguments parsed by a parser :func:`add_emulator_arguments` set up.

    Raises ``ValueError`` (:data:`KEYS_TOGETHER`) for one key without the other; callers turn it
    into a usage error.
    """
    return EmulatorOptions(
        host=args.host,
        port=args.port,
        db=args.db or None,  # an empty --db means the default file, as no --db does
        seed=args.seed,
        speed=args.speed,
        access_key=args.access_key,
        secret_key=args.secret_key,
        demo=not args.no_demo,
        activity=args.activity,
        latency_ms=args.latency_ms,
        error_rate=args.error_rate,
        throttle_every=args.throttle_every,
        drop_rate=args.drop_rate,
        malformed_rate=args.malformed_rate,
        clock_skew=args.clock_skew,
        rate_limit=args.rate_limit,
        execution_times_paths=args.execution_times_paths,
    )


# ------------------------------------------------------------------- server


class ServerKwargs(TypedDict):
    """Keyword arguments of :class:`~dftui.emulator.server.EmulatorServer` the options decide."""

    db_path: str | Path
    settings: SimulationSettings
    faults: FaultConfig | None
    rate_limit: RateLimit | None
    seed: int
    speed: float
    host: str
    port: int
    access_key: str | None
    secret_key: str | None
    demo: bool
    execution_times_paths: str


def db_path(options: EmulatorOptions) -> str | Path:
    """The database file the emulator uses (the default one when ``--db`` was not given)."""
    if options.db is not None:
        return options.db
    from dftui.emulator import default_db_path

    return default_db_path()


def server_kwargs(options: EmulatorOptions) -> ServerKwargs:
    """The :class:`~dftui.emulator.server.EmulatorServer` arguments for ``options``."""
    # looked up on the package, as the server is in build_server, so tests can substitute them
    from dftui.emulator import FaultConfig, RateLimit, SimulationSettings

    faults = FaultConfig(
        latency_ms=options.latency_ms,
        error_rate=options.error_rate,
        throttle_burst_every=options.throttle_every,
        drop_rate=options.drop_rate,
        malformed_rate=options.malformed_rate,
        clock_skew_s=options.clock_skew,
        seed=options.seed,
    )
    return {
        "db_path": db_path(options),
        "settings": SimulationSettings(ambient_every=AMBIENT_EVERY if options.activity else None),
        "faults": faults if (faults.active or faults.clock_skew_s) else None,
        "rate_limit": RateLimit(rate=options.rate_limit) if options.rate_limit else None,
        "seed": options.seed,
        "speed": options.speed,
        "host": options.host,
        "port": options.port,
        "access_key": options.access_key,
        "secret_key": options.secret_key,
        "demo": options.demo,
        "execution_times_paths": options.execution_times_paths,
    }


def build_server(options: EmulatorOptions, listen_socket: socket.socket | None = None) -> EmulatorServer:
    """An emulator server for ``options``, not started yet.

    The default database's directory is created readable by the owner only, like dftui's other
    files in the user data dir. ``listen_socket``: serve on this bound socket, not a new one.
    """
    from dftui.emulator import EmulatorServer

    if options.db is None:
        from dftui.config.paths import ensure_private_dir

        ensure_private_dir(Path(db_path(options)).parent)
    return EmulatorServer(**server_kwargs(options), listen_socket=listen_socket)
