"""Benchmark (not in CI): the issue-16 isopleth case, a 21 x 21 grid on the bundled Hangzhou
day exactly as `data/box/hangzhou_summer_day.toml` configures it (CB6, observation
constraints, FixNOx, 5-day spin-up, 10-minute output), factors as its [box.isopleth] table
but 21 x 21.  Wall time on the given threads.

    OMP_NUM_THREADS=2 python benchmarks/box_isopleth_bundled.py [--threads 2]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from aqm import _core
from aqm.chem.box_config import from_config, load_config

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args()
    cfg, base = load_config(ROOT / "data" / "box" / "hangzhou_summer_day.toml")
    box = from_config(cfg, base)
    t0 = time.perf_counter()
    ds = box.run()
    one = time.perf_counter() - t0
    groups = dict(_core.box.default_rir_groups(box._m))
    t0 = time.perf_counter()
    iso = box.isopleth(np.linspace(0.1, 2.0, 21), np.geomspace(0.1, 3.0, 21),
                       voc_species=groups["AHC"], n_threads=args.threads, progress=False)
    wall = time.perf_counter() - t0
    print(f"bundled day: one run {one:.2f} s ({ds.attrs['steps']} steps, spin-up days "
          f"{ds.attrs['spin_up_days']}); 21x21 isopleth {wall:.1f} s wall on {args.threads} "
          f"threads, {iso.attrs['n_failed']} failed, base peak {iso.attrs['base_peak_o3']:.2f} "
          f"ppb (run(): {float(ds['mixing_ratio'].sel(species='O3').max()):.2f})")


if __name__ == "__main__":
    main()
