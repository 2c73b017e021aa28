"""Plots of box-model results (matplotlib is optional: ``pip install matplotlib``).

- :func:`plot_isopleth` — EKMA isopleth contours with the ridge line and the base point
- :func:`plot_rir` — RIR bars per precursor group
- :func:`plot_o3_budget` — P(O3), L(O3) and net over the day, with the largest reactions
- :func:`plot_reactivity` — OFP / SOA potential / OH reactivity bars per species

Each function draws on ``ax`` (a new figure when None) and returns the axes.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._optional import optional_import

__all__ = ["plot_isopleth", "plot_o3_budget", "plot_reactivity", "plot_rir"]


def _axes(ax: Any) -> Any:
    plt = optional_import("matplotlib.pyplot", "plot")
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4.5))
    return ax


def plot_isopleth(iso: Any, metric: str = "max_8h_o3", ax: Any = None, levels: int = 12) -> Any:
    """Contours of ``iso[metric]`` over (NOx factor, VOC factor) with ridge and base point."""
    ax = _axes(ax)
    z = iso[metric].values
    fn, fv = iso["nox_factor"].values, iso["voc_factor"].values
    cs = ax.contourf(fn, fv, z, levels=levels, cmap="viridis")
    ax.contour(fn, fv, z, levels=cs.levels, colors="k", linewidths=0.4)
    ax.figure.colorbar(cs, ax=ax, label=f"{iso[metric].attrs.get('long_name', metric)} "
                                        f"({iso[metric].attrs.get('units', '')})")
    ridge = iso[f"ridge_{metric}"].values
    ok = np.isfinite(ridge)
    if ok.any():
        ax.plot(ridge[ok], fv[ok], "w--", lw=2, label="ridge")
    ax.plot([1.0], [1.0], "r*", ms=14, label=f"base ({iso.attrs.get(f'regime_{metric}', '')})")
    failed = iso["status"].values != "success"
    if failed.any():
        ii, jj = np.nonzero(failed)
        ax.plot(fn[jj], fv[ii], "rx", label="failed cell")
    if fn.max() / fn.min() > 20:
        ax.set_xscale("log")
    ax.set_xlabel("NOx scaling factor")
    ax.set_ylabel("VOC scaling factor")
    ax.legend(loc="upper left", fontsize=8)
    return ax


def plot_rir(rir: Any, ax: Any = None) -> Any:
    ax = _axes(ax)
    v = rir["rir"].values
    ax.bar(rir["group"].values, v, color=["tab:red" if x < 0 else "tab:blue" for x in v])
    ax.axhline(0, color="k", lw=0.8)
    ax.set_ylabel(f"RIR (dS/S = {rir.attrs.get('cut', 0):.0%})")
    return ax


def plot_o3_budget(ds: Any, ax: Any = None, top: int = 6) -> Any:
    """P(O3), L(O3) and net (ppb h-1) over local time, plus the largest reaction terms."""
    ax = _axes(ax)
    t = ds["local_time"].values
    ax.plot(t, ds["P_O3"], color="tab:blue", lw=2, label="P(O3)")
    ax.plot(t, -ds["L_O3"], color="tab:red", lw=2, label="-L(O3)")
    ax.plot(t, ds["net_P_O3"], color="k", lw=1.5, label="net")
    by = ds["O3_budget_by_reaction"]
    mean_abs = np.abs(by).mean("time").values
    for r in np.argsort(mean_abs)[::-1][:top]:
        ax.plot(t, by.isel(reaction=r), lw=0.8, ls=":", label=str(by["reaction"].values[r]))
    ax.axhline(0, color="0.5", lw=0.5)
    ax.set_ylabel("ppb h$^{-1}$")
    ax.legend(fontsize=7, ncol=2)
    ax.figure.autofmt_xdate()
    return ax


def plot_reactivity(values: Any, ax: Any = None, top: int = 15, label: str = "") -> Any:
    """Horizontal bars of the largest entries of a pandas Series (e.g. OFP by species)."""
    ax = _axes(ax)
    s = values.dropna().sort_values(ascending=True).tail(top)
    ax.barh([str(i) for i in s.index], s.values, color="tab:green")
    ax.set_xlabel(label)
    return ax
