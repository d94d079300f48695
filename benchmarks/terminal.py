"""A real terminal to run the app in: tmux on a private socket, 120x40.

Start-up is timed from just before tmux is asked to run the command until the pane first shows
a marker (a regular expression), read with ``capture-pane`` every :data:`POLL_S`. The app and the
reference are measured the same way, so the polling cost and tmux's own start-up cancel out in
the ratio.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import signal
import subprocess
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

SOCKET = f"dftui-bench-{os.getpid()}"
WIDTH, HEIGHT = 120, 40
POLL_S = 0.01


class TerminalTimeout(Exception):
    """The marker did not show in time; carries the last screen for the report."""


def _tmux(*args: str, check: bool = True) -> str:
    done = subprocess.run(
        ["tmux", "-L", SOCKET, *args], capture_output=True, text=True, check=False, timeout=30
    )
    if check and done.returncode != 0:
        raise RuntimeError(f"tmux {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout


class Pane:
    """One command running in its own tmux session."""

    _count = 0

    def __init__(self, command: Sequence[str], env: Mapping[str, str], cwd: Path) -> None:
        Pane._count += 1
        self.name = f"run{Pane._count}"
        exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
        # exec: the pane's process *is* the command, so its pid is the one to read CPU time from
        self.shell = f"cd {shlex.quote(str(cwd))} && exec env {exports} {shlex.join(command)}"
        self.started = 0.0

    def start(self) -> None:
        self.started = time.perf_counter()
        _tmux("new-session", "-d", "-s", self.name, "-x", str(WIDTH), "-y", str(HEIGHT), self.shell)

    def screen(self) -> str:
        return _tmux("capture-pane", "-p", "-t", self.name, check=False)

    def wait_for(self, pattern: str, timeout: float = 30.0) -> float:
        """Seconds from :meth:`start` until ``pattern`` shows on the screen."""
        marker = re.compile(pattern)
        deadline = time.perf_counter() + timeout
        while True:
            text = self.screen()
            now = time.perf_counter()
            if marker.search(text):
                return now - self.started
            if now > deadline:
                raise TerminalTimeout(f"{pattern!r} did not show in {timeout:g}s; screen:\n{text}")
            time.sleep(POLL_S)

    @property
    def pid(self) -> int:
        return int(_tmux("display-message", "-p", "-t", self.name, "#{pane_pid}").strip())

    def keys(self, *keys: str, literal: bool = False) -> None:
        _tmux("send-keys", "-t", self.name, *(["-l"] if literal else []), *keys)

    def close(self) -> None:
        """End the session and wait until its process is gone, so runs never overlap."""
        try:
            pid: int | None = self.pid
        except (RuntimeError, ValueError):
            pid = None
        _tmux("kill-session", "-t", self.name, check=False)
        if pid is None:
            return
        deadline = time.perf_counter() + 10
        while Path(f"/proc/{pid}").exists():
            if time.perf_counter() > deadline:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                deadline += 10
            time.sleep(0.02)


@contextlib.contextmanager
def pane(command: Sequence[str], env: Mapping[str, str], cwd: Path) -> Iterator[Pane]:
    running = Pane(command, env, cwd)
    running.start()
    try:
        yield running
    finally:
        running.close()


def shutdown() -> None:
    """Stop this suite's private tmux server (only ours: it has its own socket)."""
    _tmux("kill-server", check=False)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of ``pid`` (and its reaped children) from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")
