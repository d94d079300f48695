"""Command line of dftui: run the TUI, inspect/edit configuration, run the emulator, wait for a run.

Heavy packages (Textual, the emulator, the HTTP client) are imported inside the commands that need
them, so ``dftui --help``/``--version`` stay fast and never depend on the UI being importable.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import getpass
import inspect
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from dftui import __version__
from dftui.config import (
    MASK,
    PROFILE_KEYS,
    ConfigError,
    ResolvedConfig,
    SecretMaskFilter,
    default_demo_db_path,
    default_log_path,
    display_path,
    load_config,
    ncloud_configure_path,
    parse_profile_value,
    resolve_config_path,
    save_profile,
    set_default_profile,
)
from dftui.config.paths import ensure_private_dir

logger = logging.getLogger("dftui.cli")

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_TIMEOUT = 3

DEFAULT_SEED = 42
DEFAULT_SPEED = 1.0
AMBIENT_EVERY = (30.0, 90.0)
"""Seconds between the demo's simulated teammates' ad-hoc runs: something starts every minute or so."""
EMULATOR_DEFAULT_PORT = 8484
_SUBCOMMANDS = ("config", "emulator", "wait")
_DEFAULT_LOG = ""  # ``--debug`` without a file name

BANNER_DEMO_FLAG = (
    "Demo mode (--demo): running on the embedded Data Flow emulator; your account is not touched"
)
BANNER_NO_CREDENTIALS = (
    "No credentials configured: running on the embedded demo emulator "
    "(set NCLOUD_ACCESS_KEY and NCLOUD_SECRET_KEY, or run `dftui config set`, to use your account)"
)
BANNER_PARTIAL_CREDENTIALS = "Incomplete credentials (only one of access key / secret key is set): running on the embedded demo emulator"


# --------------------------------------------------------------------------------------------- parser


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be greater than 0, got {text!r}")
    return value


def _share(text: str) -> float:
    """A share of requests, 0 to 1."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a share between 0 and 1, got {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, got {text!r}")
    return value


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {text!r}")
    return value


def _add_fault_options(parser: argparse.ArgumentParser) -> None:
    """Fault injection, to show or test how a client copes with a misbehaving gateway."""
    faults = parser.add_argument_group("fault injection (off by default)")
    faults.add_argument(
        "--latency-ms", type=float, default=0.0, metavar="MS", help="delay added to every answer"
    )
    faults.add_argument(
        "--error-rate", type=_share, default=0.0, metavar="SHARE", help="share answered 503/504"
    )
    faults.add_argument(
        "--throttle-every",
        type=_non_negative_int,
        default=0,
        metavar="N",
        help="every Nth request answered 429",
    )
    faults.add_argument(
        "--drop-rate",
        type=_share,
        default=0.0,
        metavar="SHARE",
        help="share of connections closed mid-answer",
    )
    faults.add_argument(
        "--malformed-rate",
        type=_share,
        default=0.0,
        metavar="SHARE",
        help="share answered 200 with broken JSON",
    )
    faults.add_argument(
        "--clock-skew", type=float, default=0.0, metavar="SECONDS", help="offset of the gateway clock"
    )
    faults.add_argument(
        "--rate-limit",
        type=_positive_float,
        default=None,
        metavar="RPS",
        help="requests per second (bursts of 10) before answering 429",
    )


def _fault_config(args: argparse.Namespace) -> Any:
    from dftui.emulator import FaultConfig

    config = FaultConfig(
        latency_ms=args.latency_ms,
        error_rate=args.error_rate,
        throttle_burst_every=args.throttle_every,
        drop_rate=args.drop_rate,
        malformed_rate=args.malformed_rate,
        clock_skew_s=args.clock_skew,
        seed=args.seed,
    )
    return config if (config.active or config.clock_skew_s) else None


def _profile_options(*, suppress: bool) -> argparse.ArgumentParser:
    """``--profile``/``--config``, accepted before and after a subcommand.

    Subcommands use ``SUPPRESS`` defaults so an option given before the subcommand survives.
    """
    default = argparse.SUPPRESS if suppress else None
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--profile", metavar="NAME", default=default, help="profile to use (env DFTUI_PROFILE)"
    )
    parent.add_argument(
        "--config", metavar="PATH", default=default, help="dftui config file (env DFTUI_CONFIG)"
    )
    return parent


