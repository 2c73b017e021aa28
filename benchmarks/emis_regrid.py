"""Conservative lat-lon regridding: aqm.emis (C++, sparse weights built once) against a plain
numpy implementation of the same exact spherical-overlap algebra.

Case: MEIC-like 0.25 deg grid over China (320 x 200 cells, 70-150E, 10-60N) -> 0.1 deg grid
over the Yangtze River Delta (115-125E, 25-35N, 100 x 100), 133 fields (19 sectors x
7 pollutants).  Prints timings and the largest difference between the two.

Run: PYTHONPATH=python/src python benchmarks/emis_regrid.py
"""

from __future__ import annotations

import numpy as np
from _timing import best_of

from aqm import emis


def numpy_weights(src_lon, src_lat, dst_lon, dst_lat):
    """Dense 1-D overlap matrices: Wx[I, i] share of source column i in target column I,
    Wy[J, j] likewise in sin(latitude)."""

    def overlap(s, d, f):
        lo = np.maximum(d[:-1, None], s[None, :-1])
        hi = np.minimum(d[1:, None], s[None, 1:])
        ov = np.where(hi > lo, f(hi) - f(lo), 0.0)
        return ov / (f(s[1:]) - f(s[:-1]))[None, :]

    d2r = np.pi / 180
    return overlap(src_lon, dst_lon, lambda x: x), overlap(
        src_lat, dst_lat, lambda x: np.sin(x * d2r)
    )


def main() -> None:
    src = emis.LatLonGrid.regular(70.0, 10.0, 0.25, 0.25, 320, 200)
    dst = emis.LatLonGrid.regular(115.0, 25.0, 0.1, 0.1, 100, 100)
    rng = np.random.default_rng(20240601)
    fields = rng.gamma(2.0, 5.0, size=(133, src.ny, src.nx))

    t_w, r = best_of(5, lambda: emis.ConservativeRegridder(src, dst))
    t_a, (out_cpp, outside) = best_of(5, lambda: r.apply(fields.reshape(133, -1), False))
    edges = (
        np.asarray(src.lon_edges),
        np.asarray(src.lat_edges),
        np.asarray(dst.lon_edges),
        np.asarray(dst.lat_edges),
    )
    t_wn, (wx, wy) = best_of(5, lambda: numpy_weights(*edges))
    t_an, out_np = best_of(
        5, lambda: np.einsum("Jj,fji,Ii->fJI", wy, fields, wx, optimize=True).reshape(133, -1)
    )

    inside = out_np.sum()
    print(f"source cells {src.nx * src.ny}, target cells {dst.nx * dst.ny}, fields 133")
    print(f"aqm.emis  weights {1e3 * t_w:8.1f} ms   apply {1e3 * t_a:8.1f} ms")
    print(f"numpy     weights {1e3 * t_wn:8.1f} ms   apply {1e3 * t_an:8.1f} ms")
    print(
        f"max |difference| {np.abs(out_cpp - out_np).max():.3e}; "
        f"mass in {fields.sum():.6e} = out {inside:.6e} + outside {sum(outside):.6e}"
    )


if __name__ == "__main__":
    main()
