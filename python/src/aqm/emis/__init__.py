"""Emission inventories: units, control scenarios, VOC speciation, temporal profiles,
HEMCO-style scale-factor algebra, conservative regridding and box-model rates.

The numerics are C++ (``aqm._core.emis``); this package adds labels, pandas/xarray, TOML and
files.  ``Inventory.bundled()`` is a synthetic Hangzhou-like 2020 inventory (see
data/emis/README.md for how it was made).
"""

from __future__ import annotations

from .. import _core
from .inventory import Inventory
from .scenario import Scenario, ScenarioResult
from .speciation import (
    default_assignment,
    load_mechanism,
    load_profiles,
    localize_from_pmf,
    speciation_table,
)
from .species_inventory import SpeciesInventory, read_provenance, speciate_inventory
from .temporal import default_profiles, read_profiles

_e = _core.emis
LatLonGrid = _e.LatLonGrid
TemporalProfile = _e.TemporalProfile
SpeciationProfile = _e.SpeciationProfile
CompoundMapping = _e.CompoundMapping
SpeciesMapping = _e.SpeciesMapping  # compounds -> mechanism species (chem.Mechanism: reactions)
ScaleAlgebra = _e.ScaleAlgebra
ScaleFactor = _e.ScaleFactor
ScaleOperator = _e.ScaleOperator
Mask = _e.Mask
BaseField = _e.BaseField
ConservativeRegridder = _e.ConservativeRegridder
conversion_factor = _e.conversion_factor
parse_unit = _e.parse_unit
hourly_fractions = _e.hourly_fractions
monthly_fractions = _e.monthly_fractions

__all__ = [
    "BaseField",
    "CompoundMapping",
    "ConservativeRegridder",
    "Inventory",
    "LatLonGrid",
    "Mask",
    "ScaleAlgebra",
    "ScaleFactor",
    "ScaleOperator",
    "Scenario",
    "ScenarioResult",
    "SpeciationProfile",
    "SpeciesInventory",
    "SpeciesMapping",
    "TemporalProfile",
    "conversion_factor",
    "default_assignment",
    "default_profiles",
    "hourly_fractions",
    "load_mechanism",
    "load_profiles",
    "localize_from_pmf",
    "monthly_fractions",
    "parse_unit",
    "read_profiles",
    "read_provenance",
    "speciate_inventory",
    "speciation_table",
]
