"""When the TUI crashes anyway: restore the terminal, write a report without secrets, say where.

Textual catches an exception that escapes a handler or worker, exits the app and prints a
traceback *with local variables* (which can hold the secret key or a request signature). dftui
prints none of that. Instead :func:`guarded_run` writes a crash report to the state directory
(``~/.local/state/dftui/crashes/``, mode 0600): versions, the resolved profile as
``dftui config show`` prints it (secret masked), and the traceback without locals, every line
passed through the secret mask (the secret and its Base64 and URL-encoded forms) and with
anything that looks like a signature replaced. The terminal gets one line with the report's path,
and the exit status is 1.
"""

from __future__ import annotations

import contextlib
import io
import os
import platform
import re
import sys
import traceback
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dftui import __version__
from dftui.cli.common import EXIT_FAILED, error_line
from dftui.config import MASK, SecretMaskFilter
from dftui.config.paths import crash_report_dir, ensure_private_dir

# ``x-ncp-apigw-signature-v2: <base64>`` or ``signature='<base64>'``: never in a report
_SIGNATURE = re.compile(r"(?i)(signature[\w-]*['\"]?\s*[:=]\s*['\"]?)[A-Za-z0-9+/=_-]{16,}")
# The sequences that put a terminal back: leave the alternate screen, show the cursor, stop mouse
# reporting and bracketed paste. Harmless when the terminal is already back.
_RESET = "\x1b[?1049l\x1b[?25h\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?2004l\x1b[0m"


def scrub(text: str, mask: SecretMaskFilter) -> str:
    """``text`` with every known secret form and every signature-looking value masked."""
    return _SIGNATURE.sub(lambda match: match.group(1) + MASK, mask.mask(text))


def write_crash_report(
    error: BaseException,
    mask: SecretMaskFilter,
    *,
    context: list[str] | None = None,
    directory: Path | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> Path:
    """Write the report for ``error`` (mode 0600, directory 0700) and return its path."""
    stamp = now()
    lines = [
        f"dftui {__version__} crash report, {stamp.isoformat(timespec='seconds')}",
        f"python {platform.python_version()} on {platform.platform()}",
        f"textual {_version_of('textual')}, httpx {_version_of('httpx')}",
        f"command: {' '.join(['dftui', *sys.argv[1:]])}",
        "",
        *(context or []),
        "",
        "".join(traceback.format_exception(error)).rstrip("\n"),
        "",
    ]
    text = scrub("\n".join(lines), mask)
    folder = directory or crash_report_dir()
    ensure_private_dir(folder)
    path = folder / f"crash-{stamp.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.txt"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8", errors="backslashreplace") as handle:
        handle.write(text)
    return path


def _version_of(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


@contextlib.contextmanager
def _terminal_saved() -> Iterator[Callable[[], None]]:
    """Yield a function that puts the terminal back as it was before the app (POSIX ttys)."""
    saved: Any = None
    fd = -1
    with contextlib.suppress(Exception):
        import termios

        fd = sys.stdin.fileno()
        if os.isatty(fd):
            saved = termios.tcgetattr(fd)

    def restore() -> None:
        with contextlib.suppress(Exception):
            if saved is not None:
                import termios

                termios.tcsetattr(fd, termios.TCSADRAIN, saved)
        for stream in (sys.__stderr__, sys.__stdout__):  # Textual draws on stderr
            with contextlib.suppress(Exception):
                if stream is not None and stream.isatty():
                    stream.write(_RESET)
                    stream.flush()
                    break

    yield restore


def guarded_run(make_app: Callable[[], Any], mask: SecretMaskFilter, context: Callable[[], list[str]]) -> int:
    """Build and run the Textual app; on a crash write the report, print its path, return 1.

    ``context`` gives lines for the report (the resolved profile, secrets masked); it is called
    only after a crash.
    """
    from rich.console import Console

    with _terminal_saved() as restore:
        app: Any = None
        try:
            app = make_app()
            # Textual prints its own traceback, with locals, to ``error_console`` after a crash:
            # keep it off the terminal (the report has the traceback, without locals)
            app.error_console = Console(file=io.StringIO(), stderr=False, markup=False, highlight=False)
            app.run()
        except Exception as exc:  # raised building the app, or escaped Textual itself
            error: BaseException | None = exc
        else:
            error = getattr(app, "_exception", None)
        if error is None:
            return int(app.return_code or 0)
        restore()
    try:
        path = write_crash_report(error, mask, context=_safe_context(context))
    except OSError as exc:
        message = f"crashed ({type(error).__name__}) and could not write a crash report: {exc.strerror}"
        print(error_line(message), file=sys.stderr)
        return EXIT_FAILED
    summary = scrub(f"{type(error).__name__}: {error}", mask)[:200]
    print(
        error_line(f"crashed ({summary}); report without secrets: {path} (please attach it to a bug report)"),
        file=sys.stderr,
    )
    return EXIT_FAILED


def _safe_context(context: Callable[[], list[str]]) -> list[str]:
    try:
        return context()
    except Exception as exc:  # a report must not fail for want of its context
        return [f"(profile not available: {type(exc).__name__})"]