def build_parser() -> argparse.ArgumentParser:
    """The whole argument parser (exposed for tests and shell-completion generators)."""
    parser = argparse.ArgumentParser(
        prog="dftui",
        description="Terminal UI for NAVER Cloud Platform Data Flow. Without credentials it runs on an "
        "embedded demo emulator.",
        parents=[_profile_options(suppress=False)],
        epilog="Credentials: NCLOUD_ACCESS_KEY/NCLOUD_SECRET_KEY, dftui's config.toml or ~/.ncloud/configure. "
        "See `dftui config path`.",
    )
    parser.add_argument("--version", action="version", version=f"dftui {__version__}")
    parser.add_argument(
        "--demo", action="store_true", help="use the embedded demo emulator, even with credentials"
    )
    parser.add_argument(
        "--read-only",
        "--readonly",
        dest="read_only",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="refuse every change (create/update/delete/run); --no-read-only lifts a profile's setting",
    )
    parser.add_argument(
        "--refresh", metavar="SECONDS", type=float, default=None, help="auto-refresh interval"
    )
    parser.add_argument(
        "--api-url", metavar="URL", default=None, help="Data Flow endpoint (env NCLOUD_API_URL)"
    )
    parser.add_argument(
        "--debug",
        metavar="LOGFILE",
        nargs="?",
        const=_DEFAULT_LOG,
        default=None,
        help=f"write a DEBUG log (default {display_path(default_log_path())})",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="demo data seed (demo mode)")
    parser.add_argument(
        "--speed", type=_positive_float, default=DEFAULT_SPEED, help="demo clock speed factor (demo mode)"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    config = commands.add_parser("config", help="show or change configuration")
    config_commands = config.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    config_commands.add_parser(
        "path", parents=[_profile_options(suppress=True)], help="print the config file paths in use"
    )
    config_commands.add_parser(
        "show",
        parents=[_profile_options(suppress=True)],
        help="print the resolved profile and where each value comes from",
    )
    setter = config_commands.add_parser(
        "set",
        parents=[_profile_options(suppress=True)],
        help="write one setting into dftui's config.toml (mode 0600)",
        description="Keys: "
        + ", ".join([*PROFILE_KEYS[:-1], "keymap.<binding-id>", "default_profile"])
        + ". For secret_key, omit VALUE (or pass -) to be prompted or read stdin.",
    )
    setter.add_argument("key", metavar="KEY")
    setter.add_argument("value", metavar="VALUE", nargs="?")

    emulator = commands.add_parser("emulator", help="run the Data Flow emulator in the foreground")
    emulator.add_argument("--host", default="127.0.0.1")
    emulator.add_argument("--port", type=int, default=EMULATOR_DEFAULT_PORT)
    emulator.add_argument(
        "--db",
        metavar="PATH",
        default=None,
        help="SQLite file (default: in the user data dir; ':memory:' to not keep)",
    )
    emulator.add_argument("--seed", type=int, default=DEFAULT_SEED)
    emulator.add_argument("--speed", type=_positive_float, default=DEFAULT_SPEED)
    emulator.add_argument("--access-key", default=None, help="fixed access key (default: generated)")
    emulator.add_argument(
        "--secret-key", default=None, help="fixed secret key (default: generated; note: visible in `ps`)"
    )
    emulator.add_argument("--no-demo", action="store_true", help="start empty instead of seeding demo data")
    emulator.add_argument(
        "--activity", action="store_true", help="simulate teammates starting a job run every 30-90 s"
    )
    _add_fault_options(emulator)

    waiter = commands.add_parser(
        "wait",
        parents=[_profile_options(suppress=True)],
        help="wait for a job execution to finish (exit 0 completed, 1 failed/canceled, 3 timeout)",
    )
    waiter.add_argument("job_id")
    waiter.add_argument("execution_id")
    waiter.add_argument("--timeout", type=_positive_float, default=None, metavar="SECONDS")
    waiter.add_argument("--interval", type=_positive_float, default=None, metavar="SECONDS")
    return parser


def _protect_subcommand_after_debug(argv: Sequence[str]) -> list[str]:
    """Keep ``--debug config show`` from reading ``config`` as the log file name."""
    fixed = list(argv)
    for index, token in enumerate(fixed[:-1]):
        if token == "--debug" and fixed[index + 1] in _SUBCOMMANDS:
            fixed[index] = f"--debug={_DEFAULT_LOG}"
    return fixed


# ----------------------------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``dftui`` script and ``python -m dftui``; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(_protect_subcommand_after_debug(sys.argv[1:] if argv is None else argv))
    if args.command == "emulator" and (args.access_key is None) != (args.secret_key is None):
        parser.error("--access-key and --secret-key must be given together")

    mask = SecretMaskFilter()
    dftui_logger = logging.getLogger("dftui")
    previous_level = dftui_logger.level
    handler: logging.Handler | None = None
    try:
        if args.debug is not None:
            handler = _start_debug_log(args.debug, mask)
        return _dispatch(args, mask)
    except ConfigError as exc:
        print(f"dftui: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except EmulatorStartError as exc:
        logger.debug("emulator start failed", exc_info=True)
        print(f"dftui: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return EXIT_OK
    finally:
        if handler is not None:
            dftui_logger.removeHandler(handler)
            dftui_logger.setLevel(previous_level)
            handler.close()


def _dispatch(args: argparse.Namespace, mask: SecretMaskFilter) -> int:
    if args.command == "config":
        actions: dict[str, Callable[[argparse.Namespace], int]] = {
            "path": _config_path,
            "show": _config_show,
            "set": _config_set,
        }
        return actions[args.config_command](args)
    if args.command == "emulator":
        return run_emulator(args)
    if args.command == "wait":
        return _wait_command(args, mask)
    return run_app(args, mask)


def _overrides(args: argparse.Namespace) -> dict[str, Any]:
    return {"api_url": args.api_url, "read_only": args.read_only, "refresh_interval": args.refresh}


def _load(args: argparse.Namespace) -> ResolvedConfig:
    return load_config(profile=args.profile, config_file=args.config, overrides=_overrides(args))


# ------------------------------------------------------------------------------------------ debug log


def _start_debug_log(target: str, mask: SecretMaskFilter) -> logging.Handler:
    """Log the ``dftui`` logger at DEBUG to ``target`` (a 0600 file), masking known secrets."""
    path = Path(target).expanduser() if target else default_log_path()
    try:
        ensure_private_dir(path.parent)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot write the debug log {path}: {exc.strerror}") from None
    handler.setLevel(logging.DEBUG)
    handler.addFilter(mask)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    dftui_logger = logging.getLogger("dftui")
    dftui_logger.setLevel(logging.DEBUG)
    dftui_logger.addHandler(handler)
    logger.debug("dftui %s debug log started: %s", __version__, path)
    return handler


# ------------------------------------------------------------------------------------------------ app


def demo_banner(args: argparse.Namespace, config: ResolvedConfig) -> str | None:
    """Why dftui runs on the embedded emulator, or ``None`` when it talks to the real service."""
    if args.demo:
        return BANNER_DEMO_FLAG
    if config.has_credentials:
        return None
    if config.access_key or config.secret_key is not None:
        return BANNER_PARTIAL_CREDENTIALS
    return BANNER_NO_CREDENTIALS


def _accepts_keyword(factory: Callable[..., Any], name: str) -> bool:
    try:
        parameters = inspect.signature(factory).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(p.name == name or p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters)


def run_app(args: argparse.Namespace, mask: SecretMaskFilter) -> int:
    """Resolve the profile, start the demo emulator when needed and run the TUI until it exits."""
    config = _load(args)
    mask.add(config.secret_key)
    logger.debug("configuration:\n%s", "\n".join(describe_config(config)))
    banner = demo_banner(args, config)
    server: Any = None
    try:
        if banner is not None:
            server, config = _start_demo_emulator(args, config)
            mask.add(server.secret_key)
            logger.info("demo mode: %s", banner)
        from dftui.api import DataFlowClient
        from dftui.ui.app import DataFlowApp

        client = DataFlowClient.from_profile(config)
        options: dict[str, Any] = {"demo": banner is not None}
        if banner is not None and _accepts_keyword(DataFlowApp, "banner"):
            options["banner"] = banner
        app = DataFlowApp(config, client, **options)
        app.run()
        return_code = getattr(app, "return_code", None)
        return int(return_code or EXIT_OK)
    finally:
        if server is not None:
            server.stop()


class EmulatorStartError(Exception):
    """The emulator could not start (port in use, unwritable database …)."""


def _start_server(server: Any, what: str) -> None:
    try:
        server.start()
    except Exception as exc:
        raise EmulatorStartError(f"cannot start {what}: {exc}") from exc


def _start_demo_emulator(args: argparse.Namespace, config: ResolvedConfig) -> tuple[Any, ResolvedConfig]:
    from dftui.emulator import EmulatorServer, SimulationSettings

    db_path = default_demo_db_path()
    ensure_private_dir(db_path.parent)
    server = EmulatorServer(
        db_path=db_path,
        seed=args.seed,
        speed=args.speed,
        settings=SimulationSettings(ambient_every=AMBIENT_EVERY),
    )
    _start_server(server, "the demo emulator")
    try:
        demo_config = config.with_overrides(
            {"api_url": server.base_url, "access_key": server.access_key, "secret_key": server.secret_key},
            source="demo emulator",
        )
    except BaseException:
        server.stop()
        raise
    return server, demo_config


# ------------------------------------------------------------------------------------------- config


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


def _config_path(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    path, source, _ = resolve_config_path(args.config)
    ncloud = ncloud_configure_path()
    print(
        f"config file:      {path} ({'exists' if path.is_file() else 'not created yet'}; {source})", file=out
    )
    print(f"ncloud configure: {ncloud} ({'exists' if ncloud.is_file() else 'missing'})", file=out)
    return EXIT_OK


def _config_show(args: argparse.Namespace) -> int:
    config = _load(args)
    for line in describe_config(config):
        print(line)
    print(f"credentials: {'complete' if config.has_credentials else 'not configured (demo mode)'}")
    for warning in config.warnings:
        print(f"dftui: warning: {warning}", file=sys.stderr)
    return EXIT_OK


def _read_secret(value: str | None) -> str:
    """A secret from stdin/prompt so it never has to appear in shell history or ``ps``."""
    if value not in (None, "-"):
        return value
    if value is None and sys.stdin.isatty():
        return getpass.getpass("secret_key: ")
    return sys.stdin.readline().strip()


def _config_set(args: argparse.Namespace) -> int:
    path, _, _ = resolve_config_path(args.config)
    if args.key == "default_profile":
        if not args.value:
            raise ConfigError("default_profile needs a profile name")
        set_default_profile(args.value, path)
        print(f"set default_profile = {args.value} in {path}")
        return EXIT_OK
    raw = _read_secret(args.value) if args.key == "secret_key" else args.value
    if raw is None or raw == "":
        raise ConfigError(f"{args.key} needs a value")
    key, value = parse_profile_value(args.key, raw)
    profile = args.profile or _current_profile_name(args)
    save_profile(profile, {key: value}, path)
    shown = MASK if key == "secret_key" else raw
    print(f"set {args.key} = {shown} in [profiles.{profile}] of {path}")
    return EXIT_OK


def _current_profile_name(args: argparse.Namespace) -> str:
    """The profile ``dftui`` would use now (``DFTUI_PROFILE``, ``default_profile``, or ``default``)."""
    from dftui.config.sources import EnvironmentSettings, read_config_document

    env_profile = EnvironmentSettings().profile
    if env_profile:
        return env_profile
    path, _, _ = resolve_config_path(args.config)
    return read_config_document(path).default_profile or "default"


# ----------------------------------------------------------------------------------------- emulator


def _wait_for_interrupt() -> None:
    """Block until Ctrl+C (SIGINT) or SIGTERM.

    Both signals are handled explicitly: a process started in the background by a script
    inherits an *ignored* SIGINT, and ``KeyboardInterrupt`` would then never arrive.
    """
    stop = threading.Event()
    previous: dict[int, Any] = {}
    if threading.current_thread() is threading.main_thread():
        for number in (signal.SIGINT, signal.SIGTERM):
            previous[number] = signal.signal(number, lambda *_: stop.set())
    try:
        while not stop.wait(0.5):
            pass
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _shell_word(value: str) -> str:
    """Single-quoted, except a ``$VARIABLE`` reference, which must stay expandable."""
    return f'"{value}"' if value.startswith("$") else f"'{value}'"


def signed_curl_hint(base_url: str, access_key: str, secret_key: str, path: str = "/api/v1/jobs") -> str:
    """A one-line shell command that signs a GET like the gateway expects (openssl + curl)."""
    return (
        f"TS=$(date +%s000); SIG=$(printf 'GET {path}\\n%s\\n%s' \"$TS\" '{access_key}' "
        f"| openssl dgst -sha256 -hmac {_shell_word(secret_key)} -binary | base64); "
        f"curl -s -H \"x-ncp-apigw-timestamp: $TS\" -H 'x-ncp-iam-access-key: {access_key}' "
        f'-H "x-ncp-apigw-signature-v2: $SIG" {base_url}{path}'
    )


def run_emulator(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """``dftui emulator``: serve the emulator in the foreground until interrupted.

    The generated key pair is printed on purpose: it only opens this local, throwaway emulator and
    is needed to point dftui or curl at it.
    """
    out = out or sys.stdout
    from dftui.emulator import EmulatorServer, RateLimit, SimulationSettings, default_db_path

    if args.db is None:
        ensure_private_dir(default_db_path().parent)
    server = EmulatorServer(
        db_path=args.db or default_db_path(),
        settings=SimulationSettings(ambient_every=AMBIENT_EVERY if args.activity else None),
        faults=_fault_config(args),
        rate_limit=RateLimit(rate=args.rate_limit) if args.rate_limit else None,
        seed=args.seed,
        speed=args.speed,
        host=args.host,
        port=args.port,
        access_key=args.access_key,
        secret_key=args.secret_key,
        demo=not args.no_demo,
    )
    _start_server(server, f"the emulator on {args.host}:{args.port}")
    try:
        print(f"Data Flow emulator listening on {server.base_url}", file=out)
        print(f"  access key: {server.access_key}", file=out)
        secret_shown = "(as given with --secret-key)" if args.secret_key else server.secret_key
        print(f"  secret key: {secret_shown}", file=out)
        print(
            f"Use it: NCLOUD_ACCESS_KEY=... NCLOUD_SECRET_KEY=... dftui --api-url {server.base_url}",
            file=out,
        )
        # a secret the user chose is not echoed, not even inside the hint: it reads it from $SK instead
        hint_secret = "$SK" if args.secret_key else server.secret_key
        print("Try:   " + signed_curl_hint(server.base_url, server.access_key, hint_secret), file=out)
        print("Press Ctrl+C to stop.", file=out, flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            _wait_for_interrupt()
    finally:
        server.stop()
    print("emulator stopped", file=out)
    return EXIT_OK


# --------------------------------------------------------------------------------------------- wait


def _wait_command(args: argparse.Namespace, mask: SecretMaskFilter) -> int:
    config = _load(args)
    mask.add(config.secret_key)
    if not config.has_credentials:
        raise ConfigError("`dftui wait` needs credentials (NCLOUD_ACCESS_KEY/NCLOUD_SECRET_KEY or a profile)")
    from dftui.api import DataFlowClient, DataFlowError

    client = DataFlowClient.from_profile(config)
    interval = args.interval or config.refresh_interval
    try:
        return asyncio.run(wait_for_execution(client, args.job_id, args.execution_id, interval, args.timeout))
    except DataFlowError as exc:
        print(f"dftui: {exc}", file=sys.stderr)
        return EXIT_FAILED


async def wait_for_execution(
    client: Any,
    job_id: str,
    execution_id: str,
    interval: float,
    give_up_after: float | None,
    *,
    out: TextIO | None = None,
    monotonic: Callable[[], float] = time.monotonic,
) -> int:
    """Poll one job execution until it is final: 0 COMPLETED, 1 FAILED/CANCELED, 3 timeout."""
    out = out or sys.stdout
    deadline = None if give_up_after is None else monotonic() + give_up_after
    last_status = None
    async with client:
        while True:
            execution = await client.get_job_execution_by_id(job_id, execution_id)
            if execution.status != last_status:
                print(f"{execution.job_execution_id}: {execution.status}", file=out, flush=True)
                last_status = execution.status
            if execution.is_final:
                return EXIT_OK if execution.status == "COMPLETED" else EXIT_FAILED
            if deadline is not None and monotonic() >= deadline:
                print(f"timed out after {give_up_after:g}s; execution is still {execution.status}", file=out)
                return EXIT_TIMEOUT
            pause = interval if deadline is None else max(0.0, min(interval, deadline - monotonic()))
            await asyncio.sleep(pause)
