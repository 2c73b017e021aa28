"""PMF validation against outside references; writes validation/pmf_validation_report.md.

1. Known truth: the bundled simulated year (data/pmf) was made from seven literature-based
   source profiles; PMF must recover them and their daily contributions.
2. Peer: on EPA's Baltimore and Baton Rouge example data (data/pmf/epa), libaqm's best
   Q(robust) over 20 runs must be at or below ESAT's best (ESAT run live in the peers venv when
   present and --no-esat is not given, else its values recorded in benchmarks/README.md).
3. Published values: S/N of Baltimore species (reference/pmf.md §1.2) and Q_exp.
4. Reproducibility: identical results at 1 and 2 threads.
5. The lowest minimum: over seeded batches of 20 runs per EPA example dataset (seeds used while
   developing and 32 fresh ones), how often the best (default, refined; and refine=False) lands
   within 0.05 % of the best known Q(robust).
6. Degeneracy bench: data that break naive solvers (a strong species below detection
   everywhere, constant and all-zero columns, species scales 1e-6..1e3, p close to the number
   of species, 10 samples, a duplicated species), each with a known truth and several seeds:
   no dead factor, nothing NaN, best Q(robust) no worse than the fit continued from the truth,
   and the PMFWarning a PMF 5.0 user would expect; bad input rejected by name.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import ROOT, Report

from aqm import io
from aqm._data import data_path
from aqm.pmf import PMF, Dataset, PMFWarning

# ESAT 2025.0.1, BatchSA ls-nmf, 20 models, p = 6, seed 42 (benchmarks/README.md).
ESAT_RECORDED = {"Baltimore": 16122.4, "BatonRouge": 54898.1}
PEERS = ROOT / "build" / "peers-venv" / "bin" / "python"


def _match(truth: np.ndarray, fitted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pearson r of every truth row with every fitted row, and the one-to-one assignment."""
    from scipy.optimize import linear_sum_assignment

    r = np.array([[np.corrcoef(t, f)[0, 1] for f in fitted] for t in truth])
    rows, cols = linear_sum_assignment(-r)
    return r, cols


def _truth_check(rep: Report, label: str, sim, p: int, strict: bool) -> None:
    """Fit at the true p; compare with the truth; and finish a fit started from the truth to
    see whether random starts reached the same Q (then any difference is rotational)."""
    from aqm import _core

    data = Dataset(sim.conc, sim.unc, total_variable="PM2.5")
    prep = data.prepared()
    model = PMF(p, n_runs=20, random_state=42, progress=False, tol=1e-9).fit(data)
    species = list(model.feature_names_in_)
    sources = [c for c in sim.truth_contributions.columns if c != "unexplained"]
    Ft = sim.truth_profiles.loc[sources, species].to_numpy()
    Gt = sim.truth_contributions[sources].to_numpy()
    r_prof, match = _match(Ft, model.components_)
    G = model.contributions_
    r_contrib = [np.corrcoef(Gt[:, k], G[:, match[k]])[0, 1] for k in range(len(sources))]
    for k, src in enumerate(sources):
        ok_p, ok_g = r_prof[k, match[k]] >= 0.99, r_contrib[k] >= 0.98
        record = rep.check if strict else rep.info
        record(
            f"{label}: {src} profile r / contribution r",
            f"{r_prof[k, match[k]]:.4f} / {r_contrib[k]:.4f}",
            "≥ 0.99 / ≥ 0.98 (issue 3 target)",
            ok_p and ok_g,
        )
    G0 = sim.truth_contributions.to_numpy() if "unexplained" not in sim.truth_contributions else Gt
    F0 = sim.truth_profiles.loc[list(sim.truth_contributions.columns), species].to_numpy()
    if F0.shape[0] == p:
        options = _core.pmf.SolveOptions()
        options.max_iter, options.tol = 5000, 1e-9
        finished = _core.pmf.fit_from(prep.X, prep.U, G0, F0, options)
        ratio = model.q_robust_ / finished.q_robust
        rep.check(
            f"{label}: best Q(robust) of 20 random starts / Q(robust) finished from the truth",
            f"{ratio:.7f}",
            "≤ 1 + 1e-5 (the solver finds the global minimum)",
            ratio <= 1 + 1e-5,
        )


