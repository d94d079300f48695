"""Drive the installed ``dftui --demo`` in a real terminal (tmux) and read the screen like a user."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest

from dftui.api import DataFlowClient
from dftui.emulator import EmulatorServer, ManualClock, SimulationSettings
from dftui.timeutil import KST

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
        # COLUMNS/LINES exported into a test's environment (80x24) would win over the pane's size
        self.tmux(
            "new-session", "-d", "-s", "app", "-x", "120", "-y", "40", f"env -u COLUMNS -u LINES {command}"
        )

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "app")

    def press(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "app", *keys)

    def type(self, text: str) -> None:
        """Literal text, as typed (``-l``: no key names)."""
        self.tmux("send-keys", "-t", "app", "-l", text)

    def cursor_row(self) -> int:
        """The line of the terminal cursor, which Textual keeps in the focused text field."""
        return int(self.tmux("display", "-p", "-t", "app", "#{cursor_y}").strip() or -1)

    def wait_for_field(self, label: str, timeout: float = 10.0) -> None:
        """Until the text cursor is in the field under ``label``: a key binding (tab) may still be
        pending when the next characters arrive, and those would land in the field left behind."""

        def in_field(screen: str) -> bool:
            rows = [n for n, line in enumerate(screen.splitlines()) if line.strip(" │").strip() == label]
            return bool(rows) and self.cursor_row() == rows[0] + 1

        self.wait_until(in_field, f"the cursor in the {label} field", timeout)

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


def wait_for_line(path: Path, text: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and text in path.read_text(encoding="utf-8", errors="replace"):
            return
        time.sleep(0.1)
    found = path.read_text(encoding="utf-8", errors="replace") if path.exists() else "(no file)"
    raise AssertionError(f"{text!r} not in {path} within {timeout:g}s:\n{found[-2000:]}")


def test_demo_in_a_real_terminal(terminal: Terminal, tmp_path: Path) -> None:
    assert DFTUI.exists(), f"the dftui script is not installed next to {sys.executable}"
    log = tmp_path / "debug.log"
    terminal.start(f"TEXTUAL_ANIMATIONS=none {DFTUI} --demo --seed 42 --debug={log}")

    screen = terminal.wait_for("Dashboard", "demo emulator", "Last 7 days")
    assert "Demo" in screen
    # start-up pauses the garbage collector; the first data frame, not the time limit, resumes it
    wait_for_line(log, "garbage collector resumed (first data frame drawn)")

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


# ------------------------------------------------------------ writes through the forms
#
# dftui is pointed at an emulator this test runs (an empty account, every run succeeds, a clock the
# test moves), so the test can make the workflow's run end and read back what the forms changed.

ROLE = "nrn:PUB:IAM::1234567:Role/e2e-dataflow"
TRIGGER, JOB, WORKFLOW = "e2e_manual", "e2e_script", "e2e_flow"


def test_the_screen_is_drawn_again_after_the_editor_hands_the_terminal_back(
    terminal: Terminal, tmp_path: Path
) -> None:
    """``ctrl+o`` gives the terminal to $EDITOR; whatever the editor left on it is drawn over when
    dftui takes it back, at the same size (a size report that repeats the size is not a redraw)."""
    editor = tmp_path / "scribble.sh"
    editor.write_text(
        "#!/bin/sh\nprintf '\\033[2J\\033[H'\n"
        "i=0; while [ $i -lt 45 ]; do echo SCRIBBLE-SCRIBBLE-SCRIBBLE-SCRIBBLE; i=$((i+1)); done\n"
        "sleep 0.3\n"
    )
    editor.chmod(0o755)
    terminal.start(f"env TEXTUAL_ANIMATIONS=none VISUAL={editor} {DFTUI} --demo --seed 42")
    terminal.wait_for("Dashboard", "demo emulator", "Last 7 days")
    terminal.press("4")
    terminal.wait_for("Triggers", "triggers ·")
    terminal.press("n")
    terminal.wait_for("New trigger")
    terminal.press("C-o")
    screen = terminal.wait_for("The JSON was not changed in the editor", "New trigger")
    assert "SCRIBBLE" not in screen
    assert "dftui" in screen.splitlines()[0] and "Triggers" in screen.splitlines()[0]
    terminal.press("Escape")
    terminal.wait_until(lambda screen: "New trigger" not in screen, "the form closed")
    terminal.press("C-q")


@pytest.fixture
def account() -> Iterator[EmulatorServer]:
    settings = SimulationSettings(failure_rate=0.0, wait_seconds=(1.0, 2.0), run_seconds=(5.0, 10.0))
    clock = ManualClock(datetime.now(KST))
    with EmulatorServer(db_path=":memory:", clock=clock, demo=False, settings=settings) as server:
        yield server


def row_of(screen: str, name: str) -> str:
    """The screen line that starts with ``name`` (a list row), or ''."""
    return next((line for line in screen.splitlines() if line.split()[:1] == [name]), "")


def names_left(server: EmulatorServer) -> set[str]:
    """Names of every trigger, job and workflow the emulator holds, read through the client."""

    async def read() -> set[str]:
        async with DataFlowClient(server.base_url, server.access_key, server.secret_key) as client:
            found = await client.collect_all(client.get_triggers)
            found += await client.collect_all(client.get_jobs)
            found += await client.collect_all(client.get_workflows)
            return {item.name for item in found}

    return asyncio.run(read())


def delete_with_name(terminal: Terminal, kind: str, name: str) -> None:
    """``d`` on the selected row, the exact name typed, ``enter``; the row leaves the list."""
    terminal.press("d")
    terminal.wait_for(f"Delete {kind} {name}?", f"Type the {kind}'s name")
    terminal.type(name)
    terminal.wait_for("enter deletes ")
    terminal.press("Enter")
    terminal.wait_until(lambda screen: "Delete " not in screen and not row_of(screen, name), f"{name} gone")


def test_create_run_and_delete_through_the_forms(terminal: Terminal, account: EmulatorServer) -> None:
    started = time.monotonic()
    clock = account.clock
    assert isinstance(clock, ManualClock)
    terminal.start(
        f"env TEXTUAL_ANIMATIONS=none NCLOUD_ACCESS_KEY={account.access_key} "
        f"NCLOUD_SECRET_KEY={account.secret_key} {DFTUI} --api-url {account.base_url} --refresh 1"
    )
    terminal.wait_for("Dashboard")

    # a manual trigger: n, a name, Type -> Manual, ctrl+s
    terminal.press("4")
    terminal.wait_for("Triggers", "0 triggers")
    terminal.press("n")
    terminal.wait_for("New trigger", "Fires every day at 09:00")
    terminal.type(TRIGGER)
    terminal.press("Tab", "Enter")
    terminal.wait_for("Manual (run on demand)", "Event (external caller)")  # the list is open
    terminal.press("Down", "Enter")
    terminal.wait_until(
        lambda screen: "Schedule" not in screen and "Event (external caller)" not in screen,
        "the list closed and the schedule fields hidden for Manual",
    )
    terminal.press("C-s")
    screen = terminal.wait_until(lambda screen: bool(row_of(screen, TRIGGER)), "the new trigger in the list")
    assert "New trigger" not in screen and "NONE" in row_of(screen, TRIGGER)

    # a SCRIPT job with the three settings a run needs, typed before the type is changed (a Select
    # takes the focus back only after its list has closed)
    terminal.press("3")
    terminal.wait_for("Jobs", "0 jobs")
    terminal.press("n")
    terminal.wait_for("New job", "Node graph")
    terminal.type(JOB)
    terminal.wait_for(JOB)
    # Description, Type, Max concurrent runs, Node graph, Workers, Timeout, Worker type: then Role NRN
    terminal.press(*["Tab"] * 8)
    for label, value in (
        ("Role NRN", ROLE),
        ("Script path", "e2e-bucket/scripts/e2e.py"),
        ("Log path", "e2e-bucket/sparkHistoryLogs/"),
    ):
        if label != "Role NRN":
            terminal.press("Tab")
        terminal.wait_for_field(label)
        terminal.type(value)
        terminal.wait_for(value)
    terminal.press(*["BTab"] * 8, "Enter")  # back from Log path to Type: open its list
    terminal.wait_for("Visual (a graph of nodes)", "Script (runs the script at the script path)")
    terminal.press("Down", "Enter")
    terminal.wait_until(
        lambda screen: "Node graph" not in screen and "Visual (a graph of nodes)" not in screen,
        "the list closed and the node graph hidden for a SCRIPT job",
    )
    terminal.press("C-s")
    screen = terminal.wait_until(lambda screen: bool(row_of(screen, JOB)), "the new job in the list")
    assert "New job" not in screen and "SCRIPT" in row_of(screen, JOB) and "READY" in row_of(screen, JOB)

    # a workflow: the start trigger picked by typing, then the job added with a in its graph
    terminal.press("2")
    terminal.wait_for("Workflows", "0 workflows")
    terminal.press("n")
    terminal.wait_for("New workflow", "0 jobs")
    terminal.type(WORKFLOW)
    terminal.wait_for(WORKFLOW)
    terminal.press("Tab", "Enter")  # Start trigger: open its list
    terminal.wait_for("New manual trigger (created on save)", TRIGGER)
    terminal.type("e2e")
    terminal.press("Enter")
    terminal.wait_until(
        lambda screen: f"⚑ {TRIGGER}" in screen and "New manual trigger" not in screen,
        "the list closed and the graph starting from the chosen trigger",
    )
    terminal.press("Tab")
    terminal.wait_for("a Add job")  # the footer lists the graph's keys once it has the focus
    terminal.press("a")
    terminal.wait_for("Add a job", "type to filter")
    terminal.type(JOB)
    terminal.press("Enter")
    terminal.wait_for("1 job", JOB)
    terminal.press("C-s")
    screen = terminal.wait_until(
        lambda screen: bool(row_of(screen, WORKFLOW)), "the new workflow in the list"
    )
    assert "New workflow" not in screen and TRIGGER in row_of(screen, WORKFLOW)

    # run it and move the emulator's clock until its execution has completed
    terminal.press("x")
    terminal.wait_for(f"Run workflow {WORKFLOW}?")
    terminal.press("y")
    terminal.wait_for("Run accepted")
    deadline = time.monotonic() + 20
    while "COMPLETED" not in row_of(terminal.screen(), WORKFLOW):
        assert time.monotonic() < deadline, f"the run did not complete:\n{terminal.screen()}"
        clock.advance(5)
        time.sleep(0.5)
    terminal.press("Enter")  # the workflow's view lists the execution
    terminal.wait_until(
        lambda screen: any(
            JOB in line and "COMPLETED" in line for line in screen.split("Executions", 1)[-1].splitlines()
        ),
        "the job's execution COMPLETED",
    )
    terminal.press("Escape")
    terminal.wait_until(lambda screen: bool(row_of(screen, WORKFLOW)), "back on the workflows list")

    # delete all three, each by its typed name (the workflow first: it uses the other two)
    delete_with_name(terminal, "workflow", WORKFLOW)
    terminal.press("3")
    terminal.wait_for("Jobs", JOB)
    delete_with_name(terminal, "job", JOB)
    terminal.press("4")
    terminal.wait_for("Triggers", TRIGGER)
    delete_with_name(terminal, "trigger", TRIGGER)
    terminal.wait_for("0 triggers")
    assert names_left(account) == set()
    assert time.monotonic() - started < 60
