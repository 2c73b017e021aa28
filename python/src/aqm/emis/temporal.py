"""Temporal profiles: the bundled representative profiles and a CSV reader."""

from __future__ import annotations

import csv
from pathlib import Path

from .. import _core
from ._data import data_file

_e = _core.emis


def read_profiles(path: str | Path) -> dict[str, object]:
    """CSV rows: sector, cycle (monthly|weekly|diurnal|mode), values (space separated).

    Returns {sector: TemporalProfile}.  Wrong counts raise ValueError naming file and line."""
    parts: dict[str, dict] = {}
    with open(path, newline="") as f:
        for lineno, row in enumerate(csv.reader(f), start=1):
            if not row or row[0].startswith("#") or row[0] == "sector":
                continue
            if len(row) != 3:
                raise ValueError(f"{path}:{lineno}: expected sector,cycle,values")
            sector, cycle, text = (x.strip() for x in row)
            d = parts.setdefault(sector, {})
            if cycle == "mode":
                d["monthly_mode"] = text
                continue
            n = {"monthly": 12, "weekly": 7, "diurnal": 24}.get(cycle)
            if n is None:
                raise ValueError(f"{path}:{lineno}:2: unknown cycle '{cycle}'")
            try:
                vals = [float(x) for x in text.split()]
            except ValueError:
                raise ValueError(f"{path}:{lineno}:3: values must be numbers") from None
            if len(vals) != n:
                raise ValueError(f"{path}:{lineno}:3: {cycle} needs {n} values, got {len(vals)}")
            d[cycle] = vals
    return {s: _e.TemporalProfile(s, **kw) for s, kw in parts.items()}


def default_profiles() -> dict[str, object]:
    """Representative month/week/hour profiles per top-level sector (see data/emis/README)."""
    return read_profiles(data_file("temporal_profiles.csv"))
