"""PMF receptor modelling with EPA PMF 5.0's method.

- :class:`Dataset` prepares the data (uncertainties, S/N, categories, missing values);
- :class:`PMF` runs the seeded base runs and diagnostics (scikit-learn style);
- :func:`simulate` makes a PM2.5 speciation dataset with a known answer from source profiles
  (:func:`load_source_profiles`), returned as a :class:`SimulatedDataset`;
  :func:`pmf_uncertainty` is EPA PMF 5.0's uncertainty equation.
"""

from ._simulate import (
    HANGZHOU_LIKE_SOURCES,
    SimulatedDataset,
    SourceActivity,
    load_source_profiles,
    pmf_uncertainty,
    simulate,
)
from .dataset import Dataset
from .estimator import PMF, PMFWarning

__all__ = [
    "HANGZHOU_LIKE_SOURCES",
    "PMF",
    "PMFWarning",
    "Dataset",
    "SimulatedDataset",
    "SourceActivity",
    "load_source_profiles",
    "pmf_uncertainty",
    "simulate",
]
