"""Top-down vs bottom-up: shares, ratios, emission ratios and the adjustment scenario."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from aqm import emis
from aqm.voc import (
    compare_shares,
    emission_ratios,
    inventory_shares,
    receptor_shares,
    write_adjustment,
)


def _inventory() -> emis.Inventory:
    rows = []
    for sector, pol, place, value in [
        ("solvent/coating", "NMVOC", "near", 30.0),
        ("solvent/printing", "NMVOC", "near", 10.0),
        ("transport/gasoline", "NMVOC", "near", 40.0),
        ("industry", "NMVOC", "near", 20.0),
        ("solvent/coating", "NMVOC", "far", 100.0),
        ("transport/gasoline", "NOx", "near", 50.0),
        ("industry", "NOx", "far", 70.0),
    ]:
        rows.append(
            {
                "sector": sector,
                "pollutant": pol,
                "place": place,
                "time": "annual",
                "value": value,
                "unit": "t/yr",
            }
        )
    return emis.Inventory.from_dataframe(pd.DataFrame(rows), name="toy")


GROUPS = {"solvent": "solvent_use", "transport": "vehicles"}


def test_inventory_shares_weighted_near_the_site():
    shares = inventory_shares(_inventory(), GROUPS, weights={"near": 1.0})
    # near only: solvent 40, vehicles 40, industry (no selector) 20 of 100 t/yr
    assert shares.at["solvent_use", "share"] == pytest.approx(0.4)
    assert shares.at["vehicles", "share"] == pytest.approx(0.4)
    assert shares.at["unassigned", "share"] == pytest.approx(0.2)
    everywhere = inventory_shares(_inventory(), GROUPS)
    assert everywhere.at["solvent_use", "share"] == pytest.approx(140 / 200)


def test_most_specific_selector_wins():
    groups = {"solvent": "solvent_use", "solvent/printing": "printing"}
    shares = inventory_shares(_inventory(), groups, weights={"near": 1.0, "far": 0.0})
    assert shares.at["printing", "emission"] == pytest.approx(10.0)
    assert shares.at["solvent_use", "emission"] == pytest.approx(30.0)


def test_beijing_solvent_case():
    # Wang M. et al. 2014 (ACP 14:5871): paint and solvent use 14 % by CMB vs 32 % in the
    # inventory -> ratio 0.44; vehicles 49 % vs 40-51 % -> 0.96-1.23 (voc-workflow.md §8).
    receptor = pd.DataFrame(
        {"share": [0.14, 0.49], "share_u": [0.1, 0.1]}, index=["solvent", "vehicles"]
    )
    inventory = pd.DataFrame(
        {"share": [0.32, 0.45], "share_u": [0.2, 0.2]}, index=["solvent", "vehicles"]
    )
    cmp = compare_shares(receptor, inventory)
    assert cmp.at["solvent", "ratio"] == pytest.approx(0.4375)
    assert 0.96 <= cmp.at["vehicles", "ratio"] <= 1.23
    u = math.sqrt(0.1**2 + 0.2**2)
    assert cmp.at["solvent", "ratio_high"] == pytest.approx(0.4375 * math.exp(1.6448536 * u))
    assert not cmp.at["solvent", "agrees"]
    assert cmp.at["vehicles", "agrees"]


def test_one_sided_groups_stay_in_the_table():
    receptor = pd.DataFrame({"share": [1.0], "share_u": [0.0]}, index=["biogenic"])
    inventory = pd.DataFrame({"share": [1.0], "share_u": [0.0]}, index=["solvent"])
    cmp = compare_shares(receptor, inventory)
    assert cmp.at["biogenic", "ratio"] == math.inf
    assert cmp.at["solvent", "ratio"] == 0.0


def test_emission_ratio_recovers_a_known_slope():
    rng = np.random.default_rng(3)
    enh = rng.gamma(2.0, 200.0, 500)  # CO enhancement, ppb
    ambient = pd.DataFrame(
        {
            "CO": 150 + enh,
            "toluene": 0.05 + 0.004 * enh,
            "benzene": 0.2 + 0.001 * enh * rng.lognormal(0, 0.05, 500),
        }
    )
    moles = pd.Series({"CO": 1000.0, "toluene": 2.0, "benzene": 1.0})
    er = emission_ratios(ambient, moles, tracer="CO", seed=1)
    assert er.at["toluene", "ambient"] == pytest.approx(0.004, rel=1e-9)
    assert er.at["toluene", "ratio"] == pytest.approx(0.004 / 0.002, rel=1e-9)
    assert er.at["benzene", "ambient_low"] < er.at["benzene", "ambient"]
    assert er.at["benzene", "ambient"] < er.at["benzene", "ambient_high"]
    assert er.at["benzene", "ambient"] == pytest.approx(0.001, rel=0.03)
    again = emission_ratios(ambient, moles, tracer="CO", seed=1)
    pd.testing.assert_frame_equal(er, again)


def test_emission_ratio_bad_input():
    ambient = pd.DataFrame({"CO": np.arange(20.0), "toluene": np.arange(20.0)})
    with pytest.raises(KeyError, match="acetylene"):
        emission_ratios(ambient, pd.Series({"CO": 1.0}), tracer="acetylene")
    with pytest.raises(ValueError, match="must be > 0"):
        emission_ratios(ambient, pd.Series({"CO": 0.0, "toluene": 1.0}), tracer="CO")


def test_adjustment_file_scales_only_the_group_and_pollutant(tmp_path):
    inv = _inventory()
    cmp = pd.DataFrame(
        {"ratio": [0.5, 1.0], "agrees": [False, True]}, index=["solvent_use", "vehicles"]
    )
    path = tmp_path / "adjust.toml"
    factors = write_adjustment(path, cmp, GROUPS)
    assert factors == {"solvent": 0.5}
    result = inv.apply(path)
    base = result.base_totals
    assert base.at["solvent/coating", "NMVOC"] == pytest.approx(0.5 * 130.0)
    assert base.at["transport/gasoline", "NMVOC"] == pytest.approx(40.0)
    assert base.at["transport/gasoline", "NOx"] == pytest.approx(50.0)
    scale = inv.scenario_scale(path)
    s = inv.sectors.index("solvent/printing")
    assert scale[s, inv.pollutants.index("NMVOC")].tolist() == [0.5, 0.5]


@pytest.mark.parametrize(
    "entry, message",
    [
        ('sector = "solvent"\npollutant = "NMVOC"\nfactor = -1', "finite number >= 0"),
        ('sector = "solvent"\npollutant = "NMVOC"\nfactor = true', "finite number >= 0"),
        ('sector = "solvent"\nfactor = 0.5', "missing 'pollutant'"),
        ('sector = "solvent"\npollutant = "NMVOC"\nfactor = 0.5\nscale = 2', "unknown"),
    ],
)
def test_bad_adjust_entries_name_the_entry(tmp_path, entry, message):
    path = tmp_path / "bad.toml"
    path.write_text(f'[scenario]\nname = "x"\n[[adjust]]\n{entry}\n')
    with pytest.raises((ValueError, KeyError), match=message):
        emis.Scenario.from_toml(path)


def test_adjusting_an_unknown_sector_names_the_entry(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('[[adjust]]\nsector = "shipping"\npollutant = "NMVOC"\nfactor = 0.5\n')
    with pytest.raises(KeyError, match=r"adjust\[1\].*shipping"):
        _inventory().apply(path)


def test_receptor_shares_take_factor_names():
    from aqm.pmf import PMF

    rng = np.random.default_rng(5)
    F = np.array([[5.0, 1.0, 0.1, 0.2], [0.1, 0.5, 4.0, 2.0]])
    G = rng.gamma(2.0, 1.0, (80, 2))
    X = pd.DataFrame(
        G @ F * rng.lognormal(0, 0.05, (80, 4)),
        columns=["propane", "n-butane", "toluene", "m/p-xylene"],
    )
    model = PMF(2, n_runs=3, random_state=1, progress=False).fit(X, 0.1 * X + 0.01)
    names = {"Factor 1": "a", "Factor 2": "b"}
    shares = receptor_shares(model, model.bootstrap(10, random_state=1), names=names)
    assert list(shares.index) == ["a", "b"]
    assert shares["share"].sum() == pytest.approx(1.0)
    assert shares["share_u"].notna().all()
    # by hand: a factor's share is its profile's species sum over all factors' sums
    prof = model.profiles_
    assert shares.at["a", "share"] == pytest.approx(prof.loc["Factor 1"].sum() / prof.values.sum())
    merged = receptor_shares(model, names={"Factor 1": "a", "Factor 2": "a"})
    assert list(merged.index) == ["a"] and merged.at["a", "share"] == pytest.approx(1.0)
