"""The observation-constrained box model (``aqm.chem.BoxModel``) over ``aqm._core.box``.

A :class:`BoxModel` is configured step by step (each method returns the model, so calls
chain) and run into an ``xarray.Dataset``::

    box = (BoxModel("cb6_aqm", start="2020-07-15 00:00", duration=24, output_step=600,
                    utc_offset=8)
           .environment(temp=obs["T"], rh=obs["RH"])
           .photolysis(lat=30.25, lon=120.17)
           .scale_j_to(obs["JNO2"])                         # AtChem2 JFAC from observed JNO2
           .constrain(obs[["ISOP", "PAR", "CO"]], units="ppb")
           .fix_nox(obs["NOx"], units="ppb")
           .initial({"O3": 40}, units="ppb")
           .dilution(1 / 86400, background={"O3": 40}, units="ppb")
           .spin_up(max_days=5))
    ds = box.run()
    iso = box.isopleth(voc_factors, nox_factors, voc_species=["PAR", "OLE", "TOL"])
    rir = box.rir()
    regime = box.regime(isopleth=iso)   # indicators of the last run

Times: ``start`` is the local time of t = 0 (``utc_offset`` hours ahead of UTC, so 8 for
China); series may be indexed by datetimes (local) or by seconds since the start.
Concentrations: ``units`` is "ppb" (default), "ppt", "ppm", "molecule cm-3" or "ug m-3"
(then ``mw`` is needed); mixing ratios are converted with the air density of the
environment at each series time.  Outputs carry their units in ``attrs``.
"""

from __future__ import annotations

import datetime as _dt
import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import _core
from .._cf import annotate, mole_fraction_standard_name
from .._data import data_directories
from .._progress import progress_callback
from .._typing import DateLike, SpeciesSeries
from . import _source
from ._box_input import _PPB_H, _hours, _rir_group, _scale_mask, _SeriesInput, _to_datetime
from ._defaults import ROSENBROCK

_log = logging.getLogger(__name__)


def _log_run(ds: Any, res: Any) -> None:
    """Info: what the run did; warning: a run that stopped before the end."""
    if res.result.status != "success":
        _log.warning(
            "box model stopped at t = %g s (%s): %s",
            float(ds["time"][-1]),
            res.result.status,
            res.result.message,
        )
        return
    o3 = (
        f", O3 max {float(ds['mixing_ratio'].sel(species='O3').max()):.1f} ppb"
        if "O3" in ds["species"].values
        else ""
    )
    _log.info(
        "box model: %d outputs, %d species, %d steps, spin-up days %d%s",
        ds.sizes["time"],
        ds.sizes["species"],
        int(res.result.stats.steps),
        int(res.spin_up_days),
        o3,
    )


__all__ = ["BoxModel", "builtin_mechanism_path"]

_box = _core.box


def builtin_mechanism_path(name: str) -> Path:
    """Path of a mechanism shipped in ``data/mechanisms`` (``cb6_aqm`` -> ``cb6_aqm.def``)."""
    for root in data_directories():
        for ext in (".def", ".kpp", ".eqn", ".fac"):
            p = root / "mechanisms" / f"{name}{ext}"
            if p.is_file():
                return p
    raise KeyError(f"{name}: no built-in mechanism of that name (looked in data/mechanisms)")


