"""aqm.pmf.simulate and pmf_uncertainty: hand-evaluated equation values, known-truth checks,
reproducibility, the shipped dataset, and bad input."""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from aqm.pmf import (
    HANGZHOU_LIKE_SOURCES,
    SimulatedDataset,
    SourceActivity,
    load_source_profiles,
    pmf_uncertainty,
    simulate,
)

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "pmf"
SHIPPED = DATA / "hangzhou_like_2021"
SUFFIXES = ("con", "unc", "mdl", "truth_profiles", "truth_contributions")


def _tiny_profiles() -> pd.DataFrame:
    """Two sources, four species (PM2.5 total + three), fractions chosen by hand."""
    return pd.DataFrame(
        {"a": [1.0, 0.5, 0.2, 0.0], "b": [1.0, 0.1, 0.0, 0.6]}, index=["PM2.5", "OC", "EC", "SO4"]
    )


def _tiny_sources(**kw) -> dict[str, SourceActivity]:
    return {"a": SourceActivity(mean=5.0, **kw), "b": SourceActivity(mean=10.0, **kw)}


def _bdl_mask(d: SimulatedDataset) -> np.ndarray:
    return np.isclose(d.conc.to_numpy(), 0.5 * d.mdl.to_numpy(), rtol=1e-12, atol=0)


# --- the uncertainty equation, evaluated by hand ---------------------------------------------


@pytest.mark.parametrize(
    "x, mdl, ef, expected",
    [
        # above the MDL: sqrt((EF x)^2 + (MDL/2)^2)
        (1.0, 0.1, 0.1, math.sqrt(0.01 + 0.0025)),  # = 0.111803398874989...
        (10.0, 2.0, 0.1, math.sqrt(2.0)),  # (1.0)^2 + (1.0)^2
        (0.2, 0.1, 0.2, math.sqrt(0.0041)),  # 0.04^2 + 0.05^2 = 0.0016 + 0.0025
        (3.0, 0.4, 0.0, 0.2),  # EF 0 leaves MDL/2
        # at or below the MDL: 5/6 MDL
        (0.05, 0.1, 0.1, 0.1 * 5 / 6),
        (0.1, 0.1, 0.1, 0.1 * 5 / 6),  # x == MDL counts as below (x <= MDL)
        (-0.3, 0.6, 0.5, 0.5),  # negative reading: 5/6 * 0.6
    ],
)
def test_uncertainty_equation_hand_values(x, mdl, ef, expected):
    assert pmf_uncertainty(x, mdl, ef) == pytest.approx(expected, rel=1e-14)


def test_uncertainty_hand_values_numbers():
    # The same equation written out as decimals, so the test does not reuse the formula.
    assert pmf_uncertainty(1.0, 0.1, 0.1) == pytest.approx(0.11180339887498948, rel=1e-15)
    assert pmf_uncertainty(0.2, 0.1, 0.2) == pytest.approx(0.064031242374328, rel=1e-13)
    assert pmf_uncertainty(0.05, 0.1, 0.1) == pytest.approx(0.08333333333333333, rel=1e-15)


def test_uncertainty_dataframe_per_species_and_missing():
    conc = pd.DataFrame({"SO4": [1.0, np.nan, 0.01], "Se": [0.004, 0.001, 0.02]})
    unc = pmf_uncertainty(conc, {"SO4": 0.1, "Se": 0.002}, {"SO4": 0.1, "Se": 0.2})
    assert isinstance(unc, pd.DataFrame) and list(unc.columns) == ["SO4", "Se"]
    assert unc.loc[0, "SO4"] == pytest.approx(0.11180339887498948)
    assert np.isnan(unc.loc[1, "SO4"])  # missing stays missing
    assert unc.loc[2, "SO4"] == pytest.approx(0.1 * 5 / 6)
    assert unc.loc[0, "Se"] == pytest.approx(math.sqrt(0.0008**2 + 0.001**2))
    assert unc.loc[1, "Se"] == pytest.approx(0.002 * 5 / 6)  # x == MDL
    assert unc.loc[2, "Se"] == pytest.approx(math.sqrt(0.004**2 + 0.001**2))


