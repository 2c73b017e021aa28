"""The Python face of an emission inventory: labels, pandas/xarray, files and history."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from .. import _core
from .._cf import TIME, annotate
from ..io import _frame_from_tuple
from ._data import data_file
from ._grid import to_grid
from ._inventory_xarray import _xarray, core_from_dataset, to_dataset
from .scenario import Scenario, ScenarioResult

if TYPE_CHECKING:
    import xarray as xr

    from .._typing import DateLike, SpeciationProfiles

_e = _core.emis


class Inventory:
    """Emissions by sector x pollutant x place x time with units per pollutant and a history.

    Build with :meth:`from_csv`, :meth:`from_netcdf`, :meth:`from_xarray`,
    :meth:`from_dataframe` or :meth:`bundled`.  Every operation returns a new inventory whose
    ``history`` lists what was applied, from which file, with which parameters.
    """

    def __init__(self, core: _core.emis.Inventory):
        self._c = core
        self.outside: dict[str, float] | None = None  # set by regrid()

    # -- construction ---------------------------------------------------------------------
    @classmethod
    def from_csv(cls, path: str | Path) -> Inventory:
        """Long-format CSV: sector, pollutant, place, time, value, unit (see docs)."""
        return cls(_e.read_inventory_csv(str(path)))

    @classmethod
    def bundled(cls, name: str = "hangzhou_2020") -> Inventory:
        """The synthetic Hangzhou-like 2020 inventory shipped in data/emis (see its README):
        ``"hangzhou_2020"`` by district, ``"hangzhou_2020_grid"`` on its 0.05 deg grid
        (district totals spread with spatial proxies; totals kept exactly)."""
        if name == "hangzhou_2020_grid":
            core, cell_district = to_grid(cls.bundled("hangzhou_2020"))
            gridded = cls(core)
            gridded.cell_district = cell_district  # place index of each cell's district
            return gridded
        return cls.from_csv(data_file(f"{name}_inventory.csv"))

    @classmethod
    def from_dataframe(
        cls, df: pd.DataFrame, *, name: str = "inventory", year: int = 2020, time: str | None = None
    ) -> Inventory:
        """Long table with columns sector, pollutant, place, value, unit (and optional time)."""
        need = {"sector", "pollutant", "place", "value", "unit"}
        missing = need - set(df.columns)
        if missing:
            raise KeyError(f"missing columns: {sorted(missing)}")
        lines = [f"# name: {name}", f"# year: {year}", "sector,pollutant,place,time,value,unit"]
        tcol = df["time"] if "time" in df.columns else ["annual"] * len(df)
        for (s, p, r, v, u), t in zip(
            df[["sector", "pollutant", "place", "value", "unit"]].itertuples(
                index=False, name=None
            ),
            tcol,
        ):
            lines.append(",".join(_q(x) for x in (s, p, r, t, repr(float(v)), u)))
        return cls(_e.parse_inventory_csv("\n".join(lines) + "\n", "<dataframe>"))

    @classmethod
    def from_netcdf(cls, path: str | Path) -> Inventory:
        xr = _xarray()
        if not Path(path).is_file():
            what = "is a directory" if Path(path).is_dir() else "no such file"
            raise FileNotFoundError(2, f"{path}: {what}", str(path))
        try:
            with xr.open_dataset(path) as ds:
                inv = cls.from_xarray(ds.load())
        except (ValueError, KeyError, TypeError, IndexError) as err:
            # xarray and the layout checks know neither the file nor, for a KeyError, say much.
            text = f"missing {err}" if isinstance(err, KeyError) else str(err).split("\n")[0]
            raise ValueError(f"{path}: not a readable inventory NetCDF file: {text}") from None
        inv._c.record("read_netcdf", str(path), [])
        return inv

    @classmethod
    def from_xarray(cls, ds: xr.Dataset) -> Inventory:
        """Reverse of :meth:`to_xarray`: one variable per pollutant over (sector, time, place)
        or (sector, time, lat, lon)."""
        return cls(core_from_dataset(ds))

    # -- properties -----------------------------------------------------------------------
    name = property(lambda self: self._c.name)
    year = property(lambda self: self._c.year)
    sectors = property(lambda self: list(self._c.sectors))
    pollutants = property(lambda self: list(self._c.pollutants))
    places = property(lambda self: list(self._c.places))
    units = property(lambda self: dict(zip(self._c.pollutants, self._c.units)))
    time = property(lambda self: self._c.time)
    time_labels = property(lambda self: list(self._c.time_labels))
    grid = property(lambda self: self._c.grid)

    @property
    def values(self) -> np.ndarray:
        """Copy of the values, shape (sector, pollutant, place, time)."""
        return self._c.values

    @property
    def history(self) -> list[dict]:
        return [{"name": n, "source": s, "parameters": dict(p)} for n, s, p in self._c.history]

    def __repr__(self) -> str:
        return (
            f"<aqm.emis.Inventory {self.name!r} {self.year}: {len(self.sectors)} sectors x "
            f"{len(self.pollutants)} pollutants x {len(self.places)} places x "
            f"{len(self.time_labels)} times>"
        )

    def _new(self, core: Any) -> Inventory:
        return Inventory(core)

    # -- operations -----------------------------------------------------------------------
    def totals(self, by: str = "sector") -> pd.DataFrame:
        """Annual totals, sector x pollutant (``by='top'`` sums sub-sectors into sectors)."""
        if by == "sector":
            return _frame_from_tuple(self._c.totals())
        if by == "top":
            return _frame_from_tuple(self._c.totals_by_top_sector())
        raise ValueError("by must be 'sector' or 'top'")

    def scale(
        self,
        factors: float | Mapping[str, float | Mapping[str, float | Mapping[str, float]]],
        *,
        source: str = "",
    ) -> Inventory:
        """Multiply emissions.  ``factors`` is one number, ``{pollutant: number}``,
        ``{pollutant: {sector: number}}`` (emiproc's form; a sector covers its sub-sectors) or
        ``{pollutant: {sector: {place: number}}}``.  Unlisted pairs are unchanged."""
        c = self._c.copy()
        vals = c.values
        params: list[tuple[str, str]] = []

        def check(f: Any, where: str) -> float:
            f = float(f)
            if not math.isfinite(f) or f < 0:
                raise ValueError(f"{where}: scale factor must be finite and >= 0, got {f}")
            return f

        if not isinstance(factors, Mapping):
            vals *= check(factors, "factor")
            params.append(("*", str(float(factors))))
        else:
            for pol, spec in factors.items():
                p = self._index(self.pollutants, pol, "pollutant")
                if not isinstance(spec, Mapping):
                    vals[:, p] *= check(spec, pol)
                    params.append((pol, str(float(spec))))
                    continue
                for sector, f in spec.items():
                    rows = self._sector_rows(sector)
                    if isinstance(f, Mapping):
                        for place, g in f.items():
                            r = self._index(self.places, place, "place")
                            vals[rows, p, r] *= check(g, f"{pol}/{sector}@{place}")
                            params.append((f"{pol}/{sector}@{place}", str(float(g))))
                    else:
                        vals[rows, p] *= check(f, f"{pol}/{sector}")
                        params.append((f"{pol}/{sector}", str(float(f))))
        c.values = vals
        c.record("scale", source, params)
        return self._new(c)

    def convert_units(
        self, pollutant: str, unit: str, *, molecular_weight: float = 0.0, basis_count: float = 0.0
    ) -> Inventory:
        """Convert one pollutant (kgC or 'as NO2' need molecular_weight and basis_count)."""
        c = self._c.copy()
        c.convert_units(pollutant, unit, molecular_weight, basis_count)
        return self._new(c)

    def allocate_time(
        self, profiles: Mapping[str, _core.emis.TemporalProfile] | None = None
    ) -> Inventory:
        """Annual -> monthly with per-sector temporal profiles (annual totals preserved)."""
        from .temporal import default_profiles

        profiles = default_profiles() if profiles is None else profiles
        return self._new(_e.allocate_monthly(self._c, dict(profiles)))

    def hourly(
        self,
        place: str,
        pollutant: str,
        *,
        utc_offset_hours: int = 8,
        profiles: Mapping[str, _core.emis.TemporalProfile] | None = None,
    ) -> pd.Series:
        """Hourly emissions (UTC) of one annual pollutant at one place: each sector's annual
        total spread by its profile over the real calendar."""
        from .temporal import default_profiles

        if self.time != "annual":
            raise ValueError("hourly() needs an annual inventory")
        profiles = default_profiles() if profiles is None else dict(profiles)
        p = self._index(self.pollutants, pollutant, "pollutant")
        r = self._index(self.places, place, "place")
        vals = self._c.values
        out = 0.0
        for s, sector in enumerate(self.sectors):
            prof = _pick(profiles, sector)
            out = out + vals[s, p, r, 0] * _e.hourly_fractions(prof, self.year, utc_offset_hours)
        n = len(out) if not np.isscalar(out) else 0
        index = pd.date_range(f"{self.year}-01-01", periods=n, freq="h", tz="UTC")
        return pd.Series(
            out,
            index=index,
            name=f"{pollutant}@{place} [share of annual x {self.units[pollutant]}]",
        )

    def regrid(self, target: _core.emis.LatLonGrid | _core.emis.ConservativeRegridder) -> Inventory:
        """Conservative regridding to a LatLonGrid; ``.outside`` holds the mass that fell
        outside the target domain per pollutant (annual totals)."""
        if self.grid is None:
            raise ValueError("regrid() needs a gridded inventory")
        r = (
            target
            if isinstance(target, _e.ConservativeRegridder)
            else _e.ConservativeRegridder(self.grid, target)
        )
        core, outside = _e.regrid(self._c, r)
        inv = self._new(core)
        inv.outside = dict(zip(self.pollutants, outside))
        return inv

    def speciate(
        self,
        pollutant: str = "NMVOC",
        *,
        profiles: SpeciationProfiles | None = None,
        assignment: Mapping[str, str] | None = None,
        mechanism: _core.emis.SpeciesMapping | None = None,
        output: str = "moles",
        basis: str = "mechanism",
    ) -> Inventory:
        """NMVOC -> mechanism species (moles or mass) or compounds, by sector profile.

        ``profiles`` may be an :class:`aqm.voc.ProfileLibrary`: its localized profiles replace
        the bundled ones for the sectors of its source types (``aqm.voc.SECTOR_SOURCE_TYPES``;
        ``assignment`` entries still win) and the registry-extended CB6 mapping is used."""
        from .speciation import default_assignment, load_mechanism, load_profiles

        if hasattr(profiles, "speciation_inputs"):  # an aqm.voc.ProfileLibrary
            profiles, lib_assignment, lib_mechanism = profiles.speciation_inputs()
            assignment = {**lib_assignment, **dict(assignment or {})}
            mechanism = lib_mechanism if mechanism is None else mechanism
        profiles = load_profiles() if profiles is None else profiles
        if isinstance(profiles, Mapping):
            profiles = list(profiles.values())
        assignment = default_assignment() if assignment is None else dict(assignment)
        mechanism = load_mechanism() if mechanism is None else mechanism
        return self._new(
            _e.speciate(self._c, pollutant, list(profiles), assignment, mechanism, output, basis)
        )

    def apply(self, scenario: Scenario | str | Path) -> ScenarioResult:
        """Apply a control scenario; returns a :class:`aqm.emis.ScenarioResult`."""
        if isinstance(scenario, (str, Path)):
            scenario = Scenario.from_toml(scenario)
        base = self._adjusted(scenario)
        r = _e.apply_scenario(base._c, scenario.to_core())
        return ScenarioResult(r, scenario, Inventory(r.inventory))

    def _adjusted(self, scenario: Any) -> Inventory:
        """The base inventory with the scenario's ``[[adjust]]`` factors applied."""
        factors = self._adjustment_factors(scenario)
        if factors is None:
            return self
        c = self._c.copy()
        c.values = c.values * factors[..., None]
        c.record(
            "adjust",
            scenario.source,
            [
                (f"{a['pollutant']}/{a['sector']}", str(float(a["factor"])))
                for a in scenario.adjustments
            ],
        )
        return self._new(c)

    def _adjustment_factors(self, scenario: Any) -> np.ndarray | None:
        """(sector, pollutant, place) factors of the scenario's ``[[adjust]]`` entries."""
        if not scenario.adjustments:
            return None
        out = np.ones((len(self.sectors), len(self.pollutants), len(self.places)))
        seen: set[tuple[int, int, int]] = set()
        for k, a in enumerate(scenario.adjustments):
            where = f"{scenario.source}: adjust[{k + 1}]"
            try:
                p = self._index(self.pollutants, a["pollutant"], "pollutant")
                rows = self._sector_rows(a["sector"])
                regions = a.get("region", "*")
                regions = [regions] if isinstance(regions, str) else list(regions)
                cols = (
                    range(len(self.places))
                    if regions == ["*"]
                    else [self._index(self.places, r, "place") for r in regions]
                )
            except KeyError as err:
                raise KeyError(f"{where}: {err.args[0]}") from None
            for r in rows:
                for c in cols:
                    if (r, p, c) in seen:
                        raise ValueError(
                            f"{where}: {self.sectors[r]}/{a['pollutant']}@"
                            f"{self.places[c]} is adjusted twice"
                        )
                    seen.add((r, p, c))
                    out[r, p, c] = float(a["factor"])
        return out

    def scenario_scale(self, scenario: Scenario | str | Path) -> np.ndarray:
        """Scale factors E_t / E_0 of a scenario, shape (sector, pollutant, place), without
        building the scenario inventory or its tables."""
        if isinstance(scenario, (str, Path)):
            scenario = Scenario.from_toml(scenario)
        factors = np.asarray(_e.scenario_scale(self._c, scenario.to_core()))
        adjust = self._adjustment_factors(scenario)
        return factors if adjust is None else factors * adjust

    def day_speciated(
        self,
        date: DateLike,
        *,
        pollutant: str = "NMVOC",
        scenario: Scenario | str | Path | None = None,
        scale: npt.ArrayLike | None = None,
        utc_offset_hours: npt.ArrayLike = 8,
        temporal: Mapping[str, _core.emis.TemporalProfile] | None = None,
        profiles: (
            Mapping[str, _core.emis.SpeciationProfile]
            | Sequence[_core.emis.SpeciationProfile]
            | None
        ) = None,
        assignment: Mapping[str, str] | None = None,
        mechanism: _core.emis.SpeciesMapping | None = None,
        output: str = "moles",
        basis: str = "mechanism",
        unit: str = "mol s-1",
        dtype: str = "float32",
        n_threads: int = 0,
        out: np.ndarray | None = None,
        as_xarray: bool = True,
        progress: Callable[[int, int], None] | None = None,
    ) -> xr.DataArray | tuple[np.ndarray, list[str], str]:
        """The 24 UTC hours of ``date`` as speciated, sector-summed emissions in one fused C++
        pass: scale (``scenario`` or ``scale`` per (sector, place)), allocate in local time
        (``utc_offset_hours``: one value or one per place/cell), speciate, sum over sectors.

        Returns an xarray DataArray over (hour, species, lat, lon) - or (hour, species, place)
        for a region table - that wraps the C++ result without a copy (``as_xarray=False``
        gives ``(array, species, unit)``).  ``out`` may be a preallocated C-contiguous array
        of the right dtype and size, then filled in place.  ``unit`` is a rate (mean rate in
        each hour) or an amount (emitted during the hour).
        """
        from .speciation import default_assignment, load_mechanism, load_profiles
        from .temporal import default_profiles

        if self.time != "annual":
            raise ValueError("day_speciated() needs an annual inventory")
        ts = pd.Timestamp(date)
        temporal = default_profiles() if temporal is None else dict(temporal)
        profiles = load_profiles() if profiles is None else profiles
        if isinstance(profiles, Mapping):
            profiles = list(profiles.values())
        assignment = default_assignment() if assignment is None else dict(assignment)
        mechanism = load_mechanism() if mechanism is None else mechanism
        self._index(self.pollutants, pollutant, "pollutant")
        core_scenario = None
        if scenario is not None:
            if isinstance(scenario, (str, Path)):
                scenario = Scenario.from_toml(scenario)
            if scenario.adjustments:  # adjusted base × measures, as one scale per cell
                if scale is not None:
                    raise ValueError("give either scenario or scale, not both")
                p = self._index(self.pollutants, pollutant, "pollutant")
                scale = self.scenario_scale(scenario)[:, p, :]
            else:
                core_scenario = scenario.to_core()
        offsets = np.atleast_1d(np.asarray(utc_offset_hours))
        if offsets.dtype.kind == "f":
            if not np.all(np.isfinite(offsets)) or np.any(offsets != np.round(offsets)):
                raise ValueError("utc_offset_hours must be whole hours")
        data, species, unit_out = _e.day_pipeline(
            self._c,
            pollutant,
            int(ts.year),
            int(ts.month),
            int(ts.day),
            offsets.astype(np.int64).ravel().tolist(),
            temporal,
            list(profiles),
            assignment,
            mechanism,
            output,
            basis,
            unit,
            None if scale is None else np.asarray(scale, dtype=float).reshape(-1),
            dtype,
            n_threads,
            out,
            progress,
            core_scenario,
        )
        if not as_xarray:
            return data, list(species), unit_out
        xr = _xarray()
        g = self.grid
        hours = pd.date_range(ts.normalize(), periods=24, freq="h")
        coords: dict[str, Any] = {"time": ("hour", hours), "species": list(species)}
        if g is not None:
            lon_e, lat_e = np.asarray(g.lon_edges), np.asarray(g.lat_edges)
            coords["lon"] = 0.5 * (lon_e[1:] + lon_e[:-1])
            coords["lat"] = 0.5 * (lat_e[1:] + lat_e[:-1])
            dims = ("hour", "species", "lat", "lon")
        else:
            coords["place"] = self.places
            dims = ("hour", "species", "place")
        arr = data.reshape(
            [24, len(species)] + ([g.ny, g.nx] if g is not None else [len(self.places)])
        )
        return annotate(
            xr.DataArray(
                arr,
                dims=dims,
                coords=coords,
                name=f"{pollutant}_speciated",
                attrs={
                    "units": unit_out,
                    "pollutant": pollutant,
                    "long_name": f"{pollutant} emissions by species",
                    "time_zone": "UTC",
                    "output": output,
                },
            ),
            time={**TIME, "long_name": "hour start (UTC)"},
        )

    def box_rates(
        self,
        place: str,
        *,
        height_m: float,
        area_m2: float = 0.0,
        profiles: Mapping[str, _core.emis.TemporalProfile] | None = None,
        month: int = 0,
    ) -> pd.DataFrame:
        """Molecule cm-3 s-1 per mechanism species and local hour for a well-mixed box."""
        from .temporal import default_profiles

        profiles = default_profiles() if profiles is None else profiles
        r = _e.box_emission_rates(self._c, place, area_m2, height_m, dict(profiles), month, [])
        df = pd.DataFrame(
            np.asarray(r.hourly).T if r.species else np.zeros((24, 0)),
            index=pd.Index(range(24), name="local_hour"),
            columns=r.species,
        )
        df.attrs["units"] = "molecule cm-3 s-1"
        df.attrs["mean"] = dict(zip(r.species, r.mean))
        return df

    # -- output ---------------------------------------------------------------------------
    def to_dataframe(self) -> pd.DataFrame:
        """Long table: sector, pollutant, place, time, value, unit."""
        v = self._c.values
        S, P, R, T = v.shape
        idx = np.indices((S, P, R, T)).reshape(4, -1)
        units = list(self._c.units)
        return pd.DataFrame(
            {
                "sector": np.asarray(self.sectors, dtype=object)[idx[0]],
                "pollutant": np.asarray(self.pollutants, dtype=object)[idx[1]],
                "place": np.asarray(self.places, dtype=object)[idx[2]],
                "time": np.asarray(self.time_labels, dtype=object)[idx[3]],
                "value": v.reshape(-1),
                "unit": np.asarray(units, dtype=object)[idx[1]],
            }
        )

    def to_csv(self, path: str | Path) -> None:
        _e.write_inventory_csv(str(path), self._c)

    def to_xarray(self) -> xr.Dataset:
        """CF-style Dataset: one variable per pollutant over (sector, time, place) or
        (sector, time, lat, lon); a ``sector`` dimension with an ``ids`` attribute; the
        history as JSON in ``history_json``."""
        return to_dataset(self)

    def to_netcdf(self, path: str | Path) -> None:
        from .._atomic import atomic_path

        with atomic_path(path) as tmp:
            self.to_xarray().to_netcdf(tmp)

    # -- helpers --------------------------------------------------------------------------
    @staticmethod
    def _index(labels: list[str], label: str, what: str) -> int:
        try:
            return labels.index(label)
        except ValueError:
            raise KeyError(f"{label}: no such {what}") from None

    def _sector_rows(self, selector: str) -> list[int]:
        rows = [
            k
            for k, s in enumerate(self.sectors)
            if selector == "*" or s == selector or s.startswith(selector + "/")
        ]
        if not rows:
            raise KeyError(f"{selector}: no such sector")
        return rows


def _pick(profiles: Mapping[str, Any], sector: str):
    best, prof = -1, None
    for sel, p in profiles.items():
        if sel == "*" or sel == sector or sector.startswith(sel + "/"):
            score = 0 if sel == "*" else len(sel) + 1
            if score > best:
                best, prof = score, p
    return prof if prof is not None else _e.TemporalProfile()


def _q(x: Any) -> str:
    s = str(x)
    return '"' + s.replace('"', '""') + '"' if ("," in s or '"' in s) else s
