"""VOC speciation: profile library, compound -> mechanism mapping, PMF localisation.

Compound names, molecular weights and the CB6 lumping come from the species registry
(:mod:`aqm.species`, ``data/voc/voc_species.csv``); emissions keep no name table of their own.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from .. import _core
from .. import species as _species
from ._data import data_file

_e = _core.emis


def read_profiles(path: str | Path) -> dict[str, object]:
    """CSV: profile, compound, mass_fraction[, source]; each profile must sum to 1 (+-0.001)."""
    rows: dict[str, list] = {}
    sources: dict[str, str] = {}
    with open(path, newline="") as f:
        reader = csv.DictReader(row for row in f if not row.startswith("#"))
        for lineno, r in enumerate(reader, start=2):
            try:
                frac = float(r["mass_fraction"])
            except (TypeError, ValueError):
                raise ValueError(
                    f"{path}:{lineno}: mass_fraction '{r.get('mass_fraction')}' is not a number"
                ) from None
            rows.setdefault(r["profile"], []).append((r["compound"], frac))
            if r.get("source"):
                sources.setdefault(r["profile"], r["source"])
    out = {}
    for name, items in rows.items():
        p = _e.SpeciationProfile(
            name, [c for c, _ in items], [w for _, w in items], sources.get(name, str(path))
        )
        try:
            p.validate()
        except ValueError as err:
            raise ValueError(f"{path}: {err}") from None
        out[name] = p
    return out


def read_mechanism(mapping: str | Path, species_mw: str | Path, name: str) -> object:
    """Mapping CSV: compound, molecular_weight, species ("TOL:1 PAR:3");
    species CSV: species, molecular_weight."""
    mw = _species_mw(species_mw)
    compounds = []
    with open(mapping, newline="") as f:
        for lineno, r in enumerate(
            csv.DictReader(row for row in f if not row.startswith("#")), start=2
        ):
            sp = []
            for tok in r["species"].split():
                s, _, n = tok.partition(":")
                try:
                    sp.append((s, float(n or 1)))
                except ValueError:
                    raise ValueError(f"{mapping}:{lineno}: bad species term '{tok}'") from None
            compounds.append(_e.CompoundMapping(r["compound"], float(r["molecular_weight"]), sp))
    mech = _e.SpeciesMapping(name, mw, compounds)
    mech.validate()
    return mech


def load_profiles() -> dict[str, object]:
    """The bundled representative VOC profiles (data/emis/voc_profiles.csv)."""
    return read_profiles(data_file("voc_profiles.csv"))


def _species_mw(path: str | Path) -> dict[str, float]:
    with open(path, newline="") as f:
        return {
            r["species"]: float(r["molecular_weight"])
            for r in csv.DictReader(row for row in f if not row.startswith("#"))
        }


def load_mechanism(name: str = "CB6") -> object:
    """The CB6 compound -> species mapping of the species registry (every registry species
    with a CB6 lumping, under its canonical name; "not represented" species as 1 UNR), with
    S2S-Tool's CB6 species MWs (``data/emis/cb6_species_mw.csv``)."""
    if name != "CB6":
        raise KeyError(f"{name}: no bundled mechanism (only 'CB6')")
    return _e.cb6_mechanism(_species.registry()._core, _species_mw(data_file("cb6_species_mw.csv")))


def default_assignment() -> dict[str, str]:
    """Sector -> profile name for the bundled inventory (data/emis/voc_assignment.csv)."""
    with open(data_file("voc_assignment.csv"), newline="") as f:
        return {
            r["sector"]: r["profile"]
            for r in csv.DictReader(row for row in f if not row.startswith("#"))
        }


def speciation_table(
    profile: object, mechanism: object | None = None, basis: str = "mechanism"
) -> pd.DataFrame:
    """Moles per gram and mass fraction per mechanism species, as S2S-Tool writes GSPRO."""
    mechanism = load_mechanism() if mechanism is None else mechanism
    d = _e.build_speciation(profile, mechanism, basis)
    df = pd.DataFrame(
        {"moles_per_gram": d.moles_per_gram, "mass_fraction": d.mass_fraction},
        index=pd.Index(d.species, name="species"),
    )
    df.attrs["back_check"] = d.back_check
    return df


def localize_from_pmf(
    factor: Mapping[str, float] | pd.Series,
    *,
    name: str,
    units: str = "mass",
    molecular_weights: Mapping[str, float] | None = None,
    default: object | None = None,
    mechanism: object | None = None,
):
    """Turn a PMF factor profile of VOC species into a speciation profile for a sector.

    ``factor`` maps species to the factor's contribution (mass units, or mixing ratio with
    ``units='ppb'`` and molecular weights - taken from the mechanism mapping when not given).
    Species the registry knows are renamed to their canonical names (``"ethene"`` ->
    ``"ethylene"``), so the profile matches the mechanism mapping.
    Returns (profile, report): the report compares it with ``default`` (Pearson r,
    coefficient of divergence, largest differences) and gives the back-check of its
    mechanism speciation.
    """
    mechanism = load_mechanism() if mechanism is None else mechanism
    s = pd.Series(factor, dtype=float)
    reg = _species.registry()
    s.index = [reg.resolve(k) if k in reg else str(k) for k in s.index]
    if s.index.duplicated().any():
        dup = s.index[s.index.duplicated()][0]
        raise ValueError(f"species {dup!r} appears twice in the factor (names or aliases)")
    mws: list[float] = []
    if units == "ppb":
        known = {c.compound: c.molecular_weight for c in mechanism.compounds}
        known.update(dict(molecular_weights or {}))
        missing = [k for k in s.index if k not in known]
        if missing:
            raise KeyError(f"{missing[0]}: no molecular weight to convert ppb to mass")
        mws = [known[k] for k in s.index]
    elif units != "mass":
        raise ValueError("units must be 'mass' or 'ppb'")
    profile = _e.profile_from_factor(name, list(map(str, s.index)), s.to_numpy().tolist(), mws)
    report: dict[str, object] = {"profile": name}
    spec = _e.build_speciation(profile, mechanism, "mechanism", True)
    report["unmapped"] = spec.unmapped
    report["unmapped_fraction"] = spec.unmapped_fraction
    report["back_check"] = spec.back_check
    if default is not None:
        cmp = _e.compare_profiles(profile, default)
        diff = pd.DataFrame(
            {"localized": cmp.a, "default": cmp.b}, index=pd.Index(cmp.compounds, name="compound")
        )
        diff["difference"] = diff["localized"] - diff["default"]
        report["pearson_r"] = cmp.pearson_r
        report["cod"] = cmp.cod
        report["largest_differences"] = diff.reindex(
            diff["difference"].abs().sort_values(ascending=False).index
        ).head(10)
    return profile, report


__all__ = [
    "default_assignment",
    "load_mechanism",
    "load_profiles",
    "localize_from_pmf",
    "read_mechanism",
    "read_profiles",
    "speciation_table",
]

_ = np  # numpy kept for users of speciation_table
