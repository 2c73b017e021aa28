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

Unit conversions use the ideal gas law at the given temperature (K) and pressure (Pa):
ug m-3 = ppb x MW x P / (R T) x 1e-3 and molecule cm-3 = ppb x 1e-9 x P / (k_B T) x 1e-6.

Concentrations are a pandas Series (index = species) or DataFrame (columns = species, one row
per sample), or a mapping {species: value}. Species names are matched case-insensitively and
ignoring punctuation against names, aliases and CAS numbers. An unknown species raises
KeyError naming it; a species with no coefficient for the requested quantity gives NaN and a
:class:`MissingCoefficientWarning` naming it.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Union

import numpy as np
import pandas as pd

from .._core import UnitError

__all__ = [
    "MissingCoefficientWarning",
    "VocTable",
    "default_table",
    "ofp",
    "oh_reactivity",
    "soa_potential",
    "to_mechanism",
]

R_GAS = 8.314462618  # J mol-1 K-1 (CODATA 2018, exact)
K_BOLTZMANN = 1.380649e-23  # J K-1 (exact)
T_REF = 298.15
P_REF = 101325.0

Concentrations = Union[pd.Series, pd.DataFrame, Mapping]

_UNITS = {
    "ugm3": "ugm3", "ug/m3": "ugm3", "µg/m3": "ugm3", "ug m-3": "ugm3", "µg m-3": "ugm3",
    "ppb": "ppb", "ppbv": "ppb",
    "molec_cm3": "molec_cm3", "molecule cm-3": "molec_cm3", "molec/cm3": "molec_cm3",
    "molecules/cm3": "molec_cm3", "cm-3": "molec_cm3",
}

_NUMERIC = ("mw", "mir", "koh_298", "soap", "fac")
_REQUIRED = ("name", "aliases", "cas", "formula", "mw", "group", "mir", "mir_ref", "koh_298",
             "koh_ref", "soap", "soap_ref", "fac", "fac_ref", "cb6", "cb6_ref")


class MissingCoefficientWarning(UserWarning):
    """A species has no coefficient for the requested quantity; its result is NaN."""


