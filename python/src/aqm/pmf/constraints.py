"""PMF 5.0 constrained runs on a fitted :class:`aqm.pmf.PMF`: element constraints and expressions.

Element constraint (dict)::

    {"type": "pull up maximally", "factor": 3, "species": "Zn", "dq": 0.5}
    {"type": "set to zero", "factor": "Factor 1", "sample": "2006-01-03"}
    {"type": "pull to value", "factor": 2, "species": "Pb", "value": 0.01, "dq": 0.5}

Types: ``pull down maximally``, ``pull up maximally``, ``pull to value``, ``set to zero``,
``set to value``, ``set to base value``.  ``dq`` is the %dQ budget (PMF 5.0 default 0.5).
Values are in display units (profiles like ``PMF.profiles_``, contributions normalised to mean 1).

Expression (dict): a ratio ``{"ratio": 2.0, "numerator": {"factor": 1, "species": "Pb"},
"denominator": {"factor": 1, "species": "Zn"}, "dq": 0.5}``, or a linear relation
``{"terms": [{"factor": 1, "species": "Pb", "coef": 1.0}, ...], "value": 0.0, "dq": 0.5}``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import xarray as xr

from .. import _core
from .._cf import annotate, sample_coord
from .._typing import TomlTable
from ._defaults import CONSTRAINED_RUN, CONSTRAINT
from ._elements import element
from ._schema import UNKNOWN_UNITS

if TYPE_CHECKING:
    from .estimator import PMF

__all__ = ["constrained_run", "held_profile_elements"]

_TYPES = (
    "pull down maximally",
    "pull up maximally",
    "pull to value",
    "set to zero",
    "set to value",
    "set to base value",
)
_ELEMENT_KEYS = {"type", "factor", "species", "sample", "value", "dq"}
_EXPRESSION_KEYS = {"ratio", "numerator", "denominator", "terms", "value", "dq"}


def _kind(name: Any, where: str) -> str:
    key = str(name).lower().replace("_", " ").replace("-", " ")
    if key not in _TYPES:
        raise ValueError(f"{where}: type {name!r} is not one of {list(_TYPES)}")
    return key


def _dq(spec: Mapping[str, Any], where: str) -> float:
    dq = float(spec.get("dq", CONSTRAINT.percent_dq))
    if not dq > 0 or not np.isfinite(dq):
        raise ValueError(f"{where}: dq must be a positive % of Q(robust), got {spec.get('dq')!r}")
    return dq


def _element_constraint(model: Any, spec: Mapping[str, Any], where: str) -> Any:
    unknown = set(spec) - _ELEMENT_KEYS
    if unknown:
        raise ValueError(
            f"{where}: unknown key {sorted(unknown)[0]!r}; known: {sorted(_ELEMENT_KEYS)}"
        )
    kind = _kind(spec.get("type"), where)
    if kind in ("pull to value", "set to value") and "value" not in spec:
        raise ValueError(f"{where}: {kind!r} needs a 'value'")
    c = _core.pmf.ElementConstraint()
    c.element, c.kind = element(model, spec, where), kind
    c.value, c.percent_dq = float(spec.get("value", 0.0)), _dq(spec, where)
    return c


def held_profile_elements(model: PMF, constraints: Sequence[TomlTable]) -> np.ndarray:
    """The profile elements that ``constraints`` hold ('set to zero' / 'set to value' on a
    species), as a factors × species matrix of values with NaN where free: what a bootstrap of
    the constrained run keeps in every refit.  Other constraint types are refused."""
    held = np.full((len(model.factor_names_), len(model.feature_names_in_)), np.nan)
    for i, spec in enumerate(constraints):
        where = f"constraint {i + 1}"
        c = _element_constraint(model, spec, where)
        if c.kind not in ("set to zero", "set to value") or c.element.contribution:
            raise ValueError(
                f"{where}: a bootstrap holds only 'set to zero' / 'set to value' on a species"
            )
        held[c.element.factor, c.element.index] = c.value if c.kind == "set to value" else 0.0
    return held


def _expression(model: Any, spec: Mapping[str, Any], where: str) -> Any:
    unknown = set(spec) - _EXPRESSION_KEYS
    if unknown:
        raise ValueError(
            f"{where}: unknown key {sorted(unknown)[0]!r}; known: {sorted(_EXPRESSION_KEYS)}"
        )
    if "ratio" in spec:
        ratio = float(spec["ratio"])
        if not ratio >= 0 or not np.isfinite(ratio):
            raise ValueError(f"{where}: ratio must be finite and >= 0, got {spec['ratio']!r}")
        if "numerator" not in spec or "denominator" not in spec:
            raise ValueError(f"{where}: a ratio needs 'numerator' and 'denominator'")
        terms = [
            (element(model, spec["numerator"], where), 1.0),
            (element(model, spec["denominator"], where), -ratio),
        ]
        value = 0.0
    elif "terms" in spec:
        terms = [
            (
                element(model, {k: v for k, v in t.items() if k != "coef"}, where),
                float(t.get("coef", 1.0)),
            )
            for t in spec["terms"]
        ]
        if not terms:
            raise ValueError(f"{where}: 'terms' is empty")
        value = float(spec.get("value", 0.0))
    else:
        raise ValueError(f"{where}: give 'ratio' (with numerator, denominator) or 'terms'")
    x = _core.pmf.Expression()
    x.terms, x.value, x.percent_dq = terms, value, _dq(spec, where)
    return x


def _start_matrices(model: PMF, start: xr.Dataset | None) -> tuple[Any, Any]:
    if start is None:
        return None, None
    if not isinstance(start, xr.Dataset) or not {"profiles", "contributions"} <= set(start):
        raise ValueError("start: a constrained run's Dataset (with profiles and contributions)")
    from ._start import _check_start

    n, m = len(model.sample_names_), model.n_features_in_
    return _check_start(
        start["contributions"].to_numpy(),
        start["profiles"].to_numpy(),
        n,
        m,
        len(model.factor_names_),
    )


def constrained_run(
    model: PMF,
    constraints: Sequence[TomlTable] = (),
    expressions: Sequence[TomlTable] = (),
    *,
    start: xr.Dataset | None = None,
    dq_tolerance: float = CONSTRAINED_RUN.dq_tolerance,
) -> xr.Dataset:
    """One constrained run from the best base run of ``model``; returns the constrained profiles
    and contributions with Q(robust), Q(true), dQ, %dQ and the dQ budget as attributes.

    ``start``: a constrained run of this model (as this function returns it) to run from
    instead of the base run; Q(robust), dQ and the budgets are then measured from that
    solution (pulls around a 'set to zero' solution; give its constraints again to hold them).
    ``dq_tolerance``: the pull strength's bisection stops once dQ is within this fraction
    below the budget.
    """
    model._check_fitted()
    if not constraints and not expressions:
        raise ValueError("give at least one constraint or expression")
    if not isinstance(dq_tolerance, (int, float)) or not 0.0 < dq_tolerance < 1.0:
        raise ValueError(f"dq_tolerance: a fraction of the budget in (0, 1), got {dq_tolerance!r}")
    origin = _start_matrices(model, start)
    elements = [
        _element_constraint(model, c, f"constraint {i + 1}") for i, c in enumerate(constraints)
    ]
    exprs = [_expression(model, e, f"expression {i + 1}") for i, e in enumerate(expressions)]
    options = _core.pmf.ConstraintOptions()
    options.elements, options.expressions = elements, exprs
    options.dq_tolerance = float(dq_tolerance)
    r = _core.pmf.constrained(model._fit, options, *origin)
    units = {"units": model._units or UNKNOWN_UNITS}
    sample_dim = model._sample_dim
    data = {
        "profiles": (
            ("factor", "species"),
            r.F,
            {"long_name": "constrained factor profiles (base contributions mean 1)", **units},
        ),
        "contributions": (
            (sample_dim, "factor"),
            r.G,
            {"long_name": "constrained contributions (base mean 1)", "units": "1"},
        ),
    }
    coords = {
        "factor": model.factor_names_,
        "species": list(model.feature_names_in_),
        sample_dim: sample_coord(sample_dim, model.sample_names_),
    }
    keys = ("q_robust", "q_true", "q_robust_base", "dq", "percent_dq", "dq_budget", "strength")
    attrs = {k: float(getattr(r, k)) for k in keys}
    attrs.update(
        budget_reached=int(r.budget_reached),
        converged=int(r.converged),
        fits=int(r.fits),
        method="PMF 5.0 constrained run (ME-2-style pulls)",
    )
    return annotate(xr.Dataset(data, coords=coords, attrs=attrs))
