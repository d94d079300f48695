"""Drive the installed ``dftui --demo`` in a real terminal (tmux) and read the screen like a user."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

DFTUI = Path(sys.executable).with_name("dftui")


class Terminal:
    """One tmux server of our own (``-L``), so it inherits this test's isolated HOME."""

    def __init__(self, socket: str) -> None:
        self.socket = socket

    def tmux(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=False
        ).stdout

    def start(self, command: str) -> None:
        self.tmux("new-session", "-d", "-s", "app", "-x", "120", "-y", "40", command)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "app")

    def press(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "app", *keys)

    def alive(self) -> bool:
        return (
            subprocess.run(
                ["tmux", "-L", self.socket, "has-session", "-t", "app"], capture_output=True
            ).returncode
            == 0
        )

    def wait_for(self, *texts: str, timeout: float = 30.0) -> str:
        return self.wait_until(lambda screen: all(text in screen for text in texts), repr(texts), timeout)

    def wait_until(self, seen: Callable[[str], bool], what: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if seen(screen):
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{what} did not appear within {timeout}s; the screen was:\n{screen}")


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    term = Terminal(f"dftui-e2e-{os.getpid()}")
    try:
        yield term
    finally:
        term.tmux("kill-server")


def test_demo_in_a_real_terminal(terminal: Terminal) -> None:
    assert DFTUI.exists(), f"the dftui script is not installed next to {sys.executable}"
    terminal.start(f"TEXTUAL_ANIMATIONS=none {DFTUI} --demo --seed 42")

    screen = terminal.wait_for("Dashboard", "demo emulator", "Last 7 days")
    assert "Demo" in screen

    terminal.press("2")
    terminal.wait_for("Workflows", "workflows ·")
    terminal.press("4")
    screen = terminal.wait_for("Triggers", "triggers ·")
    assert "every" in screen  # rules are shown in words

    terminal.press("3")
    screen = terminal.wait_for("Jobs", "jobs ·")
    first_job = screen.splitlines()[2].split()[0]

    terminal.press("Enter")
    terminal.wait_for("Run configuration", "Executions", first_job)
    statuses = ("COMPLETED", "FAILED", "RUNNING", "READY", "CANCELED")
    terminal.wait_until(
        lambda screen: any(s in screen.split("Executions", 1)[-1] for s in statuses), "an execution row"
    )

    terminal.press("Escape")
    terminal.wait_for("jobs ·")

    terminal.press("C-q")
    deadline = time.monotonic() + 15
    while terminal.alive() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not terminal.alive(), "dftui did not exit on ctrl+q"