def known_truth(rep: Report) -> None:
    from aqm.pmf import HANGZHOU_LIKE_SOURCES, load_source_profiles, simulate
    from aqm.pmf._simulate import DEFAULT_MDL

    # Identifiable case: the bundled seven profiles with each species kept only in its two
    # largest sources, and each source absent on 5 % of days — zeros in F and in G ("edges"),
    # without which rotated solutions of equal Q exist (Paatero et al. 2002, Chemom. Intell.
    # Lab. Syst. 60:253); EF 5 %, MDL / 5.  Without the absent days the random-start fits reach
    # the Q of a fit finished from the truth (ratio 0.9999992-1.0000010) at contribution r down
    # to 0.954: rotation, not the solver.
    profiles = load_source_profiles()
    for sp in profiles.index:
        if sp != "PM2.5":
            row = profiles.loc[sp]
            profiles.loc[sp] = row.where(row >= row.sort_values(ascending=False).iloc[1], 0.0)
    mdl = {k: v / 5 for k, v in DEFAULT_MDL.items()}
    episodic = {
        k: dataclasses.replace(v, off_fraction=0.05) for k, v in HANGZHOU_LIKE_SOURCES.items()
    }
    for seed in (11, 12, 13):
        sim = simulate(
            profiles,
            365,
            seed=seed,
            sources=episodic,
            unexplained=None,
            error_fraction=0.05,
            mdl=mdl,
        )
        _truth_check(rep, f"identifiable, seed {seed}", sim, 7, strict=True)
    # The bundled realistic year (overlapping profiles, unexplained mass): informational.
    d = ROOT / "data" / "pmf"
    from aqm.pmf import SimulatedDataset

    sim = SimulatedDataset.read_csv(d / "hangzhou_like_2021")
    _truth_check(rep, "bundled year", sim, 7, strict=False)
    rep.note(
        "Known truth: the identifiable cases (zeros in F and G) are gated by issue 3's target; the "
        "bundled realistic year (overlapping profiles, lognormal contributions never zero, "
        "unexplained mass) is informational: where its r falls short while the random-start Q "
        "equals the Q reached from the truth, the data admit rotated solutions of equal Q, "
        "which PMF 5.0 explores with FPEAK and constraints, not with the base run."
    )


def esat_best(conc: Path, unc: Path, key: str) -> tuple[float, str]:
    if PEERS.exists() and "--no-esat" not in sys.argv:
        res = subprocess.run(
            [
                str(PEERS),
                str(ROOT / "benchmarks" / "_esat_runner.py"),
                str(conc),
                str(unc),
                "6",
                "20",
                "42",
                "2",
            ],
            capture_output=True,
            text=True,
        )
        for line in res.stdout.splitlines():
            if line.startswith("ESAT_JSON "):
                out = json.loads(line[10:])
                return out["best_q_robust"], "ESAT run now", np.asarray(out["H"])
    return ESAT_RECORDED[key], "ESAT recorded", None


def peers(rep: Report) -> None:
    d = data_path("pmf/epa")
    for key, (c, u, q_exp) in {
        "Baltimore": ("Dataset-Baltimore_con.txt", "Dataset-Baltimore_unc.txt", 12444),
        "BatonRouge": ("Dataset-BatonRouge-con.csv", "Dataset-BatonRouge-unc.csv", 10499),
    }.items():
        X, U = io.read_delimited(d / c), io.read_delimited(d / u)
        m1 = PMF(6, n_runs=20, random_state=42, n_threads=1, progress=False).fit(X, U)
        m2 = PMF(6, n_runs=20, random_state=42, n_threads=2, progress=False).fit(X, U)
        ref, how, H = esat_best(d / c, d / u, key)
        rep.check(
            f"{key}: best Q(robust), 20 runs, p = 6",
            f"{m1.q_robust_:.1f}",
            f"≤ {ref:.1f} ({how})",
            m1.q_robust_ <= ref,
        )
        if H is not None:
            r, match = _match(H, m1.components_)
            rs = ", ".join(f"{r[k, match[k]]:.3f}" for k in range(len(H)))
            rep.note(f"{key}: profile r of ESAT's best factors vs libaqm's matched factors: {rs}")
        rep.check(
            f"{key}: Q_exp", m1.q_exp_, f"{q_exp} (n·m − p(n+m), pmf.md §0)", m1.q_exp_ == q_exp
        )
        rep.check(
            f"{key}: 1 vs 2 threads",
            "identical" if np.array_equal(m1.contributions_, m2.contributions_) else "differ",
            "bit-identical",
            np.array_equal(m1.contributions_, m2.contributions_),
        )
    sn = Dataset.from_files(
        d / "Dataset-Baltimore_con.txt", d / "Dataset-Baltimore_unc.txt"
    ).summary()["S/N"]
    for name, ref in {
        "Sulfate": 17.1,
        "Ammonium Ion": 13.7,
        "Total Nitrate": 14.2,
        "PM2.5": 9.0,
        "Barium": 0.02,
    }.items():
        rep.check(
            f"Baltimore S/N {name}",
            f"{sn[name]:.2f}",
            f"{ref} (pmf.md §1.2)",
            abs(sn[name] - ref) <= 0.05,
        )


