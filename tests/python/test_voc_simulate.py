"""aqm.voc.simulate: known-truth identities, timing, reproducibility, shipped data, bad input."""

from __future__ import annotations

import filecmp
import importlib.util
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from aqm.voc import (
    HANGZHOU_LIKE_VOC_SOURCES,
    OhExposureModel,
    SimulatedVocData,
    VocSourceActivity,
    load_voc_kinetics,
    load_voc_source_profiles,
    simulate,
)
from aqm.voc.simulate import MOLAR_VOLUME, default_mdl

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "voc"
SUFFIXES = (
    "con",
    "unc",
    "mdl",
    "truth_profiles",
    "truth_contributions",
    "truth_oh_exposure",
    "met",
)
JULY = pd.date_range("2021-07-01", periods=31 * 24, freq="h")
YEAR = pd.date_range("2021-01-01", periods=8760, freq="h")


def _load_maker():
    spec = importlib.util.spec_from_file_location(
        "make_hangzhou_like_voc", DATA / "make_hangzhou_like_voc.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_bundled_profiles_are_mass_fractions_of_registry_species():
    prof = load_voc_source_profiles()
    assert list(prof.columns) == list(HANGZHOU_LIKE_VOC_SOURCES)
    assert np.allclose(prof.sum(axis=0), 1.0, atol=1e-5)
    assert 60 <= len(prof) <= 75
    assert prof.at["isoprene", "biogenic"] == 1.0
    # one SPECIATE profile per source, species below 0.1 % dropped
    assert prof[prof > 0].min().min() >= 1e-3
    # SPECIATE 2441 (commercial natural gas) without methane: ethane 69 %, propane 21 %
    assert prof.at["ethane", "lpg_ng"] > 0.6 and prof.at["propane", "lpg_ng"] > 0.2
    # The coatings' xylene lump is split 64/20/15 into m/p-xylene, o-xylene, ethylbenzene.
    solvent = prof["solvent_coatings"]
    assert solvent["m/p-xylene"] > 3 * solvent["o-xylene"] > 0
    koh = load_voc_kinetics()
    assert set(koh.index) == set(prof.index)
    assert koh["m/p-xylene"] == pytest.approx(1.87e-11)


def test_noise_free_data_equal_the_truth_with_photochemical_loss():
    d = simulate(
        JULY, seed=3, error_fraction=0.0, mdl=1e-9, missing_hours=0.0, missing_fraction=0.0
    )
    expected = (d.truth_contributions @ d.truth_profiles) * np.exp(
        -np.outer(d.truth_oh_exposure, d.koh[d.species])
    )
    assert np.allclose(d.conc.to_numpy(), expected.to_numpy(), rtol=0, atol=1e-8)
    # isoprene survives exp(-1e-10 * E): in a July afternoon (E ~ 5e10) less than 2 %.
    afternoon = d.truth_oh_exposure.index.hour == 14
    emitted = d.conc_initial_true["isoprene"] > 0  # biogenic only: none at night
    frac = d.conc_true["isoprene"][emitted] / d.conc_initial_true["isoprene"][emitted]
    assert np.allclose(frac, np.exp(-1e-10 * d.truth_oh_exposure[emitted]))
    assert frac[afternoon[emitted.to_numpy()]].median() < 0.02


def test_oh_exposure_has_the_documented_diurnal_and_seasonal_cycle():
    d = simulate(YEAR, seed=11)
    e = d.truth_oh_exposure
    night = e.index.hour < 7
    assert np.all(e[night] == 1e9)
    july14 = e[(e.index.month == 7) & (e.index.hour == 14)]
    jan14 = e[(e.index.month == 1) & (e.index.hour == 14)]
    # peak(doy) with the mean-one daily factor: ~5e10 in mid-July, ~1.5e10 in mid-January.
    assert july14.mean() == pytest.approx(4.9e10, rel=0.15)
    assert jan14.mean() == pytest.approx(1.55e10, rel=0.15)


def test_annual_shares_follow_the_source_activities():
    d = simulate(YEAR, seed=5)
    mean = d.truth_contributions.mean()
    share = mean / mean.sum()
    for name, act in HANGZHOU_LIKE_VOC_SOURCES.items():
        assert share[name] == pytest.approx(act.share, rel=0.25), name
    assert mean.sum() == pytest.approx(55.0, rel=0.2)
    # Traffic rush hours: 08:00 exhaust above 03:00 by more than the dilution alone.
    g = d.truth_contributions
    ratio = g["vehicle_exhaust"].groupby(g.index.hour).mean()
    flat = g["petrochemical"].groupby(g.index.hour).mean()
    assert ratio[8] / ratio[3] > 2 * flat[8] / flat[3]
    # Biogenic isoprene emission needs light: nothing at midnight, most in summer.
    bio = g["biogenic"]
    assert bio[bio.index.hour == 0].max() == 0.0
    assert bio[bio.index.month == 7].mean() > 10 * bio[bio.index.month == 1].mean()


def test_noise_mdl_and_missing_follow_the_pmf_conventions():
    d = simulate(JULY, seed=8)
    mdl = d.mdl
    # 0.02 ppb of a hydrocarbon, 0.05 ppb of an OVOC, at 298.15 K and 1 atm.
    assert mdl["benzene"] == pytest.approx(0.02 * 78.114 / 24.465, rel=1e-3)
    assert mdl["acetone"] == pytest.approx(0.05 * 58.080 / 24.465, rel=1e-3)
    assert MOLAR_VOLUME == pytest.approx(24.465, rel=1e-4)
    x, s = d.conc.to_numpy(), d.unc.to_numpy()
    below = np.isclose(x, 0.5 * mdl.to_numpy())
    assert np.allclose(s[below], (5 / 6 * np.broadcast_to(mdl.to_numpy(), x.shape))[below])
    above = ~below & ~np.isnan(x)
    ef = d.error_fraction.to_numpy()
    expect = np.sqrt((ef * x) ** 2 + (0.5 * mdl.to_numpy()) ** 2)
    assert np.allclose(s[above], expect[above])
    empty_rows = np.isnan(x).all(axis=1).mean()
    assert 0.01 < empty_rows < 0.06  # missing_hours = 0.03
    assert np.array_equal(np.isnan(x), np.isnan(s))


def test_same_seed_same_data_other_seed_other_data():
    a = simulate(JULY[:200], seed=42)
    b = simulate(JULY[:200], seed=42)
    c = simulate(JULY[:200], seed=43)
    pd.testing.assert_frame_equal(a.conc, b.conc)
    assert not np.allclose(a.truth_contributions, c.truth_contributions)
    # Changing the missing fraction leaves contributions, exposure and noise untouched.
    e = simulate(JULY[:200], seed=42, missing_hours=0.2)
    pd.testing.assert_frame_equal(a.truth_contributions, e.truth_contributions)
    kept = ~np.isnan(e.conc.to_numpy()) & ~np.isnan(a.conc.to_numpy())
    assert np.array_equal(a.conc.to_numpy()[kept], e.conc.to_numpy()[kept])


def test_round_trip_through_csv(tmp_path):
    d = simulate(JULY[:48], seed=1)
    paths = d.to_csv(tmp_path / "x")
    assert [p.name for p in paths] == [f"x_{s}.csv" for s in SUFFIXES]
    back = SimulatedVocData.read_csv(tmp_path / "x")
    assert np.allclose(back.conc, d.conc, rtol=1e-3, equal_nan=True)
    assert np.allclose(back.truth_oh_exposure, d.truth_oh_exposure, rtol=1e-5)
    assert list(back.truth_profiles.index) == d.sources
    assert back.koh.equals(back.koh.reindex(d.species))


def test_shipped_files_equal_a_fresh_regeneration(tmp_path):
    maker = _load_maker()
    fresh = maker.build().to_csv(tmp_path / maker.PREFIX)
    for suffix, path in zip(SUFFIXES, fresh):
        shipped = DATA / f"{maker.PREFIX}_{suffix}.csv"
        assert filecmp.cmp(shipped, path, shallow=False), suffix


def test_shipped_data_are_small_and_cover_a_winter_and_a_summer_month():
    total = sum((DATA / f"hangzhou_like_2021_voc_{s}.csv").stat().st_size for s in SUFFIXES)
    assert total < 3_000_000
    d = SimulatedVocData.read_csv(DATA / "hangzhou_like_2021_voc")
    assert sorted(set(d.conc.index.month)) == [1, 7]
    assert len(d.conc) == 31 * 24 * 2


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"seed": -1}, "seed"),
        (
            {"seed": 1, "times": pd.DatetimeIndex(["2021-01-01 01:00", "2021-01-01 00:00"])},
            "increasing",
        ),
        ({"seed": 1, "mean_total": 0.0}, "mean_total"),
        ({"seed": 1, "missing_hours": 1.5}, "missing_hours"),
        ({"seed": 1, "koh": {"toluene": 5e-12}}, "no value for species"),
        ({"seed": 1, "mdl": {"not a species": 1.0}}, "not a species: unknown species"),
        (
            {"seed": 1, "sources": {"vehicle_exhaust": VocSourceActivity(share=1.0)}},
            "no activity given",
        ),
        (
            {
                "seed": 1,
                "sources": {
                    **HANGZHOU_LIKE_VOC_SOURCES,
                    "vehicle_exhaust": VocSourceActivity(share=-1.0),
                },
            },
            "share",
        ),
        (
            {
                "seed": 1,
                "sources": {
                    **HANGZHOU_LIKE_VOC_SOURCES,
                    "vehicle_exhaust": VocSourceActivity(share=1.0, diurnal=(1.0,)),
                },
            },
            "diurnal",
        ),
        ({"seed": 1, "oh_exposure": OhExposureModel(night=1e11)}, "night"),
    ],
)
def test_bad_input_names_the_parameter(kwargs, message):
    kwargs.setdefault("times", JULY[:24])
    with pytest.raises((ValueError, KeyError), match=message):
        simulate(**kwargs)


