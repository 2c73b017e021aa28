"""Plots of the photochemical age (matplotlib is optional: ``pip install matplotlib``).

- :func:`plot_oh_exposure` — OH exposure time series, optionally against a known truth
- :func:`plot_oh_exposure_diurnal` — median and interquartile range by local hour
- :func:`plot_identification` — SID vs PD of every factor's best candidates, with DeltaTool's
  acceptance box (PD < 0.4, SID < 1)
- :func:`plot_factor_vs_reference` — a factor and its matched reference profile, both as shares
  of their sum over the common species
- :func:`formation_shares` — each source's share of the VOC mass, the OFP and the SOA potential
- :func:`topdown_shares` — receptor vs inventory share per source group and their ratio

Each function draws on ``ax`` (a new figure when None) and returns the axes; ``path`` saves
the figure atomically.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .. import _core
from .._atomic import atomic_path
from .._optional import optional_import
from .._typing import PathLike
from .age import PhotochemicalAge

if TYPE_CHECKING:
    from .._typing import Axes
    from .formation import FormationPotential
    from .identify import Identification

__all__ = [
    "formation_shares",
    "plot_factor_vs_reference",
    "plot_identification",
    "plot_oh_exposure",
    "plot_oh_exposure_diurnal",
    "topdown_shares",
]


def _axes(ax: Axes, size: tuple[float, float]) -> Any:
    plt = optional_import("matplotlib.pyplot", "plot")
    if ax is None:
        _, ax = plt.subplots(figsize=size)
    return ax


def _save(ax: Axes, path: PathLike) -> None:
    if path is not None:
        with atomic_path(path) as tmp:
            ax.figure.savefig(tmp, dpi=120, bbox_inches="tight", format="png")


def _series(age: PhotochemicalAge | pd.Series) -> pd.Series:
    if isinstance(age, PhotochemicalAge):
        return age.oh_exposure
    if isinstance(age, pd.Series):
        return age
    raise TypeError("age must be a PhotochemicalAge or a Series of OH exposures")


def plot_oh_exposure(
    age: PhotochemicalAge | pd.Series,
    truth: pd.Series | None = None,
    ax: Axes | None = None,
    path: PathLike | None = None,
) -> Any:
    """OH exposure (molecule cm⁻³ s) against time; clipped samples marked; ``truth`` dashed."""
    ax = _axes(ax, (9, 3.5))
    e = _series(age)
    ax.plot(e.index, e.to_numpy(), lw=0.8, color="tab:blue", label="from the pair ratio")
    if isinstance(age, PhotochemicalAge):
        clipped = age.status.to_numpy() == "clipped"
        if clipped.any():
            ax.plot(
                e.index[clipped],
                np.zeros(int(clipped.sum())),
                "|",
                color="tab:red",
                label=f"clipped to 0 ({int(clipped.sum())})",
            )
        ax.set_title(f"{'/'.join(age.pair)}, (X/E)0 = {age.emission_ratio:.3g}", fontsize=9)
    if truth is not None:
        ax.plot(truth.index, truth.to_numpy(), "--", lw=0.8, color="k", label="truth")
    ax.set_ylabel("[OH]·Δt (molecule cm$^{-3}$ s)")
    ax.legend(fontsize=8, loc="upper left")
    _save(ax, path)
    return ax


def plot_oh_exposure_diurnal(
    age: PhotochemicalAge | pd.Series,
    truth: pd.Series | None = None,
    ax: Axes | None = None,
    path: PathLike | None = None,
) -> Any:
    """Median and 25–75 % range of the OH exposure by local hour (needs a DatetimeIndex)."""
    ax = _axes(ax, (5, 3.5))
    for series, color, label in (
        (_series(age), "tab:blue", "from the pair ratio"),
        (truth, "k", "truth"),
    ):
        if series is None:
            continue
        if not isinstance(series.index, pd.DatetimeIndex):
            raise ValueError("plot_oh_exposure_diurnal needs samples indexed by local time")
        by_hour = series.groupby(series.index.hour)
        q = by_hour.quantile([0.25, 0.5, 0.75]).unstack()
        ax.plot(q.index, q[0.5], color=color, label=label)
        ax.fill_between(q.index, q[0.25], q[0.75], color=color, alpha=0.2)
    ax.set_xlabel("local hour")
    ax.set_ylabel("[OH]·Δt (molecule cm$^{-3}$ s)")
    ax.legend(fontsize=8)
    _save(ax, path)
    return ax


def _new_ax(ax, figsize):
    if ax is not None:
        return ax
    _, ax = optional_import("matplotlib.pyplot", extra="plot").subplots(
        figsize=figsize, constrained_layout=True
    )
    return ax


def plot_identification(
    identification: Identification,
    *,
    top: int = 3,
    pd_max: float = 0.4,
    sid_max: float = 1.0,
    ax: Axes | None = None,
):
    """Each factor's ``top`` candidates in the (SID, PD) plane; the box is dashed."""
    ax = _new_ax(ax, (9, 5))
    cand = identification.candidates
    for factor, rows in cand.groupby("factor", sort=False):
        best = rows.nsmallest(top, "box_distance")
        pts = ax.scatter(best["sid"], best["pd"], label=f"{factor}: {identification.names[factor]}")
        for _, r in best.iterrows():
            ax.annotate(
                str(r["profile_code"]),
                (r["sid"], r["pd"]),
                fontsize=7,
                color=pts.get_facecolor()[0],
                xytext=(3, 3),
                textcoords="offset points",
            )
    ax.add_patch(
        optional_import("matplotlib.patches", extra="plot").Rectangle(
            (0, 0), sid_max, pd_max, fill=False, linestyle="--", color="k"
        )
    )
    ax.set_xlabel("SID")
    ax.set_ylabel("PD = 1 - r²")
    ax.set_xlim(0, max(1.5, float(cand["sid"].max()) * 1.05) if len(cand) else 1.5)
    ax.set_ylim(0, 1.0)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.set_title("Factor identification (DeltaTool box)")
    return ax


