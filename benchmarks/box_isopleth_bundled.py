"""Benchmark (not in CI): the issue-16 isopleth case, a 21 x 21 grid on the bundled Hangzhou
day exactly as `data/box/hangzhou_summer_day.toml` configures it (CB6, observation
constraints, FixNOx, 5-day spin-up, 10-minute output), factors as its [box.isopleth] table
but 21 x 21.  Wall and CPU time on the given threads; with --check N, N cells spread over the
grid are run again alone from a cold start (`BoxModel.run` with the cell's scaling, the
reference path) and the largest relative difference of their peak O3 is printed.

    OMP_NUM_THREADS=2 python benchmarks/box_isopleth_bundled.py [--threads 2] [--check 12]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from aqm import _core
from aqm.chem.box_config import from_config, load_config

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "data" / "box" / "hangzhou_summer_day.toml"
SCALE = 1 | 2 | 4  # initial, constraint, emission: BoxModel.isopleth's default


def cold_peak(voc: list[str], fv: float, fn: float) -> float:
    """Peak O3 (ppb) of one cell run alone from a cold start."""
    cfg, base = load_config(CONFIG)
    box = from_config(cfg, base)
    for s in voc:
        box._m.scale_species(s, fv, SCALE)
    for s in ("NO", "NO2"):
        box._m.scale_species(s, fn, SCALE)
    return float(box.run()["mixing_ratio"].sel(species="O3").max())


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--check", type=int, default=0, help="cells to compare with cold runs")
    args = p.parse_args()
    cfg, base = load_config(CONFIG)
    box = from_config(cfg, base)
    t0 = time.perf_counter()
    ds = box.run()
    one = time.perf_counter() - t0
    voc = list(dict(_core.box.default_rir_groups(box._m))["AHC"])
    fv, fn = np.linspace(0.1, 2.0, 21), np.geomspace(0.1, 3.0, 21)
    t0, c0 = time.perf_counter(), time.process_time()
    iso = box.isopleth(fv, fn, voc_species=voc, n_threads=args.threads, progress=False)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(
        f"bundled day: one run {one:.2f} s ({ds.attrs['steps']} steps, spin-up days "
        f"{ds.attrs['spin_up_days']}); 21x21 isopleth {wall:.2f} s wall, {cpu:.2f} s CPU on "
        f"{args.threads} threads, {iso.attrs['n_failed']} failed, base peak "
        f"{iso.attrs['base_peak_o3']:.2f} ppb (run(): "
        f"{float(ds['mixing_ratio'].sel(species='O3').max()):.2f})"
    )
    if args.check:
        rng = np.random.default_rng(16)
        cells = rng.choice(fv.size * fn.size, size=args.check, replace=False)
        worst = 0.0
        for c in cells:
            i, j = divmod(int(c), fn.size)
            ref = cold_peak(voc, fv[i], fn[j])
            got = float(iso["peak_o3"][i, j])
            worst = max(worst, abs(got / ref - 1))
            print(
                f"  cell ({fv[i]:.3f}, {fn[j]:.3f}): isopleth {got:.3f} ppb, cold run {ref:.3f} ppb"
            )
        print(f"largest relative difference of peak O3 over {args.check} cells: {worst:.2e}")


if __name__ == "__main__":
    main()