def test_uncertainty_bad_input_names_parameter_and_species():
    conc = pd.DataFrame({"SO4": [1.0], "Se": [0.004]})
    with pytest.raises(ValueError, match=r"mdl.*'Se'"):
        pmf_uncertainty(conc, {"SO4": 0.1, "Se": -0.002}, 0.1)
    with pytest.raises(ValueError, match=r"error_fraction.*'SO4'"):
        pmf_uncertainty(conc, 0.1, {"SO4": -0.1, "Se": 0.1})
    with pytest.raises(KeyError, match="'Se'"):
        pmf_uncertainty(conc, {"SO4": 0.1}, 0.1)
    with pytest.raises(ValueError, match="mdl"):
        pmf_uncertainty(np.array([1.0]), -1.0, 0.1)


def test_below_mdl_convention_matches_epa_example_data(epa_pmf):
    """EPA's Baltimore PMF example marks below-MDL cells as conc = MDL/2, unc = 5/6 MDL: such
    cells have unc/conc = 5/3 exactly, and within a species they share one value (one MDL).
    The simulator reports below-MDL cells the same way."""
    con = pd.read_csv(epa_pmf / "Dataset-Baltimore_con.txt", sep="\t")
    unc = pd.read_csv(epa_pmf / "Dataset-Baltimore_unc.txt", sep="\t")
    con, unc = con[con.iloc[:, 0].notna()], unc[unc.iloc[:, 0].notna()]
    x, s = con.iloc[:, 1:].astype(float), unc.iloc[:, 1:].astype(float)
    ratio = (s / x).to_numpy()
    bdl = np.isclose(ratio, 5 / 3, rtol=2e-3)
    assert bdl.sum() > 1000
    for j, name in enumerate(x.columns):
        cells = x.to_numpy()[bdl[:, j], j]
        if cells.size:
            mdl = 2 * cells[0]
            assert np.allclose(cells, mdl / 2, rtol=1e-9), name
            assert np.allclose(
                s.to_numpy()[bdl[:, j], j], pmf_uncertainty(cells, mdl, 0.1), rtol=2e-3
            ), name

    d = simulate(
        _tiny_profiles(),
        400,
        seed=3,
        sources=_tiny_sources(),
        unexplained=None,
        mdl={"PM2.5": 1.0, "OC": 0.3, "EC": 2.0, "SO4": 0.5},
        error_fraction=0.1,
        missing_fraction=0.0,
    )
    mask = _bdl_mask(d)
    assert mask.sum() > 100
    r = (d.unc.to_numpy() / d.conc.to_numpy())[mask]
    assert np.allclose(r, 5 / 3, rtol=1e-12)


# --- known truth -----------------------------------------------------------------------------


def test_truth_reproduces_noise_free_concentrations():
    d = simulate(
        _tiny_profiles(),
        50,
        seed=11,
        sources=_tiny_sources(),
        unexplained=SourceActivity(mean=2.0),
        missing_fraction=0.0,
        mdl=1e-12,
        error_fraction=0.0,
    )
    g = d.truth_contributions.to_numpy()
    # G @ F by hand for the 2-source table: OC = 0.5 a + 0.1 b, EC = 0.2 a, SO4 = 0.6 b,
    # PM2.5 = a + b + unexplained.
    a, b, u = g[:, 0], g[:, 1], g[:, 2]
    expected = np.column_stack([a + b + u, 0.5 * a + 0.1 * b, 0.2 * a, 0.6 * b])
    assert list(d.truth_contributions.columns) == ["a", "b", "unexplained"]
    np.testing.assert_allclose(d.conc_true.to_numpy(), expected, rtol=1e-14)
    # with EF = 0 and a negligible MDL the measured values are the true ones
    np.testing.assert_allclose(d.conc.to_numpy(), expected, rtol=1e-9, atol=1e-11)
    # the total variable is the sum of source masses plus unexplained, never less than species
    assert np.all(d.conc_true["PM2.5"] >= d.conc_true.drop(columns="PM2.5").sum(axis=1))


