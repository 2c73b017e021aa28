"""Locate the bundled data in data/emis (installed as aqm/data/emis, or the source tree)."""

from __future__ import annotations

from pathlib import Path


def data_dir() -> Path:
    here = Path(__file__).resolve()
    for candidate in (here.parent.parent / "data" / "emis",            # installed wheel
                      here.parents[4] / "data" / "emis"):              # source checkout
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("bundled emission data (data/emis) not found")


def data_file(name: str) -> Path:
    path = data_dir() / name
    if not path.exists():
        raise FileNotFoundError(f"{path}: bundled emission data file missing")
    return path
