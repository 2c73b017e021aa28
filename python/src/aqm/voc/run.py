"""``aqm voc run``: measurements → photochemical age → PMF → identification → localized
profile library → key sources (OFP/SOAP by source) → with an ``[inventory]`` table, the
inventory speciated with those profiles and its key sectors, from one validated TOML file.

:func:`run_workflow` does the work and returns a :class:`WorkflowResult`; every output file is
written atomically into one directory.  Factors are labelled by their identified source type
everywhere (tables, NetCDF, figures); an unidentified factor becomes ``unidentified_<k>``.
"""

from __future__ import annotations

import json
import logging
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._atomic import OutputSet, atomic_path
from ..chem.voc import MissingCoefficientWarning
from ..pmf import pmf_uncertainty
from ._run_config import load_run_config
from .identify import UNIDENTIFIED, Identification

if TYPE_CHECKING:
    from .._typing import ReferenceLibrary
    from ..pmf import PMF

_log = logging.getLogger(__name__)

#: Output file names inside the output directory (the library adds ``<site>_<version>.csv``).
OUTPUTS = {
    "exposure": "oh_exposure.csv",
    "pmf": "voc_pmf.nc",
    "key_sources": "key_sources.csv",
    "identification_plot": "identification.png",
    "reference_plot": "profile_vs_reference.png",
    "formation_plot": "formation_shares.png",
    "key_sectors": "key_sectors.csv",
    "species_inventory": "species_inventory.nc",
}


@dataclass
class WorkflowResult:
    """What :func:`run_workflow` produced: ``labels`` (PMF factor → source label),
    ``key_sources`` (the ranked table), ``files`` (output name → path), the intermediate
    objects, and the ``warnings`` raised along the way (messages, in order)."""

    labels: dict[str, str]
    key_sources: pd.DataFrame
    files: dict[str, Path]
    age: Any
    model: Any
    identification: Identification
    library: Any
    formation: Any
    key_sectors: pd.DataFrame | None = None
    warnings: list[str] = field(default_factory=list)


def _read_inputs(cfg: dict[str, Any]):
    """Measurements, uncertainties, kOH and the uncertainty equation (``mdl`` and
    ``error_fraction``, read once) for the model-weighted fits, or {} when [pmf] uncertainty is
    "measured"."""
    from .cli import _read_koh
    from .measurements import read_measurements

    m = cfg["measurements"]
    meas = read_measurements(m["conc"], units=m["units"], mdl=m["mdl"])
    units = set(meas.units)
    if units != {"ug m-3"}:
        meas = meas.to_ugm3()
    equation = {}
    if m["unc"] is None or cfg["pmf"]["uncertainty"] == "fitted":
        equation = {"mdl": _mdl(meas, m["mdl"]), "error_fraction": _error_fraction(m, meas)}
    if m["unc"] is not None:
        unc = read_measurements(m["unc"], units=m["units"])
        unc = unc.to_ugm3() if set(unc.units) != {"ug m-3"} else unc
        unc_data = unc.data
        if list(unc_data.columns) != list(meas.data.columns) or not unc_data.index.equals(
            meas.data.index
        ):
            raise ValueError(f"{m['unc']}: its species and times must be those of {m['conc']}")
    else:
        unc_data = pmf_uncertainty(meas.data, equation["mdl"], equation["error_fraction"])
    koh = _read_koh(m["koh"]) if m["koh"] else None
    return meas, unc_data, koh, equation if cfg["pmf"]["uncertainty"] == "fitted" else {}


def _mdl(meas, where: str) -> pd.Series:
    """The MDL of every species (µg/m³), for the PMF 5.0 uncertainty equation."""
    missing = [s for s in meas.species if not np.isfinite(meas.mdl.get(s, np.nan))]
    if missing:
        raise ValueError(
            f"{where}: no MDL for {', '.join(missing[:5])}; needed for the uncertainty "
            "equation (give [measurements] unc and [pmf] uncertainty = 'measured')"
        )
    return meas.mdl.reindex(meas.data.columns)


