"""Test data shared by the VOC tests: the species of the known-truth SPECIATE datasets."""

from __future__ import annotations

#: 15 measured species of the known-truth VOC datasets (test_voc_constrain, test_voc_profiles):
#: alkanes, alkenes, aromatics and isoprene that the SPECIATE references used there list or lack.
MEASURED = [
    "ethane",
    "propane",
    "isobutane",
    "n-butane",
    "isopentane",
    "n-pentane",
    "2,2,4-trimethylpentane",
    "2-methylpentane",
    "toluene",
    "benzene",
    "ethylene",
    "propylene",
    "isoprene",
    "n-hexane",
    "2,3-dimethylbutane",
]
