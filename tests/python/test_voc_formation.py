"""OFP / SOA potential by source, against hand calculations and SPECIATE-derived values."""

from __future__ import annotations

import warnings
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from aqm import emis
from aqm.chem.voc import MissingCoefficientWarning, default_table
from aqm.pmf import PMF
from aqm.voc import (
    formation_intervals,
    formation_potential,
    inventory_formation_potential,
    source_concentrations,
)


def test_ofp_and_soap_of_two_sources_by_hand():
    # Carter (2010) MIR: toluene 4.00, ethene 9.00, benzene 0.72 g O3/g; Derwent et al. (2010)
    # SOAP: toluene 100, benzene 92.9 (reference voc-workflow.md §6.1).
    conc = pd.DataFrame(
        {"toluene": [10.0, 0.0], "ethene": [0.0, 4.0], "benzene": [5.0, 0.0]},
        index=["solvent", "traffic"],
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingCoefficientWarning)  # ethene SOAP may be absent
        fp = formation_potential(conc)
    src = fp.by_source
    assert src.at["solvent", "ofp"] == pytest.approx(10 * 4.00 + 5 * 0.72)
    assert src.at["traffic", "ofp"] == pytest.approx(4 * 9.00)
    assert src.at["solvent", "soap"] == pytest.approx(10 * 1.00 + 5 * 0.929)
    assert src.at["solvent", "voc"] == pytest.approx(15.0)
    assert src["ofp_share"].sum() == pytest.approx(1.0)
    assert src.at["traffic", "ofp_per_voc"] == pytest.approx(9.00)
    assert fp.ranking("ofp").index[0] == "solvent"
    assert list(fp.key_precursors(2).index) == ["toluene", "ethylene"]


def test_ppb_is_converted_at_the_stated_temperature_and_pressure():
    # 1 ppb toluene (M = 92.141) at 298.15 K and 101325 Pa: M p / (R T) 1e-3 = 3.7663 ug m-3.
    fp = formation_potential(pd.DataFrame({"toluene": [1.0]}, index=["s"]), unit="ppb")
    assert fp.by_source.at["s", "voc"] == pytest.approx(3.7663, rel=1e-4)
    assert fp.by_source.at["s", "ofp"] == pytest.approx(4.00 * 3.7663, rel=1e-4)
    warm = formation_potential(
        pd.DataFrame({"toluene": [1.0]}, index=["s"]), unit="ppb", temp=308.15, pressure=100000.0
    )
    assert warm.by_source.at["s", "voc"] == pytest.approx(
        92.141 * 100000 / (8.314462618 * 308.15) * 1e-3, rel=1e-4
    )


def test_sources_add_up_to_the_total():
    rng = np.random.default_rng(7)
    species = ["toluene", "benzene", "ethane", "n-butane", "isopentane", "ethene"]
    conc = pd.DataFrame(
        rng.uniform(0, 5, (4, len(species))), columns=species, index=[f"s{k}" for k in range(4)]
    )
    fp = formation_potential(conc)
    whole = formation_potential(conc.sum().to_frame("all").T)
    assert fp.by_source["ofp"].sum() == pytest.approx(whole.by_source.at["all", "ofp"], rel=1e-12)
    assert fp.by_species["ofp"].sum() == pytest.approx(fp.by_source["ofp"].sum(), rel=1e-12)


