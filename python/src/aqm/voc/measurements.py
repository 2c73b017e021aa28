"""Hourly VOC measurements as online GC-MS/FID systems and networks export them.

:func:`read_measurements` reads a wide table — a time column, then one column per species —
and returns a :class:`VocMeasurements`: values, the unit of each column, MDLs and flags.

What VOC exports add to an ordinary delimited file, and how it is read:

- **species names** resolve through the VOC registry (names, aliases, CAS; case and
  punctuation ignored); an unknown column is an error naming it, or is kept with a warning
  when ``unknown="keep"``;
- **units**: a file-wide ``units=`` argument, a ``units`` row under the header, or a unit in the
  column header (``toluene (ppb)``, ``benzene [ug/m3]``); every column needs exactly one, and a
  column whose own unit differs from ``units=`` is an error;
- **below-MDL markers** ``<MDL``, ``<DL``, ``<LOD``, ``BDL``, ``ND`` and ``<0.05`` (a value
  under its own detection limit): reported as MDL/2 (EPA PMF 5.0 practice) and flagged
  ``below_mdl``; the MDL comes from ``mdl=``, else from the ``<x`` marker; with neither the
  value is missing and a warning names the species;
- **flags**: columns named ``flag``/``qc``/``status`` (whole row) or ``<species>_flag``/
  ``<species>_qc`` (one species); codes listed in ``invalid_flags`` make the value missing,
  every code is kept in :attr:`VocMeasurements.flags`;
- **missing**: empty cells, ``NA``-type markers and ``-999`` (``missing_values``).

Parsing goes through :func:`aqm.io.read_delimited`; errors name file:line:column and species.
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

import numpy as np
import pandas as pd

from .. import io
from .._core import ParseError, UnitError
from ..chem.voc import VocTable
from ..species import concentration_unit

if TYPE_CHECKING:
    from .._typing import DetectionLimits

__all__ = ["MeasurementWarning", "VocMeasurements", "read_measurements"]

R_GAS = 8.314462618  # J mol-1 K-1
_PPB = "ppb"
_UGM3 = "ug m-3"
_BELOW = re.compile(
    r"^(?:<\s*(?:MDL|DL|LOD)|BDL|BLD|ND"
    r"|<\s*(?P<limit>[0-9]*\.?[0-9]+(?:[eE][-+]?\d+)?))$",
    re.IGNORECASE,
)
_HEADER_UNIT = re.compile(r"^(?P<name>.*?)\s*[\(\[](?P<unit>[^\)\]]+)[\)\]]\s*$")
_ROW_FLAG = re.compile(r"^(?:flag|flags|qc|status|qc_flag)$", re.IGNORECASE)
_SPECIES_FLAG = re.compile(r"^(?P<name>.+?)[ _.-](?:flag|qc)$", re.IGNORECASE)

PathLike = Union[str, "os.PathLike[str]"]


class MeasurementWarning(UserWarning):
    """Something in a measurement file was kept but needs attention (unknown species, no MDL)."""


def _unit(text: str, where: str) -> str:
    """The canonical name (aqm.species.concentration_unit) of a ppb or ug m-3 unit or alias."""
    try:
        found = concentration_unit(text)
    except UnitError:
        found = None
    if found not in (_PPB, _UGM3):
        raise UnitError(f"{where}: unknown unit {text!r} (use ppb or ug m-3)")
    return found


@dataclass
class VocMeasurements:
    """Tidy VOC measurements.

    - ``data``: samples × species (canonical registry names; unknown kept columns as written),
      NaN = missing; below-MDL cells hold MDL/2;
    - ``units``: per column, ``"ppb"`` or ``"ug m-3"`` (canonical names, whatever alias the
      file used);
    - ``mdl``: per column in the column's unit (NaN = unknown);
    - ``flags``: samples × species text codes (``""`` none, ``below_mdl``, ``missing``, or the
      file's flag code);
    - ``source``: the file read.
    """

    data: pd.DataFrame
    units: pd.Series
    mdl: pd.Series
    flags: pd.DataFrame
    source: str = "<frame>"

    @property
    def species(self) -> list[str]:
        return [str(c) for c in self.data.columns]

    def _converted(self, target: str, temperature: float, pressure: float) -> VocMeasurements:
        t, p = float(temperature), float(pressure)
        if not (np.isfinite(t) and t > 0 and np.isfinite(p) and p > 0):
            raise ValueError(
                f"temperature/pressure must be positive numbers of K and Pa, got "
                f"{temperature!r}, {pressure!r}"
            )
        table = VocTable.load()
        factor = {}
        for col in self.data.columns:
            unit = self.units[col]
            if unit == target:
                factor[col] = 1.0
                continue
            if col not in table:
                raise UnitError(
                    f"{self.source}: column {col!r}: not a known species, so no "
                    "molecular weight to convert its unit"
                )
            ugm3_per_ppb = float(table.lookup(col)["mw"]) * p / (R_GAS * t) * 1e-3
            factor[col] = ugm3_per_ppb if target == _UGM3 else 1.0 / ugm3_per_ppb
        f = pd.Series(factor)
        return VocMeasurements(
            data=self.data * f,
            units=pd.Series(target, index=self.units.index),
            mdl=self.mdl * f,
            flags=self.flags.copy(),
            source=self.source,
        )

    def to_ppb(self, temperature: float = 298.15, pressure: float = 101325.0) -> VocMeasurements:
        """All columns in ppb (µg/m³ converted at ``temperature`` K and ``pressure`` Pa)."""
        return self._converted(_PPB, temperature, pressure)

    def to_ugm3(self, temperature: float = 298.15, pressure: float = 101325.0) -> VocMeasurements:
        """All columns in µg/m³ at ``temperature`` K and ``pressure`` Pa."""
        return self._converted(_UGM3, temperature, pressure)


# --- reading -------------------------------------------------------------------------------


def _detect_separator(header: str) -> str:
    counts = {s: header.count(s) for s in ("\t", ",", ";")}
    return max(counts, key=lambda s: counts[s]) if max(counts.values()) > 0 else ","


def _split(line: str, sep: str) -> list[str]:
    return next(csv.reader([line], delimiter=sep))


def _join(cells: list[str], sep: str) -> str:
    out = []
    for c in cells:
        out.append(f'"{c}"' if (sep in c or '"' in c) and not c.startswith('"') else c)
    return sep.join(out)


@dataclass
class _Scan:
    """What a first pass over the text found (cells to blank, markers, flags)."""

    text: str
    header: list[str]
    below: dict[tuple[int, int], float]  # (data row, column) -> limit (NaN = unknown)
    flags: dict[tuple[int, int], str]  # (data row, column) -> code
    row_flags: dict[int, str]  # data row -> code
    flag_columns: set[int]


def _is_data(line: str, sep: str, comment: str) -> bool:
    stripped = line.strip()
    is_comment = bool(comment) and stripped.startswith(comment)
    return bool(stripped.replace(sep, "").strip()) and not is_comment


def _scan(path: Path, comment: str, sep: str | None) -> tuple[_Scan, str]:
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    lines = raw.splitlines()
    data_lines = [
        i
        for i, ln in enumerate(lines)
        if ln.strip() and not (comment and ln.strip().startswith(comment))
    ]
    if not data_lines:
        raise ParseError(f"{path}: no header line")
    sep = sep or _detect_separator(lines[data_lines[0]])
    header = [h.strip() for h in _split(lines[data_lines[0]], sep)]
    flag_cols = {
        j for j, h in enumerate(header) if j > 0 and (_ROW_FLAG.match(h) or _SPECIES_FLAG.match(h))
    }
    scan = _Scan(text="", header=header, below={}, flags={}, row_flags={}, flag_columns=flag_cols)
    out = list(lines)
    row = -1
    for i in data_lines[1:]:
        if not _is_data(lines[i], sep, comment):
            continue
        cells = _split(lines[i], sep)
        if cells and cells[0].strip().lower() == "units":
            continue
        row += 1
        changed = False
        for j, cell in enumerate(cells):
            if j == 0 or j >= len(header):
                continue
            text = cell.strip()
            if j in flag_cols:
                if text:
                    if _ROW_FLAG.match(header[j]):
                        scan.row_flags[row] = text
                    else:
                        scan.flags[(row, j)] = text
                cells[j] = ""
                changed = True
                continue
            match = _BELOW.match(text)
            if match:
                limit = match.group("limit")
                scan.below[(row, j)] = float(limit) if limit else float("nan")
                cells[j] = ""
                changed = True
        if changed:
            out[i] = _join(cells, sep)
    scan.text = "\n".join(out) + "\n"
    return scan, sep


def _read_clean(
    path: Path, scan: _Scan, sep: str, missing_values: Iterable[float], comment: str
) -> pd.DataFrame:
    fd, tmp = tempfile.mkstemp(suffix=".csv", prefix=".voc-read-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(scan.text)
        try:
            return io.read_delimited(
                tmp, sep=sep, missing_values=tuple(missing_values), comment=comment
            )
        except ParseError as exc:
            raise ParseError(str(exc).replace(tmp, str(path))) from None
    finally:
        os.unlink(tmp)


def _column_units(
    path: Path,
    header: list[str],
    names: dict[int, str],
    frame: pd.DataFrame,
    units: str | Mapping[str, str] | None,
) -> dict[int, str]:
    row_units = frame.attrs.get("units", {})
    out: dict[int, str] = {}
    for j, label in names.items():
        where = f"{path}:1:{j + 1}: {label}"
        declared = []
        m = _HEADER_UNIT.match(header[j])
        if m:
            declared.append(_unit(m.group("unit"), where))
        cell = str(row_units.get(frame.columns[j - 1], "")).strip()
        if cell:
            declared.append(_unit(cell, where))
        if isinstance(units, Mapping):
            given = units.get(label) or units.get(header[j])
            file_unit = _unit(given, where) if given else None
        else:
            file_unit = _unit(units, where) if units else None
        if file_unit:
            declared.append(file_unit)
        if not declared:
            raise UnitError(
                f"{where}: no unit for this column (give units=, a units row or a "
                "unit in the header, e.g. 'toluene (ppb)')"
            )
        if len(set(declared)) > 1:
            raise UnitError(
                f"{where}: conflicting units {' vs '.join(sorted(set(declared)))} "
                "(header/units row against units=)"
            )
        out[j] = declared[0]
    return out


def _mdl_table(
    mdl: Any, species: list[str], units: dict[str, str], table: VocTable, source: str
) -> pd.Series:
    out = pd.Series(np.nan, index=species, dtype=float, name="MDL")
    if mdl is None:
        return out
    if isinstance(mdl, (str, os.PathLike)):
        p = Path(mdl)
        if not p.is_file():
            raise FileNotFoundError(2, f"{p}: MDL table not found", str(p))
        frame = pd.read_csv(p, dtype=str, keep_default_na=False, comment="#")
        cols = {c.strip().lower(): c for c in frame.columns}
        if "species" not in cols or "mdl" not in cols:
            raise ParseError(f"{p}:1: MDL table needs columns 'species' and 'MDL'")
        for i, row in frame.iterrows():
            where = f"{p}:{int(i) + 2}"
            name = str(row[cols["species"]]).strip()
            try:
                canonical = table.resolve(name)
            except KeyError:
                raise KeyError(f"{where}: unknown species {name!r} in the MDL table") from None
            try:
                value = float(row[cols["mdl"]])
            except ValueError:
                raise ParseError(
                    f"{where}: {name}: MDL is not a number: {row[cols['mdl']]!r}"
                ) from None
            if "unit" in cols and str(row[cols["unit"]]).strip() and canonical in units:
                if _unit(row[cols["unit"]], where) != units[canonical]:
                    raise UnitError(
                        f"{where}: {name}: MDL unit {row[cols['unit']]!r} differs "
                        f"from the data's {units[canonical]}"
                    )
            if canonical in out.index:
                out[canonical] = value
        return out
    if isinstance(mdl, (Mapping, pd.Series)):
        for k, v in dict(mdl).items():
            name = table.resolve(str(k)) if str(k) in table else str(k)
            if name not in out.index:
                raise KeyError(f"mdl: species {k!r} is not a column of {source}")
            out[name] = float(v)
        return out
    out[:] = float(mdl)
    return out


def read_measurements(
    path: PathLike,
    *,
    units: str | Mapping[str, str] | None = None,
    mdl: PathLike | DetectionLimits | None = None,
    unknown: str = "error",
    invalid_flags: Iterable[str] = (),
    missing_values: Iterable[float] = (-999.0, -9999.0),
    sep: str | None = None,
    comment: str = "#",
    table: VocTable | None = None,
) -> VocMeasurements:
    """Read an hourly VOC export (time column + one column per species).

    Parameters
    ----------
    path : CSV/TSV/semicolon file (UTF-8, BOM and CRLF fine).
    units : ``"ppb"`` or ``"ug m-3"`` (or an alias such as ``"ug/m3"``) for every column, or
        a mapping column → unit; may be left out when a units row or header units give every
        column's unit.
    mdl : detection limits in the data's units: a CSV path (columns ``species``, ``MDL``,
        optional ``unit``), a mapping species → MDL, or one number for all.
    unknown : ``"error"`` (default) or ``"keep"`` (warn, keep the column under its own name).
    invalid_flags : flag codes that make a value missing (compared case-insensitively).
    missing_values : numbers meaning missing (default -999 and -9999).

    Returns
    -------
    VocMeasurements
        Times are parsed into a DatetimeIndex.
    """
    if unknown not in ("error", "keep"):
        raise ValueError(f"unknown: must be 'error' or 'keep', got {unknown!r}")
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(2, f"{p}: file not found", str(p))
    table = table or VocTable.load()
    scan, sep = _scan(p, comment, sep)
    frame = _read_clean(p, scan, sep, missing_values, comment)
    header = scan.header

    names: dict[int, str] = {}
    for j in range(1, len(header)):
        if j in scan.flag_columns:
            continue
        label = header[j]
        m = _HEADER_UNIT.match(label)
        bare = m.group("name") if m else label
        if bare in table:
            names[j] = table.resolve(bare)
        elif unknown == "keep":
            warnings.warn(
                f"{p}:1:{j + 1}: unknown species {bare!r} kept as written",
                MeasurementWarning,
                stacklevel=2,
            )
            names[j] = bare
        else:
            raise KeyError(
                f"{p}:1:{j + 1}: unknown species {bare!r} (not a name, alias or CAS "
                "in the VOC registry; unknown='keep' keeps it)"
            )
    seen: dict[str, int] = {}
    for j, name in names.items():
        if name in seen:
            raise ValueError(
                f"{p}:1:{j + 1}: column {header[j]!r} is the same species as column "
                f"{seen[name] + 1} ({name})"
            )
        seen[name] = j

    col_units = _column_units(p, header, names, frame, units)
    species = [names[j] for j in sorted(names)]
    values = (
        np.column_stack([frame.iloc[:, j - 1].to_numpy(dtype=float) for j in sorted(names)])
        if names
        else np.empty((len(frame), 0))
    )
    index = _times(p, frame.index)
    data = pd.DataFrame(values, index=index, columns=species)
    unit_by_species = {names[j]: col_units[j] for j in names}
    mdl_s = _mdl_table(mdl, species, unit_by_species, table, str(p))
    flags = pd.DataFrame("", index=index, columns=species, dtype=object)
    flags[data.isna()] = "missing"
    _apply_markers(data, flags, mdl_s, scan, names, p)
    _apply_flags(data, flags, scan, names, header, {c.lower() for c in invalid_flags}, table)
    return VocMeasurements(
        data=data,
        units=pd.Series(unit_by_species).reindex(species),
        mdl=mdl_s,
        flags=flags,
        source=str(p),
    )


def _times(path: Path, labels: pd.Index) -> pd.Index:
    text = pd.Index([str(x).strip() for x in labels])
    parsed = pd.to_datetime(text, errors="coerce")
    bad = np.flatnonzero(pd.isna(parsed))
    if bad.size == len(text) and len(text) > 0:
        return pd.Index(text, name="sample")  # sample IDs, not times
    if bad.size:
        raise ParseError(
            f"{path}: first column: {text[bad[0]]!r} is not a date-time (data row {bad[0] + 1})"
        )
    index = pd.DatetimeIndex(parsed, name="Time")
    if index.has_duplicates:
        raise ParseError(f"{path}: first column: time {index[index.duplicated()][0]} appears twice")
    return index


def _apply_markers(
    data: pd.DataFrame,
    flags: pd.DataFrame,
    mdl: pd.Series,
    scan: _Scan,
    names: dict[int, str],
    path: Path,
) -> None:
    unknown_mdl: set[str] = set()
    for (row, j), limit in scan.below.items():
        if j not in names:
            continue
        name = names[j]
        col = data.columns.get_loc(name)
        level = mdl[name] if np.isfinite(mdl[name]) else limit
        data.iat[row, col] = 0.5 * level if np.isfinite(level) else np.nan
        flags.iat[row, col] = "below_mdl"
        if not np.isfinite(level):
            unknown_mdl.add(name)
    if unknown_mdl:
        warnings.warn(
            f"{path}: below-MDL markers without a known MDL for "
            f"{', '.join(sorted(unknown_mdl))}: those values are missing (give mdl=)",
            MeasurementWarning,
            stacklevel=3,
        )
    # Numbers reported under the MDL are kept, but flagged.
    under = data.le(mdl, axis=1) & flags.eq("")
    flags[under] = "below_mdl"


def _apply_flags(
    data: pd.DataFrame,
    flags: pd.DataFrame,
    scan: _Scan,
    names: dict[int, str],
    header: list[str],
    invalid: set[str],
    table: VocTable,
) -> None:
    target: dict[int, str] = {}
    for j in scan.flag_columns:
        m = _SPECIES_FLAG.match(header[j])
        if m and not _ROW_FLAG.match(header[j]):
            bare = m.group("name")
            target[j] = table.resolve(bare) if bare in table else bare
    for (row, j), code in scan.flags.items():
        name = target.get(j)
        if name in data.columns:
            _flag(data, flags, row, data.columns.get_loc(name), code, invalid)
    for row, code in scan.row_flags.items():
        for col in range(data.shape[1]):
            _flag(data, flags, row, col, code, invalid)


def _flag(
    data: pd.DataFrame, flags: pd.DataFrame, row: int, col: int, code: str, invalid: set[str]
) -> None:
    if flags.iat[row, col] in ("", "missing") or code.lower() in invalid:
        flags.iat[row, col] = code
    if code.lower() in invalid:
        data.iat[row, col] = np.nan
