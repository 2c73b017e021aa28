"""Synthetic hourly VOC measurements with a known answer: sources, photochemical loss, noise.

``simulate`` builds hourly at-source contributions of each source (annual share × diurnal and
seasonal timing × ventilation × log-normal hour-to-hour variability), multiplies them by the
source profiles (mass fractions at the source), removes each species by OH on the way to the
receptor, x_ij = Σ_k g_ik f_kj · exp(−k_OH,j · E_i) with E_i the OH exposure ([OH]·Δt) of hour
i, adds measurement noise from the EPA PMF 5.0 uncertainty equation, reports values at or
below the MDL as MDL/2 and blanks whole hours (instrument calibration, downtime) and single
cells.  All air reaching the receptor in one hour shares one OH exposure (the assumption of
the ratio method in :mod:`aqm.voc.age`); nothing is formed secondarily.

Every random number comes from ``numpy.random.SeedSequence(seed)``, split into one stream per
source, one for the meteorology, one for the OH exposure, one for the noise and one for the
missing cells, so changing one setting leaves the other streams untouched.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

import numpy as np
import pandas as pd

from .._atomic import atomic_path
from .._data import data_path
from ..chem.voc import VocTable
from ..pmf._simulate import _uncertainty_array
from ._sim_sources import (
    HANGZHOU_LIKE_VOC_SOURCES,
    OhExposureModel,
    Site,
    VocSourceActivity,
    WindModel,
    ar1_lognormal,
)

__all__ = [
    "HANGZHOU_LIKE_VOC_SOURCES",
    "OhExposureModel",
    "SimulatedVocData",
    "Site",
    "VocSourceActivity",
    "WindModel",
    "default_mdl",
    "load_voc_kinetics",
    "load_voc_source_profiles",
    "simulate",
]

PerSpecies = Union[float, Mapping[str, float], pd.Series]

UNITS = "ug m-3"
"""Mass concentrations at 298.15 K and 101325 Pa."""
MOLAR_VOLUME = 8.314462618 * 298.15 / 101325.0 * 1e3  # L/mol: ppb x MW / this = ug/m3
MDL_PPB_HYDROCARBON = 0.02
MDL_PPB_OVOC = 0.05
EF_HYDROCARBON = 0.10
EF_OVOC = 0.20
_PROFILES = "hangzhou_like_2021_voc_profiles.csv"
_KINETICS = "hangzhou_like_2021_voc_species.csv"


def _bundled(name: str) -> Path:
    return data_path(f"voc/{name}")


def load_voc_source_profiles(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Species × source mass fractions (each source sums to 1 over the measured species).

    Without ``path``: the bundled seven sources derived from SPECIATE 5.2
    (``data/voc/hangzhou_like_2021_voc_profiles.csv``; how, in ``data/voc/README.md``).
    Species names are resolved through the VOC registry; ``ValueError`` names the file, source
    and species of a bad value, ``KeyError`` an unknown species.
    """
    p = Path(path) if path is not None else _bundled(_PROFILES)
    if not p.is_file():
        raise FileNotFoundError(2, f"{p}: source-profile file not found", str(p))
    table = pd.read_csv(p, index_col=0)
    try:
        return _check_profiles(table)
    except (ValueError, KeyError) as exc:
        raise type(exc)(f"{p}: {exc.args[0]}") from None


def load_voc_kinetics(path: str | os.PathLike[str] | None = None) -> pd.Series:
    """kOH at 298 K per species (cm³ molecule⁻¹ s⁻¹) that the bundled simulation uses: the
    registry's values, gap-filled where the registry has none (column ``koh_source``)."""
    p = Path(path) if path is not None else _bundled(_KINETICS)
    frame = pd.read_csv(p, index_col=0)
    return frame["koh_298"].astype(float).rename("koh_298").rename_axis(None)


