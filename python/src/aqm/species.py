"""The species registry: one table of VOC species that every pillar asks.

The bundled table is ``data/voc/voc_species.csv`` (columns and sources in
``data/voc/README.md``): name, aliases, CAS, formula, molecular weight, group, MIR, kOH at
298 K and its temperature dependence where a cited one is known, SOAP, FAC, the CB6 lumping,
the MCM species and the SPECIATE species id.  The C++ side (``aqm::SpeciesRegistry``,
``aqm/core/species.hpp``) reads and validates it; this module is its Python face, so Python
and C++ resolve names the same way: case and punctuation are ignored, and a name, an alias or
a CAS number finds the species (``"ethene"``, ``"Ethylene"`` and ``"74-85-1"`` are all
``ethylene``).

Unit conversion (ppb, ppm, ppt, ug m-3, molecule cm-3 at a stated temperature and pressure)
goes through the library's one conversion, ``aqm/chem/units.hpp``.

>>> from aqm import species
>>> species.resolve("m,p-Xylene")
'm/p-xylene'
>>> round(species.convert(1.0, "ppb", "ug m-3", "toluene"), 4)  # 298.15 K, 101325 Pa
3.7662
"""

from __future__ import annotations

import io
import math
import os
from collections.abc import Iterator

import pandas as pd

from . import _core
from ._data import data_path

__all__ = [
    "COLUMNS",
    "CONCENTRATION_UNITS",
    "Registry",
    "concentration_unit",
    "conversion_factor",
    "convert",
    "lookup",
    "registry",
    "resolve",
    "to_frame",
]

_sp = _core.species

#: Columns of the registry table, in file order.
COLUMNS = (
    "name",
    "aliases",
    "cas",
    "formula",
    "mw",
    "group",
    "mir",
    "mir_ref",
    "koh_298",
    "koh_ref",
    "soap",
    "soap_ref",
    "fac",
    "fac_ref",
    "cb6",
    "cb6_ref",
    "koh_a",
    "koh_n",
    "koh_b",
    "koh_rate_ref",
    "mcm",
    "speciate_id",
    "notes",
)

#: The canonical concentration units, as every output writes them.
CONCENTRATION_UNITS = ("molecule cm-3", "ppm", "ppb", "ppt", "ug m-3")


def concentration_unit(unit: str) -> str:
    """The canonical name (one of :data:`CONCENTRATION_UNITS`) of a concentration unit or of
    one of its aliases (``ugm3``, ``ug/m3``, ``µg/m³``, ``ppbv``, ``nmol/mol``, ``molec_cm3``,
    ...); ``aqm.UnitError`` naming the text otherwise.  The one vocabulary of every pillar:
    the list lives in C++ (``aqm/chem/units.hpp``), which the C++ parsers use too."""
    return _core.box.concentration_unit(str(unit))


def conversion_factor(
    from_unit: str, to_unit: str, mw: float = 0.0, temp: float = 298.15, pressure: float = 101325.0
) -> float:
    """Factor from ``from_unit`` to ``to_unit`` at ``temp`` (K) and ``pressure`` (Pa).

    ``mw`` (g mol-1) is needed when either unit is a mass concentration.
    """
    a, b = concentration_unit(from_unit), concentration_unit(to_unit)
    t, p = float(temp), float(pressure)
    if not (math.isfinite(t) and t > 0):
        raise ValueError(f"temp: temperature must be a positive number of kelvin, got {temp!r}")
    if not (math.isfinite(p) and p > 0):
        raise ValueError(f"pressure: pressure must be a positive number of Pa, got {pressure!r}")
    return float(_core.box.convert_concentration(1.0, a, b, t, p / 100.0, float(mw)))


def _cb6_text(record) -> str:
    if record.cb6_not_represented:
        return "NR"
    return ";".join(f"{sp}:{moles:g}" for sp, moles in record.cb6)


def _row(record) -> dict[str, object]:
    rate = record.koh_rate
    nan = float("nan")
    return {
        "name": record.name,
        "aliases": ";".join(record.aliases),
        "cas": record.cas,
        "formula": record.formula,
        "mw": record.mw,
        "group": record.group,
        "mir": record.mir,
        "mir_ref": record.mir_ref,
        "koh_298": record.koh_298,
        "koh_ref": record.koh_ref,
        "soap": record.soap,
        "soap_ref": record.soap_ref,
        "fac": record.fac,
        "fac_ref": record.fac_ref,
        "cb6": _cb6_text(record),
        "cb6_ref": record.cb6_ref,
        "koh_a": rate.a if rate else nan,
        "koh_n": rate.n if rate else nan,
        "koh_b": rate.b if rate else nan,
        "koh_rate_ref": record.koh_rate_ref,
        "mcm": record.mcm,
        "speciate_id": str(record.speciate_id) if record.speciate_id else "",
        "notes": record.notes,
    }


