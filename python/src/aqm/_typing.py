"""Type aliases of the public signatures.  The aliases are real objects (no quoted names inside
them), so ``typing.get_type_hints`` resolves them from any module that uses them; only
matplotlib's ``Axes`` is imported for type checkers alone, so matplotlib stays optional."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Union

import numpy as np
import numpy.typing as npt
import pandas as pd
import xarray as xr

if TYPE_CHECKING:
    from matplotlib.axes import Axes as Axes

#: A seed as scikit-learn takes it: None (fresh entropy), an int, or a numpy Generator.
RandomState = Union[None, int, np.random.Generator]
#: A table of samples x species: an array, a DataFrame (labels from its index and columns) or
#: a DataArray.
Table = Union[npt.ArrayLike, pd.DataFrame, xr.DataArray]
#: Per-species values: one value for all, a mapping or Series by species, or a sequence.
PerSpecies = Union[float, Mapping[str, float], pd.Series, Sequence[float]]
#: A file path.
PathLike = Union[str, os.PathLike[str]]

__all__ = ["Axes", "PathLike", "PerSpecies", "RandomState", "Table"]
