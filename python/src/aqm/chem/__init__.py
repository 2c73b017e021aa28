"""Photochemistry: VOC reactivity scales (``aqm.chem.voc``).

- :class:`BoxModel` (``aqm.chem.box``): the observation-constrained box model with its
  diagnostics (P(O3)/L(O3), OH reactivity, radical budget), isopleths, RIR and regimes.

The mechanism part of ``aqm.chem`` is added alongside.
"""

from __future__ import annotations

from .box import BoxModel, builtin_mechanism_path
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
    "builtin_mechanism_path",
    "MissingCoefficientWarning",
    "VocTable",
    "default_table",
    "ofp",
    "oh_reactivity",
    "soa_potential",
    "to_mechanism",
]
