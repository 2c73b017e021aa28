"""aqm.chem.attribution: sector-resolved O3 attribution.  Reference values come from a linear
toy mechanism (V -> O3, closed-form answers: RIR = a source's share, additive zero-outs), the
inventory CSV summed by hand, and exact-zero properties; plus threads, CLI, plots, bad input."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

xr = pytest.importorskip("xarray")

from aqm.chem import BoxModel  # noqa: E402
from aqm.chem.attribution import Attribution  # noqa: E402
from aqm.chem.attribution_config import inventory_sources, plan_factors  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
K = 1.0e-4  # s-1, V -> O3


@pytest.fixture
def toy(tmp_path) -> BoxModel:
    path = tmp_path / "linear.eqn"
    path.write_text(
        "#DEFVAR\nV = IGNORE;\nO3 = IGNORE;\nNO = IGNORE;\n#EQUATIONS\n<R1> V = O3 : 1.0e-4 ;\n"
    )
    return BoxModel(path, duration=24, output_step=3600).solver(rtol=1e-7, atol=1e-3)


def flat(value: float, species: str = "V") -> pd.DataFrame:
    return pd.DataFrame({species: [value, value]}, index=[0.0, 86400.0])


def o3_end(e: float, t: float = 86400.0) -> float:
    """O3 at t from a constant source e of V (molecule cm-3 s-1): e t - e/k (1 - exp(-k t))."""
    return e * t - e / K * (1 - math.exp(-K * t))


def test_linear_toy_matches_the_closed_form(toy):
    e = {"a": 2e5, "b": 6e5}
    tonnes = pd.DataFrame({"NMVOC": [100.0, 300.0], "NOx": [0.0, 0.0]}, index=["a", "b"])
    plan = pd.DataFrame({"NMVOC": [0.5, 1.0], "NOx": [1.0, 1.0]}, index=["a", "b"])
    att = Attribution(
        toy,
        {"a": flat(e["a"]), "b": flat(e["b"]), "empty": flat(0.0)},
        tonnes=tonnes,
        nox_species=["NO"],
    )
    res = att.run(metric="peak_o3", plan=plan, small_cut=0.01, n_threads=2, progress=False)
    assert res.failed == []
    ppb = res.cases.attrs["ppb_molecules"] * 1e-9
    assert res.value("base", "(all)") == pytest.approx(o3_end(8e5) / ppb, rel=1e-5)
    sec = res.sectors
    # dO3 of a zero-out = minus the source's own O3; RIR = its share for a linear response.
    assert sec.loc["a", "dO3_zero"] == pytest.approx(-o3_end(e["a"]) / ppb, rel=1e-5)
    for m in ("peak_o3", "max_8h_o3", "net_po3"):
        assert res.rir("cut_voc", "a", m) == pytest.approx(0.25, rel=1e-5)
        assert res.rir("small_voc", "b", m, cut=0.01) == pytest.approx(0.75, rel=1e-4)
    assert sec.loc["a", "RIR_VOC"] == pytest.approx(0.25, rel=1e-5)
    # A source with no emissions changes nothing, exactly; it has no RIR (nothing to cut).
    assert sec.loc["empty", "dO3_zero"] == 0.0
    assert np.isnan(sec.loc["empty", "RIR_VOC"])
    assert np.isnan(sec.loc["a", "RIR_NOx"])  # no NOx: no NOx runs
    # Linear chemistry is additive.
    na = res.non_additivity.loc[("VOC", "peak_o3")]
    assert na["ratio"] == pytest.approx(1.0, rel=1e-5)
    # Ranking by contribution: b (75 %) first.
    assert list(sec.index[:2]) == ["b", "a"] and sec.loc["b", "rank"] == 1
    # Per kt: the 20 % cut of a (20 t/yr) lowers O3 by 0.2 x its O3.
    assert sec.loc["a", "dO3_per_kt_VOC"] == pytest.approx(
        -0.2 * o3_end(e["a"]) / ppb / (0.2 * 100 / 1000), rel=1e-5
    )
    # Species RIR of V: cutting all V by 20 % cuts O3 by 20 %.
    assert res.species.loc["V", "RIR_peak_o3"] == pytest.approx(1.0, rel=1e-5)
    # Plan: a halved -> dO3 = -0.5 x a's O3, 50 t cut, per kt by hand; no interaction.
    plan_t = res.plan
    assert plan_t.loc["a", "dO3_plan"] == pytest.approx(-0.5 * o3_end(e["a"]) / ppb, rel=1e-5)
    assert plan_t.loc["a", "VOC_cut_t_yr"] == pytest.approx(50.0)
    assert plan_t.loc["a", "dO3_plan_per_kt"] == pytest.approx(plan_t.loc["a", "dO3_plan"] / 0.05)
    assert abs(plan_t.loc["interaction", "dO3_plan"]) < 1e-5 * abs(plan_t.loc["plan", "dO3_plan"])


def test_observed_voc_split_by_source(toy):
    # V held at c1 + c2: O3(T) = k (c1 + c2) T; a (source, species) column table.
    c1, c2 = 1e9, 3e9
    table = pd.DataFrame({("a", "V"): [c1, c1], ("b", "V"): [c2, c2]}, index=[0.0, 86400.0])
    att = Attribution(toy, constraints=table, constraint_units="molecule cm-3", nox_species=["NO"])
    res = att.run(metric="peak_o3", species_rir=False, progress=False)
    ppb = res.cases.attrs["ppb_molecules"] * 1e-9
    assert res.value("base", "(all)") == pytest.approx(K * (c1 + c2) * 86400 / ppb, rel=1e-6)
    assert res.sectors.loc["a", "RIR_VOC"] == pytest.approx(0.25, rel=1e-6)
    base = att.base_box().run()
    assert float(base["concentration"].sel(species="V")[5]) == pytest.approx(c1 + c2)


def test_measured_species_are_lumped_into_cb6():
    # toluene -> TOL and ethene -> ETH (1 mol/mol, data/voc/voc_species.csv): the base box holds
    # TOL at the sum of the two sources' toluene.
    index = [0.0, 86400.0]
    obs = {
        "vehicles": pd.DataFrame({"toluene": [1.0, 1.0], "ethene": [2.0, 2.0]}, index=index),
        "solvent": pd.DataFrame({"toluene": [3.0, 3.0]}, index=index),
    }
    att = Attribution(urban(), constraints=obs)
    assert sorted(att.voc_species) == ["ETH", "TOL"]
    ds = att.base_box().run()
    assert float(ds["mixing_ratio"].sel(species="TOL")[10]) == pytest.approx(4.0, rel=1e-9)
    res = att.run(cut=0.2, progress=False)
    sp = res.species
    assert set(sp.index) >= {"TOL", "ETH", "toluene", "ethene", "all VOC"}
    assert sp.loc["ethene", "level"] == "measured" and sp.loc["ETH", "level"] == "mechanism"
    # ETH comes only from ethene and TOL only from toluene: cutting the measured species is
    # cutting the mechanism species.
    for measured, lumped in (("ethene", "ETH"), ("toluene", "TOL")):
        assert sp.loc[measured, "RIR_max_8h_o3"] == pytest.approx(
            sp.loc[lumped, "RIR_max_8h_o3"], rel=1e-9, abs=1e-12
        )
    # Solvent holds 3 of the 4 ppb of TOL and nothing else: its 20 % cut is a 15 % cut of TOL,
    # so (near linear) its RIR is 3/4 of TOL's (toluene is a weak net O3 sink in this box).
    r_tol = res.species.loc["TOL", "RIR_max_8h_o3"]
    assert res.sectors.loc["solvent", "RIR_VOC"] == pytest.approx(0.75 * r_tol, rel=0.05, abs=2e-4)


def urban() -> BoxModel:
    b = BoxModel("cb6_aqm", start="2020-07-15 00:00", duration=24, output_step=1800, utc_offset=8)
    b.environment(temp=300.0, rh=60.0, pressure=1013.25).photolysis(lat=30.25, lon=120.17)
    b.initial(
        {
            "O3": 40,
            "NO": 5,
            "NO2": 15,
            "CO": 300,
            "PAR": 60,
            "OLE": 2,
            "TOL": 3,
            "XYLMN": 2,
            "ETH": 3,
            "FORM": 3,
            "ISOP": 1,
            "CH4": 1900,
            "H2": 550,
        }
    )
    b.dilution(1 / 86400, {"O3": 40, "CO": 200, "CH4": 1900, "H2": 550})
    return b


def test_cb6_threads_give_identical_numbers_and_signs_follow_the_regime():
    index = [0.0, 86400.0]
    em = {
        "traffic": pd.DataFrame({"NO": [2.0, 2.0], "PAR": [2.0, 2.0]}, index=index),
        "solvent": pd.DataFrame({"PAR": [4.0, 4.0], "TOL": [0.3, 0.3]}, index=index),
        "none": pd.DataFrame(
            {"PAR": [0.0, 0.0, 0.0], "NO": [0.0, 0.0, 0.0]}, index=[0.0, 43200.0, 86400.0]
        ),
    }
    att = Attribution(urban(), em, units="ppb h-1")
    one = att.run(n_threads=1, progress=False)
    two = att.run(n_threads=2, small_cut=0.01, progress=False)
    for m in ("peak_o3", "max_8h_o3", "net_po3"):
        same_cases = two.cases[m].sel(case=one.cases["case"].values).values
        assert np.array_equal(one.cases[m].values, same_cases)  # 1 and 2 threads, bit for bit
        assert two.delta("zero", "none", m) == 0.0  # a source with no emissions, exactly
    # The isopleth code finds this box VOC-limited at the base point: VOC cuts must lower O3
    # and NOx cuts raise it, sector by sector.
    iso = att.base_box().isopleth(
        [0.5, 0.8, 1.0, 2.0],
        [0.25, 0.5, 0.8, 1.0, 2.0],
        voc_species=att.voc_species,
        scale=("emission",),
        progress=False,
    )
    assert iso.attrs["regime_max_8h_o3"] == "VOC-limited"
    sec = two.sectors
    assert sec.loc["solvent", "RIR_VOC"] > 0 and sec.loc["traffic", "RIR_VOC"] > 0
    assert sec.loc["traffic", "RIR_NOx"] < 0
    # The isopleth's (1, 0.8) cell is the all-source NOx cut, through another code path (a
    # joint solve with its column group: the same within the solver's rtol, 1e-3).
    assert float(iso["max_8h_o3"].sel(voc_factor=1.0, nox_factor=0.8)) == pytest.approx(
        two.value("cut_nox", "(all)"), rel=1e-3
    )
    # Linearity: a 1 % cut's dO3 is close to the 20 % RIR's prediction.
    for cls, s in (("voc", "solvent"), ("nox", "traffic")):
        pred = -two.rir(f"cut_{cls}", s) * 0.01 * two.value("base", "(all)")
        assert two.delta(f"small_{cls}", s) == pytest.approx(pred, rel=0.25)
    rir = two.species["RIR_max_8h_o3"]
    assert rir["all NOx"] < 0 < rir["all VOC"]
    assert set(two.species.index) >= {"PAR", "TOL"}


def test_inventory_sources_sum_to_the_inventory():
    from aqm import emis

    inv = emis.Inventory.bundled("hangzhou_2020")
    src = inventory_sources(inv, "xiaoshan", area_m2=1163e6)
    summed = sum(src.emissions.values()).add(src.other, fill_value=0.0)
    total = src.total[summed.columns]
    assert float((summed - total).abs().max().max() / total.abs().max().max()) < 1e-12
    # Tonnes by hand from the CSV.
    df = inv.to_dataframe()
    hand = df[
        (df.place == "xiaoshan") & (df.sector == "solvent/printing") & (df.pollutant == "NMVOC")
    ].value.sum()
    assert src.tonnes.loc["solvent/printing", "NMVOC"] == pytest.approx(hand, rel=1e-12)
    assert "industry/cement" in src.emissions and src.tonnes.loc["industry/cement", "NMVOC"] == 0
    plan = plan_factors(
        inv, ROOT / "data" / "emis" / "hangzhou_2025_plan.toml", "xiaoshan", list(src.emissions)
    )
    applied = inv.apply(ROOT / "data" / "emis" / "hangzhou_2025_plan.toml").inventory.to_dataframe()
    after = applied[
        (applied.place == "xiaoshan")
        & (applied.sector == "solvent/printing")
        & (applied.pollutant == "NMVOC")
    ].value.sum()
    assert plan.loc["solvent/printing", "NMVOC"] == pytest.approx(after / hand, rel=1e-12)


def test_inventory_sources_take_other_profiles():
    # A coating profile of pure toluene: the coating sector's VOC becomes TOL only, its moles
    # are the sector's NMVOC mass / 92.141 g mol-1 (toluene), and other sectors are unchanged.
    from aqm import _core, emis
    from aqm.emis.speciation import load_profiles

    inv = emis.Inventory.bundled("hangzhou_2020")
    profiles = load_profiles()
    base = inventory_sources(inv, "xiaoshan", area_m2=1163e6, profiles=profiles)
    profiles["solvent_industrial"] = _core.emis.SpeciationProfile(
        "solvent_industrial", ["toluene"], [1.0], "test"
    )
    tol = inventory_sources(inv, "xiaoshan", area_m2=1163e6, profiles=profiles)
    coat = tol.emissions["solvent/industrial_coating"]
    voc_cols = [c for c in coat.columns if c not in ("NO", "NO2") and coat[c].abs().sum() > 0]
    assert voc_cols == ["TOL"]
    pd.testing.assert_frame_equal(
        tol.emissions["transport/onroad_gasoline"], base.emissions["transport/onroad_gasoline"]
    )
    mass = tol.tonnes.loc["solvent/industrial_coating", "NMVOC"] * 1e6 / 92.141  # mol/yr
    seconds = 365.25 * 86400
    flux_mean = coat["TOL"].mean() * 1163e6 * 1e4 / 6.02214076e23  # mol s-1 over the district
    assert flux_mean * seconds == pytest.approx(mass, rel=1e-3)


def test_plots_draw(toy):
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    from aqm.chem import plots

    plan = pd.DataFrame({"NMVOC": [0.5], "NOx": [1.0]}, index=["a"])
    att = Attribution(
        toy,
        {"a": flat(2e5), "b": flat(6e5)},
        nox_species=["NO"],
        tonnes=pd.DataFrame({"NMVOC": [1.0, 2.0], "NOx": [0.0, 0.0]}, index=["a", "b"]),
    )
    res = att.run(plan=plan, progress=False)
    for draw in (
        plots.plot_sector_contributions,
        plots.plot_sector_ranking,
        plots.plot_species_rir,
        plots.plot_plan_waterfall,
    ):
        ax = draw(res)
        assert ax.has_data()
        matplotlib.pyplot.close(ax.figure)


def test_bad_input_names_the_item(toy):
    em = {"a": flat(2e5), "b": flat(6e5)}
    with pytest.raises(KeyError, match="unknown source 'c'"):
        Attribution(toy, em, sectors={"x": ["a", "c"]})
    with pytest.raises(ValueError, match="both 'x' and 'y'"):
        Attribution(toy, em, sectors={"x": ["a"], "y": ["a", "b"]})
    with pytest.raises(ValueError, match="in no sector: b"):
        Attribution(toy, em, sectors={"x": ["a"]})
    with pytest.raises(ValueError, match="give emissions"):
        Attribution(toy, {})
    with pytest.raises(KeyError, match="NOPE"):
        Attribution(toy, {"a": flat(1.0, "NOPE")}).run(progress=False)
    att = Attribution(toy, em, nox_species=["NO"])
    with pytest.raises(ValueError, match="metric"):
        att.run(metric="mean")
    with pytest.raises(KeyError, match="unknown sources z"):
        att.run(plan=pd.DataFrame({"NMVOC": [1.0], "NOx": [1.0]}, index=["z"]))
    with pytest.raises(ValueError, match="cut"):
        att.run(cut=1.5)
    import aqm

    with pytest.raises(aqm.UnitError, match="a/V"):
        Attribution(toy, em, units="kg s-1")


def test_cli_attribute(tmp_path, capsys, monkeypatch):
    pytest.importorskip("netCDF4")
    pytest.importorskip("matplotlib")
    from aqm.cli import main

    monkeypatch.chdir(tmp_path)
    text = (ROOT / "data" / "box" / "hangzhou_attribution.toml").read_text()
    box_dir = ROOT / "data" / "box"
    text = (
        text.replace(
            'observations = "hangzhou_summer_day.csv"',
            f'observations = "{box_dir / "hangzhou_summer_day.csv"}"',
        )
        .replace(
            'plan = "../emis/hangzhou_2025_plan.toml"',
            f'plan = "{ROOT / "data" / "emis" / "hangzhou_2025_plan.toml"}"',
        )
        .replace("spin_up_days = 8", "spin_up_days = 0")
        .replace("output_step_s = 600", "output_step_s = 1800")
        .replace("species_rir = true", "species_rir = false")
    )
    cfg = tmp_path / "att.toml"
    cfg.write_text(text)
    assert main(["box", "attribute", str(cfg), "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "non-additivity" in out and "diesel_vehicles" in out
    sectors = pd.read_csv(tmp_path / "hangzhou_attribution_sectors.csv", index_col=0)
    assert len(sectors) == 10 and sorted(sectors["rank"]) == sorted(sectors["rank"])
    for name in ("plan.csv", "non_additivity.csv", "sectors.png", "plan.png", "ranking.png"):
        assert (tmp_path / f"hangzhou_attribution_{name}").exists()
    ds = xr.open_dataset(tmp_path / "hangzhou_attribution.nc")
    assert "sector_RIR_VOC" in ds and ds.sizes["sector"] == 10
    ds.close()
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace('place = "xiaoshan"', 'place = "atlantis"'))
    assert main(["box", "attribute", str(bad), "--no-progress"]) == 2
    assert "atlantis" in capsys.readouterr().err
