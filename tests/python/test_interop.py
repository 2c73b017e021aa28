"""netCDF4 and h5py wheels bundle their own HDF5; libaqm links the system one.  All three must
work side by side in one process, each reading what the others wrote."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

netCDF4 = pytest.importorskip("netCDF4")
h5py = pytest.importorskip("h5py")

from aqm import io  # noqa: E402


@pytest.mark.skipif(not (io.have_netcdf and io.have_hdf5), reason="built without NetCDF/HDF5")
def test_netcdf4_h5py_and_aqm_in_one_process(tmp_path):
    df = pd.DataFrame(
        [[1.5, 2.5], [3.5, 4.5]],
        index=pd.Index(["a", "b"], name="sample"),
        columns=pd.Index(["SO4", "NO3"], name="species"),
    )
    df.attrs["units"] = {"SO4": "ug m-3", "NO3": "ug m-3"}

    # aqm writes NetCDF; netCDF4 reads it.
    io.write_netcdf(tmp_path / "aqm.nc", df, "conc")
    with netCDF4.Dataset(tmp_path / "aqm.nc") as nc:
        np.testing.assert_array_equal(nc["conc"][:], df.to_numpy())
        assert nc["conc"].units == "ug m-3"

    # netCDF4 writes NetCDF; aqm reads it.
    with netCDF4.Dataset(tmp_path / "nc4.nc", "w") as nc:
        nc.createDimension("sample", 2)
        nc.createDimension("species", 2)
        v = nc.createVariable("conc", "f8", ("sample", "species"))
        v.units = "ppb"
        v[:] = [[1.0, 2.0], [3.0, 4.0]]
    back = io.read_netcdf(tmp_path / "nc4.nc", "conc", units="ppb")
    np.testing.assert_array_equal(back.to_numpy(), [[1.0, 2.0], [3.0, 4.0]])

    # aqm writes HDF5; h5py reads it.
    io.write_hdf5(tmp_path / "aqm.h5", df, "conc")
    with h5py.File(tmp_path / "aqm.h5", "r") as f:
        np.testing.assert_array_equal(f["conc/values"][...], df.to_numpy())
        assert [s.decode() for s in f["conc/species"][...]] == ["SO4", "NO3"]

    # h5py writes in aqm's layout; aqm reads it.
    with h5py.File(tmp_path / "h5py.h5", "w") as f:
        g = f.create_group("conc")
        g["values"] = np.array([[9.0, 8.0]])
        g["sample"] = np.array([b"x"])
        g["species"] = np.array([b"O3", b"NO2"])
        g.attrs["units"] = "ppb"
        g.attrs["dims"] = "sample species"
    back = io.read_hdf5(tmp_path / "h5py.h5", "conc", units="ppb")
    assert list(back.columns) == ["O3", "NO2"]
    np.testing.assert_array_equal(back.to_numpy(), [[9.0, 8.0]])
