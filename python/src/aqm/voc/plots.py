"""Plots of the photochemical age (matplotlib is optional: ``pip install matplotlib``).

- :func:`plot_oh_exposure` — OH exposure time series, optionally against a known truth
- :func:`plot_oh_exposure_diurnal` — median and interquartile range by local hour

Each function draws on ``ax`` (a new figure when None) and returns the axes; ``path`` saves
the figure atomically.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._atomic import atomic_path
from .._optional import optional_import
from .age import PhotochemicalAge

__all__ = ["plot_oh_exposure", "plot_oh_exposure_diurnal"]


def _axes(ax: Any, size: tuple[float, float]) -> Any:
    plt = optional_import("matplotlib.pyplot", "plot")
    if ax is None:
        _, ax = plt.subplots(figsize=size)
    return ax


def _save(ax: Any, path: Any) -> None:
    if path is not None:
        with atomic_path(path) as tmp:
            ax.figure.savefig(tmp, dpi=120, bbox_inches="tight", format="png")


def _series(age: PhotochemicalAge | pd.Series) -> pd.Series:
    if isinstance(age, PhotochemicalAge):
        return age.oh_exposure
    if isinstance(age, pd.Series):
        return age
    raise TypeError("age must be a PhotochemicalAge or a Series of OH exposures")


def plot_oh_exposure(age: PhotochemicalAge | pd.Series, truth: pd.Series | None = None,
                     ax: Any = None, path: Any = None) -> Any:
    """OH exposure (molecule cm⁻³ s) against time; clipped samples marked; ``truth`` dashed."""
    ax = _axes(ax, (9, 3.5))
    e = _series(age)
    ax.plot(e.index, e.to_numpy(), lw=0.8, color="tab:blue", label="from the pair ratio")
    if isinstance(age, PhotochemicalAge):
        clipped = age.status.to_numpy() == "clipped"
        if clipped.any():
            ax.plot(e.index[clipped], np.zeros(int(clipped.sum())), "|", color="tab:red",
                    label=f"clipped to 0 ({int(clipped.sum())})")
        ax.set_title(f"{'/'.join(age.pair)}, (X/E)0 = {age.emission_ratio:.3g}", fontsize=9)
    if truth is not None:
        ax.plot(truth.index, truth.to_numpy(), "--", lw=0.8, color="k", label="truth")
    ax.set_ylabel("[OH]·Δt (molecule cm$^{-3}$ s)")
    ax.legend(fontsize=8, loc="upper left")
    _save(ax, path)
    return ax


def plot_oh_exposure_diurnal(age: PhotochemicalAge | pd.Series, truth: pd.Series | None = None,
                             ax: Any = None, path: Any = None) -> Any:
    """Median and 25–75 % range of the OH exposure by local hour (needs a DatetimeIndex)."""
    ax = _axes(ax, (5, 3.5))
    for series, color, label in ((_series(age), "tab:blue", "from the pair ratio"),
                                 (truth, "k", "truth")):
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
