"""Species-resolved VOC inventory: conservation, coverage, assignment levels, lumping, files."""

from __future__ import annotations

import csv
import json
import math

import numpy as np
import pandas as pd
import pytest

from aqm import _core, emis, voc
from aqm._data import data_path
from aqm.cli import main
from aqm.emis.species_inventory import UNMAPPED, speciate_inventory

TOL = 1e-12


@pytest.fixture(scope="module")
def district():
    return speciate_inventory(emis.Inventory.bundled())


def _raw_reference(code):
    """species -> weight_percent of one SPECIATE code, read straight from the bundled CSV."""
    with open(data_path("voc/reference_profiles.csv"), newline="") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        return {r["species"]: float(r["weight_percent"]) for r in rows if r["profile_code"] == code}


def _raw_registry():
    with open(data_path("voc/voc_species.csv"), newline="") as f:
        return {
            r["name"]: r for r in csv.DictReader(line for line in f if not line.startswith("#"))
        }


def _inventory(sectors, values, unit="t/yr"):
    rows = [
        {
            "sector": s,
            "pollutant": "NMVOC",
            "place": "a",
            "time": "annual",
            "value": v,
            "unit": unit,
        }
        for s, v in zip(sectors, values)
    ]
    return emis.Inventory.from_dataframe(pd.DataFrame(rows), name="hand")


def _library(profiles):
    """A localized library from (name, source_type, {species: fraction})."""
    core = _core.voc.ProfileLibrary()
    core.metadata = {
        "site": "Test site",
        "period": "2021",
        "method": "hand",
        "pmf_settings": "-",
        "data_hash": "0",
        "concentrations": "mean",
        "version": "1.2.0",
        "created_by": "test",
    }
    out = []
    for name, stype, shares in profiles:
        p = _core.voc.LocalizedProfile()
        n = len(shares)
        p.name, p.source_type, p.reference = name, stype, "hand"
        p.species, p.fraction = list(shares), list(shares.values())
        p.origin = ["measured"] * n
        p.p05 = p.p50 = p.p95 = p.disp_lower = p.disp_upper = [math.nan] * n
        out.append(p)
    core.profiles = out
    return voc.ProfileLibrary(core)


# ------------------------------------------------------------------------------ conservation
@pytest.mark.parametrize("name", ["hangzhou_2020", "hangzhou_2020_grid"])
def test_conservation_per_sector(name):
    inv = emis.Inventory.bundled(name)
    res = speciate_inventory(inv)
    nmvoc_in = inv.totals()["NMVOC"]  # independent of the speciated arrays
    out = res.inventory.values.sum(axis=(1, 2, 3))
    for s, sector in enumerate(res.inventory.sectors):
        expected = nmvoc_in[sector]
        assert abs(out[s] - expected) <= TOL * max(expected, 1e-300), sector
    cons = res.conservation()
    assert cons["relative_difference"].max() <= TOL
    assert cons["max_cell_relative_difference"].max() <= TOL
    assert cons["nmvoc"].sum() > 0


@pytest.mark.parametrize("factor", [1e-9, 3.7, 1e9])
def test_conservation_at_other_scales(factor):
    inv = emis.Inventory.bundled().scale(factor)
    res = speciate_inventory(inv)
    assert res.conservation()["max_cell_relative_difference"].max() <= TOL
    lumped = res.lump("cb6")
    assert lumped.back_check()["relative_difference"].max() <= TOL


def test_at_least_80_registry_species(district):
    reg = _raw_registry()
    comps = district.compounds
    assert len(comps) >= 80
    assert all(c in reg for c in comps)
    assert "methane" not in comps
    assert district.inventory.units[UNMAPPED] == "t/yr"


def test_hand_calculation_one_reference_profile():
    """10 t/yr on storage/gas_station (SPECIATE 8762): compound = 10 wt%/100, unmapped =
    10 (1 - listed registry share); methane and lumps count as unmapped."""
    res = speciate_inventory(_inventory(["storage/gas_station"], [10.0]))
    raw = _raw_reference("8762")
    reg = _raw_registry()
    known = {k: v for k, v in raw.items() if k in reg and k != "methane"}
    totals = res.species_totals()
    for name, w in known.items():
        assert totals[name] == pytest.approx(10.0 * w / 100.0, rel=1e-14)
    assert totals[UNMAPPED] == pytest.approx(10.0 * (1 - sum(known.values()) / 100.0), rel=1e-12)
    plan = res.assignment().iloc[0]
    assert (plan["level"], plan["profile"], plan["selector"]) == (
        "reference",
        "8762",
        "storage/gas_station",
    )