class Registry:
    """The species table: lookups by name, alias or CAS, records, a DataFrame view."""

    def __init__(self, core: object) -> None:
        self._core = core
        self._frame: pd.DataFrame | None = None

    @classmethod
    def from_csv(cls, path: str | os.PathLike[str]) -> Registry:
        """Read a registry CSV; ``aqm.ParseError`` (a ValueError) names file, line, column."""
        return cls(_sp.SpeciesRegistry.from_csv(os.fspath(path)))

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, source: str = "<frame>") -> Registry:
        """A registry from a DataFrame with the CSV's columns (checked as the file is)."""
        text = io.StringIO()
        frame.to_csv(text, index=False)
        return cls(_sp.SpeciesRegistry.parse(text.getvalue(), source))

    @property
    def source(self) -> str:
        return self._core.source

    @property
    def names(self) -> list[str]:
        """Canonical names, in table order."""
        return [s.name for s in self._core.species]

    def __len__(self) -> int:
        return len(self._core)

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in self._core

    def species(self, name: str):
        """The record of ``name`` (attributes as the CSV columns; ``koh(temp)``)."""
        return self._core.at(str(name))

    def resolve(self, name: str) -> str:
        """Canonical name of ``name`` (a name, alias or CAS number); KeyError with close
        matches when unknown."""
        return self.species(name).name

    def lookup(self, name: str) -> pd.Series:
        """The table row of ``name``."""
        return self._table().loc[self.resolve(name)].copy()

    def from_speciate_id(self, species_id: int | str) -> str:
        """Canonical name of the species with this EPA SPECIATE species id (e.g. 717 ->
        ``"toluene"``), so SPECIATE profiles map to registry names; KeyError when none."""
        try:
            sid = int(float(species_id))
        except (TypeError, ValueError):
            raise KeyError(f"{species_id!r}: not a SPECIATE species id") from None
        record = self._core.find_speciate_id(sid)
        if record is None:
            raise KeyError(f"SPECIATE species {sid}: no registry species has this id")
        return record.name

    def koh(self, name: str, temp: float = 298.15) -> float:
        """kOH (cm3 molecule-1 s-1) at ``temp`` K: from the cited T dependence when the table
        has one, else the 298 K value (NaN when neither is known)."""
        return float(self.species(name).koh(float(temp)))

    def cb6(self, name: str) -> dict[str, float]:
        """CB6 model species and moles per mole of ``name`` ({} when unmapped or "NR")."""
        return dict(self.species(name).cb6)

    def to_frame(self) -> pd.DataFrame:
        """The table (one row per species, indexed by canonical name; a copy)."""
        return self._table().copy()

    def _table(self) -> pd.DataFrame:
        if self._frame is None:
            rows = [_row(s) for s in self._core.species]
            frame = pd.DataFrame(rows, columns=list(COLUMNS))
            self._frame = frame.set_index("name", drop=False)
        return self._frame

    def convert(
        self,
        value: float,
        from_unit: str,
        to_unit: str,
        name: str,
        temp: float = 298.15,
        pressure: float = 101325.0,
    ) -> float:
        """``value`` of species ``name`` from one concentration unit to another at ``temp``
        (K) and ``pressure`` (Pa)."""
        mw = self.species(name).mw
        return float(value) * conversion_factor(from_unit, to_unit, mw, temp, pressure)


_DEFAULT: Registry | None = None


def registry() -> Registry:
    """The bundled registry (``data/voc/voc_species.csv``, located by ``AQM_DATA_DIR``, the
    installed package or the source tree), loaded once."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Registry.from_csv(data_path("voc/voc_species.csv"))
    return _DEFAULT


def resolve(name: str) -> str:
    """Canonical name of ``name`` in the bundled registry."""
    return registry().resolve(name)


def lookup(name: str) -> pd.Series:
    """Row of ``name`` in the bundled registry."""
    return registry().lookup(name)


def to_frame() -> pd.DataFrame:
    """The bundled registry as a DataFrame."""
    return registry().to_frame()


def convert(
    value: float,
    from_unit: str,
    to_unit: str,
    name: str,
    temp: float = 298.15,
    pressure: float = 101325.0,
) -> float:
    """Convert a concentration of species ``name`` with the bundled registry's MW."""
    return registry().convert(value, from_unit, to_unit, name, temp=temp, pressure=pressure)