def _check_profiles(profiles: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(profiles, pd.DataFrame) or profiles.shape[0] == 0 or profiles.shape[1] == 0:
        raise ValueError("profiles: need a DataFrame with species rows and source columns")
    table = VocTable.load()
    prof = profiles.copy()
    prof.index = [table.resolve(str(s)) for s in prof.index]
    prof.columns = [str(c) for c in prof.columns]
    for axis, labels in (("species", prof.index), ("source", prof.columns)):
        dup = labels[labels.duplicated()]
        if len(dup):
            raise ValueError(f"profiles: {axis} {dup[0]!r} appears twice")
    for src in prof.columns:
        col = pd.to_numeric(prof[src], errors="coerce")
        bad = col[~np.isfinite(col) | (col < 0) | (col > 1)]
        if len(bad):
            raise ValueError(
                f"profiles: source {src!r}, species {bad.index[0]!r}: mass fraction "
                f"{prof.at[bad.index[0], src]!r} is not within [0, 1]"
            )
        total = float(col.sum())
        if abs(total - 1.0) > 1e-3:
            raise ValueError(f"profiles: source {src!r}: fractions sum to {total:.6g}, not 1")
        prof[src] = col / total
    return prof.astype(float)


def default_mdl(species: list[str]) -> pd.Series:
    """MDL per species in µg/m³: 0.02 ppb for hydrocarbons and 0.05 ppb for OVOCs (typical
    online GC-FID/MS detection limits), converted with the registry's molecular weight."""
    frame = VocTable.load().frame
    out = {}
    for s in species:
        ppb = MDL_PPB_OVOC if frame.at[s, "group"] == "OVOC" else MDL_PPB_HYDROCARBON
        out[s] = ppb * float(frame.at[s, "mw"]) / MOLAR_VOLUME
    return pd.Series(out, dtype=float, name="MDL")


def default_error_fraction(species: list[str]) -> pd.Series:
    """Error fraction 0.10 for hydrocarbons, 0.20 for OVOCs (EPA PMF practice: 5-20 %)."""
    frame = VocTable.load().frame
    return pd.Series(
        {s: EF_OVOC if frame.at[s, "group"] == "OVOC" else EF_HYDROCARBON for s in species},
        dtype=float,
        name="error_fraction",
    )


# --- the dataset ---------------------------------------------------------------------------

_SUFFIXES = (
    "con",
    "unc",
    "mdl",
    "truth_profiles",
    "truth_contributions",
    "truth_oh_exposure",
    "met",
)
_TIME_FORMAT = "%Y-%m-%d %H:%M"


@dataclass
class SimulatedVocData:
    """Simulated hourly VOC measurements with their ground truth (all in µg/m³).

    - ``conc``, ``unc``: hours × species at the receptor (NaN = missing), PMF 5.0 layout;
    - ``mdl``, ``error_fraction``, ``koh``: per species (``koh`` at 298 K, cm³ molecule⁻¹ s⁻¹);
    - ``truth_profiles``: sources × species, mass fractions at the source (rows sum to 1);
    - ``truth_contributions``: hours × sources, at-source VOC mass of each source (before
      photochemical loss): ``truth_contributions @ truth_profiles`` = initial concentrations;
    - ``truth_oh_exposure``: hours, [OH]·Δt in molecule cm⁻³ s;
    - ``temperature``: hours, air temperature in K;
    - ``wind_direction``: hours, degrees from north (where the wind blows from).
    """

    conc: pd.DataFrame
    unc: pd.DataFrame
    mdl: pd.Series
    error_fraction: pd.Series
    koh: pd.Series
    truth_profiles: pd.DataFrame
    truth_contributions: pd.DataFrame
    truth_oh_exposure: pd.Series
    temperature: pd.Series
    wind_direction: pd.Series | None = None
    seed: int | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def species(self) -> list[str]:
        return [str(c) for c in self.conc.columns]

    @property
    def sources(self) -> list[str]:
        return [str(c) for c in self.truth_contributions.columns]

    @property
    def conc_initial_true(self) -> pd.DataFrame:
        """Noise-free concentrations before photochemical loss (G @ F)."""
        return self.truth_contributions @ self.truth_profiles

    @property
    def conc_true(self) -> pd.DataFrame:
        """Noise-free concentrations at the receptor: (G @ F)·exp(−k_OH E)."""
        survival = np.exp(
            -np.outer(self.truth_oh_exposure.to_numpy(), self.koh.reindex(self.species).to_numpy())
        )
        return self.conc_initial_true * survival

    def to_csv(self, prefix: str | os.PathLike[str]) -> list[Path]:
        """Write ``<prefix>_{con,unc,mdl,truth_profiles,truth_contributions,
        truth_oh_exposure,met}.csv``; all appear only if all were written.

        Hourly files start with a ``Time`` column (local time, ``YYYY-MM-DD HH:MM``); measured
        values carry 4 significant digits (more than the instruments), truth values 6.
        """
        prefix = os.fspath(prefix)
        tables = {
            "con": (self.conc, "%.4g"),
            "unc": (self.unc, "%.4g"),
            "mdl": (
                pd.DataFrame(
                    {"MDL": self.mdl, "error_fraction": self.error_fraction, "koh_298": self.koh}
                ).rename_axis("species"),
                "%.6g",
            ),
            "truth_profiles": (self.truth_profiles.rename_axis("factor"), "%.6g"),
            "truth_contributions": (self.truth_contributions, "%.6g"),
            "truth_oh_exposure": (self.truth_oh_exposure.rename("oh_exposure").to_frame(), "%.6g"),
            "met": (self._met(), "%.5g"),
        }
        paths = [Path(f"{prefix}_{s}.csv") for s in _SUFFIXES]
        with ExitStack() as stack:
            for suffix, path in zip(_SUFFIXES, paths):
                tmp = stack.enter_context(atomic_path(path))
                frame, fmt = tables[suffix]
                if isinstance(frame.index, pd.DatetimeIndex):
                    frame = frame.copy()
                    frame.index = frame.index.strftime(_TIME_FORMAT)
                    frame.index.name = "Time"
                frame.to_csv(tmp, float_format=fmt, na_rep="", lineterminator="\n")
        return paths

    def _met(self) -> pd.DataFrame:
        met = self.temperature.rename("temperature_K").to_frame()
        if self.wind_direction is not None:
            met["wind_direction_deg"] = self.wind_direction.to_numpy()
        return met

    @classmethod
    def read_csv(cls, prefix: str | os.PathLike[str]) -> SimulatedVocData:
        """Read the files :meth:`to_csv` writes."""
        prefix = os.fspath(prefix)
        paths = {s: Path(f"{prefix}_{s}.csv") for s in _SUFFIXES}
        for p in paths.values():
            if not p.is_file():
                raise FileNotFoundError(2, f"{p}: file not found", str(p))

        def hourly(p: Path) -> pd.DataFrame:
            frame = pd.read_csv(p, index_col=0)
            frame.index = pd.DatetimeIndex(
                pd.to_datetime(frame.index, format=_TIME_FORMAT), name="Time"
            )
            frame.columns = [str(c) for c in frame.columns]
            return frame.astype(float)

        per_species = pd.read_csv(paths["mdl"], index_col=0).rename_axis(None)
        met = hourly(paths["met"])
        prof = pd.read_csv(paths["truth_profiles"], index_col=0).astype(float).rename_axis(None)
        return cls(
            conc=hourly(paths["con"]),
            unc=hourly(paths["unc"]),
            mdl=per_species["MDL"].astype(float),
            error_fraction=per_species["error_fraction"].astype(float),
            koh=per_species["koh_298"].astype(float),
            truth_profiles=prof,
            truth_contributions=hourly(paths["truth_contributions"]),
            truth_oh_exposure=hourly(paths["truth_oh_exposure"])["oh_exposure"],
            temperature=met["temperature_K"],
            wind_direction=met.get("wind_direction_deg"),
        )


# --- the simulator -------------------------------------------------------------------------


def simulate(
    times: pd.DatetimeIndex | None = None,
    *,
    seed: int,
    profiles: pd.DataFrame | str | os.PathLike[str] | None = None,
    sources: Mapping[str, VocSourceActivity] | None = None,
    mean_total: float = 55.0,
    koh: PerSpecies | None = None,
    oh_exposure: OhExposureModel | None = None,
    site: Site | None = None,
    wind: WindModel | None = None,
    mdl: PerSpecies | None = None,
    error_fraction: PerSpecies | None = None,
    missing_hours: float = 0.03,
    missing_fraction: float = 0.005,
    meteorology_gsd: float = 1.4,
) -> SimulatedVocData:
    """Simulate hourly VOC measurements at an urban receptor with known sources and ages.

    Parameters
    ----------
    times : hourly local times (default: every hour of 2021).
    seed : non-negative integer; all randomness derives from it.
    profiles : species × source mass fractions at the source (DataFrame or CSV path; default
        the bundled seven SPECIATE-derived sources, :func:`load_voc_source_profiles`).
    sources : source → :class:`VocSourceActivity`; default :data:`HANGZHOU_LIKE_VOC_SOURCES`.
    mean_total : annual-mean at-source VOC mass of the measured species, µg/m³.
    koh : OH rate coefficient per species (default: :func:`load_voc_kinetics`, the registry's
        values gap-filled).
    oh_exposure : :class:`OhExposureModel` (default: night 1e9, afternoon 5e10 in summer).
    site : :class:`Site` (latitude, clock, temperature cycle; default Hangzhou).
    wind : :class:`WindModel` (hourly wind direction; default Hangzhou's monsoon), which
        carries the plumes of sources with a ``bearing`` to the receptor.
    mdl, error_fraction : per species or scalar, µg/m³ and fraction (defaults
        :func:`default_mdl`, 0.10 hydrocarbons / 0.20 OVOCs).
    missing_hours : fraction of hours with no data at all; missing_fraction : of single cells.
    meteorology_gsd : hour-to-hour log-normal variability shared by all sources (dilution).
    """
    seed = _check_int(seed, "seed")
    times = _check_times(times)
    prof = (
        _check_profiles(profiles)
        if isinstance(profiles, pd.DataFrame)
        else load_voc_source_profiles(profiles)
    )
    species, names = list(prof.index), list(prof.columns)
    acts = _check_sources(HANGZHOU_LIKE_VOC_SOURCES if sources is None else sources, names)
    oh_model = oh_exposure or OhExposureModel()
    oh_model.check()
    wind_model = wind or WindModel()
    wind_model.check()
    site = site or Site()
    for name, value, lo, hi in (
        ("mean_total", mean_total, 0.0, np.inf),
        ("missing_hours", missing_hours, 0.0, 1.0),
        ("missing_fraction", missing_fraction, 0.0, 1.0),
        ("meteorology_gsd", meteorology_gsd, 1.0, np.inf),
    ):
        _check_range(value, name, lo, hi)
    k = _per_species(load_voc_kinetics() if koh is None else koh, species, "koh")
    m = _per_species(default_mdl(species) if mdl is None else mdl, species, "mdl")
    ef = _per_species(
        default_error_fraction(species) if error_fraction is None else error_fraction,
        species,
        "error_fraction",
    )
    if (m <= 0).any() or (ef < 0).any() or (ef > 1).any() or (k < 0).any():
        bad = next(s for s in species if m[s] <= 0 or not 0 <= ef[s] <= 1 or k[s] < 0)
        raise ValueError(f"species {bad!r}: need mdl > 0, 0 <= error_fraction <= 1, koh >= 0")

    streams = np.random.SeedSequence(seed).spawn(len(names) + 5)
    rng_met, rng_oh, rng_noise, rng_missing, rng_wind = (
        np.random.default_rng(s) for s in streams[-5:]
    )
    year = pd.date_range(f"{times[0].year}-01-01", periods=8760, freq="h")
    n = times.size
    total_share = sum(acts[s].share for s in names)
    met = site.ventilation(times) * ar1_lognormal(n, meteorology_gsd, 0.95, rng_met)
    wind_direction = wind_model.series(times, rng_wind)
    g = np.empty((n, len(names)))
    for j, name in enumerate(names):
        act = acts[name]
        norm = float(np.mean(act.cycle(year, site) * site.ventilation(year)))
        rng = np.random.default_rng(streams[j])
        g[:, j] = (
            mean_total
            * act.share
            / total_share
            * act.cycle(times, site)
            / norm
            * met
            * act.plume(wind_direction)
            * ar1_lognormal(n, act.gsd, act.persistence, rng)
        )
    exposure = oh_model.series(times, rng_oh)
    x_initial = g @ prof.T.to_numpy()
    x_true = x_initial * np.exp(-np.outer(exposure, k.to_numpy()))

    eps = rng_noise.standard_normal(x_true.shape)
    x = x_true + _uncertainty_array(x_true, m.to_numpy(), ef.to_numpy()) * eps
    x = np.where(x <= m.to_numpy(), 0.5 * m.to_numpy(), x)
    unc = _uncertainty_array(x, m.to_numpy(), ef.to_numpy())
    gone = (rng_missing.random(n) < missing_hours)[:, None] | (
        rng_missing.random(x.shape) < missing_fraction
    )
    x[gone] = np.nan
    unc[gone] = np.nan

    idx = pd.DatetimeIndex(times, name="Time")
    return SimulatedVocData(
        conc=pd.DataFrame(x, index=idx, columns=species),
        unc=pd.DataFrame(unc, index=idx, columns=species),
        mdl=m.rename("MDL"),
        error_fraction=ef.rename("error_fraction"),
        koh=k.rename("koh_298"),
        truth_profiles=prof.T.copy(),
        truth_contributions=pd.DataFrame(g, index=idx, columns=names),
        truth_oh_exposure=pd.Series(exposure, index=idx, name="oh_exposure"),
        temperature=pd.Series(site.temperature(times), index=idx, name="temperature_K"),
        wind_direction=pd.Series(wind_direction, index=idx, name="wind_direction_deg"),
        seed=seed,
        meta={
            "mean_total": mean_total,
            "sources": dict(acts),
            "oh_exposure": oh_model,
            "site": site,
            "wind": wind_model,
            "units": UNITS,
        },
    )


# --- argument checks -----------------------------------------------------------------------


def _check_times(times: pd.DatetimeIndex | None) -> pd.DatetimeIndex:
    if times is None:
        return pd.date_range("2021-01-01", periods=8760, freq="h", name="Time")
    try:
        idx = pd.DatetimeIndex(times)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"times: not date-times: {exc}") from None
    if idx.size == 0 or idx.hasnans:
        raise ValueError("times: need at least one time and no missing times")
    if not idx.is_monotonic_increasing or idx.has_duplicates:
        raise ValueError("times: must be strictly increasing")
    if idx.tz is not None:
        raise ValueError("times: give naive local times (the site's clock), not tz-aware ones")
    return idx


