"""The garbage collector paused for start-up (``dftui.startup``) is running again when it should be.

The ``dftui`` command pauses it before its first import; the TUI resumes it once its first screen
has drawn data or an error, and every other command before it does its work. A collector left
off would let a day-long session's reference cycles pile up, so each path is checked on the
process's own collector (the real-terminal test checks the first-frame path in the real command).
"""

from __future__ import annotations

import gc
import socket
from collections.abc import Iterator

import pytest

from dftui import cli, launch
from dftui.emulator import EmulatorServer
from dftui.startup import collector_paused, pause_collector
from dftui.ui.widgets.status_line import StatusLine
from tests.ui.conftest import make_app, make_client, settle


@pytest.fixture
def paused() -> Iterator[None]:
    """Start-up's state: the collector off; afterwards the process's collector as it was."""
    assert gc.isenabled()
    pause_collector()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.enable()
        assert not collector_paused()


async def test_the_first_data_frame_resumes_the_collector(paused: None, emulator: EmulatorServer) -> None:
    app = make_app(emulator)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.screen.query_one(StatusLine).has_data
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0  # what start-up built is out of the collector's way


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_a_first_load_that_fails_resumes_it_too(paused: None, emulator: EmulatorServer) -> None:
    client = make_client(emulator, base_url=f"http://127.0.0.1:{_closed_port()}")
    app = make_app(emulator, client=client)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.screen.query_one(StatusLine).stale is not None  # the error is on screen
        assert gc.isenabled()


def test_other_commands_run_with_the_collector_on(
    paused: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen: list[bool] = []

    def path_command(args: object) -> int:
        seen.append(gc.isenabled())
        return 0

    monkeypatch.setattr(cli, "config_path_command", path_command)
    assert launch.main(["config", "path"]) == 0
    assert seen == [True]