def _error_fraction(m: dict[str, Any], meas) -> pd.Series | float:
    """The error fraction: the MDL file's ``error_fraction`` column where it has one (per
    species, names resolved as the MDL's), else ``[measurements] error_fraction``."""
    if m["mdl"] is None:
        return m["error_fraction"]
    from ..chem.voc import VocTable

    frame = pd.read_csv(m["mdl"], dtype=str, keep_default_na=False, comment="#")
    cols = {c.strip().lower(): c for c in frame.columns}
    if "error_fraction" not in cols:
        return m["error_fraction"]
    table, out = VocTable.load(), pd.Series(np.nan, index=meas.data.columns)
    for i, row in frame.iterrows():
        name = table.resolve(str(row[cols["species"]]).strip())
        value = pd.to_numeric(row[cols["error_fraction"]], errors="coerce")
        if not 0 <= value <= 1:
            raise ValueError(
                f"{m['mdl']}:{int(i) + 2}: {name}: error_fraction must be a number in [0, 1], "
                f"got {row[cols['error_fraction']]!r}"
            )
        if name in out.index:
            out[name] = value
    missing = out.index[out.isna()]
    if len(missing):
        raise ValueError(f"{m['mdl']}: no error_fraction for {', '.join(missing[:5])}")
    return out


#: Assignment cost of a source type without any scored candidate (e.g. single-species biogenic):
#: reachable through its marker score only.
_NO_CANDIDATE_COST = 2.0
_MARKER_THRESHOLD = 0.3  # identify()'s default marker_threshold


def identify_one_to_one(
    model: PMF | pd.DataFrame, library: ReferenceLibrary = "voc", **options: Any
) -> Identification:
    """:func:`~aqm.voc.identify`, with every factor given a different source type.

    ``identify(assign=True)`` assigns by box distance alone and then lets marker rules name
    the factors left outside the box, which can give one type to two factors.  Here the cost
    of naming factor k as type t is its best box distance max(PD/0.4, SID/1) among t's
    profiles minus its marker score for t (the share of t's marker species held by k, 0–1;
    ``_NO_CANDIDATE_COST`` when t has no scored profile), minimised over one-to-one
    assignments (Hungarian method).  Whole-profile similarity cannot tell apart sources that
    share their abundant species (LPG/NG, combustion, refinery emissions all carry ethane and
    propane); the tracer shares can.  The result's ``summary`` method reads
    ``"one-to-one (box + markers)"``."""
    from .. import _core
    from .identify import UnidentifiedFactorWarning, identify

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnidentifiedFactorWarning)  # re-issued below
        first = identify(model, library, assign=True, **options)
    box = first.candidates.groupby(["factor", "source_type"])["box_distance"].min().unstack()
    types = sorted(set(first.library["source_type"]))
    factors = list(first.names)
    box = box.reindex(index=factors, columns=types).fillna(_NO_CANDIDATE_COST)
    markers = first.markers.reindex(index=factors, columns=types).fillna(0.0)
    cols = _core.voc.assign_one_to_one((box - markers).to_numpy(dtype=float))
    names = {k: types[j] if j >= 0 else UNIDENTIFIED for k, j in zip(factors, cols)}
    for k, t in names.items():
        if t == UNIDENTIFIED:
            warnings.warn(
                f"{k}: more factors than source types; left unidentified",
                UnidentifiedFactorWarning,
                stacklevel=2,
            )
        elif box.loc[k, t] >= 1.0 and markers.loc[k, t] < _MARKER_THRESHOLD:
            warnings.warn(
                f"{k}: named {t!r} one-to-one, but no {t} profile is inside the box "
                f"(best box distance {box.loc[k, t]:.2f}) and its marker score is "
                f"{markers.loc[k, t]:.2f}; check the factor",
                UnidentifiedFactorWarning,
                stacklevel=2,
            )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnidentifiedFactorWarning)
        ident = identify(model, library, assign=True, names=names, **options)
    ident.summary["method"] = [
        "one-to-one (box + markers)" if names[k] != UNIDENTIFIED else "none"
        for k in ident.summary.index
    ]
    return ident


