"""FPEAK rotations of a fitted :class:`aqm.pmf.PMF` (EPA PMF 5.0's Fpeak, after PMF2).

φ > 0 adds contribution columns to each other and subtracts profile rows (sharper profiles, more
zeros in F); φ < 0 the reverse.  The formulation is in ``libaqm/include/aqm/pmf/fpeak.hpp`` and
``docs/architecture.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import xarray as xr

from .. import _core
from .._cf import annotate, sample_coord
from ._defaults import FPEAK
from ._schema import UNKNOWN_UNITS

if TYPE_CHECKING:
    from .estimator import PMF

__all__ = ["fpeak"]


def fpeak(
    model: PMF, strengths: Sequence[float] = tuple(FPEAK.strengths), *, weight: float = FPEAK.weight
) -> xr.Dataset:
    """FPEAK runs from the best base run of ``model``, one per strength φ (in parallel).

    Returns profiles (concentration units, contributions normalised to mean 1 like
    ``model.profiles_``), normalised contributions and, per strength, Q(robust), Q(true), dQ
    (= Q(robust) − base Q(robust)) and %dQ — PMF 5.0's Fpeak summary table.
    """
    model._check_fitted()
    values = [float(v) for v in np.atleast_1d(np.asarray(strengths, dtype=float))]
    if not values:
        raise ValueError("strengths: give at least one FPEAK strength")
    if not weight > 0:
        raise ValueError(f"weight must be > 0, got {weight!r}")
    options = _core.pmf.FpeakOptions()
    options.strengths, options.weight = values, float(weight)
    options.n_threads = int(model.n_threads or 0)
    r = _core.pmf.fpeak(model._fit, options)
    profiles, contributions = [], []
    for run in r.runs:
        mean = np.asarray(run.G).mean(axis=0)
        mean = np.where(mean > 0, mean, 1.0)
        profiles.append(np.asarray(run.F) * mean[:, None])
        contributions.append(np.asarray(run.G) / mean)
    sample_dim = model._sample_dim
    units = {"units": model._units or UNKNOWN_UNITS}
    runs = r.runs
    data = {
        "profiles": (
            ("strength", "factor", "species"),
            np.stack(profiles),
            {"long_name": "FPEAK factor profiles (normalised contributions)", **units},
        ),
        "contributions": (
            ("strength", sample_dim, "factor"),
            np.stack(contributions),
            {"long_name": "FPEAK contributions normalised to mean 1", "units": "1"},
        ),
        "q_robust": (
            "strength",
            [x.q_robust for x in runs],
            {"long_name": "Q(robust)", "units": "1"},
        ),
        "q_true": ("strength", [x.q_true for x in runs], {"long_name": "Q(true)", "units": "1"}),
        "dq": (
            "strength",
            [x.dq for x in runs],
            {"long_name": "Q(robust) - base Q(robust)", "units": "1"},
        ),
        "percent_dq": (
            "strength",
            [x.percent_dq for x in runs],
            {"long_name": "dQ as a share of the base Q(robust)", "units": "%"},
        ),
        "converged": (
            "strength",
            np.asarray([x.converged for x in runs], dtype=np.int8),
            {"units": "1"},
        ),
    }
    coords = {
        "strength": values,
        "factor": model.factor_names_,
        "species": list(model.feature_names_in_),
        sample_dim: sample_coord(sample_dim, model.sample_names_),
    }
    attrs = {
        "q_robust_base": r.q_robust_base,
        "weight": float(weight),
        "method": "FPEAK: rotation-inducing pulls (libaqm formulation after PMF2)",
    }
    return annotate(xr.Dataset(data, coords=coords, attrs=attrs))
