"""Runs ESAT's BatchSA on one dataset and prints JSON (wall time, best Q).  Executed with the
peers virtual environment's Python by pmf_vs_esat.py; never imported by libaqm."""

import json
import os
import sys
import time

import numpy as np
import pandas as pd


def load(path):
    sep = "\t" if path.endswith(".txt") else ","
    return pd.read_csv(path, sep=sep, index_col=0).dropna(how="all").to_numpy(dtype=float)


def main():
    conc, unc, factors, models, seed, cores = sys.argv[1:7]
    V, U = load(conc), load(unc)
    # ESAT prints progress to stdout; keep our JSON on its own line at the end.
    from esat.model.batch_sa import BatchSA

    t0 = time.perf_counter()
    batch = BatchSA(
        V=V,
        U=U,
        factors=int(factors),
        models=int(models),
        method="ls-nmf",
        seed=int(seed),
        verbose=False,
        parallel=True,
        cores=int(cores),
    )
    batch.train()
    wall = time.perf_counter() - t0
    results = [r for r in batch.results if r is not None]
    best = batch.results[batch.best_model]
    out = {
        "wall_s": wall,
        "best_q_robust": float(best.Qrobust),
        "best_q_true": float(best.Qtrue),
        "converged": int(sum(bool(r.converged) for r in results)),
        "mean_steps": float(np.mean([r.converge_steps for r in results])),
        "models": len(results),
        "H": np.asarray(best.H).tolist(),
    }
    sys.stdout.write("\nESAT_JSON " + json.dumps(out) + "\n")
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
