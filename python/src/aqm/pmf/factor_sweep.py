"""Choosing the number of factors: base runs for every p with the diagnostics users compare."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from .. import _core
from .._cf import annotate
from .._typing import Table
from ._defaults import SWEEP
from ._n_components import check_n_components, renamed_keyword
from .dataset import Dataset

__all__ = ["factor_sweep", "parse_factor_range"]


def parse_factor_range(text: str, name: str = "factors") -> list[int]:
    """``"3-10"`` → [3, ..., 10]; ``"3,5,7"`` → [3, 5, 7]; errors name ``name``."""
    out: list[int] = []
    try:
        for part in str(text).split(","):
            if "-" in part:
                lo, hi = (int(v) for v in part.split("-", 1))
                if hi < lo:
                    raise ValueError
                out.extend(range(lo, hi + 1))
            else:
                out.append(int(part))
    except ValueError:
        raise ValueError(
            f"{name}: {text!r} is not a range like 3-10 or a list like 3,5,7"
        ) from None
    if not out or min(out) < 1:
        raise ValueError(f"{name}: {text!r} must name numbers of factors >= 1")
    return out


def factor_sweep(
    data: Dataset | Table,
    U: Table | None = None,
    *,
    n_components: Iterable[int] | str | None = None,
    n_runs: int = SWEEP.base.n_runs,
    random_state: int = 0,
    robust: bool = SWEEP.base.solve.robust,
    robust_alpha: float = SWEEP.base.solve.alpha,
    method: str = SWEEP.base.solve.method,
    max_iter: int | None = None,
    tol: float | None = None,
    n_boot: int = 20,
    displacement: bool = False,
    n_threads: int | None = None,
    **dataset_options: Any,
) -> xr.Dataset:
    """Base runs (``n_runs`` seeded runs each, in parallel) for every number of factors p in
    ``n_components`` (numbers, or a range text like ``"3-10"``; default 3-10; the old keyword
    ``factors`` still works, with a DeprecationWarning).

    Per p: Q(true), Q(robust), Q_exp, Q(robust)/Q_exp, the drop of Q(robust) from p − 1, the
    largest absolute scaled residual and the count beyond 3, converged runs, the bootstrap mapping
    rate (mean and worst factor over ``n_boot`` resamples; 0 = skip) and, with
    ``displacement=True`` (costly), DISP swaps at dQmax = 4.  ``summary`` gives the table as
    pandas: ``factor_sweep(...).to_dataframe()``.
    """
    n_components, name = renamed_keyword(
        "n_components",
        n_components,
        "factors",
        dataset_options.pop("factors", None),
        "factor_sweep",
    )
    if n_components is None:
        n_components = tuple(SWEEP.factors)
    if isinstance(n_components, str):
        ps = parse_factor_range(n_components, name)
    else:
        ps = [check_n_components(p, name=name) for p in n_components]
    if not ps:
        raise ValueError(f"{name}: give at least one number of factors")
    if not isinstance(random_state, (int, np.integer)) or random_state < 0:
        raise ValueError(f"random_state must be an int >= 0, got {random_state!r}")
    if isinstance(data, Dataset):
        if U is not None or dataset_options:
            raise ValueError("pass either a Dataset or X and U (with options), not both")
        dataset = data
    else:
        dataset = Dataset(data, U, **dataset_options)
    prepared = dataset.prepared()
    n, m = prepared.X.shape
    too_big = [p for p in ps if not 1 <= p < min(n, m)]
    if too_big:
        raise ValueError(
            f"{name}: {too_big[0]} must be in [1, min(samples, species) - 1 = {min(n, m) - 1}]"
        )
    options = _core.pmf.FactorSweepOptions()
    options.factors, options.n_boot, options.displacement = ps, int(n_boot), bool(displacement)
    base = options.base
    base.solve.robust, base.solve.alpha = bool(robust), float(robust_alpha)
    base.solve.method = method
    if max_iter is not None:
        base.solve.max_iter = int(max_iter)
    if tol is not None:
        base.solve.tol = float(tol)
    threads = int(n_threads or 0)
    base.n_runs, base.seed, base.n_threads = int(n_runs), int(random_state), threads
    options.bootstrap.seed, options.bootstrap.n_threads = int(random_state), threads
    options.disp.n_threads = threads
    rows = _core.pmf.factor_sweep(prepared.X, prepared.U, options, prepared.total_index)

    def column(name: str) -> list[Any]:
        return [getattr(row, name) for row in rows]

    one = {"units": "1"}
    table = {
        "q_true": ("factors", column("q_true"), {"long_name": "Q(true) of the best run", **one}),
        "q_robust": (
            "factors",
            column("q_robust"),
            {"long_name": "Q(robust) of the best run", **one},
        ),
        "q_exp": ("factors", column("q_exp"), {"long_name": "Q_exp = n m - p (n + m)", **one}),
        "q_robust_over_q_exp": (
            "factors",
            column("q_robust_over_q_exp"),
            {"long_name": "Q(robust) / Q_exp", **one},
        ),
        "q_robust_drop": (
            "factors",
            column("q_robust_drop"),
            {"long_name": "drop of Q(robust) from one factor fewer", **one},
        ),
        "max_abs_scaled_residual": (
            "factors",
            column("max_abs_scaled_residual"),
            {"long_name": "largest |scaled residual|", **one},
        ),
        "residuals_beyond_3": (
            "factors",
            column("residuals_beyond_3"),
            {"long_name": "|scaled residual| > 3", **one},
        ),
        "converged_runs": (
            "factors",
            column("converged_runs"),
            {"long_name": "converged base runs", **one},
        ),
        "bs_mapping_rate": (
            "factors",
            column("bs_mapping_rate"),
            {"long_name": "mean share of BS resamples mapping a factor to itself", **one},
        ),
        "min_bs_mapping_rate": (
            "factors",
            column("min_bs_mapping_rate"),
            {"long_name": "worst factor's BS mapping share", **one},
        ),
        "q_over_q_exp_species": (
            ("factors", "species"),
            np.stack([row.base.diagnostics.q_over_q_exp for row in rows]),
            {"long_name": "Q(robust) of each species over its Q_exp", **one},
        ),
    }
    if displacement:
        table["disp_swaps"] = (
            "factors",
            column("disp_swaps"),
            {"long_name": "DISP swaps at dQmax = 4", **one},
        )
        table["disp_largest_decrease"] = (
            "factors",
            column("disp_largest_decrease"),
            {"long_name": "largest DISP decrease of Q", **one},
        )
    attrs = {
        "n_runs": int(n_runs),
        "seed": str(random_state),
        "n_boot": int(n_boot),
        "method": method,
        "robust": int(robust),
        "title": "PMF factor-number sweep",
    }
    return annotate(
        xr.Dataset(table, coords={"factors": ps, "species": list(prepared.species)}, attrs=attrs)
    )


def summary_table(sweep: xr.Dataset) -> pd.DataFrame:
    """The per-p table of a sweep (one row per number of factors) as pandas."""
    per_p = sweep.drop_vars(["q_over_q_exp_species"]).drop_dims("species", errors="ignore")
    return per_p.to_dataframe()