def test_species_without_mir_keep_their_mass_and_are_named():
    table = default_table()
    no_mir = [n for n in table.names if np.isnan(table.lookup(n)["mir"])]
    if not no_mir:
        pytest.skip("every registry species has a MIR")
    conc = pd.DataFrame({"toluene": [1.0], no_mir[0]: [3.0]}, index=["s"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fp = formation_potential(conc)
    messages = [str(w.message) for w in caught if w.category is MissingCoefficientWarning]
    assert any(m.startswith(f"no MIR for {no_mir[0]} (75.0% of the VOC mass)") for m in messages)
    assert fp.by_source.at["s", "voc"] == pytest.approx(4.0)
    assert fp.by_source.at["s", "unrated_mass"] == pytest.approx(3.0)
    assert fp.by_source.at["s", "ofp"] == pytest.approx(4.0)


def test_unknown_species_is_an_error_naming_it():
    with pytest.raises(KeyError, match="unobtainium"):
        formation_potential(pd.DataFrame({"unobtainium": [1.0]}, index=["s"]))


def _speciate_pams(shared, code: str) -> pd.Series:
    """A SPECIATE 5.2 profile on its PAMS-flagged species, renormalised to 100 (wt %)."""
    root = shared / "voc" / "speciate"
    rows = pd.read_csv(root / "species.csv", dtype={"profile_code": str})
    props = pd.read_csv(root / "species_properties.csv", dtype={"cas": str})
    d = rows[rows["profile_code"] == code].merge(props, on="species_id")
    d = d[d["pams"] == 1]
    table = default_table()
    names = {}
    for cas, name in zip(d["cas"], d["species_name"]):
        for key in (cas, name, name.split(" (or")[0]):
            if isinstance(key, str) and key in table:
                names[name] = table.resolve(key)
                break
    known = d[d["species_name"].isin(names)]
    assert known["weight_percent"].sum() / d["weight_percent"].sum() > 0.97, code
    w = known.groupby(known["species_name"].map(names))["weight_percent"].sum()
    return 100 * w / d["weight_percent"].sum()


@pytest.mark.parametrize(
    "code, expected",
    [("8856", 1.05), ("2441", 0.43), ("8762", 1.83), ("8763", 1.85), ("1185", 2.86)],
)
def test_ofp_per_mass_of_speciate_profiles(shared_data, code, expected):
    # voc-workflow.md §3.2: PAMS-renormalised SPECIATE 5.2 profiles x Carter (2010) MIR, given
    # to two decimals (LPG 1.05, natural gas 0.43, headspace E0 1.83 and E10 1.85, coal boiler
    # 2.86 g O3/g).
    profile = _speciate_pams(shared_data, code)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingCoefficientWarning)
        fp = formation_potential(profile.to_frame(code).T)
    assert fp.by_source.at[code, "ofp"] / 100.0 == pytest.approx(expected, abs=0.006)


def test_inventory_ofp_by_sector_matches_a_hand_sum():
    inv = emis.Inventory.bundled().speciate("NMVOC", output="compounds")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingCoefficientWarning)
        fp = inventory_formation_potential(inv)
    totals = inv.totals()
    table = default_table()
    sector = "solvent/industrial_coating"
    hand = 0.0
    for compound in totals.columns:
        if compound in table and not np.isnan(table.lookup(compound)["mir"]):
            hand += totals.at[sector, compound] * table.lookup(compound)["mir"]
    assert fp.by_source.at[sector, "ofp"] == pytest.approx(hand, rel=1e-12)
    assert fp.units == "t/yr"
    nmvoc = emis.Inventory.bundled().totals()["NMVOC"]
    assert fp.by_source["voc"].sum() == pytest.approx(nmvoc.sum(), rel=1e-9)


def test_inventory_without_compounds_is_refused():
    with pytest.raises(ValueError, match="speciate it first"):
        inventory_formation_potential(emis.Inventory.bundled())


def test_formation_figure_stacks_the_shares():
    import matplotlib

    matplotlib.use("Agg")
    from aqm.voc import plots

    conc = pd.DataFrame({"toluene": [3.0, 1.0], "ethane": [1.0, 5.0]}, index=["a", "b"])
    fp = formation_potential(conc)
    ax = plots.formation_shares(fp)
    heights = [p.get_height() for p in ax.patches]
    # two sources x three metrics; the three bars of each metric add up to 100 %
    assert len(heights) == 6
    assert heights[0] + heights[3] == pytest.approx(100.0)
    assert heights[0] == pytest.approx(100 * fp.by_source.loc["a", "voc_share"])
    matplotlib.pyplot.close("all")


def _bootstrap(runs: np.ndarray, factors: list[str], species: list[str]) -> xr.Dataset:
    return xr.Dataset(
        {"profiles": (("boot", "factor", "species"), runs)},
        coords={"boot": np.arange(1, len(runs) + 1), "factor": factors, "species": species},
    )


