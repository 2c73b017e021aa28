"""The xarray form of a PMF 5.0 displacement result (:meth:`aqm.pmf.PMF.displacement`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import xarray as xr

from .._cf import annotate, sample_coord
from ._schema import UNKNOWN_UNITS

if TYPE_CHECKING:
    from .estimator import PMF


def displacement_dataset(model: PMF, d: Any, levels: list[float]) -> xr.Dataset:
    """Intervals, swaps and Q of ``d`` (``_core.pmf.DisplacementResult``) at each dQmax of
    ``levels``, labelled with ``model``'s factors and species; the lowest-Q solution DISP met
    when it is below the base run."""
    units = {"units": model._units or UNKNOWN_UNITS}
    dims = ("dq_max", "factor", "species")
    data = {
        "lower": (
            dims,
            np.stack(d.lower),
            {"long_name": "lower end of the DISP interval", **units},
        ),
        "upper": (
            dims,
            np.stack(d.upper),
            {"long_name": "upper end of the DISP interval", **units},
        ),
        "swaps": (
            ("dq_max", "factor"),
            d.swaps,
            {
                "long_name": "profile elements whose displacement swapped the factor",
                "units": "1",
            },
        ),
    }
    coords = {
        "dq_max": levels,
        "factor": model.factor_names_,
        "species": list(model.feature_names_in_),
    }
    attrs = {
        "q_base": d.q_base,
        "largest_decrease": d.largest_decrease,
        "fits": d.fits,
        "lower_minimum_found": int(d.lower_minimum_found),
        "method": "displacement of factor elements (PMF 5.0 DISP)",
    }
    if d.lower_minimum_found:
        # Any displaced fit is a valid solution: offer the lowest as the new base.
        data["G_lowest"] = (
            (model._sample_dim, "factor"),
            d.G_lowest,
            {"long_name": "contributions of the lowest-Q solution DISP met", "units": "1"},
        )
        data["F_lowest"] = (
            ("factor", "species"),
            d.F_lowest,
            {"long_name": "profiles of the lowest-Q solution DISP met", **units},
        )
        coords[model._sample_dim] = sample_coord(model._sample_dim, model.sample_names_)
        attrs["q_lowest"] = d.q_lowest
    return annotate(xr.Dataset(data, coords=coords, attrs=attrs))
