"""The C++ inventory NetCDF reader/writer (_core.emis.read/write_inventory_netcdf) against the
Python/xarray path (Inventory.to_netcdf/from_netcdf): the Python side is the reference.  Files
written by either side must hold the same dimensions, variables, types, attributes and data, and
each side must read the other's file back to an equal inventory."""

from __future__ import annotations

import numpy as np
import pytest

import aqm
from aqm import _core, emis

_e = _core.emis
pytestmark = pytest.mark.skipif(
    not hasattr(_e, "read_inventory_netcdf"), reason="extension built without NetCDF"
)
netCDF4 = pytest.importorskip("netCDF4")
pytest.importorskip("xarray")


def cpp_read(path) -> emis.Inventory:
    return emis.Inventory(_e.read_inventory_netcdf(str(path)))


def cpp_write(inv: emis.Inventory, path) -> None:
    _e.write_inventory_netcdf(str(path), inv._c)


def assert_same(a: emis.Inventory, b: emis.Inventory, *, history: bool = True) -> None:
    assert a.name == b.name
    assert a.year == b.year
    assert a.sectors == b.sectors
    assert a.pollutants == b.pollutants
    assert a.places == b.places
    assert a.units == b.units
    assert a.time == b.time
    assert np.array_equal(a.values, b.values)
    assert (a.grid is None) == (b.grid is None)
    if a.grid is not None:
        assert list(a.grid.lon_edges) == list(b.grid.lon_edges)
        assert list(a.grid.lat_edges) == list(b.grid.lat_edges)
    if history:
        assert a.history == b.history


def file_layout(path) -> dict:
    """Everything in a NetCDF file except the `source` attribute: dims, variables (type,
    dims, attributes with their NetCDF types, data)."""
    with netCDF4.Dataset(path) as ds:
        ds.set_auto_mask(False)
        out = {
            "format": ds.data_model,
            "dims": {k: len(d) for k, d in ds.dimensions.items()},
            "globals": {k: ds.getncattr(k) for k in ds.ncattrs() if k != "source"},
            "vars": {},
        }
        for name, v in ds.variables.items():
            attrs = {}
            for k in v.ncattrs():
                x = v.getncattr(k)
                attrs[k] = "nan" if isinstance(x, float) and np.isnan(x) else x
            data = v[...]
            out["vars"][name] = (
                str(v.dtype),
                v.dimensions,
                attrs,
                data.tolist() if data.dtype != object else list(data),
            )
        return out


def assert_same_files(py_file, cpp_file) -> None:
    a, b = file_layout(py_file), file_layout(cpp_file)
    assert a["format"] == b["format"]
    assert a["dims"] == b["dims"]
    assert a["globals"] == b["globals"]
    assert set(a["vars"]) == set(b["vars"])
    for name in a["vars"]:
        ta, tb = a["vars"][name], b["vars"][name]
        assert ta[0] == tb[0], name  # dtype
        assert ta[1] == tb[1], name  # dimensions
        assert ta[2] == tb[2], name  # attributes
        if ta[0] in ("str", "object", "<class 'str'>"):
            assert list(ta[3]) == list(tb[3]), name
        else:
            assert np.array_equal(np.asarray(ta[3]), np.asarray(tb[3])), name


def with_tricky_history(inv: emis.Inventory) -> emis.Inventory:
    inv._c.record(
        "scale",
        'dir/"quoted" \\ file.toml',
        [("note", "tab\there\nnew line \u676d\u5dde \U0001f600"), ("factor", "0.5")],
    )
    return inv


@pytest.fixture(params=["hangzhou_2020", "grid_monthly"])
def inventory(request) -> emis.Inventory:
    if request.param == "hangzhou_2020":
        return with_tricky_history(emis.Inventory.bundled("hangzhou_2020"))
    # 1 sector-by-district inventory spread on its 0.05 deg grid, then over 12 months.
    return with_tricky_history(emis.Inventory.bundled("hangzhou_2020_grid").allocate_time())


def test_python_file_read_by_cpp_equals_python(inventory, tmp_path):
    path = tmp_path / "py.nc"
    inventory.to_netcdf(path)
    from_cpp = cpp_read(path)
    from_py = emis.Inventory.from_netcdf(str(path))
    assert_same(from_cpp, from_py)  # including the {"read_netcdf", path} entry
    assert_same(from_cpp, inventory, history=False)
    assert from_cpp.history[:-1] == inventory.history


def test_cpp_file_read_by_xarray_equals_original(inventory, tmp_path):
    path = tmp_path / "cpp.nc"
    cpp_write(inventory, path)
    back = emis.Inventory.from_netcdf(str(path))
    assert_same(back, inventory, history=False)
    assert back.history[:-1] == inventory.history
    assert back.history[-1] == {"name": "read_netcdf", "source": str(path), "parameters": {}}


def test_cpp_and_python_files_hold_the_same_layout(inventory, tmp_path):
    inventory.to_netcdf(tmp_path / "py.nc")
    cpp_write(inventory, tmp_path / "cpp.nc")
    assert_same_files(tmp_path / "py.nc", tmp_path / "cpp.nc")


def test_xarray_dataset_of_a_cpp_file_equals_to_xarray(tmp_path):
    import xarray as xr

    inv = emis.Inventory.bundled("hangzhou_2020_grid").allocate_time()
    cpp_write(inv, tmp_path / "cpp.nc")
    with xr.open_dataset(tmp_path / "cpp.nc") as ds:
        ref = inv.to_xarray()
        xr.testing.assert_equal(ds, ref)  # values, coordinates, dims (attrs checked below)
        assert {k: v for k, v in ds.attrs.items() if k != "source"} == {
            k: v for k, v in ref.attrs.items() if k != "source"
        }
        # CF time decoded by xarray: the first day of each month of 2020.
        assert [str(t)[:10] for t in ds["time"].values] == [
            f"2020-{m:02d}-01" for m in range(1, 13)
        ]


def test_variable_names_match_python(tmp_path):
    from aqm.emis._inventory_xarray import _var_name

    for pol in ["SO2", "PM2.5", "1,3-butadiene", "_x", "NO x", "C2H4-O"]:
        assert _e.netcdf_variable_name(pol) == _var_name(pol)


def test_cpp_reader_errors_reach_python_typed(tmp_path):
    inv = emis.Inventory.bundled("hangzhou_2020")
    path = tmp_path / "bad.nc"
    inv.to_netcdf(path)
    with netCDF4.Dataset(path, "a") as ds:
        ds.setncattr("history_json", '[{"name": "a"')
    with pytest.raises(aqm.ParseError, match="history_json"):
        _e.read_inventory_netcdf(str(path))
    with pytest.raises(FileNotFoundError):
        _e.read_inventory_netcdf(str(tmp_path / "absent.nc"))
    inv.to_netcdf(path)
    with netCDF4.Dataset(path, "a") as ds:
        ds["NOx"].setncattr("units", "parsecs")
    with pytest.raises(aqm.UnitError, match="NOx"):
        _e.read_inventory_netcdf(str(path))
