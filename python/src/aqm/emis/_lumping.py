"""Lumping a species-resolved inventory to mechanism species (moles), with the back-check.

``cb6``: the registry's CB6 mapping (``load_mechanism()``, mechanism basis as S2S-Tool:
n_j = sum_c m_c Moles_cj / sum_k Moles_ck MW_k), so sum_j n_j MW_j equals the mapped mass.
``mcm``: the registry's MCM name of each compound, n = m / MW of the compound.
Compounds without a mapping and the ``unmapped`` NMVOC stay as ``unmapped`` mass.  The loop
over sector x place x time is C++ (``aqm::emis::lump_compounds``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .. import _core
from .. import species as _species
from .inventory import Inventory

_e = _core.emis
MECHANISMS = ("cb6", "mcm")


@dataclass
class LumpedInventory:
    """Mechanism species in moles + ``unmapped`` mass, per sector x place x time."""

    inventory: Inventory
    mechanism: str
    not_mapped: list[str]  #: compounds of the inventory the mechanism has no species for
    mapped_mass_g: np.ndarray  #: per sector, grams of compounds that were lumped
    species_mw: dict[str, float]
    source: object  #: the :class:`SpeciesInventory` it came from

    def back_check(self) -> pd.DataFrame:
        """Per sector: mapped mass (g) against sum n MW (g) of the mechanism species."""
        inv = self.inventory
        names = [p for p in inv.pollutants if p in self.species_mw]
        idx = [inv.pollutants.index(p) for p in names]
        mw = np.array([self.species_mw[p] for p in names])
        mol_per_unit = _g_per(inv.units[names[0]], "mol") if names else 1.0
        n_mw = (
            np.einsum("sjrt,j->s", inv.values[:, idx], mw) * mol_per_unit
            if names
            else np.zeros(len(inv.sectors))
        )
        m = self.mapped_mass_g
        return pd.DataFrame(
            {
                "mapped_mass_g": m,
                "sum_n_mw_g": n_mw,
                "relative_difference": np.abs(n_mw - m) / np.where(m > 0, m, 1.0),
            },
            index=pd.Index(inv.sectors, name="sector"),
        )

    def species_totals(self) -> pd.Series:
        t = self.inventory.values.sum(axis=(0, 2, 3))
        return pd.Series(t, index=self.inventory.pollutants).sort_values(ascending=False)

    def provenance(self) -> dict[str, str]:
        out = self.source.provenance()
        out["lumping"] = json.dumps(
            {
                "mechanism": self.mechanism,
                "not_mapped": self.not_mapped,
                "species_mw": self.species_mw,
            }
        )
        return out

    def to_netcdf(self, path: str | Path) -> None:
        from .species_inventory import write_netcdf

        write_netcdf(
            self.inventory,
            path,
            self.provenance(),
            {sp: {"molecular_weight": mw} for sp, mw in self.species_mw.items()},
        )

    def to_csv(self, path: str | Path) -> None:
        from .species_inventory import write_csv

        write_csv(self.inventory, path, self.provenance())


def _g_per(unit: str, kind: str) -> float:
    """Grams (kind='g') or moles (kind='mol') per `unit`, for an amount or a rate per year."""
    rate = "/" in unit or "-1" in unit
    return float(_e.conversion_factor(unit, f"{kind}/yr" if rate else kind))


def _cb6_matrix(compounds: list[str]) -> tuple[dict, dict[str, float], list[str]]:
    from .speciation import load_mechanism

    mech = load_mechanism()
    mw = dict(mech.species_mw)
    by_name = {c.compound: c for c in mech.compounds}
    rows: dict[str, dict[str, float]] = {}
    missing = []
    for c in compounds:
        m = by_name.get(c)
        if m is None:
            missing.append(c)
            continue
        div = sum(n * mw[sp] for sp, n in m.species)
        rows[c] = {}
        for sp, n in m.species:
            rows[c][sp] = rows[c].get(sp, 0.0) + n / div
    return rows, mw, missing


def _mcm_matrix(compounds: list[str]) -> tuple[dict, dict[str, float], list[str]]:
    reg = _species.registry()
    rows: dict[str, dict[str, float]] = {}
    mw: dict[str, float] = {}
    missing = []
    for c in compounds:
        rec = reg.lookup(c)
        name, weight = str(rec.get("mcm") or ""), float(rec["mw"])
        if not name or name == "nan":
            missing.append(c)
            continue
        if name in mw and abs(mw[name] - weight) > 1e-9 * weight:
            raise ValueError(f"MCM species {name!r}: compounds with different MWs map to it")
        mw[name] = weight
        rows[c] = {name: 1.0 / weight}
    return rows, mw, missing


def lump(species_inv, mechanism: str) -> LumpedInventory:
    if mechanism not in MECHANISMS:
        raise KeyError(f"mechanism {mechanism!r}: expected one of {', '.join(MECHANISMS)}")
    from .species_inventory import UNMAPPED

    inv = species_inv.inventory
    compounds = species_inv.compounds
    rows, mw, missing = (_cb6_matrix if mechanism == "cb6" else _mcm_matrix)(compounds)
    species = sorted({sp for r in rows.values() for sp in r})
    matrix = [[r.get(sp, 0.0) for sp in species] for r in rows.values()]
    core = _e.lump_compounds(
        inv._c, mechanism, list(rows), species, [x for line in matrix for x in line], UNMAPPED
    )
    values = inv.values
    g = _g_per(inv.units[UNMAPPED], "g")
    mapped_g = values[:, [inv.pollutants.index(c) for c in rows]].sum(axis=(1, 2, 3)) * g
    return LumpedInventory(
        Inventory(core), mechanism, missing, mapped_g, {sp: mw[sp] for sp in species}, species_inv
    )
