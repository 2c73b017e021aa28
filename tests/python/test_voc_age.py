"""aqm.voc.age: the reference's worked example and survival table, a noise-free round trip on
simulated data, the emission-ratio estimate, warnings and bad input."""

from __future__ import annotations

import math
import pickle
import warnings

import numpy as np
import pandas as pd
import pytest

from aqm.voc import VocSourceActivity, simulate
from aqm.voc.age import (
    AgeWarning,
    combine_oh_exposures,
    consumed_concentrations,
    estimate_oh_exposure,
    initial_concentrations,
    koh_values,
    pmf_dataset,
    smooth_oh_exposure,
)

TIMES = pd.date_range("2021-07-01", periods=10 * 24, freq="h")


def _frame(**columns) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    return pd.DataFrame(columns, index=pd.date_range("2021-07-01", periods=n, freq="h"))


def test_worked_example_of_the_reference():
    # (X/E)0 = 2.5, observed 1.5, k 1.87e-11 vs 7.0e-12: ln(2.5/1.5)/1.17e-11 = 4.366e10.
    conc = _frame(**{"m,p-xylene": [1.5], "Ethylbenzene": [1.0]})
    age = estimate_oh_exposure(conc, emission_ratio=2.5)
    assert age.oh_exposure.iloc[0] == pytest.approx(4.366e10, rel=1e-3)
    assert age.pair == ("m/p-xylene", "ethylbenzene")
    assert age.k_fast == pytest.approx(1.87e-11)
    # 6.1 h at [OH] = 2e6 molecule cm-3 (reference §2.2).
    assert age.age_hours(2e6).iloc[0] == pytest.approx(6.06, abs=0.01)
    assert age.koh_basis == "298 K"


SURVIVAL_AT_3_5E10 = {  # reference §2.2, exp(-k * 3.5e10) with Atkinson & Arey kOH
    "isoprene": 0.030,
    "1,2,4-trimethylbenzene": 0.321,
    "propylene": 0.398,
    "m-xylene": 0.446,
    "p-xylene": 0.606,
    "o-xylene": 0.621,
    "ethylene": 0.742,
    "ethylbenzene": 0.783,
    "toluene": 0.821,
    "n-butane": 0.921,
    "benzene": 0.958,
    "propane": 0.963,
    "ethane": 0.991,
}


def test_survival_fractions_of_the_reference_table():
    species = list(SURVIVAL_AT_3_5E10)
    conc = _frame(**{s: [1.0] for s in species})
    # The registry has no separate m- and p-xylene kOH yet: the reference's values are given.
    koh = {"m-xylene": 2.31e-11, "p-xylene": 1.43e-11}
    initial = initial_concentrations(conc, pd.Series([3.5e10], index=conc.index), koh=koh)
    survival = 1.0 / initial.iloc[0]
    for s, expected in SURVIVAL_AT_3_5E10.items():
        assert abs(survival[s] - expected) <= 0.0005 + 1e-12, s
    consumed = consumed_concentrations(conc, pd.Series([3.5e10], index=conc.index), koh=koh)
    assert consumed.at[conc.index[0], "isoprene"] == pytest.approx(1 / 0.0302 - 1, rel=0.01)


def _same_ratio_profiles() -> pd.DataFrame:
    """Two sources with the same m/p-xylene/ethylbenzene ratio (2.0), so one emission ratio
    holds for every hour and the method is exact."""
    return pd.DataFrame(
        {
            "a": {
                "m/p-xylene": 0.2,
                "ethylbenzene": 0.1,
                "toluene": 0.3,
                "isoprene": 0.0,
                "ethane": 0.4,
            },
            "b": {
                "m/p-xylene": 0.1,
                "ethylbenzene": 0.05,
                "toluene": 0.05,
                "isoprene": 0.5,
                "ethane": 0.3,
            },
        }
    )


