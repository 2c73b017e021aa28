"""Bad input to aqm.emis: each case raises a typed error that names the file and the entry,
and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest

import aqm
from aqm import emis
from aqm.cli import main as cli_main

_e = aqm._core.emis

PLAN = Path(__file__).resolve().parents[2] / "data" / "emis" / "hangzhou_2025_plan.toml"

HEAD = """[scenario]
name = "bad"
base_year = 2020
target_year = 2025
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text)
    return p


def test_unknown_sector_or_pollutant_in_a_scenario_names_file_and_measure(tmp_path):
    inv = emis.Inventory.bundled()
    toml = write(
        tmp_path,
        "s.toml",
        HEAD
        + """
[[measure]]
name = "ghost measure"
sector = "shipping/ghost"
pollutant = "NOx"
efficiency = 0.5
penetration_target = 0.5
""",
    )
    with pytest.raises(KeyError, match=r"s\.toml.*ghost measure.*shipping/ghost"):
        inv.apply(toml)
    toml = write(
        tmp_path,
        "p.toml",
        HEAD
        + """
[[measure]]
name = "bad pollutant"
sector = "power"
pollutant = "Hg"
efficiency = 0.5
penetration_target = 0.5
""",
    )
    with pytest.raises(KeyError, match=r"p\.toml.*bad pollutant.*Hg"):
        inv.apply(toml)


@pytest.mark.parametrize(
    "key,value", [("efficiency", 1.2), ("penetration_target", -0.1), ("penetration_base", 2)]
)
def test_efficiency_or_penetration_outside_unit_interval(tmp_path, key, value):
    m = {
        "name": "m1",
        "sector": "power",
        "pollutant": "NOx",
        "efficiency": 0.5,
        "penetration_base": 0.0,
        "penetration_target": 0.5,
    }
    m[key] = value
    body = "\n".join(f"{k} = {v!r}" if isinstance(v, str) else f"{k} = {v}" for k, v in m.items())
    body = body.replace("'", '"')
    toml = write(tmp_path, "eta.toml", HEAD + "\n[[measure]]\n" + body + "\n")
    with pytest.raises(ValueError, match=rf"eta\.toml.*m1.*{key}"):
        emis.Scenario.from_toml(toml)


def test_speciation_profile_not_summing_to_one(tmp_path):
    csv = write(
        tmp_path, "prof.csv", "profile,compound,mass_fraction\nP,toluene,0.5\nP,ethane,0.3\n"
    )
    with pytest.raises(ValueError, match=r"prof\.csv.*P.*sum to 0\.8"):
        from aqm.emis.speciation import read_profiles

        read_profiles(csv)


def test_incompatible_units_in_an_inventory_file(tmp_path):
    csv = write(
        tmp_path,
        "inv.csv",
        "sector,pollutant,place,time,value,unit\n"
        "power,NOx,A,annual,5,t/yr\npower,NOx,B,annual,5,kg m-2\n",
    )
    with pytest.raises(aqm.UnitError, match=r"inv\.csv:3:6: NOx"):
        emis.Inventory.from_csv(csv)
    inv = emis.Inventory.bundled()
    with pytest.raises(aqm.UnitError, match="NMVOC"):
        inv.convert_units("NMVOC", "mol/yr")  # needs a molecular weight


def test_nan_or_negative_emissions_in_an_inventory_file(tmp_path):
    for value, what in (("-3", "negative emission"), ("nan", "not a finite number")):
        csv = write(
            tmp_path,
            "inv.csv",
            f"sector,pollutant,place,time,value,unit\npower,NOx,A,annual,{value},t/yr\n",
        )
        with pytest.raises(ValueError, match=rf"inv\.csv:2:5: power/NOx.*{what}"):
            emis.Inventory.from_csv(csv)


def test_grids_that_do_not_overlap():
    a = _e.LatLonGrid.regular(100.0, 20.0, 0.1, 0.1, 10, 10)
    b = _e.LatLonGrid.regular(10.0, -40.0, 0.1, 0.1, 10, 10)
    with pytest.raises(ValueError, match="do not overlap"):
        _e.ConservativeRegridder(a, b)


def test_cli_writes_nothing_when_the_scenario_is_bad(tmp_path, capsys):
    toml = write(
        tmp_path,
        "s.toml",
        HEAD
        + """
[[measure]]
name = "ghost"
sector = "nowhere"
efficiency = 0.5
penetration_target = 0.5
""",
    )
    out = tmp_path / "out"
    rc = cli_main(["emis", "apply", str(toml), "--out", str(out)])
    captured = capsys.readouterr()
    assert rc != 0
    assert "s.toml" in captured.err and "ghost" in captured.err
    assert not out.exists()


def test_inventory_csv_output_is_atomic(tmp_path, monkeypatch):
    inv = emis.Inventory.bundled()
    target = tmp_path / "inv.csv"
    inv.to_csv(target)
    first = target.read_text()
    assert emis.Inventory.from_csv(target).totals().equals(inv.totals())
    # a failing write (directory missing) leaves no partial file behind
    with pytest.raises(OSError):
        inv.to_csv(tmp_path / "missing" / "inv.csv")
    assert not (tmp_path / "missing").exists()
    assert target.read_text() == first
