"""Photochemistry: VOC reactivity scales (``aqm.chem.voc``).

This minimal package file exports only the VOC names; the mechanism/box-model part of
``aqm.chem`` is added alongside.
"""

from __future__ import annotations

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
    "MissingCoefficientWarning",
    "VocTable",
    "default_table",
    "ofp",
    "oh_reactivity",
    "soa_potential",
    "to_mechanism",
]
