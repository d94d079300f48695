"""Run the emulator on a loopback port in a background thread (tests, demo mode, CLI)."""

from __future__ import annotations

import contextlib
import signal
import socket
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import Any

import uvicorn

from dftui.emulator.app import create_app
from dftui.emulator.clock import Clock, RealClock
from dftui.emulator.engine import SimulationSettings
from dftui.emulator.faults import FaultConfig, Traffic
from dftui.emulator.gateway import RateLimit
from dftui.emulator.http_layer import GatewayH11Protocol, install_log_filter
from dftui.emulator.limits import ServerLimits
from dftui.emulator.listen import listening_socket
from dftui.emulator.state import EmulatorState

TICK_SECONDS = 0.5
KEEP_ALIVE_S = 30
"""Seconds an idle keep-alive connection stays open (docs/emulator.md, Limits)."""


class EmulatorServer:
    """A live emulator: uvicorn in a daemon thread plus, with a real clock, a ticker thread.

    The ticker brings executions and schedules up to date every half second so a demo stays
    alive without requests; with a :class:`ManualClock` every request does that instead.
    """

    def __init__(
        self,
        db_path: str | Path = ":memory:",
        seed: int = 42,
        speed: float = 1.0,
        host: str = "127.0.0.1",
        port: int = 0,
        access_key: str | None = None,
        secret_key: str | None = None,
        clock: Clock | None = None,
        demo: bool = True,
        demo_sizes: Any = None,
        faults: FaultConfig | None = None,
        rate_limit: RateLimit | None = None,
        no_permission_keys: frozenset[str] = frozenset(),
        settings: SimulationSettings | None = None,
        start_timeout: float = 15.0,
        limits: ServerLimits | None = None,
        execution_times_paths: str = "singular",
        listen_socket: socket.socket | None = None,
    ) -> None:
        self.db_path = db_path
        self.seed = seed
        self.host = host
        self.port = port
        self.clock: Clock = clock or RealClock(speed)
        self._options = {
            "seed": seed,
            "access_key": access_key,
            "secret_key": secret_key,
            "demo": demo,
            "demo_sizes": demo_sizes,
            "faults": faults,
            "rate_limit": rate_limit,
            "no_permission_keys": no_permission_keys,
            "settings": settings,
            "limits": limits,
            "execution_times_paths": execution_times_paths,
        }
        self.start_timeout = start_timeout
        self.state: EmulatorState | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._ticker: threading.Thread | None = None
        self._stop_ticker = threading.Event()
        self._socket: socket.socket | None = None
        #: a socket already bound and listening (handed over by a parent process); its port wins
        self._listen_socket = listen_socket
        if listen_socket is not None:
            self.host, self.port = listen_socket.getsockname()[:2]

    # ------------------------------------------------------------ properties

    def _require_state(self) -> EmulatorState:
        if self.state is None:
            raise RuntimeError("the emulator is not started")
        return self.state

    @property
    def access_key(self) -> str:
        return self._require_state().access_key

    @property
    def secret_key(self) -> str:
        return self._require_state().secret_key

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def traffic(self) -> Traffic:
        """Every request that reached this server so far."""
        return self._require_state().traffic

    def set_faults(self, faults: FaultConfig | None) -> None:
        """Turn faults on, change them or (``None``) turn them off, while the server runs."""
        self._require_state().injector.configure(faults)

    def __repr__(self) -> str:
        return f"EmulatorServer(base_url={self.base_url!r}, db_path={str(self.db_path)!r})"

    # ------------------------------------------------------------- lifecycle

    def start(self) -> EmulatorServer:
        if self._thread is not None:
            return self
        self.state = EmulatorState.create(self.db_path, clock=self.clock, **self._options)
        sock = self._listen_socket or listening_socket(self.host, self.port)
        self.port = sock.getsockname()[1]
        self._socket = sock
        config = uvicorn.Config(
            create_app(self.state),
            log_level="warning",
            lifespan="off",
            date_header=False,
            server_header=False,
            access_log=False,
            http=GatewayH11Protocol,
            h11_max_incomplete_event_size=self.state.limits.max_head_bytes,
            # longer than clients keep an idle connection (httpx: 5 s), so the server never closes
            # one at the moment a client sends its next request on it
            timeout_keep_alive=KEEP_ALIVE_S,
        )
        install_log_filter()  # after Config, which (re)configures uvicorn's loggers
        # uvicorn installs signal handlers only when it runs in the main thread, never in this one
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, name="dftui-emulator", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + self.start_timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the emulator did not start on {self.host}:{self.port} in time")
            time.sleep(0.01)
        if isinstance(self.clock, RealClock):
            self._stop_ticker.clear()
            self._ticker = threading.Thread(target=self._tick, name="dftui-emulator-ticker", daemon=True)
            self._ticker.start()
        return self

    def _tick(self) -> None:
        state = self._require_state()
        while not self._stop_ticker.wait(TICK_SECONDS):
            with contextlib.suppress(Exception):
                state.engine.advance_to(self.clock.now())

    def stop(self) -> None:
        self._stop_ticker.set()
        if self._ticker is not None:
            self._ticker.join(timeout=5)
            self._ticker = None
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        if self._socket is not None:
            self._socket.close()
            self._socket = None
        if self.state is not None:
            self.state.close()
        self._server = None

    def run_forever(self) -> None:
        """Block until Ctrl+C / SIGTERM, then stop cleanly (the ``dftui emulator`` command)."""
        stop = threading.Event()
        previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
        for sig in previous:
            signal.signal(sig, lambda *_: stop.set())
        try:
            if self._thread is None:
                self.start()
            while not stop.wait(0.5):
                if self._thread is None or not self._thread.is_alive():
                    break
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            self.stop()

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
