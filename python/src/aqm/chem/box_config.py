"""Build a :class:`~aqm.chem.BoxModel` from an observation table or a TOML ``[box]`` table.

Observation table: one row per time (a ``time`` column of local times), meteorology columns,
gases in ppb with measured-species names (``data/voc/voc_species.csv`` names are mapped to
CB6 species with :func:`aqm.chem.to_mechanism`; mechanism names are used as they are).

TOML (``aqm box run config.toml``)::

    [box]
    mechanism = "cb6_aqm"          # built-in name or a path
    observations = "obs.csv"       # relative to the TOML file
    start = "2020-07-15 00:00"     # local time of t = 0
    duration_h = 24
    output_step_s = 600
    utc_offset = 8
    lat = 30.25
    lon = 120.17
    temp_column = "T_C"            # with temp_units = "C"; also rh_column, pressure_column,
    temp_units = "C"               # blh_column, jno2_column (JFAC from observed JNO2)
    constrain = ["CO", "voc"]      # "voc" = every measured VOC column, mapped to CB6
    fix_nox = true                 # NO + NO2 columns held as total NOx (F0AM FixNOx)
    initial_from_observations = ["O3"]
    initial = { CH4 = 1900, H2 = 550 }        # ppb
    dilution = 1.157e-5                       # s-1
    background = { O3 = 40, CO = 200, CH4 = 1900, H2 = 550 }
    deposition = { O3 = 0.4, HNO3 = 2.0 }     # v_d, cm s-1: loss v_d / BLH (needs blh_column)
    spin_up_days = 5
    output = "box.nc"

    [box.isopleth]
    voc_factors = { start = 0.1, stop = 2.0, num = 11 }   # or a list
    nox_factors = { start = 0.1, stop = 3.0, num = 11, log = true }
    voc_species = "AHC"             # or a list of mechanism species
    metric = "max_8h_o3"
    output = "isopleth.nc"
    plot = "isopleth.png"
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .box import BoxModel
from .voc import MissingCoefficientWarning, default_table

__all__ = ["factors", "from_config", "from_observations", "read_observations"]

_MET = ("time", "T_C", "T_K", "RH", "P_hPa", "BLH_m", "JNO2")


def read_observations(path: str | Path, time_column: str = "time") -> pd.DataFrame:
    """Read a CSV observation table (``#`` comment lines allowed) indexed by local time."""
    df = pd.read_csv(path, comment="#")
    if time_column not in df.columns:
        raise KeyError(f"{path}: no '{time_column}' column")
    df[time_column] = pd.to_datetime(df[time_column])
    return df.set_index(time_column)


def _voc_columns(df: pd.DataFrame, mechanism_species: Sequence[str]) -> list[str]:
    table = default_table()
    out = []
    for c in df.columns:
        if c in mechanism_species:
            continue
        if c in table:
            out.append(c)
    return out


def from_observations(obs: pd.DataFrame, *, mechanism: str = "cb6_aqm", start: Any = None,
                      duration_h: float = 24.0, output_step_s: float = 600.0,
                      utc_offset: float = 0.0, lat: float | None = None, lon: float | None = None,
                      temp_column: str | None = "T_C", temp_units: str = "C",
                      rh_column: str | None = "RH", pressure_column: str | None = "P_hPa",
                      blh_column: str | None = "BLH_m", jno2_column: str | None = "JNO2",
                      constrain: Sequence[str] = ("CO", "voc"), fix_nox: bool = True,
                      initial_from_observations: Sequence[str] = ("O3",),
                      initial: Mapping[str, float] | None = None, dilution: float = 1 / 86400,
                      background: Mapping[str, float] | None = None, spin_up_days: int = 0,
                      deposition: Mapping[str, float] | None = None,
                      interpolation: str = "linear") -> BoxModel:
    """An observation-constrained box from a table indexed by local time (gases in ppb)."""
    start = obs.index[0] if start is None else start
    box = BoxModel(mechanism, start=start, duration=duration_h, output_step=output_step_s,
                   utc_offset=utc_offset)
    species = box.species

    def col(name: str | None) -> pd.Series | None:
        if name is None:
            return None
        if name not in obs.columns:
            raise KeyError(f"{name}: no such column in the observations")
        return obs[name]

    env: dict[str, Any] = {}
    if temp_column:
        env["temp"] = col(temp_column)
        env["temp_units"] = temp_units
    if rh_column:
        env["rh"] = col(rh_column)
    if pressure_column:
        env["pressure"] = col(pressure_column)
    if blh_column:
        env["blh"] = col(blh_column)
    box.environment(**env)
    if lat is not None and lon is not None:
        box.photolysis(lat=lat, lon=lon)
    if jno2_column:
        box.scale_j_to(col(jno2_column), j=4)
    held: dict[str, pd.Series] = {}
    for item in constrain:
        if item == "voc":
            vocs = _voc_columns(obs, species)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", MissingCoefficientWarning)
                mapped = default_table().to_mechanism(obs[vocs], unit="ppb")
            for sp in mapped.columns:
                held[sp] = held.get(sp, 0) + mapped[sp]
        else:
            if item not in species:
                raise KeyError(f"{item}: constrained species is not in the mechanism")
            held[item] = held.get(item, 0) + col(item)
    if held:
        box.constrain(pd.DataFrame(held), units="ppb", interpolation=interpolation)
    if fix_nox:
        box.fix_nox(col("NO") + col("NO2"), units="ppb", interpolation=interpolation)
        box.initial({"NO": float(col("NO").iloc[0]), "NO2": float(col("NO2").iloc[0])})
    first = {sp: float(col(sp).iloc[0]) for sp in initial_from_observations}
    box.initial({**first, **dict(initial or {})})
    box.dilution(float(dilution), dict(background or {}))
    if deposition:
        box.deposition(dict(deposition))
    if spin_up_days:
        box.spin_up(int(spin_up_days))
    box._observed_extra = list(held)
    return box


def factors(spec: Any, name: str) -> list[float]:
    """A list of factors, or {start, stop, num, log} -> linspace/logspace."""
    if isinstance(spec, Mapping):
        try:
            a, b, n = float(spec["start"]), float(spec["stop"]), int(spec["num"])
        except KeyError as err:
            raise ValueError(f"{name}: needs start, stop and num") from err
        if spec.get("log", False):
            if a <= 0 or b <= 0:
                raise ValueError(f"{name}: scaling factors must be positive")
            return list(np.geomspace(a, b, n))
        return list(np.linspace(a, b, n))
    return [float(x) for x in spec]


def from_config(cfg: Mapping[str, Any], base_dir: str | Path = ".") -> BoxModel:
    """The box model of a TOML ``[box]`` table (see the module docstring)."""
    base = Path(base_dir)
    known = {"mechanism", "observations", "start", "duration_h", "output_step_s", "utc_offset",
             "lat", "lon", "temp_column", "temp_units", "rh_column", "pressure_column",
             "blh_column", "jno2_column", "constrain", "fix_nox", "initial_from_observations",
             "initial", "dilution", "background", "spin_up_days", "interpolation", "output", "deposition",
             "isopleth", "rir", "plot", "attribution"}
    unknown = set(cfg) - known
    if unknown:
        raise KeyError(f"[box]: unknown keys {', '.join(sorted(unknown))}")
    if "observations" not in cfg:
        raise KeyError("[box]: 'observations' (a CSV file) is required")
    obs_path = Path(cfg["observations"])
    obs = read_observations(obs_path if obs_path.is_absolute() else base / obs_path)
    mech = str(cfg.get("mechanism", "cb6_aqm"))
    if Path(mech).suffix and not Path(mech).is_absolute():
        mech = str(base / mech)
    kw = {k: cfg[k] for k in ("start", "duration_h", "output_step_s", "utc_offset", "lat", "lon",
                              "temp_column", "temp_units", "rh_column", "pressure_column",
                              "blh_column", "jno2_column", "constrain", "fix_nox",
                              "initial_from_observations", "initial", "dilution", "background",
                              "spin_up_days", "interpolation", "deposition") if k in cfg}
    return from_observations(obs, mechanism=mech, **kw)
