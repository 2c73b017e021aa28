"""aqm.emis day pipeline from Python: zero-copy result, preallocated output, labels, and the
values against a hand computation (flat profiles: each hour's mean rate is the annual mean)."""

from __future__ import annotations

import numpy as np
import pytest

import aqm
from aqm import emis

_e = aqm._core.emis


def gridded(unit: str = "t/yr") -> emis.Inventory:
    grid = _e.LatLonGrid.regular(120.0, 30.0, 0.5, 0.5, 4, 3)
    core = _e.Inventory.on_grid(
        ["industry", "traffic"], ["NMVOC", "NOx"], grid, "annual", [unit, "t/yr"], 2021
    )
    v = np.zeros((2, 2, 12, 1))
    v[0, 0, :, 0] = np.arange(12) + 1.0
    v[1, 0, :, 0] = 2.0
    core.values = v
    return emis.Inventory(core)


def toy_mechanism():
    return _e.SpeciesMapping(
        "toy",
        {"X": 30.0, "Y": 20.0},
        [_e.CompoundMapping("A", 30.0, [("X", 1.0)]), _e.CompoundMapping("B", 40.0, [("Y", 2.0)])],
    )


def kwargs(**kw):
    base = {
        "profiles": [
            _e.SpeciationProfile("ind", ["A", "B"], [0.25, 0.75]),
            _e.SpeciationProfile("tra", ["A"], [1.0]),
        ],
        "assignment": {"industry": "ind", "traffic": "tra"},
        "mechanism": toy_mechanism(),
        "temporal": {},
        "utc_offset_hours": 8,
    }
    base.update(kw)
    return base


def test_flat_mass_path_equals_hand_values_and_labels():
    inv = gridded()
    da = inv.day_speciated("2021-03-02", output="mass", unit="t/yr", dtype="float64", **kwargs())
    assert da.dims == ("hour", "species", "lat", "lon")
    assert da.shape == (24, 2, 3, 4)
    assert list(da["species"].values) == ["X", "Y"]
    np.testing.assert_allclose(da["lon"].values, [120.25, 120.75, 121.25, 121.75])
    e_ind = (np.arange(12) + 1.0).reshape(3, 4)
    np.testing.assert_allclose(
        da.sel(species="X").values, np.broadcast_to(0.25 * e_ind + 2.0, (24, 3, 4)), rtol=1e-13
    )
    np.testing.assert_allclose(
        da.sel(species="Y").values, np.broadcast_to(0.75 * e_ind, (24, 3, 4)), rtol=1e-13
    )
    assert da.attrs["units"] == "t/yr"


def test_moles_in_mol_per_s_by_hand():
    inv = gridded()
    data, species, unit = inv.day_speciated(
        "2021-03-02", unit="mol s-1", dtype="float64", as_xarray=False, **kwargs()
    )
    g_per_s = 1e6 / (365.25 * 86400)
    x = (0.25 / 30 * (np.arange(12) + 1.0) + 1.0 / 30 * 2.0) * g_per_s
    assert species == ["X", "Y"] and unit == "mol s-1"
    np.testing.assert_allclose(data[5, 0].ravel(), x, rtol=1e-13)


def test_result_is_not_copied_and_out_is_filled_in_place():
    inv = gridded()
    da = inv.day_speciated("2021-03-02", dtype="float32", **kwargs())
    arr = da.data
    assert arr.dtype == np.float32
    assert not arr.flags["OWNDATA"]  # memory owned by the C++ buffer (capsule), not copied
    assert arr.base is not None
    out = np.full((24, 2, 3, 4), -1.0, dtype=np.float32)
    data, _, _ = inv.day_speciated("2021-03-02", out=out, as_xarray=False, **kwargs())
    assert data is out
    np.testing.assert_array_equal(out, arr)
    with pytest.raises(ValueError, match="dtype"):
        inv.day_speciated("2021-03-02", out=np.zeros((24, 2, 3, 4)), dtype="float32", **kwargs())
    with pytest.raises(ValueError, match="out"):
        inv.day_speciated("2021-03-02", out=np.zeros(5, dtype=np.float32), **kwargs())


def test_scenario_and_per_cell_time_zones():
    inv = gridded()
    sc = emis.Scenario(
        name="s",
        base_year=2021,
        target_year=2025,
        measures=[
            {
                "name": "m",
                "sector": "industry",
                "pollutant": "NMVOC",
                "efficiency": 0.5,
                "penetration_base": 0.0,
                "penetration_target": 1.0,
            }
        ],
    )
    base = inv.day_speciated("2021-03-02", output="mass", unit="t/yr", dtype="float64", **kwargs())
    cut = inv.day_speciated(
        "2021-03-02", output="mass", unit="t/yr", dtype="float64", scenario=sc, **kwargs()
    )
    np.testing.assert_allclose(
        cut.sel(species="Y").values, 0.5 * base.sel(species="Y").values, rtol=1e-13
    )
    zones = np.array([[8, 8, 9, 9], [8, 8, 9, 9], [7, 7, 7, 7]])
    tz = inv.day_speciated("2021-03-02", **kwargs(utc_offset_hours=zones))
    assert tz.shape == (24, 2, 3, 4)
    with pytest.raises(ValueError, match="utc_offset_hours"):
        inv.day_speciated("2021-03-02", **kwargs(utc_offset_hours=[8, 8]))


def test_bad_emissions_are_refused_naming_sector_and_cell():
    inv = gridded()
    v = inv.values
    v[1, 0, 5, 0] = -1.0
    with pytest.raises(ValueError, match="traffic/NMVOC@r1c1: negative emission"):
        inv._c.values = v
    v[1, 0, 5, 0] = np.nan
    with pytest.raises(ValueError, match="traffic/NMVOC@r1c1: non-finite"):
        inv._c.values = v


def test_scenario_result_scale_has_inventory_shape_and_matches_scenario_scale():
    from pathlib import Path

    plan = Path(__file__).resolve().parents[2] / "data" / "emis" / "hangzhou_2025_plan.toml"
    inv = emis.Inventory.bundled()
    res = inv.apply(plan)
    assert res.scale.shape == (len(inv.sectors), len(inv.pollutants), len(inv.places))
    np.testing.assert_array_equal(res.scale, inv.scenario_scale(plan))
    # the scenario inventory is the base times the scale, element by element
    np.testing.assert_allclose(
        res.inventory.values[..., 0], inv.values[..., 0] * res.scale, rtol=1e-15
    )


def test_bundled_grid_keeps_district_totals():
    d = emis.Inventory.bundled()
    g = emis.Inventory.bundled("hangzhou_2020_grid")
    assert g.grid.nx == 48 and g.grid.ny == 28
    assert g.grid.lon_edges[1] - g.grid.lon_edges[0] == pytest.approx(0.05)
    v = g.values[..., 0]
    for r in range(len(d.places)):
        cells = g.cell_district == r
        np.testing.assert_allclose(v[:, :, cells].sum(axis=2), d.values[:, :, r, 0], rtol=1e-12)
