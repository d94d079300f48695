"""If the TUI crashes anyway: the terminal is put back, a report without secrets is written to the
state directory, its path is printed on stderr, and the exit status is 1.

The crash is injected by the test alone: a child interpreter replaces ``DataFlowApp.on_mount``
with a function that raises, then runs the real ``dftui`` main in a pseudo-terminal. Nothing a
user can set reaches that code path.
"""

from __future__ import annotations

import base64
import os
import re
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from urllib.parse import quote

import pytest

termios = pytest.importorskip("termios")
pty = pytest.importorskip("pty")

SECRET = "CRASH/secret+KEY0123456789abcdefCRASH0"
SIGNATURE = "hELcrIvadb9Q1oEKjAzMCriJE9Y0irY+jYmX7skZ2vE="

CHILD = textwrap.dedent(
    """
    import base64, os, sys
    from urllib.parse import quote
    from dftui.ui.app import DataFlowApp

    def crash(self):
        secret_key = os.environ["NCLOUD_SECRET_KEY"]  # a local: Textual's own traceback shows locals
        signature = os.environ["TEST_SIGNATURE"]
        raise RuntimeError(
            f"injected crash {secret_key} b64={base64.b64encode(secret_key.encode()).decode()} "
            f"url={quote(secret_key, safe='')} x-ncp-apigw-signature-v2: {signature}"
        )

    DataFlowApp.on_mount = crash
    from dftui.cli import main
    sys.exit(main(sys.argv[1:]))
    """
)


ANSI = re.compile(rb"\x1b\[[0-9;?<>=$]*[A-Za-z~]|\x1b\][^\x07]*\x07|\x1b[=>]|\x07")


def _run_in_a_terminal(argv: list[str], env: dict[str, str]) -> tuple[int, bytes, list]:
    """Run the child on a pty (Textual draws on stderr, so both streams are the terminal):
    (exit status, every byte that reached the terminal, tty attributes after)."""
    master, slave = os.openpty()
    before = termios.tcgetattr(slave)
    try:
        process = subprocess.Popen(
            [sys.executable, "-c", CHILD, *argv],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            close_fds=True,
        )
        screen = bytearray()

        def drain() -> None:
            while True:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                screen.extend(chunk)

        reader = threading.Thread(target=drain, daemon=True)
        reader.start()
        process.wait(timeout=60)
        after = termios.tcgetattr(slave)
    finally:
        os.close(slave)
        reader.join(timeout=5)
        os.close(master)
    assert before[3] & termios.ECHO and before[3] & termios.ICANON
    return process.returncode, bytes(screen), after


def test_a_crash_writes_a_report_without_secrets(isolated_environment: Path) -> None:
    env = {
        **os.environ,
        "NCLOUD_ACCESS_KEY": "AK-crash-test",
        "NCLOUD_SECRET_KEY": SECRET,
        "NCLOUD_API_URL": "http://127.0.0.1:9",  # nothing is sent before the crash anyway
        "TEST_SIGNATURE": SIGNATURE,
        "TERM": "xterm-256color",
    }
    status, screen, tty_after = _run_in_a_terminal([], env)
    # what is left on the terminal once Textual's drawing (escape sequences only) is taken away
    err = ANSI.sub(b"", screen).decode("utf-8", "replace").replace("\r\n", "\n")

    assert status == 1, err
    crashes = isolated_environment / ".local" / "state" / "dftui" / "crashes"
    (report,) = crashes.iterdir()
    assert err.strip().splitlines() == [
        f"dftui: crashed (RuntimeError: injected crash ******** b64=******** url=******** "
        f"x-ncp-apigw-signature-v2: ********); report without secrets: {report} "
        "(please attach it to a bug report)"
    ]
    assert (report.stat().st_mode & 0o777, crashes.stat().st_mode & 0o777) == (0o600, 0o700)

    text = report.read_text(encoding="utf-8")
    assert "Traceback (most recent call last):" in text
    assert re.search(r'File ".*test_crash_report|File "<string>", line \d+, in crash', text)
    assert "RuntimeError: injected crash" in text
    assert re.search(r"access_key +\= \*\*\*\*test ", text)  # the profile, masked
    assert re.search(r"secret_key +\= \*{8} ", text)
    for secret_form in (
        SECRET,
        base64.b64encode(SECRET.encode()).decode(),
        quote(SECRET, safe=""),
        SIGNATURE,
        SIGNATURE[:20],
    ):
        assert secret_form not in text, secret_form
        assert secret_form.encode() not in screen, secret_form  # nor on the terminal
    assert b"Traceback" not in screen and "Traceback" not in err  # Textual's own (with locals) is kept off

    # the terminal is back in its normal mode: line editing and echo on
    assert tty_after[3] & termios.ECHO and tty_after[3] & termios.ICANON


def test_guarded_run_reports_an_exception_that_escapes_textual(
    isolated_environment: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from dftui.cli.crash import guarded_run
    from dftui.config import SecretMaskFilter

    class Exploding:
        return_code = 0

        def run(self) -> None:
            raise OSError(f"driver failed near {SECRET}")

    assert guarded_run(Exploding, SecretMaskFilter([SECRET]), lambda: ["profile = test"]) == 1
    (report,) = (isolated_environment / ".local" / "state" / "dftui" / "crashes").iterdir()
    text = report.read_text(encoding="utf-8")
    assert "OSError: driver failed near ********" in text and "profile = test" in text
    assert SECRET not in text and SECRET not in capsys.readouterr().err


def test_a_failure_building_the_app_is_a_crash_too(
    isolated_environment: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from dftui.cli.crash import guarded_run
    from dftui.config import SecretMaskFilter

    def make_app() -> None:
        raise ValueError("the session could not open")

    assert guarded_run(make_app, SecretMaskFilter(), lambda: []) == 1
    assert "crashed (ValueError: the session could not open)" in capsys.readouterr().err
    (report,) = (isolated_environment / ".local" / "state" / "dftui" / "crashes").iterdir()
    assert "ValueError: the session could not open" in report.read_text(encoding="utf-8")


def test_a_clean_exit_writes_no_report(isolated_environment: Path) -> None:
    from dftui.cli.crash import guarded_run
    from dftui.config import SecretMaskFilter

    class Quits:
        return_code = 0
        _exception = None

        def run(self) -> None:
            return None

    assert guarded_run(Quits, SecretMaskFilter(), lambda: []) == 0
    assert not (isolated_environment / ".local" / "state" / "dftui" / "crashes").exists()
