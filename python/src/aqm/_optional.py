"""Lazy imports of optional dependencies with an actionable message."""

from __future__ import annotations

import importlib
from types import ModuleType


def optional_import(name: str, extra: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise ImportError(
            f"this feature needs '{name.split('.')[0]}': pip install 'libaqm[{extra}]'"
        ) from err
