"""Build the xarray result of a PMF fit (one schema for the estimator, CLI, plots, NetCDF)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import xarray as xr

from .._cf import annotate, sample_coord

# Concentration units of a fit whose input did not say (Dataset(units=...) does).
UNKNOWN_UNITS = "unknown"


def result_dataset(fit: Mapping[str, Any], *, samples: list[str], species: list[str], units: str,
                   sample_dim: str, factor_names: list[str], attrs: Mapping[str, Any]) -> xr.Dataset:
    """Arrange the arrays of a fit (as returned by the binding) into a labelled Dataset."""
    runs = fit["runs"]
    n_runs = len(runs["q_robust"])
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
        "profiles": (fs, fit["profiles"], {"long_name": "factor profiles (normalised contributions)", **conc}),
        "profiles_percent": (fs, fit["profiles_percent"], {"long_name": "share of each species' total", "units": "%"}),
        "contributions": (sf, fit["contributions"], {"long_name": "factor contributions normalised to mean 1", "units": "1"}),
        "contributions_raw": (sf, fit["G"],
                              {"long_name": "fitted factor contributions G", "units": "1"}),
        "profiles_raw": (fs, fit["F"], {"long_name": "fitted factor profiles F", **conc}),
        "observed": (ss, fit["X"], {"long_name": "concentrations used in the fit", **conc}),
        "uncertainty": (ss, fit["U"], {"long_name": "uncertainties used in the fit (after categories)", **conc}),
        "predicted": (ss, fit["predicted"], {"long_name": "modelled concentrations G F", **conc}),
        "scaled_residuals": (ss, fit["scaled_residuals"], {"long_name": "(observed - predicted) / uncertainty", "units": "1"}),
        "explained_variation": (fs, fit["explained_variation"], {"long_name": "explained variation of each species by each factor", "units": "1"}),
        "q_per_species": ("species", fit["q_per_species"], {"long_name": "Q(robust) of each species over its Q_exp", "units": "1"}),
        "r2": ("species", fit["r2"], {"long_name": "observed vs predicted r squared", "units": "1"}),
        "slope": ("species", fit["slope"], {"long_name": "observed vs predicted regression slope", "units": "1"}),
        "intercept": ("species", fit["intercept"], {"long_name": "observed vs predicted regression intercept", **conc}),
        "residuals_beyond_3": ("species", fit["residuals_beyond_3"], {"long_name": "number of |scaled residual| > 3", "units": "1"}),
        "run_q_true": ("run", runs["q_true"], {"long_name": "Q(true) of each base run", "units": "1"}),
        "run_q_robust": ("run", runs["q_robust"], {"long_name": "Q(robust) of each base run", "units": "1"}),
        "run_converged": ("run", np.asarray(runs["converged"], dtype=np.int8), {"long_name": "base run converged (1) or not (0)", "units": "1"}),
        "run_iterations": ("run", runs["iterations"], {"long_name": "iterations of each base run", "units": "1"}),
        "run_revived": ("run", runs["revived"],
                        {"long_name": "dead factors re-seeded in each base run", "units": "1"}),
    }
    if "category" in fit:
        data_vars["category"] = ("species", fit["category"],
                                 {"long_name": "PMF 5.0 species category: strong, weak or bad"})
    if "mass_contributions" in fit:
        tv = fit["total_variable"]
        data_vars["mass_contributions"] = (sf, fit["mass_contributions"],
                                           {"long_name": f"factor contributions to {tv}", **conc})
        data_vars["mass_coefficients"] = ("factor", fit["mass_coefficients"],
                                          {"long_name": f"regression coefficients of {tv} on "
                                                        "contributions", **conc})
    ds = annotate(xr.Dataset(data_vars=data_vars, coords=coords, attrs=dict(attrs)))
    ds.attrs.setdefault("Conventions", "CF-1.8")
    return ds
