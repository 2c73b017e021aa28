"""Type aliases of the public signatures.  The aliases are real objects (no quoted names inside
them), so ``typing.get_type_hints`` resolves them from any module that uses them; only
matplotlib's ``Axes`` (so matplotlib stays optional) and ``SpeciationProfiles`` (aqm.voc
imports aqm.emis, whose signatures use it) are for type checkers alone."""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Union

import numpy as np
import numpy.typing as npt
import pandas as pd
import xarray as xr

if TYPE_CHECKING:
    from matplotlib.axes import Axes as Axes

    from . import _core
    from .voc import ProfileLibrary

    #: Speciation profiles as ``Inventory.speciate`` takes them: an ``aqm.voc.ProfileLibrary``
    #: (localized profiles), or SpeciationProfile objects by name or in a sequence.  For type
    #: checkers only: aqm.voc imports aqm.emis, which uses this alias.
    SpeciationProfiles = Union[
        ProfileLibrary,
        Mapping[str, _core.emis.SpeciationProfile],
        Sequence[_core.emis.SpeciationProfile],
    ]

#: A seed as scikit-learn takes it: None (fresh entropy), an int, or a numpy Generator.
RandomState = Union[None, int, np.random.Generator]
#: A table of samples x species: an array, a DataFrame (labels from its index and columns) or
#: a DataArray.
Table = Union[npt.ArrayLike, pd.DataFrame, xr.DataArray]
#: Per-species values: one value for all, a mapping or Series by species, or a sequence.
PerSpecies = Union[float, Mapping[str, float], pd.Series, Sequence[float]]
#: A file path.
PathLike = Union[str, os.PathLike[str]]
#: A reference profile library as ``aqm.voc.identify`` takes it: None or "voc" (the bundled
#: SPECIATE subset), "pm25" (the bundled PM2.5 composites), a CSV path or a long DataFrame.
ReferenceLibrary = Union[None, str, os.PathLike[str], pd.DataFrame]
#: Per-species detection limits: one value for all, or a mapping / Series by species.
DetectionLimits = Union[float, Mapping[str, float], pd.Series]
#: A table as read from TOML (or written as the equivalent dict): its values may be of any TOML
#: type (string, number, boolean, date, array, table), checked key by key where they are read.
TomlTable = Mapping[str, Any]
#: A point in time as the readers take it: a datetime or date, a numpy datetime64, a pandas
#: Timestamp (a datetime) or an ISO 8601 string.
DateLike = Union[datetime.datetime, datetime.date, np.datetime64, str]
#: A condition over model time: a constant, a pandas Series indexed by seconds (or
#: timedeltas), or a ``(times, values)`` pair.
TimeSeries = Union[float, pd.Series, tuple[npt.ArrayLike, npt.ArrayLike]]
#: Per-species series over time: a DataFrame (one column per species), a named Series, or a
#: mapping {species: Series or constant}.
SpeciesSeries = Union[pd.DataFrame, pd.Series, Mapping[str, Union[pd.Series, float]]]

__all__ = [
    "Axes",
    "DateLike",
    "DetectionLimits",
    "PathLike",
    "PerSpecies",
    "RandomState",
    "ReferenceLibrary",
    "SpeciationProfiles",
    "SpeciesSeries",
    "Table",
    "TimeSeries",
    "TomlTable",
]
