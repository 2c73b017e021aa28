"""The xarray / NetCDF layout of an :class:`~aqm.emis.Inventory` (its ``from_xarray`` and
``to_xarray``): one variable per pollutant over (sector, time, place) or (sector, time, lat,
lon), the history as JSON in ``history_json``."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .. import _core
from .._cf import TIME, annotate

if TYPE_CHECKING:
    import xarray as xr

    from .inventory import Inventory

_e = _core.emis


def _var_name(pollutant: str) -> str:
    name = "".join(c if (c.isalnum() or c == "_") else "_" for c in pollutant)
    return name if name[0].isalpha() else "v_" + name


def core_from_dataset(ds: xr.Dataset) -> _core.emis.Inventory:
    """The C++ inventory of :meth:`Inventory.from_xarray`, the reverse of :func:`to_dataset`:
    one variable per pollutant over (sector, time, place) or (sector, time, lat, lon)."""
    pols = [v for v in ds.data_vars if "pollutant" in ds[v].attrs]
    if not pols:
        raise ValueError("dataset has no variables with a 'pollutant' attribute")
    sectors = [str(s) for s in ds["sector"].values]
    year = int(ds.attrs.get("year", 2020))
    time = ds.attrs.get("time_resolution", "annual")
    units = [str(ds[v].attrs.get("units", "")) for v in pols]
    names = [str(ds[v].attrs["pollutant"]) for v in pols]
    if "lat" in ds.dims and "lon" in ds.dims:
        lon_edges = np.append(ds["lon_bnds"].values[:, 0], ds["lon_bnds"].values[-1, 1])
        lat_edges = np.append(ds["lat_bnds"].values[:, 0], ds["lat_bnds"].values[-1, 1])
        grid = _e.LatLonGrid(lon_edges.tolist(), lat_edges.tolist())
        core = _e.Inventory.on_grid(sectors, names, grid, time, units, year)
        vals = np.stack(
            [
                ds[v]
                .transpose("sector", "lat", "lon", "time")
                .values.reshape(len(sectors), -1, ds.sizes["time"])
                for v in pols
            ],
            axis=1,
        )
    else:
        places = [str(p) for p in ds["place"].values]
        core = _e.Inventory(sectors, names, places, time, units, year)
        vals = np.stack([ds[v].transpose("sector", "place", "time").values for v in pols], axis=1)
    core.values = vals
    core.name = str(ds.attrs.get("title", "inventory"))
    core.set_history(_history(ds.attrs.get("history_json", "[]")))
    return core


def to_dataset(inv: Inventory) -> xr.Dataset:
    """The CF-style Dataset of :meth:`Inventory.to_xarray`: one variable per pollutant over
    (sector, time, place) or (sector, time, lat, lon); a ``sector`` dimension with an ``ids``
    attribute; the history as JSON in ``history_json``."""
    xr = _xarray()
    v = inv._c.values
    months = [pd.Timestamp(f"{inv.year}-{m:02d}-01") for m in range(1, 13)]
    times = [pd.Timestamp(f"{inv.year}-01-01")] if inv.time == "annual" else months
    coords: dict[str, Any] = {"sector": inv.sectors, "time": times}
    g = inv.grid
    if g is not None:
        lon_e, lat_e = np.asarray(g.lon_edges), np.asarray(g.lat_edges)
        coords.update(
            lon=(
                "lon",
                0.5 * (lon_e[1:] + lon_e[:-1]),
                {"units": "degrees_east", "bounds": "lon_bnds", "standard_name": "longitude"},
            ),
            lat=(
                "lat",
                0.5 * (lat_e[1:] + lat_e[:-1]),
                {"units": "degrees_north", "bounds": "lat_bnds", "standard_name": "latitude"},
            ),
        )
    else:
        coords["place"] = inv.places
    data_vars: dict[str, Any] = {}
    for p, pol in enumerate(inv.pollutants):
        arr = v[:, p]  # (S, R, T)
        attrs = {
            "units": inv._c.units[p],
            "pollutant": pol,
            "long_name": f"{pol} emissions",
            "cell_methods": "time: mean" if "/" in inv._c.units[p] else "time: sum",
        }
        if g is not None:
            arr = arr.reshape(len(inv.sectors), g.ny, g.nx, -1).transpose(0, 3, 1, 2)
            data_vars[_var_name(pol)] = (("sector", "time", "lat", "lon"), arr, attrs)
        else:
            data_vars[_var_name(pol)] = (
                ("sector", "time", "place"),
                arr.transpose(0, 2, 1),
                attrs,
            )
    if g is not None:
        data_vars["lon_bnds"] = (("lon", "nv"), np.stack([lon_e[:-1], lon_e[1:]], axis=1))
        data_vars["lat_bnds"] = (("lat", "nv"), np.stack([lat_e[:-1], lat_e[1:]], axis=1))
    ds = annotate(xr.Dataset(data_vars, coords=coords), time={**TIME, "long_name": "period start"})
    ds["sector"].attrs["ids"] = "; ".join(f"{k}: {s}" for k, s in enumerate(inv.sectors))
    ds.attrs.update(
        {
            "Conventions": "CF-1.10",
            "title": inv.name,
            "year": inv.year,
            "time_resolution": inv.time,
            "history": "\n".join(
                f"{h['name']} {h['source']} {h['parameters']}" for h in inv.history
            ),
            "history_json": json.dumps(inv.history),
            "source": "libaqm aqm.emis",
        }
    )
    return ds


def _xarray():
    import xarray as xr

    return xr


def _history(text: str) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The `history_json` attribute: a list of {"name", "source", "parameters"} objects."""
    try:
        entries = json.loads(text)
    except json.JSONDecodeError as err:
        raise ValueError(f"history_json: not JSON ({err})") from None
    if not isinstance(entries, list):
        raise ValueError("history_json: expected a list of operations")
    out = []
    for i, h in enumerate(entries, 1):
        if not (
            isinstance(h, dict)
            and {"name", "source", "parameters"} <= set(h)
            and isinstance(h["parameters"], dict)
        ):
            raise ValueError(f"history_json: operation {i} needs name, source and parameters")
        out.append(
            (
                str(h["name"]),
                str(h["source"]),
                [(str(k), str(v)) for k, v in h["parameters"].items()],
            )
        )
    return out
