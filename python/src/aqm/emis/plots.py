"""Plots of emission inventories and scenarios (matplotlib, imported lazily:
``pip install 'libaqm[plot]'``).

Each function draws on ``ax`` (or a new figure) and returns the matplotlib Axes.

- :func:`sector_bars`: annual totals by sector for one pollutant; with a scenario result, the
  base and scenario years side by side.
- :func:`emission_map`: a gridded field (an inventory's pollutant, summed over sectors or one
  sector, or any 2-D ``DataArray`` over lat/lon such as one hour of ``day_speciated``) on its
  cell edges.
- :func:`scenario_waterfall`: base total -> growth -> each measure's change -> scenario total,
  from ``ScenarioResult.contributions`` (the exact split of the change).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .._optional import optional_import

if TYPE_CHECKING:
    import xarray as xr

    from .._typing import Axes
    from .inventory import Inventory
    from .scenario import ScenarioResult

__all__ = ["emission_map", "scenario_waterfall", "sector_bars"]


def _plt():
    return optional_import("matplotlib.pyplot", extra="plot")


def _new_ax(ax, figsize):
    if ax is not None:
        return ax
    _, ax = _plt().subplots(figsize=figsize, constrained_layout=True)
    return ax


def sector_bars(
    source: Inventory | ScenarioResult, pollutant: str, *, by: str = "top", ax: Axes | None = None
) -> Axes:
    """Horizontal bars of the annual total of ``pollutant`` per sector.

    ``source`` is an :class:`~aqm.emis.Inventory` or a :class:`~aqm.emis.ScenarioResult`
    (then base and scenario bars are drawn in pairs).  ``by='top'`` sums sub-sectors into their
    top-level sector (inventories only; scenario tables are per sector)."""
    from .inventory import Inventory
    from .scenario import ScenarioResult

    if isinstance(source, ScenarioResult):
        frames = {
            f"{source.scenario.base_year}": source.base_totals,
            f"{source.scenario.target_year}": source.scenario_totals,
        }
    elif isinstance(source, Inventory):
        frames = {str(source.year): source.totals(by=by)}
    else:
        raise TypeError("source must be an aqm.emis.Inventory or ScenarioResult")
    first = next(iter(frames.values()))
    if pollutant not in first.columns:
        raise KeyError(f"{pollutant}: no such pollutant (have {list(first.columns)})")
    unit = first.attrs.get("units", {}).get(pollutant, "")
    sectors = list(first.index)
    ax = _new_ax(ax, (7, 0.35 * len(sectors) + 1.5))
    y = np.arange(len(sectors))
    h = 0.8 / len(frames)
    for k, (label, df) in enumerate(frames.items()):
        ax.barh(
            y + (k - (len(frames) - 1) / 2) * h,
            df[pollutant].reindex(sectors).to_numpy(),
            height=h,
            label=label,
        )
    ax.set_yticks(y)
    ax.set_yticklabels(sectors)
    ax.invert_yaxis()
    ax.set_xlabel(f"{pollutant} ({unit})")
    ax.legend()
    return ax


def emission_map(
    source: Inventory | xr.DataArray,
    pollutant: str | None = None,
    *,
    sector: str | None = None,
    log: bool = False,
    ax: Axes | None = None,
    cmap: str = "viridis",
) -> Axes:
    """Map of a gridded field drawn on its cell edges.

    ``source`` is a gridded :class:`~aqm.emis.Inventory` (then ``pollutant`` is required; the
    field is the annual value summed over sectors, or of ``sector`` and its sub-sectors) or a
    2-D ``xarray.DataArray`` with ``lat`` and ``lon`` coordinates on a regular grid."""
    from .inventory import Inventory

    plt = _plt()
    if isinstance(source, Inventory):
        g = source.grid
        if g is None:
            raise ValueError("emission_map needs a gridded inventory")
        if pollutant is None:
            raise ValueError("give the pollutant to map")
        p = Inventory._index(source.pollutants, pollutant, "pollutant")
        rows = source._sector_rows(sector) if sector else list(range(len(source.sectors)))
        field = source.values[rows, p].sum(axis=(0, 2)).reshape(g.ny, g.nx)
        lon_e, lat_e = np.asarray(g.lon_edges), np.asarray(g.lat_edges)
        unit = source.units[pollutant]
        title = f"{pollutant} {sector or 'all sectors'} {source.year}"
    else:
        da = source
        if set(da.dims) != {"lat", "lon"}:
            raise ValueError(f"need a 2-D (lat, lon) DataArray, got dims {da.dims}")
        da = da.transpose("lat", "lon")
        field = np.asarray(da.values, dtype=float)
        lon_e, lat_e = _edges(da["lon"].values), _edges(da["lat"].values)
        unit = da.attrs.get("units", "")
        title = str(da.name or "")
    ax = _new_ax(ax, (7, 5))
    norm = None
    if log:
        colors = optional_import("matplotlib.colors", extra="plot")
        positive = field[field > 0]
        if positive.size:
            norm = colors.LogNorm(vmin=positive.min(), vmax=positive.max())
        field = np.where(field > 0, field, np.nan)
    mesh = ax.pcolormesh(lon_e, lat_e, field, cmap=cmap, norm=norm, shading="flat")
    plt.colorbar(mesh, ax=ax, label=unit)
    ax.set_xlabel("longitude (deg E)")
    ax.set_ylabel("latitude (deg N)")
    ax.set_title(title)
    ax.set_aspect("equal", adjustable="box")
    return ax


def _edges(centers: np.ndarray) -> np.ndarray:
    c = np.asarray(centers, dtype=float)
    if c.size < 2:
        raise ValueError("need at least 2 cells per axis to infer cell edges")
    mid = 0.5 * (c[1:] + c[:-1])
    return np.concatenate([[c[0] - (mid[0] - c[0])], mid, [c[-1] + (c[-1] - mid[-1])]])


def scenario_waterfall(
    result: ScenarioResult, pollutant: str, *, top: int = 8, ax: Axes | None = None
) -> Axes:
    """Base-year total, the growth term and each measure's change (largest ``top``, the rest
    merged), ending at the scenario total; bars are floating steps (red up, green down)."""
    base = float(result.base_totals[pollutant].sum())
    final = float(result.scenario_totals[pollutant].sum())
    contrib = result.contributions[pollutant]
    steps = [("growth", float(contrib.get("growth", 0.0)))]
    measures = contrib.drop("growth", errors="ignore")
    measures = measures[measures != 0]
    order = measures.abs().sort_values(ascending=False).index
    for name in order[:top]:
        steps.append((str(name), float(measures[name])))
    if len(order) > top:
        steps.append((f"{len(order) - top} other measures", float(measures[order[top:]].sum())))
    unit = result.base_totals.attrs.get("units", {}).get(pollutant, "")
    labels = (
        [f"{result.scenario.base_year}"]
        + [s for s, _ in steps]
        + [f"{result.scenario.target_year}"]
    )
    ax = _new_ax(ax, (max(6, 0.7 * len(labels)), 4.5))
    x = np.arange(len(labels))
    ax.bar(x[0], base, color="0.5")
    level = base
    for k, (_, d) in enumerate(steps, start=1):
        ax.bar(x[k], d, bottom=level, color="tab:red" if d > 0 else "tab:green")
        level += d
    ax.bar(x[-1], final, color="0.3")
    ax.set_xticks(x)
    ax.set_xticklabels(labels, rotation=40, ha="right")
    ax.set_ylabel(f"{pollutant} ({unit})")
    ax.set_title(
        f"{pollutant}: {base:,.0f} -> {final:,.0f} ({100 * (final / base - 1):+.1f} %)"
        if base
        else pollutant
    )
    return ax
