"""Top-down (receptor) versus bottom-up (inventory) VOC source structure.

Two comparisons the literature uses (shared/reference/voc-workflow.md §5):

1. **Source shares**: the PMF share of each source in the ambient VOC mass against the
   inventory share of the sectors mapped to it, emission-weighted near the site.  Per source
   group the ratio r = receptor share / inventory share, with a relative standard uncertainty
   from the two sides in quadrature (shares are positive, so the interval is taken on ln r:
   r·exp(±z·u)).  The Beijing 2009–2012 case of Wang M. et al. (2014, ACP 14:5871) — solvent
   use 14 % by receptor modelling vs 32 % in the inventory — gives r = 0.44.
2. **Species ratios to a tracer** (the emission-ratio method, Wang M. et al. 2014; Li J. et al.
   2019 ACP 19:5905): the ambient enhancement ratio ΔVOC/Δtracer (mol/mol; reduced major axis
   slope of the enhancements above each species' low percentile) against the inventory's
   emission ratio E_VOC/E_tracer in mol/mol.

The ratios can be written as ``[[adjust]]`` entries of a scenario file, which
``Inventory.apply`` applies to the base inventory before the scenario's measures.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._atomic import atomic_path

if TYPE_CHECKING:
    import xarray as xr

    from ..emis import Inventory
    from ..pmf import PMF

__all__ = [
    "compare_shares",
    "emission_ratios",
    "inventory_shares",
    "receptor_shares",
    "write_adjustment",
]

_Z90 = 1.6448536269514722  # standard normal 95th percentile: a two-sided 90 % interval


def receptor_shares(
    model: PMF,
    bootstrap: xr.Dataset | None = None,
    *,
    names: Mapping[str, str] | None = None,
    drop: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Share of each PMF factor in the ambient VOC mass (species summed, total variable left
    out), with ``share_u``: a relative standard uncertainty from a BS result when given.
    Factors are renamed by ``names`` (e.g. ``aqm.voc.identify(model).names``); factors given
    the same name (two vehicle factors) are one source, their masses summed.

    From BS, the source's mass in the 25th and 75th percentile profiles (species summed) gives
    an interquartile range; u = IQR / (1.349 · median) is the normal-equivalent relative
    standard uncertainty.  Without BS, ``share_u`` is NaN.
    """
    from .formation import source_concentrations

    conc = source_concentrations(model, names=names, drop=drop)
    mass = conc.sum(axis=1).groupby(level=0, sort=False).sum()
    out = pd.DataFrame({"mass": mass, "share": mass / mass.sum()})
    out["share_u"] = np.nan
    if bootstrap is not None:
        rename = [dict(names or {}).get(str(f), str(f)) for f in bootstrap["factor"].values]
        species = list(conc.columns)

        def source_mass(var: str) -> pd.Series:
            per_factor = bootstrap[var].sel(species=species).sum("species").to_series()
            return per_factor.groupby(rename, sort=False).sum()

        p25, p75, med = source_mass("p25"), source_mass("p75"), source_mass("median")
        with np.errstate(invalid="ignore", divide="ignore"):
            out["share_u"] = ((p75 - p25) / (1.349 * med)).reindex(out.index).to_numpy()
    out.index.name = "source"
    return out


def _place_weights(inventory: Any, weights: Mapping[str, float] | None) -> dict[str, float]:
    if weights is None:
        return dict.fromkeys(inventory.places, 1.0)
    unknown = [p for p in weights if p not in inventory.places]
    if unknown:
        raise KeyError(f"weights: no place {', '.join(map(repr, unknown))} in the inventory")
    for place, w in weights.items():
        if not (isinstance(w, (int, float)) and math.isfinite(w) and w >= 0):
            raise ValueError(f"weights[{place!r}]: must be a finite number >= 0, got {w!r}")
    if not any(weights.values()):
        raise ValueError("weights: all place weights are zero")
    return {p: float(weights.get(p, 0.0)) for p in inventory.places}


def _group_of(sector: str, groups: Mapping[str, str]) -> str | None:
    """The group of the most specific selector covering ``sector`` (a/b covers a/b/c)."""
    best = None
    for selector in groups:
        if sector == selector or sector.startswith(selector.rstrip("/") + "/"):
            if best is None or len(selector) > len(best):
                best = selector
    return None if best is None else groups[best]