def _key(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", str(text).lower())


def _bundled_path() -> Path:
    here = Path(__file__).resolve()
    candidates = [
        here.parents[1] / "data" / "voc" / "voc_species.csv",  # installed: aqm/data
        here.parents[4] / "data" / "voc" / "voc_species.csv",  # source tree: <root>/data
    ]
    for path in candidates:
        if path.is_file():
            return path
    raise FileNotFoundError(
        f"bundled VOC table not found (looked in {', '.join(str(p) for p in candidates)})"
    )


def _unit(unit: str) -> str:
    text = str(unit).strip()
    found = _UNITS.get(text) or _UNITS.get(text.lower())
    if found is None:
        raise UnitError(
            f"unit: unknown concentration unit {unit!r} (use 'ugm3', 'ppb' or 'molec_cm3')"
        )
    return found


def _check_tp(temp: float, pressure: float) -> tuple[float, float]:
    t, p = float(temp), float(pressure)
    if not (np.isfinite(t) and t > 0):
        raise ValueError(f"temp: temperature must be a positive number of kelvin, got {temp!r}")
    if not (np.isfinite(p) and p > 0):
        raise ValueError(f"pressure: pressure must be a positive number of Pa, got {pressure!r}")
    return t, p


def _parse_cb6(text: str, where: str) -> dict[str, float]:
    out: dict[str, float] = {}
    if text in ("", "NR"):
        return out
    for part in text.split(";"):
        sp, sep, n = part.partition(":")
        try:
            value = float(n)
        except ValueError:
            value = float("nan")
        if not sep or not re.fullmatch(r"[A-Z][A-Z0-9_]*", sp) or not value > 0:
            raise ValueError(f"{where}: cb6: bad mapping term {part!r} (expected NAME:moles)")
        out[sp] = out.get(sp, 0.0) + value
    return out


class VocTable:
    """Coefficients per VOC species (one row per species), indexed by canonical name."""

    def __init__(self, frame: pd.DataFrame, source: str = "<frame>") -> None:
        missing = [c for c in _REQUIRED if c not in frame.columns]
        if missing:
            raise ValueError(f"{source}: missing column(s) {', '.join(missing)}")
        df = frame.copy()
        for col in ("name", "aliases", "cas", "formula", "group", "cb6") + tuple(
            c for c in df.columns if c.endswith("_ref")
        ):
            df[col] = df[col].fillna("").astype(str).str.strip()
        for col in _NUMERIC:
            values = pd.to_numeric(df[col], errors="coerce")
            bad = values.isna() & df[col].notna() & (df[col].astype(str).str.strip() != "")
            if bad.any():
                i = int(np.flatnonzero(bad.to_numpy())[0])
                raise ValueError(
                    f"{source}:{i + 2}: {col}: not a number: {df[col].iloc[i]!r} "
                    f"(species {df['name'].iloc[i]})"
                )
            neg = values < 0
            if neg.any():
                i = int(np.flatnonzero(neg.to_numpy())[0])
                raise ValueError(
                    f"{source}:{i + 2}: {col}: negative value for species {df['name'].iloc[i]}"
                )
            df[col] = values.astype(float)
        if (df["mw"].isna() | (df["mw"] <= 0)).any():
            i = int(np.flatnonzero((df["mw"].isna() | (df["mw"] <= 0)).to_numpy())[0])
            raise ValueError(f"{source}:{i + 2}: mw: species {df['name'].iloc[i]} needs a mass")
        self._cb6: dict[str, dict[str, float]] = {}
        self._keys: dict[str, str] = {}
        for i, row in enumerate(df.itertuples(index=False)):
            where = f"{source}:{i + 2}"
            if not row.name:
                raise ValueError(f"{where}: name: empty species name")
            self._cb6[row.name] = _parse_cb6(row.cb6, where)
            keys = {_key(row.name)} | {_key(a) for a in row.aliases.split(";") if a.strip()}
            if row.cas:
                keys.add(_key(row.cas))
            for k in keys:
                other = self._keys.get(k)
                if other is not None and other != row.name:
                    raise ValueError(
                        f"{where}: name {row.name!r} is ambiguous with {other!r} (key {k!r})"
                    )
                self._keys[k] = row.name
        self._df = df.set_index("name", drop=False)
        self.source = source

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_csv(cls, path: str | Path) -> VocTable:
        path = Path(path)
        if not path.is_file():
            raise FileNotFoundError(f"{path}: VOC table not found")
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        return cls(frame, source=str(path))

    @classmethod
    def load(cls) -> VocTable:
        """The bundled table (``data/voc/voc_species.csv``)."""
        return cls.from_csv(_bundled_path())

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
        name = self._keys.get(_key(species))
        if name is None or not _key(species):
            raise KeyError(f"unknown VOC species {species!r} (not a name, alias or CAS number "
                           f"in {self.source})")
        return name

    def lookup(self, species: str) -> pd.Series:
        """The table row of ``species``."""
        return self._df.loc[self.resolve(species)].copy()

    def __contains__(self, species: object) -> bool:
        return isinstance(species, str) and bool(_key(species)) and _key(species) in self._keys

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
            bad = next(c for c in frame.columns
                       if pd.to_numeric(frame[c], errors="coerce").isna().sum()
                       > frame[c].isna().sum())
            raise ValueError(f"species {bad!r}: concentrations must be numbers") from None
        values.columns = labels
        for label in labels:
            col = values[label].to_numpy()
            if np.any(col[~np.isnan(col)] < 0) or np.any(np.isinf(col)):
                raise ValueError(
                    f"species {label!r}: concentrations must be finite and non-negative"
                )
        return values, was_series

    def _convert(self, frame: pd.DataFrame, unit: str, to: str, temp: float,
                 pressure: float) -> pd.DataFrame:
        unit, to = _unit(unit), _unit(to)
        if unit == to:
            return frame.copy()
        t, p = _check_tp(temp, pressure)
        mw = np.array([self._df.at[self.resolve(c), "mw"] for c in frame.columns])
        ugm3_per_ppb = mw * p / (R_GAS * t) * 1e-3
        molec_per_ppb = 1e-9 * p / (K_BOLTZMANN * t) * 1e-6
        factor_to_ppb = {"ppb": np.ones_like(mw), "ugm3": 1.0 / ugm3_per_ppb,
                         "molec_cm3": np.full_like(mw, 1.0 / molec_per_ppb)}
        factor_from_ppb = {"ppb": np.ones_like(mw), "ugm3": ugm3_per_ppb,
                           "molec_cm3": np.full_like(mw, molec_per_ppb)}
        return frame * (factor_to_ppb[unit] * factor_from_ppb[to])

    def convert(self, conc: Concentrations, unit: str, to: str, temp: float = T_REF,
                pressure: float = P_REF) -> pd.Series | pd.DataFrame:
        """Convert concentrations between 'ugm3', 'ppb' and 'molec_cm3' at ``temp``, ``pressure``."""
        frame, was_series = self._as_frame(conc)
        out = self._convert(frame, unit, to, temp, pressure)
        return _finish(out, was_series, _unit(to), None)

    # ------------------------------------------------------------------ analyses
    def ofp(self, conc: Concentrations, unit: str = "ugm3", temp: float = T_REF,
            pressure: float = P_REF) -> pd.Series | pd.DataFrame:
        """Ozone formation potential per species, ug m-3 of O3 (MIR x ug m-3)."""
        frame, was_series = self._as_frame(conc)
        ug = self._convert(frame, unit, "ugm3", temp, pressure)
        mir = self.coefficients(list(ug.columns), "mir")
        return _finish(ug * mir.to_numpy(), was_series, "ug m-3 O3", "ofp")

    def soa_potential(self, conc: Concentrations, method: str = "soap", unit: str = "ugm3",
                      temp: float = T_REF, pressure: float = P_REF,
                      fraction_reacted: float | Mapping | pd.Series = 0.0,
                      ) -> pd.Series | pd.DataFrame:
        """SOA formation potential per species, ug m-3.

        ``method="soap"``: toluene-equivalent mass C x SOAP / 100 (Derwent et al., 2010).
        ``method="fac"``: C / (1 - fraction_reacted) x FAC / 100 (Grosjean, 1992).
        """
        frame, was_series = self._as_frame(conc)
        ug = self._convert(frame, unit, "ugm3", temp, pressure)
        species = list(ug.columns)
        if method == "soap":
            coef = self.coefficients(species, "soap") / 100.0
            return _finish(ug * coef.to_numpy(), was_series, "ug m-3 (toluene-equivalent)",
                           "soa_potential")
        if method != "fac":
            raise ValueError(f"method: unknown SOA method {method!r} (use 'soap' or 'fac')")
        fr = _per_species(fraction_reacted, species, self, "fraction_reacted")
        if np.any(~np.isfinite(fr)) or np.any((fr < 0) | (fr >= 1)):
            bad = species[int(np.flatnonzero(~((fr >= 0) & (fr < 1)))[0])]
            raise ValueError(f"fraction_reacted: must be in [0, 1) (species {bad!r})")
        coef = self.coefficients(species, "fac") / 100.0
        initial = ug / (1.0 - fr)
        return _finish(initial * coef.to_numpy(), was_series, "ug m-3", "soa_potential")

    def oh_reactivity(self, conc: Concentrations, unit: str = "ppb", temp: float = T_REF,
                      pressure: float = P_REF) -> pd.Series | pd.DataFrame:
        """OH reactivity per species, s-1 (kOH at 298 K x molecule cm-3).

        The rate coefficients are the 298 K values; ``temp`` and ``pressure`` only convert
        ppb or ug m-3 to number density.
        """
        frame, was_series = self._as_frame(conc)
        n = self._convert(frame, unit, "molec_cm3", temp, pressure)
        k = self.coefficients(list(n.columns), "koh_298")
        return _finish(n * k.to_numpy(), was_series, "s-1", "oh_reactivity")

    def to_mechanism(self, conc: Concentrations, unit: str = "ppb", temp: float = T_REF,
                     pressure: float = P_REF) -> pd.Series | pd.DataFrame:
        """CB6 model-species concentrations from measured species (mol per mol lumping).

        The result is in ppb (input in ppb or ug m-3) or molecule cm-3 (input in molecule cm-3).
        Species the table marks as not represented in CB6 ("NR", e.g. halocarbons) contribute
        nothing; species with no mapping at all give a MissingCoefficientWarning.
        """
        frame, was_series = self._as_frame(conc)
        out_unit = "molec_cm3" if _unit(unit) == "molec_cm3" else "ppb"
        mol = self._convert(frame, unit, out_unit, temp, pressure)
        unmapped: list[str] = []
        targets: dict[str, pd.Series] = {}
        for label in mol.columns:
            name = self.resolve(label)
            mapping = self._cb6[name]
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
        return _finish(result, was_series, "molecule cm-3" if out_unit == "molec_cm3" else "ppb",
                       None)


def _per_species(value: float | Mapping | pd.Series, species: list[str], table: VocTable,
                 what: str) -> np.ndarray:
    if isinstance(value, (Mapping, pd.Series)):
        given = {table.resolve(str(k)): float(v) for k, v in dict(value).items()}
        missing = [s for s in species if table.resolve(s) not in given]
        if missing:
            raise KeyError(f"{what}: no value for species {', '.join(missing)}")
        return np.array([given[table.resolve(s)] for s in species], dtype=float)
    return np.full(len(species), float(value))


def _finish(frame: pd.DataFrame, was_series: bool, units: str,
            name: str | None) -> pd.Series | pd.DataFrame:
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


def ofp(conc: Concentrations, unit: str = "ugm3", temp: float = T_REF, pressure: float = P_REF,
        table: VocTable | None = None) -> pd.Series | pd.DataFrame:
    """Ozone formation potential (ug m-3 O3) with the bundled table; see VocTable.ofp."""
    return (table or default_table()).ofp(conc, unit=unit, temp=temp, pressure=pressure)


def soa_potential(conc: Concentrations, method: str = "soap", unit: str = "ugm3",
                  temp: float = T_REF, pressure: float = P_REF,
                  fraction_reacted: float | Mapping | pd.Series = 0.0,
                  table: VocTable | None = None) -> pd.Series | pd.DataFrame:
    """SOA formation potential (ug m-3); see VocTable.soa_potential."""
    return (table or default_table()).soa_potential(
        conc, method=method, unit=unit, temp=temp, pressure=pressure,
        fraction_reacted=fraction_reacted)


def oh_reactivity(conc: Concentrations, unit: str = "ppb", temp: float = T_REF,
                  pressure: float = P_REF, table: VocTable | None = None,
                  ) -> pd.Series | pd.DataFrame:
    """OH reactivity (s-1); see VocTable.oh_reactivity."""
    return (table or default_table()).oh_reactivity(conc, unit=unit, temp=temp,
                                                    pressure=pressure)


def to_mechanism(conc: Concentrations, unit: str = "ppb", temp: float = T_REF,
                 pressure: float = P_REF, table: VocTable | None = None,
                 ) -> pd.Series | pd.DataFrame:
    """CB6 model-species concentrations; see VocTable.to_mechanism."""
    return (table or default_table()).to_mechanism(conc, unit=unit, temp=temp,
                                                   pressure=pressure)
