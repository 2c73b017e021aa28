"""Count the parameters of the public Python API that are unannotated or annotated ``Any``.

Public: functions and methods whose names do not start with "_" (plus ``__init__``) in modules
and classes whose names do not start with "_", under python/src/aqm.  ``self``/``cls`` and
``*args``/``**kwargs`` are not counted.  Usage: python scripts/count_untyped.py [GIT_REV]
(without a revision: the working tree)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "python/src/aqm"


def sources(rev: str | None) -> dict[str, str]:
    if rev is None:
        return {str(p.relative_to(ROOT)): p.read_text() for p in (ROOT / PACKAGE).rglob("*.py")}
    names = subprocess.run(
        ["git", "ls-tree", "-r", "--name-only", rev, PACKAGE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return {
        n: subprocess.run(
            ["git", "show", f"{rev}:{n}"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout
        for n in names
        if n.endswith(".py")
    }


def is_public_module(path: str) -> bool:
    return not any(
        part.startswith("_") and part != "__init__.py"
        for part in Path(path).relative_to(PACKAGE).parts
    )


def untyped(fn: ast.FunctionDef | ast.AsyncFunctionDef, method: bool) -> tuple[int, int]:
    args = fn.args.posonlyargs + fn.args.args + fn.args.kwonlyargs
    if method and args and args[0].arg in ("self", "cls"):
        args = args[1:]
    bad = sum(
        1
        for a in args
        if a.annotation is None
        or (isinstance(a.annotation, ast.Name) and a.annotation.id == "Any")
        or (isinstance(a.annotation, ast.Constant) and a.annotation.value == "Any")
    )
    return bad, len(args)


def count(rev: str | None) -> tuple[int, int]:
    bad = total = 0
    for path, text in sources(rev).items():
        if not is_public_module(path):
            continue
        tree = ast.parse(text)
        for node in tree.body:
            if isinstance(
                node, (ast.FunctionDef, ast.AsyncFunctionDef)
            ) and not node.name.startswith("_"):
                b, t = untyped(node, False)
                bad, total = bad + b, total + t
            elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                for item in node.body:
                    if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and (
                        not item.name.startswith("_") or item.name == "__init__"
                    ):
                        b, t = untyped(item, True)
                        bad, total = bad + b, total + t
    return bad, total


if __name__ == "__main__":
    bad, total = count(sys.argv[1] if len(sys.argv) > 1 else None)
    print(f"{bad} of {total} public parameters are unannotated or Any")
