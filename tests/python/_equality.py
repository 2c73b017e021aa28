"""Deep equality for round-trip tests (pickling, bindings): every field, exactly."""

from __future__ import annotations

import copyreg
import dataclasses

import numpy as np
import pandas as pd
import xarray as xr

from aqm import chem


def assert_same(a, b, where="object"):
    """Field by field: pandas/xarray/numpy exactly, C++ values by every field they expose."""
    assert type(a) is type(b), where
    if isinstance(a, (xr.Dataset, xr.DataArray)):
        xr.testing.assert_identical(a, b)
    elif isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b)
    elif isinstance(a, pd.Series):
        pd.testing.assert_series_equal(a, b)
    elif isinstance(a, np.ndarray):
        np.testing.assert_array_equal(a, b)
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), where
        for k, (x, y) in enumerate(zip(a, b)):
            assert_same(x, y, f"{where}[{k}]")
    elif isinstance(a, dict):
        assert list(a) == list(b), where
        for k in a:
            assert_same(a[k], b[k], f"{where}[{k!r}]")
    elif hasattr(type(a), "_fields") and type(a).__module__.startswith("aqm._core"):
        for name in type(a)._fields:  # a bound C++ option or result class: every field
            assert_same(getattr(a, name), getattr(b, name), f"{where}.{name}")
    elif type(a) in copyreg.dispatch_table:  # a C++ value type: the fields it is rebuilt from
        assert_same(
            copyreg.dispatch_table[type(a)](a)[1], copyreg.dispatch_table[type(b)](b)[1], where
        )
    elif dataclasses.is_dataclass(a):
        for f in dataclasses.fields(a):
            assert_same(getattr(a, f.name), getattr(b, f.name), f"{where}.{f.name}")
    elif isinstance(a, chem.Mechanism):
        assert_same_mechanism(a, b)
    elif isinstance(a, chem.BoxModel):
        assert_same(
            {k: v for k, v in vars(a).items() if k not in ("_m", "_last")},
            {k: v for k, v in vars(b).items() if k not in ("_m", "_last")},
            where,
        )
        assert_same(a.run(), b.run(), f"{where}.run()")
    elif hasattr(a, "__dict__") and not isinstance(a, type):
        assert_same(vars(a), vars(b), where)
    elif isinstance(a, float) and np.isnan(a):
        assert np.isnan(b), where
    else:
        assert a == b, where


def assert_same_mechanism(a, b):
    assert (a.name, a.species, a.variable_species, a.fixed_species, a.ro2_species) == (
        b.name,
        b.species,
        b.variable_species,
        b.fixed_species,
        b.ro2_species,
    )
    pd.testing.assert_frame_equal(a.reactions, b.reactions)
    assert a.initial_values == b.initial_values and a.summary() == b.summary()
    pd.testing.assert_series_equal(
        a.rate_constants(290.0, 1000.0, 40.0), b.rate_constants(290.0, 1000.0, 40.0)
    )
    # warnings name the files read: the same once the directory is taken away
    assert [w.split("/")[-1] for w in a.warnings] == [w.split("/")[-1] for w in b.warnings]