# ------------------------------------------------------------------------------ levels
def test_assignment_levels(tmp_path):
    table = tmp_path / "table.csv"
    table.write_text(
        "sector,profile_code,weight\n"
        "transport/onroad_gasoline,8751a,0.25\ntransport/onroad_gasoline,8757,0.75\n"
        "residential,1084,1\n*,8950,1\n"
    )
    lib = _library(
        [("evap_local", "gasoline_evaporation", {"propane": 0.5, "ethane": 0.3, "toluene": 0.2})]
    )
    sectors = [
        "transport/onroad_gasoline",
        "residential/cooking",
        "storage/gas_station",
        "mystery",
        "dust/road",
    ]
    inv = _inventory(sectors, [4.0, 2.0, 1.0, 3.0, 0.0])
    res = speciate_inventory(inv, library=lib, table=table)
    plan = res.assignment().set_index("sector")
    assert plan.loc["transport/onroad_gasoline", "level"] == "reference"
    assert plan.loc["transport/onroad_gasoline", "profile"] == "8751a+8757"
    assert plan.loc["residential/cooking", ["level", "selector", "profile"]].tolist() == [
        "parent",
        "residential",
        "1084",
    ]
    assert plan.loc["storage/gas_station", ["level", "selector", "profile"]].tolist() == [
        "localized",
        "storage",
        "evap_local",
    ]
    assert plan.loc["storage/gas_station", "version"].startswith("1.2.0")
    assert plan.loc["mystery", ["level", "selector", "profile"]].tolist() == [
        "default",
        "*",
        "8950",
    ]
    # composite: 4 t/yr x (0.25 w8751a + 0.75 w8757) of benzene, from the raw file
    a, b = _raw_reference("8751a"), _raw_reference("8757")
    expected = 4.0 * (0.25 * a["benzene"] + 0.75 * b["benzene"]) / 100.0
    vals = res.inventory.values[:, res.inventory.pollutants.index("benzene"), 0, 0]
    assert vals[0] == pytest.approx(expected, rel=1e-13)
    # the localized profile is all registry species: storage has no unmapped mass
    assert res.unmapped().loc["storage/gas_station", "unmapped"] == 0.0
    assert res.species_totals()["propane"] >= 0.5
    assert res.conservation()["relative_difference"].max() <= TOL


def test_profile_of_unknown_species_is_all_unmapped():
    lib = _library([("odd", "petrochemical", {"unknown compound x": 0.6, "methane": 0.4})])
    res = speciate_inventory(_inventory(["industry/chemical"], [7.0]), library=lib)
    un = res.unmapped().loc["industry/chemical"]
    assert un["unmapped"] == pytest.approx(7.0, rel=1e-15) and un["share"] == pytest.approx(1.0)
    assert "unknown compound x 0.6" in un["holds"] and "methane 0.4" in un["holds"]
    assert res.compounds == []


# ------------------------------------------------------------------------------ lumping
def test_cb6_lumping_back_check_and_hand_value(district):
    lumped = district.lump("cb6")
    bc = lumped.back_check()
    assert bc["relative_difference"].max() <= TOL
    assert lumped.inventory.units["TOL"] == "mol/yr"
    # TOL by hand (S2S-Tool mechanism basis) from the raw registry and CB6 MW files:
    # n_TOL = sum_c m_c k_c,TOL / sum_j k_cj MW_j over compounds whose CB6 text names TOL
    with open(data_path("emis/cb6_species_mw.csv"), newline="") as f:
        mw = {
            r["species"]: float(r["molecular_weight"])
            for r in csv.DictReader(line for line in f if not line.startswith("#"))
        }
    reg = _raw_registry()
    totals = district.species_totals()
    expected = 0.0
    for c in district.compounds:
        terms = [t.split(":") for t in reg[c]["cb6"].split(";") if ":" in t]
        moles = {sp: float(n) for sp, n in terms}
        if "TOL" in moles:
            expected += totals[c] * 1e6 * moles["TOL"] / sum(n * mw[sp] for sp, n in moles.items())
    assert expected > 0
    assert lumped.species_totals()["TOL"] == pytest.approx(expected, rel=1e-12)
    # unmapped mass carried over, plus compounds without a CB6 species
    un = lumped.species_totals()[UNMAPPED]
    extra = sum(district.species_totals()[c] for c in lumped.not_mapped)
    assert un == pytest.approx(district.species_totals()[UNMAPPED] + extra, rel=1e-12)


def test_mcm_lumping_by_hand(district):
    lumped = district.lump("mcm")
    reg = _raw_registry()
    assert lumped.back_check()["relative_difference"].max() <= TOL
    tol = reg["toluene"]
    n = lumped.species_totals()[tol["mcm"]]
    assert n == pytest.approx(
        district.species_totals()["toluene"] * 1e6 / float(tol["mw"]), rel=1e-12
    )
    no_mcm = [c for c in district.compounds if not reg[c]["mcm"]]
    assert sorted(lumped.not_mapped) == sorted(no_mcm)


def test_unknown_mechanism(district):
    with pytest.raises(KeyError, match="racm"):
        district.lump("racm")


