"""DISP alone on EPA's Baltimore and Baton Rouge examples: time it and compare two builds.

Base: 20 seeded runs (seed 42, robust, every species strong, as in pmf_bsdisp.py) without the
refinement, so that builds before and after it compare (``--refined-base``: the default,
refined base run instead), then DISP at
PMF 5.0's dQmax 4/8/15/25 with 5 bisection steps.  ``--save`` stores the result of the installed
build; ``--against`` compares this build's result with a stored one: every interval end must
lie within 2 % of the stored interval's width, or 1e-3 of its value, whichever is larger.

    python benchmarks/pmf_disp_compare.py --save old.npz          # with the old build installed
    python benchmarks/pmf_disp_compare.py --against old.npz       # with the new one
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import numpy as np

from aqm import io
from aqm._data import data_path
from aqm.pmf import PMF

DATA = data_path("pmf/epa")  # EPA's example datasets, bundled
DATASETS = {
    "baltimore": ("Dataset-Baltimore_con.txt", "Dataset-Baltimore_unc.txt"),
    "batonrouge": ("Dataset-BatonRouge-con.csv", "Dataset-BatonRouge-unc.csv"),
}


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def run(name: str, threads: int, refine: bool) -> dict[str, np.ndarray]:
    conc, unc = (DATA / f for f in DATASETS[name])
    X, U = io.read_delimited(conc), io.read_delimited(unc)
    model = PMF(
        6, n_runs=20, random_state=42, n_threads=threads, progress=False, refine=refine
    ).fit(X, U)
    t0, c0 = time.perf_counter(), _cpu()
    d = model.displacement()
    wall, cpu = time.perf_counter() - t0, _cpu() - c0
    print(
        f"{name}: DISP {wall:.1f} s wall, {cpu:.1f} s CPU, {d.attrs['fits']} fits, "
        f"swaps per level {d['swaps'].sum('factor').values.tolist()}, "
        f"largest decrease {d.attrs['largest_decrease']:.3f}"
    )
    return {
        f"{name}_lower": d["lower"].values,
        f"{name}_upper": d["upper"].values,
        f"{name}_swaps": d["swaps"].values,
        f"{name}_decrease": np.array(d.attrs["largest_decrease"]),
    }


def compare(new: dict[str, np.ndarray], old: dict[str, np.ndarray], name: str) -> bool:
    lo, hi = old[f"{name}_lower"], old[f"{name}_upper"]
    allowed = np.maximum(0.02 * (hi - lo), 1e-3 * np.maximum(np.abs(lo), np.abs(hi)))
    worst = 0.0
    for end in ("lower", "upper"):
        dev = np.abs(new[f"{name}_{end}"] - old[f"{name}_{end}"])
        worst = max(worst, float(np.max(dev / np.maximum(allowed, 1e-300))))
    swaps_new = new[f"{name}_swaps"].sum(axis=1).tolist()
    swaps_old = old[f"{name}_swaps"].sum(axis=1).tolist()
    dec_new, dec_old = float(new[f"{name}_decrease"]), float(old[f"{name}_decrease"])
    print(
        f"{name}: worst interval end / tolerance {worst:.3f}; swaps {swaps_new} vs {swaps_old}; "
        f"largest decrease {dec_new:.3f} vs {dec_old:.3f}"
    )
    return worst <= 1.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--datasets", nargs="+", default=list(DATASETS), choices=list(DATASETS))
    ap.add_argument("--save", type=Path)
    ap.add_argument("--against", type=Path)
    ap.add_argument(
        "--refined-base",
        action="store_true",
        help="DISP around the refined best run (the default of PMF)",
    )
    args = ap.parse_args()
    result: dict[str, np.ndarray] = {}
    for name in args.datasets:
        result.update(run(name, args.threads, args.refined_base))
    if args.save:
        np.savez(args.save, **result)
    if args.against:
        old = dict(np.load(args.against))
        within = [compare(result, old, name) for name in args.datasets]  # reports every one
        ok = all(within)
        print("within tolerance" if ok else "OUTSIDE tolerance")
        return 0 if ok else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
