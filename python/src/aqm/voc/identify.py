"""Identify PMF factors against reference source profiles.

Each factor is compared with each library profile on the species both report (lumps such as
m/p-xylene collapsed, see :data:`aqm.voc.reference.LUMPS`), both normalised to their sum over
those species; the scores are computed in C++ (``aqm::voc::match_profiles``):

- PD = 1 - r^2 (1 when r <= 0: anticorrelation is no match) and
  SID = (sqrt 2 / n) sum |x - y| / (x + y) with DeltaTool's acceptance box PD < 0.4 and
  SID < 1; candidates are ranked by max(PD / 0.4, SID / 1) (< 1: inside);
- cosine similarity and Pearson r are reported alongside;
- a reference listing fewer than ``min_species`` (4) of the factor's species (isoprene alone
  for biogenic emissions) is scored over all the factor's species, the reference zero where it
  lists none, by PD alone (``on_union`` in the candidate table; SID is NaN there);
- ``coverage``: the share of the factor's mass on the species a reference lists.  A reference
  covering less than ``min_coverage`` (0.5) describes a minor part of the factor however well
  that part matches (a ten-species coating profile against an olefin factor's aromatics): it is
  never in the box, ranks after the others and names nothing.

Marker rules (VOC libraries; reference section 1.5 of the VOC workflow notes): for each
source type a set of marker species; a factor's marker score is the mean, over the markers
that were measured, of the share of each marker's total (summed over all factors) that the
factor holds.  A score >= ``marker_threshold`` (0.3 by default: the factor holds about a third
of the markers, twice the even share of a 6-7 factor solution) lets the markers name a factor
that no profile matches inside the box; with a single factor the shares are all 1 and no
marker rule applies.  The thresholds are this project's choice.

The suggested name of a factor is the source type of its best candidate inside the box; else
the best marker rule; else ``"unidentified"`` with an :class:`UnidentifiedFactorWarning`.
``assign=True`` makes the names one-to-one (Hungarian method on the box distance per source
type); a factor whose assigned type lies outside the box, and that no marker rule names,
keeps the name (method ``"assigned, outside box"``) with an
:class:`UnidentifiedFactorWarning`: with as many factors as library sources, elimination is
informative, but the profile itself did not match.
``names={"Factor 3": "solvent_coatings"}`` overrides any suggestion.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .. import _core
from ..species import concentration_unit
from .reference import as_library, core_profiles, registry, resolve_species

if TYPE_CHECKING:
    from .._typing import ReferenceLibrary
    from ..chem.voc import VocTable
    from ..pmf import PMF

#: Marker species per source type (VOC workflow notes section 1.5).
MARKERS: dict[str, list[str]] = {
    "vehicle_exhaust": ["acetylene", "ethylene", "propylene", "isopentane"],
    "gasoline_evaporation": ["isopentane", "n-pentane"],
    "lpg_ng": ["propane", "n-butane", "isobutane"],
    "solvent_coatings": ["toluene", "ethylbenzene", "m/p-xylene", "o-xylene"],
    "petrochemical": ["propylene", "ethylene", "1,3-butadiene", "styrene"],
    "combustion": ["ethane", "ethylene", "acetylene", "benzene"],
    "biogenic": ["isoprene"],
}
UNIDENTIFIED = "unidentified"
OUTSIDE_BOX = "assigned, outside box"
_NO_MATCH_COST = 1e6  # assignment cost of a source type with no candidate for a factor


class UnidentifiedFactorWarning(UserWarning):
    """A factor lies outside the PD/SID box for every library profile."""


@dataclass
class Identification:
    """Result of :func:`identify`.

    ``names``: factor -> suggested (or overridden) name; ``summary``: one row per factor
    (name, method, best profile and its scores); ``candidates``: every scored pair, ranked per
    factor; ``markers``: factor x source type marker scores (empty for non-VOC libraries);
    ``factors``: the factor profiles in mass units on the compared species.
    """

    names: dict[str, str]
    summary: pd.DataFrame
    candidates: pd.DataFrame
    markers: pd.DataFrame
    factors: pd.DataFrame
    library: pd.DataFrame = field(repr=False)

    def best_reference(self, factor: str) -> str | None:
        """Profile code of the best candidate of ``factor`` of its named source type."""
        c = self.candidates[
            (self.candidates["factor"] == factor)
            & (self.candidates["source_type"] == self.names[factor])
        ]
        return None if c.empty else str(c.iloc[0]["profile_code"])


def _factor_frame(model_or_profiles) -> tuple[pd.DataFrame, str, list[str]]:
    """(factor x species frame, units, species to exclude) from a PMF model or a frame."""
    if isinstance(model_or_profiles, pd.DataFrame):
        return model_or_profiles.astype(float), model_or_profiles.attrs.get("units", ""), []
    if hasattr(model_or_profiles, "profiles_"):
        frame = model_or_profiles.profiles_
        total = getattr(model_or_profiles, "_total_variable", None)
        return frame, getattr(model_or_profiles, "_units", ""), [total] if total else []
    raise TypeError(
        "identify: expected a fitted aqm.pmf.PMF or a factor x species DataFrame, "
        f"got {type(model_or_profiles).__name__}"
    )


def to_mass(frame: pd.DataFrame, units: str, table: VocTable | None = None) -> pd.DataFrame:
    """Factor profiles in mass units: ppb columns are multiplied by the registry's MW."""
    if (units or "mass").strip().lower() == "mass":
        return frame
    try:
        u = concentration_unit(units)
    except _core.UnitError:
        u = None
    if u == "ug m-3":
        return frame
    if u not in ("ppb", "ppt"):
        raise ValueError(f"units: {units!r} is not 'mass', 'ug m-3' or 'ppb'")
    table = registry() if table is None else table
    # the lump "xylenes" has the MW of its C8H10 members
    mw = [float(table.lookup("o-xylene" if s == "xylenes" else s)["mw"]) for s in frame.columns]
    return frame * np.asarray(mw)