@pytest.mark.parametrize("seed", [1, 2])
def test_round_trip_on_noise_free_simulated_data(seed):
    from aqm.voc import VocSourceActivity

    sources = {"a": VocSourceActivity(share=0.7), "b": VocSourceActivity(share=0.3)}
    koh = {
        "m/p-xylene": 1.87e-11,
        "ethylbenzene": 7.0e-12,
        "toluene": 5.63e-12,
        "isoprene": 1.0e-10,
        "ethane": 2.48e-13,
    }
    d = simulate(
        TIMES,
        seed=seed,
        profiles=_same_ratio_profiles(),
        sources=sources,
        koh=koh,
        error_fraction=0.0,
        mdl=1e-9,
        missing_hours=0.0,
        missing_fraction=0.0,
    )
    age = estimate_oh_exposure(d.conc, emission_ratio=2.0, mdl=d.mdl, window_hours=0)
    assert np.allclose(age.oh_exposure, d.truth_oh_exposure, rtol=1e-6, atol=1e3)
    assert (age.status == "ok").all()
    initial = initial_concentrations(d.conc, age)
    assert np.allclose(initial, d.conc_initial_true, rtol=1e-5, atol=1e-7)
    # Estimated emission ratio: night ratios are 2·exp(-1.17e-11 · 1e9) = 1.9768.
    with pytest.warns(AgeWarning, match="above the emission ratio"):  # 10 % of night hours
        est = estimate_oh_exposure(d.conc, mdl=d.mdl, percentile=90)
    assert est.emission_ratio == pytest.approx(2.0 * math.exp(-1.17e-11 * 1e9), rel=1e-6)
    assert "90th percentile" in est.emission_ratio_method


def test_clipped_and_below_mdl_hours_warn_with_pair_and_hours():
    conc = _frame(**{"m/p-xylene": [3.0, 1.0, 0.001, 2.0], "ethylbenzene": [1.0, 1.0, 1.0, 1.0]})
    with pytest.warns(AgeWarning) as record:
        age = estimate_oh_exposure(
            conc, emission_ratio=2.5, mdl={"m/p-xylene": 0.01}, window_hours=0
        )
    text = " ".join(str(w.message) for w in record)
    assert "m/p-xylene/ethylbenzene: 1 sample(s) above the emission ratio" in text
    assert "2021-07-01 00:00:00" in text
    assert "1 sample(s) with m/p-xylene or ethylbenzene at or below the MDL" in text
    assert list(age.status) == ["clipped", "ok", "below_mdl", "ok"]
    assert age.oh_exposure.iloc[0] == 0.0
    assert np.isnan(age.oh_exposure.iloc[2])
    assert age.n_clipped == 1


def test_close_rate_coefficients_warn():
    conc = _frame(ethylbenzene=[1.0], **{"n-propylbenzene": [1.0]})
    with pytest.warns(AgeWarning, match="differ by less than 20%"):
        estimate_oh_exposure(conc, ("ethylbenzene", "n-propylbenzene"), emission_ratio=1.2)


def test_bad_pairs_and_inputs_are_named():
    conc = _frame(toluene=[1.0], benzene=[1.0])
    with pytest.raises(ValueError, match="k_OH of benzene"):
        estimate_oh_exposure(conc, ("benzene", "toluene"), emission_ratio=1.0)
    with pytest.raises(KeyError, match="unknown pair"):
        estimate_oh_exposure(conc, "xylene/benzene", emission_ratio=1.0)
    with pytest.raises(KeyError, match="m/p-xylene"):
        estimate_oh_exposure(conc, emission_ratio=1.0)
    with pytest.raises(ValueError, match="ratio0"):
        estimate_oh_exposure(conc, "toluene/benzene", emission_ratio=-2.0)
    no_times = conc.reset_index(drop=True)
    with pytest.raises(ValueError, match="index the samples by local time"):
        estimate_oh_exposure(no_times, "toluene/benzene")
    with pytest.raises(TypeError):
        estimate_oh_exposure([1, 2], "toluene/benzene", emission_ratio=1.0)


def test_koh_values_sources_and_missing_species_warning():
    k, src = koh_values(["toluene", "m/p-xylene", "ethyl acetate"], koh={"Ethyl acetate": 1.6e-12})
    assert k["toluene"] == pytest.approx(5.63e-12)
    assert src["toluene"] == "registry, 298 K"
    assert src["m/p-xylene"].startswith("Atkinson & Arey 2003")
    assert src["ethyl acetate"] == "user"
    conc = _frame(**{"n-butyl acetate": [1.0], "toluene": [1.0]})
    e = pd.Series([1e10], index=conc.index)
    _, src = koh_values(["n-butyl acetate"])
    if src.iloc[0] == "missing":  # until the registry carries it
        with pytest.warns(AgeWarning, match="n-butyl acetate: left as observed"):
            out = initial_concentrations(conc, e)
        assert out.iloc[0, 0] == 1.0
    with pytest.raises(ValueError, match="koh: species 'toluene'"):
        koh_values(["toluene"], koh={"toluene": -1.0})