# ------------------------------------------------------------------------------ files
def test_netcdf_round_trip(district, tmp_path):
    path = tmp_path / "voc.nc"
    district.to_netcdf(path)
    prov = emis.read_provenance(path)
    assert prov["speciation_profiles"] == json.loads(
        json.dumps(district.assignment().to_dict("records"))
    )
    assert set(prov["unmapped_mass"]) == set(district.inventory.sectors)
    import xarray as xr

    with xr.open_dataset(path) as ds:
        tol = ds["toluene"].attrs
        assert (tol["cas"], tol["molecular_weight"]) == (
            "108-88-3",
            float(_raw_registry()["toluene"]["mw"]),
        )
        assert ds["toluene"].attrs["units"] == "t/yr"
    back = emis.Inventory.from_netcdf(path)
    assert set(back.pollutants) == set(district.inventory.pollutants)
    i, j = back.pollutants.index("toluene"), district.inventory.pollutants.index("toluene")
    np.testing.assert_array_equal(back.values[:, i], district.inventory.values[:, j])


def test_csv_round_trip_and_lumped_netcdf(district, tmp_path):
    path = tmp_path / "voc.csv"
    district.to_csv(path)
    prov = emis.read_provenance(path)
    assert [r["profile"] for r in prov["speciation_profiles"]] == list(
        district.assignment()["profile"]
    )
    back = emis.Inventory.from_csv(path)
    np.testing.assert_allclose(
        back.totals().sum(axis=1).to_numpy(),
        district.inventory.totals().sum(axis=1).to_numpy(),
        rtol=1e-12,
    )
    lumped = district.lump("cb6")
    lumped.to_netcdf(tmp_path / "cb6.nc")
    assert emis.read_provenance(tmp_path / "cb6.nc")["lumping"]["mechanism"] == "cb6"


# ------------------------------------------------------------------------------ bad input
def test_unknown_profile_id(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("sector,profile_code,weight\npower,9999x,1\n")
    with pytest.raises(KeyError, match=r"t.csv:2: sector 'power': unknown profile id '9999x'"):
        speciate_inventory(_inventory(["power"], [1.0]), table=table)


def test_sector_without_profile_and_no_default():
    with pytest.raises(KeyError, match="sector 'mystery' has NMVOC but no profile"):
        speciate_inventory(_inventory(["power", "mystery"], [1.0, 2.0]))


def test_bad_weights_and_missing_pollutant(tmp_path):
    table = tmp_path / "w.csv"
    table.write_text("sector,profile_code,weight\npower,1185,0.5\n")
    with pytest.raises(ValueError, match="w.csv:2: sector 'power': weights sum to 0.5"):
        speciate_inventory(_inventory(["power"], [1.0]), table=table)
    with pytest.raises(KeyError, match="no pollutant 'VOC'"):
        speciate_inventory(_inventory(["power"], [1.0]), "VOC")


# ------------------------------------------------------------------------------ CLI
def test_cli_speciate(tmp_path, capsys):
    out = tmp_path / "mcm.csv"
    assert (
        main(["emis", "speciate", "bundled:hangzhou_2020", "--output", "mcm", "--out", str(out)])
        == 0
    )
    text = capsys.readouterr().out
    assert "top 20 species" in text and "reference" in text and "parent" in text
    assert emis.read_provenance(out)["lumping"]["mechanism"] == "mcm"
    assert (
        main(["emis", "speciate", "bundled:hangzhou_2020", "--out", str(tmp_path / "x.txt")]) == 2
    )
    assert "expected a .nc or .csv" in capsys.readouterr().err
    assert (
        main(["emis", "speciate", str(tmp_path / "none.csv"), "--out", str(tmp_path / "x.nc")]) == 2
    )
    assert "none.csv: inventory file not found" in capsys.readouterr().err


def test_cli_library_scenario_and_bad_profiles(tmp_path, capsys):
    lib = _library(
        [
            (
                "exhaust_local",
                "vehicle_exhaust",
                {"propane": 0.4, "toluene": 0.35, "an unlisted compound": 0.25},
            )
        ]
    )
    path = lib.save(tmp_path / "lib.csv")
    out = tmp_path / "cb6.nc"
    plan = str(data_path("emis/hangzhou_2025_plan.toml"))
    assert (
        main(
            [
                "emis",
                "speciate",
                "bundled:hangzhou_2020",
                "--profiles",
                str(path),
                "--scenario",
                plan,
                "--output",
                "cb6",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert "localized" in capsys.readouterr().out
    prov = emis.read_provenance(out)
    levels = {r["sector"]: (r["level"], r["profile"]) for r in prov["speciation_profiles"]}
    assert levels["transport/onroad_gasoline"] == ("localized", "exhaust_local")
    assert levels["storage/gas_station"][0] == "reference"
    assert prov["unmapped_mass"]["transport/onroad_diesel"]["share"] == pytest.approx(0.25)
    assert (
        main(
            [
                "emis",
                "speciate",
                "bundled:hangzhou_2020",
                "--profiles",
                str(tmp_path / "nolib.csv"),
                "--out",
                str(out),
            ]
        )
        == 2
    )
    assert "nolib.csv: no such profile library" in capsys.readouterr().err
