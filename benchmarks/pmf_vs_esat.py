"""PMF base runs: libaqm vs EPA's ESAT (PyPI `esat`), side by side in one run.

Both fit the same files with every species strong, p = 6, 20 runs, seed 42, on the same
cores.  ESAT runs BatchSA (LS-NMF, its defaults: max_iter 20000, converge_delta 0.1,
converge_n 100) in the peers environment made by `benchmarks/setup_peers.sh`; libaqm runs in
this interpreter.  Printed: wall time, the ratio, best Q(robust) and Q(true), converged runs.

    python benchmarks/pmf_vs_esat.py [--threads 2] [--repeat 3] [--no-esat] [--no-ls-nmf]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np

from aqm import io
from aqm._data import data_path
from aqm.pmf import PMF, PMFWarning

ROOT = Path(__file__).resolve().parents[1]
DATA = data_path("pmf/epa")  # EPA's example datasets, bundled
PEERS = ROOT / "build" / "peers-venv" / "bin" / "python"
DATASETS = {
    "Baltimore 630×26": ("Dataset-Baltimore_con.txt", "Dataset-Baltimore_unc.txt"),
    "Baton Rouge 307×41": ("Dataset-BatonRouge-con.csv", "Dataset-BatonRouge-unc.csv"),
}


def run_libaqm(conc, unc, threads, repeat, **options):
    X, U = io.read_delimited(conc), io.read_delimited(unc)
    times, model = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        model = PMF(
            6, n_runs=20, random_state=42, n_threads=threads, progress=False, **options
        ).fit(X, U)
        times.append(time.perf_counter() - t0)
    return {
        "wall_s": float(np.median(times)),
        "best_q_robust": model.q_robust_,
        "best_q_true": model.q_true_,
        "converged": int(model.runs_["converged"].sum()),
        "mean_steps": float(model.runs_["iterations"].mean()),
    }


def run_esat(conc, unc, threads):
    if not PEERS.exists():
        return None
    res = subprocess.run(
        [
            str(PEERS),
            str(ROOT / "benchmarks" / "_esat_runner.py"),
            str(conc),
            str(unc),
            "6",
            "20",
            "42",
            str(threads),
        ],
        capture_output=True,
        text=True,
    )
    for line in res.stdout.splitlines():
        if line.startswith("ESAT_JSON "):
            return json.loads(line[len("ESAT_JSON ") :])
    raise RuntimeError(f"ESAT run failed:\n{res.stderr[-2000:]}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-esat", action="store_true")
    ap.add_argument("--no-ls-nmf", action="store_true", help="skip the slow reference method")
    args = ap.parse_args()
    warnings.simplefilter("ignore", PMFWarning)  # all species strong on purpose (as ESAT)
    rows = [
        "| dataset | tool | wall (s) | ESAT / tool | best Q(robust) | best Q(true) | converged "
        "| mean steps |",
        "|---|---|---|---|---|---|---|---|",
    ]
    loads = [f"load average {os.getloadavg()[0]:.1f} at the start (2 cores)"]
    for name, (c, u) in DATASETS.items():
        conc, unc = DATA / c, DATA / u
        esat = None if args.no_esat else run_esat(conc, unc, args.threads)
        tools = {
            "libaqm als robust (default, refined)": run_libaqm(
                conc, unc, args.threads, args.repeat
            ),
            "libaqm als robust, refine=False": run_libaqm(
                conc, unc, args.threads, args.repeat, refine=False
            ),
            "libaqm als non-robust, refine=False": run_libaqm(
                conc, unc, args.threads, args.repeat, robust=False, refine=False
            ),
        }
        if not args.no_ls_nmf:
            tools["libaqm ls-nmf robust (reference method)"] = run_libaqm(
                conc, unc, args.threads, 1, method="ls-nmf", max_iter=20000
            )
        if esat:
            tools["ESAT 2025 BatchSA ls-nmf"] = esat
        for tool, r in tools.items():
            ratio = f"{esat['wall_s'] / r['wall_s']:.1f}×" if esat else "–"
            rows.append(
                f"| {name} | {tool} | {r['wall_s']:.3f} | {ratio} | {r['best_q_robust']:.1f} | "
                f"{r['best_q_true']:.1f} | {r['converged']}/20 | {r['mean_steps']:.0f} |"
            )
        loads.append(f"{name}: load average {os.getloadavg()[0]:.1f} after its runs")
    print("\n".join(rows))
    print("\n".join(loads))
    return 0


if __name__ == "__main__":
    sys.exit(main())
