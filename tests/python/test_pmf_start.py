"""``PMF.fit(X, U, G=..., F=...)``: one run started from given contributions and profiles
(scikit-learn's NMF ``init="custom"`` with ``W``/``H``), checked against values known without
the fit: Q = 0 for the exact factors of noise-free data, the seeded base run's own Q, and the
shapes of the data the fit sees."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from aqm.pmf import PMF, Dataset, PMFWarning
from aqm.pmf import simulate as pmf_simulate


def _exact(seed: int, n: int = 60, m: int = 10, p: int = 3):
    """Noise-free X = G F with sparse non-negative profiles; U a 5 % + floor uncertainty."""
    rng = np.random.default_rng(seed)
    G = rng.lognormal(0.0, 0.6, (n, p))
    F = rng.uniform(0.0, 1.0, (p, m))
    F[F < 0.3] = 0.0
    F[np.arange(m) % p, np.arange(m)] += 1.0  # every species a marker of one source
    X = G @ F
    return X, 0.05 * X + 0.01, G, F


@pytest.mark.parametrize("seed", [3, 8, 21])
def test_the_exact_factors_of_noise_free_data_give_q_zero_in_one_sweep(seed):
    X, U, G, F = _exact(seed)
    # One sweep: from the truth Q(true) = sum((X - GF)/U)^2 is 0 up to rounding (~1e-25);
    # from a seeded start one sweep is not there yet.  Q ~ 0 never meets the relative-change
    # test, so both stop at max_iter and say so.
    with pytest.warns(PMFWarning, match="converged"):
        warm = PMF(3, max_iter=1, progress=False).fit(X, U, G=G, F=F)
    with pytest.warns(PMFWarning, match="converged"):
        cold = PMF(3, n_runs=1, max_iter=1, random_state=seed, progress=False).fit(X, U)
    assert warm.q_true_ < 1e-16
    assert cold.q_true_ > 1e-6
    np.testing.assert_allclose(warm.contributions_ @ warm.components_, X, rtol=1e-10, atol=1e-12)
    assert warm.n_iter_ == 1 and list(warm.runs_.index) == [1] and warm.best_run_ == 1
    assert not warm.refined_


@pytest.mark.parametrize("seed", [2, 9, 30])
def test_starting_from_the_best_base_run_reproduces_its_q(seed):
    data = pmf_simulate(n_samples=120, seed=seed)

    def fit(robust: bool, **start) -> PMF:
        options = {"n_runs": 4, "random_state": seed} if not start else {}
        with pytest.warns(PMFWarning):  # the simulator's species with S/N < 0.5
            return PMF(5, robust=robust, progress=False, **options).fit(
                data.conc, data.unc, **start
            )

    # Without robust mode the sweeps never raise Q(true): continuing the converged best run
    # (a relative change < 1e-5 over 5 sweeps) lowers it by less than that, at the first check.
    base = fit(False)
    again = fit(False, G=base.contributions_, F=base.components_)
    assert again.q_true_ <= base.q_true_ * (1 + 1e-12)
    assert again.q_true_ == pytest.approx(base.q_true_, rel=1e-5)
    assert again.n_iter_ <= 10 < base.runs_["iterations"].min()
    # Robust mode minimises the Huber value, of which Q(robust) is a relative (alpha|r| against
    # 2 alpha|r| - alpha^2 beyond alpha): it may move either way, by the same order.
    base = fit(True)
    again = fit(True, G=base.contributions_, F=base.components_)
    assert again.q_robust_ == pytest.approx(base.q_robust_, rel=1e-4)
    assert again.n_iter_ <= 10 < base.runs_["iterations"].min()
    assert list(again.feature_names_in_) == list(base.feature_names_in_)
    assert again.to_xarray().attrs["n_runs"] == 1


def test_fit_transform_takes_the_start_too():
    X, U, G, F = _exact(4)
    with pytest.warns(PMFWarning, match="converged"):
        out = PMF(3, max_iter=2, progress=False).fit_transform(X, U, G=G, F=F)
    np.testing.assert_allclose(out @ F, X, rtol=1e-9, atol=1e-12)


def test_the_shapes_are_those_of_the_fitted_data_without_bad_species():
    X, U, G, F = _exact(5)
    cols = [f"s{j}" for j in range(X.shape[1])]
    data = Dataset(pd.DataFrame(X, columns=cols), pd.DataFrame(U, columns=cols))
    data.set_category("s0", "bad")
    with pytest.raises(ValueError, match=r"F: shape \(3, 10\) .* \(3, 9\).*bad species"):
        PMF(3, progress=False).fit(data, G=G, F=F)
    with pytest.warns(PMFWarning, match="converged"):
        model = PMF(3, max_iter=1, progress=False).fit(data, G=G, F=F[:, 1:])
    assert list(model.feature_names_in_) == cols[1:]
    assert model.q_true_ < 1e-16


def _bad(G, F):
    out = {}
    g = G.copy()
    g[2, 1] = np.nan
    out["NaN in G"] = ({"G": g, "F": F}, r"G: 1 values are not finite")
    f = F.copy()
    f[0, 3] = np.inf
    out["inf in F"] = ({"G": G, "F": f}, r"F: 1 values are not finite")
    g = G.copy()
    g[0, 0] = g[5, 2] = -0.1
    out["negative G"] = ({"G": g, "F": F}, r"G: 2 values are negative")
    f = F.copy()
    f[1, 1] = -1e-9
    out["negative F"] = ({"G": G, "F": f}, r"F: 1 values are negative")
    out["G rows"] = ({"G": G[:-1], "F": F}, r"G: shape \(59, 3\) .* \(60, 3\)")
    out["F columns"] = ({"G": G, "F": F[:, :-1]}, r"F: shape \(3, 9\) .* \(3, 10\)")
    out["p of G"] = ({"G": G[:, :2], "F": F}, r"G: shape \(60, 2\) .* 3 factors")
    out["G 1-D"] = ({"G": G[:, 0], "F": F}, r"G: shape \(60,\)")
    out["only G"] = ({"G": G}, r"F: a start needs both G and F")
    out["only F"] = ({"F": F}, r"G: a start needs both G and F")
    out["text"] = ({"G": [["a"] * 3] * 60, "F": F}, r"G: not a numeric matrix")
    return out


@pytest.mark.parametrize("case", list(_bad(*_exact(6)[2:])))
def test_a_bad_start_is_refused_naming_the_parameter(case):
    X, U, G, F = _exact(6)
    start, message = _bad(G, F)[case]
    with pytest.raises(ValueError, match=message):
        PMF(3, progress=False).fit(X, U, **start)


def test_the_start_is_not_a_constructor_parameter():
    # sklearn: data-dependent starts go to fit (NMF's W/H); clone and get_params are unchanged.
    assert "G" not in PMF().get_params() and "init" not in PMF().get_params()
