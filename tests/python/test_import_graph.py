"""Each module of the package imports alone in a fresh interpreter (no hidden order
dependence, no cycle that only works when a package __init__ ran first), and the emis modules
``scenario`` and ``_grid`` no longer import ``inventory`` back in any form (issue 15)."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import aqm

PACKAGE = Path(aqm.__file__).parent
MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(aqm.__path__, "aqm.")
    if not m.name.startswith("aqm._core")
)


@pytest.mark.parametrize(
    "module", ["inventory", "scenario", "_grid", "_lumping", "species_inventory"]
)
def test_emis_module_imports_alone(module):
    """The emis modules that imported each other, each first in its own interpreter."""
    module = f"aqm.emis.{module}"
    run = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_every_module_imports_alone_in_one_fresh_interpreter_each():
    # one interpreter per module would take a minute; a fresh interpreter that imports each
    # module with the others evicted from sys.modules is the same check
    code = (
        "import importlib, sys\n"
        f"names = {MODULES!r}\n"
        "failed = []\n"
        "for name in names:\n"
        "    for loaded in [m for m in sys.modules if m == 'aqm' or m.startswith('aqm.')]:\n"
        "        if not loaded.startswith('aqm._core'):\n"
        "            del sys.modules[loaded]\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except Exception as e:\n"
        "        failed.append(f'{name}: {e!r}')\n"
        "print('\\n'.join(failed))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "", run.stdout


@pytest.mark.parametrize("importer", ["scenario", "_grid"])
def test_no_import_back_to_inventory(importer):
    """inventory -> scenario and inventory -> _grid are one-way (a function-level import counts;
    an annotations-only import under TYPE_CHECKING never runs and is allowed)."""
    tree = ast.parse((PACKAGE / "emis" / f"{importer}.py").read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING"):
            node.body = [ast.Pass()]
    lines = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module == "inventory"
    ]
    assert not lines, f"emis/{importer}.py imports .inventory at lines {lines}"
