"""Rotational range of a source's OFP (aqm.voc.formation_displacement) against the feasible
rotations of an exact two-source case, enumerated independently of the PMF code."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from aqm.chem.voc import default_table
from aqm.pmf import PMF
from aqm.voc import ConstrainedSolution, formation_displacement, formation_potential

SPECIES = ["ethane", "propane", "toluene", "isoprene"]
F_TRUE = np.array([[1.0, 0.6, 0.3, 0.2], [0.2, 0.5, 0.8, 1.0]])


def _exact_case(seed: int = 5, n: int = 60):
    rng = np.random.default_rng(seed)
    G = 0.5 + rng.uniform(size=(n, 2))
    X = G @ F_TRUE * (1.0 + 0.01 * rng.standard_normal((n, 4)))
    return G, pd.DataFrame(X, columns=SPECIES), pd.DataFrame(0.05 * X + 0.01, columns=SPECIES)


def _feasible_ofp_range(G, F, n_grid=1501):
    """min / max of factor 1's OFP over every exact nonnegative solution G' F' = G F whose
    factor-1 contributions have mean 1 (what the pull holds).  Row k of the rotation T is
    (cos θk, sin θk) with det T > 0; G' = G T⁻¹, so factor 2's contributions depend on θ1 only
    and factor 1's on θ2 only; factor 1's profile, scaled to mean-1 contributions, is
    mean(G (t22, −t21)) (t11 f1 + t12 f2) / det T."""
    mir = default_table().coefficients(SPECIES, "mir").to_numpy()
    theta = np.linspace(-np.pi / 2, np.pi, n_grid)
    rows = np.stack([np.cos(theta), np.sin(theta)], axis=1)
    f_ok = ((rows @ F) >= -1e-12).all(axis=1)
    ok1 = f_ok & ((G @ np.stack([-rows[:, 1], rows[:, 0]])) >= 0).all(axis=0)
    ok2 = f_ok & ((G @ np.stack([rows[:, 1], -rows[:, 0]])) >= 0).all(axis=0)
    t1, t2 = rows[ok1], rows[ok2]
    det = t1[:, None, 0] * t2[None, :, 1] - t1[:, None, 1] * t2[None, :, 0]
    g1_mean = (G.mean(axis=0) @ np.stack([t2[:, 1], -t2[:, 0]]))[None, :]
    ofp = ((t1 @ F) @ mir)[:, None] * g1_mean / det
    ofp = ofp[det > 0]
    return ofp.min(), ofp.max()


@pytest.fixture(scope="module")
def exact():
    G, X, U = _exact_case()
    model = PMF(2, n_runs=3, random_state=1, robust=False, progress=False).fit(X, U)
    return G, model


def test_range_is_the_edge_of_the_feasible_rotations(exact):
    # 1 % noise against 5 % uncertainties: Q ~ 3, and a dQ of 0.01 leaves the rotations free
    # up to the edges of the noise-free case and hardly beyond (ends within 2 %)
    G, model = exact
    out = formation_displacement(model, dq_max=0.01)
    first = model.profiles_[SPECIES].apply(lambda f: np.corrcoef(f, F_TRUE[0])[0, 1], axis=1)
    order = [first.idxmax(), first.idxmin()]
    for factor, (g, f) in zip(order, ((G, F_TRUE), (G[:, ::-1], F_TRUE[::-1]))):
        lo, hi = _feasible_ofp_range(g, f)
        assert hi > 1.5 * lo  # the case has room to rotate
        row = out.loc[factor]
        assert row["lower"] <= row["estimate"] <= row["upper"]
        assert row["lower"] == pytest.approx(lo, rel=0.02)
        assert row["upper"] == pytest.approx(hi, rel=0.02)
    assert (out[["dq_lower", "dq_upper"]] <= 0.01 * 1.05).all().all()


@pytest.mark.filterwarnings("ignore::aqm.chem.voc.MissingCoefficientWarning")
def test_estimate_is_the_solution_ofp(exact):
    _, model = exact
    out = formation_displacement(model, dq_max=1e-3, names={model.factor_names_[0]: "first"})
    want = formation_potential(model.profiles_[SPECIES]).by_source["ofp"]
    assert out.index[0] == "first"
    np.testing.assert_allclose(out["estimate"].to_numpy(), want.to_numpy(), rtol=1e-12)


def test_errors_name_the_parameter(exact):
    _, model = exact
    with pytest.raises(ValueError, match="quantity"):
        formation_displacement(model, quantity="nox")
    with pytest.raises(ValueError, match="dq_max"):
        formation_displacement(model, dq_max=0.0)
    with pytest.raises(ValueError, match="dq_max"):
        formation_displacement(model, dq_max=float("nan"))
    with pytest.raises(KeyError, match="Factor 9"):
        formation_displacement(model, factors=["Factor 9"])
    with pytest.raises(ValueError, match="named alike"):
        formation_displacement(model, names={"Factor 1": "Factor 2"})
    with pytest.raises(TypeError, match="solution"):
        formation_displacement(model, "not a solution")
    with pytest.raises(AttributeError, match="not fitted"):
        formation_displacement(PMF(2))
    with pytest.raises(ValueError, match="start"):
        model.constrained_run([], [{"terms": [{"factor": 1, "species": "ethane"}]}], start=1)
    bad = ConstrainedSolution(
        model.profiles_.iloc[:, :2], pd.DataFrame(model.contributions_), applied=True
    )
    with pytest.raises(ValueError, match="shape"):
        formation_displacement(model, bad)
