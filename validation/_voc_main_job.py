"""The main job's steps as `aqm voc run` takes them, shared by the VOC validations: its PMF,
its uncertainty equation and its one-to-one identification."""

from __future__ import annotations

import warnings

from aqm.pmf import PMF
from aqm.voc import SimulatedVocData


def main_job_pmf(seed: int = 42) -> PMF:
    """PMF as `aqm voc run` makes it: 20 runs, uncertainties from the fitted values."""
    return PMF(7, n_runs=20, random_state=seed, progress=False, uncertainty="fitted")


def equation(sim: SimulatedVocData) -> dict:
    """The measurement's uncertainty equation, for PMF's uncertainties from the fitted values."""
    return {"mdl": sim.mdl, "error_fraction": sim.error_fraction}


def _identify_quietly(*args, one_to_one: bool = True, **kw):
    """The main job's identification (`identify_one_to_one`), warnings kept as notes."""
    from aqm.voc import UnidentifiedFactorWarning, identify, identify_one_to_one

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", UnidentifiedFactorWarning)
        ident = identify_one_to_one(*args, **kw) if one_to_one else identify(*args, **kw)
    return ident, [str(w.message) for w in caught]