class BoxModel(_SeriesInput):
    """Photochemical box model with observation constraints (AtChem2/F0AM style).

    Parameters
    ----------
    mechanism:
        A built-in name (``"cb6_aqm"``) or a path to a KPP (``.def/.kpp/.eqn``) or FACSIMILE
        (``.fac``) file.
    start:
        Local time of t = 0 (anything ``pandas.Timestamp`` accepts).
    duration:
        Length of the run: hours (number) or a ``pandas.Timedelta`` string ("24h").
    output_step:
        Seconds between outputs (600 s keeps the trapezoid P(O3) integrals accurate).
    utc_offset:
        Hours local time is ahead of UTC (Hangzhou: 8).
    """

    def __init__(
        self,
        mechanism: str | Path = "cb6_aqm",
        *,
        start: DateLike = "2020-07-15 00:00",
        duration: float | str | _dt.timedelta = 24,
        output_step: float = 600.0,
        utc_offset: float = 0.0,
    ) -> None:
        path = Path(mechanism)
        if not path.suffix:
            path = builtin_mechanism_path(str(mechanism))
        self.mechanism_path = path
        self._m = _box.BoxModel(str(path))
        self._recipe: list[tuple[str, tuple]] = []  # the calls that configured _m, for pickling
        self.start = _to_datetime(start)
        self.utc_offset = float(utc_offset)
        self.duration_s = _hours(duration) * 3600.0
        self.output_step = float(output_step)
        self._apply("set_time", 0.0, self.duration_s, self.output_step)
        self._env_t = np.array([0.0])
        self._env_temp = np.array([298.15])
        self._env_p = np.array([1013.25])
        self._env_rh = np.array([50.0])
        self._observed_extra: list[str] = []

    # ------------------------------------------------------------------ helpers
    @property
    def species(self) -> list[str]:
        return list(self._m.species())

    @property
    def reactions(self) -> list[str]:
        return list(self._m.reaction_tags())

    # ------------------------------------------------------------------ shipping
    def _apply(self, method: str, *args: Any) -> None:
        """Configure the C++ model and record the call, so that a copy elsewhere can replay it."""
        getattr(self._m, method)(*args)
        self._recipe.append((method, args))

    def __getstate__(self) -> dict[str, Any]:
        # The compiled model never crosses a process: the mechanism ships as source text and
        # the configuration as the recorded calls, replayed on load.
        state = {k: v for k, v in self.__dict__.items() if k not in ("_m", "_last")}
        state["_mechanism_source"] = _source.from_file(self.mechanism_path)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        source = state.pop("_mechanism_source")
        self.__dict__.update(state)
        self._m = _box.BoxModel(str(_source.materialize(source)))
        for method, args in self._recipe:
            if method == "with_sources":
                self._m = _box.with_sources(self._m, *args)
            else:
                getattr(self._m, method)(*args)

    # ------------------------------------------------------------------ configuration
    def environment(
        self,
        temp: float | pd.Series = 298.15,
        pressure: float | pd.Series = 1013.25,
        rh: float | pd.Series = 50.0,
        blh: float | pd.Series | None = None,
        temp_units: str = "K",
    ) -> BoxModel:
        """T (K, or "C"), P (hPa), RH (%) and boundary-layer height (m): numbers or Series."""
        parts = {"temp": temp, "pressure": pressure, "rh": rh}
        grids = [self._series(v, k)[0] for k, v in parts.items() if isinstance(v, pd.Series)]
        t = np.unique(np.concatenate(grids)) if grids else np.array([0.0, self.duration_s])
        cols = {}
        for k, v in parts.items():
            ts, vs = self._series(v, k)
            cols[k] = np.interp(t, ts, vs)
        if temp_units.upper() in ("C", "DEGC", "CELSIUS"):
            cols["temp"] = cols["temp"] + 273.15
        self._apply(
            "set_environment",
            t.tolist(),
            cols["temp"].tolist(),
            cols["pressure"].tolist(),
            cols["rh"].tolist(),
        )
        self._env_t, self._env_temp, self._env_p, self._env_rh = (
            t,
            cols["temp"],
            cols["pressure"],
            cols["rh"],
        )
        if blh is not None:
            bt, bv = self._series(blh, "blh")
            self._apply("set_boundary_layer_height", bt.tolist(), bv.tolist(), "linear")
        return self

    def photolysis(
        self,
        lat: float | None = None,
        lon: float | None = None,
        *,
        zenith: float | None = None,
        fixed: Mapping[int, float] | None = None,
        jfac: float = 1.0,
    ) -> BoxModel:
        """MCM v3.3.1 J from the sun at (lat, lon), at a fixed zenith angle, or fixed values."""
        if fixed is not None:
            n = max(fixed) + 1 if fixed else 0
            j = [0.0] * n
            for k, v in fixed.items():
                j[int(k)] = float(v)
            self._apply("set_photolysis_fixed", j)
        elif zenith is not None:
            self._apply("set_photolysis_zenith", float(zenith), float(jfac))
        else:
            if lat is None or lon is None:
                raise ValueError("photolysis: give lat and lon, zenith=, or fixed=")
            utc = self.start - _dt.timedelta(hours=self.utc_offset)
            hour = utc.hour + utc.minute / 60 + utc.second / 3600
            self._apply(
                "set_photolysis_mcm",
                float(lat),
                float(lon),
                utc.year,
                utc.month,
                utc.day,
                hour,
                float(jfac),
            )
        return self

    def scale_j_to(
        self, observed: pd.Series, j: int = 4, interpolation: str = "linear"
    ) -> BoxModel:
        """Scale every calculated J by observed/calculated J<j> at each time (JFAC from JNO2)."""
        t, v = self._series(observed, f"J{j}")
        self._apply("scale_photolysis_to", int(j), t.tolist(), v.tolist(), interpolation)
        return self

    def constrain_j(self, j: int, observed: pd.Series, interpolation: str = "linear") -> BoxModel:
        """Replace J<j> by an observed series (s-1)."""
        t, v = self._series(observed, f"J{j}")
        self._apply("constrain_photolysis", int(j), t.tolist(), v.tolist(), interpolation)
        return self

    def initial(
        self, values: Mapping[str, float], units: str = "ppb", mw: Mapping[str, float] | None = None
    ) -> BoxModel:
        for sp, v in values.items():
            x = self._to_molecules(
                np.array([0.0]), np.array([float(v)]), units, (mw or {}).get(sp), sp
            )[0]
            self._apply("set_initial", sp, float(x))
        return self

    def constrain(
        self,
        data: SpeciesSeries,
        units: str = "ppb",
        interpolation: str = "linear",
        mw: Mapping[str, float] | None = None,
    ) -> BoxModel:
        """Hold species to observed series (DataFrame columns or {species: Series})."""
        for sp, s in self._as_table(data).items():
            t, v = self._series(s, sp)
            conc = self._to_molecules(t, v, units, (mw or {}).get(sp), sp)
            self._apply("constrain", sp, t.tolist(), conc.tolist(), interpolation)
        return self

    def fix_nox(
        self,
        total: float | pd.Series,
        units: str = "ppb",
        interpolation: str = "linear",
        no: str = "NO",
        no2: str = "NO2",
    ) -> BoxModel:
        """F0AM FixNOx: NO + NO2 reset to the observed total at each output step."""
        t, v = self._series(total, "NOx")
        conc = self._to_molecules(t, v, units, None, "NOx")
        self._apply("fix_nox", t.tolist(), conc.tolist(), interpolation, no, no2)
        return self

    def dilution(
        self,
        rate: float = 1 / 86400,
        background: Mapping[str, float] | None = None,
        units: str = "ppb",
        entrainment: bool = False,
    ) -> BoxModel:
        """First-order dilution (s-1) towards background concentrations."""
        bg = {
            sp: float(self._to_molecules(np.array([0.0]), np.array([float(v)]), units, None, sp)[0])
            for sp, v in (background or {}).items()
        }
        self._apply("set_dilution", float(rate), bg)
        self._apply("set_entrainment", bool(entrainment))
        return self

    def deposition(self, velocities: Mapping[str, float]) -> BoxModel:
        """Dry deposition: first-order loss v_d / h(t) per species, v_d in cm s-1 and h the
        boundary-layer height series (needed).  A velocity of 0 removes the loss."""
        for sp, vd in velocities.items():
            self._apply("set_deposition", str(sp), float(vd))
        return self

    def emission(
        self, data: SpeciesSeries, units: str = "molecule cm-3 s-1", interpolation: str = "linear"
    ) -> BoxModel:
        """Emission rates per species: "molecule cm-3 s-1", "ppb h-1" or "molecule cm-2 s-1"
        (divided by the boundary-layer height)."""
        for sp, s in self._as_table(data).items():
            t, v = self._series(s, sp)
            rate, per_area = self._emission_rate(t, v, units, sp)
            self._apply("set_emission", sp, t.tolist(), rate.tolist(), interpolation, per_area)
        return self

    def spin_up(self, max_days: int = 10, tolerance: float = 0.01, floor: float = 1e4) -> BoxModel:
        """Repeat the run until species change by < tolerance day to day (F0AM's 1 % rule)."""
        self._apply("set_spin_up", int(max_days), float(tolerance), float(floor))
        return self

    def solver(
        self,
        method: str = ROSENBROCK.method,
        rtol: float = ROSENBROCK.rtol,
        atol: float = ROSENBROCK.atol,
        max_steps: int = ROSENBROCK.max_steps,
        hmax: float = ROSENBROCK.hmax,
    ) -> BoxModel:
        o = _core.RosenbrockOptions()
        o.method, o.rtol, o.atol = method, float(rtol), float(atol)
        o.max_steps, o.hmax = int(max_steps), float(hmax)
        self._apply("set_solver", o)
        return self

    def copy(self) -> BoxModel:
        other = object.__new__(BoxModel)
        other.__dict__.update(self.__dict__)
        other._m = self._m.copy()
        other._recipe = list(self._recipe)
        return other

    def scale(
        self,
        species: Sequence[str],
        factor: float,
        what: Sequence[str] = ("initial", "constraint", "emission", "background"),
    ) -> BoxModel:
        """Multiply species' initial values, constraints, emissions, backgrounds by factor."""
        mask = _scale_mask(what)
        for sp in species:
            self._apply("scale_species", sp, float(factor), mask)
        return self

    @property
    def observed_species(self) -> list[str]:
        return list(self._m.observed_species())

    # ------------------------------------------------------------------ runs
    def run(self) -> Any:
        """Integrate; an ``xarray.Dataset`` with concentrations, rates and diagnostics."""
        import xarray as xr

        res = self._m.run()
        t = np.asarray(res.time)
        species, reactions = list(res.species), list(res.reactions)
        m = np.asarray(res.m)
        conc = np.array(res.concentration)
        ppb = 1e-9 * m
        coords = {
            "time": ("time", t, {"units": "s", "long_name": "seconds since start"}),
            "local_time": ("time", pd.Timestamp(self.start) + pd.to_timedelta(t, unit="s")),
            "species": species,
            "reaction": reactions,
            "j": np.arange(res.photolysis.shape[1]),
        }
        ds = xr.Dataset(coords=dict(coords))
        ds["concentration"] = (("time", "species"), conc, {"units": "molecule cm-3"})
        ds["mixing_ratio"] = (("time", "species"), conc / ppb[:, None], {"units": "ppb"})
        ds["rate"] = (("time", "reaction"), np.array(res.rate), {"units": "molecule cm-3 s-1"})
        ds["photolysis"] = (
            ("time", "j"),
            np.array(res.photolysis),
            {"units": "s-1", "long_name": "MCM J by number"},
        )
        ds["constrained"] = ("species", np.asarray(res.constrained, dtype=bool))
        for k, unit in (
            ("temp", "K"),
            ("pressure", "hPa"),
            ("m", "molecule cm-3"),
            ("h2o", "molecule cm-3"),
            ("blh", "m"),
        ):
            ds[k] = ("time", np.asarray(getattr(res, k)), {"units": unit})
        ok = res.result.status == "success"
        if ok and "O3" in species:
            ox = _box.o3_budget(self._m, res)
            to_ppbh = _PPB_H / ppb
            ds["P_O3"] = (
                "time",
                np.asarray(ox.production) * to_ppbh,
                {"units": "ppb h-1", "long_name": "Ox-family production (HO2/RO2 + NO)"},
            )
            ds["L_O3"] = (
                "time",
                np.asarray(ox.loss) * to_ppbh,
                {"units": "ppb h-1", "long_name": "Ox-family loss"},
            )
            ds["net_P_O3"] = ds["P_O3"] - ds["L_O3"]
            ds["net_P_O3"].attrs = {"units": "ppb h-1"}
            ds["O3_budget_by_reaction"] = (
                ("time", "reaction"),
                np.asarray(ox.by_reaction) * to_ppbh[:, None],
                {"units": "ppb h-1", "family": " ".join(n for n, _ in ox.family)},
            )
        if ok and "OH" in species:
            observed = self.observed_species + [s for s in self._observed_extra if s in species]
            k = _box.oh_reactivity(self._m, res, [s for s in observed if s in species])
            ds = ds.assign_coords(oh_partner=list(k.species))
            ds["OH_reactivity"] = (("time", "oh_partner"), np.array(k.by_species), {"units": "s-1"})
            ds["OH_reactivity_total"] = ("time", np.array(k.total), {"units": "s-1"})
            ds["OH_reactivity_measured"] = (
                "time",
                np.array(k.measured),
                {"units": "s-1", "long_name": "from observed species"},
            )
            rb = _box.radical_budget(self._m, res)
            for key, name in (("q", "Q"), ("ln", "LN"), ("lr", "LR")):
                ds[name] = ("time", np.array(getattr(rb, key)), {"units": "molecule cm-3 s-1"})
            with np.errstate(divide="ignore", invalid="ignore"):
                lnq = np.where(ds["Q"].values > 0, ds["LN"].values / ds["Q"].values, np.nan)
            ds["LN_over_Q"] = ("time", lnq, {"units": "1"})
        _log_run(ds, res)
        ds.attrs.update(
            mechanism=str(self.mechanism_path),
            status=res.result.status,
            message=res.result.message,
            steps=int(res.result.stats.steps),
            spin_up_days=int(res.spin_up_days),
            spin_up_converged=int(bool(res.spin_up_converged)),
            spin_up_change=float(res.spin_up_change),
            start=str(self.start),
            utc_offset=self.utc_offset,
        )
        self._last = res
        return annotate(ds)

    def isopleth(
        self,
        voc_factors: Sequence[float],
        nox_factors: Sequence[float],
        *,
        voc_species: Sequence[str],
        nox_species: Sequence[str] = ("NO", "NO2"),
        scale: Sequence[str] = ("initial", "constraint", "emission"),
        window: tuple[float, float] | None = None,
        o3: str = "O3",
        n_threads: int = 0,
        progress: bool | None = None,
    ) -> Any:
        """EKMA isopleth over VOC x NOx scaling factors (``xarray.Dataset``, O3 in ppb)."""
        import xarray as xr

        o = _box.IsoplethOptions()
        o.voc_factors, o.nox_factors = list(map(float, voc_factors)), list(map(float, nox_factors))
        o.voc_species, o.nox_species = list(voc_species), list(nox_species)
        o.scale, o.o3, o.n_threads, o.ppb = _scale_mask(scale), o3, int(n_threads), True
        if window is not None:
            o.window_start, o.window_end = float(window[0]), float(window[1])
        with progress_callback(progress, "isopleth") as cb:
            r = _box.isopleth(self._m, o, cb)
        nv, nn = len(r.voc_factors), len(r.nox_factors)
        ds = xr.Dataset(coords={"voc_factor": r.voc_factors, "nox_factor": r.nox_factors})
        for k, long in (
            ("peak_o3", "peak O3"),
            ("max_8h_o3", "maximum 8-h mean O3"),
            ("net_po3", "integrated net P(O3)"),
        ):
            ds[k] = (
                ("voc_factor", "nox_factor"),
                np.array(getattr(r, k)),
                {
                    "units": "ppb",
                    "long_name": long,
                    **(
                        {"standard_name": mole_fraction_standard_name(o3)}
                        if mole_fraction_standard_name(o3)
                        else {}
                    ),
                },
            )
            ds[f"ridge_{k}"] = (
                "voc_factor",
                np.asarray(r.ridge(k), dtype=float),
                {"long_name": f"NOx factor of the {long} maximum", "units": "1"},
            )
        ds["status"] = (
            ("voc_factor", "nox_factor"),
            np.asarray(r.status, dtype=object).reshape(nv, nn),
        )
        ds.attrs.update(
            base_peak_o3=r.base_peak_o3,
            base_max_8h_o3=r.base_max_8h_o3,
            base_net_po3=r.base_net_po3,
            base_status=r.base_status,
            voc_species=" ".join(voc_species),
            nox_species=" ".join(nox_species),
            regime_peak_o3=r.regime("peak_o3"),
            regime_max_8h_o3=r.regime("max_8h_o3"),
            regime_net_po3=r.regime("net_po3"),
            scaled=" ".join(scale),
            n_failed=int(r.n_failed()),
        )
        return annotate(ds)

    def rir(
        self,
        groups: Mapping[str, Sequence[str]] | None = None,
        *,
        cut: float = 0.2,
        scale: Sequence[str] = ("initial", "constraint", "emission"),
        window: tuple[float, float] | None = None,
        n_threads: int = 0,
        progress: bool | None = None,
    ) -> Any:
        """Relative incremental reactivity per group (default AHC, BHC, NOx, CO)."""
        import xarray as xr

        g = (
            [(k, list(v)) for k, v in groups.items()]
            if groups is not None
            else _box.default_rir_groups(self._m)
        )
        o = _box.RirOptions()
        o.groups = [_rir_group(name, species) for name, species in g]
        o.cut, o.scale, o.n_threads, o.ppb = float(cut), _scale_mask(scale), int(n_threads), True
        if window is not None:
            o.window_start, o.window_end = float(window[0]), float(window[1])
        with progress_callback(progress, "RIR") as cb:
            r = _box.rir(self._m, o, cb)
        ds = xr.Dataset(coords={"group": r.groups})
        ds["rir"] = ("group", np.asarray(r.rir), {"units": "1"})
        ds["p_cut"] = (
            "group",
            np.asarray(r.p_cut),
            {"units": "ppb", "long_name": "integrated net P(O3) with the group cut"},
        )
        ds["status"] = ("group", np.asarray(r.status, dtype=object))
        ds["species"] = ("group", np.asarray([" ".join(s) for _, s in g], dtype=object))
        ds.attrs.update(p_base=r.p_base, cut=r.cut, base_status=r.base_status)
        return annotate(ds)

    def regime(
        self,
        *,
        isopleth: Any | None = None,
        window: tuple[float, float] | None = None,
        hcho: str = "",
        metric: str = "max_8h_o3",
    ) -> pd.DataFrame:
        """HCHO/NO2, H2O2/HNO3, LN/Q of the last run and the isopleth's answer."""
        if getattr(self, "_last", None) is None:
            self.run()
        res = self._last
        o = _box.RegimeOptions()
        o.hcho = hcho
        if window is not None:
            o.window_start, o.window_end = float(window[0]), float(window[1])
        rows = [
            (x.name, x.value, x.regime, x.rule) for x in _box.regime_indicators(self._m, res, o)
        ]
        df = pd.DataFrame(rows, columns=["indicator", "value", "regime", "rule"])
        if isopleth is not None:
            df.loc[len(df)] = [
                "isopleth",
                np.nan,
                isopleth.attrs[f"regime_{metric}"],
                f"side of the {metric} ridge the base point is on",
            ]
        return df.set_index("indicator")