def _labels(ident: Identification) -> dict[str, str]:
    out = {}
    for k, (factor, name) in enumerate(ident.names.items(), start=1):
        out[factor] = f"unidentified_{k}" if name == UNIDENTIFIED else name
    used: dict[str, int] = {}
    for factor, label in out.items():  # a source type named twice (assign=false)
        used[label] = used.get(label, 0) + 1
        if used[label] > 1:
            out[factor] = f"{label}_{used[label]}"
    return out


def _relabelled(ident: Identification, labels: dict[str, str]) -> Identification:
    cand = ident.candidates.copy()
    cand["factor"] = cand["factor"].map(labels)
    return Identification(
        {labels[k]: v for k, v in ident.names.items()},
        ident.summary.rename(index=labels),
        cand,
        ident.markers.rename(index=labels),
        ident.factors.rename(index=labels),
        ident.library,
    )


def _key_sources(fp, ident: Identification) -> pd.DataFrame:
    """OFP-ranked sources with the matched reference of each source's own type (none for a
    source reached by markers only, e.g. single-species biogenic)."""
    table = fp.ranking("ofp")
    table.insert(1, "soap_rank", table["soap"].rank(ascending=False, method="first").astype(int))
    refs = {}
    for label in table.index:
        code = ident.best_reference(label) if label in ident.names else None
        cand = ident.candidates[
            (ident.candidates["factor"] == label) & (ident.candidates["profile_code"] == code)
        ]
        refs[label] = (
            code or "",
            *(cand.iloc[0][["pd", "sid"]] if not cand.empty else (np.nan, np.nan)),
        )
    ref = pd.DataFrame.from_dict(
        refs, orient="index", columns=["reference", "reference_pd", "reference_sid"]
    )
    table = table.join(ref)
    table.index.name = "source"
    return table


def _save_figure(ax, path: Path) -> None:
    fig = ax.figure if hasattr(ax, "figure") else np.ravel(ax)[0].figure
    with atomic_path(path) as tmp:
        fig.savefig(tmp, dpi=110, format="png", metadata={"Software": None})
    optional_plt().close(fig)


def optional_plt():
    from .._optional import optional_import

    return optional_import("matplotlib.pyplot", extra="plot")


def _figures(ident: Identification, fp, out: Path) -> dict[str, Path]:
    from .plots import formation_shares, plot_factor_vs_reference, plot_identification

    files = {
        "identification_plot": out / OUTPUTS["identification_plot"],
        "reference_plot": out / OUTPUTS["reference_plot"],
        "formation_plot": out / OUTPUTS["formation_plot"],
    }
    _save_figure(plot_identification(ident), files["identification_plot"])
    named = [f for f in ident.factors.index if ident.best_reference(f) is not None]
    if named:
        _, axes = optional_plt().subplots(
            len(named), 1, figsize=(12, 3.2 * len(named)), constrained_layout=True, squeeze=False
        )
        for factor, ax in zip(named, axes[:, 0]):
            plot_factor_vs_reference(ident, factor, ax=ax)
        _save_figure(axes[0, 0], files["reference_plot"])
    else:
        del files["reference_plot"]
    _save_figure(formation_shares(fp), files["formation_plot"])
    return files


