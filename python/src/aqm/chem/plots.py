"""Plots of box-model results (matplotlib is optional: ``pip install matplotlib``).

- :func:`plot_isopleth` — EKMA isopleth contours with the ridge line and the base point
- :func:`plot_rir` — RIR bars per precursor group
- :func:`plot_o3_budget` — P(O3), L(O3) and net over the day, with the largest reactions
- :func:`plot_reactivity` — OFP / SOA potential / OH reactivity bars per species
- :func:`plot_sector_contributions` — O3 by sector (zero-out) as stacked bars per metric
- :func:`plot_sector_ranking`, :func:`plot_species_rir` — ranking charts of an attribution
- :func:`plot_plan_waterfall` — the plan's measures by sector as a waterfall in ppb O3

Each function draws on ``ax`` (a new figure when None) and returns the axes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .._optional import optional_import

if TYPE_CHECKING:
    import pandas as pd
    import xarray as xr

    from .._typing import Axes
    from .attribution import AttributionResult

__all__ = [
    "plot_isopleth",
    "plot_o3_budget",
    "plot_plan_waterfall",
    "plot_reactivity",
    "plot_rir",
    "plot_sector_contributions",
    "plot_sector_ranking",
    "plot_species_rir",
]


def _axes(ax: Axes | None) -> Axes:
    plt = optional_import("matplotlib.pyplot", "plot")
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4.5))
    return ax


def plot_isopleth(
    iso: xr.Dataset, metric: str = "max_8h_o3", ax: Axes | None = None, levels: int = 12
) -> Axes:
    """Contours of ``iso[metric]`` over (NOx factor, VOC factor) with ridge and base point."""
    ax = _axes(ax)
    z = iso[metric].values
    fn, fv = iso["nox_factor"].values, iso["voc_factor"].values
    cs = ax.contourf(fn, fv, z, levels=levels, cmap="viridis")
    ax.contour(fn, fv, z, levels=cs.levels, colors="k", linewidths=0.4)
    ax.figure.colorbar(
        cs,
        ax=ax,
        label=f"{iso[metric].attrs.get('long_name', metric)} "
        f"({iso[metric].attrs.get('units', '')})",
    )
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
        _log_x(ax, fn.min(), fn.max())
    ax.set_xlabel("NOx scaling factor")
    ax.set_ylabel("VOC scaling factor")
    ax.legend(loc="upper left", fontsize=8)
    return ax


def _log_x(ax: Axes, lo: float, hi: float) -> None:
    """A log x axis labelled only at 1-2-5 steps in plain numbers: matplotlib's default labels
    the minor ticks too when the range spans under ~2 decades, and they overlap."""
    ticker = optional_import("matplotlib.ticker", "plot")
    ax.set_xscale("log")
    axis = ax.xaxis
    decades = np.arange(np.floor(np.log10(lo)), np.ceil(np.log10(hi)) + 1)
    steps = (1.0, 2.0, 5.0) if np.log10(hi / lo) < 2.5 else (1.0,)
    ticks = [m * 10.0**d for d in decades for m in steps]
    axis.set_major_locator(
        ticker.FixedLocator([x for x in ticks if lo <= x * (1 + 1e-9) and x <= hi * (1 + 1e-9)])
    )
    axis.set_major_formatter(ticker.FuncFormatter(lambda x, _: f"{x:g}"))
    axis.set_minor_formatter(ticker.NullFormatter())


def plot_rir(rir: xr.Dataset, ax: Axes | None = None) -> Axes:
    ax = _axes(ax)
    v = rir["rir"].values
    ax.bar(rir["group"].values, v, color=["tab:red" if x < 0 else "tab:blue" for x in v])
    ax.axhline(0, color="k", lw=0.8)
    ax.set_ylabel(f"RIR (dS/S = {rir.attrs.get('cut', 0):.0%})")
    return ax


def plot_o3_budget(ds: xr.Dataset, ax: Axes | None = None, top: int = 6) -> Axes:
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
    # Concise date labels on this axes only (Figure.autofmt_xdate hid other panels' labels).
    mdates = optional_import("matplotlib.dates", "plot")
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    return ax


def plot_reactivity(
    values: pd.Series, ax: Axes | None = None, top: int = 15, label: str = ""
) -> Axes:
    """Horizontal bars of the largest entries of a pandas Series (e.g. OFP by species)."""
    ax = _axes(ax)
    s = values.dropna().sort_values(ascending=True).tail(top)
    ax.barh([str(i) for i in s.index], s.values, color="tab:green")
    ax.set_xlabel(label)
    return ax


def plot_sector_contributions(res: AttributionResult, ax: Axes | None = None) -> Axes:
    """One stacked bar per metric: each sector's zero-out contribution (base - zero-out, ppb;
    negative below the axis) with a marker at the all-sector zero-out (non-additivity)."""
    from .attribution import ALL, METRICS

    ax = _axes(ax)
    plt = optional_import("matplotlib.pyplot", "plot")
    colours = plt.get_cmap("tab10")
    x = np.arange(len(METRICS))
    pos, neg = np.zeros(len(x)), np.zeros(len(x))  # tops of the stacks above / below 0
    for k, sector in enumerate(res.sector_names):
        v = np.array([-res.delta("zero", sector, m) for m in METRICS])
        up, down = np.clip(v, 0, None), np.clip(v, None, 0)
        ax.bar(x, up, bottom=pos, color=colours(k % 10), label=sector)
        ax.bar(x, down, bottom=neg, color=colours(k % 10))
        pos, neg = pos + up, neg + down
    joint = [-res.delta("zero", ALL, m) for m in METRICS]
    ax.plot(x, joint, "k_", ms=30, mew=2.5, label="all sectors at once")
    ax.axhline(0, color="k", lw=0.8)
    ax.set_xticks(x, ["peak O3", "max 8-h O3", "net P(O3)"])
    ax.set_ylabel("O3 from the sector (base - zero-out), ppb")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), markerscale=0.4)
    return ax


def plot_sector_ranking(res: AttributionResult, ax: Axes | None = None) -> Axes:
    """Sectors in rank order: RIR of their VOC and of their NOx (20 % cut)."""
    ax = _axes(ax)
    df = res.sectors.iloc[::-1]
    y = np.arange(len(df))
    ax.barh(y + 0.2, df["RIR_VOC"].fillna(0), height=0.4, color="tab:blue", label="RIR VOC")
    ax.barh(y - 0.2, df["RIR_NOx"].fillna(0), height=0.4, color="tab:red", label="RIR NOx")
    ax.set_yticks(y, [f"{r:.0f}. {s}" for s, r in zip(df.index, df["rank"])])
    ax.axvline(0, color="k", lw=0.8)
    ax.set_xlabel(f"RIR ({res.metric}, dS/S = {res.cut:.0%})")
    ax.legend(fontsize=8)
    return ax


def plot_species_rir(res: AttributionResult, ax: Axes | None = None, top: int = 15) -> Axes:
    """Key precursors: species-level RIR, largest first (the all-VOC / all-NOx cuts in grey)."""
    ax = _axes(ax)
    s = res.species[f"RIR_{res.metric}"].dropna().head(top).iloc[::-1]
    groups = ("all VOC", "all NOx")
    ax.barh(
        [str(i) for i in s.index],
        s.values,
        color=["0.6" if i in groups else "tab:red" if v < 0 else "tab:blue" for i, v in s.items()],
    )
    ax.axvline(0, color="k", lw=0.8)
    ax.set_xlabel(f"RIR ({res.metric}, dS/S = {res.cut:.0%})")
    return ax


def plot_plan_waterfall(res: AttributionResult, ax: Axes | None = None) -> Axes:
    """Base O3 -> each sector's plan measures alone -> their interaction -> O3 with the whole
    plan (ppb, ``metric``); a sector whose measures change nothing is left out."""
    ax = _axes(ax)
    plan = res.plan
    steps = plan.drop(index="plan")["dO3_plan"]
    steps = steps[steps.abs() > 0]
    base = plan.attrs["base"]
    level = base
    ax.bar(0, base, color="0.6")
    for k, d in enumerate(steps, start=1):
        ax.bar(k, d, bottom=level, color="tab:green" if d < 0 else "tab:red")
        level += d
    ax.bar(len(steps) + 1, level, color="0.3")
    ax.set_xticks(range(len(steps) + 2), ["base", *steps.index, "plan"], rotation=60, ha="right")
    lo = min(base, level) - 2 * max(steps.abs().max(), 0.5)
    ax.set_ylim(bottom=max(0.0, lo))
    ax.set_ylabel(f"{res.metric} (ppb)")
    return ax
