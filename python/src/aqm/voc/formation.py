"""Ozone- and SOA-formation potential by source: from PMF factors (ambient) or an inventory.

Potential-based attribution (reference: shared/reference/voc-workflow.md §6.1): a source's
ozone formation potential is OFP_k = Σ_i MIR_i C_ik and its SOA potential SOAP_k = Σ_i C_ik
SOAP_i / 100 (toluene-equivalent mass, Derwent et al. 2010), with C_ik the mass of species i
attributed to source k — µg m-3 for ambient factors, t yr-1 for inventory sectors.  MIR, SOAP and
molecular weights come from the species registry (``aqm.chem.voc``).

Species without a MIR or SOAP value carry mass but no potential: their mass and its share are
reported (``unrated_mass``) and a :class:`~aqm.chem.voc.MissingCoefficientWarning` names them,
so nothing is dropped silently.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..chem.voc import P_REF, T_REF, MissingCoefficientWarning, VocTable, default_table

if TYPE_CHECKING:
    import xarray as xr

    from ..emis import Inventory
    from ..pmf import PMF

__all__ = [
    "FormationPotential",
    "formation_potential",
    "formation_intervals",
    "source_concentrations",
    "inventory_formation_potential",
]

_COEFFICIENTS = {"ofp": "mir", "soap": "soap"}


class FormationPotential:
    """OFP and SOA potential per source, with the species detail behind them.

    ``by_source``: one row per source with ``voc`` (mass), ``ofp``, ``soap``, their shares
    (fractions of the column totals), ``ofp_per_voc`` (g O3 per g VOC) and ``unrated_mass``
    (mass of species without a MIR). ``by_species``: the same per species (key precursors).
    ``detail``: source × species tables ``mass``, ``ofp``, ``soap``. ``units`` names the mass
    unit of every column.
    """

    def __init__(self, mass: pd.DataFrame, mir: pd.Series, soap: pd.Series, units: str):
        self.units = units
        ofp = mass * mir.fillna(0.0).to_numpy()
        soa = mass * (soap.fillna(0.0).to_numpy() / 100.0)
        self.detail = {"mass": mass, "ofp": ofp, "soap": soa}
        self.by_source = self._summary(mass, ofp, soa, mir)
        self.by_species = self._summary(mass.T, ofp.T, soa.T, None).drop(columns="unrated_mass")
        self.by_species.index.name = "species"

    @staticmethod
    def _summary(
        mass: pd.DataFrame, ofp: pd.DataFrame, soa: pd.DataFrame, mir: pd.Series | None
    ) -> pd.DataFrame:
        out = pd.DataFrame(
            {"voc": mass.sum(axis=1), "ofp": ofp.sum(axis=1), "soap": soa.sum(axis=1)}
        )
        for col in ("voc", "ofp", "soap"):
            total = out[col].sum()
            out[f"{col}_share"] = out[col] / total if total > 0 else np.nan
        with np.errstate(invalid="ignore", divide="ignore"):
            out["ofp_per_voc"] = out["ofp"] / out["voc"]
        unrated = mir.isna().to_numpy() if mir is not None else np.zeros(mass.shape[1], bool)
        out["unrated_mass"] = mass.loc[:, unrated].sum(axis=1)
        return out

    def key_precursors(self, n: int = 10, by: str = "ofp") -> pd.DataFrame:
        """The ``n`` species with the largest ``by`` ('ofp', 'soap' or 'voc')."""
        if by not in ("ofp", "soap", "voc"):
            raise ValueError(f"by: must be 'ofp', 'soap' or 'voc', got {by!r}")
        return self.by_species.sort_values(by, ascending=False).head(n)

    def ranking(self, by: str = "ofp") -> pd.DataFrame:
        """Sources ranked by ``by`` ('ofp', 'soap' or 'voc'), with a 1-based ``rank`` column."""
        if by not in ("ofp", "soap", "voc"):
            raise ValueError(f"by: must be 'ofp', 'soap' or 'voc', got {by!r}")
        out = self.by_source.sort_values(by, ascending=False).copy()
        out.insert(0, "rank", np.arange(1, len(out) + 1))
        return out


def _rated(table: VocTable, species: list[str]) -> tuple[pd.Series, pd.Series]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingCoefficientWarning)
        return table.coefficients(species, "mir"), table.coefficients(species, "soap")


def _warn_unrated(mass: pd.DataFrame, mir: pd.Series, soap: pd.Series) -> None:
    total = float(mass.to_numpy().sum())
    for what, coef in (("MIR", mir), ("SOAP", soap)):
        missing = [s for s in coef.index[coef.isna()] if mass[s].sum() > 0]
        if missing:
            share = float(mass[missing].to_numpy().sum()) / total if total > 0 else 0.0
            warnings.warn(
                f"no {what} for {', '.join(missing)} ({share:.1%} of the VOC mass): "
                f"counted as VOC mass with no {what.lower()} potential",
                MissingCoefficientWarning,
                stacklevel=3,
            )


def formation_potential(
    concentrations: pd.DataFrame,
    unit: str = "ug m-3",
    *,
    temp: float = T_REF,
    pressure: float = P_REF,
    table: VocTable | None = None,
) -> FormationPotential:
    """OFP and SOA potential of each source from its species concentrations.

    ``concentrations``: source × species (rows = sources, columns = species names, aliases or
    CAS numbers; results use the registry's names), in ``unit`` (any concentration unit or
    alias, :func:`aqm.species.concentration_unit`; converted to ug m-3 at ``temp`` K and
    ``pressure`` Pa).  OFP is µg m-3 of O3, SOAP µg m-3 toluene-equivalent.
    """
    table = table or default_table()
    if not isinstance(concentrations, pd.DataFrame):
        raise TypeError("concentrations: a pandas DataFrame, sources × species")
    mass = table.convert(concentrations, unit, "ug m-3", temp=temp, pressure=pressure)
    mass.columns = [table.resolve(str(c)) for c in mass.columns]  # registry names
    mir, soap = _rated(table, list(mass.columns))
    _warn_unrated(mass, mir, soap)
    return FormationPotential(mass, mir, soap, "ug m-3")


def source_concentrations(
    model: PMF, *, names: Mapping[str, str] | None = None, drop: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Mean concentration of each species attributed to each PMF factor (source × species).

    This is PMF 5.0's profile in concentration units (contributions normalised to mean 1),
    i.e. mean_t(g_tk) f_kj, with the factors' names as rows, renamed by ``names`` (e.g.
    ``aqm.voc.identify(model).names``).  The total variable, when the dataset has one, and the
    species in ``drop`` are left out.
    """
    profiles = model.profiles_.rename(index=dict(names or {}))
    total = getattr(model, "_total_variable", None) or ""
    skip = {total, *drop} - {""}
    unknown = [s for s in drop if s not in profiles.columns]
    if unknown:
        raise KeyError(f"drop: no species {', '.join(map(repr, unknown))} in the PMF model")
    return profiles.drop(columns=[c for c in profiles.columns if c in skip])