def _estimate_age(cfg, meas, unc, koh, equation: dict[str, Any]):
    from .age import estimate_oh_exposure

    a = cfg["age"]
    er = None if a["emission_ratio"] == "night" else a["emission_ratio"]
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            pair = estimate_oh_exposure(
                meas, a["pair"], emission_ratio=er, percentile=a["percentile"], koh=koh, unc=unc
            )
        for w in caught:  # the joint fit does not clip: the pair's clipping is not the result's
            if a["method"] == "pair" or "negative age" not in str(w.message):
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    except (ValueError, KeyError) as err:  # name the file and the pair, not only the argument
        msg = err.args[0] if err.args else str(err)
        raise type(err)(f"{cfg['measurements']['conc']}: [age] pair {a['pair']!r}: {msg}") from None
    if a["method"] == "pair":
        return pair
    from ..pmf._n_components import check_n_components
    from .joint_age import joint_oh_exposure

    p = check_n_components(cfg["pmf"]["factors"], meas.data.shape, "[pmf] factors")
    return joint_oh_exposure(
        meas.data,
        unc,
        pair,
        n_components=p,
        koh=koh,
        iterations=a["iterations"],
        random_state=cfg["pmf"]["seed"],
        night_exposure=a["night_exposure"],
        **equation,
    )


def _fit(cfg, meas, unc, age, koh, equation: dict[str, Any]):
    from ..pmf import PMF
    from ..pmf._n_components import check_n_components
    from .age import pmf_dataset

    p = cfg["pmf"]
    data = pmf_dataset(meas.data, unc, age, basis=p["basis"], koh=koh, **equation)
    if p["categories"] == "s/n":  # PMF 5.0: S/N < 0.5 bad, < 1 weak (x3 uncertainty)
        data.suggest_categories()
    n_components = check_n_components(p["factors"], data.prepared().X.shape, "[pmf] factors")
    model = PMF(
        n_components,
        n_runs=p["runs"],
        robust=p["robust"],
        random_state=p["seed"],
        progress=False,
        uncertainty=p["uncertainty"],
    ).fit(data)
    return model


def _bootstrap(model, solution, p: dict[str, Any]):
    """PMF 5.0 BS around the solution the profiles come from: the constrained run, holding
    its 'set to zero' elements, when it was applied; else the base run."""
    if not p["bootstrap"]:
        return None
    if not solution.applied:
        return model.bootstrap(p["bootstrap"], random_state=p["seed"])
    run = (solution.contributions.to_numpy(), solution.profiles.to_numpy())
    return model.bootstrap(
        p["bootstrap"], random_state=p["seed"], constraints=solution.constraints, constrained=run
    )


def _constrained(model, ident: Identification, pr: dict[str, Any]):
    from .constrain import ConstrainedSolution, zero_absent_species

    if not pr["zero_absent"]:
        return ConstrainedSolution(model.profiles_, pd.DataFrame(model.contributions_))
    return zero_absent_species(
        model, ident, max_share=pr["max_share"], max_percent_dq=pr["max_percent_dq"]
    )


def _pmf_settings(model, solution) -> str:
    from .profiles import _settings

    settings = json.loads(_settings(model))
    if solution.applied:
        settings["set_to_zero_constraints"] = len(solution.constraints)
        settings["constrained_percent_dq"] = round(solution.percent_dq, 4)
    return json.dumps(settings, sort_keys=True)


def _data_hash(model) -> str:
    from .profiles import _data_hash as data_hash

    return data_hash(model)


def _write_pmf(model, labels: dict[str, str], cfg, path: Path, solution) -> None:
    ds = model.to_xarray()
    ds = ds.assign_coords(factor=[labels[f] for f in ds["factor"].values])
    ds.attrs.update(
        {
            "basis": cfg["pmf"]["basis"],
            "age_pair": cfg["age"]["pair"],
            "factor_labels": json.dumps(labels),
            "set_to_zero_constraints": len(solution.constraints) * solution.applied,
            "constrained_percent_dq": solution.percent_dq * solution.applied,
        }
    )
    if solution.applied:
        ds["profiles_constrained"] = (
            ("factor", "species"),
            solution.profiles.to_numpy(),
            {
                "long_name": "profiles of the reference-guided 'set to zero' constrained run "
                "(aqm.voc.constrain), the basis of the localized profiles",
                **(
                    {"units": ds["profiles"].attrs["units"]}
                    if "units" in ds["profiles"].attrs
                    else {}
                ),
            },
        )
    with atomic_path(path) as tmp:
        ds.to_netcdf(tmp)


