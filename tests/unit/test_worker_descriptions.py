"""Textual's ``@work`` describes a worker by the repr of every argument it is called with, unless
given a ``description``: the dashboard's worker over a snapshot of 100,000 executions spent
seconds of the UI loop on that repr before it started. So a decorated method that takes
arguments besides ``self`` names its own description."""

from __future__ import annotations

import ast
from pathlib import Path

import dftui

PACKAGE = Path(dftui.__file__).parent


def _work_decorator(node: ast.FunctionDef | ast.AsyncFunctionDef) -> ast.Call | ast.Name | None:
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(target, ast.Name) and target.id == "work":
            return decorator if isinstance(decorator, (ast.Call, ast.Name)) else None
    return None


def test_every_worker_taking_arguments_names_its_description() -> None:
    missing = []
    checked = 0
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            decorator = _work_decorator(node)
            if decorator is None:
                continue
            arguments = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
            if len(arguments) <= 1 and node.args.vararg is None and node.args.kwarg is None:
                continue
            checked += 1
            named = isinstance(decorator, ast.Call) and any(
                k.arg == "description" for k in decorator.keywords
            )
            if not named:
                missing.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {node.name}")
    assert checked >= 4  # the walk found the workers that take arguments
    assert not missing, missing
