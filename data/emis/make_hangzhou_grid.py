"""Write hangzhou_grid005.csv: the 0.05 deg grid of the synthetic Hangzhou-like inventory.

SYNTHETIC.  Each cell of a 0.05 deg grid over 118.35-120.75 E, 29.20-30.60 N (48 x 28 cells)
is given to one district by a size-weighted nearest-centre rule (distance divided by the
square root of the district's area), with each district's own centre cell forced to it, and
carries two spatial proxies:

- ``urban``: exp(-(d / r)^2) around the district centre, r = half the district's equivalent
  radius (cities, roads, homes);
- ``rural``: 1 (uniform over the district: farms, burning, quarries).

Centres and areas are rounded public-gazetteer values (Hangzhou's 13 districts/counties,
areas in km2 after the 2021 redistricting); they only shape a synthetic field.
``aqm.emis.Inventory.bundled("hangzhou_2020_grid")`` spreads each district's emissions over its
cells with these proxies (sector classes in aqm/emis/_grid.py), so district totals are kept
exactly.

Run: python data/emis/make_hangzhou_grid.py
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

HERE = Path(__file__).resolve().parent
LON0, LAT0, D, NX, NY = 118.35, 29.20, 0.05, 48, 28

# district: (lon, lat, area km2)
DISTRICTS = {
    "shangcheng": (120.17, 30.25, 122),
    "gongshu": (120.14, 30.32, 98),
    "xihu": (120.08, 30.22, 312),
    "binjiang": (120.20, 30.19, 72),
    "xiaoshan": (120.27, 30.13, 1163),
    "yuhang": (119.98, 30.38, 942),
    "linping": (120.30, 30.42, 286),
    "qiantang": (120.50, 30.30, 531),
    "fuyang": (119.95, 30.05, 1831),
    "linan": (119.45, 30.25, 3119),
    "tonglu": (119.62, 29.80, 1825),
    "chunan": (118.90, 29.60, 4427),
    "jiande": (119.30, 29.48, 2321),
}


def main() -> None:
    rows = []
    forced = {}
    for name, (lon, lat, _) in DISTRICTS.items():
        forced[(int((lat - LAT0) / D), int((lon - LON0) / D))] = name
    for j in range(NY):
        lat = LAT0 + (j + 0.5) * D
        for i in range(NX):
            lon = LON0 + (i + 0.5) * D
            best, pick = math.inf, ""
            for name, (clon, clat, area) in DISTRICTS.items():
                dx = (lon - clon) * 111.32 * math.cos(math.radians(lat))
                dy = (lat - clat) * 110.57
                score = math.hypot(dx, dy) / math.sqrt(area)
                if score < best:
                    best, pick = score, name
            pick = forced.get((j, i), pick)
            clon, clat, area = DISTRICTS[pick]
            dx = (lon - clon) * 111.32 * math.cos(math.radians(lat))
            dy = (lat - clat) * 110.57
            r = 0.5 * math.sqrt(area / math.pi)
            rows.append((j, i, pick, f"{math.exp(-((math.hypot(dx, dy) / r) ** 2)):.6g}", "1"))
    missing = set(DISTRICTS) - {r[2] for r in rows}
    assert not missing, missing
    with open(HERE / "hangzhou_grid005.csv", "w", newline="") as f:
        f.write(
            "# SYNTHETIC 0.05 deg cells of the Hangzhou-like inventory; see make_hangzhou_grid.py\n"
        )
        f.write(f"# grid: lon0={LON0} lat0={LAT0} dlon={D} dlat={D} nx={NX} ny={NY}\n")
        w = csv.writer(f)
        w.writerow(["row", "col", "district", "urban", "rural"])
        w.writerows(rows)


if __name__ == "__main__":
    main()
