"""Measurement 1: start-up to the first frame that shows data, in a real terminal.

``dftui`` against an emulator that is already running, and ``dftui --demo`` with its database
already created, each paired run by run with :mod:`benchmarks.reference_app`. The header's
``updated …`` appears in the same frame as the first data (``DataScreen`` marks the screen fresh
right after ``show``), so it is the marker for dftui. Plus what importing costs: wall time and
peak memory of ``import dftui.ui.app`` against ``textual.app`` + ``DataTable``, and the modules
with the most import time.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Callable

from benchmarks.context import Context
from benchmarks.emulator import emulator
from benchmarks.reference_app import MARKER
from benchmarks.stats import Figure, Target, paired
from benchmarks.terminal import pane

GROUP = "1 start-up"
DATA_MARKER = r"│ updated \d+s ago"
REFERENCE_IMPORT = "import textual.app, textual.widgets._data_table"
STACK_IMPORT = (
    # as dftui imports it: httpx without its command line, the garbage collector paused
    "import gc, sys; gc.disable(); sys.modules.setdefault('httpx._main', None); "
    + REFERENCE_IMPORT
    + ", pydantic, pydantic_settings, httpx, httpcore; import dftui.config"
)
"""The runtime stack dftui cannot start without (configuration and HTTP), imported with nothing of
the UI: a floor under the start-up ratio, measured beside the reference's imports and beside the
reference's whole start-up."""


def _first_frame(ctx: Context, command: list[str], marker: str, env: dict[str, str]) -> Callable[[], float]:
    def once() -> float:
        with pane(command, ctx.env(env), ctx.root) as running:
            return running.wait_for(marker, timeout=60)

    return once


def _ratio_figure(name: str, a: list[float], b: list[float], limit: float) -> Figure:
    return Figure(
        GROUP,
        name,
        "x",
        [x / y for x, y in zip(a, b, strict=True)],
        Target(limit, f"≤ {limit:g}x"),
        note="pair by pair",
    )


def _import_once(ctx: Context, statement: str) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of a fresh ``python -c statement``."""
    started = time.perf_counter()
    process = subprocess.Popen([ctx.python, "-c", statement], env=ctx.env(), cwd=ctx.root)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise RuntimeError(f"{statement!r} failed")
    return elapsed, usage.ru_maxrss / 1024


def heaviest_imports(ctx: Context, module: str, count: int = 12) -> list[tuple[str, float, float]]:
    """(module, self ms, cumulative ms) of the ``count`` slowest imports of ``module`` by self time."""
    done = subprocess.run(
        [ctx.python, "-X", "importtime", "-c", f"import {module}"],
        env=ctx.env(),
        cwd=ctx.root,
        capture_output=True,
        text=True,
        check=True,
    )
    rows: list[tuple[str, float, float]] = []
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if match:
            rows.append((match.group(4), int(match.group(1)) / 1000, int(match.group(2)) / 1000))
    return sorted(rows, key=lambda row: row[1], reverse=True)[:count]


def measure(ctx: Context) -> tuple[list[Figure], dict[str, object]]:
    runs = ctx.runs
    reference = _first_frame(ctx, [ctx.python, "-m", "benchmarks.reference_app"], MARKER, {})
    figures: list[Figure] = []

    with emulator(cwd=ctx.root) as running:
        app = _first_frame(ctx, [*ctx.dftui, "--refresh", "2"], DATA_MARKER, running.env())
        app(), reference()  # warm the file cache
        a, b = paired(runs, app, reference)
    reference_starts = b
    figures += [
        Figure(GROUP, "dftui, running emulator: first data frame", "s", a),
        Figure(GROUP, "reference for it: 40-row DataTable", "s", b),
        _ratio_figure("dftui / reference (running emulator)", a, b, 1.5),
    ]

    demo = _first_frame(ctx, [*ctx.dftui, "--demo", "--refresh", "2"], DATA_MARKER, {})
    demo()  # creates the demo database (the measurement is of a later start)
    a, b = paired(runs, demo, reference)
    figures += [
        Figure(GROUP, "dftui --demo: first data frame", "s", a),
        Figure(GROUP, "reference for it: 40-row DataTable", "s", b),
        _ratio_figure("dftui --demo / reference", a, b, 2.0),
    ]

    app_imports = [_import_once(ctx, "import dftui.ui.app") for _ in range(runs)]
    ref_imports = [_import_once(ctx, REFERENCE_IMPORT) for _ in range(runs)]
    contract = [_import_once(ctx, "import dftui.api.contract")[0] for _ in range(runs)]
    stack = [_import_once(ctx, STACK_IMPORT)[0] for _ in range(runs)]
    figures += [
        Figure(GROUP, "import dftui.ui.app", "s", [t for t, _ in app_imports]),
        Figure(GROUP, "import textual.app + DataTable", "s", [t for t, _ in ref_imports]),
        Figure(GROUP, "import dftui.ui.app: peak RSS", "MB", [m for _, m in app_imports]),
        Figure(GROUP, "import textual.app + DataTable: peak RSS", "MB", [m for _, m in ref_imports]),
        Figure(GROUP, "import dftui.api.contract", "s", contract),
        Figure(
            GROUP, "import of the runtime stack (+ pydantic, pydantic-settings, httpx, config)", "s", stack
        ),
        Figure(
            GROUP,
            "runtime stack / textual.app + DataTable (imports only)",
            "x",
            [x / y for x, y in zip(stack, [t for t, _ in ref_imports], strict=True)],
            note="the floor under the start-up ratios",
        ),
        Figure(
            GROUP,
            "runtime stack imports (a whole process) / the minimal app's whole start-up",
            "x",
            [x / y for x, y in zip(stack, reference_starts, strict=True)],
            note="above 1.5x, no single dftui process can meet the start-up target",
        ),
    ]
    details: dict[str, object] = {
        "heaviest imports of dftui.ui.app (module, self ms, cumulative ms)": heaviest_imports(
            ctx, "dftui.ui.app"
        ),
        "heaviest imports of dftui.cli": heaviest_imports(ctx, "dftui.cli", 6),
    }
    return figures, details