# Lowest Q(robust) known (p = 6, every species strong, robust α = 4, default tolerance), from
# 900 (Baton Rouge) and 500 (Baltimore) seeded runs and refined batches (benchmarks/README.md).
BEST_KNOWN = {"BatonRouge": 52619.0, "Baltimore": 15793.4}
EPA_FILES = {
    "Baltimore": ("Dataset-Baltimore_con.txt", "Dataset-Baltimore_unc.txt"),
    "BatonRouge": ("Dataset-BatonRouge-con.csv", "Dataset-BatonRouge-unc.csv"),
}


# Batch seeds 1-16 were used while developing the refinement; 101-132 were not.
TUNED_SEEDS, FRESH_SEEDS = range(1, 17), range(101, 133)


def lowest_minimum(rep: Report) -> None:
    """Issue 12: 20 seeded runs must land within 0.05 % of the best known minimum every time."""
    import time

    d = data_path("pmf/epa")
    for key, (c, u) in EPA_FILES.items():
        X, U = io.read_delimited(d / c), io.read_delimited(d / u)
        for refine, seeds in ((True, TUNED_SEEDS), (True, FRESH_SEEDS), (False, TUNED_SEEDS)):
            qs, t0 = [], time.perf_counter()
            for seed in seeds:
                m = PMF(6, n_runs=20, random_state=seed, n_threads=2, progress=False, refine=refine)
                qs.append(m.fit(X, U).q_robust_)
            wall = time.perf_counter() - t0
            limit = BEST_KNOWN[key] * 1.0005
            hits = sum(q <= limit for q in qs)
            misses = ", ".join(f"seed {s}: {q:.1f}" for s, q in zip(seeds, qs) if q > limit)
            label = "default (refined)" if refine else "refine=False"
            value = (
                f"{hits}/{len(qs)} (lowest {min(qs):.1f}; {wall / len(qs):.2f} s per batch "
                f"on 2 threads, load {os.getloadavg()[0]:.1f})"
                + (f"; misses {misses}" if misses else "")
            )
            rep.info(
                f"{key}: 20 runs within 0.05 % of {BEST_KNOWN[key]:,.1f}, {label}, seeds "
                f"{seeds[0]}-{seeds[-1]}",
                value,
                f"{len(qs)}/{len(qs)} (issue 12)",
                hits == len(qs),
            )


def _bench_truth(seed: int, n: int, m: int, p: int, scales=None):
    """p sources with a marker species each, log-normal activity, 5 % + floor uncertainty."""
    rng = np.random.default_rng(seed)
    F = np.full((p, m), 0.03)
    for j in range(m):
        F[j % p, j] = 1.0 + 0.1 * j
    scales = np.ones(m) if scales is None else np.asarray(scales, dtype=float)
    F = F * scales
    G = rng.lognormal(0.0, 0.6, size=(n, p))
    clean = G @ F
    U = 0.05 * clean + 0.02 * scales
    X = clean + U * rng.standard_normal(clean.shape)
    return X, U, G, F


def _bench_case(name: str, seed: int):
    """(X, U, G, F, p, expected warning text or None) of one bench case."""
    if name == "strong species below detection everywhere (MDL 1e-7)":
        X, U, G, F = _bench_truth(seed, 150, 12, 4)
        rng = np.random.default_rng(seed + 10)
        X = np.column_stack([X, rng.uniform(0, 0.5e-7, len(X))])
        U = np.column_stack([U, np.full(len(X), 5 / 6 * 1e-7)])
        return X, U, G, np.column_stack([F, np.zeros(4)]), 4, "S/N 0 < 0.5"
    if name == "constant column":
        X, U, G, F = _bench_truth(seed, 120, 10, 3)
        X[:, 4], U[:, 4], F[:, 4] = 0.5, 0.05, 0.0
        return X, U, G, F, 3, "the same value in every sample"
    if name == "column of zeros":
        X, U, G, F = _bench_truth(seed, 120, 10, 3)
        X[:, 4], U[:, 4], F[:, 4] = 0.0, 0.01, 0.0
        return X, U, G, F, 3, "S/N 0 < 0.5"
    if name == "species scales 1e-6 to 1e3":
        X, U, G, F = _bench_truth(seed, 150, 10, 3, 10.0 ** np.arange(-6, 4))
        return X, U, G, F, 3, "1000x below"
    if name == "p = 6 on 8 species":
        return (*_bench_truth(seed, 200, 8, 6), 6, None)
    if name == "10 samples":
        return (*_bench_truth(seed, 10, 12, 2), 2, None)
    X, U, G, F = _bench_truth(seed, 120, 10, 3)  # duplicated species
    return (
        np.column_stack([X, X[:, 2]]),
        np.column_stack([U, U[:, 2]]),
        G,
        np.column_stack([F, F[:, 2]]),
        3,
        "identical to species s2",
    )


