"""Reference source profiles for factor identification.

Two bundled libraries, both returned as a long table with the columns ``source_type``,
``profile_code``, ``profile_name``, ``species``, ``weight_percent``, ``version`` and
``reference`` (``frame.attrs["kind"]`` is ``"voc"`` or ``"pm25"``):

- :func:`load_reference_profiles`: 27 SPECIATE 5.2 gas profiles for seven source types
  (``data/voc/reference_profiles.csv``, written by ``data/voc/build_reference_profiles.py``),
  species on the VOC registry's canonical names, plus the lump ``xylenes`` (SPECIATE's
  "isomers of xylene");
- :func:`load_pm25_profiles`: the seven PM2.5 composites of ``data/pmf/source_profiles_pm25.csv``.

No Chinese measured profile is bundled: their tables (Liu et al. 2008, Mo et al. 2016) could not
be read and checked, and no value is typed in unchecked (``data/voc/README.md``).
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .. import _core
from .._data import data_path

if TYPE_CHECKING:
    from .._typing import ReferenceLibrary
    from ..chem.voc import VocTable

COLUMNS = [
    "source_type",
    "profile_code",
    "profile_name",
    "species",
    "weight_percent",
    "version",
    "reference",
]
#: Lumped species names the identification understands (members in ``_core.voc.xylene_lumps``).
LUMPS = {lump.name: list(lump.members) for lump in _core.voc.xylene_lumps()}


def _data_path(*parts: str) -> Path:
    return data_path("/".join(parts))


def registry():
    """The VOC species registry (``aqm.chem.voc.VocTable``)."""
    from ..chem.voc import VocTable

    return VocTable.load()


def resolve_species(names: Iterable[str], where: str, table: VocTable | None = None) -> list[str]:
    """Registry names for ``names`` (lump names kept); KeyError naming ``where`` and the species."""
    table = registry() if table is None else table
    out = []
    for name in names:
        if name in LUMPS:
            out.append(name)
            continue
        try:
            out.append(table.resolve(str(name)))
        except KeyError:
            raise KeyError(
                f"{where}: species {name!r} is not in the VOC registry "
                f"({table.source}) nor a lump ({', '.join(LUMPS)})"
            ) from None
    return out


def read_reference_profiles(path: str | Path, *, kind: str = "voc") -> pd.DataFrame:
    """Read a long reference table (the bundled file's format; ``#`` lines are comments).

    Every species must resolve in the registry (``kind="voc"``); weights must be finite and
    >= 0 and each profile must have a positive sum.  Errors name the file, line and species.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: reference profile file not found")
    table = registry() if kind == "voc" else None
    rows = []
    with open(path, newline="") as f:
        lines = [(i, line) for i, line in enumerate(f, start=1) if not line.startswith("#")]
    reader = csv.DictReader(line for _, line in lines)
    missing = [
        c
        for c in ("source_type", "profile_code", "species", "weight_percent")
        if c not in (reader.fieldnames or [])
    ]
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
    for (lineno, _), row in zip(lines[1:], reader):
        where = f"{path}:{lineno}"
        try:
            w = float(row["weight_percent"])
        except (TypeError, ValueError):
            w = math.nan
        if not (math.isfinite(w) and w >= 0):
            raise ValueError(
                f"{where}: weight_percent {row['weight_percent']!r} of "
                f"{row['species']} must be a finite number >= 0"
            )
        species = row["species"]
        if table is not None:
            species = resolve_species([species], where, table)[0]
        rows.append(
            {
                "source_type": row["source_type"],
                "profile_code": row["profile_code"],
                "profile_name": row.get("profile_name", ""),
                "species": species,
                "weight_percent": w,
                "version": row.get("speciate_version", ""),
                "reference": row.get("reference", ""),
            }
        )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    _check_sums(frame, str(path))
    frame.attrs["kind"] = kind
    frame.attrs["source"] = str(path)
    return frame


def _check_sums(frame: pd.DataFrame, where: str) -> None:
    sums = frame.groupby("profile_code", sort=False)["weight_percent"].sum()
    bad = sums[~(sums > 0)]
    if len(bad):
        raise ValueError(
            f"{where}: profile {bad.index[0]}: weights sum to {bad.iloc[0]:g} (must be > 0)"
        )


def load_reference_profiles() -> pd.DataFrame:
    """The bundled SPECIATE 5.2 subset (see the module docstring)."""
    return read_reference_profiles(_data_path("voc", "reference_profiles.csv"))


def load_pm25_profiles() -> pd.DataFrame:
    """The bundled PM2.5 composites, long format; the total variable row ``PM2.5`` is dropped."""
    wide = pd.read_csv(_data_path("pmf", "source_profiles_pm25.csv"), index_col=0)
    wide = wide.drop(index="PM2.5", errors="ignore")
    long = wide.stack().rename("weight_percent").reset_index()
    long.columns = ["species", "profile_code", "weight_percent"]
    long["weight_percent"] *= 100.0
    long["source_type"] = long["profile_code"]
    long["profile_name"] = long["profile_code"]
    long["version"] = ""
    long["reference"] = "data/pmf/source_profiles_pm25.md"
    frame = long[COLUMNS].reset_index(drop=True)
    frame.attrs["kind"] = "pm25"
    frame.attrs["source"] = "data/pmf/source_profiles_pm25.csv"
    return frame


def as_library(library: ReferenceLibrary) -> pd.DataFrame:
    """``None`` (bundled VOC), ``"voc"``, ``"pm25"``, a path or a long DataFrame -> table."""
    if library is None or (isinstance(library, str) and library == "voc"):
        return load_reference_profiles()
    if isinstance(library, str) and library == "pm25":
        return load_pm25_profiles()
    if isinstance(library, (str, Path)):
        return read_reference_profiles(library)
    if isinstance(library, pd.DataFrame):
        missing = [
            c
            for c in ("source_type", "profile_code", "species", "weight_percent")
            if c not in library.columns
        ]
        if missing:
            raise ValueError(f"library: missing column(s) {', '.join(missing)}")
        frame = library.copy()
        for col in COLUMNS:
            if col not in frame.columns:
                frame[col] = ""
        bad = ~(pd.to_numeric(frame["weight_percent"], errors="coerce") >= 0)
        if bad.any():
            row = frame[bad].iloc[0]
            raise ValueError(
                f"library: profile {row['profile_code']}: weight_percent of "
                f"{row['species']} must be a finite number >= 0, "
                f"got {row['weight_percent']!r}"
            )
        _check_sums(frame, "library")
        frame.attrs["kind"] = library.attrs.get("kind", "voc")
        return frame[COLUMNS]
    raise TypeError(
        f"library: expected None, 'voc', 'pm25', a path or a DataFrame, "
        f"got {type(library).__name__}"
    )


def core_profiles(frame: pd.DataFrame) -> list:
    """One ``_core.voc.Profile`` per profile code, in order of appearance."""
    out = []
    for code, rows in frame.groupby("profile_code", sort=False):
        out.append(
            _core.voc.Profile(
                str(code),
                str(rows["source_type"].iloc[0]),
                [str(s) for s in rows["species"]],
                rows["weight_percent"].astype(float).tolist(),
            )
        )
    return out


__all__ = [
    "COLUMNS",
    "LUMPS",
    "as_library",
    "core_profiles",
    "load_pm25_profiles",
    "load_reference_profiles",
    "read_reference_profiles",
    "registry",
    "resolve_species",
]
