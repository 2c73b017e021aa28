"""aqm.emis: values checked against hand evaluation of the formulas, analytic areas and the
plan's published district shares; never against numbers printed by the code under test."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import aqm
from aqm import emis
from aqm.cli import main as cli_main

ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]
PLAN_TOML = ROOT / "data" / "emis" / "hangzhou_2025_plan.toml"


def small() -> emis.Inventory:
    df = pd.DataFrame(
        {
            "sector": ["power", "industry/solvent", "transport", "transport"],
            "pollutant": ["NOx", "NMVOC", "NOx", "NMVOC"],
            "place": ["A", "A", "B", "B"],
            "value": [100.0, 50.0, 80.0, 20.0],
            "unit": ["t/yr"] * 4,
        }
    )
    return emis.Inventory.from_dataframe(df, name="small", year=2020)


def test_units_parsed_not_string_compared():
    assert emis.conversion_factor("kg m-2 s-1", "kg/m2/s") == pytest.approx(1.0)
    assert emis.conversion_factor("t/yr", "kg/s") == pytest.approx(1000 / (365.25 * 86400))
    assert emis.conversion_factor(
        "kgC", "kg", molecular_weight=58.08, basis_count=3
    ) == pytest.approx(58.08 / 36.033)
    with pytest.raises(aqm.UnitError, match=r"kg/m2/s.*t/yr"):
        emis.conversion_factor("kg/m2/s", "t/yr")
    with pytest.raises(ValueError):  # UnitError is a ValueError
        emis.parse_unit("ton")


def test_totals_scale_and_history():
    inv = small()
    tot = inv.totals()
    assert tot.loc["power", "NOx"] == 100.0
    assert inv.totals(by="top").loc["industry", "NMVOC"] == 50.0
    scaled = inv.scale({"NOx": {"transport": 0.5}, "NMVOC": 2.0}, source="test")
    t2 = scaled.totals()
    assert t2.loc["transport", "NOx"] == 40.0 and t2.loc["power", "NOx"] == 100.0
    assert t2.loc["industry/solvent", "NMVOC"] == 100.0
    assert scaled.history[-1]["name"] == "scale"
    assert scaled.history[-1]["parameters"]["NOx/transport"] == "0.5"
    with pytest.raises(KeyError, match="steel"):
        inv.scale({"NOx": {"steel": 0.5}})
    with pytest.raises(ValueError, match="NOx/power"):
        inv.scale({"NOx": {"power": -1}})


def test_csv_and_netcdf_round_trip(tmp_path):
    inv = small().scale(0.5)
    inv.to_csv(tmp_path / "inv.csv")
    back = emis.Inventory.from_csv(tmp_path / "inv.csv")
    np.testing.assert_array_equal(back.values, inv.values)
    assert [h["name"] for h in back.history][-2:] == ["scale", "read_csv"]
    pytest.importorskip("netCDF4")
    inv.to_netcdf(tmp_path / "inv.nc")
    nc = emis.Inventory.from_netcdf(tmp_path / "inv.nc")
    np.testing.assert_allclose(nc.values, inv.values)
    assert nc.units == inv.units and nc.sectors == inv.sectors
    assert nc.history[-2]["name"] == "scale"
    ds = inv.to_xarray()
    assert "sector" in ds.dims and ds.attrs["Conventions"] == "CF-1.10"


def test_bundled_inventory_meets_the_plan_district_shares():
    inv = emis.Inventory.bundled()
    df = inv.to_dataframe()
    city = df.groupby("pollutant")["value"].sum()
    xq = df[df["place"].isin(["xiaoshan", "qiantang"])].groupby("pollutant")["value"].sum()
    # plan section 1.(3).2: 47.2 % VOC, 27.4 % NOx, 29.9 % PM2.5, 34.9 % SO2
    for pol, share in {"NMVOC": 0.472, "NOx": 0.274, "PM2.5": 0.299, "SO2": 0.349}.items():
        assert xq[pol] / city[pol] == pytest.approx(share, abs=1e-5)
    assert city["NOx"] == pytest.approx(80000, rel=1e-5)
    assert len(inv.places) == 13


def test_scenario_from_toml_by_hand(tmp_path):
    toml = tmp_path / "s.toml"
    toml.write_text("""
