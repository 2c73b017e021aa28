"""Build the xarray result of a PMF fit (one schema for the estimator, CLI, plots, NetCDF)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import xarray as xr

from .._cf import annotate, sample_coord

# Concentration units of a fit whose input did not say (Dataset(units=...) does).
UNKNOWN_UNITS = "unknown"


def result_dataset(
    fit: Any,
    *,
    categories: list[str],
    total_variable: str | None,
    samples: list[str],
    species: list[str],
    units: str,
    sample_dim: str,
    factor_names: list[str],
    attrs: Mapping[str, Any],
) -> xr.Dataset:
    """Arrange a fit (``aqm._core.pmf.Fit``) into a labelled Dataset."""
    runs = fit.result.runs
    n_runs = len(runs)
    best, diag = fit.result.best, fit.result.diagnostics
    coords = {
        sample_dim: sample_coord(sample_dim, samples),
        "species": ("species", species, {"long_name": "species"}),
        "factor": ("factor", factor_names, {"long_name": "factor"}),
        "run": ("run", np.arange(1, n_runs + 1), {"long_name": "base run number", "units": "1"}),
    }
    sf = (sample_dim, "factor")
    fs = ("factor", "species")
    ss = (sample_dim, "species")
    conc = {"units": units or UNKNOWN_UNITS}
    data_vars = {
        "profiles": (
            fs,
            diag.profiles,
            {"long_name": "factor profiles (normalised contributions)", **conc},
        ),
        "profiles_percent": (
            fs,
            diag.profiles_percent,
            {"long_name": "share of each species' total", "units": "%"},
        ),
        "contributions": (
            sf,
            diag.contributions,
            {"long_name": "factor contributions normalised to mean 1", "units": "1"},
        ),
        "contributions_raw": (
            sf,
            best.G,
            {"long_name": "fitted factor contributions G", "units": "1"},
        ),
        "profiles_raw": (fs, best.F, {"long_name": "fitted factor profiles F", **conc}),
        "observed": (ss, fit.X, {"long_name": "concentrations used in the fit", **conc}),
        "uncertainty": (
            ss,
            fit.U,
            {"long_name": "uncertainties used in the fit (after categories)", **conc},
        ),
        "predicted": (ss, diag.predicted, {"long_name": "modelled concentrations G F", **conc}),
        "scaled_residuals": (
            ss,
            diag.scaled_residuals,
            {"long_name": "(observed - predicted) / uncertainty", "units": "1"},
        ),
        "explained_variation": (
            fs,
            diag.explained_variation,
            {"long_name": "explained variation of each species by each factor", "units": "1"},
        ),
        "q_per_species": (
            "species",
            diag.q_over_q_exp,
            {"long_name": "Q(robust) of each species over its Q_exp", "units": "1"},
        ),
        "r2": ("species", diag.r2, {"long_name": "observed vs predicted r squared", "units": "1"}),
        "slope": (
            "species",
            diag.slope,
            {"long_name": "observed vs predicted regression slope", "units": "1"},
        ),
        "intercept": (
            "species",
            diag.intercept,
            {"long_name": "observed vs predicted regression intercept", **conc},
        ),
        "residuals_beyond_3": (
            "species",
            diag.residuals_beyond_3,
            {"long_name": "number of |scaled residual| > 3", "units": "1"},
        ),
        "run_q_true": (
            "run",
            [r.q_true for r in runs],
            {"long_name": "Q(true) of each base run", "units": "1"},
        ),
        "run_q_robust": (
            "run",
            [r.q_robust for r in runs],
            {"long_name": "Q(robust) of each base run", "units": "1"},
        ),
        "run_converged": (
            "run",
            np.asarray([r.converged for r in runs], dtype=np.int8),
            {"long_name": "base run converged (1) or not (0)", "units": "1"},
        ),
        "run_iterations": (
            "run",
            [r.iterations for r in runs],
            {"long_name": "iterations of each base run", "units": "1"},
        ),
        "run_revived": (
            "run",
            [r.revived for r in runs],
            {"long_name": "dead factors re-seeded in each base run", "units": "1"},
        ),
    }
    data_vars["category"] = (
        "species",
        categories,
        {"long_name": "PMF 5.0 species category: strong, weak or bad"},
    )
    if total_variable is not None:
        tv = total_variable
        data_vars["mass_contributions"] = (
            sf,
            diag.mass_contributions,
            {"long_name": f"factor contributions to {tv}", **conc},
        )
        data_vars["mass_coefficients"] = (
            "factor",
            diag.mass_coefficients,
            {"long_name": f"regression coefficients of {tv} on contributions", **conc},
        )
    ds = annotate(xr.Dataset(data_vars=data_vars, coords=coords, attrs=dict(attrs)))
    ds.attrs.setdefault("Conventions", "CF-1.8")
    return ds