def run_workflow(config: str | Path | dict, out_dir: str | Path = ".") -> WorkflowResult:
    """Run the whole VOC source-profile job of ``config`` (a TOML path, or the dict of
    :func:`~aqm.voc._run_config.load_run_config`) and write its outputs into ``out_dir``."""
    cfg = load_run_config(config) if not isinstance(config, dict) else config
    out = Path(out_dir)
    if not out.is_dir():
        raise FileNotFoundError(2, f"{out}: output directory does not exist", str(out))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with OutputSet(out / OUTPUTS["pmf"]):  # every file of the run lands together, or none
            result = _run(cfg, out)
    result.warnings = [f"{w.category.__name__}: {w.message}" for w in caught]
    _log.info(
        "voc run: %d factors named, %d warnings, outputs in %s",
        len(result.labels),
        len(result.warnings),
        out,
    )
    return result


def _run(cfg, out: Path) -> WorkflowResult:
    """Compute everything first, then write: a failing step leaves no partial set of files."""
    from .formation import formation_intervals, formation_potential, source_concentrations
    from .identify import identify
    from .profiles import localize

    meas, unc, koh, equation = _read_inputs(cfg)
    age = _estimate_age(cfg, meas, unc, koh, equation)
    model = _fit(cfg, meas, unc, age, koh, equation)
    i = cfg["identify"]
    options = {"units": "mass", "pd_max": i["pd_max"], "sid_max": i["sid_max"]}
    ident = (
        identify_one_to_one(model, i["library"], **options)
        if i["assign"]
        else identify(model, i["library"], **options)
    )
    labels = _labels(ident)
    named = _relabelled(ident, labels)
    pr = cfg["profiles"]
    solution = _constrained(model, ident, pr)
    bs = _bootstrap(model, solution, cfg["pmf"])
    lib = localize(
        solution.profiles if solution.applied else model,
        ident,
        site=pr["site"],
        period=pr["period"],
        version=pr["version"],
        units="mass",
        bootstrap=bs,
        initial_concentrations=cfg["pmf"]["basis"] == "initial",
        pmf_settings=_pmf_settings(model, solution),
        data_hash=_data_hash(model),
    )
    by_source = solution.profiles if solution.applied else source_concentrations(model)
    fp = formation_potential(by_source.rename(index=labels), "ug m-3")
    key = _key_sources(fp, named)
    if bs is not None:  # random error of the solution the table shows (not its rotation)
        with warnings.catch_warnings():  # the species without a MIR/SOAP are named above
            warnings.simplefilter("ignore", MissingCoefficientWarning)
            spread = formation_intervals(model, bs, "ug m-3", names=labels)
        key = key.join(spread[["ofp_q5", "ofp_q95", "soap_q5", "soap_q95"]])
    if cfg["pmf"]["rotation_dq"] > 0:  # the solutions within dQmax: the rotational spread
        key = key.join(_ofp_rotation(model, solution, labels, cfg["pmf"]["rotation_dq"]))
    species_inv = _species_inventory(cfg["inventory"], lib)
    sectors = None if species_inv is None else _key_sectors(species_inv, cfg["inventory"])

    files = {"library": _save_library(lib, out)}
    files["exposure"] = out / OUTPUTS["exposure"]
    _write_exposure(age, files["exposure"])
    files["pmf"] = out / OUTPUTS["pmf"]
    _write_pmf(model, labels, cfg, files["pmf"], solution)
    files["key_sources"] = out / OUTPUTS["key_sources"]
    with atomic_path(files["key_sources"]) as tmp:
        key.to_csv(tmp, float_format="%.6g", lineterminator="\n")
    files.update(_figures(named, fp, out))
    if species_inv is not None:
        files["species_inventory"] = out / OUTPUTS["species_inventory"]
        species_inv.to_netcdf(files["species_inventory"])
        files["key_sectors"] = out / OUTPUTS["key_sectors"]
        with atomic_path(files["key_sectors"]) as tmp:
            sectors.to_csv(tmp, float_format="%.6g", lineterminator="\n")
    return WorkflowResult(labels, key, files, age, model, named, lib, fp, sectors)