def formation_intervals(
    model: PMF,
    bootstrap: xr.Dataset,
    unit: str = "ug m-3",
    *,
    names: Mapping[str, str] | None = None,
    drop: tuple[str, ...] = (),
    quantiles: tuple[float, ...] = (0.05, 0.5, 0.95),
    temp: float = T_REF,
    pressure: float = P_REF,
    table: VocTable | None = None,
) -> pd.DataFrame:
    """Bootstrap intervals of each source's VOC mass, OFP and SOA potential.

    ``bootstrap``: ``model.bootstrap(...)``, whose per-run ``profiles`` are the source ×
    species concentrations of each run (as :func:`source_concentrations` gives for the base
    run).  Each run's potentials are computed as :func:`formation_potential` computes them,
    and a source's quantiles are taken over the runs in which its factor mapped to itself
    (PMF 5.0's BS rule).  The interval is the random error of the base run (resampled
    hours); rotational ambiguity is not in it (``model.displacement``).  Returns one row per
    source: ``voc_q05``, ``ofp_q50``, ... (``q`` + the quantile in percent) and ``n_runs``.
    """
    if "profiles" not in getattr(bootstrap, "data_vars", {}):
        raise ValueError("bootstrap: need the Dataset of model.bootstrap(...) with 'profiles'")
    q = np.asarray(quantiles, dtype=float)
    if q.ndim != 1 or q.size == 0 or not np.all((q >= 0) & (q <= 1)) or np.any(np.diff(q) <= 0):
        raise ValueError(f"quantiles: increasing values within [0, 1], got {quantiles!r}")
    base = source_concentrations(model, drop=drop)
    runs = bootstrap["profiles"].transpose("boot", "factor", "species")
    if list(runs["factor"].values) != list(base.index):
        raise ValueError("bootstrap: its factors are not the model's; bootstrap this model")
    stacked = runs.sel(species=list(base.columns)).to_numpy().reshape(-1, base.shape[1])
    labels = [str(dict(names or {}).get(f, f)) for f in base.index]
    if len(set(labels)) != len(labels):
        raise ValueError(f"names: two factors get the same source name in {labels}")
    rows = pd.MultiIndex.from_product([range(runs.sizes["boot"]), labels], names=["boot", "src"])
    mapped = pd.DataFrame(stacked, index=rows, columns=base.columns).dropna(how="any")
    if mapped.empty:
        raise ValueError("bootstrap: no run mapped any factor to itself")
    per_run = formation_potential(
        mapped, unit, temp=temp, pressure=pressure, table=table
    ).by_source[["voc", "ofp", "soap"]]
    grouped = per_run.groupby(level="src", sort=False)
    out = pd.DataFrame(index=pd.Index(labels, name="source"))
    for col in ("voc", "ofp", "soap"):
        for qi in q:
            out[f"{col}_q{100 * qi:g}"] = grouped[col].quantile(qi)
    out["n_runs"] = grouped.size().reindex(out.index).fillna(0).astype(int)
    return out


def inventory_formation_potential(
    inventory: Inventory, *, table: VocTable | None = None, by: str = "sector"
) -> FormationPotential:
    """OFP and SOA potential by sector from an inventory speciated to compounds.

    ``inventory``: an :class:`aqm.emis.Inventory` whose VOC pollutants are explicit compounds
    in one mass unit (``Inventory.speciate(..., output="compounds")``); pollutants the species
    registry does not know (NOx, CO, PM2.5, ...) are ignored.  Values are annual totals in the
    inventory's unit (e.g. t yr-1 of VOC → t yr-1 of O3 potential).
    """
    table = table or default_table()
    totals = inventory.totals(by=by)
    compounds = [p for p in totals.columns if p in table]
    if not compounds:
        raise ValueError(
            "inventory: no pollutant is a VOC compound known to the species "
            "registry; speciate it first with output='compounds'"
        )
    units = {inventory.units[p] for p in compounds}
    if len(units) != 1:
        raise ValueError(f"inventory: compound pollutants come in several units {sorted(units)}")
    mass = totals[compounds].astype(float)
    mir, soap = _rated(table, compounds)
    _warn_unrated(mass, mir, soap)
    return FormationPotential(mass, mir, soap, units.pop())
