"""VOC source profiles: factor identification against reference profiles
(:mod:`aqm.voc.identify`, :mod:`aqm.voc.reference`) and localized profile libraries
readable by :mod:`aqm.emis` speciation (:mod:`aqm.voc.profiles`)."""

from .identify import MARKERS, Identification, UnidentifiedFactorWarning, identify
from .profiles import SECTOR_SOURCE_TYPES, ProfileLibrary, localize, registry_mechanism
from .reference import load_pm25_profiles, load_reference_profiles, read_reference_profiles

__all__ = [
    "MARKERS",
    "SECTOR_SOURCE_TYPES",
    "Identification",
    "ProfileLibrary",
    "UnidentifiedFactorWarning",
    "identify",
    "load_pm25_profiles",
    "load_reference_profiles",
    "localize",
    "read_reference_profiles",
    "registry_mechanism",
]