def test_bootstrap_intervals_by_hand():
    # two factors of one species each; five runs, the second factor unmapped in run 3
    species, factors = ["toluene", "ethene"], ["F1", "F2"]
    runs = np.array([[[t, 0.0], [0.0, e]] for t, e in zip([1, 2, 3, 4, 5], [2, 3, 4, 5, 6])])
    runs[2, 1, :] = np.nan
    model = SimpleNamespace(profiles_=pd.DataFrame(runs[0], index=factors, columns=species))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingCoefficientWarning)
        out = formation_intervals(model, _bootstrap(runs, factors, species), names={"F1": "paint"})
    # toluene MIR 4.00 (Carter 2010), SOAP 100; linear quantiles of 1..5: q5 = 1 + 0.2 (2 - 1)
    assert list(out.index) == ["paint", "F2"]
    assert out.at["paint", "ofp_q5"] == pytest.approx(4.00 * 1.2)
    assert out.at["paint", "ofp_q50"] == pytest.approx(4.00 * 3)
    assert out.at["paint", "soap_q95"] == pytest.approx(1.00 * (4 + 0.8 * (5 - 4)))
    # ethene MIR 9.00 over the four mapped runs 2, 3, 5, 6: median 4
    assert out.at["F2", "ofp_q50"] == pytest.approx(9.00 * 4)
    assert out.at["F2", "voc_q50"] == pytest.approx(4.0)
    assert out["n_runs"].to_dict() == {"paint": 5, "F2": 4}


def test_bootstrap_intervals_of_a_fit_bracket_its_base_potential():
    rng = np.random.default_rng(3)
    species = ["toluene", "ethene", "benzene", "propane", "n-butane", "isoprene"]
    truth = np.array([[5.0, 0.5, 2.0, 0.1, 0.2, 0.0], [0.2, 3.0, 0.5, 4.0, 2.0, 0.0]])
    truth = np.vstack([truth, [0.0, 0.0, 0.0, 0.0, 0.0, 2.0]])
    G = rng.lognormal(0.0, 0.6, (200, 3))
    X = G @ truth * (1 + 0.05 * rng.standard_normal((200, 6)))
    X = pd.DataFrame(np.clip(X, 1e-3, None), columns=species)
    model = PMF(3, n_runs=3, random_state=1, progress=False).fit(X, 0.05 * X + 0.01)
    bs = model.bootstrap(20, random_state=2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingCoefficientWarning)  # no SOAP for the alkanes
        out = formation_intervals(model, bs)
        base = formation_potential(source_concentrations(model)).by_source
    assert (out["n_runs"] == 20).all()
    assert (out["ofp_q5"] <= out["ofp_q50"]).all() and (out["ofp_q50"] <= out["ofp_q95"]).all()
    np.testing.assert_allclose(out["ofp_q50"], base["ofp"], rtol=0.05)
    assert ((out["voc_q5"] <= base["voc"] * 1.01) & (base["voc"] <= out["voc_q95"] * 1.01)).all()


def test_bootstrap_intervals_refuse_bad_input():
    species, factors = ["toluene"], ["F1"]
    model = SimpleNamespace(profiles_=pd.DataFrame([[1.0]], index=factors, columns=species))
    good = _bootstrap(np.ones((3, 1, 1)), factors, species)
    with pytest.raises(ValueError, match="'profiles'"):
        formation_intervals(model, good.drop_vars("profiles"))
    with pytest.raises(ValueError, match="quantiles"):
        formation_intervals(model, good, quantiles=(0.5, 0.05))
    with pytest.raises(ValueError, match="not the model's"):
        formation_intervals(model, _bootstrap(np.ones((3, 1, 1)), ["G1"], species))
    two = SimpleNamespace(
        profiles_=pd.DataFrame([[1.0], [2.0]], index=["F1", "F2"], columns=species)
    )
    with pytest.raises(ValueError, match="same source name"):
        formation_intervals(
            two, _bootstrap(np.ones((3, 2, 1)), ["F1", "F2"], species), names={"F2": "F1"}
        )
    with pytest.raises(ValueError, match="no run mapped"):
        formation_intervals(model, _bootstrap(np.full((3, 1, 1), np.nan), factors, species))
