from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xarray as xr

import aqm
from aqm import io

MALFORMED = Path(__file__).resolve().parents[1] / "data" / "malformed"


def read_manifest():
    for line in (MALFORMED / "manifest.txt").read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, kind, fragment = (part.strip() for part in line.split("|"))
        yield name, kind, fragment


EXPECTED_TYPES = {"ParseError": aqm.ParseError, "FileNotFound": FileNotFoundError}


@pytest.mark.parametrize("name,kind,fragment", list(read_manifest()))
def test_malformed_file_raises_typed_error_naming_place(name, kind, fragment):
    path = MALFORMED / name
    with pytest.raises(EXPECTED_TYPES[kind]) as info:
        io.read_delimited(path)
    assert str(path) in str(info.value)
    assert fragment in str(info.value)


def test_parse_error_is_a_value_error():
    assert issubclass(aqm.ParseError, ValueError)
    assert issubclass(aqm.UnitError, ValueError)


def test_baltimore_reads_as_630_by_26(epa_pmf):
    df = io.read_delimited(epa_pmf / "Dataset-Baltimore_con.txt")
    assert df.shape == (630, 26)
    assert df.index.name == "Date"
    assert df.columns[0] == "PM2.5"
    # Cross-check the numbers against pandas' own reader on the same file.
    ref = pd.read_csv(epa_pmf / "Dataset-Baltimore_con.txt", sep="\t", index_col=0)
    ref = ref.dropna(how="all")
    np.testing.assert_array_equal(df.to_numpy(), ref.to_numpy(dtype=float))


def test_baton_rouge_matches_pandas(epa_pmf):
    path = epa_pmf / "Dataset-BatonRouge-con.csv"
    df = io.read_delimited(path)
    ref = pd.read_csv(path, index_col=0).dropna(how="all")
    assert df.shape == (307, 41)
    np.testing.assert_array_equal(df.to_numpy(), ref.to_numpy(dtype=float))


def test_delimited_round_trip_exact(tmp_path):
    rng = np.random.default_rng(1)
    values = rng.lognormal(size=(20, 4)) * 10.0 ** rng.integers(-20, 20, size=(20, 4))
    values[3, 2] = np.nan
    df = pd.DataFrame(
        values,
        index=pd.Index([f"2020-01-{i + 1:02d}" for i in range(20)], name="Date"),
        columns=pd.Index(["SO4", "NO3", "OC, total", 'EC "x"'], name="species"),
    )
    df.attrs["units"] = {"SO4": "ug/m3", "NO3": "ug/m3", "OC, total": "ugC/m3", 'EC "x"': "ug/m3"}
    path = tmp_path / "t.csv"
    io.write_delimited(path, df, units_row=True)
    back = io.read_delimited(path)
    pd.testing.assert_frame_equal(back, df)
    assert back.attrs["units"] == df.attrs["units"]