def test_bad_profile_file_names_file_source_and_species(tmp_path):
    p = tmp_path / "prof.csv"
    p.write_text("species,a,b\ntoluene,0.5,1.0\nbenzene,0.6,0.0\n")
    with pytest.raises(ValueError, match=r"prof.csv: profiles: source 'a': fractions sum to 1.1"):
        load_voc_source_profiles(p)
    p.write_text("species,a\ntoluene,1.0\nunobtainium,0.0\n")
    with pytest.raises(KeyError, match="unobtainium"):
        load_voc_source_profiles(p)
    assert math.isclose(default_mdl(["toluene"])["toluene"], 0.02 * 92.141 / MOLAR_VOLUME)


def test_plume_factor_has_mean_one_and_peaks_at_the_bearing():
    src = VocSourceActivity(share=0.1, bearing=90.0, direction_kappa=2.0)
    wd = np.linspace(0.0, 360.0, 36000, endpoint=False)
    f = src.plume(wd)
    assert f.mean() == pytest.approx(1.0, rel=1e-9)  # exp(k(cos-1)) / (I0(k) e^-k)
    assert wd[np.argmax(f)] == pytest.approx(90.0)
    # by hand: exp(-2k) / (I0(2) e^-2) with I0(2) = 2.2795853 (Abramowitz & Stegun table 9.8)
    assert src.plume(np.array([270.0]))[0] == pytest.approx(
        math.exp(-4.0) / (2.2795853 * math.exp(-2.0)), rel=1e-6
    )
    assert np.all(VocSourceActivity(share=0.1).plume(wd) == 1.0)  # area source
    with pytest.raises(ValueError, match="direction_kappa"):
        VocSourceActivity(share=0.1, bearing=90.0, direction_kappa=-1.0).check("x")


def test_wind_turns_with_the_monsoon():
    from aqm.voc import WindModel

    times = pd.date_range("2021-01-01", periods=8760, freq="h")
    wd = WindModel().series(times, np.random.default_rng(3))
    assert np.all((wd >= 0) & (wd < 360))

    def circular_mean(deg):
        rad = np.radians(deg)
        return math.degrees(math.atan2(np.sin(rad).mean(), np.cos(rad).mean())) % 360

    # prevailing 340 deg in mid-January, 160 deg in mid-July (spread 60 deg, persistent)
    jan, jul = wd[times.month == 1], wd[times.month == 7]
    assert abs((circular_mean(jan) - 340 + 180) % 360 - 180) < 30
    assert abs((circular_mean(jul) - 160 + 180) % 360 - 180) < 30
    with pytest.raises(ValueError, match="spread"):
        WindModel(spread=-1.0).check()
