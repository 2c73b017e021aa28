"""PMF receptor modelling.

Simulation of PMF input with a known answer: :func:`simulate` makes a PM2.5 speciation dataset
from source profiles (:func:`load_source_profiles`) and returns a :class:`SimulatedDataset`;
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

__all__ = [
    "HANGZHOU_LIKE_SOURCES",
    "SimulatedDataset",
    "SourceActivity",
    "load_source_profiles",
    "pmf_uncertainty",
    "simulate",
]
