"""Plots of factor identification (matplotlib, imported lazily: ``pip install 'libaqm[plot]'``).

- :func:`plot_identification`: SID vs PD of every factor's best candidates, with DeltaTool's
  acceptance box (PD < 0.4, SID < 1);
- :func:`plot_factor_vs_reference`: a factor and its matched reference profile, both as
  shares of their sum over the common species.
Each draws on ``ax`` (or a new figure) and returns the Axes.
"""

from __future__ import annotations

from typing import Any

from .. import _core
from .._optional import optional_import

__all__ = ["plot_factor_vs_reference", "plot_identification"]


def _new_ax(ax, figsize):
    if ax is not None:
        return ax
    _, ax = optional_import("matplotlib.pyplot", extra="plot").subplots(
        figsize=figsize, constrained_layout=True)
    return ax


def plot_identification(identification, *, top: int = 3, pd_max: float = 0.4,
                        sid_max: float = 1.0, ax: Any = None):
    """Each factor's ``top`` candidates in the (SID, PD) plane; the box is dashed."""
    ax = _new_ax(ax, (9, 5))
    cand = identification.candidates
    for factor, rows in cand.groupby("factor", sort=False):
        best = rows.nsmallest(top, "box_distance")
        pts = ax.scatter(best["sid"], best["pd"], label=f"{factor}: "
                         f"{identification.names[factor]}")
        for _, r in best.iterrows():
            ax.annotate(str(r["profile_code"]), (r["sid"], r["pd"]), fontsize=7,
                        color=pts.get_facecolor()[0], xytext=(3, 3), textcoords="offset points")
    ax.add_patch(optional_import("matplotlib.patches", extra="plot").Rectangle(
        (0, 0), sid_max, pd_max, fill=False, linestyle="--", color="k"))
    ax.set_xlabel("SID")
    ax.set_ylabel("PD = 1 - r²")
    ax.set_xlim(0, max(1.5, float(cand["sid"].max()) * 1.05) if len(cand) else 1.5)
    ax.set_ylim(0, 1.0)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.set_title("Factor identification (DeltaTool box)")
    return ax


def plot_factor_vs_reference(identification, factor: str, profile_code: str | None = None, *,
                             ax: Any = None):
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