def _marker_scores(frame: pd.DataFrame) -> pd.DataFrame:
    if len(frame) < 2:  # one factor holds every species' total: shares say nothing
        return pd.DataFrame(np.nan, index=frame.index, columns=list(MARKERS))
    totals = frame.sum(axis=0)
    share = frame.divide(totals.where(totals > 0), axis=1)
    out = {}
    for stype, markers in MARKERS.items():
        present = [m for m in markers if m in share.columns]
        out[stype] = share[present].mean(axis=1) if present else pd.Series(np.nan, frame.index)
    return pd.DataFrame(out, index=frame.index)


def identify(
    model_or_profiles: PMF | pd.DataFrame,
    library: ReferenceLibrary = None,
    *,
    units: str | None = None,
    pd_max: float = 0.4,
    sid_max: float = 1.0,
    min_species: int = 4,
    min_coverage: float = 0.5,
    assign: bool = False,
    names: Mapping[str, str] | None = None,
    exclude: Iterable[str] = (),
    markers: bool = True,
    marker_threshold: float = 0.3,
) -> Identification:
    """Ranked reference candidates and a suggested name for every PMF factor.

    ``model_or_profiles``: a fitted :class:`aqm.pmf.PMF` (its total variable is left out) or a
    factor x species DataFrame.  ``library``: None or ``"voc"`` (bundled SPECIATE subset),
    ``"pm25"`` (bundled PM2.5 composites), a path or a long DataFrame
    (:mod:`aqm.voc.reference`).  ``units``: ``"ppb"`` converts with registry MWs (default: the
    model's units, else mass).  Species are resolved through the VOC registry for VOC
    libraries (KeyError naming an unknown species).
    """
    frame, model_units, model_exclude = _factor_frame(model_or_profiles)
    lib = as_library(library)
    drop = [c for c in list(exclude) + model_exclude if c in frame.columns]
    frame = frame.drop(columns=drop)
    if frame.shape[0] == 0 or frame.shape[1] == 0:
        raise ValueError("identify: no factors or no species to compare")
    voc = lib.attrs.get("kind", "voc") == "voc"
    if voc:
        table = registry()
        frame = frame.copy()
        frame.columns = resolve_species(frame.columns, "factor profiles", table)
        frame = to_mass(frame, units if units is not None else model_units, table)
    factors = [
        _core.voc.Profile(
            str(k), "", [str(s) for s in frame.columns], frame.loc[k].astype(float).tolist()
        )
        for k in frame.index
    ]
    refs = core_profiles(lib)
    options = _core.voc.IdentifyOptions()
    options.pd_max, options.sid_max, options.min_species = pd_max, sid_max, int(min_species)
    options.min_coverage = float(min_coverage)
    matches = _core.voc.match_profiles(factors, refs, options)
    candidates = _candidate_table(frame.index, matches, refs, lib)
    marker_table = _marker_scores(frame) if (voc and markers) else pd.DataFrame(index=frame.index)
    covering = candidates[candidates["coverage"] >= min_coverage]
    chosen = _choose(frame.index, covering, marker_table, marker_threshold, assign)
    if names:
        unknown = [k for k in names if k not in chosen]
        if unknown:
            raise KeyError(f"names: no factor {unknown[0]!r} (factors: {', '.join(chosen)})")
        for k, v in names.items():
            chosen[k] = (str(v), "user")
    for k, (name, method) in chosen.items():
        if method == OUTSIDE_BOX:
            warnings.warn(
                f"{k}: assigned {name!r} one-to-one, but no {name} profile is inside "
                f"the box (PD < {pd_max:g}, SID < {sid_max:g}); check the factor",
                UnidentifiedFactorWarning,
                stacklevel=2,
            )
        if name == UNIDENTIFIED:
            warnings.warn(
                f"{k}: no library profile inside the box (PD < {pd_max:g}, "
                f"SID < {sid_max:g}) and no marker rule holds; left unidentified",
                UnidentifiedFactorWarning,
                stacklevel=2,
            )
    summary = _summary(frame.index, chosen, candidates, marker_table)
    return Identification(
        {k: v[0] for k, v in chosen.items()}, summary, candidates, marker_table, frame, lib
    )


