"""Readers and writers for labelled air-quality data.

Tables come back as :class:`pandas.DataFrame` (rows = samples/dates, columns = species) with
per-column units in ``df.attrs["units"]``; gridded fields as :class:`xarray.DataArray` with
``units`` attributes.  Every writer is atomic: it writes a temporary file and renames it, so a
failure never leaves a half-written file.  The work is done in C++ without the GIL.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Union

import numpy as np
import pandas as pd
import xarray as xr

from . import _core

PathLike = Union[str, "os.PathLike[str]"]
TableLike = Union[pd.DataFrame, xr.DataArray, np.ndarray]

DEFAULT_MISSING_MARKERS = ("NA", "NaN", "N/A", "NULL", "-")

__all__ = [
    "DEFAULT_MISSING_MARKERS",
    "from_xarray",
    "have_hdf5",
    "have_netcdf",
    "read_delimited",
    "read_hdf5",
    "read_hdf5_field",
    "read_netcdf",
    "read_netcdf_field",
    "to_xarray",
    "write_delimited",
    "write_hdf5",
    "write_hdf5_fields",
    "write_netcdf",
    "write_netcdf_fields",
]

have_netcdf: bool = bool(_core.have_netcdf)
have_hdf5: bool = bool(_core.have_hdf5)


# --- labelled matrices <-> pandas / xarray ------------------------------------------------


def _frame_from_tuple(t: tuple) -> pd.DataFrame:
    values, rows, cols, units, row_dim, col_dim = t
    df = pd.DataFrame(
        np.asarray(values), index=pd.Index(rows, name=row_dim), columns=pd.Index(cols, name=col_dim)
    )
    df.attrs["units"] = dict(zip(cols, units))
    return df


def _tuple_from_table(data: TableLike, units: str | Mapping[str, str] | None = None) -> tuple:
    """Normalise a DataFrame, 2-D DataArray or array to the C++ matrix tuple."""
    if isinstance(data, xr.DataArray):
        if data.ndim != 2:
            raise ValueError(f"expected a 2-D DataArray, got dims {data.dims}")
        row_dim, col_dim = (str(d) for d in data.dims)
        rows = [str(v) for v in data[row_dim].values] if row_dim in data.coords else []
        cols = [str(v) for v in data[col_dim].values] if col_dim in data.coords else []
        unit_attr = units if units is not None else data.attrs.get("units", "")
        values = np.asarray(data.values, dtype=float)
    elif isinstance(data, pd.DataFrame):
        row_dim = str(data.index.name) if data.index.name is not None else "sample"
        col_dim = str(data.columns.name) if data.columns.name is not None else "species"
        rows = [str(v) for v in data.index]
        cols = [str(v) for v in data.columns]
        unit_attr = units if units is not None else data.attrs.get("units", "")
        try:
            values = data.to_numpy(dtype=float)
        except (TypeError, ValueError) as err:
            raise ValueError(f"table has non-numeric columns: {err}") from None
    else:
        values = np.asarray(data, dtype=float)
        if values.ndim != 2:
            raise ValueError(f"expected a 2-D array, got shape {values.shape}")
        row_dim, col_dim, rows, cols = "sample", "species", [], []
        unit_attr = units if units is not None else ""
        rows = [str(i) for i in range(values.shape[0])]
        cols = [str(j) for j in range(values.shape[1])]
    if isinstance(unit_attr, Mapping):
        col_units = [str(unit_attr.get(c, "")) for c in cols]
    else:
        col_units = [str(unit_attr)] * len(cols)
    return (values, rows, cols, col_units, row_dim, col_dim)


def to_xarray(df: pd.DataFrame, name: str | None = None) -> xr.DataArray:
    """A DataFrame from :func:`read_delimited` as a 2-D DataArray (units kept when shared)."""
    values, rows, cols, units, row_dim, col_dim = _tuple_from_table(df)
    da = xr.DataArray(
        values, dims=(row_dim, col_dim), coords={row_dim: rows, col_dim: cols}, name=name
    )
    if units and all(u == units[0] for u in units):
        da.attrs["units"] = units[0]
    else:
        da.coords[f"{col_dim}_units"] = (col_dim, units)
    return da


def from_xarray(da: xr.DataArray) -> pd.DataFrame:
    """A 2-D DataArray as a DataFrame with ``attrs["units"]``."""
    units: str | dict[str, str] = da.attrs.get("units", "")
    col_dim = str(da.dims[1])
    if f"{col_dim}_units" in da.coords:
        units = dict(
            zip(
                (str(c) for c in da[col_dim].values),
                (str(u) for u in da.coords[f"{col_dim}_units"].values),
            )
        )
    return _frame_from_tuple(_tuple_from_table(da, units))


# --- delimited text -----------------------------------------------------------------------


def read_delimited(
    path: PathLike,
    *,
    sep: str | None = None,
    index: bool = True,
    na_values: Sequence[str] = DEFAULT_MISSING_MARKERS,
    missing_values: Sequence[float] = (),
    comment: str = "#",
) -> pd.DataFrame:
    """Read CSV/TSV as air-quality people have it.

    The separator is detected when ``sep`` is None; a UTF-8 BOM, CRLF, quoted fields and blank
    or separator-only lines are handled; ``na_values`` texts and ``missing_values`` numbers
    (e.g. ``-999``) become NaN.  A second header row starting with ``units`` sets the units.
    Raises :class:`aqm.ParseError` naming file, line and column.
    """
    if sep is not None and len(sep) != 1:
        raise ValueError(f"sep must be one character, got {sep!r}")
    t = _core.read_delimited(
        os.fspath(path),
        sep or "\0",
        index,
        list(na_values),
        [float(v) for v in missing_values],
        comment,
    )
    return _frame_from_tuple(t)


def write_delimited(
    path: PathLike, data: TableLike, *, sep: str = ",", na_rep: str = "", units_row: bool = False
) -> None:
    """Write a table atomically; numbers use the shortest text that reads back exactly."""
    if len(sep) != 1:
        raise ValueError(f"sep must be one character, got {sep!r}")
    _core.write_delimited(os.fspath(path), _tuple_from_table(data), sep, na_rep, units_row)


# --- NetCDF and HDF5 ----------------------------------------------------------------------


def _need(flag: bool, what: str) -> None:
    if not flag:
        raise OSError(
            f"this build of libaqm has no {what} support; rebuild with AQM_WITH_{what.upper()}=ON "
            f"or use xarray"
        )


def write_netcdf(
    path: PathLike,
    data: TableLike,
    name: str,
    long_name: str = "",
    attrs: Mapping[str, str] | None = None,
) -> None:
    """Write a table as CF NetCDF-4 variable ``name(row_dim, col_dim)`` with coordinates."""
    _need(have_netcdf, "netcdf")
    _core.write_netcdf_matrix(
        os.fspath(path), _tuple_from_table(data), name, long_name, dict(attrs or {})
    )


def read_netcdf(path: PathLike, name: str, units: str | None = None) -> pd.DataFrame:
    """Read a 2-D variable; when ``units`` is given the file must carry the same units."""
    _need(have_netcdf, "netcdf")
    return _frame_from_tuple(_core.read_netcdf_matrix(os.fspath(path), name, units or ""))


def _field_tuple(da: xr.DataArray) -> tuple:
    if da.name is None:
        raise ValueError("a gridded field needs a name")
    units = da.attrs.get("units")
    if not units:
        raise ValueError(f"{da.name}: a gridded field needs a 'units' attribute")
    full = da
    defaults = [("time", "hours since 2000-01-01 00:00:00"), ("lev", "1")]
    # Fill missing leading axes (time, level) with size-1 placeholders.
    for dim, _ in reversed(defaults[: max(0, 4 - da.ndim)]):
        full = full.expand_dims(dim)
    if full.ndim != 4:
        raise ValueError(f"{da.name}: expected at most 4 dims (time, level, y, x), got {da.dims}")
    axes = []
    for k, dim in enumerate(full.dims):
        if dim in full.coords:
            coord = full[dim]
            vals = np.asarray(coord.values)
            if np.issubdtype(vals.dtype, np.datetime64):
                raise ValueError(
                    f"{da.name}: encode '{dim}' as numbers with CF units before writing"
                )
            axis_units = coord.attrs.get("units", defaults[k][1] if k < 2 else "1")
        else:
            vals = np.arange(full.sizes[dim], dtype=float)
            axis_units = defaults[k][1] if k < 2 else "1"
        axes.append((str(dim), str(axis_units), [float(v) for v in vals]))
    return (
        str(da.name),
        str(units),
        str(da.attrs.get("long_name", "")),
        str(da.attrs.get("standard_name", "")),
        axes,
        np.ascontiguousarray(full.values, dtype=float).ravel().tolist(),
    )


def _field_from_tuple(t: tuple) -> xr.DataArray:
    name, units, long_name, standard_name, axes, data = t
    dims = [a[0] for a in axes]
    coords = {a[0]: xr.Variable(a[0], np.asarray(a[2]), {"units": a[1]}) for a in axes}
    shape = [len(a[2]) for a in axes]
    attrs = {"units": units, "long_name": long_name}
    if standard_name:
        attrs["standard_name"] = standard_name
    return xr.DataArray(
        np.asarray(data).reshape(shape), dims=dims, coords=coords, name=name, attrs=attrs
    )


def write_netcdf_fields(
    path: PathLike,
    fields: xr.Dataset | Sequence[xr.DataArray],
    attrs: Mapping[str, str] | None = None,
) -> None:
    """Write gridded fields sharing one grid (time, level, y, x) as CF NetCDF-4."""
    _need(have_netcdf, "netcdf")
    arrays = list(fields.data_vars.values()) if isinstance(fields, xr.Dataset) else list(fields)
    _core.write_netcdf_fields(os.fspath(path), [_field_tuple(a) for a in arrays], dict(attrs or {}))


def read_netcdf_field(path: PathLike, name: str, units: str | None = None) -> xr.DataArray:
    """Read one gridded field with its coordinates; ``units`` checked when given."""
    _need(have_netcdf, "netcdf")
    return _field_from_tuple(_core.read_netcdf_field(os.fspath(path), name, units or ""))


def write_hdf5(path: PathLike, data: TableLike, name: str, long_name: str = "") -> None:
    """Write a table to HDF5 (group ``name`` with values, labels and units)."""
    _need(have_hdf5, "hdf5")
    _core.write_hdf5_matrix(os.fspath(path), _tuple_from_table(data), name, long_name)


def read_hdf5(path: PathLike, name: str, units: str | None = None) -> pd.DataFrame:
    _need(have_hdf5, "hdf5")
    return _frame_from_tuple(_core.read_hdf5_matrix(os.fspath(path), name, units or ""))


def write_hdf5_fields(path: PathLike, fields: xr.Dataset | Sequence[xr.DataArray]) -> None:
    _need(have_hdf5, "hdf5")
    arrays = list(fields.data_vars.values()) if isinstance(fields, xr.Dataset) else list(fields)
    _core.write_hdf5_fields(os.fspath(path), [_field_tuple(a) for a in arrays])


def read_hdf5_field(path: PathLike, name: str, units: str | None = None) -> xr.DataArray:
    _need(have_hdf5, "hdf5")
    return _field_from_tuple(_core.read_hdf5_field(os.fspath(path), name, units or ""))
