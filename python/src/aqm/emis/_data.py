"""Locate the bundled data in data/emis (installed as aqm/data/emis, or the source tree)."""

from __future__ import annotations

from pathlib import Path

from .._data import data_path


def data_dir() -> Path:
    return data_path("emis")


def data_file(name: str) -> Path:
    path = data_dir() / name
    if not path.exists():
        raise FileNotFoundError(f"{path}: bundled emission data file missing")
    return path
