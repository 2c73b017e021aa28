"""aqm.pmf on degenerate data: no dead factors, no NaN, clear errors and PMFWarnings.

Every case has a known truth (G, F); the best base run must score no worse than the fit
continued from the truth (Q(robust), relative 1e-4)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from aqm import _core
from aqm.pmf import PMF, PMFWarning, simulate


def _truth(seed, n=150, m=12, p=3, scales=None):
    rng = np.random.default_rng(seed)
    F = np.full((p, m), 0.03)
    for j in range(m):
        F[j % p, j] = 1.0 + 0.1 * j
    if scales is not None:
        F = F * scales
    G = rng.lognormal(0.0, 0.6, size=(n, p))
    clean = G @ F
    U = 0.05 * clean + 0.02 * (1.0 if scales is None else scales)
    X = clean + U * rng.standard_normal(clean.shape)
    species = [f"s{j}" for j in range(m)]
    idx = pd.Index([f"d{i:03d}" for i in range(n)], name="sample")
    return pd.DataFrame(X, idx, species), pd.DataFrame(U, idx, species), G, F


def _q_from_truth(model, G, F):
    fit = _core.pmf.fit_from(model._fit.X, model._fit.U, G, F, _core.pmf.SolveOptions())
    return fit.q_robust


def _assert_alive_and_finite(model):
    assert np.isfinite(model.q_robust_)
    assert np.all(np.isfinite(model.components_)) and np.all(np.isfinite(model.contributions_))
    assert (model.components_.max(axis=1) > 0).all(), "a profile is all zero"
    assert (model.contributions_.max(axis=0) > 0).all(), "a contribution column is all zero"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_strong_species_below_detection_everywhere_is_named_and_no_factor_dies(seed):
    X, U, G, F = _truth(seed, p=4)
    mdl = 1e-7
    rng = np.random.default_rng(seed + 10)
    X["bdl"] = rng.uniform(0, mdl / 2, len(X))
    U["bdl"] = 5 / 6 * mdl
    F = np.hstack([F, np.zeros((4, 1))])
    with pytest.warns(PMFWarning, match="'bdl'.*S/N 0 < 0.5"):
        model = PMF(4, n_runs=6, random_state=seed, n_threads=1, progress=False).fit(X, U)
    _assert_alive_and_finite(model)
    assert model.q_robust_ <= _q_from_truth(model, G, F) * (1 + 1e-4)
    assert "revived" in model.runs_.columns


def test_simulated_pm25_with_a_below_detection_species():
    """The issue's case: a PM2.5 speciation year, Se below detection everywhere, kept strong."""
    sim = simulate(n_samples=365, seed=1, missing_fraction=0.0)
    conc, unc = sim.conc.copy(), sim.unc.copy()
    conc["Se"] = 1e-7 * np.random.default_rng(0).uniform(0, 1, len(conc))
    unc["Se"] = 5 / 6 * 1e-7
    cats = {"Ba": "weak"}
    with pytest.warns(PMFWarning, match="'Se'"):
        model = PMF(7, n_runs=10, random_state=3, progress=False).fit(
            conc, unc, total_variable="PM2.5", categories=cats
        )
    _assert_alive_and_finite(model)
    sources = [c for c in sim.truth_contributions.columns if c != "unexplained"]
    species = list(model.feature_names_in_)
    Ft = sim.truth_profiles.loc[sources, species].to_numpy().copy()
    Ft[:, species.index("Se")] = 0.0
    Gt = sim.truth_contributions[sources].to_numpy()
    assert model.q_robust_ <= _q_from_truth(model, Gt, Ft) * (1 + 1e-4)