def test_noise_is_standard_normal_in_units_of_the_equation():
    d = simulate(
        _tiny_profiles(),
        4000,
        seed=5,
        sources=_tiny_sources(),
        unexplained=None,
        mdl=0.01,
        error_fraction=0.15,
        missing_fraction=0.0,
    )
    x_true = d.conc_true[["PM2.5", "OC", "SO4"]].to_numpy()
    s_true = pmf_uncertainty(x_true, 0.01, 0.15)
    z = ((d.conc[["PM2.5", "OC", "SO4"]].to_numpy() - x_true) / s_true).ravel()
    assert abs(z.mean()) < 4 / math.sqrt(z.size)
    assert z.std() == pytest.approx(1.0, abs=0.03)
    # reported uncertainties are the equation applied to the reported values
    np.testing.assert_allclose(
        d.unc.to_numpy(), pmf_uncertainty(d.conc, d.mdl, d.error_fraction).to_numpy(), rtol=1e-15
    )


def test_contributions_are_lognormal_with_requested_moments():
    # No season, no persistence: g = mean * exp(sigma z - sigma^2/2), z ~ N(0, 1).
    # Analytic: E[g] = mean, sd(ln g) = ln(gsd), E[ln g] = ln(mean) - ln(gsd)^2 / 2.
    gsd = 2.0
    d = simulate(
        _tiny_profiles(),
        20000,
        seed=8,
        unexplained=None,
        missing_fraction=0.0,
        sources=_tiny_sources(gsd=gsd, amplitude=0.0, persistence=0.0),
    )
    g = d.truth_contributions["b"].to_numpy()
    sigma = math.log(gsd)
    se_mean = 10.0 * math.sqrt(math.exp(sigma**2) - 1) / math.sqrt(g.size)
    assert g.mean() == pytest.approx(10.0, abs=4 * se_mean)
    assert np.log(g).std() == pytest.approx(sigma, rel=0.02)
    assert np.log(g).mean() == pytest.approx(math.log(10.0) - sigma**2 / 2, abs=0.02)


def test_off_days_are_zero_at_the_requested_rate_and_keep_the_annual_mean():
    n = 20000
    d = simulate(
        _tiny_profiles(),
        n,
        seed=8,
        unexplained=None,
        missing_fraction=0.0,
        sources=_tiny_sources(gsd=1.5, persistence=0.0, off_fraction=0.2),
    )
    g = d.truth_contributions["b"].to_numpy()
    se_rate = math.sqrt(0.2 * 0.8 / n)
    assert (g == 0).mean() == pytest.approx(0.2, abs=4 * se_rate)
    # mean 10 · Bernoulli(0.8) / 0.8 · lognormal: E = 10, Var = 100 (e^{σ²} / 0.8 − 1).
    se_mean = 10.0 * math.sqrt(math.exp(math.log(1.5) ** 2) / 0.8 - 1) / math.sqrt(n)
    assert g.mean() == pytest.approx(10.0, abs=4 * se_mean)
    with pytest.raises(ValueError, match=r"sources\['a'\]\.off_fraction"):
        simulate(_tiny_profiles(), 10, seed=1, sources=_tiny_sources(off_fraction=1.0))


def test_persistence_is_lag1_autocorrelation_of_log_contribution():
    d = simulate(
        _tiny_profiles(),
        20000,
        seed=9,
        unexplained=None,
        missing_fraction=0.0,
        sources=_tiny_sources(gsd=1.8, amplitude=0.0, persistence=0.7),
    )
    lg = np.log(d.truth_contributions["a"].to_numpy())
    r1 = np.corrcoef(lg[:-1], lg[1:])[0, 1]
    assert r1 == pytest.approx(0.7, abs=0.02)


