"""``PMF(uncertainty="fitted")``: uncertainties from the fitted values, checked against a
known-truth synthetic case (the measured-value weights bias the fit low by about EF²·(1 + ...);
the fitted ones do not), and the errors it gives for data without an error model."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from aqm.pmf import PMF, Dataset, pmf_uncertainty
from aqm.pmf._fitted_uncertainty import fitted_uncertainties


def _noisy(seed: int, ef: float = 0.2, n: int = 400, m: int = 20, p: int = 4):
    """X = G F plus noise of the PMF 5.0 equation at the TRUE values; MDL 0.02."""
    rng = np.random.default_rng(seed)
    G = rng.lognormal(0.0, 0.7, (n, p))
    F = rng.uniform(0.0, 1.0, (p, m))
    F[F < 0.4] = 0.0
    F[np.arange(m) % p, np.arange(m)] += 1.0
    truth = G @ F
    mdl = np.full(m, 0.02)
    X = truth + pmf_uncertainty(truth, mdl[None, :], ef) * rng.standard_normal(truth.shape)
    species = [f"s{j}" for j in range(m)]
    return pd.DataFrame(X, columns=species), truth, pd.Series(mdl, index=species)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_fitted_uncertainties_remove_the_low_bias_of_measured_ones(seed):
    X, truth, mdl = _noisy(seed)
    data_bias = X.to_numpy().sum() / truth.sum() - 1.0  # the sample's own noise, ~±0.7 %
    bias = {}
    for uncertainty in ("measured", "fitted"):
        data = Dataset(X, mdl=mdl, error_fraction=0.2)
        model = PMF(4, n_runs=10, random_state=seed, progress=False, uncertainty=uncertainty)
        model.fit(data)
        fitted = model.contributions_ @ model.components_
        bias[uncertainty] = fitted.sum() / truth.sum() - 1.0
    # measured-value weights: -6.4 ... -7.5 % on these seeds; fitted: the data's own noise
    assert bias["measured"] < -0.04
    assert abs(bias["fitted"] - data_bias) < 0.005


def test_fitted_run_uses_the_refitted_uncertainties_downstream():
    X, _, mdl = _noisy(5)
    data = Dataset(X, mdl=mdl, error_fraction=0.2)
    model = PMF(4, n_runs=4, random_state=5, progress=False, uncertainty="fitted").fit(data)
    assert model.dataset_ is not data and model.dataset_.error_model is data.error_model
    U = model.dataset_.prepared().U
    Y = model.contributions_ @ model.components_
    # U is the equation at the previous round's fit, which the last round moved a little
    at_fit = pmf_uncertainty(Y, mdl.to_numpy()[None, :], 0.2)
    assert np.median(np.abs(U / at_fit - 1.0)) < 0.02
    assert np.median(np.abs(U / data.prepared().U - 1.0)) > 0.05  # not the measured ones
    q = float(np.sum(((model.dataset_.prepared().X - Y) / U) ** 2))
    assert q == pytest.approx(model.q_true_, rel=1e-6)
    assert len(model.runs_) == 4  # the base runs


def test_fitted_uncertainties_are_the_equation_at_g_f_where_the_fit_sees_the_data():
    X, _, mdl = _noisy(10, n=30, m=8, p=2)
    X.iloc[3, 2] = np.nan  # missing: stays missing
    data = Dataset(X, mdl=mdl, error_fraction=0.2, exclude_samples=["7"])
    data.set_category("s6", "bad")
    prepared = data.prepared()
    rng = np.random.default_rng(0)
    G, F = rng.uniform(0.1, 1.0, (29, 2)), rng.uniform(0.0, 1.0, (2, 7))
    U = fitted_uncertainties(data, prepared, G, F).prepared().U
    fit_cells = pmf_uncertainty(G @ F, mdl.drop("s6").to_numpy()[None, :], 0.2)
    seen = ~np.isnan(X.drop(index=7, columns="s6").to_numpy())
    np.testing.assert_allclose(U[seen], fit_cells[seen], rtol=1e-12)
    unseen = fitted_uncertainties(data, prepared, G, F)
    measured = pmf_uncertainty(X, mdl, 0.2)
    raw = pd.DataFrame(unseen._unc[0], index=measured.index, columns=measured.columns)
    np.testing.assert_allclose(raw["s6"], measured["s6"], rtol=1e-12)  # bad species
    np.testing.assert_allclose(raw.iloc[7], measured.iloc[7], rtol=1e-12)  # excluded sample
    assert np.isnan(raw.iat[3, 2])


def test_repeated_sample_labels_keep_their_own_fitted_values():
    X, _, mdl = _noisy(11, n=12, m=6, p=2)
    X.index = ["day"] * 6 + ["night"] * 6  # labels need not be unique
    data = Dataset(X, mdl=mdl, error_fraction=0.2, exclude_species=["s1"])
    prepared = data.prepared()
    G, F = np.arange(1.0, 25.0).reshape(12, 2), np.full((2, 5), 0.5)
    U = fitted_uncertainties(data, prepared, G, F).prepared().U
    expected = pmf_uncertainty(G @ F, mdl.drop("s1").to_numpy()[None, :], 0.2)
    np.testing.assert_allclose(U, expected, rtol=1e-12)


def test_fitted_results_do_not_depend_on_threads():
    X, _, mdl = _noisy(6)
    fits = [
        PMF(4, n_runs=4, random_state=6, progress=False, uncertainty="fitted", n_threads=t).fit(
            Dataset(X, mdl=mdl, error_fraction=0.2)
        )
        for t in (1, 2)
    ]
    np.testing.assert_array_equal(fits[0].components_, fits[1].components_)


def test_fitted_needs_an_error_model_and_says_so_before_fitting():
    X, truth, _ = _noisy(7)
    U = 0.2 * X.abs() + 0.01
    with pytest.raises(ValueError, match="mdl and error_fraction"):
        PMF(4, n_runs=2, progress=False, uncertainty="fitted").fit(X, U)
    with pytest.raises(ValueError, match="uncertainty must be one of"):
        PMF(4, progress=False, uncertainty="model").fit(X, U)


def test_an_error_model_giving_no_positive_uncertainty_is_named():
    X, _, _ = _noisy(8)
    data = Dataset(X, 0.2 * X.abs() + 0.01)
    data.error_model = lambda conc: conc * 0.0
    with pytest.raises(ValueError, match=r"error_model: uncertainty 0\.0 for species 's0'"):
        PMF(4, n_runs=2, progress=False, uncertainty="fitted").fit(data)
    data.error_model = lambda conc: conc.iloc[:, :3]
    with pytest.raises(ValueError, match="must return a DataFrame of shape"):
        PMF(4, n_runs=2, progress=False, uncertainty="fitted").fit(data)


def test_with_uncertainties_keeps_options_and_checks_labels():
    X, _, mdl = _noisy(9)
    data = Dataset(X, mdl=mdl, error_fraction=0.2, categories={"s3": "weak"})
    data.exclude_species.append("s5")
    copy = data.with_uncertainties(0.3 * X.abs() + 0.01)
    assert copy.summary().loc["s3", "category"] == "weak"
    assert "s5" not in copy.prepared().species and "s5" in data.species
    copy.set_category("s4", "bad")
    assert data.summary().loc["s4", "category"] == "strong"  # the original is untouched
    with pytest.raises(ValueError, match="samples and species of the concentrations"):
        data.with_uncertainties((0.3 * X.abs()).rename(columns={"s0": "other"}))