def test_all_zero_species_in_robust_mode_is_finite_and_warned():
    X, U, G, F = _truth(4)
    X["zero"] = 0.0
    U["zero"] = 0.01
    F = np.hstack([F, np.zeros((3, 1))])
    with pytest.warns(PMFWarning, match="'zero'"):
        model = PMF(3, n_runs=4, random_state=1, progress=False).fit(X, U)
    _assert_alive_and_finite(model)
    assert model.runs_["converged"].all()
    assert model.q_robust_ <= _q_from_truth(model, G, F) * (1 + 1e-4)


@pytest.mark.parametrize("seed", [1, 2])
def test_species_scales_1e_minus_6_to_1e3(seed):
    scales = 10.0 ** np.arange(-6, 4)
    X, U, G, F = _truth(seed, m=10, scales=scales)
    with pytest.warns(PMFWarning, match="1000x below"):
        model = PMF(3, n_runs=4, random_state=seed, progress=False).fit(X, U)
    _assert_alive_and_finite(model)
    assert model.q_robust_ <= _q_from_truth(model, G, F) * (1 + 1e-4)


def test_ten_samples_and_p_close_to_species():
    X, U, G, F = _truth(5, n=10, m=12, p=2)
    model = PMF(2, n_runs=4, random_state=1, progress=False).fit(X, U)
    _assert_alive_and_finite(model)
    assert model.q_robust_ <= _q_from_truth(model, G, F) * (1 + 1e-4)
    X, U, G, F = _truth(6, n=200, m=8, p=6)
    model = PMF(6, n_runs=4, random_state=1, progress=False).fit(X, U)
    _assert_alive_and_finite(model)
    assert model.q_robust_ <= _q_from_truth(model, G, F) * (1 + 1e-4)


def test_duplicated_species_is_named():
    X, U, G, F = _truth(7)
    X["s2_copy"], U["s2_copy"] = X["s2"], U["s2"]
    F = np.hstack([F, F[:, [2]]])
    with pytest.warns(PMFWarning, match="identical to species s2"):
        model = PMF(3, n_runs=4, random_state=1, progress=False).fit(X, U)
    _assert_alive_and_finite(model)
    assert model.q_robust_ <= _q_from_truth(model, G, F) * (1 + 1e-4)


def test_sentinels_overflow_and_too_many_factors_are_rejected_by_name():
    X, U, _, _ = _truth(8, n=40)
    bad = X.copy()
    bad["s3"] = -999.0
    with pytest.raises(ValueError, match="s3.*-999.*missing-value code"):
        PMF(3, progress=False).fit(bad, U)
    bad = X.copy()
    bad.iloc[5, 1] = 1e308
    with pytest.raises(ValueError, match=r"s1.*\(sample d005\)"):
        PMF(3, progress=False).fit(bad, U)
    X7, U7, _, _ = _truth(9, n=7, m=25)
    with pytest.raises(ValueError, match="Q_exp = -17"):
        PMF(6, progress=False).fit(X7, U7)


def test_cli_exits_non_zero_on_a_sentinel_column(tmp_path):
    X, U, _, _ = _truth(10, n=30)
    X["s4"] = -999.0
    X.to_csv(tmp_path / "c.csv")
    U.to_csv(tmp_path / "u.csv")
    cmd = [
        sys.executable,
        "-m",
        "aqm.cli",
        "pmf",
        "run",
        "--conc",
        "c.csv",
        "--unc",
        "u.csv",
        "--factors",
        "3",
        "--runs",
        "2",
        "--no-progress",
    ]
    res = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp_path)
    assert res.returncode != 0
    assert "s4" in res.stderr and "Traceback" not in res.stderr


def test_warm_robust_refit_returns_the_base_and_disp_reference_is_its_q():
    X, U, _, _ = _truth(11, n=100, m=8, p=2)
    model = PMF(2, n_runs=3, random_state=2, tol=1e-9, progress=False).fit(X, U)
    options = _core.pmf.SolveOptions()
    options.tol = 1e-9
    refit = _core.pmf.fit_from(
        model._fit.X, model._fit.U, model.contributions_, model.components_, options
    )
    assert refit.q_robust == pytest.approx(model.q_robust_, rel=1e-6)
    disp = model.displacement(dq_max=(4.0,), bisection_steps=1)
    assert disp.attrs["q_base"] == pytest.approx(model.q_robust_, rel=1e-12)


