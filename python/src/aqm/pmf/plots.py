"""Plots of PMF results (matplotlib, imported lazily).

The fit (from ``PMF.to_xarray()``): :func:`plot_profiles`, :func:`plot_fingerprints`,
:func:`plot_contributions`, :func:`plot_residual_histograms`, :func:`plot_observed_predicted`.
Error estimation, rotations and the choice of p:

- :func:`plot_error_intervals`: PMF 5.0's error-estimation summary — per species, the base
  profile with the BS, DISP and BS-DISP intervals side by side;
- :func:`plot_g_space`: contributions of two factors against each other (edges reveal
  rotational freedom);
- :func:`plot_q_over_q_exp`: Q/Q_exp per species;
- :func:`plot_factor_sweep`: the diagnostics of :func:`aqm.pmf.factor_sweep` against p.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import xarray as xr

from ._fit_plots import (
    _plt,
    plot_contributions,
    plot_fingerprints,
    plot_observed_predicted,
    plot_profiles,
    plot_residual_histograms,
)

if TYPE_CHECKING:
    from .._typing import Axes

__all__ = [
    "plot_contributions",
    "plot_error_intervals",
    "plot_factor_sweep",
    "plot_fingerprints",
    "plot_g_space",
    "plot_observed_predicted",
    "plot_profiles",
    "plot_q_over_q_exp",
    "plot_residual_histograms",
]


def plot_error_intervals(
    base: xr.Dataset,
    factor: str,
    *,
    bs: xr.Dataset | None = None,
    disp: xr.Dataset | None = None,
    bs_disp: xr.Dataset | None = None,
    log: bool = True,
    ax: Axes | None = None,
):
    """For one factor: the base profile (dots) and, per species, the BS 5–95th percentile range,
    the DISP interval at its largest dQmax and the BS-DISP interval at its largest dQmax, drawn
    as three bars side by side (PMF 5.0's error-estimation summary chart)."""
    plt = _plt()
    species = [str(s) for s in base["species"].values]
    if ax is None:
        _, ax = plt.subplots(figsize=(max(8, 0.4 * len(species)), 3.5), constrained_layout=True)
    x = np.arange(len(species))
    ranges = []
    if bs is not None:
        ranges.append(
            (
                "BS",
                bs["p05"].sel(factor=factor).values,
                bs["p95"].sel(factor=factor).values,
                "tab:blue",
            )
        )
    if disp is not None:
        top = disp["dq_max"].values[-1]
        ranges.append(
            (
                f"DISP (dQmax {top:g})",
                disp["lower"].sel(factor=factor, dq_max=top).values,
                disp["upper"].sel(factor=factor, dq_max=top).values,
                "tab:orange",
            )
        )
    if bs_disp is not None:
        top = bs_disp["dq_max"].values[-1]
        ranges.append(
            (
                f"BS-DISP (dQmax {top:g})",
                bs_disp["lower"].sel(factor=factor, dq_max=top).values,
                bs_disp["upper"].sel(factor=factor, dq_max=top).values,
                "tab:green",
            )
        )
    width = 0.8 / max(1, len(ranges))
    for t, (label, lo, hi, color) in enumerate(ranges):
        offset = (t - (len(ranges) - 1) / 2) * width
        floor = np.where(lo > 0, lo, np.nan) if log else lo
        ax.bar(
            x + offset,
            hi - np.nan_to_num(floor, nan=0.0),
            bottom=floor,
            width=width,
            color=color,
            alpha=0.6,
            label=label,
        )
    ax.plot(x, base["profiles"].sel(factor=factor).values, "k.", label="base run")
    if log:
        ax.set_yscale("log")
    ax.set_xticks(x)
    ax.set_xticklabels(species, rotation=90)
    ax.set_title(factor)
    ax.set_ylabel(base["profiles"].attrs.get("units", ""))
    ax.legend(fontsize="small")
    return ax


def plot_g_space(ds: xr.Dataset, factor_x: str, factor_y: str, *, ax: Axes | None = None):
    """Normalised contributions of two factors against each other (PMF 5.0's G-space plot)."""
    plt = _plt()
    if ax is None:
        _, ax = plt.subplots(figsize=(4, 4), constrained_layout=True)
    g = ds["contributions"]
    ax.scatter(g.sel(factor=factor_x).values, g.sel(factor=factor_y).values, s=8)
    ax.set_xlabel(factor_x)
    ax.set_ylabel(factor_y)
    ax.set_xlim(left=min(0.0, float(g.sel(factor=factor_x).min())))
    ax.set_ylim(bottom=min(0.0, float(g.sel(factor=factor_y).min())))
    return ax


def plot_q_over_q_exp(ds: xr.Dataset, *, variable: str = "q_per_species", ax: Axes | None = None):
    """Q/Q_exp per species (bars), with the line Q/Q_exp = 1."""
    plt = _plt()
    species = [str(s) for s in ds["species"].values]
    if ax is None:
        _, ax = plt.subplots(figsize=(max(6, 0.35 * len(species)), 3), constrained_layout=True)
    x = np.arange(len(species))
    ax.bar(x, ds[variable].values)
    ax.axhline(1.0, color="k", lw=0.8)
    ax.set_xticks(x)
    ax.set_xticklabels(species, rotation=90)
    ax.set_ylabel("Q / Q_exp")
    return ax


def plot_factor_sweep(sweep: xr.Dataset, *, axes: Sequence[Axes] | None = None):
    """Q(robust)/Q_exp, the drop of Q(robust) per added factor, the BS mapping rate and the
    largest absolute scaled residual against the number of factors."""
    plt = _plt()
    panels = [
        ("q_robust_over_q_exp", "Q(robust) / Q_exp"),
        ("q_robust_drop", "Q(robust) drop"),
        ("bs_mapping_rate", "BS mapping rate"),
        ("max_abs_scaled_residual", "max |scaled residual|"),
    ]
    if axes is None:
        _, axes = plt.subplots(
            len(panels), 1, figsize=(5, 2.0 * len(panels)), sharex=True, constrained_layout=True
        )
    p = sweep["factors"].values
    for ax, (name, label) in zip(axes, panels):
        ax.plot(p, sweep[name].values, "o-")
        if name == "bs_mapping_rate" and "min_bs_mapping_rate" in sweep:
            ax.plot(p, sweep["min_bs_mapping_rate"].values, "s--", label="worst factor")
            ax.set_ylim(0, 1.05)
            ax.legend(fontsize="small")
        ax.set_ylabel(label)
    axes[-1].set_xticks(p)
    axes[-1].set_xlabel("number of factors p")
    return axes