def test_pmf_dataset_on_observed_initial_and_long_lived_species():
    d = simulate(TIMES, seed=4)
    age = d.truth_oh_exposure
    observed = pmf_dataset(d.conc, d.unc, basis="observed")
    assert observed.species == d.species
    initial = pmf_dataset(d.conc, d.unc, age, basis="initial", koh=d.koh)
    prepared = initial.prepared()
    x = prepared.X
    factor = np.exp(np.outer(age.to_numpy(), d.koh[d.species].to_numpy()))
    finite = ~np.isnan(d.conc.to_numpy())
    expect = np.where(finite, d.conc.to_numpy() * factor, np.nan)
    rows = ~np.isnan(expect).any(axis=1)
    assert np.allclose(x[rows], expect[rows], rtol=1e-9)
    s = prepared.U
    assert np.allclose((s / x)[rows], (d.unc.to_numpy() / d.conc.to_numpy())[rows], rtol=1e-9)
    long_lived = pmf_dataset(d.conc, d.unc, age, basis="long_lived", koh=d.koh)
    e90 = np.percentile(age, 90)
    assert all(math.exp(-d.koh[s] * e90) >= 0.8 for s in long_lived.species)
    assert "ethane" in long_lived.species and "isoprene" not in long_lived.species
    with pytest.raises(ValueError, match="basis"):
        pmf_dataset(d.conc, d.unc, age, basis="aged")
    with pytest.raises(ValueError, match="needs the photochemical age"):
        pmf_dataset(d.conc, d.unc, basis="initial")


def test_simulated_hangzhou_like_month_recovers_daytime_exposure():
    d = simulate(TIMES, seed=12)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AgeWarning)
        age = estimate_oh_exposure(d.conc, mdl=d.mdl)
    day = (d.conc.index.hour >= 10) & (d.conc.index.hour <= 17)
    est, truth = age.oh_exposure[day], d.truth_oh_exposure[day]
    ok = est.notna()
    r = np.corrcoef(est[ok], truth[ok])[0, 1]
    assert r > 0.4  # source-mix changes of X/E and 10 % noise limit r (validation report)
    assert abs(est[ok].mean() / truth[ok].mean() - 1) < 0.3


def test_exposure_uncertainty_by_hand_and_in_the_pmf_input():
    conc = _frame(**{"m/p-xylene": [1.5, 2.0], "ethylbenzene": [1.0, 1.0], "isoprene": [0.2, 0.1]})
    unc = conc * 0.1  # 10 % on each: sigma_E = sqrt(0.01 + 0.01) / 1.17e-11 = 1.2087e10
    age = estimate_oh_exposure(conc, emission_ratio=2.5, unc=unc, window_hours=0)
    assert np.allclose(age.oh_exposure_sd, math.sqrt(0.02) / 1.17e-11, rtol=1e-9)
    assert estimate_oh_exposure(conc, emission_ratio=2.5).oh_exposure_sd is None
    data = pmf_dataset(conc, unc, age, basis="initial", max_correction_uncertainty=None)
    s = data.prepared().U
    e = age.oh_exposure.to_numpy()
    # isoprene, hour 0: exp(kE) * sqrt((0.02)^2 + (1e-10 * 0.2 * 1.2087e10)^2)
    f = math.exp(1e-10 * e[0])
    assert s[0, 2] == pytest.approx(f * math.hypot(0.02, 1e-10 * 0.2 * 1.2087e10), rel=1e-4)
    plain = pmf_dataset(
        conc, unc, age, basis="initial", exposure_uncertainty=False, max_correction_uncertainty=None
    )
    assert plain.prepared().U[0, 2] == pytest.approx(f * 0.02, rel=1e-9)


