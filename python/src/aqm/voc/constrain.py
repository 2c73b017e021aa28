"""Reference-guided "set to zero" constraints: take out of a factor what its source does not emit.

A PMF factor holds a few percent of species its source does not emit (noise and rotational
freedom spread every species over every factor).  Harmless in the factor itself, the leak
matters once the factor becomes a localized profile and is applied to an inventory: ethane at
2 % of a solvent factor, times the large solvent sector, outweighs the ethane of the small
natural-gas sector that really emits it (validation/voc_validation.py, target 4).

The rule (PMF 5.0's "Set to Zero" element constraint, Norris et al. 2014): in each
identified factor, a species is set to zero when (1) the factor's matched reference profile
does not list it (a lump such as ``xylenes`` lists its members) and (2) the factor carries
less than ``max_share`` of the species' modelled mass, so a species the local source really
emits, and that the reference happens to lack, keeps the factor that explains it.  The
constrained run starts from the best base run and reports its %dQ; above ``max_percent_dq``
the constraints contradict the data and the unconstrained solution is kept, with a warning.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from .identify import UNIDENTIFIED, Identification
from .reference import LUMPS, registry, resolve_species

if TYPE_CHECKING:
    from ..pmf import PMF

#: Defaults of :func:`zero_absent_species` (the ``[profiles]`` table of ``aqm voc run``).
DEFAULT_MAX_SHARE = 0.1
DEFAULT_MAX_PERCENT_DQ = 5.0


class ConstraintWarning(UserWarning):
    """Reference-guided constraints were not applied (they cost more fit than allowed)."""


@dataclass
class ConstrainedSolution:
    """The PMF solution the profiles are built from: ``profiles`` (factor × species, PMF 5.0
    display units: contributions of mean 1), ``contributions`` (sample × factor), the
    ``constraints`` applied (PMF 5.0 dicts), their ``percent_dq`` of Q(robust), and whether
    they were ``applied`` (False: the base solution, see :class:`ConstraintWarning`)."""

    profiles: pd.DataFrame
    contributions: pd.DataFrame
    constraints: list[dict[str, Any]] = field(default_factory=list)
    percent_dq: float = 0.0
    applied: bool = False


def _listed(reference: pd.Series) -> set[str]:
    """Species a reference profile lists, a lump standing for its members."""
    names = {str(s) for s, w in reference.items() if w > 0}
    for lump, members in LUMPS.items():
        if lump in names:
            names.update(members)
    return names


def absent_species_constraints(
    model: PMF, identification: Identification, *, max_share: float = DEFAULT_MAX_SHARE
) -> list[dict[str, Any]]:
    """PMF 5.0 "set to zero" constraints for each identified factor and species its matched
    reference does not list, where the factor holds less than ``max_share`` of the species'
    modelled mass (module docstring).  Unidentified factors and the total variable get none."""
    if not 0.0 <= max_share <= 1.0:
        raise ValueError(f"max_share: must be within [0, 1], got {max_share!r}")
    profiles = model.profiles_
    total = getattr(model, "_total_variable", None)
    species = [s for s in profiles.columns if s != total]
    canonical = dict(zip(species, resolve_species(species, "factor profiles", registry())))
    sums = profiles[species].sum(axis=0)
    share = profiles[species].divide(sums.where(sums > 0), axis=1).fillna(0.0)
    library = identification.library
    out = []
    for factor in profiles.index:
        code = (
            identification.best_reference(factor)
            if identification.names.get(factor, UNIDENTIFIED) != UNIDENTIFIED
            else None
        )
        if code is None:
            continue
        ref = library[library["profile_code"] == code].set_index("species")["weight_percent"]
        listed = _listed(ref)
        out += [
            {"type": "set to zero", "factor": factor, "species": s}
            for s in species
            if canonical[s] not in listed and share.loc[factor, s] < max_share
        ]
    return out


def zero_absent_species(
    model: PMF,
    identification: Identification,
    *,
    max_share: float = DEFAULT_MAX_SHARE,
    max_percent_dq: float = DEFAULT_MAX_PERCENT_DQ,
) -> ConstrainedSolution:
    """The constrained run of :func:`absent_species_constraints` from the best base run, or
    the base solution (with a :class:`ConstraintWarning`) when its %dQ exceeds
    ``max_percent_dq`` or there is nothing to constrain."""
    if not max_percent_dq > 0:
        raise ValueError(f"max_percent_dq: must be > 0, got {max_percent_dq!r}")
    base = ConstrainedSolution(model.profiles_, _contributions(model, model.contributions_))
    constraints = absent_species_constraints(model, identification, max_share=max_share)
    if not constraints:
        return base
    run = model.constrained_run(constraints)
    percent_dq = float(run.attrs["percent_dq"])
    if percent_dq > max_percent_dq:
        warnings.warn(
            f"{len(constraints)} reference-guided 'set to zero' constraints raise "
            f"Q(robust) by {percent_dq:.2f} % (limit {max_percent_dq:g} %); the "
            "profiles are built from the unconstrained base run",
            ConstraintWarning,
            stacklevel=2,
        )
        base.constraints, base.percent_dq = constraints, percent_dq
        return base
    profiles = pd.DataFrame(
        run["profiles"].values, index=model.profiles_.index, columns=model.profiles_.columns
    )
    return ConstrainedSolution(
        profiles, _contributions(model, run["contributions"].values), constraints, percent_dq, True
    )


def _contributions(model: Any, values: Any) -> pd.DataFrame:
    return pd.DataFrame(values, index=pd.Index(model.sample_names_), columns=model.profiles_.index)


__all__ = [
    "DEFAULT_MAX_PERCENT_DQ",
    "DEFAULT_MAX_SHARE",
    "ConstrainedSolution",
    "ConstraintWarning",
    "absent_species_constraints",
    "zero_absent_species",
]
