"""VOC workflows that join the pillars.

- :func:`read_measurements` reads hourly online GC-MS/FID exports (wide tables, ppb or µg/m³,
  below-MDL markers, flags, MDL tables) into a :class:`VocMeasurements`;
- :func:`simulate` makes hourly VOC data with known sources and OH exposure
  (:class:`SimulatedVocData`);
- :func:`estimate_oh_exposure` gives the OH exposure from a species-pair ratio
  (:class:`PhotochemicalAge`; a moving mean over 5 h by default, :func:`smooth_oh_exposure`;
  several pairs with :func:`combine_oh_exposures`); :func:`initial_concentrations` and
  :func:`consumed_concentrations` undo the loss; :func:`pmf_dataset` builds a PMF input on
  observed, initial or long-lived species (module :mod:`aqm.voc.age`).
"""

from .age import (
    PAIRS,
    AgeWarning,
    PhotochemicalAge,
    combine_oh_exposures,
    consumed_concentrations,
    estimate_oh_exposure,
    initial_concentrations,
    pmf_dataset,
    smooth_oh_exposure,
)
from .measurements import MeasurementWarning, VocMeasurements, read_measurements
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
    "PAIRS",
    "AgeWarning",
    "MeasurementWarning",
    "OhExposureModel",
    "PhotochemicalAge",
    "SimulatedVocData",
    "Site",
    "VocMeasurements",
    "VocSourceActivity",
    "combine_oh_exposures",
    "consumed_concentrations",
    "estimate_oh_exposure",
    "initial_concentrations",
    "load_voc_kinetics",
    "load_voc_source_profiles",
    "pmf_dataset",
    "read_measurements",
    "simulate",
    "smooth_oh_exposure",
]
