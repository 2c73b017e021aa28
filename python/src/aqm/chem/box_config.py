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
    entrainment = true                        # + max(0, dBLH/dt)/BLH (needs blh_column)
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

import datetime
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._config import Key, check_table, check_value, read_config
from .._typing import DateLike, TomlTable
from .attribution import METRICS
from .box import BoxModel
from .voc import MissingCoefficientWarning, default_table

__all__ = ["factors", "from_config", "from_observations", "load_config", "read_observations"]

_THREADS = Key(int, low=0, high=2**31 - 1)  # 0 = every core; C++ names the machine limit
# Types and ranges of the TOML keys; the defaults stay in the functions they feed.
BOX_SCHEMA: dict[str, Key] = {
    "mechanism": Key(str),
    "observations": Key(str, required=True, path=True),
    "start": Key((str, datetime.datetime)),
    "duration_h": Key(float, low=0.01, high=24 * 366),
    "output_step_s": Key(float, low=1.0, high=86400.0),
    "utc_offset": Key(float, low=-14.0, high=14.0),
    "lat": Key(float, low=-90.0, high=90.0),
    "lon": Key(float, low=-180.0, high=360.0),
    "temp_column": Key(str),
    "temp_units": Key(str, choices=("C", "K")),
    "rh_column": Key(str),
    "pressure_column": Key(str),
    "blh_column": Key(str),
    "jno2_column": Key(str),
    "constrain": Key(list, item=str),
    "fix_nox": Key(bool),
    "initial_from_observations": Key(list, item=str),
    "initial": Key(dict, item=float, low=0.0, high=1e9),
    "dilution": Key(float, low=0.0, high=1.0),
    "entrainment": Key(bool),
    "background": Key(dict, item=float, low=0.0, high=1e9),
    "deposition": Key(dict, item=float, low=0.0, high=100.0),
    "spin_up_days": Key(int, low=0, high=365),
    "interpolation": Key(str, choices=("linear", "step", "previous", "constant")),
    "output": Key(str),
    "isopleth": Key(dict),
    "rir": Key((bool, dict)),
    "plot": Key(str),
    "attribution": Key(dict),
}
ISOPLETH_SCHEMA: dict[str, Key] = {
    "voc_factors": Key((list, dict)),
    "nox_factors": Key((list, dict)),
    "voc_species": Key((str, list), item=str),
    "metric": Key(str, choices=METRICS),
    "output": Key(str),
    "plot": Key(str),
    "n_threads": _THREADS,
}
_FACTOR_LIST = Key(list, item=float, low=0.0, high=1e3)
_RANGE_SCHEMA: dict[str, Key] = {
    "start": Key(float, required=True, low=0.0, high=1e3),
    "stop": Key(float, required=True, low=0.0, high=1e3),
    "num": Key(int, required=True, low=1, high=1000),
    "log": Key(bool),
}
ATTRIBUTION_SCHEMA: dict[str, Key] = {
    "inventory": Key(str, required=True),
    "place": Key(str, required=True),
    "area_m2": Key(float, low=0.0, high=1e13),
    "mix_height_m": Key(float, low=1.0, high=1e5),
    "nox_no2_fraction": Key(float, low=0.0, high=1.0),
    "plan": Key(str, path=True),
    "cut": Key(float, low=1e-6, high=0.999999),
    "metric": Key(str, choices=METRICS),
    "species_rir": Key(bool),
    "small_cut": Key(float, low=1e-6, high=0.999999),
    "n_threads": _THREADS,
    "output": Key(str),
    "plots": Key(bool),
    "sectors": Key(dict, item=(str, list)),
    "profiles": Key(str, path=True),
}