def inventory_shares(
    inventory: Inventory,
    groups: Mapping[str, str],
    *,
    pollutant: str = "NMVOC",
    weights: Mapping[str, float] | None = None,
    relative_uncertainty: float | Mapping[str, float] = 0.0,
) -> pd.DataFrame:
    """Share of each source group in the inventory's ``pollutant``, emission-weighted near the
    site: each place's emissions count with ``weights[place]`` (default 1 everywhere, e.g. a
    distance kernel around the site; unlisted places 0).

    ``groups`` maps sector selectors (a sector covers its sub-sectors) to group names, the
    receptor's source names.  Sectors no selector covers form the group ``"unassigned"``.
    ``relative_uncertainty`` (one number or per group) becomes ``share_u``.
    """
    w = _place_weights(inventory, weights)
    tops = dict.fromkeys(s.split("/")[0] for s in inventory.sectors)  # each sector once
    factors = {pollutant: dict.fromkeys(tops, w)} if weights is not None else None
    inv = inventory.scale(factors, source="inventory_shares weights") if factors else inventory
    totals = inv.totals()
    if pollutant not in totals.columns:
        raise KeyError(
            f"pollutant: {pollutant!r} is not in the inventory ({', '.join(totals.columns)})"
        )
    by_group: dict[str, float] = {}
    for sector, value in totals[pollutant].items():
        group = _group_of(str(sector), groups) or "unassigned"
        by_group[group] = by_group.get(group, 0.0) + float(value)
    out = pd.DataFrame({"emission": pd.Series(by_group)})
    out["share"] = out["emission"] / out["emission"].sum()
    if isinstance(relative_uncertainty, Mapping):
        unknown = set(relative_uncertainty) - set(out.index)
        if unknown:
            raise KeyError(f"relative_uncertainty: no group {', '.join(sorted(unknown))}")
        out["share_u"] = [float(relative_uncertainty.get(g, 0.0)) for g in out.index]
    else:
        out["share_u"] = float(relative_uncertainty)
    out.index.name = "source"
    out.attrs["units"] = inventory.units[pollutant]
    return out


def compare_shares(
    receptor: pd.DataFrame, inventory: pd.DataFrame, *, z: float = _Z90
) -> pd.DataFrame:
    """Per source group: receptor and inventory shares, r = receptor / inventory, and the
    interval r·exp(±z·u) with u = sqrt(u_receptor² + u_inventory²) (default z: 90 %).

    ``agrees`` is True when the interval contains 1.  Groups present on one side only are
    kept (share 0 on the other; r is 0 or inf) so that nothing disappears from the table.
    """
    for name, frame in (("receptor", receptor), ("inventory", inventory)):
        missing = {"share", "share_u"} - set(frame.columns)
        if missing:
            raise ValueError(f"{name}: missing column(s) {', '.join(sorted(missing))}")
    groups = list(dict.fromkeys([*receptor.index, *inventory.index]))
    out = pd.DataFrame(index=pd.Index(groups, name="source"))
    out["receptor_share"] = receptor["share"].reindex(groups).fillna(0.0)
    out["receptor_u"] = receptor["share_u"].reindex(groups)
    out["inventory_share"] = inventory["share"].reindex(groups).fillna(0.0)
    out["inventory_u"] = inventory["share_u"].reindex(groups)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["ratio"] = out["receptor_share"] / out["inventory_share"]
    u = np.sqrt(out["receptor_u"].fillna(0.0) ** 2 + out["inventory_u"].fillna(0.0) ** 2)
    out["ratio_u"] = u
    out["ratio_low"] = out["ratio"] * np.exp(-z * u)
    out["ratio_high"] = out["ratio"] * np.exp(z * u)
    out["agrees"] = (out["ratio_low"] <= 1.0) & (out["ratio_high"] >= 1.0)
    return out


def _rma_slope(x: np.ndarray, y: np.ndarray) -> float:
    """Reduced-major-axis slope sign(r)·sd(y)/sd(x): both variables carry error."""
    r = np.corrcoef(x, y)[0, 1]
    return float(np.sign(r) * np.std(y) / np.std(x))