[scenario]
name = "t"
base_year = 2020
target_year = 2025
[[growth]]
sector = "power"
annual_rate = 0.02
[[measure]]
name = "SCR"
sector = "power"
pollutant = "NOx"
efficiency = 0.8
penetration_base = 0.5
penetration_target = 0.9
[[target]]
pollutant = "NOx"
change_percent = -10
""")
    res = small().apply(toml)
    g = 1.02**5
    e = 100 * g * (1 - 0.72) / (1 - 0.40)
    assert res.scenario_totals.loc["power", "NOx"] == pytest.approx(e, rel=1e-12)
    assert res.contributions.loc["SCR", "NOx"] == pytest.approx(-100 * g * 0.8 * 0.4 / 0.6)
    assert res.contributions.loc["growth", "NOx"] == pytest.approx(100 * (g - 1))
    t = res.targets.iloc[0]
    assert t["change_percent"] == pytest.approx(100 * ((e + 80) / 180 - 1))
    assert bool(t["met"])
    ct = res.change_table()
    row = ct[(ct.sector == "power") & (ct.pollutant == "NOx")].iloc[0]
    assert row["change"] == pytest.approx(e - 100)
    assert res.top_measures("NOx").index[0] == "SCR"


@pytest.mark.parametrize(
    "body, err, text",
    [
        (
            '[[measure]]\nname="m"\nsector="power"\nefficiency=1.5\npenetration_target=1\n',
            ValueError,
            "measure\\[1\\] \\(m\\).*efficiency",
        ),
        (
            '[[measure]]\nname="m"\nsector="power"\nefficency=0.5\npenetration_target=1\n',
            ValueError,
            "unknown key",
        ),
        ('[[measure]]\nname="m"\nsector="power"\npenetration_target=1\n', KeyError, "efficiency"),
        ('[[growth]]\nsector="power"\n', ValueError, "annual_rate"),
        ("[[measure]\n", aqm.ParseError, "s.toml"),
    ],
)
def test_scenario_toml_errors_name_the_item(tmp_path, body, err, text):
    p = tmp_path / "s.toml"
    p.write_text(body)
    with pytest.raises(err, match=text):
        emis.Scenario.from_toml(p)


def test_plan_scenario_and_cli(tmp_path, capsys):
    sc = emis.Scenario.from_toml(PLAN_TOML)
    assert sc.base_year == 2020 and sc.target_year == 2025
    res = emis.Inventory.bundled().apply(sc)
    # the regional cement measure touches only the four named districts
    inv = res.inventory
    s, p = inv.sectors.index("industry/cement"), inv.pollutants.index("NOx")
    base = emis.Inventory.bundled().values
    for place in ("xihu", "xiaoshan"):
        r = inv.places.index(place)
        assert inv.values[s, p, r, 0] == pytest.approx(base[s, p, r, 0] * 1.02**5)
    r = inv.places.index("jiande")
    assert inv.values[s, p, r, 0] == pytest.approx(base[s, p, r, 0] * 1.02**5 * (1 - 0.54))
    assert cli_main(["emis", "apply", str(PLAN_TOML), "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "target NOx" in out
    assert (tmp_path / "hangzhou_2025_plan_change.csv").exists()


def test_temporal_allocation_preserves_totals_over_a_leap_year():
    inv = small()
    m = inv.allocate_time()
    assert m.time == "monthly"
    np.testing.assert_allclose(m.totals().to_numpy(), inv.totals().to_numpy(), rtol=1e-12)
    flat = emis.TemporalProfile()
    h = emis.hourly_fractions(flat, 2024, 8)
    assert len(h) == 8784 and h.sum() == pytest.approx(1.0, abs=1e-12)
    s = inv.hourly("A", "NOx", utc_offset_hours=8)
    assert len(s) == 8784 and s.sum() == pytest.approx(100.0)  # 2020 is a leap year


def test_speciation_moles_recover_mass():
    inv = emis.Inventory.bundled()
    mech = emis.load_mechanism()
    mw = dict(mech.species_mw)
    moles = inv.speciate("NMVOC", output="moles")
    species = [p for p in moles.pollutants if p in mw]
    v = moles.values
    # moles are in mol g-1 t/yr = 1e6 mol/yr; sum(moles * MW) in g -> t
    f = emis.conversion_factor(moles.units[species[0]], "mol/yr")
    mass_back = sum(v[:, moles.pollutants.index(sp)].sum() * f * mw[sp] for sp in species) / 1e6
    nmvoc = inv.totals()["NMVOC"].sum()
    assert nmvoc == pytest.approx(150000, rel=1e-8)
    assert mass_back == pytest.approx(nmvoc, rel=1e-12)
    for prof in emis.load_profiles().values():
        table = emis.speciation_table(prof)
        assert table.attrs["back_check"] == pytest.approx(1.0, abs=1e-12)


def test_localize_from_pmf_report():
    default = emis.load_profiles()["gas_station"]
    factor = pd.Series({"isopentane": 2.0, "n-butane": 3.0, "toluene": 1.0})  # ppb
    prof, rep = emis.localize_from_pmf(factor, name="pmf_f1", units="ppb", default=default)
    mw = {"isopentane": 72.151, "n-butane": 58.124, "toluene": 92.141}
    mass = {k: factor[k] * mw[k] for k in factor.index}
    total = sum(mass.values())
    got = dict(zip(prof.compounds, prof.fractions))
    for k in mass:
        assert got[k] == pytest.approx(mass[k] / total, rel=1e-4)
    # independent Pearson r / COD over the union of compounds
    comp = list(dict.fromkeys(list(prof.compounds) + list(default.compounds)))
    a = np.array([got.get(c, 0.0) for c in comp])
    dd = dict(zip(default.compounds, default.fractions))
    b = np.array([dd.get(c, 0.0) for c in comp])
    assert rep["pearson_r"] == pytest.approx(np.corrcoef(a, b)[0, 1])
    assert rep["cod"] == pytest.approx(math.sqrt(np.mean(((a - b) / (a + b)) ** 2)))
    assert rep["back_check"] == pytest.approx(1.0)
    with pytest.raises(KeyError, match="unobtainium"):
        emis.localize_from_pmf({"unobtainium": 1.0}, name="x", units="ppb")


def test_regrid_conserves_and_reports_outside():
    src = emis.LatLonGrid.regular(119.0, 29.5, 0.5, 0.5, 4, 4)
    dst = emis.LatLonGrid.regular(119.25, 29.5, 0.25, 0.25, 7, 8)
    core = aqm._core.emis.Inventory.on_grid(["s"], ["NOx"], src, "annual", ["t/yr"], 2020)
    core.values = np.full((1, 1, 16, 1), 10.0)
    inv = emis.Inventory(core)
    out = inv.regrid(dst)
    # the western column (4 cells of 10 t/yr) keeps half its area inside the target
    assert out.outside["NOx"] == pytest.approx(20.0)
    assert out.totals().loc["s", "NOx"] == pytest.approx(140.0)
    d2r = math.pi / 180
    w = emis.ConservativeRegridder(
        emis.LatLonGrid([0, 2, 4], [0, 30, 60]), emis.LatLonGrid([1, 3], [15, 45])
    )
    rows, cols, vals = w.triplets()
    w00 = 0.5 * (math.sin(30 * d2r) - math.sin(15 * d2r)) / math.sin(30 * d2r)
    assert dict(zip(cols, vals))[0] == pytest.approx(w00)


def test_hemco_algebra_from_python():
    alg = emis.ScaleAlgebra(2)
    alg.add_factor(emis.ScaleFactor(1, "x2", [2.0]))
    alg.add_mask(emis.Mask(2, "m", [1.0, 0.0]))
    alg.add_field(emis.BaseField("g", "NO", 1, 1, [1.0, 1.0], [1]))
    alg.add_field(emis.BaseField("r", "NO", 1, 2, [5.0, 5.0], [2]))
    assert alg.compute("NO").total == [5.0, 2.0]


def test_box_rates_by_hand():
    core = aqm._core.emis.Inventory(["traffic"], ["TOL"], ["city"], "annual", ["mol/s"], 2020)
    core.values = np.ones((1, 1, 1, 1))
    inv = emis.Inventory(core)
    df = inv.box_rates("city", height_m=1000.0, area_m2=1e6, profiles={})
    # 1 mol/s into 1e9 m3 = 1e15 cm3: N_A / 1e15 molecule cm-3 s-1 in every hour
    assert df["TOL"].to_numpy() == pytest.approx(np.full(24, 6.02214076e23 / 1e15))
    assert df.attrs["units"] == "molecule cm-3 s-1"


def test_gridded_netcdf_round_trip_and_monthly(tmp_path):
    pytest.importorskip("netCDF4")
    src = emis.LatLonGrid.regular(119.0, 29.5, 0.5, 0.5, 4, 3)
    core = aqm._core.emis.Inventory.on_grid(
        ["s", "t"], ["NOx", "CO"], src, "annual", ["t/yr", "kg m-2 s-1"], 2020
    )
    core.values = np.arange(48, dtype=float).reshape(2, 2, 12, 1)
    inv = emis.Inventory(core).allocate_time()
    inv.to_netcdf(tmp_path / "g.nc")
    back = emis.Inventory.from_netcdf(tmp_path / "g.nc")
    np.testing.assert_array_equal(back.values, inv.values)
    assert back.time == "monthly" and list(back.grid.lat_edges) == [29.5, 30.0, 30.5, 31.0]
    assert back.units == {"NOx": "t/yr", "CO": "kg m-2 s-1"}
    # per-area totals: value x spherical area; cell (0,0) is 0.5 x 0.5 deg at 29.5-30 N
    r = 6371007.2
    a00 = r * r * math.radians(0.5) * (math.sin(math.radians(30)) - math.sin(math.radians(29.5)))
    one = aqm._core.emis.Inventory.on_grid(["s"], ["CO"], src, "annual", ["kg m-2 s-1"], 2020)
    vals = np.zeros((1, 1, 12, 1))
    vals[0, 0, 0, 0] = 1e-9
    one.values = vals
    assert emis.Inventory(one).totals().loc["s", "CO"] == pytest.approx(1e-9 * a00, rel=1e-12)


def test_default_speciation_feeds_the_builtin_box_mechanism():
    """Every species the bundled CB6 speciation produces is a species of cb6_aqm, except UNR
    (unreactive mass, not simulated) — so a speciated inventory drives the box model as is."""
    from aqm import chem, emis

    inv = emis.Inventory.bundled("hangzhou_2020").speciate("NMVOC")
    produced = {p for p in inv.pollutants if inv.units[p] == "mol/yr"}
    mech = set(chem.Mechanism.builtin("cb6_aqm").species)
    assert produced, "speciation produced no mechanism species"
    assert produced - mech <= {"UNR"}
