"""Sector-resolved O3 attribution with the box model (issue 11, model-based part).

The box's VOC and NOx are given per *source* (emission rates per source and species, e.g. one
inventory sector's speciated fluxes; or observed VOC concentrations split by source, e.g. PMF
contributions x profiles) and sources are grouped into *sectors*.  Every run is a case of
:func:`aqm._core.box.attribute` (C++, one ``parallel_for``, GIL released, deterministic):

- ``base``; per sector ``zero`` (its VOC and NOx), ``zero_voc``, ``zero_nox`` (where it has
  NOx); ``cut_voc`` / ``cut_nox``: a cut of ``cut`` (20 %) for the RIR; the same for all
  sectors at once (``(all)``) for the non-additivity;
- ``species``: a 20 % cut of one emitted/constrained VOC species (key precursors);
  ``measured``: a 20 % cut of one measured species of the constraints (its share of every
  mechanism species it is lumped into);
- ``plan``: a scenario's emission factors applied to one sector, and to all (``plan|(all)``);
- ``small_voc`` / ``small_nox``: a small cut (1 %) for the linearity check.

RIR = [(M_base - M_cut) / M_base] / cut (Cardelino & Chameides 1995, JAWMA 45, 161) for the
metrics M: peak O3, maximum 8-h mean O3 and the integral of net P(O3) (Ox family), all in ppb
(molecule cm-3 over the mean air density, as :meth:`BoxModel.isopleth`).  dO3 = M_case -
M_base, so a sector that makes O3 has a negative zero-out dO3; its *contribution* is -dO3.

    att = Attribution(box, emissions={"traffic": df_t, "solvent": df_s},
                      units="molecule cm-2 s-1", tonnes=tonnes)
    res = att.run(plan=factors)
    res.sectors            # key-sector table, ranked
    res.species            # species-level RIR, ranked
    res.non_additivity     # sum of sector zero-outs vs the all-sector zero-out
    res.plan               # O3 change per sector's plan measures, ppb per kt cut

From an inventory and a TOML file (``aqm box attribute``): :mod:`aqm.chem.attribution_config`
(``inventory_sources``, ``plan_factors``, ``from_config``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .. import _core
from .._cf import annotate
from .._progress import progress_callback
from .._typing import SpeciesSeries
from ._attribution_input import (
    ALL,
    _by_source,
    _mechanism_parts,
    _plan_vectors,
    _sector_map,
    _table,
    _tonnes,
)
from .box import BoxModel

if TYPE_CHECKING:
    import xarray as xr

__all__ = ["Attribution", "AttributionResult"]

_box = _core.box
METRICS = ("peak_o3", "max_8h_o3", "net_po3")
_LONG = {
    "peak_o3": "peak O3",
    "max_8h_o3": "maximum 8-h mean O3",
    "net_po3": "integrated net P(O3)",
}


@dataclass(frozen=True)
class _Case:
    kind: str
    target: str
    voc: list[float]
    nox: list[float]
    species: dict[str, float]

    @property
    def label(self) -> str:
        return f"{self.kind}|{self.target}"


class Attribution:
    """A box model whose VOC and NOx come per source, grouped into sectors.

    Parameters
    ----------
    box:
        The configured :class:`BoxModel` (meteorology, photolysis, its own emissions such as
        CO, initial values, dilution, spin-up).  It is not changed.
    emissions:
        ``{source: DataFrame}``: time index (datetimes or seconds) x species, in ``units``
        (as :meth:`BoxModel.emission`).
    constraints:
        ``{source: DataFrame}`` of observed VOC concentrations split by source (time x
        species, ``constraint_units``), or one DataFrame with (source, species) columns.
        Measured species names (``data/voc/voc_species.csv``) are lumped into the mechanism's
        species (:func:`aqm.chem.to_mechanism`).
    sectors:
        ``{sector: [source, ...]}``; default one sector per source.
    tonnes:
        Annual emissions per source, a DataFrame with ``NMVOC`` and ``NOx`` columns (t/yr),
        for the per-tonne columns; optional.
    """

    def __init__(
        self,
        box: BoxModel,
        emissions: Mapping[str, SpeciesSeries] | None = None,
        *,
        units: str = "molecule cm-3 s-1",
        constraints: Mapping[str, SpeciesSeries] | pd.DataFrame | None = None,
        constraint_units: str = "ppb",
        sectors: Mapping[str, Sequence[str]] | None = None,
        nox_species: Sequence[str] = ("NO", "NO2"),
        tonnes: pd.DataFrame | None = None,
    ) -> None:
        self.box = box
        self.nox_species = [str(s) for s in nox_species]
        emissions = dict(emissions or {})
        held = _by_source(constraints)
        self.emissions, self.constraints = emissions, held  # as given (for re-use)
        self.sources = list(dict.fromkeys([*map(str, emissions), *map(str, held)]))
        if not self.sources:
            raise ValueError("attribution: give emissions and/or constraints per source")
        # The C++ sources: per source, one for its emissions and mechanism-named constraints,
        # plus one per measured species of its constraints (so that species can be cut alone).
        self._core_sources: list[tuple[str, dict, dict]] = []
        self._owner: list[int] = []  # core source -> index in self.sources
        self._measured: list[str | None] = []  # core source -> measured species or None
        self._has_voc: dict[str, bool] = dict.fromkeys(self.sources, False)
        self._has_nox: dict[str, bool] = dict.fromkeys(self.sources, False)
        per_area: set[bool] = set()
        for k, name in enumerate(self.sources):
            em: dict[str, tuple] = {}
            for sp, s in _table(emissions.get(name), f"emissions of {name!r}", box).items():
                t, v = box._series(s, f"{name}/{sp}")
                rate, pa = box._emission_rate(t, v, units, f"{name}/{sp}")
                per_area.add(pa)
                em[str(sp)] = (t.tolist(), rate.tolist(), "linear")
            given = _table(held.get(name), f"constraints of {name!r}", box)
            for measured, table, unit in _mechanism_parts(given, box, constraint_units):
                ch: dict[str, tuple] = {}
                for sp, s in table.items():
                    t, v = box._series(s, f"{name}/{sp}")
                    conc = box._to_molecules(t, v, unit, None, sp)
                    ch[str(sp)] = (t.tolist(), conc.tolist(), "linear")
                label = name if measured is None else f"{name}:{measured}"
                self._add_core(k, label, measured, em if measured is None else {}, ch)
        self.per_area = per_area == {True}  # one `units` for all sources: one kind
        self.sectors = _sector_map(sectors, self.sources)
        self.tonnes = _tonnes(tonnes, self.sources)

    def _add_core(self, owner: int, label: str, measured: str | None, em: dict, ch: dict) -> None:
        self._core_sources.append((label, em, ch))
        self._owner.append(owner)
        self._measured.append(measured)
        nonzero = [sp for sp, x in {**em, **ch}.items() if any(v > 0 for v in x[1])]
        name = self.sources[owner]
        self._has_nox[name] |= any(sp in self.nox_species for sp in nonzero)
        self._has_voc[name] |= any(sp not in self.nox_species for sp in nonzero)

    @property
    def measured_species(self) -> list[str]:
        """Measured VOC species of the constraints (each lumped into mechanism species)."""
        return list(dict.fromkeys(m for m in self._measured if m is not None))

    @property
    def voc_species(self) -> list[str]:
        """VOC species emitted or constrained by the sources (mechanism names)."""
        out: dict[str, None] = {}
        for _, em, ch in self._core_sources:
            out.update({sp: None for sp in [*em, *ch] if sp not in self.nox_species})
        return list(out)

    def _options(self) -> Any:
        o = _box.AttributionOptions()
        o.nox_species, o.per_area = list(self.nox_species), bool(self.per_area)
        return o

    def base_box(self) -> BoxModel:
        """A copy of the box with every source at its full strength added."""
        b = self.box.copy()
        args = (self._core_sources, self._options())
        b._m = _box.with_sources(self.box._m, *args)
        b._recipe.append(("with_sources", args))
        return b

    # ------------------------------------------------------------------ cases
    def _factors(self, members: Sequence[int], value: float) -> list[float]:
        """Factor per C++ source: `value` for those of the given sources, else 1."""
        pick = set(members)
        return [float(value) if o in pick else 1.0 for o in self._owner]

    def _sector_has(self, members: Sequence[int], what: str) -> bool:
        flags = self._has_voc if what == "voc" else self._has_nox
        return any(flags[self.sources[i]] for i in members)

    def cases(
        self,
        *,
        cut: float = 0.2,
        zero_out: bool = True,
        split: bool = True,
        rir: bool = True,
        species_rir: bool = True,
        small_cut: float | None = None,
        plan: pd.DataFrame | None = None,
    ) -> list[_Case]:
        """The runs :meth:`run` makes (labels ``kind|target``), in order."""
        for name, value in (("cut", cut), ("small_cut", small_cut)):
            if value is not None and not 0 < value < 1:
                raise ValueError(f"{name}: must be between 0 and 1 (got {value})")
        ones = [1.0] * len(self._core_sources)
        everything = list(range(len(self.sources)))
        out = [_Case("base", ALL, ones, ones, {})]
        groups = [*self.sectors.items(), (ALL, everything)]
        for sector, members in groups:
            zero = self._factors(members, 0.0)
            has_nox, has_voc = self._sector_has(members, "nox"), self._sector_has(members, "voc")
            if zero_out:
                out.append(_Case("zero", sector, zero, zero, {}))
            if split:
                out.append(_Case("zero_voc", sector, zero, ones, {}))
                if has_nox:
                    out.append(_Case("zero_nox", sector, ones, zero, {}))
            small = None if small_cut is None else 1 - small_cut
            for kind, f in (("cut", 1 - cut), ("small", small)):
                if f is None or (kind == "cut" and not rir):
                    continue
                part = self._factors(members, f)
                if has_voc:
                    out.append(_Case(f"{kind}_voc", sector, part, ones, {}))
                if has_nox:
                    out.append(_Case(f"{kind}_nox", sector, ones, part, {}))
        if species_rir:
            out += [_Case("species", sp, ones, ones, {sp: 1 - cut}) for sp in self.voc_species]
            out += [
                _Case("measured", m, [1 - cut if x == m else 1.0 for x in self._measured], ones, {})
                for m in self.measured_species
            ]
        if plan is not None:
            voc, nox = _plan_vectors(plan, self.sources)
            for sector, members in groups:
                pick = set(members)
                out.append(
                    _Case(
                        "plan",
                        sector,
                        [voc[o] if o in pick else 1.0 for o in self._owner],
                        [nox[o] if o in pick else 1.0 for o in self._owner],
                        {},
                    )
                )
        return out

    def run(
        self,
        *,
        cut: float = 0.2,
        metric: str = "max_8h_o3",
        zero_out: bool = True,
        split: bool = True,
        rir: bool = True,
        species_rir: bool = True,
        small_cut: float | None = None,
        plan: pd.DataFrame | None = None,
        window: tuple[float, float] | None = None,
        n_threads: int = 0,
        progress: bool | None = None,
    ) -> AttributionResult:
        """Run every case in one C++ batch; ``metric`` orders the tables."""
        if metric not in METRICS:
            raise ValueError(f"metric: unknown {metric!r} (use {', '.join(METRICS)})")
        cases = self.cases(
            cut=cut,
            zero_out=zero_out,
            split=split,
            rir=rir,
            species_rir=species_rir,
            small_cut=small_cut,
            plan=plan,
        )
        options = self._options()
        options.n_threads = int(n_threads)
        if window is not None:
            options.window_start, options.window_end = float(window[0]), float(window[1])
        with progress_callback(progress, "attribution") as cb:
            r = _box.attribute(
                self.box._m,
                self._core_sources,
                [(c.label, c.voc, c.nox, c.species) for c in cases],
                options,
                cb,
            )
        return AttributionResult(
            self, cases, r, cut=cut, metric=metric, small_cut=small_cut, plan=plan
        )


class AttributionResult:
    """All cases (``cases``, an ``xarray.Dataset``, ppb) and the tables built from them."""

    def __init__(
        self,
        att: Attribution,
        cases: list[_Case],
        r: _core.box.AttributionResult,
        *,
        cut: float,
        metric: str,
        small_cut: float | None,
        plan: pd.DataFrame | None,
    ) -> None:
        import xarray as xr

        ppb = att.box._ppb_ref()
        self.metric, self.cut, self.small_cut = metric, cut, small_cut
        self.sector_names = list(att.sectors)
        self._att = att
        ds = xr.Dataset(
            coords={
                "case": [c.label for c in cases],
                "kind": ("case", [c.kind for c in cases]),
                "target": ("case", [c.target for c in cases]),
            }
        )
        for m in METRICS:
            ds[m] = (
                "case",
                np.asarray(getattr(r, m)) / ppb,
                {"units": "ppb", "long_name": _LONG[m]},
            )
        ds["status"] = ("case", np.asarray(r.status, dtype=object))
        ds["message"] = ("case", np.asarray(r.message, dtype=object))
        ds.attrs.update(
            cut=cut,
            metric=metric,
            mechanism=str(att.box.mechanism_path),
            sources=" ".join(att.sources),
            ppb_molecules=ppb * 1e9,
            n_failed=int(sum(s != "success" for s in r.status)),
        )
        self.cases = annotate(
            ds,
            kind={"long_name": "case kind"},
            target={"long_name": "what the case cuts"},
            message={"long_name": "solver message"},
        )
        self._plan = plan

    # ------------------------------------------------------------------ access
    def value(self, kind: str, target: str, metric: str | None = None) -> float:
        """The metric (ppb) of one case; NaN when the case was not run or failed."""
        label = f"{kind}|{target}"
        if label not in self.cases["case"].values:
            return float("nan")
        return float(self.cases[metric or self.metric].sel(case=label))

    def delta(self, kind: str, target: str, metric: str | None = None) -> float:
        """M_case - M_base (ppb)."""
        return self.value(kind, target, metric) - self.value("base", ALL, metric)

    def rir(
        self, kind: str, target: str, metric: str | None = None, cut: float | None = None
    ) -> float:
        """[(M_base - M_case) / M_base] / cut (``cut`` defaults to the run's)."""
        base = self.value("base", ALL, metric)
        return ((base - self.value(kind, target, metric)) / base) / (cut or self.cut)

    @property
    def failed(self) -> list[str]:
        return [
            str(c)
            for c, s in zip(self.cases["case"].values, self.cases["status"].values)
            if s != "success"
        ]

    # ------------------------------------------------------------------ tables
    @property
    def sectors(self) -> pd.DataFrame:
        """Key-sector table for ``metric``: t/yr, zero-out dO3, RIR, dO3 per kt cut, plan, rank."""
        t = self._att.tonnes
        rows = []
        for s in self.sector_names:
            members = [self._att.sources[i] for i in self._att.sectors[s]]
            voc_t = float(t.loc[members, "NMVOC"].sum()) if t is not None else np.nan
            nox_t = float(t.loc[members, "NOx"].sum()) if t is not None else np.nan
            row = {
                "sector": s,
                "VOC_t_yr": voc_t,
                "NOx_t_yr": nox_t,
                "dO3_zero": self.delta("zero", s),
                "dO3_zero_voc": self.delta("zero_voc", s),
                "dO3_zero_nox": self.delta("zero_nox", s),
                "RIR_VOC": self.rir("cut_voc", s),
                "RIR_NOx": self.rir("cut_nox", s),
            }
            with np.errstate(divide="ignore", invalid="ignore"):
                row["dO3_per_kt_VOC"] = _per_kt(self.delta("cut_voc", s), self.cut * voc_t)
                row["dO3_per_kt_NOx"] = _per_kt(self.delta("cut_nox", s), self.cut * nox_t)
            rows.append(row)
        df = pd.DataFrame(rows).set_index("sector")
        if self._plan is not None:
            plan = self.plan
            df = df.join(plan[["VOC_cut_t_yr", "NOx_cut_t_yr", "dO3_plan", "dO3_plan_per_kt"]])
        contribution = (
            -df["dO3_zero"]
            if df["dO3_zero"].notna().any()
            else -(df["dO3_zero_voc"].fillna(0) + df["dO3_zero_nox"].fillna(0))
        )
        df["rank"] = contribution.rank(ascending=False, method="min")
        df.attrs.update(metric=self.metric, units="ppb; dO3 per kt in ppb per 1000 t/yr")
        return df.sort_values("rank")

    @property
    def species(self) -> pd.DataFrame:
        """Species-level RIR (key precursors) for all metrics, ranked by ``metric``: mechanism
        species (``level`` "mechanism": the species' whole emission/constraint cut), measured
        species of the constraints ("measured": its part of every lumped species cut), and
        the cuts of every source's VOC / NOx ("all": rows ``all VOC``, ``all NOx``)."""
        rows = []
        level = {"species": "mechanism", "measured": "measured"}
        entries = [
            (str(t), str(k), str(t))
            for k, t in zip(self.cases["kind"].values, self.cases["target"].values)
            if k in level
        ]
        entries += [("all VOC", "cut_voc", ALL), ("all NOx", "cut_nox", ALL)]
        for name, kind, target in entries:
            row: dict[str, Any] = {"species": name, "level": level.get(kind, "all")}
            for m in METRICS:
                row[f"RIR_{m}"] = self.rir(kind, target, m)
                row[f"dO3_{m}"] = self.delta(kind, target, m)
            rows.append(row)
        df = pd.DataFrame(rows).set_index("species")
        df["rank"] = df[f"RIR_{self.metric}"].rank(ascending=False, method="min")
        return df.sort_values(f"RIR_{self.metric}", ascending=False)

    @property
    def non_additivity(self) -> pd.DataFrame:
        """Sum of per-sector zero-out dO3 vs the all-sector zero-out, per class and metric."""
        rows = []
        for kind, name in (("zero", "VOC+NOx"), ("zero_voc", "VOC"), ("zero_nox", "NOx")):
            for m in METRICS:
                parts = [self.delta(kind, s, m) for s in self.sector_names]
                parts = [p for p in parts if np.isfinite(p)]
                joint = self.delta(kind, ALL, m)
                if not parts or not np.isfinite(joint):
                    continue
                total = float(np.sum(parts))
                rows.append(
                    {
                        "class": name,
                        "metric": m,
                        "sum_of_sectors": total,
                        "all_sectors": joint,
                        "difference": total - joint,
                        "ratio": total / joint if joint != 0 else np.nan,
                    }
                )
        return pd.DataFrame(rows).set_index(["class", "metric"])

    @property
    def plan(self) -> pd.DataFrame:
        """Per sector: the plan's tonnes cut (t/yr; growth makes a cut negative) and dO3 of its
        measures alone (ppb), per kt cut; rows ``interaction`` (all measures together minus the
        sum) and ``plan`` (all together)."""
        if self._plan is None:
            raise ValueError("run(plan=...) was not given a plan")
        t = self._att.tonnes
        voc, nox = _plan_vectors(self._plan, self._att.sources)
        cut_voc = pd.Series(0.0, index=self._att.sources)
        cut_nox = pd.Series(0.0, index=self._att.sources)
        if t is not None:
            cut_voc = t["NMVOC"] * (1 - pd.Series(voc, index=self._att.sources))
            cut_nox = t["NOx"] * (1 - pd.Series(nox, index=self._att.sources))
        rows = []
        for s in self.sector_names:
            members = [self._att.sources[i] for i in self._att.sectors[s]]
            rows.append(
                {
                    "sector": s,
                    "VOC_cut_t_yr": float(cut_voc[members].sum()),
                    "NOx_cut_t_yr": float(cut_nox[members].sum()),
                    "dO3_plan": self.delta("plan", s),
                }
            )
        df = pd.DataFrame(rows).set_index("sector")
        total = self.delta("plan", ALL)
        df.loc["interaction"] = [0.0, 0.0, total - df["dO3_plan"].sum()]
        df.loc["plan"] = [float(cut_voc.sum()), float(cut_nox.sum()), total]
        with np.errstate(divide="ignore", invalid="ignore"):
            kt = (df["VOC_cut_t_yr"] + df["NOx_cut_t_yr"]) / 1000.0
            df["dO3_plan_per_kt"] = np.where(kt != 0, df["dO3_plan"] / kt, np.nan)
        df.attrs.update(metric=self.metric, base=self.value("base", ALL))
        return df

    # ------------------------------------------------------------------ output
    def to_xarray(self) -> xr.Dataset:
        """The cases plus the sector and species tables (one Dataset)."""
        import xarray as xr

        ds = self.cases.copy()
        sec = self.sectors.rename_axis("sector")
        sec_ds = xr.Dataset.from_dataframe(sec).rename({c: f"sector_{c}" for c in sec.columns})
        ds = ds.merge(sec_ds)
        sp = self.species.rename_axis("precursor")
        ds = ds.merge(xr.Dataset.from_dataframe(sp).rename({c: f"species_{c}" for c in sp.columns}))
        return ds

    def to_netcdf(self, path: str | Path) -> None:
        from .._atomic import write_netcdf

        write_netcdf(self.to_xarray(), path)

    def to_csv(self, prefix: str | Path) -> list[Path]:
        """``<prefix>_sectors.csv``, ``_species.csv``, ``_non_additivity.csv``, ``_cases.csv``
        and, with a plan, ``_plan.csv``; each written atomically."""
        from .._atomic import atomic_path

        prefix = Path(prefix)
        tables = {
            "sectors": self.sectors,
            "species": self.species,
            "non_additivity": self.non_additivity,
            "cases": self.cases[[*METRICS, "status"]].to_dataframe(),
        }
        if self._plan is not None:
            tables["plan"] = self.plan
        out = []
        for name, df in tables.items():
            path = prefix.with_name(f"{prefix.name}_{name}.csv")
            with atomic_path(path) as tmp:
                df.to_csv(tmp)
            out.append(path)
        return out


def _per_kt(d_o3: float, tonnes: float) -> float:
    return d_o3 / (tonnes / 1000.0) if np.isfinite(tonnes) and tonnes > 0 else float("nan")