def test_disp_below_the_base_warns_and_offers_the_lower_solution():
    X, U, _, _ = _truth(12, n=100, m=8, p=2)
    with pytest.warns(PMFWarning, match="no base run converged"):
        model = PMF(2, n_runs=1, random_state=2, max_iter=2, progress=False, refine=False).fit(X, U)
    model.max_iter = None
    with pytest.warns(PMFWarning, match="DISP found Q"):
        disp = model.displacement(dq_max=(4.0,), bisection_steps=1)
    assert disp.attrs["lower_minimum_found"] == 1
    G, F = disp["G_lowest"].to_numpy(), disp["F_lowest"].to_numpy()
    r = (model._fit.X - G @ F) / model._fit.U
    q_robust = np.minimum(r**2, 4.0 * np.abs(r)).sum()  # PMF 5.0's Q(robust), α = 4
    assert q_robust == pytest.approx(disp.attrs["q_lowest"], rel=1e-9)
    assert disp.attrs["q_lowest"] < model.q_robust_ - 1.0


def _unconverged_base(seed):
    """A base run stopped after 2 sweeps: DISP's refits from it descend below its Q."""
    X, U, _, _ = _truth(seed, n=100, m=8, p=2)
    with pytest.warns(PMFWarning, match="no base run converged"):
        model = PMF(2, n_runs=1, random_state=2, max_iter=2, progress=False, refine=False).fit(X, U)
    model.max_iter = None
    return model


def test_adopt_makes_the_lower_minimum_disp_found_the_base():
    model = _unconverged_base(12)
    q_base = model.q_robust_
    with pytest.warns(PMFWarning, match=r"PMF.adopt\(result\) makes it the base"):
        disp = model.displacement(dq_max=(4.0,), bisection_steps=1)
    assert model.adopt(disp) is model
    assert model.adopted_ == {"q_robust_before": q_base, "q_robust_after": model.q_robust_}
    # Continued from DISP's solution, never above it (the Huber fit; Q(robust) itself may
    # drift by the stop rule's tolerance).
    assert model.q_robust_ <= disp.attrs["q_lowest"] * (1 + 1e-5)
    # Everything reported describes the new base: Q(true) by hand from its G and F, the
    # diagnostics' per-species Q(true), and the dataset's attributes.
    G, F = model.contributions_, model.components_
    q_true = (((model._fit.X - G @ F) / model._fit.U) ** 2).sum()
    assert model.q_true_ == pytest.approx(q_true, rel=1e-9)
    assert np.sum(model._fit.result.diagnostics.q_true_per_species) == pytest.approx(
        q_true, rel=1e-9
    )
    ds = model.to_xarray()
    assert ds.attrs["q_robust"] == model.q_robust_ and ds.attrs["q_robust_before_adopt"] == q_base
    np.testing.assert_allclose(ds["profiles"].values * 1.0, model.profiles_.values)


def test_adopt_refuses_a_result_without_a_lower_minimum():
    X, U, _, _ = _truth(11, n=100, m=8, p=2)
    model = PMF(2, n_runs=3, random_state=2, tol=1e-9, progress=False).fit(X, U)
    disp = model.displacement(dq_max=(4.0,), bisection_steps=1)
    assert disp.attrs["lower_minimum_found"] == 0
    with pytest.raises(ValueError, match="no.*lower minimum|has none"):
        model.adopt(disp)
    assert model.adopted_ is None


