"""PMF receptor modelling with EPA PMF 5.0's method: :class:`Dataset` prepares the data,
:class:`PMF` runs the seeded base runs and diagnostics."""

from .dataset import Dataset
from .estimator import PMF

__all__ = ["PMF", "Dataset"]
