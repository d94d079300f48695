"""``dftui emulator``: the Data Flow emulator in the foreground, for anyone developing against it."""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from typing import Any, TextIO

from dftui.cli.common import EXIT_OK, start_server
from dftui.emulator.options import EmulatorOptions, build_server


def _wait_for_interrupt() -> None:
    """Block until Ctrl+C (SIGINT) or SIGTERM.

    Both signals are handled explicitly: a process started in the background by a script
    inherits an *ignored* SIGINT, and ``KeyboardInterrupt`` would then never arrive.
    """
    stop = threading.Event()
    previous: dict[signal.Signals, Any] = {}
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


def run_emulator(options: EmulatorOptions, out: TextIO | None = None) -> int:
    """``dftui emulator``: serve the emulator in the foreground until interrupted.

    The generated key pair is printed on purpose: it only opens this local, throwaway emulator and
    is needed to point dftui or curl at it.
    """
    out = out or sys.stdout
    server = build_server(options)
    start_server(server, f"the emulator on {options.host}:{options.port}")
    try:
        print(f"Data Flow emulator listening on {server.base_url}", file=out)
        print(f"  access key: {server.access_key}", file=out)
        secret_shown = "(as given with --secret-key)" if options.secret_key else server.secret_key
        print(f"  secret key: {secret_shown}", file=out)
        print(
            f"Use it: NCLOUD_ACCESS_KEY=... NCLOUD_SECRET_KEY=... dftui --api-url {server.base_url}",
            file=out,
        )
        # a secret the user chose is not echoed, not even inside the hint: it reads it from $SK instead
        hint_secret = "$SK" if options.secret_key else server.secret_key
        print("Try:   " + signed_curl_hint(server.base_url, server.access_key, hint_secret), file=out)
        print("Press Ctrl+C to stop.", file=out, flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            _wait_for_interrupt()
    finally:
        server.stop()
    print("emulator stopped", file=out)
    return EXIT_OK
