"""VOC workflows that join the pillars.

- :func:`simulate` makes hourly VOC data with known sources and OH exposure
  (:class:`SimulatedVocData`).
"""

from .simulate import (
    HANGZHOU_LIKE_VOC_SOURCES,
    OhExposureModel,
    SimulatedVocData,
    Site,
    VocSourceActivity,
    load_voc_kinetics,
    load_voc_source_profiles,
    simulate,
)

__all__ = [
    "HANGZHOU_LIKE_VOC_SOURCES",
    "OhExposureModel",
    "SimulatedVocData",
    "Site",
    "VocSourceActivity",
    "load_voc_kinetics",
    "load_voc_source_profiles",
    "simulate",
]
