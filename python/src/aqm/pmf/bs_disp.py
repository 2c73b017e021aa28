"""PMF 5.0's BS-DISP on a fitted :class:`aqm.pmf.PMF`: DISP inside every bootstrap resample."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import xarray as xr

from .. import _core
from .._cf import annotate
from .._progress import progress_callback
from .._typing import RandomState
from ._defaults import BS_DISP
from ._schema import UNKNOWN_UNITS

if TYPE_CHECKING:
    from .estimator import PMF

__all__ = ["bs_disp"]


def bs_disp(
    model: PMF,
    n_boot: int = BS_DISP.n_boot,
    *,
    dq_max: Sequence[float] = tuple(BS_DISP.dq_max),
    block_size: int | None = None,
    min_correlation: float = BS_DISP.min_correlation,
    bisection_steps: int = BS_DISP.bisection_steps,
    random_state: RandomState = None,
) -> xr.Dataset:
    """BS-DISP (Paatero et al. 2014, AMT 7:781) around the best base run of ``model``.

    Resamples are drawn exactly as :meth:`PMF.bootstrap` draws them for the same seed and block
    size, refitted from the base profiles and mapped to the base factors; DISP then runs in each
    at ``dq_max`` (PMF 5.0: 0.5, 1, 2, 4) with ``bisection_steps`` refinement fits per level and
    direction (3; DISP's default is 5).  Returns per level the widest interval over the
    resamples in which the factor mapped to itself (concentration units), the number of
    resamples with a swap per factor, and the resamples whose DISP found a lower Q.
    """
    from ._start import _seed_from

    model._check_fitted()
    if not isinstance(n_boot, (int, np.integer)) or n_boot < 1:
        raise ValueError(f"n_boot must be a positive integer, got {n_boot!r}")
    if block_size is not None and (not isinstance(block_size, (int, np.integer)) or block_size < 1):
        raise ValueError(f"block_size must be None or a positive integer, got {block_size!r}")
    levels = [float(v) for v in dq_max]
    if not levels or any(not v > 0 for v in levels) or levels != sorted(levels):
        raise ValueError(f"dq_max must be positive and ascending, got {list(dq_max)!r}")
    seed = _seed_from(model.random_state if random_state is None else random_state)
    options = _core.pmf.BsDispOptions()
    options.n_boot, options.block_size = int(n_boot), int(block_size or 0)
    options.min_correlation, options.dq_max = float(min_correlation), levels
    options.bisection_steps, options.seed = int(bisection_steps), seed
    options.n_threads = int(model.n_threads or 0)
    with progress_callback(model.progress, "PMF BS-DISP") as cb:
        r = _core.pmf.bs_disp(model._fit, options, cb)
    units = {"units": model._units or UNKNOWN_UNITS}
    dims = ("dq_max", "factor", "species")
    data = {
        "lower": (
            dims,
            np.stack(r.lower),
            {"long_name": "lower end of the BS-DISP interval", **units},
        ),
        "upper": (
            dims,
            np.stack(r.upper),
            {"long_name": "upper end of the BS-DISP interval", **units},
        ),
        "swaps": (
            ("dq_max", "factor"),
            r.swaps,
            {"long_name": "resamples in which a displacement swapped the factor", "units": "1"},
        ),
        "mapped": (
            "factor",
            r.mapped,
            {"long_name": "resamples in which the factor mapped to itself", "units": "1"},
        ),
        "largest_decrease": (
            "boot",
            r.largest_decrease,
            {"long_name": "most negative dQ met by the resample's DISP", "units": "1"},
        ),
    }
    coords = {
        "dq_max": levels,
        "factor": model.factor_names_,
        "species": list(model.feature_names_in_),
        "boot": np.arange(1, n_boot + 1),
    }
    attrs = {
        "n_boot": int(n_boot),
        "block_size": int(r.block_size),
        "seed": str(seed),
        "resamples_with_decrease": int(r.resamples_with_decrease),
        "fits": int(r.fits),
        "method": "BS-DISP (PMF 5.0)",
    }
    return annotate(xr.Dataset(data, coords=coords, attrs=attrs))
