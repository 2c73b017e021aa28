"""NetCDF and HDF5 inputs: garbage, truncated and foreign files, missing or misshapen variables,
wrong units, and inventories whose metadata is broken, through the Python readers.  Errors name
the file (and the variable); valid files read back their values."""

from __future__ import annotations

import functools
import math
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from aqm import emis, io

from . import Case

TABLE = pd.DataFrame(
    {"SO4": [1.0, 2.0, math.nan], "NO3": [3.0, 4.0, 5.0]},
    index=pd.Index(["s1", "s2", "s3"], name="sample"),
)


@functools.cache
def _made(kind: str) -> bytes:
    """Bytes of a small valid file of `kind`, written once by the library itself."""
    import netCDF4

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "f"
        if kind == "matrix":
            io.write_netcdf(path, TABLE, "conc")
        elif kind == "hdf5":
            io.write_hdf5(path, TABLE, "conc")
        elif kind == "inventory":
            emis.Inventory.from_csv(_inventory_csv(Path(tmp))).to_netcdf(path)
        elif kind.startswith("raw:"):  # shapes the writers never produce
            with netCDF4.Dataset(path, "w") as ds:
                _raw(ds, kind[4:])
        return path.read_bytes()


def _inventory_csv(tmp: Path) -> Path:
    path = tmp / "inv.csv"
    path.write_text(
        "sector,pollutant,place,time,value,unit\n"
        "power,NOx,xihu,annual,10.0,t/yr\nindustry,NOx,xihu,annual,5.0,t/yr\n"
    )
    return path


def _raw(ds, shape: str) -> None:
    if shape == "1d":
        ds.createDimension("x", 3)
        ds.createVariable("v", "f8", ("x",))[:] = [1, 2, 3]
    elif shape == "5d":
        for name in "abcde":
            ds.createDimension(name, 1)
        ds.createVariable("v", "f8", tuple("abcde"))[:] = 1.0
    elif shape == "text":
        ds.createDimension("x", 2)
        ds.createDimension("y", 2)
        ds.createVariable("v", str, ("x", "y"))
    elif shape == "no units":
        ds.createDimension("lat", 2)
        ds.createDimension("lon", 2)
        ds.createVariable("v", "f8", ("lat", "lon"))[:] = np.ones((2, 2))


def _with_attr(kind: str, attr: str, value: str) -> bytes:
    import netCDF4

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "f.nc"
        path.write_bytes(_made(kind))
        with netCDF4.Dataset(path, "a") as ds:
            ds.setncattr(attr, value)
        return path.read_bytes()


def _same_table(df) -> None:
    np.testing.assert_array_equal(df.to_numpy(), TABLE.to_numpy())
    assert list(df.index) == list(TABLE.index)


