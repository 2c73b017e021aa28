"""The xarray form of a PMF 5.0 bootstrap result (:meth:`aqm.pmf.PMF.bootstrap`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import xarray as xr

from .._cf import annotate
from ._schema import UNKNOWN_UNITS

if TYPE_CHECKING:
    from .estimator import PMF


def bootstrap_dataset(
    model: PMF, bs: Any, seed: int, min_correlation: float, n_held: int
) -> xr.Dataset:
    """Percentiles, each run's profiles, the mapping table and the run table of ``bs``
    (``_core.pmf.BootstrapResult``), labelled with ``model``'s factors and species."""
    n_boot = len(bs.q_robust)
    factors, species = model.factor_names_, list(model.feature_names_in_)
    fs = ("factor", "species")
    units = {"units": model._units or UNKNOWN_UNITS}
    data = {
        name: (fs, getattr(bs, name), {"long_name": f"{label} of bootstrap profiles", **units})
        for name, label in [
            ("p05", "5th percentile"),
            ("p25", "25th percentile"),
            ("median", "median"),
            ("p75", "75th percentile"),
            ("p95", "95th percentile"),
        ]
    }
    data["profiles"] = (
        ("boot", "factor", "species"),
        np.stack(bs.profiles),
        {
            "long_name": "profiles of each bootstrap run (NaN: factor not mapped to itself)",
            **units,
        },
    )
    data["mapping"] = (
        ("factor", "mapped_to"),
        bs.mapping,
        {
            "long_name": "runs in which the BS factor (row) mapped to a base factor or none",
            "units": "1",
        },
    )
    data["q_robust"] = (
        "boot",
        bs.q_robust,
        {"long_name": "Q(robust) of each bootstrap run", "units": "1"},
    )
    data["converged"] = ("boot", np.asarray(bs.converged, dtype=np.int8), {"units": "1"})
    data["iterations"] = ("boot", bs.iterations, {"units": "1"})
    coords = {
        "factor": factors,
        "species": species,
        "mapped_to": factors + ["unmapped"],
        "boot": np.arange(1, n_boot + 1),
    }
    attrs = {
        "block_size": bs.block_size,
        "n_boot": n_boot,
        "min_correlation": float(min_correlation),
        "seed": str(seed),
        "method": "classical block bootstrap (PMF 5.0 BS)"
        + (f" of a constrained run ({n_held} held elements)" if n_held else ""),
    }
    return annotate(xr.Dataset(data, coords=coords, attrs=attrs))
