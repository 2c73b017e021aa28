"""Figures of source-resolved formation potential and of the top-down comparison
(matplotlib, imported lazily: ``pip install 'libaqm[plot]'``); each returns its Axes."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._optional import optional_import

__all__ = ["formation_shares", "topdown_shares"]


def _axes(ax: Any, ncols: int = 1, figsize: tuple[float, float] = (6.5, 4.0)):
    if ax is not None:
        return ax
    plt = optional_import("matplotlib.pyplot", extra="plot")
    _, ax = plt.subplots(1, ncols, figsize=figsize, constrained_layout=True)
    return ax


def formation_shares(fp: Any, *, ax: Any = None, title: str = ""):
    """Stacked bars: each source's share of the VOC mass, of the OFP and of the SOA
    potential — the picture of why a small source can be a key one."""
    ax = _axes(ax)
    shares = fp.by_source[["voc_share", "ofp_share", "soap_share"]].fillna(0.0)
    shares = shares.loc[fp.by_source["ofp"].sort_values(ascending=False).index]
    labels = ["VOC mass", "OFP (MIR)", "SOA potential"]
    bottom = np.zeros(3)
    cmap = optional_import("matplotlib", extra="plot").colormaps["tab10"]
    for k, (source, row) in enumerate(shares.iterrows()):
        values = row.to_numpy() * 100.0
        ax.bar(labels, values, bottom=bottom, label=str(source), color=cmap(k % 10))
        bottom += values
    ax.set_ylabel("share (%)")
    ax.set_ylim(0, 100)
    ax.legend(fontsize="small", bbox_to_anchor=(1.02, 1), loc="upper left")
    ax.set_title(title or f"Source shares ({fp.units})")
    return ax


def topdown_shares(comparison: pd.DataFrame, *, ax: Any = None):
    """Receptor vs inventory share per source group (left) and their ratio with its
    interval (right, log scale; 1 = agreement)."""
    axes = _axes(ax, ncols=2, figsize=(10, 4.0))
    left, right = axes
    groups = list(comparison.index)
    y = np.arange(len(groups))
    left.barh(y - 0.2, comparison["receptor_share"] * 100, height=0.4, label="receptor (PMF)")
    left.barh(y + 0.2, comparison["inventory_share"] * 100, height=0.4, label="inventory")
    left.set_yticks(y, groups)
    left.invert_yaxis()
    left.set_xlabel("share of VOC (%)")
    left.legend(fontsize="small")
    finite = np.isfinite(comparison["ratio"]) & (comparison["ratio"] > 0)
    r = comparison["ratio"].where(finite)
    err = np.vstack([(r - comparison["ratio_low"]).fillna(0), (comparison["ratio_high"] - r)
                     .fillna(0)])
    right.errorbar(r, y, xerr=err, fmt="o", capsize=3)
    right.axvline(1.0, color="0.5", lw=1)
    right.set_xscale("log")
    ticker = optional_import("matplotlib.ticker", extra="plot")
    right.xaxis.set_major_formatter(ticker.FormatStrFormatter("%g"))
    right.xaxis.set_minor_formatter(ticker.NullFormatter())
    right.set_yticks(y, groups)
    right.invert_yaxis()
    right.set_xlabel("receptor / inventory")
    return axes