def test_seasonal_cycle_peaks_on_the_requested_day():
    # amplitude 0.5, peak on day 200: mean over days 170-230 ~ (1 + 0.5 * 0.87), over the
    # opposite season ~ (1 - 0.5 * 0.87), ratio ~ 3.3; require a clear > 2.
    src = {
        "a": SourceActivity(mean=5.0, gsd=1.3, amplitude=0.5, peak_day=200, persistence=0.0),
        "b": SourceActivity(mean=5.0, gsd=1.3),
    }
    d = simulate(
        _tiny_profiles(), 365 * 6, seed=2, sources=src, unexplained=None, missing_fraction=0.0
    )
    g = d.truth_contributions["a"]
    doy = g.index.day_of_year
    summer = g[(doy >= 170) & (doy <= 230)].mean()
    winter = g[(doy <= 48) | (doy >= 353)].mean()
    assert summer / winter > 2.0


# --- reproducibility -------------------------------------------------------------------------


def test_same_seed_same_dataset_different_seed_different():
    a = simulate(seed=42)
    b = simulate(seed=42)
    c = simulate(seed=43)
    for name in ("conc", "unc", "truth_contributions", "truth_profiles"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))
    both = a.conc.notna() & c.conc.notna()
    differ = (a.conc != c.conc) & both & ~_bdl_mask(a)
    assert differ.to_numpy().sum() > 0.5 * both.to_numpy().sum()
    assert not a.truth_contributions.equals(c.truth_contributions)


def test_missing_fraction_does_not_change_the_noise():
    a = simulate(seed=7, missing_fraction=0.0)
    b = simulate(seed=7, missing_fraction=0.1)
    kept = b.conc.notna()
    pd.testing.assert_frame_equal(a.conc[kept], b.conc[kept])


# --- missing and below-MDL fractions ----------------------------------------------------------


def test_missing_fraction_as_requested():
    d = simulate(seed=1, n_samples=2000, missing_fraction=0.05)
    miss = d.conc.isna().to_numpy()
    se = math.sqrt(0.05 * 0.95 / miss.size)
    assert miss.mean() == pytest.approx(0.05, abs=4 * se)
    np.testing.assert_array_equal(miss, d.unc.isna().to_numpy())
    assert not simulate(seed=1, missing_fraction=0.0).conc.isna().to_numpy().any()
    assert not d.truth_contributions.isna().to_numpy().any()


def test_below_mdl_fraction_as_requested():
    requested = {"Se": 0.3, "OC": 0.1, "Fe": 0.5}
    n = 3000
    d = simulate(seed=4, n_samples=n, missing_fraction=0.0, below_mdl_fraction=requested)
    frac = pd.Series(_bdl_mask(d).mean(axis=0), index=d.species)
    for sp, q in requested.items():
        assert frac[sp] == pytest.approx(q, abs=2 / n), sp
    # species not named keep the default MDLs (Ba's 0.089 ug/m3 from EPA's Baltimore data)
    assert d.mdl["Ba"] == 0.089
    # a scalar applies to every species; missing cells are blanked afterwards
    d2 = simulate(seed=4, n_samples=2000, missing_fraction=0.05, below_mdl_fraction=0.2)
    bdl, present = _bdl_mask(d2), d2.conc.notna().to_numpy()
    frac2 = bdl.sum(axis=0) / present.sum(axis=0)
    assert np.all(np.abs(frac2 - 0.2) < 0.03)
    with pytest.raises(ValueError, match=r"below_mdl_fraction\['PM2.5'\].*cannot be reached"):
        simulate(seed=4, n_samples=500, below_mdl_fraction={"PM2.5": 0.999})