def emission_ratios(
    ambient: pd.DataFrame,
    inventory_moles: pd.Series,
    *,
    tracer: str,
    background_percentile: float = 5.0,
    n_boot: int = 200,
    seed: int = 0,
) -> pd.DataFrame:
    """Ambient enhancement ratios to ``tracer`` against inventory emission ratios.

    ``ambient``: samples × species mixing ratios (one unit, e.g. ppb; the tracer a column, e.g.
    'acetylene' or 'CO'); rows with a missing value are skipped per species.  Enhancements
    are taken above each column's ``background_percentile``; the ratio is the RMA slope, with a
    90 % interval from ``n_boot`` seeded bootstrap resamples of the samples.
    ``inventory_moles``: emissions per species in moles (mol yr-1), tracer included.
    Returns per species: ambient, its interval, inventory, ratio = ambient / inventory.
    """
    if tracer not in ambient.columns:
        raise KeyError(f"tracer: {tracer!r} is not a column of the ambient table")
    if tracer not in inventory_moles.index:
        raise KeyError(f"tracer: {tracer!r} has no inventory emission")
    if not 0 <= background_percentile < 100:
        raise ValueError("background_percentile: must be within [0, 100)")
    e_tracer = float(inventory_moles[tracer])
    if not e_tracer > 0:
        raise ValueError(f"tracer: inventory emission of {tracer!r} must be > 0")
    rng = np.random.default_rng(seed)
    rows = {}
    for species in ambient.columns:
        if species == tracer or species not in inventory_moles.index:
            continue
        pair = ambient[[tracer, species]].dropna().to_numpy(dtype=float)
        if len(pair) < 10:
            raise ValueError(f"{species}: fewer than 10 samples with both {species} and {tracer}")
        d = pair - np.percentile(pair, background_percentile, axis=0)
        slope = _rma_slope(d[:, 0], d[:, 1])
        boot = [_rma_slope(*d[idx].T) for idx in rng.integers(0, len(d), (n_boot, len(d)))]
        low, high = np.percentile(boot, [5, 95]) if n_boot else (np.nan, np.nan)
        inv_ratio = float(inventory_moles[species]) / e_tracer
        rows[species] = {
            "ambient": slope,
            "ambient_low": low,
            "ambient_high": high,
            "inventory": inv_ratio,
            "ratio": slope / inv_ratio if inv_ratio > 0 else np.inf,
        }
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "species"
    out.attrs["tracer"] = tracer
    return out


def write_adjustment(
    path: str | Path,
    comparison: pd.DataFrame,
    groups: Mapping[str, str],
    *,
    pollutant: str = "NMVOC",
    only_disagreeing: bool = True,
    name: str = "top_down_adjustment",
) -> dict[str, float]:
    """Write a scenario TOML whose ``[[adjust]]`` entries scale each sector of a group by the
    group's receptor/inventory ratio (only groups whose interval excludes 1 when
    ``only_disagreeing``).  Returns {sector selector: factor}.  Groups with no inventory
    emission (ratio inf) cannot be scaled and are refused by name.
    """
    chosen = comparison if not only_disagreeing else comparison[~comparison["agrees"]]
    factors: dict[str, float] = {}
    for selector, group in groups.items():
        if group not in chosen.index:
            continue
        ratio = float(chosen.at[group, "ratio"])
        if not math.isfinite(ratio):
            raise ValueError(f"{group}: no inventory emission to scale (ratio {ratio})")
        factors[selector] = ratio
    lines = [
        f"# Top-down adjustment of {pollutant}: receptor share / inventory share per group",
        "# written by aqm.voc.topdown.write_adjustment",
        "[scenario]",
        f'name = "{name}"',
        "",
    ]
    for selector, factor in factors.items():
        lines += [
            "[[adjust]]",
            f'sector = "{selector}"',
            f'pollutant = "{pollutant}"',
            f"factor = {factor:.6g}",
            f'note = "group {groups[selector]}"',
            "",
        ]
    with atomic_path(path) as tmp:
        Path(tmp).write_text("\n".join(lines), encoding="utf-8")
    return factors
