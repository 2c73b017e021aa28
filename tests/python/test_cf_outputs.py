"""Every public xarray output follows CF: each variable says what it is (``long_name`` or
``standard_name``) and, when numeric, its ``units``; lat/lon/time carry their CF attributes,
PMF samples dated in the input are datetimes, and NetCDF output has CF time units."""

from __future__ import annotations

import netCDF4
import numpy as np
import pytest
import xarray as xr

import aqm
from aqm import chem, emis
from aqm._cf import mole_fraction_standard_name, sample_coordinate
from aqm.chem import BoxModel
from aqm.pmf import PMF, Dataset, factor_sweep
from aqm.pmf import simulate as pmf_simulate

pytestmark = pytest.mark.filterwarnings("ignore::aqm.pmf.estimator.PMFWarning")


def _problems(ds: xr.Dataset | xr.DataArray) -> list[str]:
    """Every variable and coordinate lacking a name or (numeric) units, as 'var: what'."""
    if isinstance(ds, xr.DataArray):
        ds = ds.to_dataset(name=ds.name or "data")
    bounds = {v.attrs["bounds"] for v in ds.variables.values() if "bounds" in v.attrs}
    out = []
    for name, var in ds.variables.items():
        if name in bounds:  # CF 7.1: bounds inherit their coordinate's metadata
            continue
        if not (var.attrs.get("long_name") or var.attrs.get("standard_name")):
            out.append(f"{name}: no long_name or standard_name")
        numeric = var.dtype.kind in "iuf"
        if numeric and not var.attrs.get("units"):
            out.append(f"{name}: no units")
    return out


@pytest.fixture(scope="module")
def pmf_model():
    sim = pmf_simulate(n_samples=60, seed=11)
    data = Dataset(sim.conc, sim.unc, total_variable="PM2.5")
    return PMF(n_components=3, n_runs=2, random_state=3, n_threads=1).fit(data), data


@pytest.fixture(scope="module")
def box():
    b = BoxModel("cb6_aqm", start="2020-07-15 10:00", duration=2, output_step=1800, utc_offset=8)
    b.environment(temp=300.0, rh=60.0, pressure=1013.25).photolysis(lat=30.25, lon=120.17)
    b.initial({"O3": 40, "NO": 5, "NO2": 15, "CO": 300, "PAR": 60, "ISOP": 1, "CH4": 1900})
    return b


def test_pmf_outputs(pmf_model):
    model, data = pmf_model
    outputs = {
        "to_xarray": model.to_xarray(),
        "bootstrap": model.bootstrap(3, random_state=1),
        "displacement": model.displacement((4.0,), bisection_steps=1),
        "fpeak": model.fpeak([0.5]),
        "factor_sweep": factor_sweep(data, n_components="2-3", n_runs=2, random_state=1),
        "bs_disp": model.bs_disp(2, bisection_steps=1, dq_max=(4.0,)),
        "constrained_run": model.constrained_run(
            [{"type": "pull down maximally", "factor": 1, "species": "Pb", "dq": 0.5}]
        ),
    }
    for label, ds in outputs.items():
        problems = _problems(ds)
        assert not problems, f"{label}: {problems}"
    for name in ("profiles", "observed", "predicted", "mass_contributions"):
        assert outputs["to_xarray"][name].attrs["units"], name


def test_pmf_dates_are_datetimes_with_cf_time_units(pmf_model, tmp_path):
    model, _ = pmf_model
    ds = model.to_xarray()
    dim = ds["contributions"].dims[0]
    assert ds[dim].dtype.kind == "M"
    assert ds[dim].attrs["standard_name"] == "time"
    assert str(ds[dim].values[0])[:10] == model.sample_names_[0][:10]
    model.to_netcdf(tmp_path / "r.nc")
    with netCDF4.Dataset(tmp_path / "r.nc") as nc:
        units = nc[dim].units
    assert units.split(" since ")[0] in ("days", "hours", "seconds") and " since " in units


def test_sample_labels_that_are_not_all_dates_stay_labels():
    assert sample_coordinate(["s1", "s2"]).dtype.kind in "OU"
    assert sample_coordinate(["2021-01-01", "lab blank"]).dtype.kind in "OU"
    # duplicated dates (two samples a day) would make a non-unique time axis: labels kept
    assert sample_coordinate(["2021-01-01", "2021-01-01"]).dtype.kind in "OU"
    dates = sample_coordinate(["1/3/2001", "1/6/2001"])
    assert dates.dtype.kind == "M" and str(dates[1])[:10] == "2001-01-06"


def test_pmf_units_come_from_the_dataset():
    sim = pmf_simulate(n_samples=40, seed=2)
    model = PMF(n_components=2, n_runs=1, random_state=0).fit(sim.conc, sim.unc, units="ug m-3")
    assert model.to_xarray()["profiles"].attrs["units"] == "ug m-3"


def test_chem_and_box_outputs(box):
    mech = chem.Mechanism.builtin("cb6_aqm")
    outputs = {
        "integrate": mech.integrate({"O3": 40, "NO2": 10, "CO": 300}, [0, 600, 1200], units="ppb"),
        "box.run": box.run(),
        "box.isopleth": box.isopleth([0.5, 1.0], [0.5, 1.0], voc_species=["PAR"], progress=False),
        "box.rir": box.rir(cut=0.1, progress=False),
    }
    for label, ds in outputs.items():
        problems = _problems(ds)
        assert not problems, f"{label}: {problems}"
    iso = outputs["box.isopleth"]
    assert iso["max_8h_o3"].attrs["standard_name"] == "mole_fraction_of_ozone_in_air"


def test_emis_outputs():
    inv = emis.Inventory.bundled()
    assert _problems(inv.to_xarray()) == []
    grid = emis.LatLonGrid.regular(119.0, 29.5, 0.5, 0.5, 2, 2)
    core = aqm._core.emis.Inventory.on_grid(
        ["solvent/industrial_coating"], ["NMVOC"], grid, "annual", ["t/yr"], 2020
    )
    core.values = np.full((1, 1, 4, 1), 10.0)
    gridded = emis.Inventory(core)
    ds = gridded.to_xarray()
    assert _problems(ds) == []
    assert ds["lat"].attrs["standard_name"] == "latitude"
    assert ds["lon"].attrs["units"] == "degrees_east"
    day = gridded.day_speciated("2020-07-15", pollutant="NMVOC")
    assert _problems(day) == []
    assert day["lat"].attrs["units"] == "degrees_north"


def test_standard_names_are_cf_table_names():
    assert mole_fraction_standard_name("O3") == "mole_fraction_of_ozone_in_air"
    assert mole_fraction_standard_name("NO") == "mole_fraction_of_nitrogen_monoxide_in_air"
    assert mole_fraction_standard_name("PAR") is None  # a lumped CB6 species has none
