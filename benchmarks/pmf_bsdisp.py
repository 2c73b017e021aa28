"""PMF BS-DISP and DISP on EPA's Baton Rouge example (307 × 41, p = 6), PMF 5.0 defaults.

Base: 20 seeded runs (seed 42, robust, every species strong, as in pmf_vs_esat.py).  Then
BS-DISP with PMF 5.0's levels dQmax = 0.5, 1, 2, 4 over ``--n-boot`` resamples (the issue's
scenario: 20), DISP alone at 4, 8, 15, 25 and BS alone (``--n-bs``).  Printed: wall and CPU
times, the load average, fits, swaps, Q drops.

    python benchmarks/pmf_bsdisp.py [--threads 2] [--n-boot 20] [--no-disp] [--no-bsdisp]
                                    [--bisection-steps 3] [--n-bs 100]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

from aqm import io
from aqm._data import data_path
from aqm.pmf import PMF

ROOT = Path(__file__).resolve().parents[1]
DATA = data_path("pmf/epa")  # EPA's example datasets, bundled


def _cpu() -> float:
    """CPU seconds of this process (all threads): on a shared machine the wall time overstates."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--n-boot", type=int, default=20)
    ap.add_argument("--no-disp", action="store_true")
    ap.add_argument("--no-bsdisp", action="store_true")
    ap.add_argument("--n-bs", type=int, default=100, help="BS resamples timed alone (0: none)")
    ap.add_argument(
        "--bisection-steps", type=int, default=3, help="per level and direction (BS-DISP default 3)"
    )
    args = ap.parse_args()
    conc, unc = DATA / "Dataset-BatonRouge-con.csv", DATA / "Dataset-BatonRouge-unc.csv"
    X, U = io.read_delimited(conc), io.read_delimited(unc)
    t0 = time.perf_counter()
    # The base as in the recorded numbers (benchmarks/README.md): the runs, not refined.
    model = PMF(
        6, n_runs=20, random_state=42, n_threads=args.threads, progress=False, refine=False
    ).fit(X, U)
    print(
        f"base runs: {time.perf_counter() - t0:.2f} s, Q(robust) {model.q_robust_:.1f}; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    if args.n_bs:
        t0, c0 = time.perf_counter(), _cpu()
        bs = model.bootstrap(args.n_bs, random_state=7)
        wall, cpu = time.perf_counter() - t0, _cpu() - c0
        print(
            f"BS ({args.n_bs} resamples): {wall:.2f} s, block {bs.attrs['block_size']}; "
            f"CPU {cpu:.1f} s; load average {os.getloadavg()[0]:.1f}"
        )
    if not args.no_disp:
        t0, c0 = time.perf_counter(), _cpu()
        d = model.displacement()
        wall, cpu = time.perf_counter() - t0, _cpu() - c0
        print(
            f"DISP (4/8/15/25): {wall:.1f} s, {d.attrs['fits']} fits "
            f"({1e3 * wall / d.attrs['fits']:.2f} ms "
            f"per fit), swaps at dQmax 4: {int(d['swaps'].sel(dq_max=4.0).sum())}, "
            f"largest decrease {d.attrs['largest_decrease']:.2f}; CPU {cpu:.1f} s; "
            f"load average {os.getloadavg()[0]:.1f}"
        )
    if not args.no_bsdisp:
        t0, c0 = time.perf_counter(), _cpu()
        b = model.bs_disp(args.n_boot, random_state=7, bisection_steps=args.bisection_steps)
        wall, cpu = time.perf_counter() - t0, _cpu() - c0
        swaps = b["swaps"].sum("factor").values
        print(
            f"BS-DISP ({args.n_boot} resamples, 0.5/1/2/4): {wall:.1f} s, {b.attrs['fits']} fits "
            f"({1e3 * wall / b.attrs['fits']:.2f} ms per fit), block {b.attrs['block_size']}, "
            f"resamples with a swap per level {[int(v) for v in swaps]}, "
            f"with a Q drop {b.attrs['resamples_with_decrease']}; CPU {cpu:.1f} s "
            f"(on {args.threads} idle cores: {cpu / args.threads:.1f} s); "
            f"load average {os.getloadavg()[0]:.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