def test_exposure_uncertainty_from_the_night_ratio_scatter():
    # Night ratios 2, 2, 3, 3 (IQR of ln = ln 1.5 / 2 after interpolation) and no unc.
    times = pd.date_range("2021-07-01", periods=4, freq="h")
    conc = pd.DataFrame(
        {"m/p-xylene": [2.0, 2.0, 3.0, 3.0], "ethylbenzene": [1.0] * 4}, index=times
    )
    with pytest.warns(AgeWarning):
        age = estimate_oh_exposure(conc, mdl=0.0, window_hours=0)
    q25, q75 = np.percentile(np.log([2.0, 2.0, 3.0, 3.0]), [25, 75])
    expected = (q75 - q25) / 1.349 / 1.17e-11
    assert np.allclose(age.oh_exposure_sd, expected)


def test_measurements_with_mixed_pair_units_or_unknown_columns(tmp_path):
    from aqm import UnitError
    from aqm.voc import read_measurements

    p = tmp_path / "m.csv"
    p.write_text(
        "Time,m/p-xylene (ppb),ethylbenzene (ug/m3),freon-11 (ppb)\n2021-07-01 12:00,1.5,4.34,0.3\n"
    )
    with pytest.warns(UserWarning, match="freon-11"):
        meas = read_measurements(p, unknown="keep")
    with pytest.raises(UnitError, match="m/p-xylene is in ppb and ethylbenzene in ug m-3"):
        estimate_oh_exposure(meas, emission_ratio=2.5)
    same = meas.data[["m/p-xylene", "freon-11"]].assign(ethylbenzene=1.0)
    age = estimate_oh_exposure(same, emission_ratio=2.5)
    with pytest.warns(AgeWarning, match="freon-11: left as observed"):
        x0 = initial_concentrations(same, age)
    assert x0.iloc[0]["freon-11"] == 0.3


def test_cpp_errors_reach_python_as_value_errors_naming_the_argument():
    from aqm import _core

    with pytest.raises(ValueError, match="slow"):
        _core.voc.pair_oh_exposure(
            np.ones(3), np.ones(2), 2.0, np.array([2e-11]), np.array([7e-12])
        )
    with pytest.raises(ValueError, match="percentile"):
        _core.voc.emission_ratio(np.ones(3), np.ones(3), [True] * 3, 120.0)
    assert _core.voc.oh_exposure(2.5, 1.5, 1.87e-11, 7.0e-12) == pytest.approx(4.366e10, rel=1e-3)


# --- smoothing, several pairs, species left observed ----------------------------------------


def _hourly(ratios, ratio0=2.5, unc=None):
    conc = _frame(**{"m/p-xylene": list(ratios), "ethylbenzene": [1.0] * len(ratios)})
    return estimate_oh_exposure(
        conc, emission_ratio=ratio0, window_hours=0, unc=None if unc is None else conc * unc
    )


def test_smoothing_is_the_centred_moving_mean_by_hand():
    # ln(2.5 / r) / 1.17e-11 for r = 2.5, 2.0, 1.5, 1.0: 0, 1.9072e10, 4.3660e10, 7.8315e10.
    hourly = _hourly([2.5, 2.0, 1.5, 1.0], unc=0.1)  # equal sigma_E every hour
    by_hand = [math.log(2.5 / r) / 1.17e-11 for r in (2.5, 2.0, 1.5, 1.0)]
    smooth = smooth_oh_exposure(hourly, 3.0)  # +-1.5 h: the hour and its two neighbours
    assert smooth.oh_exposure.iloc[0] == pytest.approx((by_hand[0] + by_hand[1]) / 2)
    assert smooth.oh_exposure.iloc[1] == pytest.approx(sum(by_hand[:3]) / 3)
    assert smooth.oh_exposure.iloc[3] == pytest.approx((by_hand[2] + by_hand[3]) / 2)
    assert smooth.oh_exposure_sd.iloc[1] == pytest.approx(math.sqrt(0.02) / 1.17e-11 / math.sqrt(3))
    assert smooth.window_hours == 3.0 and hourly.window_hours == 0.0
    conc = _frame(**{"m/p-xylene": [2.5, 2.0, 1.5, 1.0], "ethylbenzene": [1.0] * 4})
    default = estimate_oh_exposure(conc, emission_ratio=2.5)
    assert default.window_hours == 5.0  # +-2.5 h covers all four hours
    assert default.oh_exposure.iloc[0] == pytest.approx(sum(by_hand[:3]) / 3)


