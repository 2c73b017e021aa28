"""The PMF fit plots under their first name: they live in :mod:`aqm.pmf.plots` (the pmf pillar
owns them); ``from aqm import plot`` keeps working for code written against it."""

from __future__ import annotations

from .pmf.plots import (
    plot_contributions,
    plot_fingerprints,
    plot_observed_predicted,
    plot_profiles,
    plot_residual_histograms,
)

__all__ = [
    "plot_contributions",
    "plot_fingerprints",
    "plot_observed_predicted",
    "plot_profiles",
    "plot_residual_histograms",
]
