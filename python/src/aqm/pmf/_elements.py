"""Name → index resolution for PMF elements (factor, species, sample) of the rotational tools."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import _core


def _element(contribution: bool, factor: int, index: int) -> Any:
    e = _core.pmf.Element()
    e.contribution, e.factor, e.index = contribution, factor, index
    return e


def factor_index(model: Any, factor: Any, where: str) -> int:
    """A factor given as 1-based number or as its name (``"Factor 2"``) → 0-based index."""
    names = model.factor_names_
    if isinstance(factor, str):
        if factor in names:
            return names.index(factor)
        raise ValueError(f"{where}: factor {factor!r} is not one of {names}")
    if isinstance(factor, bool) or not isinstance(factor, int) or not 1 <= factor <= len(names):
        raise ValueError(
            f"{where}: factor must be 1..{len(names)} or a factor name, got {factor!r}"
        )
    return factor - 1


def element(model: Any, spec: Mapping[str, Any], where: str) -> Any:
    """``{"factor": 2, "species": "Pb"}`` (profile) or ``{"factor": 2, "sample": "..."}``
    (contribution) → the binding's ``Element``."""
    if "factor" not in spec:
        raise ValueError(f"{where}: missing key 'factor'")
    k = factor_index(model, spec["factor"], where)
    if ("species" in spec) == ("sample" in spec):
        raise ValueError(
            f"{where}: give exactly one of 'species' (profile) or 'sample' (contribution)"
        )
    if "species" in spec:
        species = list(model.feature_names_in_)
        if spec["species"] not in species:
            raise ValueError(f"{where}: species {spec['species']!r} is not in the fitted data")
        return _element(False, k, species.index(spec["species"]))
    samples = [str(s) for s in model.sample_names_]
    sample = spec["sample"]
    if isinstance(sample, int) and not isinstance(sample, bool) and str(sample) not in samples:
        if not 1 <= sample <= len(samples):
            raise ValueError(f"{where}: sample number {sample} is not in 1..{len(samples)}")
        return _element(True, k, sample - 1)
    if str(sample) not in samples:
        raise ValueError(f"{where}: sample {sample!r} is not in the fitted data")
    return _element(True, k, samples.index(str(sample)))
