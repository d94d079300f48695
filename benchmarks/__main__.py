"""``python -m benchmarks``: run the performance suite, print the table, write the JSON.

Options: ``--runs N`` (paired runs per figure, default 5), ``--quick`` (short CPU windows, for a
check while working), ``--only startup,cpu,refresh,big,huge,stalls`` (a subset), ``--json PATH`` (default
``benchmarks/results/latest.json``), ``--tree DIR`` (measure the dftui of another checkout, e.g.
a ``git worktree`` of an older commit, with this suite). Not part of the test run: it takes
about 25 minutes in full.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import big_account, huge_job, refresh, report, stalls, startup, terminal, watching
from benchmarks.context import ROOT, TREE_VARIABLE, Context, compile_tree
from benchmarks.stats import Figure

Measure = Callable[[Context], tuple[list[Figure], dict[str, object]]]
MEASUREMENTS: dict[str, Measure] = {
    "startup": startup.measure,
    "cpu": watching.measure,  # measurements 2 and 5 share one terminal session per condition
    "refresh": refresh.measure,
    "big": big_account.measure,
    "huge": huge_job.measure,
    "stalls": stalls.measure,
}
DEFAULT_JSON = ROOT / "benchmarks" / "results" / "latest.json"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="paired runs (samples) per figure (default 5)")
    parser.add_argument("--quick", action="store_true", help="12 s CPU windows instead of 60 s")
    parser.add_argument(
        "--only", default=",".join(MEASUREMENTS), help="comma-separated: " + ", ".join(MEASUREMENTS)
    )
    parser.add_argument(
        "--json",
        type=Path,
        default=DEFAULT_JSON,
        help=f"where to write the figures ({DEFAULT_JSON.relative_to(ROOT)})",
    )
    parser.add_argument("--tree", type=Path, default=None, help="measure the dftui package found in DIR")
    args = parser.parse_args(argv)
    if args.tree is not None and os.environ.get(TREE_VARIABLE) != str(args.tree.resolve()):
        tree = str(args.tree.resolve())
        # start again with that checkout first on the path, for this process and every child
        env = os.environ | {TREE_VARIABLE: tree, "PYTHONPATH": os.pathsep.join([tree, str(ROOT)])}
        os.chdir(tree)
        os.execve(sys.executable, [sys.executable, "-m", "benchmarks", *argv], env)
    chosen = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in MEASUREMENTS]
    if unknown:
        parser.error(f"unknown measurement(s): {', '.join(unknown)}")
    if shutil.which("tmux") is None and {"startup", "cpu"} & set(chosen):
        parser.error("tmux is needed for the start-up and CPU measurements")

    ctx = Context(runs=args.runs, quick=args.quick)
    compile_tree(ctx.root)
    if ctx.root != ROOT:
        compile_tree(ROOT)  # this suite's own modules (the reference app, the emulator runner)
    figures: list[Figure] = []
    details: dict[str, Any] = {}
    try:
        for name in chosen:
            started = time.monotonic()
            print(f"… {name}", file=sys.stderr, flush=True)
            found, extra = MEASUREMENTS[name](ctx)
            figures += found
            details |= extra
            print(f"  {name} took {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    finally:
        terminal.shutdown()
        shutil.rmtree(ctx.home, ignore_errors=True)
    print(report.table(figures))
    for title, value in details.items():
        print(f"\n{title}:")
        for row in value if isinstance(value, list) else [value]:
            print(f"  {row}")
    report.write_json(args.json, figures, details, {"runs": args.runs, "quick": args.quick, "only": chosen})
    print(f"\nwritten to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
