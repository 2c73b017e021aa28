"""The three pillars linked: inventory → scenario → speciation → box emissions → O3."""

from __future__ import annotations

import importlib.util

import pytest
from conftest import ROOT


def _chain():
    spec = importlib.util.spec_from_file_location(
        "plan_o3_chain", ROOT / "examples" / "python" / "plan_o3_chain.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_district_fluxes_equal_the_inventory_converted_by_hand():
    from aqm import emis

    chain = _chain()
    base = emis.Inventory.bundled("hangzhou_2020")
    flux = chain.fluxes(base)
    df = base.to_dataframe()
    nox_t_per_yr = df[(df.pollutant == "NOx") & (df.place == chain.PLACE)].value.sum()
    # t/yr as NO2 → molecule cm-2 s-1 over the district (Julian year, 365.25 d, as aqm.emis)
    hand = nox_t_per_yr * 1e6 / 46.0055 / (365.25 * 86400) * 6.02214076e23 / (chain.AREA_M2 * 1e4)
    assert (flux["NO"] + flux["NO2"]).mean() == pytest.approx(hand, rel=1e-9)
    assert (flux["NO2"] / (flux["NO"] + flux["NO2"])).round(12).eq(0.1).all()
    assert "UNR" not in flux.columns and {"PAR", "TOL", "XYLMN", "FORM"} <= set(flux.columns)


def test_plan_lowers_emissions_and_the_box_runs_both_years():
    table = _chain().main()
    assert (table["status"] == "success").all()
    assert (
        table.loc["2025 plan", "NO emission (1e11 molec cm-2 s-1)"]
        < table.loc["2020", "NO emission (1e11 molec cm-2 s-1)"]
    )
    assert 20 < table.loc["2020", "O3 max (ppb)"] < 250