def test_smoothing_brings_a_noisy_exposure_closer_to_the_truth():
    # Known truth: the simulator's exposure, 10 % noise on every species.
    for seed in (3, 4):
        d = simulate(
            TIMES,
            seed=seed,
            profiles=_same_ratio_profiles(),
            koh={
                "m/p-xylene": 1.87e-11,
                "ethylbenzene": 7.0e-12,
                "toluene": 5.63e-12,
                "isoprene": 1.0e-10,
                "ethane": 2.48e-13,
            },
            sources={"a": VocSourceActivity(share=0.7), "b": VocSourceActivity(share=0.3)},
            mdl=1e-9,
            missing_hours=0.0,
            missing_fraction=0.0,
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", AgeWarning)
            hourly = estimate_oh_exposure(d.conc, emission_ratio=2.0, unc=d.unc, window_hours=0)
            smooth = estimate_oh_exposure(d.conc, emission_ratio=2.0, unc=d.unc)
        truth = d.truth_oh_exposure
        err_hourly = float(np.sqrt(((hourly.oh_exposure - truth) ** 2).mean()))
        err_smooth = float(np.sqrt(((smooth.oh_exposure - truth) ** 2).mean()))
        assert err_smooth < 0.7 * err_hourly
        assert float(np.corrcoef(smooth.oh_exposure, truth)[0, 1]) > float(
            np.corrcoef(hourly.oh_exposure, truth)[0, 1]
        )


def test_two_pairs_combined_by_inverse_variance_by_hand():
    conc = _frame(
        **{"m/p-xylene": [1.5], "ethylbenzene": [1.0], "toluene": [2.0], "benzene": [1.0]}
    )
    unc = conc * 0.1
    a = estimate_oh_exposure(conc, emission_ratio=2.5, unc=unc, window_hours=0)
    b = estimate_oh_exposure(
        conc,
        "toluene/benzene",
        emission_ratio=2.4,
        unc=unc,
        koh={"toluene": 5.63e-12, "benzene": 1.22e-12},
        window_hours=0,
    )
    # a: 4.3660e10, sigma sqrt(0.02)/1.17e-11 = 1.2087e10
    # b: ln(2.4/2.0)/4.41e-12 = 4.1342e10, sigma sqrt(0.02)/4.41e-12 = 3.2069e10
    ea, sa = math.log(2.5 / 1.5) / 1.17e-11, math.sqrt(0.02) / 1.17e-11
    eb, sb = math.log(2.4 / 2.0) / 4.41e-12, math.sqrt(0.02) / 4.41e-12
    wa, wb = 1 / sa**2, 1 / sb**2
    both = combine_oh_exposures([a, b], window_hours=0)
    assert both.oh_exposure.iloc[0] == pytest.approx((wa * ea + wb * eb) / (wa + wb))
    assert both.oh_exposure_sd.iloc[0] == pytest.approx(1 / math.sqrt(wa + wb))
    assert both.pairs == (("m/p-xylene", "ethylbenzene"), ("toluene", "benzene"))
    with pytest.raises(ValueError, match="already smoothed"):
        combine_oh_exposures([a, smooth_oh_exposure(b, 3.0)])
    with pytest.raises(ValueError, match="no oh_exposure_sd"):
        combine_oh_exposures([a, estimate_oh_exposure(conc, emission_ratio=2.5, window_hours=0)])
    with pytest.raises(ValueError, match="at least two"):
        combine_oh_exposures([a])


def test_window_hours_errors_name_the_parameter():
    conc = pd.DataFrame({"m/p-xylene": [1.5, 2.0], "ethylbenzene": [1.0, 1.0]})
    with pytest.raises(ValueError, match="window_hours: smoothing needs samples indexed"):
        estimate_oh_exposure(conc, emission_ratio=2.5)
    assert estimate_oh_exposure(conc, emission_ratio=2.5, window_hours=0).window_hours == 0
    unsorted = _frame(**conc.to_dict("list")).iloc[::-1]
    with pytest.raises(ValueError, match="window_hours: smoothing needs sorted sample times"):
        estimate_oh_exposure(unsorted, emission_ratio=2.5)
    with pytest.raises(ValueError, match="window_hours: must be finite and >= 0"):
        estimate_oh_exposure(_frame(**conc.to_dict("list")), emission_ratio=2.5, window_hours=-1)


def test_species_with_too_uncertain_a_correction_stay_observed():
    # sigma_E = 1.2087e10 (10 % on X and E): k * sigma_E = 1.21 for isoprene (> 0.3, stays
    # observed), 0.103 for ethene (k 8.52e-12, corrected: survival 0.742 at 3.5e10, reference
    # section 2.2).
    conc = _frame(
        **{
            "m/p-xylene": [1.5, 2.0],
            "ethylbenzene": [1.0, 1.0],
            "isoprene": [0.2, 0.1],
            "ethene": [1.0, 2.0],
        }
    )
    unc = conc * 0.1
    age = estimate_oh_exposure(conc, emission_ratio=2.5, unc=unc, window_hours=0)
    data = pmf_dataset(conc, unc, age, basis="initial")
    assert data.observed_species == ["isoprene"]
    x, s = data.prepared().X, data.prepared().U
    assert x[0, 2] == pytest.approx(0.2) and s[0, 2] == pytest.approx(0.02)
    e0 = math.log(2.5 / 1.5) / 1.17e-11
    assert x[0, 3] == pytest.approx(1.0 * math.exp(8.52e-12 * e0))
    assert math.exp(-8.52e-12 * 3.5e10) == pytest.approx(0.742, abs=5e-4)
    every = pmf_dataset(conc, unc, age, basis="initial", max_correction_uncertainty=None)
    assert every.observed_species == []
    assert every.prepared().X[0, 2] == pytest.approx(0.2 * math.exp(1e-10 * e0))
    loose = pmf_dataset(conc, unc, age, basis="initial", max_correction_uncertainty=2.0)
    assert loose.observed_species == []
    for bad in (0, -1.0, float("nan"), True):
        with pytest.raises(ValueError, match="max_correction_uncertainty"):
            pmf_dataset(conc, unc, age, basis="initial", max_correction_uncertainty=bad)


def test_pmf_dataset_error_model_rebuilds_its_own_uncertainties():
    # The simulator's unc is the PMF 5.0 equation at the reported values, so the error model
    # (equation, correction factor, sigma_E term) at the dataset's own concentrations must give
    # back the dataset's uncertainties: the same cells PMF(uncertainty="fitted") recomputes.
    d = simulate(TIMES, seed=5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AgeWarning)
        age = estimate_oh_exposure(d.conc, mdl=d.mdl, unc=d.unc)
    equation = {"mdl": d.mdl, "error_fraction": d.error_fraction}
    for basis, a in (("initial", age), ("observed", None), ("long_lived", age)):
        data = pmf_dataset(d.conc, d.unc, a, basis=basis, koh=d.koh, **equation)
        given = pd.DataFrame(data._unc[0], index=data._unc[1], columns=data._unc[2])
        rebuilt = data.error_model(data.concentrations())
        assert np.isnan(rebuilt.to_numpy()).sum() == np.isnan(given.to_numpy()).sum()
        np.testing.assert_allclose(rebuilt.to_numpy(), given.to_numpy(), rtol=1e-9)
        if basis == "initial":
            assert data.observed_species  # both branches of the initial basis are covered
    assert pmf_dataset(d.conc, d.unc, age, koh=d.koh).error_model is None
    with pytest.raises(ValueError, match="give both"):
        pmf_dataset(d.conc, d.unc, age, koh=d.koh, mdl=d.mdl)
    with pytest.raises(KeyError, match="error_fraction: no value for species"):
        pmf_dataset(d.conc, d.unc, age, koh=d.koh, mdl=d.mdl, error_fraction={"ethane": 0.1})
    data = pmf_dataset(d.conc, d.unc, age, basis="initial", koh=d.koh, **equation)
    clone = pickle.loads(pickle.dumps(data.error_model))  # batch executors pickle datasets
    conc = data.concentrations()
    np.testing.assert_array_equal(clone(conc).to_numpy(), data.error_model(conc).to_numpy())
