"""Photochemical box-model chemistry: mechanisms, rate constants and stiff integration.

- :class:`Mechanism` — load KPP (``.eqn/.kpp/.def``) or FACSIMILE (``.fac``) mechanisms, or a
  mechanism shipped with the package (:meth:`Mechanism.builtin`); compute rate constants and
  integrate a box (:meth:`Mechanism.integrate`, an ``xarray.Dataset`` out).
- :class:`SolarPhotolysis`, :class:`FixedZenith` — MCM v3.3.1 photolysis following the sun or at a
  fixed solar zenith angle; a ``{J number: value}`` mapping gives fixed J values.
- :func:`air_density`, :func:`solar_zenith` — the environment and solar geometry helpers.
"""

from __future__ import annotations

from .mechanism import (
    FixedZenith,
    Mechanism,
    SolarPhotolysis,
    air_density,
    photolysis_rates,
    solar_zenith,
)

__all__ = [
    "FixedZenith",
    "Mechanism",
    "SolarPhotolysis",
    "air_density",
    "photolysis_rates",
    "solar_zenith",
]