def cases() -> list[Case]:
    readers = {
        "read_netcdf": lambda p: io.read_netcdf(p, "conc"),
        "read_netcdf_field": lambda p: io.read_netcdf_field(p, "conc"),
        "Inventory.from_netcdf": emis.Inventory.from_netcdf,
    }
    broken = {
        "garbage bytes": bytes(range(256)) * 4,
        "empty file": b"",
        "text file": b"sample,SO4\ns1,1.0\n",
        "truncated file": lambda: _made("matrix")[:200],
        "HDF5 magic then garbage": b"\x89HDF\r\n\x1a\n" + bytes(500),
        "NetCDF classic magic then garbage": b"CDF\x01" + bytes(100),
    }
    out = []
    for reader_name, reader in readers.items():
        for name, content in broken.items():
            data = content() if callable(content) else content
            out.append(
                Case(
                    id=f"netcdf {reader_name}: {name}",
                    files={"x.nc": data},
                    call=lambda d, r=reader: r(d / "x.nc"),
                    words=("x.nc",),
                )
            )
        out += [
            Case(
                id=f"netcdf {reader_name}: missing file",
                call=lambda d, r=reader: r(d / "x.nc"),
                words=("x.nc",),
            ),
            Case(
                id=f"netcdf {reader_name}: directory",
                files={"x.nc/y": ""},
                call=lambda d, r=reader: r(d / "x.nc"),
                words=("x.nc",),
            ),
        ]
    lazy = [
        (
            "read_netcdf: missing variable",
            "matrix",
            lambda p: io.read_netcdf(p, "NH4"),
            ("x.nc", "NH4"),
        ),
        (
            "read_netcdf: wrong units",
            "matrix",
            lambda p: io.read_netcdf(p, "conc", units="ppb"),
            ("x.nc", "conc", "ppb"),
        ),
        ("read_netcdf: 1-D variable", "raw:1d", lambda p: io.read_netcdf(p, "v"), ("x.nc", "v")),
        ("read_netcdf: text variable", "raw:text", lambda p: io.read_netcdf(p, "v"), ("x.nc", "v")),
        (
            "read_netcdf_field: 5-D variable",
            "raw:5d",
            lambda p: io.read_netcdf_field(p, "v"),
            ("x.nc", "v"),
        ),
        (
            "read_netcdf_field: no units",
            "raw:no units",
            lambda p: io.read_netcdf_field(p, "v", units="kg m-2 s-1"),
            ("x.nc", "v"),
        ),
        (
            "Inventory.from_netcdf: a table, not an inventory",
            "matrix",
            emis.Inventory.from_netcdf,
            ("x.nc",),
        ),
        ("read_hdf5: missing dataset", "hdf5", lambda p: io.read_hdf5(p, "NH4"), ("x.nc", "NH4")),
        (
            "read_hdf5: wrong units",
            "hdf5",
            lambda p: io.read_hdf5(p, "conc", units="ppb"),
            ("x.nc", "conc"),
        ),
    ]
    for name, kind, reader, words in lazy:
        out.append(
            Case(
                id=f"netcdf {name}",
                files={"x.nc": _made(kind)},
                call=lambda d, r=reader: r(d / "x.nc"),
                words=words,
            )
        )
    for name, value in [
        ("unterminated", '[{"name": "a"'),
        ("not JSON", "scale by 2"),
        ("wrong shape", '{"name": "a"}'),
        ("missing keys", '[{"name": "a"}]'),
    ]:
        out.append(
            Case(
                id=f"netcdf Inventory.from_netcdf: history_json {name}",
                files={"x.nc": _with_attr("inventory", "history_json", value)},
                call=lambda d: emis.Inventory.from_netcdf(d / "x.nc"),
                words=("x.nc", "history_json"),
            )
        )
    out += [
        Case(
            id="netcdf Inventory.from_netcdf: unknown time resolution",
            files={"x.nc": _with_attr("inventory", "time_resolution", "weekly")},
            call=lambda d: emis.Inventory.from_netcdf(d / "x.nc"),
            words=("x.nc", "weekly"),
        ),
        Case(
            id="netcdf read_hdf5: garbage",
            files={"x.h5": bytes(range(256))},
            call=lambda d: io.read_hdf5(d / "x.h5", "conc"),
            words=("x.h5",),
        ),
        Case(
            id="netcdf read_netcdf: valid file reads back",
            files={"x.nc": _made("matrix")},
            call=lambda d: io.read_netcdf(d / "x.nc", "conc"),
            expect="ok",
            check=lambda d, df: _same_table(df),
        ),
        Case(
            id="netcdf read_hdf5: valid file reads back",
            files={"x.h5": _made("hdf5")},
            call=lambda d: io.read_hdf5(d / "x.h5", "conc"),
            expect="ok",
            check=lambda d, df: _same_table(df),
        ),
        Case(
            id="netcdf Inventory.from_netcdf: valid file reads back",
            files={"x.nc": _made("inventory")},
            call=lambda d: emis.Inventory.from_netcdf(d / "x.nc"),
            expect="ok",
            check=lambda d, inv: np.testing.assert_allclose(
                sorted(inv.values.ravel()), [5.0, 10.0]
            ),
        ),
    ]
    return out
