"""The ``dftui`` command's entry point: the collector is paused before the heavy imports start.

:mod:`dftui.cli` imports the configuration (pydantic-settings); the app then imports Textual and
the screens. All of that runs with :func:`dftui.startup.pause_collector` in effect, and every path
out resumes it (the app as soon as its first data frame is drawn, see :mod:`dftui.startup`).
"""

from __future__ import annotations

from collections.abc import Sequence

from dftui.startup import pause_collector, resume_collector


def main(argv: Sequence[str] | None = None) -> int:
    pause_collector()
    try:
        from dftui.cli import main as cli_main

        return cli_main(argv)
    finally:
        resume_collector()