def degeneracy_bench(rep: Report) -> None:
    from aqm import _core

    cases = [
        "strong species below detection everywhere (MDL 1e-7)",
        "constant column",
        "column of zeros",
        "species scales 1e-6 to 1e3",
        "p = 6 on 8 species",
        "10 samples",
        "duplicated species",
    ]
    for name in cases:
        for seed in (1, 2, 3):
            X, U, G, F, p, expected = _bench_case(name, seed)
            cols = [f"s{j}" for j in range(X.shape[1])]
            Xd, Ud = pd.DataFrame(X, columns=cols), pd.DataFrame(U, columns=cols)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", PMFWarning)
                model = PMF(p, n_runs=20, random_state=seed, n_threads=2, progress=False)
                model.fit(Xd, Ud)
            said = [str(w.message) for w in caught if issubclass(w.category, PMFWarning)]
            truth = _core.pmf.fit_from(model._fit.X, model._fit.U, G, F, _core.pmf.SolveOptions())
            dead = int(
                (model.components_.max(axis=1) <= 0).sum()
                + (model.contributions_.max(axis=0) <= 0).sum()
            )
            finite = bool(np.isfinite(model.q_robust_) and np.isfinite(model.components_).all())
            ratio = model.q_robust_ / truth.q_robust
            warned = expected is None or any(expected in w for w in said)
            revived = int(model.runs_["revived"].astype(bool).sum())
            said_it = "none" if expected is None else "yes" if warned else "MISSING"
            rep.check(
                f"bench: {name}, seed {seed}",
                f"dead {dead}, finite {finite}, Q/Q(from truth) {ratio:.6f}, "
                f"runs revived {revived}/20, warning {said_it}",
                "dead 0, finite, ratio ≤ 1 + 1e-4" + (f", warns '{expected}'" if expected else ""),
                dead == 0 and finite and ratio <= 1 + 1e-4 and warned,
            )
    X, U, _, _ = _bench_truth(9, 7, 25, 3)
    rejections = {"7 samples × 25 species at p = 6": (X, U, 6, "Q_exp = -17")}
    X, U, _, _ = _bench_truth(9, 40, 12, 3)
    Xs = X.copy()
    Xs[:, 3] = -999.0
    rejections["a column of -999 sentinels"] = (Xs, U, 3, "s3: concentration -999")
    Xo = X.copy()
    Xo[5, 1] = 1e308
    rejections["a single 1e308"] = (Xo, U, 3, "s1: concentration 1e+308")
    for name, (Xr, Ur, p, expected) in rejections.items():
        cols = [f"s{j}" for j in range(Xr.shape[1])]
        try:
            PMF(p, n_runs=2, random_state=1, progress=False).fit(
                pd.DataFrame(Xr, columns=cols), pd.DataFrame(Ur, columns=cols)
            )
            message = "fitted silently"
        except ValueError as err:
            message = str(err)
        rep.check(
            f"bench: {name}", message[:110], f"ValueError naming '{expected}'", expected in message
        )
    rep.note(
        "Degeneracy bench: each case's truth (G, F) is known; 'Q/Q(from truth)' divides the "
        "best of 20 base runs by the Q(robust) of the fit continued from the truth.  'runs "
        "revived' counts runs in which a factor died and was re-seeded (the scale-aware start "
        "makes this rare)."
    )


def main() -> int:
    rep = Report("PMF validation")
    warnings.simplefilter("ignore", PMFWarning)  # the example data's weak species are kept strong
    known_truth(rep)
    peers(rep)
    lowest_minimum(rep)
    degeneracy_bench(rep)
    return rep.finish(Path(__file__).with_name("pmf_validation_report.md"))


if __name__ == "__main__":
    sys.exit(main())
