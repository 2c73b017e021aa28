"""aqm.emis plots draw with the Agg backend and show the numbers they claim to show."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

import aqm  # noqa: E402
from aqm import emis  # noqa: E402
from aqm.emis import plots  # noqa: E402

PLAN = Path(__file__).resolve().parents[2] / "data" / "emis" / "hangzhou_2025_plan.toml"


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_sector_bars_inventory_and_scenario():
    inv = emis.Inventory.bundled()
    ax = plots.sector_bars(inv, "NOx")
    widths = [p.get_width() for p in ax.patches]
    tops = inv.totals(by="top")["NOx"]
    np.testing.assert_allclose(widths, tops.to_numpy(), rtol=1e-12)
    res = inv.apply(PLAN)
    ax = plots.sector_bars(res, "NMVOC")
    assert len(ax.patches) == 2 * len(res.base_totals.index)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["2020", "2025"]
    with pytest.raises(KeyError, match="XYZ"):
        plots.sector_bars(inv, "XYZ")


def test_waterfall_steps_add_up_to_the_scenario_total():
    res = emis.Inventory.bundled().apply(PLAN)
    ax = plots.scenario_waterfall(res, "NMVOC", top=4)
    bars = ax.patches
    base = res.base_totals["NMVOC"].sum()
    final = res.scenario_totals["NMVOC"].sum()
    assert bars[0].get_height() == pytest.approx(base)
    assert bars[-1].get_height() == pytest.approx(final)
    # growth + every measure (top 4 + the rest merged) = the total change, exactly
    steps = sum(b.get_height() for b in bars[1:-1])
    assert steps == pytest.approx(final - base, rel=1e-9)
    assert len(bars) <= 1 + 1 + 4 + 1 + 1


def test_emission_map_from_grid_and_from_day_pipeline(tmp_path):
    grid = aqm._core.emis.LatLonGrid.regular(119.0, 29.0, 0.05, 0.05, 8, 6)
    core = aqm._core.emis.Inventory.on_grid(
        ["industry", "traffic"], ["NMVOC"], grid, "annual", ["t/yr"], 2020
    )
    v = np.zeros((2, 1, 48, 1))
    v[0, 0, :, 0] = np.arange(48.0)
    v[1, 0, 10, 0] = 5.0
    core.values = v
    inv = emis.Inventory(core)
    ax = plots.emission_map(inv, "NMVOC", log=True)
    mesh = ax.collections[0]
    arr = np.ma.filled(mesh.get_array(), np.nan).reshape(6, 8)
    expect = np.arange(48.0).reshape(6, 8)
    expect[1, 2] += 5.0
    np.testing.assert_allclose(arr, np.where(expect > 0, expect, np.nan))
    ax = plots.emission_map(inv, "NMVOC", sector="traffic")
    assert np.nansum(ax.collections[0].get_array()) == pytest.approx(5.0)
    da = inv.day_speciated("2020-07-01", utc_offset_hours=8, assignment={"*": "combustion"})
    ax = plots.emission_map(da.isel(hour=12).sum("species"))
    ax.figure.savefig(tmp_path / "map.png")
    assert (tmp_path / "map.png").stat().st_size > 0
    with pytest.raises(ValueError, match="lat"):
        plots.emission_map(da.isel(hour=0))
