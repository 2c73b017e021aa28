"""How far the rotations a PMF solution leaves free move each source's OFP, SOA potential or mass.

PMF 5.0's DISP (Paatero et al. 2014, Atmos. Meas. Tech. 7:781) displaces one profile element
at a time until Q(robust) rises by dQmax.  A source's ozone formation potential is a sum over
species, Σ_j c_j f_kj (c_j the MIR, the SOAP/100 or 1, times the unit conversion), and the
element intervals do not bound it: adding their ends combines displacements that no single
solution holds at once.  Here the sum itself
is pulled down to zero and up towards everything the species could give it (ME-2 pulling of a
linear expression, Paatero 1999; :func:`aqm.pmf.constraints.constrained_run`), the strength
found by bisection so that Q(robust) rises by ``dq_max`` above the solution's own Q.  The
solution's 'set to zero' constraints stay held.  ``dq_max = 4``: PMF 5.0's smallest DISP level;
with Gaussian errors and the right uncertainties Q is −2 ln L + const, and a rise of 3.84
(χ²₁'s 95 % point) bounds a 95 % profile-likelihood interval of one quantity.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import xarray as xr

from ..chem.voc import P_REF, T_REF, VocTable, default_table
from .constrain import ConstrainedSolution
from .formation import _rated

if TYPE_CHECKING:
    from ..pmf import PMF

__all__ = ["DEFAULT_DQ_MAX", "QUANTITIES", "formation_displacement"]

#: PMF 5.0's smallest DISP level (Q units).
DEFAULT_DQ_MAX = 4.0
#: The pull's bisection stops once dQ is within this fraction below ``dq_max``: the ends are
#: those of a dQ between 0.9 and 1 times ``dq_max``.  Each bisection step is a full pulled fit
#: (~8 s on the bundled VOC data; 11-12 steps per end at 0.1), so PMF 5.0's 2 % costs more.
DQ_TOLERANCE = 0.1
#: What can be displaced: ozone formation potential, SOA potential, VOC mass.
QUANTITIES = ("ofp", "soap", "voc")


def _coefficients(
    species: list[str], quantity: str, unit: str, temp: float, pressure: float, table: VocTable
) -> pd.Series:
    """c_j: the quantity (µg m-3 of O3, of toluene-equivalent SOA, of VOC) per unit of species j
    in ``unit``; 0 where the registry has no coefficient (formation_potential counts those as
    mass with no potential)."""
    ones = pd.DataFrame(np.ones((1, len(species))), columns=species)
    per_unit = table.convert(ones, unit, "ug m-3", temp=temp, pressure=pressure).iloc[0]
    per_unit.index = species
    if quantity == "voc":
        return per_unit
    mir, soap = _rated(table, [table.resolve(s) for s in species])
    rate = (mir if quantity == "ofp" else soap / 100.0).to_numpy()
    return (per_unit * np.nan_to_num(rate, nan=0.0)).astype(float)


def _start(model: PMF, solution: ConstrainedSolution | None) -> tuple[xr.Dataset | None, float]:
    """The solution to pull from (None: the base run) and its Q(robust)."""
    if solution is not None and not isinstance(solution, ConstrainedSolution):
        raise TypeError(
            f"solution: aqm.voc.zero_absent_species's result or None, got {type(solution).__name__}"
        )
    if solution is None or not solution.applied:
        return None, float(model.q_robust_)
    shapes = (solution.profiles.shape, solution.contributions.shape)
    want = (model.profiles_.shape, (len(model.sample_names_), len(model.factor_names_)))
    if shapes != want:
        raise ValueError(
            f"solution: profiles / contributions of shape {shapes}, the model's are {want}"
        )
    start = xr.Dataset(
        {
            "profiles": (("factor", "species"), solution.profiles.to_numpy()),
            "contributions": (("sample", "factor"), solution.contributions.to_numpy()),
        }
    )
    return start, float(model.q_robust_) * (1.0 + solution.percent_dq / 100.0)


def _check(quantity: str, dq_max: float) -> None:
    if quantity not in QUANTITIES:
        raise ValueError(f"quantity: one of {list(QUANTITIES)}, got {quantity!r}")
    if not (isinstance(dq_max, (int, float)) and np.isfinite(dq_max) and dq_max > 0):
        raise ValueError(f"dq_max: a positive number of Q units, got {dq_max!r}")


def _chosen(model: PMF, factors: Sequence[str] | None, names: Mapping[str, str] | None) -> list:
    chosen = list(model.factor_names_) if factors is None else list(factors)
    unknown = [f for f in chosen if f not in model.factor_names_]
    if unknown:
        raise KeyError(f"factors: no factor {', '.join(map(repr, unknown))} in the PMF model")
    labels = [str(dict(names or {}).get(f, f)) for f in chosen]
    if len(set(labels)) != len(labels):
        raise ValueError(f"factors / names: two rows would be named alike in {labels}")
    return chosen


def _pulls(chosen: list, coef: pd.Series, held: list, reach: float, percent_dq: float) -> dict:
    """(factor, end) -> the PMF 5.0 expression pulling the factor's sum Σ c_j f_kj to 0
    ("lower") or to ``reach`` ("upper"); factors with no rated, unheld species get none."""
    zero = {(c["factor"], c["species"]) for c in held if "species" in c}
    pulls = {}
    for factor in chosen:
        terms = [
            {"factor": factor, "species": s, "coef": float(c)}
            for s, c in coef.items()
            if c > 0 and (factor, s) not in zero
        ]
        for end, target in (("lower", 0.0), ("upper", reach)) if terms else ():
            pulls[factor, end] = {"terms": terms, "value": target, "dq": percent_dq}
    return pulls


def formation_displacement(
    model: PMF,
    solution: ConstrainedSolution | None = None,
    *,
    quantity: str = "ofp",
    dq_max: float = DEFAULT_DQ_MAX,
    names: Mapping[str, str] | None = None,
    factors: Sequence[str] | None = None,
    unit: str = "ug m-3",
    temp: float = T_REF,
    pressure: float = P_REF,
    table: VocTable | None = None,
) -> pd.DataFrame:
    """The range of each source's OFP (or ``quantity`` "soap" / "voc") over the solutions whose
    Q(robust) is at most ``dq_max`` above that of ``solution`` (module docstring).

    ``solution``: :func:`aqm.voc.zero_absent_species`'s result, whose constraints are held
    (None: the base run of ``model``).  ``names`` renames factors to sources (as
    :func:`formation_intervals`), ``factors`` limits the factors displaced (default all).
    ``unit``: the model's concentration unit.  Returns one row per source: the solution's
    ``estimate``, ``lower`` and ``upper`` (µg m-3), and the dQ each end reached (``dq_lower``,
    ``dq_upper``; below ``dq_max`` when the pull's target was met first).
    """
    model._check_fitted()
    _check(quantity, dq_max)
    table = table or default_table()
    total = getattr(model, "_total_variable", None)
    species = [s for s in model.feature_names_in_ if s != total]
    coef = _coefficients(species, quantity, unit, temp, pressure, table)
    start, q_start = _start(model, solution)
    held = list(solution.constraints) if start is not None else []
    profiles = (solution.profiles if start is not None else model.profiles_)[species]
    chosen = _chosen(model, factors, names)
    reach = float((profiles.sum(axis=0) * coef).sum())  # all of every species in one factor
    pulls = _pulls(chosen, coef, held, reach, 100 * dq_max / q_start)

    def pull(key: tuple[str, str]) -> tuple[float, float]:
        run = model.constrained_run(held, [pulls[key]], start=start, dq_tolerance=DQ_TOLERANCE)
        pulled = run["profiles"].sel(factor=key[0], species=species).to_numpy()
        return float(pulled @ coef.to_numpy()), float(run.attrs["dq"])

    # each run releases the GIL; the runs are independent, so the order of completion is moot
    with ThreadPoolExecutor(max_workers=model.n_threads or os.cpu_count() or 1) as pool:
        ends = dict(zip(pulls, pool.map(pull, pulls)))
    rows = {}
    for factor in chosen:
        estimate = float(profiles.loc[factor].to_numpy() @ coef.to_numpy())
        (lo, dq_lo), (hi, dq_hi) = (
            ends.get((factor, e), (estimate, 0.0)) for e in ("lower", "upper")
        )
        # The solution itself is in the set (dQ 0).  ALS stops on a small relative change, so a
        # pull may first finish the start's own slow drift and end on the far side of it.
        lo, hi = min(lo, estimate), max(hi, estimate)
        rows[str(dict(names or {}).get(factor, factor))] = (estimate, lo, hi, dq_lo, dq_hi)
    columns = ["estimate", "lower", "upper", "dq_lower", "dq_upper"]
    out = pd.DataFrame.from_dict(rows, orient="index", columns=columns)
    out.index.name = "source"
    return out
