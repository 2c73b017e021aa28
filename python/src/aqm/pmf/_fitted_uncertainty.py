"""``PMF(uncertainty="fitted")``: uncertainties recomputed from the fitted values.

An uncertainty computed from the measured value x (EPA PMF 5.0's equation, s ≈ EF·x) is
correlated with x's own noise: a value read low gets a small uncertainty and a large weight,
so the weighted fit is pulled below the truth (the bias of weighting by the observations,
Carroll & Ruppert 1988, *Transformation and Weighting in Regression*).  PMF2 and ME-2
offer error models that compute the standard deviations from the fitted values instead
(Paatero, *User's Guide for PMF2 and PMF3*, part 2, 1998/2004, "Codes C1, C2, C3 and
Errormodel").  Here the dataset's own ``error_model`` is evaluated at the fitted values and the
best run continued from where it stands, a fixed number of rounds.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .. import _core
from .dataset import Dataset

UNCERTAINTIES = ("measured", "fitted")
"""``PMF(uncertainty=...)``: PMF 5.0's uncertainties as given, or recomputed from the fit."""

FITTED_UNCERTAINTY_ROUNDS = 2
"""Refits with uncertainties from the previous fit; on the bundled VOC data the second round
moves the profiles' OFP by < 0.5 % and a third by < 0.1 %."""


def fitted_uncertainties(dataset: Dataset, prepared: Any, G: np.ndarray, F: np.ndarray) -> Dataset:
    """``dataset.error_model`` at the fitted values G·F; cells the fit does not see (bad
    species, excluded samples) at their measured values; missing cells stay missing."""
    conc = dataset.concentrations()
    fitted = conc.copy()
    rows = _positions(list(conc.index), list(prepared.samples))
    cols = _positions(list(conc.columns), list(prepared.species))
    fitted.iloc[rows, cols] = np.asarray(G) @ np.asarray(F)
    unc = dataset.error_model(fitted)
    if not isinstance(unc, pd.DataFrame) or unc.shape != conc.shape:
        raise ValueError(
            f"error_model: must return a DataFrame of shape {conc.shape}, got "
            f"{type(unc).__name__} {getattr(unc, 'shape', '')}"
        )
    values = np.array(unc.to_numpy(dtype=float))  # a copy: the model's may be read-only
    values[np.isnan(conc.to_numpy(dtype=float))] = np.nan
    bad = ~np.isnan(conc.to_numpy(dtype=float)) & ~(values > 0)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise ValueError(
            f"error_model: uncertainty {float(values[i, j])!r} for species {conc.columns[j]!r} "
            f"(sample {conc.index[i]}) at the fitted value {fitted.iat[i, j]:.6g}; need > 0"
        )
    return dataset.with_uncertainties(pd.DataFrame(values, index=conc.index, columns=conc.columns))


def _positions(labels: list[str], kept: list[str]) -> list[int]:
    """Where each of ``kept`` (an in-order subset of ``labels``, as preparation leaves it) sits
    in ``labels``; walks both, so repeated labels map one to one."""
    out, i = [], 0
    for label in kept:
        while labels[i] != label:
            i += 1
        out.append(i)
        i += 1
    return out


def require_error_model(dataset: Dataset) -> None:
    if dataset.error_model is None:
        raise ValueError(
            'uncertainty="fitted" needs the data\'s error model: give the Dataset mdl and '
            "error_fraction (or set Dataset.error_model)"
        )


def refit_on_fitted_uncertainties(
    dataset: Dataset, fit: Any, options: Any, rounds: int = FITTED_UNCERTAINTY_ROUNDS
) -> tuple[Dataset, Any, Any]:
    """``rounds`` continuations of ``fit``'s best run, each with the uncertainties of the
    previous one's fitted values; returns the last dataset, its prepared matrices and fit."""
    require_error_model(dataset)
    prepared = dataset.prepared()
    for _ in range(rounds):
        best = fit.result.best
        dataset = fitted_uncertainties(dataset, prepared, best.G, best.F)
        prepared = dataset.prepared()
        fit = _core.pmf.fit_start(
            prepared.X, prepared.U, best.G, best.F, options, prepared.total_index
        )
    return dataset, prepared, fit
