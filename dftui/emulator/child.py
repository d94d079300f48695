"""The demo emulator in a child process, so that it starts while the UI loads.

FastAPI, uvicorn and the emulator take about as long to import as the UI does. In one process
they would take turns (the GIL), so ``dftui --demo`` spawns this child first and runs the UI
meanwhile. The parent binds the listening socket itself and hands it to the child, so the URL is
known at once: the UI starts without waiting, and its first requests wait in the socket's
backlog until the child serves. The parent chooses the keys (passed on stdin, never on the
command line, which ``ps`` shows) and keeps the child's stdin open: when it closes, because
dftui exits or dies, the child stops its server and exits.

The child is a new interpreter, not a fork of the parent. A fork would start with pydantic and
dftui already imported and served about 100 ms sooner (185 ms against 290 ms, measured), but the
parent then paid for copy-on-write faults on its whole heap: its first data frame came 30-45 ms
later, not sooner.

Protocol: the parent writes one JSON line, ``{"options": EmulatorOptions as a dict,
"listen_fd": N}``; the child answers one line, ``{"base_url": ...}`` or ``{"error": ...}``.
"""

from __future__ import annotations

import dataclasses
import json
import secrets
import signal
import socket
import string
import subprocess
import sys
from typing import IO, Any

from dftui.emulator.listen import listening_socket
from dftui.emulator.options import EmulatorOptions
from dftui.startup import pause_collector, resume_collector

READY_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 10.0
_ALNUM = string.ascii_letters + string.digits


def _key(length: int) -> str:
    return "".join(secrets.choice(_ALNUM) for _ in range(length))


class EmulatorChild:
    """A demo emulator starting in a child process.

    Stands in for :class:`~dftui.emulator.server.EmulatorServer` where dftui runs its demo:
    ``start``, ``stop``, ``base_url`` and the keys. ``base_url`` is valid from :meth:`spawn` on
    (requests wait until the child serves); :meth:`start` waits for the child's answer."""

    def __init__(self, process: subprocess.Popen[str], options: EmulatorOptions, base_url: str) -> None:
        self._process = process
        self.options = options
        self.base_url = base_url

    @classmethod
    def spawn(cls, options: EmulatorOptions) -> EmulatorChild:
        """Bind the port, start the child on it now; ``OSError`` when the port cannot be bound."""
        if options.access_key is None:
            options = dataclasses.replace(options, access_key=_key(20), secret_key=_key(40))
        sock = listening_socket(options.host, options.port)
        try:
            host, port = sock.getsockname()[:2]
            process = subprocess.Popen(
                [sys.executable, "-m", "dftui.emulator.child"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,  # the terminal belongs to the UI
                text=True,
                pass_fds=(sock.fileno(),),
            )
            child = cls(process, options, f"http://{host}:{port}")
            try:
                _write_line(
                    process.stdin, {"options": dataclasses.asdict(options), "listen_fd": sock.fileno()}
                )
            except OSError as exc:
                child.stop()
                raise RuntimeError(f"the emulator process did not start: {exc}") from exc
        finally:
            sock.close()  # the child has its own copy: when it exits, connections are refused
        return child

    @property
    def access_key(self) -> str:
        return self.options.access_key or ""

    @property
    def secret_key(self) -> str:
        return self.options.secret_key or ""

    def start(self, timeout: float = READY_TIMEOUT_S) -> EmulatorChild:
        """Block until the server listens; ``RuntimeError`` with the child's reason otherwise."""
        stdout = self._process.stdout
        assert stdout is not None
        answer = _read_line(stdout, timeout)
        if answer is None:
            self.stop()
            raise RuntimeError("the emulator process exited before it was ready")
        if "error" in answer:
            self.stop()
            raise RuntimeError(str(answer["error"]))
        return self

    def stop(self) -> None:
        """Close the lifeline and wait for the child to stop its server (killed if it hangs)."""
        if self._process.stdin is not None and not self._process.stdin.closed:
            try:
                self._process.stdin.close()
            except OSError:
                pass
        try:
            self._process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        if self._process.stdout is not None:
            self._process.stdout.close()


def _write_line(stream: IO[str] | None, data: dict[str, Any]) -> None:
    assert stream is not None
    stream.write(json.dumps(data) + "\n")
    stream.flush()


def _read_line(stream: IO[str], timeout: float) -> dict[str, Any] | None:
    import selectors

    with selectors.DefaultSelector() as selector:
        selector.register(stream, selectors.EVENT_READ)
        if not selector.select(timeout):
            return {"error": f"the emulator did not answer within {timeout:g} s"}
    line = stream.readline()
    if not line:
        return None
    answer: dict[str, Any] = json.loads(line)
    return answer


def main() -> int:
    """The child: serve until stdin closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # ctrl+c is the UI's; the lifeline ends us
    request = json.loads(sys.stdin.readline())
    options = EmulatorOptions(**request["options"])
    pause_collector()  # FastAPI, uvicorn and the store are imported and built: nothing to free
    try:
        from dftui.emulator.options import build_server

        server = build_server(options, listen_socket=socket.socket(fileno=request["listen_fd"]))
        server.start()
    except Exception as exc:
        _write_line(sys.stdout, {"error": f"{type(exc).__name__}: {exc}"})
        return 1
    finally:
        resume_collector("the emulator is built")
    try:
        _write_line(sys.stdout, {"base_url": server.base_url})
        sys.stdin.read()
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