def _ofp_rotation(model, solution, labels: dict[str, str], dq_max: float) -> pd.DataFrame:
    from .formation_disp import formation_displacement

    with warnings.catch_warnings():  # the species without a MIR are named above
        warnings.simplefilter("ignore", MissingCoefficientWarning)
        rot = formation_displacement(model, solution, dq_max=dq_max, names=labels)
    return rot[["lower", "upper"]].add_prefix("ofp_rot_")


def _save_library(lib, out: Path) -> Path:
    """``lib.save(out)`` staged in the open output set; refuses (as ``save`` does) to replace a
    file holding different profiles under the same version."""
    from .profiles import ProfileLibrary

    path = lib.save_path(out)
    if path.exists():
        old = ProfileLibrary.read(path)
        if old.version == lib.version and old.content_hash != lib.content_hash:
            raise ValueError(
                f"{path}: version {lib.version} already holds different profiles; bump the version"
            )
    with atomic_path(path) as tmp:
        tmp.unlink()  # the writer compares against an existing file; this one is empty
        lib.save(tmp)
    return path


def _species_inventory(cfg: dict[str, Any], library):
    """The inventory's NMVOC speciated with the localized library (else reference profiles)."""
    from ..emis import Inventory, speciate_inventory

    if cfg["file"] is None and cfg["bundled"] is None:
        return None
    inv = Inventory.from_csv(cfg["file"]) if cfg["file"] else Inventory.bundled(cfg["bundled"])
    if cfg["place"] is not None:
        if cfg["place"] not in inv.places:
            raise KeyError(
                f"[inventory] place: {cfg['place']!r} is not a place of the "
                f"inventory ({', '.join(inv.places)})"
            )
        others = {r: 0.0 for r in inv.places if r != cfg["place"]}
        tops = {s.split("/")[0] for s in inv.sectors}
        inv = inv.scale(
            {p: dict.fromkeys(tops, others) for p in inv.pollutants},
            source=f"[inventory] place = {cfg['place']}",
        )
    return speciate_inventory(inv, library=library)


def _key_sectors(species_inv, cfg: dict[str, Any]) -> pd.DataFrame:
    """Per inventory sector, ranked by OFP: NMVOC, OFP and SOA potential (and shares), the
    profile used (localized or reference) and the mass no registry species carries."""
    from .formation import inventory_formation_potential

    with warnings.catch_warnings():  # unrated species are reported in the table instead
        warnings.simplefilter("ignore", MissingCoefficientWarning)
        fp = inventory_formation_potential(species_inv.inventory, by="sector")
    table = fp.ranking("ofp")[
        ["rank", "voc", "voc_share", "ofp", "ofp_share", "soap", "soap_share", "ofp_per_voc"]
    ]
    plan = species_inv.assignment().set_index("sector")
    unmapped = species_inv.unmapped()
    table["profile"] = plan["profile"].reindex(table.index)
    table["level"] = plan["level"].reindex(table.index)
    table["unmapped"] = unmapped["unmapped"].reindex(table.index)
    table = table[table["voc"] > 0]
    table.index.name = "sector"
    table.attrs["units"] = fp.units
    return table


def _write_exposure(age, path: Path) -> None:
    table = pd.DataFrame(
        {"oh_exposure": age.oh_exposure, "age_h_at_2e6": age.age_hours(), "status": age.status}
    )
    table.index = table.index.strftime("%Y-%m-%d %H:%M")
    table.index.name = "Time"
    with atomic_path(path) as tmp:
        table.to_csv(tmp, float_format="%.6g", lineterminator="\n")


__all__ = ["OUTPUTS", "WorkflowResult", "identify_one_to_one", "load_run_config", "run_workflow"]
