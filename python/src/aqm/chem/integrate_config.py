"""``aqm chem integrate config.toml``: integrate a mechanism from a TOML ``[chem]`` table.

::

    [chem]
    mechanism = "cb6_aqm"          # built-in name or a path (.eqn/.kpp/.def/.fac)
    duration_h = 24
    output_step_s = 3600
    units = "ppb"                  # of initial (and of the output)
    initial = { O3 = 30, NO = 0.5, NO2 = 2, CO = 120 }
    temp = 298.15                  # K
    pressure = 1013.25             # hPa
    rh = 50                        # %
    lat = 45.0                     # with lon and start (UTC): MCM J following the sun;
    lon = 0.0                      # or zenith = 30 (degrees) for a fixed sun; neither = dark
    start = "2010-07-01 00:00"
    method = "rodas3"
    rtol = 1e-3
    atol = 1.0                     # molecule cm-3
    constrained = ["CO"]           # held at their initial value
    output = "chem.nc"             # relative to the current directory

Input paths are relative to the TOML file; every key is checked before any work.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import numpy as np

from .._config import Key, check_table, read_config
from ._defaults import ROSENBROCK
from .box import builtin_mechanism_path
from .mechanism import FixedZenith, Mechanism, SolarPhotolysis

__all__ = ["CHEM_SCHEMA", "load_config", "run_config"]

CHEM_SCHEMA: dict[str, Key] = {
    "mechanism": Key(str, default="cb6_aqm"),
    "duration_h": Key(float, default=24.0, low=1e-6, high=24 * 366),
    "output_step_s": Key(float, default=3600.0, low=1e-3, high=86400.0 * 366),
    "units": Key(str, default="ppb", choices=("ppb", "ppm", "ppt", "molecule cm-3"), unit=True),
    "initial": Key(dict, default={}, item=float, low=0.0, high=1e25),
    "temp": Key(float, default=298.15, low=150.0, high=400.0),
    "pressure": Key(float, default=1013.25, low=1e-3, high=2000.0),
    "rh": Key(float, default=0.0, low=0.0, high=100.0),
    "lat": Key(float, low=-90.0, high=90.0),
    "lon": Key(float, low=-180.0, high=360.0),
    "start": Key((str, datetime.datetime)),
    "zenith": Key(float, low=0.0, high=180.0),
    "jfac": Key(float, default=1.0, low=0.0, high=100.0),
    "method": Key(
        str, default=ROSENBROCK.method, choices=("ros2", "ros3", "ros4", "rodas3", "rodas4")
    ),
    "rtol": Key(float, default=ROSENBROCK.rtol, low=1e-12, high=1.0),
    "atol": Key(float, default=ROSENBROCK.atol, low=1e-30, high=1e20),
    "constrained": Key(list, default=[], item=str),
    "output": Key(str, default="chem.nc"),
}


def load_config(path: str | Path) -> dict[str, Any]:
    """The checked ``[chem]`` table of a TOML file, defaults filled in, ``mechanism`` resolved
    to a file (a path relative to the TOML file, or a built-in name)."""
    path = Path(path)
    raw = read_config(path, ("chem",), "chem")
    cfg = check_table(path, "chem", raw["chem"], CHEM_SCHEMA, path.parent)
    sun = [k for k in ("lat", "lon", "start") if k in raw["chem"]]
    if sun and len(sun) < 3:
        missing = sorted({"lat", "lon", "start"} - set(sun))
        raise KeyError(
            f"{path}: [chem] {missing[0]}: needed with {', '.join(sun)} "
            "(MCM photolysis following the sun)"
        )
    if sun and "zenith" in raw["chem"]:
        raise ValueError(f"{path}: [chem] zenith: give either zenith or lat/lon/start, not both")
    mech = Path(cfg["mechanism"])
    if mech.suffix:
        mech = mech if mech.is_absolute() else path.parent / mech
        if not mech.is_file():
            raise FileNotFoundError(2, f"{path}: [chem] mechanism: no such file {mech}", str(mech))
    else:
        try:
            mech = builtin_mechanism_path(str(mech))
        except KeyError as err:
            raise KeyError(f"{path}: [chem] mechanism: {err.args[0]}") from None
    cfg["mechanism"] = mech
    cfg["photolysis"] = _photolysis(raw["chem"])
    return cfg


def _photolysis(table: dict[str, Any]) -> Any:
    jfac = float(table.get("jfac", 1.0))
    if "zenith" in table:
        return FixedZenith(float(table["zenith"]), jfac)
    if "lat" in table:
        return SolarPhotolysis(float(table["lat"]), float(table["lon"]), table["start"], jfac)
    return None


def _mechanism(path: Path) -> Mechanism:
    if path.suffix.lower() == ".fac":
        return Mechanism.from_facsimile(path)
    return Mechanism.from_kpp(path)


def run_config(cfg: dict[str, Any]) -> Any:
    """Integrate the box of a checked ``[chem]`` table; the ``xarray.Dataset`` of
    :meth:`Mechanism.integrate`."""
    mech = _mechanism(cfg["mechanism"])
    end = cfg["duration_h"] * 3600.0
    times = np.arange(0.0, end, cfg["output_step_s"])
    times = np.append(times, end) if times[-1] < end else times
    return mech.integrate(
        dict(cfg["initial"]),
        times,
        temp=cfg["temp"],
        pressure=cfg["pressure"],
        rh=cfg["rh"],
        photolysis=cfg["photolysis"],
        units=cfg["units"],
        method=cfg["method"],
        rtol=cfg["rtol"],
        atol=cfg["atol"],
        constrained=list(cfg["constrained"]),
    )