def load_config(path: str | Path) -> tuple[dict[str, Any], Path]:
    """The ``[box]`` table of a TOML file with its sub-tables, every key checked before any
    work; returns it with the directory input paths are relative to."""
    path = Path(path)
    raw = read_config(path, ("box",), "box")
    base = path.parent
    cfg = check_table(path, "box", raw["box"], BOX_SCHEMA, base, fill_defaults=False)
    if "isopleth" in cfg:
        iso = check_table(
            path, "box.isopleth", cfg["isopleth"], ISOPLETH_SCHEMA, base, fill_defaults=False
        )
        for name in ("voc_factors", "nox_factors"):
            if isinstance(iso.get(name), dict):
                check_table(
                    path,
                    f"box.isopleth.{name}",
                    iso[name],
                    _RANGE_SCHEMA,
                    base,
                    fill_defaults=False,
                )
            elif name in iso:
                check_value(f"{path}: [box.isopleth] {name}", _FACTOR_LIST, iso[name], base)
    if "attribution" in cfg:
        check_table(
            path,
            "box.attribution",
            cfg["attribution"],
            ATTRIBUTION_SCHEMA,
            base,
            fill_defaults=False,
        )
    return dict(raw["box"]), base


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


def from_observations(
    obs: pd.DataFrame,
    *,
    mechanism: str = "cb6_aqm",
    start: DateLike | None = None,
    duration_h: float = 24.0,
    output_step_s: float = 600.0,
    utc_offset: float = 0.0,
    lat: float | None = None,
    lon: float | None = None,
    temp_column: str | None = "T_C",
    temp_units: str = "C",
    rh_column: str | None = "RH",
    pressure_column: str | None = "P_hPa",
    blh_column: str | None = "BLH_m",
    jno2_column: str | None = "JNO2",
    constrain: Sequence[str] = ("CO", "voc"),
    fix_nox: bool = True,
    initial_from_observations: Sequence[str] = ("O3",),
    initial: Mapping[str, float] | None = None,
    dilution: float = 1 / 86400,
    background: Mapping[str, float] | None = None,
    spin_up_days: int = 0,
    deposition: Mapping[str, float] | None = None,
    interpolation: str = "linear",
    entrainment: bool = False,
) -> BoxModel:
    """An observation-constrained box from a table indexed by local time (gases in ppb)."""
    start = obs.index[0] if start is None else start
    box = BoxModel(
        mechanism,
        start=start,
        duration=duration_h,
        output_step=output_step_s,
        utc_offset=utc_offset,
    )
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
    if entrainment and not blh_column:
        raise ValueError("entrainment: needs the boundary-layer height (blh_column)")
    box.dilution(float(dilution), dict(background or {}), entrainment=bool(entrainment))
    if deposition:
        box.deposition(dict(deposition))
    if spin_up_days:
        box.spin_up(int(spin_up_days))
    box._observed_extra = list(held)
    return box


def factors(spec: Mapping[str, float | bool] | Sequence[float], name: str) -> list[float]:
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


def from_config(cfg: TomlTable, base_dir: str | Path = ".") -> BoxModel:
    """The box model of a TOML ``[box]`` table (see the module docstring)."""
    base = Path(base_dir)
    unknown = set(cfg) - set(BOX_SCHEMA)
    if unknown:
        raise KeyError(f"[box]: unknown keys {', '.join(sorted(unknown))}")
    if "observations" not in cfg:
        raise KeyError("[box]: 'observations' (a CSV file) is required")
    obs_path = Path(cfg["observations"])
    obs = read_observations(obs_path if obs_path.is_absolute() else base / obs_path)
    mech = str(cfg.get("mechanism", "cb6_aqm"))
    if Path(mech).suffix and not Path(mech).is_absolute():
        mech = str(base / mech)
    kw = {
        k: cfg[k]
        for k in (
            "start",
            "duration_h",
            "output_step_s",
            "utc_offset",
            "lat",
            "lon",
            "temp_column",
            "temp_units",
            "rh_column",
            "pressure_column",
            "blh_column",
            "jno2_column",
            "constrain",
            "fix_nox",
            "initial_from_observations",
            "initial",
            "dilution",
            "background",
            "spin_up_days",
            "interpolation",
            "deposition",
            "entrainment",
        )
        if k in cfg
    }
    return from_observations(obs, mechanism=mech, **kw)
