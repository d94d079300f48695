"""What every measurement needs: how many runs, a private home directory, the commands to run."""

from __future__ import annotations

import compileall
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TREE_VARIABLE = "DFTUI_BENCH_TREE"
"""Set by ``--tree``: the checkout whose ``dftui`` is measured (this one when unset)."""


@dataclass
class Context:
    """Settings of one suite run; ``home`` keeps a developer's own config and demo data out."""

    runs: int = 5
    quick: bool = False
    home: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="dftui-bench-")))

    @property
    def root(self) -> Path:
        """Where commands run: the measured checkout (its directory comes first on the path)."""
        tree = os.environ.get(TREE_VARIABLE)
        return Path(tree) if tree else ROOT

    @property
    def dftui(self) -> list[str]:
        """The installed ``dftui`` script, as a user starts it."""
        script = Path(sys.executable).with_name("dftui")
        return [str(script)] if script.exists() else [sys.executable, "-m", "dftui"]

    @property
    def python(self) -> str:
        return sys.executable

    def env(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        """A clean environment: no credentials, config or demo data from the developer's home."""
        base = {
            "HOME": str(self.home),
            "XDG_CONFIG_HOME": str(self.home / "config"),
            "XDG_DATA_HOME": str(self.home / "data"),
            "XDG_STATE_HOME": str(self.home / "state"),
            "XDG_CACHE_HOME": str(self.home / "cache"),
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "TERM": "xterm-256color",
            "COLORTERM": "truecolor",
            "LANG": "C.UTF-8",
            "PYTHONPATH": os.pathsep.join([*filter(None, [os.environ.get(TREE_VARIABLE)]), str(ROOT)]),
        }
        return base | (extra or {})


def compile_tree(root: Path) -> None:
    """Write the bytecode of every module the measured processes import from ``root``.

    An installed dftui carries its bytecode (pip compiles at install). A checkout has none until
    a Python process writes it, and one that inherits ``PYTHONDONTWRITEBYTECODE`` (as every tmux
    pane of the suite does on a machine that sets it) never writes it: each measured start would
    compile every dftui module from source again, a cost no user pays.
    """
    for package in ("dftui", "benchmarks"):
        compileall.compile_dir(root / package, quiet=1)
