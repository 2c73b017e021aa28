"""Benchmark (not in CI): per-sector O3 attribution on the bundled day (issue 11 goal: < 30 s).

``data/box/hangzhou_attribution.toml`` (cb6_aqm, emission-driven Xiaoshan box, one-day runs
with up to 8 spin-up repeats): base, every sector's zero-out (VOC + NOx), its 20 % VOC cut and
its 20 % NOx cut (where it has NOx), and the all-sector versions of the three, as one C++
batch (``Attribution.run``, ``parallel_for``, GIL released); then the full case set of the
CLI.  The first set is also made one ``BoxModel.run()`` at a time from a Python loop for the
ratio (the loop's models get the same summed series, so the numbers must agree).

    OMP_NUM_THREADS=2 python benchmarks/o3_attribution.py [--threads 2] [--skip-loop]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import numpy as np

from aqm import _core
from aqm._toml import load_table
from aqm.chem.attribution_config import from_config

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "data" / "box" / "hangzhou_attribution.toml"


def loop(att, cases) -> tuple[float, list[float]]:
    """Each case as its own model built from scaled source series, run from Python."""
    t0 = time.perf_counter()
    peaks = []
    for c in cases:
        sources = []
        for i, (name, em, held) in enumerate(att._core_sources):
            f = {sp: c.nox[i] if sp in att.nox_species else c.voc[i] for sp in em}
            scaled = {sp: (t, (np.asarray(v) * f[sp]).tolist(), k) for sp, (t, v, k) in em.items()}
            sources.append((name, scaled, held))
        box = att.box.copy()
        box._m = _core.box.with_sources(att.box._m, sources, att._options())
        ds = box.run()
        peaks.append(float(ds["concentration"].sel(species="O3").max()) / att.box._ppb_ref())
    return time.perf_counter() - t0, peaks


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--skip-loop", action="store_true")
    a = p.parse_args()
    att, options = from_config(load_table(CONFIG, "box"), CONFIG.parent)
    kw = {"zero_out": True, "split": False, "rir": True, "species_rir": False}
    cases = att.cases(**kw)
    t0 = time.perf_counter()
    res = att.run(n_threads=a.threads, progress=False, **kw)
    wall = time.perf_counter() - t0
    print(
        f"{len(att.sectors)} sectors ({len(att.sources)} inventory sources), {len(cases)} runs, "
        f"{res.cases.attrs['n_failed']} failed: {wall:.2f} s wall on {a.threads} threads "
        f"(OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', '-')}, load "
        f"{os.getloadavg()[0]:.1f}); base max 8-h O3 {res.value('base', '(all)'):.2f} ppb"
    )
    t0 = time.perf_counter()
    full = att.run(n_threads=a.threads, progress=False, plan=options["plan"])
    print(
        f"the full set of `aqm box attribute` (zero-outs split by VOC/NOx, species RIR, plan): "
        f"{len(full.cases['case'])} runs, {time.perf_counter() - t0:.2f} s wall"
    )
    if a.skip_loop:
        return
    t_loop, peaks = loop(att, cases)
    same = np.allclose(peaks, res.cases["peak_o3"].values, rtol=1e-6)
    print(
        f"Python loop of BoxModel.run(): {t_loop:.2f} s wall ({t_loop / wall:.1f}x the batch); "
        f"peak O3 equal to the batch's (rtol 1e-6): {same}"
    )


if __name__ == "__main__":
    main()
