"""VOC workflows that join the pillars.

- :func:`read_measurements` reads hourly online GC-MS/FID exports (wide tables, ppb or µg/m³,
  below-MDL markers, flags, MDL tables) into a :class:`VocMeasurements`;
- :func:`simulate` makes hourly VOC data with known sources and OH exposure
  (:class:`SimulatedVocData`);
- :func:`estimate_oh_exposure` gives the OH exposure from a species-pair ratio
  (:class:`PhotochemicalAge`; a moving mean over 5 h by default, :func:`smooth_oh_exposure`;
  several pairs with :func:`combine_oh_exposures`; fitted jointly with the PMF sources from all
  species, :func:`joint_oh_exposure`); :func:`initial_concentrations` and
  :func:`consumed_concentrations` undo the loss; :func:`pmf_dataset` builds a PMF input on
  observed, initial or long-lived species (module :mod:`aqm.voc.age`);
- :func:`formation_potential` / :func:`inventory_formation_potential` give OFP and SOA
  potential by source (:mod:`aqm.voc.formation`), and :func:`formation_displacement` how
  far the rotations the data leave free move them (:mod:`aqm.voc.formation_disp`);
  :func:`compare_shares`,
  :func:`emission_ratios` and :func:`write_adjustment` compare receptor and inventory
  (:mod:`aqm.voc.topdown`);
- :func:`identify` names PMF factors against reference profiles (:mod:`aqm.voc.identify`,
  :mod:`aqm.voc.reference`); :func:`localize` turns them into a localized
  :class:`ProfileLibrary` that :mod:`aqm.emis` speciation reads (:mod:`aqm.voc.profiles`),
  after :func:`zero_absent_species` took out of each factor the species its matched reference
  lacks (PMF 5.0 "set to zero" constraints, :mod:`aqm.voc.constrain`);
- :func:`run_workflow` runs all of it from one TOML file (``aqm voc run``,
  :mod:`aqm.voc.run`); :func:`identify_one_to_one` is its strictly one-to-one naming.
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
from .constrain import (
    ConstrainedSolution,
    ConstraintWarning,
    absent_species_constraints,
    zero_absent_species,
)
from .formation import (
    FormationPotential,
    formation_intervals,
    formation_potential,
    inventory_formation_potential,
    source_concentrations,
)
from .formation_disp import formation_displacement
from .identify import MARKERS, Identification, UnidentifiedFactorWarning, identify
from .joint_age import joint_oh_exposure
from .measurements import MeasurementWarning, VocMeasurements, read_measurements
from .profiles import SECTOR_SOURCE_TYPES, ProfileLibrary, localize, registry_mechanism
from .reference import load_pm25_profiles, load_reference_profiles, read_reference_profiles
from .run import identify_one_to_one, run_workflow
from .simulate import (
    HANGZHOU_LIKE_VOC_SOURCES,
    OhExposureModel,
    SimulatedVocData,
    Site,
    VocSourceActivity,
    WindModel,
    load_voc_kinetics,
    load_voc_source_profiles,
    simulate,
)
from .topdown import (
    compare_shares,
    emission_ratios,
    inventory_shares,
    receptor_shares,
    write_adjustment,
)

__all__ = [
    "HANGZHOU_LIKE_VOC_SOURCES",
    "MARKERS",
    "PAIRS",
    "SECTOR_SOURCE_TYPES",
    "AgeWarning",
    "ConstrainedSolution",
    "ConstraintWarning",
    "FormationPotential",
    "Identification",
    "MeasurementWarning",
    "OhExposureModel",
    "PhotochemicalAge",
    "ProfileLibrary",
    "SimulatedVocData",
    "Site",
    "UnidentifiedFactorWarning",
    "VocMeasurements",
    "VocSourceActivity",
    "WindModel",
    "absent_species_constraints",
    "combine_oh_exposures",
    "compare_shares",
    "consumed_concentrations",
    "emission_ratios",
    "estimate_oh_exposure",
    "formation_displacement",
    "formation_intervals",
    "formation_potential",
    "identify",
    "identify_one_to_one",
    "initial_concentrations",
    "inventory_formation_potential",
    "inventory_shares",
    "joint_oh_exposure",
    "load_pm25_profiles",
    "load_reference_profiles",
    "load_voc_kinetics",
    "load_voc_source_profiles",
    "localize",
    "pmf_dataset",
    "read_measurements",
    "read_reference_profiles",
    "receptor_shares",
    "registry_mechanism",
    "run_workflow",
    "simulate",
    "smooth_oh_exposure",
    "source_concentrations",
    "write_adjustment",
    "zero_absent_species",
]
