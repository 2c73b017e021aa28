"""VOC reactivity: ozone formation potential, SOA potential, OH reactivity, mechanism mapping.

All coefficients come from the bundled table ``data/voc/voc_species.csv`` (sources and the
list of values left empty are in ``data/voc/README.md``):

- **OFP** (ozone formation potential): OFP_i = MIR_i x C_i, with Carter's SAPRC-07 maximum
  incremental reactivity (g O3 / g VOC) and C_i in ug m-3; the result is ug m-3 of O3.
- **SOA potential**:
  - ``method="soap"``: Derwent et al. (2010) SOAP scale (toluene = 100), returned as
    toluene-equivalent mass, C_i x SOAP_i / 100, in ug m-3;
  - ``method="fac"``: Grosjean (1992) fractional aerosol coefficients (%),
    SOA_i = C_i,0 x FAC_i / 100 with C_i,0 = C_i / (1 - F_i), F_i the fraction of the VOC
    already reacted (``fraction_reacted``, default 0).
- **OH reactivity**: k'_OH = sum_i kOH_i [X_i], kOH at 298 K (cm3 molecule-1 s-1) and [X_i]
  in molecule cm-3; the result is s-1.
- **to_mechanism**: measured species -> CB6 model species (mol per mol lumping, e.g. n-pentane
  -> 5 PAR) in the same mole-based unit.

Unit conversions use the ideal gas law at the given temperature (K) and pressure (Pa),
ug m-3 = ppb x MW x P / (R T) x 1e-3 and molecule cm-3 = ppb x 1e-9 x P / (k_B T) x 1e-6,
through the library's one conversion (:func:`aqm.species.conversion_factor`).

The table is a view of the species registry (:mod:`aqm.species`, ``data/voc/voc_species.csv``),
the one name table that emissions and chemistry share.

Concentrations are a pandas Series (index = species) or DataFrame (columns = species, one row
per sample), or a mapping {species: value}. Species names are matched case-insensitively and
ignoring punctuation against names, aliases and CAS numbers. An unknown species raises
KeyError naming it; a species with no coefficient for the requested quantity gives NaN and a
:class:`MissingCoefficientWarning` naming it.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Union

import numpy as np
import pandas as pd

from ..species import Registry, concentration_unit, conversion_factor, registry

__all__ = [
    "MissingCoefficientWarning",
    "VocTable",
    "default_table",
    "ofp",
    "oh_reactivity",
    "soa_potential",
    "to_mechanism",
]

T_REF = 298.15
P_REF = 101325.0

Concentrations = Union[pd.Series, pd.DataFrame, Mapping]

_NUMERIC = ("mw", "mir", "koh_298", "soap", "fac")


class MissingCoefficientWarning(UserWarning):
    """A species has no coefficient for the requested quantity; its result is NaN."""


def _check_tp(temp: float, pressure: float) -> tuple[float, float]:
    t, p = float(temp), float(pressure)
    if not (np.isfinite(t) and t > 0):
        raise ValueError(f"temp: temperature must be a positive number of kelvin, got {temp!r}")
    if not (np.isfinite(p) and p > 0):
        raise ValueError(f"pressure: pressure must be a positive number of Pa, got {pressure!r}")
    return t, p


class VocTable:
    """Coefficients per VOC species (one row per species), indexed by canonical name.

    A view of the species registry (:mod:`aqm.species`): the same names, aliases and values.
    """

    def __init__(self, frame: pd.DataFrame | Registry, source: str = "<frame>") -> None:
        self._registry = (
            frame if isinstance(frame, Registry) else Registry.from_frame(frame, source)
        )
        self._df = self._registry.to_frame()
        self.source = self._registry.source

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_csv(cls, path: str | Path) -> VocTable:
        return cls(Registry.from_csv(path))

    @classmethod
    def load(cls) -> VocTable:
        """The bundled table (``data/voc/voc_species.csv``), i.e. the default registry."""
        return cls(registry())

    @property
    def registry(self) -> Registry:
        """The species registry this table views."""
        return self._registry

    # ------------------------------------------------------------------ lookup
    @property
    def frame(self) -> pd.DataFrame:
        """A copy of the table, indexed by canonical species name."""
        return self._df.copy()

    @property
    def names(self) -> list[str]:
        return list(self._df.index)

    def resolve(self, species: str) -> str:
        """Canonical name of ``species`` (name, alias or CAS; case and punctuation ignored)."""
        return self._registry.resolve(species)

    def lookup(self, species: str) -> pd.Series:
        """The table row of ``species``."""
        return self._df.loc[self.resolve(species)].copy()

    def __contains__(self, species: object) -> bool:
        return species in self._registry

    def __len__(self) -> int:
        return len(self._df)

    def coefficients(self, species: list[str], column: str) -> pd.Series:
        """Coefficient ``column`` for each species (input labels kept); NaN + warning if absent."""
        if column not in _NUMERIC:
            raise KeyError(f"unknown coefficient column {column!r} (one of {', '.join(_NUMERIC)})")
        values = [self._df.at[self.resolve(s), column] for s in species]
        out = pd.Series(values, index=list(species), dtype=float, name=column)
        missing = [s for s, v in zip(species, values) if np.isnan(v)]
        if missing:
            warnings.warn(
                f"no {column} coefficient for {', '.join(map(str, missing))}; result is NaN",
                MissingCoefficientWarning,
                stacklevel=3,
            )
        return out

    # ------------------------------------------------------------------ units
    def _as_frame(self, conc: Concentrations) -> tuple[pd.DataFrame, bool]:
        if isinstance(conc, pd.DataFrame):
            frame, was_series = conc, False
        elif isinstance(conc, pd.Series):
            frame, was_series = conc.to_frame().T, True
        elif isinstance(conc, Mapping):
            frame, was_series = pd.Series(dict(conc), dtype=float).to_frame().T, True
        else:
            raise TypeError("concentrations must be a pandas Series, DataFrame or a mapping")
        labels = [str(c) for c in frame.columns]
        seen: dict[str, str] = {}
        for label in labels:
            name = self.resolve(label)
            if name in seen:
                raise ValueError(f"species {seen[name]!r} and {label!r} are both {name}")
            seen[name] = label
        try:
            values = frame.astype(float)
        except (TypeError, ValueError):
            bad = next(
                c
                for c in frame.columns
                if pd.to_numeric(frame[c], errors="coerce").isna().sum() > frame[c].isna().sum()
            )
            raise ValueError(f"species {bad!r}: concentrations must be numbers") from None
        values.columns = labels
        for label in labels:
            col = values[label].to_numpy()
            if np.any(col[~np.isnan(col)] < 0) or np.any(np.isinf(col)):
                raise ValueError(
                    f"species {label!r}: concentrations must be finite and non-negative"
                )
        return values, was_series

    def _convert(
        self, frame: pd.DataFrame, unit: str, to: str, temp: float, pressure: float
    ) -> pd.DataFrame:
        unit, to = concentration_unit(unit), concentration_unit(to)
        if unit == to:
            return frame.copy()
        t, p = _check_tp(temp, pressure)
        factors = [
            conversion_factor(unit, to, self._df.at[self.resolve(c), "mw"], t, p)
            for c in frame.columns
        ]
        return frame * np.array(factors)

    def convert(
        self, conc: Concentrations, unit: str, to: str, temp: float = T_REF, pressure: float = P_REF
    ) -> pd.Series | pd.DataFrame:
        """Convert concentrations between units (:func:`aqm.species.concentration_unit`) at
        ``temp``, ``pressure``; the result carries the canonical name of ``to``."""
        frame, was_series = self._as_frame(conc)
        out = self._convert(frame, unit, to, temp, pressure)
        return _finish(out, was_series, concentration_unit(to), None)

    # ------------------------------------------------------------------ analyses
    def ofp(
        self,
        conc: Concentrations,
        unit: str = "ug m-3",
        temp: float = T_REF,
        pressure: float = P_REF,
    ) -> pd.Series | pd.DataFrame:
        """Ozone formation potential per species, ug m-3 of O3 (MIR x ug m-3)."""
        frame, was_series = self._as_frame(conc)
        ug = self._convert(frame, unit, "ug m-3", temp, pressure)
        mir = self.coefficients(list(ug.columns), "mir")
        return _finish(ug * mir.to_numpy(), was_series, "ug m-3 O3", "ofp")

    def soa_potential(
        self,
        conc: Concentrations,
        method: str = "soap",
        unit: str = "ug m-3",
        temp: float = T_REF,
        pressure: float = P_REF,
        fraction_reacted: float | Mapping | pd.Series = 0.0,
    ) -> pd.Series | pd.DataFrame:
        """SOA formation potential per species, ug m-3.

        ``method="soap"``: toluene-equivalent mass C x SOAP / 100 (Derwent et al., 2010).
        ``method="fac"``: C / (1 - fraction_reacted) x FAC / 100 (Grosjean, 1992).
        """
        frame, was_series = self._as_frame(conc)
        ug = self._convert(frame, unit, "ug m-3", temp, pressure)
        species = list(ug.columns)
        if method == "soap":
            coef = self.coefficients(species, "soap") / 100.0
            return _finish(
                ug * coef.to_numpy(), was_series, "ug m-3 (toluene-equivalent)", "soa_potential"
            )
        if method != "fac":
            raise ValueError(f"method: unknown SOA method {method!r} (use 'soap' or 'fac')")
        fr = _per_species(fraction_reacted, species, self, "fraction_reacted")
        if np.any(~np.isfinite(fr)) or np.any((fr < 0) | (fr >= 1)):
            bad = species[int(np.flatnonzero(~((fr >= 0) & (fr < 1)))[0])]
            raise ValueError(f"fraction_reacted: must be in [0, 1) (species {bad!r})")
        coef = self.coefficients(species, "fac") / 100.0
        initial = ug / (1.0 - fr)
        return _finish(initial * coef.to_numpy(), was_series, "ug m-3", "soa_potential")

    def oh_reactivity(
        self, conc: Concentrations, unit: str = "ppb", temp: float = T_REF, pressure: float = P_REF
    ) -> pd.Series | pd.DataFrame:
        """OH reactivity per species, s-1 (kOH at 298 K x molecule cm-3).

        The rate coefficients are the 298 K values; ``temp`` and ``pressure`` only convert
        ppb or ug m-3 to number density.
        """
        frame, was_series = self._as_frame(conc)
        n = self._convert(frame, unit, "molecule cm-3", temp, pressure)
        k = self.coefficients(list(n.columns), "koh_298")
        return _finish(n * k.to_numpy(), was_series, "s-1", "oh_reactivity")

    def to_mechanism(
        self, conc: Concentrations, unit: str = "ppb", temp: float = T_REF, pressure: float = P_REF
    ) -> pd.Series | pd.DataFrame:
        """CB6 model-species concentrations from measured species (mol per mol lumping).

        The result is in ppb (input in ppb or ug m-3) or molecule cm-3 (input in molecule cm-3).
        Species the table marks as not represented in CB6 ("NR", e.g. halocarbons) contribute
        nothing; species with no mapping at all give a MissingCoefficientWarning.
        """
        frame, was_series = self._as_frame(conc)
        out_unit = "molecule cm-3" if concentration_unit(unit) == "molecule cm-3" else "ppb"
        mol = self._convert(frame, unit, out_unit, temp, pressure)
        unmapped: list[str] = []
        targets: dict[str, pd.Series] = {}
        for label in mol.columns:
            name = self.resolve(label)
            mapping = self._registry.cb6(name)
            if not mapping:
                if self._df.at[name, "cb6"] != "NR":
                    unmapped.append(label)
                continue
            for sp, moles in mapping.items():
                contrib = mol[label] * moles
                targets[sp] = targets[sp] + contrib if sp in targets else contrib
        if unmapped:
            warnings.warn(
                f"no CB6 mapping for {', '.join(unmapped)}; left out of the mechanism species",
                MissingCoefficientWarning,
                stacklevel=2,
            )
        result = pd.DataFrame(targets, index=mol.index)
        result = result[sorted(result.columns)]
        return _finish(result, was_series, out_unit, None)


def _per_species(
    value: float | Mapping | pd.Series, species: list[str], table: VocTable, what: str
) -> np.ndarray:
    if isinstance(value, (Mapping, pd.Series)):
        given = {table.resolve(str(k)): float(v) for k, v in dict(value).items()}
        missing = [s for s in species if table.resolve(s) not in given]
        if missing:
            raise KeyError(f"{what}: no value for species {', '.join(missing)}")
        return np.array([given[table.resolve(s)] for s in species], dtype=float)
    return np.full(len(species), float(value))


def _finish(
    frame: pd.DataFrame, was_series: bool, units: str, name: str | None
) -> pd.Series | pd.DataFrame:
    if was_series:
        out = frame.iloc[0].astype(float)
        out.name = name
    else:
        out = frame
    out.attrs["units"] = units
    return out


_DEFAULT: VocTable | None = None


def default_table() -> VocTable:
    """The bundled table, loaded once."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = VocTable.load()
    return _DEFAULT


