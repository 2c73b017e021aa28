"""The bundled inventory on its 0.05 deg grid: district totals spread over each district's
cells with spatial proxies (data/emis/hangzhou_grid005.csv, see make_hangzhou_grid.py).
District totals are kept exactly (the weights of a district's cells sum to 1)."""

from __future__ import annotations

import csv

import numpy as np

from .. import _core
from ._data import data_file

_e = _core.emis

# Proxy per top-level sector or sector path: "urban", "rural" or "mixed" (half each).
SECTOR_PROXY = {
    "transport/onroad_diesel": "urban",
    "transport/onroad_gasoline": "urban",
    "residential": "urban",
    "solvent/architectural": "urban",
    "solvent/other": "urban",
    "storage": "urban",
    "dust": "urban",
    "agriculture": "rural",
    "biomass_burning": "rural",
}


def _proxy(sector: str) -> str:
    best, kind = -1, "mixed"
    for sel, k in SECTOR_PROXY.items():
        if (sector == sel or sector.startswith(sel + "/")) and len(sel) > best:
            best, kind = len(sel), k
    return kind


def read_cells(path=None):
    path = data_file("hangzhou_grid005.csv") if path is None else path
    meta, rows = {}, []
    with open(path, newline="") as f:
        lines = []
        for line in f:
            if line.startswith("# grid:"):
                meta = {k: float(v) for k, v in (t.split("=") for t in line[7:].split())}
            elif not line.startswith("#"):
                lines.append(line)
        rows = list(csv.DictReader(lines))
    nx, ny = int(meta["nx"]), int(meta["ny"])
    grid = _e.LatLonGrid.regular(meta["lon0"], meta["lat0"], meta["dlon"], meta["dlat"], nx, ny)
    district = np.empty(nx * ny, dtype=object)
    urban = np.zeros(nx * ny)
    rural = np.zeros(nx * ny)
    for r in rows:
        k = int(r["row"]) * nx + int(r["col"])
        district[k], urban[k], rural[k] = r["district"], float(r["urban"]), float(r["rural"])
    return grid, district, urban, rural


def to_grid(inv):
    """Spread a district inventory (annual) over the bundled 0.05 deg cells: the C++ inventory
    and the place index of each cell's district in ``inv`` (the caller wraps them, so this
    module needs nothing of ``inventory``)."""
    grid, district, urban, rural = read_cells()
    places = inv.places
    missing = set(places) - set(district)
    if missing:
        raise KeyError(f"{sorted(missing)[0]}: district has no cells in hangzhou_grid005.csv")
    idx = np.array([places.index(d) for d in district])
    weights = {}
    for name, proxy in (("urban", urban), ("rural", rural)):
        tot = np.bincount(idx, weights=proxy, minlength=len(places))
        weights[name] = proxy / tot[idx]
    weights["mixed"] = 0.5 * (weights["urban"] + weights["rural"])
    v = inv.values  # (S, P, R, T)
    out = np.empty((v.shape[0], v.shape[1], idx.size, v.shape[3]))
    for s, sector in enumerate(inv.sectors):
        out[s] = v[s][:, idx, :] * weights[_proxy(sector)][None, :, None]
    core = _e.Inventory.on_grid(
        inv.sectors,
        inv.pollutants,
        grid,
        inv.time,
        [inv.units[p] for p in inv.pollutants],
        inv.year,
    )
    core.values = out
    core.name = inv.name + " on 0.05 deg grid"
    core.set_history([(h["name"], h["source"], list(h["parameters"].items())) for h in inv.history])
    core.record(
        "grid_allocation",
        str(data_file("hangzhou_grid005.csv")),
        [("proxies", "urban/rural/mixed by sector")],
    )
    return core, idx
