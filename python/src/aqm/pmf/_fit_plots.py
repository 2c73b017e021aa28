"""Plots of a PMF fit (matplotlib, imported lazily: ``pip install 'libaqm[plot]'``); public
through :mod:`aqm.pmf.plots` (and, as before, :mod:`aqm.plot`).

Each function takes the ``xarray.Dataset`` a fit returns (e.g. ``PMF.to_xarray()``), draws on
``ax`` (or a new figure) and returns the matplotlib Axes (or array of Axes).  The PMF dataset
schema: ``profiles(factor, species)``, ``profiles_percent(factor, species)``,
``contributions(sample, factor)``, ``scaled_residuals(sample, species)``,
``observed``/``predicted(sample, species)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import xarray as xr

from .._optional import optional_import

if TYPE_CHECKING:
    from .._typing import Axes

__all__ = [
    "plot_contributions",
    "plot_fingerprints",
    "plot_observed_predicted",
    "plot_profiles",
    "plot_residual_histograms",
]


def _plt():
    return optional_import("matplotlib.pyplot", extra="plot")


def _factor_names(ds: xr.Dataset) -> list[str]:
    return [str(f) for f in ds["factor"].values]


def plot_profiles(ds: xr.Dataset, *, log: bool = True, axes: Sequence[Axes] | None = None):
    """PMF 5.0's profile chart.

    Per factor, concentration (bars, log axis) and % of species (dots).
    """
    plt = _plt()
    factors = _factor_names(ds)
    species = [str(s) for s in ds["species"].values]
    if axes is None:
        fig, axes = plt.subplots(
            len(factors),
            1,
            figsize=(max(8, 0.35 * len(species)), 2.0 * len(factors)),
            sharex=True,
            squeeze=False,
            constrained_layout=True,
        )
        axes = axes[:, 0]
    x = np.arange(len(species))
    units = ds["profiles"].attrs.get("units", "")
    for ax, f in zip(axes, factors):
        conc = ds["profiles"].sel(factor=f).values
        ax.bar(
            x, np.where(conc > 0, conc, np.nan), color="tab:blue", label=f"concentration ({units})"
        )
        if log:
            ax.set_yscale("log")
        ax.set_ylabel(f, rotation=0, ha="right", va="center")
        twin = ax.twinx()
        twin.plot(
            x,
            ds["profiles_percent"].sel(factor=f).values,
            "o",
            color="tab:red",
            ms=3,
            label="% of species",
        )
        twin.set_ylim(0, 100)
    axes[-1].set_xticks(x)
    axes[-1].set_xticklabels(species, rotation=90)
    return axes


def plot_fingerprints(ds: xr.Dataset, *, ax: Axes | None = None):
    """Stacked bars: each species' total split among factors (% of species)."""
    plt = _plt()
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 4), constrained_layout=True)
    species = [str(s) for s in ds["species"].values]
    x = np.arange(len(species))
    bottom = np.zeros(len(species))
    for f in _factor_names(ds):
        pct = np.nan_to_num(ds["profiles_percent"].sel(factor=f).values)
        ax.bar(x, pct, bottom=bottom, label=f)
        bottom += pct
    ax.set_xticks(x)
    ax.set_xticklabels(species, rotation=90)
    ax.set_ylabel("% of species")
    ax.set_ylim(0, 100)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize="small")
    return ax


def plot_contributions(
    ds: xr.Dataset, *, variable: str = "contributions", axes: Sequence[Axes] | None = None
):
    """Time series of each factor's contribution (normalised to mean 1 by default)."""
    plt = _plt()
    factors = _factor_names(ds)
    if axes is None:
        _, axes = plt.subplots(
            len(factors),
            1,
            figsize=(10, 1.6 * len(factors)),
            sharex=True,
            squeeze=False,
            constrained_layout=True,
        )
        axes = axes[:, 0]
    sample_dim = ds[variable].dims[0]
    t = ds[sample_dim].values
    for ax, f in zip(axes, factors):
        ax.plot(t, ds[variable].sel(factor=f).values, lw=0.8)
        ax.set_ylabel(f, rotation=0, ha="right", va="center")
    return axes


def plot_residual_histograms(
    ds: xr.Dataset, *, bins: int = 30, threshold: float = 3.0, axes: Sequence[Axes] | None = None
):
    """Histograms of scaled residuals per species with the ±threshold lines PMF 5.0 draws."""
    plt = _plt()
    species = [str(s) for s in ds["species"].values]
    ncol = 6
    nrow = int(np.ceil(len(species) / ncol))
    if axes is None:
        _, axes = plt.subplots(
            nrow, ncol, figsize=(2.2 * ncol, 1.8 * nrow), squeeze=False, constrained_layout=True
        )
    flat = np.ravel(axes)
    for ax, s in zip(flat, species):
        r = ds["scaled_residuals"].sel(species=s).values
        r = r[np.isfinite(r)]
        ax.hist(r, bins=bins, color="tab:gray")
        for sign in (-1, 1):
            ax.axvline(sign * threshold, color="tab:red", lw=0.8)
        ax.set_title(s, fontsize="small")
    for ax in flat[len(species) :]:
        ax.set_visible(False)
    return axes


def plot_observed_predicted(ds: xr.Dataset, species: str, *, ax: Axes | None = None):
    """Observed vs predicted for one species with the 1:1 line and r²."""
    plt = _plt()
    if ax is None:
        _, ax = plt.subplots(figsize=(4, 4), constrained_layout=True)
    obs = ds["observed"].sel(species=species).values
    pred = ds["predicted"].sel(species=species).values
    ok = np.isfinite(obs) & np.isfinite(pred)
    ax.scatter(obs[ok], pred[ok], s=6)
    hi = float(max(obs[ok].max(initial=0), pred[ok].max(initial=0)))
    ax.plot([0, hi], [0, hi], "k--", lw=0.8)
    r2 = np.corrcoef(obs[ok], pred[ok])[0, 1] ** 2 if ok.sum() > 1 else np.nan
    ax.set_title(f"{species}: r² = {r2:.3f}")
    ax.set_xlabel("observed")
    ax.set_ylabel("predicted")
    return ax