# --- profiles and the shipped data -----------------------------------------------------------


def test_bundled_profiles_are_mass_fractions():
    p = load_source_profiles()
    assert list(p.columns) == [
        "vehicle_exhaust",
        "dust",
        "secondary_sulfate",
        "secondary_nitrate",
        "coal_combustion",
        "biomass_burning",
        "industry",
    ]
    assert p.shape[0] >= 25 and p.index[0] == "PM2.5"
    assert (p.loc["PM2.5"] == 1.0).all()
    species_sum = p.drop(index="PM2.5").sum()
    assert (species_sum <= 1.0).all() and (species_sum > 0.5).all()
    assert ((p >= 0) & (p <= 1)).all().all()
    # stoichiometry of the secondary profiles: (NH4)2SO4 has SO4/NH4 = 96.06/36.08 = 2.663 by
    # mass; NH4NO3 has NO3/NH4 = 62.00/18.04 = 3.437 (the ammonium row also holds the NH4 of
    # the small sulfate and chloride parts of each profile, so allow 5 %).
    assert p.loc["SO4", "secondary_sulfate"] / p.loc["NH4", "secondary_sulfate"] == pytest.approx(
        2.663, rel=0.05
    )
    assert p.loc["NO3", "secondary_nitrate"] / p.loc["NH4", "secondary_nitrate"] == pytest.approx(
        3.437, rel=0.05
    )


def _load_maker():
    spec = importlib.util.spec_from_file_location(
        "make_hangzhou_like", DATA / "make_hangzhou_like.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_shipped_files_equal_a_fresh_regeneration(tmp_path):
    maker = _load_maker()
    fresh = maker.build().to_csv(tmp_path / maker.PREFIX)
    for suffix, path in zip(SUFFIXES, fresh):
        shipped = Path(f"{SHIPPED}_{suffix}.csv")
        a = pd.read_csv(shipped, index_col=0)
        b = pd.read_csv(path, index_col=0)
        assert list(a.columns) == list(b.columns), suffix
        assert list(a.index) == list(b.index), suffix
        np.testing.assert_array_equal(a.isna().to_numpy(), b.isna().to_numpy())
        # 6 significant digits are written; allow a last-digit flip across platforms
        np.testing.assert_allclose(
            a.to_numpy(dtype=float),
            b.to_numpy(dtype=float),
            rtol=2e-5,
            equal_nan=True,
            err_msg=suffix,
        )


def test_shipped_year_is_hangzhou_like():
    d = SimulatedDataset.read_csv(SHIPPED)
    assert d.conc.shape == (365, 25)
    assert d.conc.index[0] == pd.Timestamp("2021-01-01")
    assert d.conc.index[-1] == pd.Timestamp("2021-12-31")
    # Hangzhou's 2021 annual mean PM2.5 was 28 ug/m3 (2021 Hangzhou ecological-environment
    # bulletin); the simulated year should be close.
    assert 26.0 <= d.conc["PM2.5"].mean() <= 32.0
    # EPA PMF 5.0 layout: first column Date, identical headers in the con and unc files
    con_head = (SHIPPED.parent / f"{SHIPPED.name}_con.csv").read_text().splitlines()[0]
    unc_head = (SHIPPED.parent / f"{SHIPPED.name}_unc.csv").read_text().splitlines()[0]
    assert con_head == unc_head and con_head.startswith("Date,PM2.5,OC,EC,")
    miss = d.conc.isna().to_numpy().mean()
    assert 0.01 < miss < 0.03
    g = d.truth_contributions
    q = g.index.quarter
    cold, warm = q.isin([1, 4]), q.isin([2, 3])
    assert g.loc[cold, "secondary_nitrate"].mean() > 1.5 * g.loc[warm, "secondary_nitrate"].mean()
    assert g.loc[q == 3, "secondary_sulfate"].mean() > g.loc[q == 1, "secondary_sulfate"].mean()
    assert g.loc[q == 4, "biomass_burning"].mean() > g.loc[q == 2, "biomass_burning"].mean()
    # truth and noise agree: G @ F against the measured PM2.5, scaled residual ~ N(0, 1)
    ok = d.conc["PM2.5"].notna()
    z = (d.conc["PM2.5"][ok] - d.conc_true["PM2.5"][ok]) / pmf_uncertainty(
        d.conc_true["PM2.5"][ok], d.mdl["PM2.5"], d.error_fraction["PM2.5"]
    )
    assert abs(z.mean()) < 0.25 and 0.8 < z.std() < 1.2


def test_to_csv_round_trip_and_atomic(tmp_path):
    d = simulate(seed=5, n_samples=30)
    paths = d.to_csv(tmp_path / "x")
    assert [p.name for p in paths] == [f"x_{s}.csv" for s in SUFFIXES]
    back = SimulatedDataset.read_csv(tmp_path / "x")
    np.testing.assert_allclose(back.conc.to_numpy(), d.conc.to_numpy(), rtol=1e-5, equal_nan=True)
    np.testing.assert_allclose(
        back.truth_contributions.to_numpy(), d.truth_contributions.to_numpy(), rtol=1e-5
    )
    pd.testing.assert_series_equal(back.mdl, d.mdl, check_names=False)
    assert list(back.truth_profiles.index) == list(d.truth_profiles.index)
    # one target is a directory: nothing at all is written
    (tmp_path / "y_truth_profiles.csv").mkdir()
    with pytest.raises(IsADirectoryError):
        d.to_csv(tmp_path / "y")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("y")) == [
        "y_truth_profiles.csv"
    ]
    with pytest.raises(FileNotFoundError, match="does not exist"):
        d.to_csv(tmp_path / "no" / "such" / "dir" / "z")


