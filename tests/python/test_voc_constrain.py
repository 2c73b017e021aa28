"""Reference-guided "set to zero" constraints (aqm.voc.constrain) on a known-truth dataset: four
SPECIATE sources on 15 species, each source emitting exactly what its reference lists, so every
species a reference lacks is truly zero in that source."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from _voc_species import MEASURED

from aqm import voc
from aqm.voc.constrain import (
    ConstraintWarning,
    _listed,
    absent_species_constraints,
    zero_absent_species,
)
from aqm.voc.reference import load_reference_profiles

SOURCES = {
    "8856": "lpg_ng",
    "8762": "gasoline_evaporation",
    "8861": "petrochemical",
    "1148": "biogenic",
}
# What each reference lacks among MEASURED (read off data/voc/reference_profiles.csv by hand).
ABSENT = {
    "lpg_ng": {
        "2,2,4-trimethylpentane",
        "2-methylpentane",
        "toluene",
        "benzene",
        "ethylene",
        "isoprene",
        "2,3-dimethylbutane",
    },
    "gasoline_evaporation": {"ethane", "ethylene", "propylene"},
    "petrochemical": {"ethane", "2,2,4-trimethylpentane", "2-methylpentane", "2,3-dimethylbutane"},
    "biogenic": set(MEASURED) - {"isoprene"},
}


def _truth() -> pd.DataFrame:
    lib = load_reference_profiles()
    rows = {
        name: lib[lib["profile_code"] == code]
        .set_index("species")["weight_percent"]
        .reindex(MEASURED)
        .fillna(0.0)
        for code, name in SOURCES.items()
    }
    truth = pd.DataFrame(rows).T
    return truth.div(truth.sum(axis=1), axis=0)


@pytest.fixture(scope="module", params=[7, 3])
def fitted(request):
    """300 hours in ug/m3 with 10 % noise: PMF spreads a little of every species everywhere.
    Each factor is matched to the reference it was made from (checked)."""
    from aqm.pmf import PMF

    truth = _truth()
    rng = np.random.default_rng(request.param)
    g = rng.lognormal(0.0, 0.9, size=(300, len(SOURCES))) * 10
    x = g @ truth.to_numpy()
    x = np.clip(x * (1 + 0.10 * rng.standard_normal(x.shape)), 1e-3, None)
    u = 0.10 * x + 0.02 * x.mean(axis=0)
    model = PMF(n_components=4, n_runs=5, random_state=3, progress=False).fit(
        pd.DataFrame(x, columns=MEASURED), pd.DataFrame(u, columns=MEASURED)
    )
    ident = voc.identify(model, units="mass", assign=True)
    assert {n: ident.best_reference(f) for f, n in ident.names.items()} == {
        n: c for c, n in SOURCES.items()
    }
    return model, ident, truth


def _fractions(profiles: pd.DataFrame, ident) -> pd.DataFrame:
    return profiles.div(profiles.sum(axis=1), axis=0).rename(index=ident.names)


def test_constraints_follow_the_rule(fitted):
    model, ident, _ = fitted
    share = model.profiles_.div(model.profiles_.sum(axis=0), axis=1)
    found = {(c["factor"], c["species"]) for c in absent_species_constraints(model, ident)}
    assert found  # PMF leaks: there is something to take out
    for factor, name in ident.names.items():
        for s in MEASURED:
            expected = s in ABSENT[name] and share.loc[factor, s] < 0.1
            assert ((factor, s) in found) == expected, (name, s)
    everything = absent_species_constraints(model, ident, max_share=1.0)
    assert len(everything) == sum(len(v) for v in ABSENT.values())
    assert absent_species_constraints(model, ident, max_share=0.0) == []


def test_a_lump_lists_its_members():
    listed = _listed(pd.Series({"xylenes": 2.0, "ethane": 0.0, "toluene": 1.0}))
    assert listed == {"xylenes", "m/p-xylene", "o-xylene", "m-xylene", "p-xylene", "toluene"}


def test_constrained_profiles_are_closer_to_the_truth(fitted):
    model, ident, truth = fitted
    sol = zero_absent_species(model, ident)
    assert sol.applied and 0.0 < sol.percent_dq < 5.0
    for c in sol.constraints:
        assert sol.profiles.loc[c["factor"], c["species"]] == 0.0
    base = _fractions(model.profiles_, ident)
    new = _fractions(sol.profiles, ident)
    err_base = (base - truth).abs().sum(axis=1)
    err_new = (new - truth).abs().sum(axis=1)
    # the leaks go; a factor that was already right may move by a trace (the refit shifts the
    # zeroed mass between factors): no factor's L1 error grows by more than 1 % of its mass
    assert (err_new <= err_base + 0.01).all(), pd.DataFrame({"base": err_base, "new": err_new})
    assert err_new.sum() < 0.5 * err_base.sum()
    assert sol.contributions.shape == (300, 4)


def test_too_costly_constraints_keep_the_base_with_a_warning(fitted):
    model, ident, _ = fitted
    with pytest.warns(ConstraintWarning, match="limit 1e-09 %"):
        sol = zero_absent_species(model, ident, max_percent_dq=1e-9)
    assert not sol.applied and sol.percent_dq > 0 and sol.constraints
    pd.testing.assert_frame_equal(sol.profiles, model.profiles_)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        nothing = zero_absent_species(model, ident, max_share=0.0)
    assert not nothing.applied and nothing.constraints == []


@pytest.mark.parametrize(
    "kw, match",
    [
        ({"max_share": 1.5}, "max_share"),
        ({"max_share": float("nan")}, "max_share"),
        ({"max_percent_dq": 0.0}, "max_percent_dq"),
    ],
)
def test_bad_options(fitted, kw, match):
    model, ident, _ = fitted
    with pytest.raises(ValueError, match=match):
        zero_absent_species(model, ident, **kw)