def _candidate_table(factor_names, matches, refs, lib) -> pd.DataFrame:
    names = lib.drop_duplicates("profile_code").set_index("profile_code")["profile_name"]
    rows = []
    for k, ranked in zip(factor_names, matches):
        for rank, m in enumerate(ranked, start=1):
            ref = refs[m.reference]
            rows.append(
                {
                    "factor": k,
                    "rank": rank,
                    "profile_code": ref.name,
                    "source_type": ref.source_type,
                    "profile_name": names.get(ref.name, ""),
                    "n_species": m.score.n,
                    "pd": m.score.pd,
                    "sid": m.score.sid,
                    "cosine": m.score.cosine,
                    "pearson_r": m.score.pearson_r,
                    "box_distance": m.box_distance,
                    "in_box": m.in_box,
                    "on_union": m.on_union,
                    "coverage": m.coverage,
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "factor",
            "rank",
            "profile_code",
            "source_type",
            "profile_name",
            "n_species",
            "pd",
            "sid",
            "cosine",
            "pearson_r",
            "box_distance",
            "in_box",
            "on_union",
            "coverage",
        ],
    )


def _choose(factor_names, candidates, marker_table, threshold, assign) -> dict[str, tuple]:
    best_by_type = candidates.groupby(["factor", "source_type"])["box_distance"].min().unstack()
    chosen: dict[str, tuple[str, str]] = {}
    fallback: dict[str, tuple[str, str]] = {}  # assigned outside the box: after the markers
    if assign and not best_by_type.empty:
        best_by_type = best_by_type.reindex(index=list(factor_names))
        cost = best_by_type.fillna(_NO_MATCH_COST).to_numpy(dtype=float)
        cols = _core.voc.assign_one_to_one(cost)
        for k, j in zip(factor_names, cols):
            c = cost[list(factor_names).index(k), j] if j >= 0 else _NO_MATCH_COST
            if c < 1.0:
                chosen[k] = (str(best_by_type.columns[j]), "box (assigned)")
            elif c < _NO_MATCH_COST:
                fallback[k] = (str(best_by_type.columns[j]), OUTSIDE_BOX)
    for k in factor_names:
        if k in chosen:
            continue
        mine = candidates[(candidates["factor"] == k) & candidates["in_box"]]
        if not assign and not mine.empty:
            chosen[k] = (str(mine.iloc[0]["source_type"]), "box")
            continue
        if not marker_table.empty and marker_table.loc[k].notna().any():
            stype = marker_table.loc[k].idxmax()
            if marker_table.loc[k, stype] >= threshold:
                chosen[k] = (str(stype), "markers")
                continue
        chosen[k] = fallback.get(k, (UNIDENTIFIED, "none"))
    return chosen


def _summary(factor_names, chosen, candidates, marker_table) -> pd.DataFrame:
    rows = []
    for k in factor_names:
        name, method = chosen[k]
        row = {"factor": k, "name": name, "method": method}
        mine = candidates[candidates["factor"] == k]
        same = mine[mine["source_type"] == name]
        best = same.iloc[0] if not same.empty else (mine.iloc[0] if not mine.empty else None)
        if best is not None:
            row.update(
                {
                    c: best[c]
                    for c in (
                        "profile_code",
                        "profile_name",
                        "pd",
                        "sid",
                        "cosine",
                        "pearson_r",
                        "in_box",
                    )
                }
            )
        if not marker_table.empty and name in marker_table.columns:
            row["marker_score"] = marker_table.loc[k, name]
        rows.append(row)
    return pd.DataFrame(rows).set_index("factor")


__all__ = [
    "MARKERS",
    "UNIDENTIFIED",
    "Identification",
    "UnidentifiedFactorWarning",
    "identify",
    "to_mass",
]