# --- bad input -------------------------------------------------------------------------------


def test_negative_mdl_names_the_species():
    with pytest.raises(ValueError, match=r"mdl.*'Se'.*-0\.001"):
        simulate(seed=1, mdl={**dict.fromkeys(load_source_profiles().index, 0.01), "Se": -0.001})
    with pytest.raises(ValueError, match=r"mdl.*'PM2.5'"):
        simulate(seed=1, mdl=-1.0)


def test_unknown_or_missing_source_names():
    with pytest.raises(ValueError, match=r"sources: unknown source name 'ships'"):
        simulate(seed=1, sources={**HANGZHOU_LIKE_SOURCES, "ships": SourceActivity(mean=1.0)})
    partial = {k: v for k, v in HANGZHOU_LIKE_SOURCES.items() if k != "dust"}
    with pytest.raises(ValueError, match=r"no activity given for source 'dust'"):
        simulate(seed=1, sources=partial)


@pytest.mark.parametrize(
    "change, pattern",
    [
        ({"OC": 0.9}, r"source 'a': species fractions sum to 1\.1 > 1"),
        ({"EC": -0.1}, r"source 'a', species 'EC'.*outside \[0, 1\]"),
        ({"EC": 1.5}, r"source 'a', species 'EC'.*outside \[0, 1\]"),
        ({"EC": np.nan}, r"source 'a', species 'EC'.*not finite"),
        ({"PM2.5": 0.8}, r"source 'a', species 'PM2.5'.*total variable must be 1"),
    ],
)
def test_bad_profiles_name_source_and_species(change, pattern):
    p = _tiny_profiles()
    for sp, v in change.items():
        p.loc[sp, "a"] = v
    with pytest.raises(ValueError, match=pattern):
        simulate(p, seed=1, sources=_tiny_sources())


