"""--help/--version through the real interpreter and through main()."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dftui import __version__
from dftui.cli import main


def _python(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=60, check=False)


def test_python_dash_m_version() -> None:
    result = _python("-m", "dftui", "--version")
    assert result.returncode == 0
    assert result.stdout.strip() == "dftui 0.1.0"


def test_python_dash_m_help() -> None:
    result = _python("-m", "dftui", "--help")
    assert result.returncode == 0
    for word in (
        "--profile",
        "--demo",
        "--read-only",
        "--refresh",
        "--api-url",
        "--debug",
        "config",
        "emulator",
    ):
        assert word in result.stdout


def test_help_imports_neither_textual_nor_emulator() -> None:
    """Of the emulator, the parser needs only its light options module."""
    code = (
        "import sys, contextlib, io\n"
        "from dftui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "    main(['--help'])\n"
        "heavy = [m for m in ('textual', 'dftui.ui', 'httpx', 'fastapi', 'uvicorn') if m in sys.modules]\n"
        "print(heavy, sorted(m for m in sys.modules if m.startswith('dftui.emulator')))\n"
    )
    result = _python("-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[] ['dftui.emulator', 'dftui.emulator.options']"


def test_main_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out.strip() == f"dftui {__version__}"


def test_main_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--help"])
    assert stopped.value.code == 0
    assert "usage: dftui" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [["--refresh", "soon"], ["--speed", "0"], ["config"], ["--bogus"]])
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    assert "usage: dftui" in capsys.readouterr().err