def ofp(
    conc: Concentrations,
    unit: str = "ug m-3",
    temp: float = T_REF,
    pressure: float = P_REF,
    table: VocTable | None = None,
) -> pd.Series | pd.DataFrame:
    """Ozone formation potential (ug m-3 O3) with the bundled table; see VocTable.ofp."""
    return (table or default_table()).ofp(conc, unit=unit, temp=temp, pressure=pressure)


def soa_potential(
    conc: Concentrations,
    method: str = "soap",
    unit: str = "ug m-3",
    temp: float = T_REF,
    pressure: float = P_REF,
    fraction_reacted: float | Mapping | pd.Series = 0.0,
    table: VocTable | None = None,
) -> pd.Series | pd.DataFrame:
    """SOA formation potential (ug m-3); see VocTable.soa_potential."""
    return (table or default_table()).soa_potential(
        conc,
        method=method,
        unit=unit,
        temp=temp,
        pressure=pressure,
        fraction_reacted=fraction_reacted,
    )


def oh_reactivity(
    conc: Concentrations,
    unit: str = "ppb",
    temp: float = T_REF,
    pressure: float = P_REF,
    table: VocTable | None = None,
) -> pd.Series | pd.DataFrame:
    """OH reactivity (s-1); see VocTable.oh_reactivity."""
    return (table or default_table()).oh_reactivity(conc, unit=unit, temp=temp, pressure=pressure)


def to_mechanism(
    conc: Concentrations,
    unit: str = "ppb",
    temp: float = T_REF,
    pressure: float = P_REF,
    table: VocTable | None = None,
) -> pd.Series | pd.DataFrame:
    """CB6 model-species concentrations; see VocTable.to_mechanism."""
    return (table or default_table()).to_mechanism(conc, unit=unit, temp=temp, pressure=pressure)