def test_missing_values_and_separator(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes(b"\xef\xbb\xbfsite;O3;NO2\r\nA;-999;1.5\r\nB;NA;2\r\n;;\r\n")
    df = io.read_delimited(path, missing_values=[-999])
    assert df.shape == (2, 2)
    assert math.isnan(df.loc["A", "O3"]) and math.isnan(df.loc["B", "O3"])
    assert df.loc["B", "NO2"] == 2.0


def test_xarray_conversion_keeps_labels_and_units():
    df = pd.DataFrame([[1.0, 2.0]], index=pd.Index(["d1"], name="Date"), columns=["SO4", "NO3"])
    df.attrs["units"] = {"SO4": "ug m-3", "NO3": "ug m-3"}
    da = io.to_xarray(df, name="conc")
    assert da.dims == ("Date", "species")
    assert da.attrs["units"] == "ug m-3"
    back = io.from_xarray(da)
    np.testing.assert_array_equal(back.to_numpy(), df.to_numpy())
    assert list(back.columns) == ["SO4", "NO3"]


@pytest.mark.skipif(not io.have_netcdf, reason="built without NetCDF")
def test_netcdf_matrix_round_trip_and_units_check(tmp_path):
    df = pd.DataFrame(
        [[1.0, np.nan], [3.0, 4.0]],
        index=pd.Index(["a", "b"], name="sample"),
        columns=pd.Index(["SO4", "NO3"], name="species"),
    )
    df.attrs["units"] = {"SO4": "ug m-3", "NO3": "ug m-3"}
    path = tmp_path / "m.nc"
    io.write_netcdf(path, df, "conc", "PM2.5 species", attrs={"title": "test"})
    pd.testing.assert_frame_equal(io.read_netcdf(path, "conc", units="ug m-3"), df)
    with pytest.raises(aqm.UnitError, match=r"m\.nc: conc: units are 'ug m-3', expected 'ppb'"):
        io.read_netcdf(path, "conc", units="ppb")
    with pytest.raises(KeyError, match="O3: no such variable"):
        io.read_netcdf(path, "O3")
    ds = xr.open_dataset(path)  # CF metadata as xarray sees it
    assert ds.attrs["Conventions"] == "CF-1.8"
    assert ds["conc"].attrs["units"] == "ug m-3"
    assert ds["conc"].attrs["long_name"] == "PM2.5 species"


def _field(name="NOx"):
    lat = xr.Variable("lat", [30.0, 30.05, 30.1], {"units": "degrees_north"})
    lon = xr.Variable("lon", [120.0, 120.05], {"units": "degrees_east"})
    return xr.DataArray(
        np.arange(6.0).reshape(3, 2) * 1e-9,
        dims=("lat", "lon"),
        coords={"lat": lat, "lon": lon},
        name=name,
        attrs={"units": "kg m-2 s-1", "long_name": "NOx flux"},
    )


@pytest.mark.skipif(not io.have_netcdf, reason="built without NetCDF")
def test_netcdf_field_round_trip_is_cf_for_xarray(tmp_path):
    path = tmp_path / "f.nc"
    io.write_netcdf_fields(path, [_field("NOx"), _field("SO2")])
    back = io.read_netcdf_field(path, "SO2", units="kg m-2 s-1")
    assert back.dims == ("time", "lev", "lat", "lon")
    np.testing.assert_array_equal(back.squeeze().values, _field().values)
    ds = xr.open_dataset(path, decode_times=False)
    assert ds["lat"].attrs["standard_name"] == "latitude"
    assert ds["lon"].attrs["axis"] == "X"
    assert set(ds.data_vars) == {"NOx", "SO2"}


@pytest.mark.skipif(not io.have_hdf5, reason="built without HDF5")
def test_hdf5_round_trip(tmp_path):
    df = pd.DataFrame(
        [[1.0, 2.0]],
        index=pd.Index(["a"], name="sample"),
        columns=pd.Index(["SO4", "NO3"], name="species"),
    )
    df.attrs["units"] = {"SO4": "ug m-3", "NO3": "ug m-3"}
    io.write_hdf5(tmp_path / "m.h5", df, "conc")
    pd.testing.assert_frame_equal(io.read_hdf5(tmp_path / "m.h5", "conc", units="ug m-3"), df)
    io.write_hdf5_fields(tmp_path / "f.h5", [_field()])
    back = io.read_hdf5_field(tmp_path / "f.h5", "NOx", units="kg m-2 s-1")
    np.testing.assert_array_equal(back.squeeze().values, _field().values)
    with pytest.raises(aqm.UnitError):
        io.read_hdf5(tmp_path / "m.h5", "conc", units="ppb")


def test_failed_write_leaves_nothing(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("keep me\n")
    with pytest.raises(ValueError):
        io.write_delimited(target, pd.DataFrame({"a": ["text"]}))
    assert target.read_text() == "keep me\n"
    with pytest.raises(OSError, match="does not exist"):
        io.write_delimited(tmp_path / "missing_dir" / "x.csv", pd.DataFrame({"a": [1.0]}))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_atomic_path_renames_only_on_success(tmp_path):
    from aqm._atomic import atomic_path

    target = tmp_path / "result.nc"
    with atomic_path(target) as tmp:
        tmp.write_text("complete")
    assert target.read_text() == "complete"
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_text("half")
            raise RuntimeError("failed midway")
    assert target.read_text() == "complete"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["result.nc"]
    with pytest.raises(FileNotFoundError, match="does not exist"):
        with atomic_path(tmp_path / "nope" / "x.nc"):
            pass


def test_atomic_path_gives_the_file_the_usual_permissions(tmp_path):
    import os

    from aqm._atomic import atomic_path

    target = tmp_path / "table.csv"
    with atomic_path(target) as tmp:
        tmp.write_text("a,b\n")
    umask = os.umask(0)
    os.umask(umask)
    assert (target.stat().st_mode & 0o777) == (0o666 & ~umask)
