"""Type aliases of the public signatures (annotations only: nothing here is imported at run
time by the modules that use them, so matplotlib stays optional)."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Union

import numpy as np

if TYPE_CHECKING:
    import numpy.typing as npt
    import pandas as pd
    import xarray as xr
    from matplotlib.axes import Axes as Axes

#: A seed as scikit-learn takes it: None (fresh entropy), an int, or a numpy Generator.
RandomState = Union[None, int, np.random.Generator]
#: A table of samples x species: an array, a DataFrame (labels from its index and columns) or
#: a DataArray.
Table = Union["npt.ArrayLike", "pd.DataFrame", "xr.DataArray"]
#: Per-species values: one value for all, a mapping or Series by species, or a sequence.
PerSpecies = Union[float, "Mapping[str, float]", "pd.Series", "Sequence[float]"]
#: A file path.
PathLike = Union[str, "os.PathLike[str]"]

__all__ = ["Axes", "PathLike", "PerSpecies", "RandomState", "Table"]
