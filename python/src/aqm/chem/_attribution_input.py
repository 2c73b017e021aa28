"""Checking and converting the inputs of :class:`~aqm.chem.Attribution`: the per-source
tables (emissions, constraints by mechanism or measured species), the sector map, the tonnes
and a plan's factors."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._typing import SpeciesSeries

if TYPE_CHECKING:
    from .box import BoxModel

ALL = "(all)"
"""The target name of the cases that cut every sector at once."""


def _table(data: Any, what: str, box: BoxModel) -> dict[str, Any]:
    if data is None:
        return {}
    try:
        return box._as_table(data)
    except TypeError:
        raise TypeError(
            f"{what}: give a DataFrame (time x species) or {{species: Series}}"
        ) from None


def _mechanism_parts(
    table: dict[str, Any], box: BoxModel, units: str
) -> list[tuple[str | None, dict[str, Any], str]]:
    """(None, mechanism-named columns, units) and, per measured species
    (``data/voc/voc_species.csv`` names), (name, its mechanism species from
    :func:`aqm.chem.to_mechanism`, their units: ppb, or molecule cm-3 for molecule cm-3)."""
    measured = [sp for sp in table if sp not in box.species]
    parts: list[tuple[str | None, dict[str, Any], str]] = [
        (None, {sp: v for sp, v in table.items() if sp not in measured}, units)
    ]
    if not measured:
        return parts
    from ..species import concentration_unit
    from .voc import default_table

    canonical = concentration_unit(units)
    out_units = "molecule cm-3" if canonical == "molecule cm-3" else "ppb"
    if out_units != canonical and parts[0][1]:
        raise ValueError(
            "constraints: a mix of measured and mechanism species needs ppb or molecule cm-3"
        )
    lumper = default_table()
    for sp in measured:
        lumped = lumper.to_mechanism(pd.DataFrame({sp: table[sp]}), unit=units)
        parts.append((str(sp), {c: lumped[c] for c in lumped.columns}, out_units))
    return parts


def _by_source(
    constraints: Mapping[str, SpeciesSeries] | pd.DataFrame | None,
) -> dict[str, SpeciesSeries]:
    if constraints is None:
        return {}
    if isinstance(constraints, pd.DataFrame):
        if constraints.columns.nlevels != 2:
            raise ValueError("constraints: a DataFrame needs (source, species) column levels")
        return {str(s): constraints[s] for s in constraints.columns.get_level_values(0).unique()}
    return dict(constraints)


def _sector_map(
    sectors: Mapping[str, Sequence[str]] | None, sources: list[str]
) -> dict[str, list[int]]:
    if sectors is None:
        return {s: [i] for i, s in enumerate(sources)}
    index = {s: i for i, s in enumerate(sources)}
    out: dict[str, list[int]] = {}
    seen: dict[str, str] = {}
    for sector, members in sectors.items():
        if sector == ALL:
            raise ValueError(f"sectors: {ALL!r} is reserved for all sectors together")
        if isinstance(members, str):
            members = [members]
        out[str(sector)] = []
        for m in members:
            if m not in index:
                raise KeyError(f"sectors: {sector!r} names unknown source {m!r}")
            if m in seen:
                raise ValueError(f"sectors: source {m!r} is in both {seen[m]!r} and {sector!r}")
            seen[m] = str(sector)
            out[str(sector)].append(index[m])
    missing = [s for s in sources if s not in seen]
    if missing:
        raise ValueError(f"sectors: sources in no sector: {', '.join(missing)}")
    return out


def _tonnes(tonnes: pd.DataFrame | None, sources: list[str]) -> pd.DataFrame | None:
    if tonnes is None:
        return None
    need = {"NMVOC", "NOx"} - set(tonnes.columns)
    if need:
        raise KeyError(f"tonnes: missing columns {', '.join(sorted(need))}")
    return tonnes.reindex(sources).fillna(0.0)[["NMVOC", "NOx"]].astype(float)


def _plan_vectors(plan: pd.DataFrame, sources: list[str]) -> tuple[list[float], list[float]]:
    need = {"NMVOC", "NOx"} - set(plan.columns)
    if need:
        raise KeyError(f"plan: missing factor columns {', '.join(sorted(need))}")
    unknown = set(map(str, plan.index)) - set(sources)
    if unknown:
        raise KeyError(f"plan: unknown sources {', '.join(sorted(unknown))}")
    f = plan.reindex(sources).fillna(1.0)
    for col in ("NMVOC", "NOx"):
        v = f[col].to_numpy(dtype=float)
        if not np.all(np.isfinite(v)) or (v < 0).any():
            raise ValueError(f"plan: {col} factors must be finite and >= 0")
    return f["NMVOC"].astype(float).tolist(), f["NOx"].astype(float).tolist()