def plot_factor_vs_reference(
    identification: Identification,
    factor: str,
    profile_code: str | None = None,
    *,
    ax: Axes | None = None,
):
    """Bars of ``factor`` and a reference (default: its matched one) on the common species."""
    from .reference import core_profiles

    code = profile_code or identification.best_reference(factor)
    if code is None:
        raise KeyError(f"{factor}: no matched reference; pass profile_code")
    refs = {p.name: p for p in core_profiles(identification.library)}
    if code not in refs:
        raise KeyError(f"{code!r}: not a profile code of the library")
    row = identification.factors.loc[factor]
    f = _core.voc.Profile(factor, "", list(map(str, row.index)), row.astype(float).tolist())
    species, x, y = _core.voc.align(f, refs[code], _core.voc.xylene_lumps())
    sx, sy = sum(x), sum(y)
    ax = _new_ax(ax, (max(6, 0.3 * len(species)), 4))
    pos = range(len(species))
    ax.bar([p - 0.2 for p in pos], [100 * v / sx for v in x], width=0.4, label=factor)
    ax.bar([p + 0.2 for p in pos], [100 * v / sy for v in y], width=0.4, label=code)
    ax.set_xticks(list(pos))
    ax.set_xticklabels(species, rotation=90, fontsize=7)
    ax.set_ylabel("% of the common species' sum")
    ax.legend(fontsize=8)
    ax.set_title(f"{factor} vs {code} ({refs[code].source_type})")
    return ax


def _axes_row(ax: Axes, ncols: int = 1, figsize: tuple[float, float] = (6.5, 4.0)):
    if ax is not None:
        return ax
    plt = optional_import("matplotlib.pyplot", extra="plot")
    _, ax = plt.subplots(1, ncols, figsize=figsize, constrained_layout=True)
    return ax


def formation_shares(fp: FormationPotential, *, ax: Axes | None = None, title: str = ""):
    """Stacked bars: each source's share of the VOC mass, of the OFP and of the SOA
    potential — the picture of why a small source can be a key one."""
    ax = _axes_row(ax)
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


def topdown_shares(comparison: pd.DataFrame, *, ax: Axes | None = None):
    """Receptor vs inventory share per source group (left) and their ratio with its
    interval (right, log scale; 1 = agreement)."""
    axes = _axes_row(ax, ncols=2, figsize=(10, 4.0))
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
    err = np.vstack(
        [(r - comparison["ratio_low"]).fillna(0), (comparison["ratio_high"] - r).fillna(0)]
    )
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