def test_bad_profile_file_names_the_file(tmp_path):
    f = tmp_path / "p.csv"
    f.write_text("species,a,b\nPM2.5,1,1\nOC,0.7,0.1\nEC,0.5,0.2\n")
    with pytest.raises(ValueError, match=r"p\.csv: profiles: source 'a'.*sum to 1\.2"):
        load_source_profiles(f)
    f.write_text("species,a\nPM2.5,1\nOC,lots\n")
    with pytest.raises(ValueError, match=r"p\.csv: source 'a': column is not numeric"):
        load_source_profiles(f)
    with pytest.raises(FileNotFoundError):
        load_source_profiles(tmp_path / "none.csv")
    # a reference column is allowed and ignored
    f.write_text("species,a,reference\nPM2.5,1,\nOC,0.3,SPECIATE\n")
    assert list(load_source_profiles(f).columns) == ["a"]


@pytest.mark.parametrize(
    "kwargs, exc, pattern",
    [
        ({"n_samples": 0}, ValueError, "n_samples"),
        ({"seed": -1}, ValueError, "seed"),
        ({"seed": 1.5}, ValueError, "seed"),
        ({"missing_fraction": 1.0}, ValueError, "missing_fraction"),
        ({"missing_fraction": -0.1}, ValueError, "missing_fraction"),
        ({"error_fraction": {"OC": 0.1}}, KeyError, "error_fraction.*'PM2.5'"),
        ({"error_fraction": -0.1}, ValueError, "error_fraction.*'PM2.5'"),
        ({"mdl": {"Unobtainium": 0.1}}, ValueError, "mdl: unknown species 'Unobtainium'"),
        ({"below_mdl_fraction": {"Se": 1.2}}, ValueError, r"below_mdl_fraction\['Se'\]"),
        ({"below_mdl_fraction": {"Se": 0.0}}, ValueError, r"below_mdl_fraction\['Se'\]"),
        ({"below_mdl_fraction": 0.2, "mdl": 0.1}, ValueError, "not both"),
        ({"start": "not a date"}, ValueError, "start"),
    ],
)
def test_bad_arguments_name_the_parameter(kwargs, exc, pattern):
    args = {"seed": 1, **kwargs}
    with pytest.raises(exc, match=pattern):
        simulate(**args)


@pytest.mark.parametrize(
    "activity, pattern",
    [
        (SourceActivity(mean=0.0), r"sources\['a'\]\.mean"),
        (SourceActivity(mean=1.0, gsd=0.5), r"sources\['a'\]\.gsd"),
        (SourceActivity(mean=1.0, amplitude=1.0), r"sources\['a'\]\.amplitude"),
        (SourceActivity(mean=1.0, persistence=1.0), r"sources\['a'\]\.persistence"),
        (SourceActivity(mean=float("nan")), r"sources\['a'\]\.mean"),
    ],
)
def test_bad_activity_names_source_and_parameter(activity, pattern):
    with pytest.raises(ValueError, match=pattern):
        simulate(_tiny_profiles(), seed=1, sources={"a": activity, "b": SourceActivity(mean=1)})


def test_mdl_mapping_missing_a_species_is_a_key_error():
    with pytest.raises(KeyError, match="mdl: no value for species 'SO4'"):
        simulate(
            _tiny_profiles(),
            seed=1,
            sources=_tiny_sources(),
            mdl={"PM2.5": 1.0, "OC": 0.1, "EC": 0.1},
        )


def test_shipped_files_read_with_aqm_io():
    from aqm import io

    con = io.read_delimited(f"{SHIPPED}_con.csv")
    unc = io.read_delimited(f"{SHIPPED}_unc.csv")
    d = SimulatedDataset.read_csv(SHIPPED)
    assert con.shape == unc.shape == (365, 25)
    np.testing.assert_array_equal(con.isna().to_numpy(), d.conc.isna().to_numpy())
    np.testing.assert_allclose(con.to_numpy(dtype=float), d.conc.to_numpy(), equal_nan=True)
    np.testing.assert_allclose(unc.to_numpy(dtype=float), d.unc.to_numpy(), equal_nan=True)
