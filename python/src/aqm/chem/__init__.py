"""Photochemistry: mechanisms, rate constants, stiff integration and VOC reactivity scales.

- :class:`Mechanism` — load KPP (``.eqn/.kpp/.def``) or FACSIMILE (``.fac``) mechanisms, or a
  mechanism shipped with the package (:meth:`Mechanism.builtin`); compute rate constants and
  integrate a box (:meth:`Mechanism.integrate`, an ``xarray.Dataset`` out).
- :class:`SolarPhotolysis`, :class:`FixedZenith` — MCM v3.3.1 photolysis following the sun or at a
  fixed solar zenith angle; a ``{J number: value}`` mapping gives fixed J values;
  :class:`UserZenith` (a zenith-angle function of time), a function of time giving J, or a
  :class:`JTable` (J over time, step or linear) for user photolysis.
- :class:`Solver` (``Mechanism.solver(...)``) — a reusable integrator that keeps the symbolic
  LU and the last step size; conditions (T, p, M, O2, N2, H2O) as constants or series.
- :func:`air_density`, :func:`solar_zenith` — the environment and solar geometry helpers.
- :class:`VocTable`, :func:`ofp`, :func:`soa_potential`, :func:`oh_reactivity`,
  :func:`to_mechanism` — reactivity of measured VOCs (MIR, SOAP/FAC, kOH) and their mapping to
  the built-in mechanism's species (``aqm.chem.voc``).
- :class:`BoxModel` (``aqm.chem.box``): the observation-constrained box model with its
  diagnostics (P(O3)/L(O3), OH reactivity, radical budget), isopleths, RIR and regimes.
- ``aqm.chem.attribution``: sector-resolved O3 attribution on a box model (zero-out, RIR per
  sector and species, a plan's measures per tonne cut); ``aqm box attribute``.
"""

from __future__ import annotations

from .box import BoxModel, builtin_mechanism_path
from .mechanism import (
    FixedZenith,
    Mechanism,
    SolarPhotolysis,
    air_density,
    photolysis_rates,
    solar_zenith,
)
from .solver import JTable, Solver, UserZenith
from .voc import (
    MissingCoefficientWarning,
    VocTable,
    default_table,
    ofp,
    oh_reactivity,
    soa_potential,
    to_mechanism,
)

__all__ = [
    "BoxModel",
    "FixedZenith",
    "JTable",
    "Mechanism",
    "MissingCoefficientWarning",
    "SolarPhotolysis",
    "Solver",
    "UserZenith",
    "VocTable",
    "air_density",
    "builtin_mechanism_path",
    "default_table",
    "ofp",
    "oh_reactivity",
    "photolysis_rates",
    "soa_potential",
    "solar_zenith",
    "to_mechanism",
]
