"""PMF receptor modelling with EPA PMF 5.0's method.

- :class:`Dataset` prepares the data (uncertainties, S/N, categories, missing values);
- :class:`PMF` runs the seeded base runs and diagnostics (scikit-learn style);
- :func:`simulate` makes a PM2.5 speciation dataset with a known answer from source profiles
  (:func:`load_source_profiles`), returned as a :class:`SimulatedDataset`;
  :func:`pmf_uncertainty` is EPA PMF 5.0's uncertainty equation;
- rotational tools and error estimation on a fitted :class:`PMF`: ``fpeak``,
  ``constrained_run``, ``bootstrap``, ``displacement``, ``bs_disp``; :func:`factor_sweep`
  compares numbers of factors (plots in :mod:`aqm.pmf.plots`).
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
from .factor_sweep import factor_sweep

__all__ = [
    "HANGZHOU_LIKE_SOURCES",
    "PMF",
    "PMFWarning",
    "Dataset",
    "SimulatedDataset",
    "SourceActivity",
    "factor_sweep",
    "load_source_profiles",
    "pmf_uncertainty",
    "simulate",
]
