"""Every annotation in the package resolves to a real object, as a type checker, an IDE or
``typing.get_type_hints`` (Sphinx ``autodoc_typehints``, typer, cattrs) would resolve it.

With ``from __future__ import annotations`` a misspelt or never-imported name in an annotation
costs nothing at import and fails only in those tools: ``SpeciesInventory.lump`` was annotated
``-> LumpedInventory`` without importing it (ruff F821).  Names a module imports under
``if TYPE_CHECKING:`` are visible here, because a type checker sees them too.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import typing

import pytest

import aqm


def _modules():
    for info in pkgutil.walk_packages(aqm.__path__, "aqm."):
        if not info.name.startswith("aqm._core"):
            yield importlib.import_module(info.name)


def _type_checking_names(module) -> dict:
    """What the module's ``if TYPE_CHECKING:`` imports would bind (``from m import x`` also
    finds an ``x`` that ``m`` itself imports only under TYPE_CHECKING)."""
    tree = ast.parse(inspect.getsource(module))
    names: dict = {}
    for node in tree.body:
        if not (isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING")):
            continue
        for statement in node.body:
            if isinstance(statement, ast.ImportFrom):
                package = module.__name__ if hasattr(module, "__path__") else module.__package__
                source = importlib.import_module(
                    "." * statement.level + (statement.module or ""), package
                )
                for alias in statement.names:
                    value = getattr(source, alias.name, None)
                    if value is None:
                        value = _type_checking_names(source)[alias.name]
                    names[alias.asname or alias.name] = value
            else:
                block = ast.Module(body=[statement], type_ignores=[])
                exec(compile(block, module.__file__, "exec"), vars(module).copy(), names)
    return names


def _functions(module):
    """The module's own functions, and the methods and properties of its own classes."""
    for name, obj in vars(module).items():
        if getattr(obj, "__module__", None) != module.__name__:
            continue
        if inspect.isfunction(obj):
            yield name, obj
        elif inspect.isclass(obj):
            for attr, member in vars(obj).items():
                member = member.fget if isinstance(member, property) else member
                member = getattr(member, "__func__", member)
                if inspect.isfunction(member):
                    yield f"{name}.{attr}", member


def test_every_annotation_resolves():
    unresolved = []
    count = 0
    for module in _modules():
        names = {**vars(module), **_type_checking_names(module)}
        for qualname, function in _functions(module):
            count += 1
            try:
                typing.get_type_hints(function, globalns=names)
            except NameError as e:
                unresolved.append(f"{module.__name__}.{qualname}: {e}")
    assert count > 500, "the walk found too few functions to mean anything"
    assert not unresolved, "\n".join(unresolved)


def test_lump_return_annotation_is_the_lumped_inventory():
    from aqm.emis._lumping import LumpedInventory
    from aqm.emis.species_inventory import SpeciesInventory

    assert typing.get_type_hints(SpeciesInventory.lump)["return"] is LumpedInventory


@pytest.mark.parametrize("text", ["if TYPE_CHECKING:\n    import os\n"])
def test_type_checking_block_is_read(text, tmp_path, monkeypatch):
    # guards the helper itself: a module whose only import is under TYPE_CHECKING
    (tmp_path / "tc_probe.py").write_text("from typing import TYPE_CHECKING\n" + text)
    monkeypatch.syspath_prepend(str(tmp_path))
    probe = importlib.import_module("tc_probe")
    assert _type_checking_names(probe)["os"].__name__ == "os"