def test_cli_disp_reports_a_lower_minimum_and_adopts_it(tmp_path):
    X, U, _, _ = _truth(12, n=100, m=8, p=2)
    X.to_csv(tmp_path / "c.csv")
    U.to_csv(tmp_path / "u.csv")
    (tmp_path / "c.toml").write_text(
        '[pmf]\nconc = "c.csv"\nunc = "u.csv"\nfactors = 2\n'
        "runs = 1\nseed = 2\nmax_iter = 2\nrefine = false\n"
    )
    base = [
        sys.executable,
        "-m",
        "aqm.cli",
        "pmf",
        "run",
        "--config",
        "c.toml",
        "--no-progress",
        "--disp",
    ]
    told = subprocess.run(base + ["--out", "told.nc"], capture_output=True, text=True, cwd=tmp_path)
    assert told.returncode == 0, told.stderr
    assert "DISP found a lower minimum" in told.stdout and "--adopt-lower" in told.stdout
    res = subprocess.run(
        base + ["--adopt-lower", "--out", "r.nc"], capture_output=True, text=True, cwd=tmp_path
    )
    assert res.returncode == 0, res.stderr
    assert "adopted as the base run" in res.stdout
    disp = xr.load_dataset(tmp_path / "r_disp.nc")
    result = xr.load_dataset(tmp_path / "r.nc")
    assert result.attrs["q_robust"] < disp.attrs["q_base"]
    assert result.attrs["q_robust_before_adopt"] == pytest.approx(disp.attrs["q_base"], rel=1e-12)
    told_result = xr.load_dataset(tmp_path / "told.nc")
    assert told_result.attrs["q_robust"] == pytest.approx(disp.attrs["q_base"], rel=1e-12)


def test_cli_refine_never_worsens_the_best_run(tmp_path):
    X, U, _, _ = _truth(13, n=120, m=10, p=4)
    X.to_csv(tmp_path / "c.csv")
    U.to_csv(tmp_path / "u.csv")
    cmd = [
        sys.executable,
        "-m",
        "aqm.cli",
        "pmf",
        "run",
        "--conc",
        "c.csv",
        "--unc",
        "u.csv",
        "--factors",
        "4",
        "--runs",
        "6",
        "--seed",
        "5",
        "--no-progress",
    ]
    plain = subprocess.run(
        cmd + ["--no-refine", "--out", "p.nc"], capture_output=True, text=True, cwd=tmp_path
    )
    refined = subprocess.run(
        cmd + ["--out", "r.nc"], capture_output=True, text=True, cwd=tmp_path
    )  # refines by default
    assert plain.returncode == 0 and refined.returncode == 0, plain.stderr + refined.stderr
    q_plain = xr.load_dataset(tmp_path / "p.nc").attrs["q_robust"]
    assert xr.load_dataset(tmp_path / "r.nc").attrs["q_robust"] <= q_plain


def test_refine_never_worsens_the_best_run_and_is_reported():
    X, U, _, _ = _truth(13, n=120, m=10, p=4)
    plain = PMF(4, n_runs=6, random_state=5, progress=False, refine=False).fit(X, U)
    refined = PMF(4, n_runs=6, random_state=5, progress=False).fit(X, U)  # refines by default
    assert refined.q_robust_ <= plain.q_robust_
    assert refined.runs_.equals(plain.runs_)  # the run table is the runs as found
    assert isinstance(refined.refined_, bool) and not plain.refined_


def test_suggest_categories_does_not_log_warnings_it_resolves(caplog):
    # A species below detection everywhere is 'bad' by S/N: suggest_categories makes it bad,
    # so the "strong with S/N < 0.5" warning about the data as given must not be logged.
    from aqm.pmf import Dataset

    X, U, _, _ = _truth(3, n=60, m=6, p=2)
    X["trace"], U["trace"] = 1e-4, 1.0
    data = Dataset(X, U)
    with caplog.at_level("WARNING", logger="aqm"):
        categories = data.suggest_categories()
    assert categories["trace"] == "bad"
    assert not [r for r in caplog.records if "strong with S/N" in r.getMessage()]