def _check_sources(
    sources: Mapping[str, VocSourceActivity], names: list[str]
) -> dict[str, VocSourceActivity]:
    acts = dict(sources)
    unknown = [s for s in acts if s not in names]
    if unknown:
        raise ValueError(f"sources: {unknown[0]!r} has no profile (profiles: {', '.join(names)})")
    lacking = [s for s in names if s not in acts]
    if lacking:
        raise ValueError(f"sources: no activity given for source {lacking[0]!r}")
    for name, act in acts.items():
        if not isinstance(act, VocSourceActivity):
            raise TypeError(f"sources[{name!r}] must be a VocSourceActivity")
        act.check(name)
    return acts


def _per_species(values: Any, species: list[str], name: str) -> pd.Series:
    if isinstance(values, (Mapping, pd.Series)):
        table = VocTable.load()
        d = {table.resolve(str(k)): v for k, v in dict(values).items()}
        lacking = [s for s in species if s not in d]
        if lacking:
            raise KeyError(f"{name}: no value for species {lacking[0]!r}")
        raw = [d[s] for s in species]
    else:
        raw = [values] * len(species)
    out = []
    for s, v in zip(species, raw):
        try:
            f = float(v)
        except (TypeError, ValueError):
            raise ValueError(f"{name}: species {s!r}: not a number: {v!r}") from None
        if not np.isfinite(f):
            raise ValueError(f"{name}: species {s!r}: not a finite number: {v!r}")
        out.append(f)
    return pd.Series(out, index=species, dtype=float, name=name)


def _check_range(value: Any, name: str, lo: float, hi: float) -> None:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name}: not a number: {value!r}") from None
    if not (lo <= v < hi) or (name == "mean_total" and v <= 0):
        raise ValueError(f"{name}: must be within [{lo}, {hi}), got {value!r}")


def _check_int(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise ValueError(f"{name}: must be an integer >= 0, got {value!r}")
    return int(value)
