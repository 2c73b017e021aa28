"""aqm.pmf rotational tools: FPEAK, constraints, BS-DISP, the factor sweep, plots and CLI."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
import xarray as xr
from conftest import ROOT

from aqm.pmf import PMF, factor_sweep
from aqm.pmf.factor_sweep import parse_factor_range, summary_table

BUNDLED = ROOT / "data" / "pmf"


def _three_sources(seed=3, n=100):
    """Three sources with marker species (0.02 background): noise drawn with the uncertainties."""
    rng = np.random.default_rng(seed)
    species = [f"s{j}" for j in range(9)]
    F = np.full((3, 9), 0.02)
    for j in range(9):
        F[j % 3, j] = 1.0 + 0.1 * j
    G = rng.lognormal(0.0, 0.6, size=(n, 3))
    truth = G @ F
    U = 0.05 * truth + 0.02
    X = truth + U * rng.standard_normal(truth.shape)
    idx = pd.Index([f"d{i:03d}" for i in range(n)], name="Date")
    return pd.DataFrame(X, index=idx, columns=species), pd.DataFrame(U, index=idx, columns=species)


@pytest.fixture(scope="module")
def model():
    X, U = _three_sources()
    return PMF(3, n_runs=3, random_state=2, progress=False).fit(X, U)


def test_fpeak_zero_is_the_base_and_dq_grows_with_strength(model):
    fp = model.fpeak([0.0, 0.5, 1.5, -0.5, -1.5])
    np.testing.assert_allclose(
        fp["profiles"].sel(strength=0.0), model.profiles_.to_numpy(), rtol=1e-12
    )
    assert fp["dq"].sel(strength=0.0) == 0.0
    dq = fp["dq"].values
    assert (dq >= -1e-6 * fp.attrs["q_robust_base"]).all()
    assert dq[2] > dq[1] and dq[4] > dq[3]
    np.testing.assert_allclose(fp["percent_dq"], 100 * dq / fp.attrs["q_robust_base"])
    with pytest.raises(ValueError, match="strengths"):
        model.fpeak([])


def test_constraints_set_to_zero_and_pull_up_within_budget(model):
    zero = model.constrained_run([{"type": "set to zero", "factor": 1, "species": "s1"}])
    assert zero["profiles"].sel(factor="Factor 1", species="s1") == 0.0
    assert zero.attrs["dq"] > 0
    j = int(np.argmin(model.profiles_.loc["Factor 2"].to_numpy()))
    sp = model.profiles_.columns[j]
    up = model.constrained_run(
        [{"type": "Pull Up Maximally", "factor": "Factor 2", "species": sp, "dq": 1.0}]
    )
    assert up["profiles"].sel(factor="Factor 2", species=sp) > model.profiles_.loc["Factor 2", sp]
    assert up.attrs["budget_reached"] == 1
    assert 0.97 * up.attrs["dq_budget"] <= up.attrs["dq"] <= up.attrs["dq_budget"] * (1 + 1e-9)
    assert up.attrs["dq_budget"] == pytest.approx(0.01 * up.attrs["q_robust_base"])


def test_a_run_from_a_constrained_run_measures_dq_from_it(model):
    zero = [{"type": "set to zero", "factor": 1, "species": "s1"}]
    first = model.constrained_run(zero)
    again = model.constrained_run(zero, start=first)
    assert again.attrs["q_robust_base"] == pytest.approx(first.attrs["q_robust"], rel=1e-9)
    assert abs(again.attrs["dq"]) < 1e-3 * first.attrs["dq"]  # it starts at its own minimum
    j = int(np.argmin(model.profiles_.loc["Factor 2"].to_numpy()))
    pull = {"type": "pull up maximally", "factor": 2, "species": model.profiles_.columns[j]}
    loose = model.constrained_run([*zero, {**pull, "dq": 1.0}], start=first, dq_tolerance=0.3)
    assert loose["profiles"].sel(factor="Factor 1", species="s1") == 0.0  # still held
    assert 0.7 * loose.attrs["dq_budget"] <= loose.attrs["dq"] <= loose.attrs["dq_budget"] * 1.001
    assert loose.attrs["dq_budget"] == pytest.approx(0.01 * first.attrs["q_robust"])
    for bad in (1.5, float("nan"), "0.1"):
        with pytest.raises(ValueError, match="dq_tolerance"):
            model.constrained_run(zero, dq_tolerance=bad)
    with pytest.raises(ValueError, match="start"):
        model.constrained_run(zero, start=first.drop_vars("contributions"))


def test_ratio_expression_holds(model):
    prof = model.profiles_
    # the two largest species of Factor 1, held at 1.1 × their base ratio
    a, b = prof.loc["Factor 1"].sort_values(ascending=False).index[:2]
    wanted = 1.1 * prof.loc["Factor 1", a] / prof.loc["Factor 1", b]
    r = model.constrained_run(
        expressions=[
            {
                "ratio": wanted,
                "numerator": {"factor": 1, "species": a},
                "denominator": {"factor": 1, "species": b},
                "dq": 20,
            }
        ]
    )
    got = float(
        r["profiles"].sel(factor="Factor 1", species=a)
        / r["profiles"].sel(factor="Factor 1", species=b)
    )
    assert got == pytest.approx(wanted, rel=2e-3)


def test_constraint_errors_name_the_problem(model):
    with pytest.raises(ValueError, match="constraint 1: species 'Pb'"):
        model.constrained_run([{"type": "set to zero", "factor": 1, "species": "Pb"}])
    with pytest.raises(ValueError, match="constraint 1: type 'pull sideways'"):
        model.constrained_run([{"type": "pull sideways", "factor": 1, "species": "s0"}])
    with pytest.raises(ValueError, match="factor must be 1..3"):
        model.constrained_run([{"type": "set to zero", "factor": 4, "species": "s0"}])
    with pytest.raises(ValueError, match="unknown key 'dQ'"):
        model.constrained_run(
            [{"type": "pull up maximally", "factor": 1, "species": "s0", "dQ": 1}]
        )
    with pytest.raises(ValueError, match="needs a 'value'"):
        model.constrained_run([{"type": "set to value", "factor": 1, "species": "s0"}])
    with pytest.raises(ValueError, match="at least one"):
        model.constrained_run()


def test_bs_disp_same_at_one_and_two_threads(model):
    one = model.set_params(n_threads=1).bs_disp(3, random_state=4, bisection_steps=2)
    two = model.set_params(n_threads=2).bs_disp(3, random_state=4, bisection_steps=2)
    model.set_params(n_threads=None)
    xr.testing.assert_identical(one, two)
    assert list(one["dq_max"].values) == [0.5, 1.0, 2.0, 4.0]
    lo, hi = one["lower"].values, one["upper"].values
    assert (lo[-1] <= lo[0] + 1e-12).all() and (hi[-1] >= hi[0] - 1e-12).all()
    with pytest.raises(ValueError, match="dq_max"):
        model.bs_disp(2, dq_max=(4.0, 1.0))


def test_factor_sweep_finds_the_knee_at_three():
    X, U = _three_sources(n=80)
    sweep = factor_sweep(X, U, n_components="2-4", n_runs=3, random_state=1, n_boot=4)
    table = summary_table(sweep)
    assert list(table.index) == [2, 3, 4]
    assert table.loc[3, "q_exp"] == 80 * 9 - 3 * (80 + 9)
    assert table.loc[3, "q_robust_drop"] > 10 * table.loc[4, "q_robust_drop"]
    assert 0.6 < table.loc[3, "q_robust_over_q_exp"] < 1.4
    assert table.loc[3, "bs_mapping_rate"] == 1.0
    assert sweep["q_over_q_exp_species"].shape == (3, 9)
    assert parse_factor_range("3,5-6") == [3, 5, 6]
    with pytest.raises(ValueError, match="factors"):
        parse_factor_range("6-3")
    with pytest.raises(ValueError, match="n_components: 9"):
        factor_sweep(X, U, n_components=[9])


def test_pmf_plots_draw(model, tmp_path):
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    from aqm.pmf import plots

    ds = model.to_xarray()
    bs = model.bootstrap(4, random_state=1)
    disp = model.displacement((4.0,), bisection_steps=2)
    bd = model.bs_disp(2, random_state=1, bisection_steps=2)
    ax = plots.plot_error_intervals(ds, "Factor 1", bs=bs, disp=disp, bs_disp=bd)
    ax.figure.savefig(tmp_path / "intervals.png")
    plots.plot_g_space(ds, "Factor 1", "Factor 2")
    plots.plot_q_over_q_exp(ds)
    X, U = _three_sources(n=60)
    plots.plot_factor_sweep(factor_sweep(X, U, n_components=[2, 3], n_runs=2, n_boot=2))
    assert (tmp_path / "intervals.png").stat().st_size > 0


def test_cli_sweep_and_run_with_rotational_tools(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text(
        f'[pmf]\nconc = "{BUNDLED / "hangzhou_like_2021_con.csv"}"\n'
        f'unc = "{BUNDLED / "hangzhou_like_2021_unc.csv"}"\n'
        'factors = 7\nseed = 42\ntotal_variable = "PM2.5"\nsuggest_categories = true\n'
        "fpeak = [0.5, -0.5]\n"
        '[[pmf.constraints]]\ntype = "set to zero"\nfactor = 1\nspecies = "Ca"\n'
    )
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "aqm.cli",
            "pmf",
            "run",
            "--config",
            str(cfg),
            "--runs",
            "2",
            "--out",
            str(tmp_path / "r.nc"),
            "--no-progress",
        ],
        capture_output=True,
        text=True,
    )
    assert res.returncode == 0, res.stderr
    assert "FPEAK" in res.stdout and "constrained run" in res.stdout
    fp = xr.load_dataset(tmp_path / "r_fpeak.nc")
    assert list(fp["strength"].values) == [0.5, -0.5]
    cr = xr.load_dataset(tmp_path / "r_constrained.nc")
    assert float(cr["profiles"].sel(factor="Factor 1", species="Ca")) == 0.0
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "aqm.cli",
            "pmf",
            "sweep",
            "--config",
            str(cfg),
            "--factors",
            "5-6",
            "--runs",
            "2",
            "--boot",
            "2",
            "--out",
            str(tmp_path / "s.nc"),
        ],
        capture_output=True,
        text=True,
    )
    assert res.returncode == 0, res.stderr
    table = pd.read_csv(tmp_path / "s.csv", index_col=0)
    assert list(table.index) == [5, 6] and "q_robust_over_q_exp" in table
    bad = subprocess.run(
        [sys.executable, "-m", "aqm.cli", "pmf", "sweep", "--config", str(cfg), "--factors", "x"],
        capture_output=True,
        text=True,
    )
    assert bad.returncode != 0 and "factors" in bad.stderr and "Traceback" not in bad.stderr
