"""Synthetic PM2.5 speciation datasets with a known answer, for testing PMF.

``simulate`` builds daily source contributions (seasonal, log-normal, day-to-day persistent),
multiplies them by source profiles, adds measurement noise drawn from the EPA PMF 5.0
uncertainty equation, reports values at or below the MDL as MDL/2 and blanks a few cells as
missing.  The ground truth (contributions G and profiles F, with ``G @ F`` equal to the
noise-free concentrations) travels with the data.

Every random number comes from ``numpy.random.SeedSequence(seed)``: one child stream for the
contributions, one for the noise, one for the missing cells, so changing ``missing_fraction``
leaves the noise untouched.
"""

from __future__ import annotations

import math
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
from ._sources import (
    DEFAULT_ERROR_FRACTION,
    DEFAULT_MDL,
    HANGZHOU_LIKE_SOURCES,
    HANGZHOU_LIKE_UNEXPLAINED,
    SourceActivity,
    activity_series,
)

__all__ = [
    "DEFAULT_ERROR_FRACTION",
    "DEFAULT_MDL",
    "HANGZHOU_LIKE_SOURCES",
    "SimulatedDataset",
    "SourceActivity",
    "load_source_profiles",
    "pmf_uncertainty",
    "simulate",
]

PerSpecies = Union[float, Mapping[str, float], pd.Series]

UNEXPLAINED = "unexplained"
"""Name of the truth factor that carries mass no source profile explains (water, unmeasured)."""

_TOL = 1e-9


# --- the PMF 5.0 uncertainty equation ------------------------------------------------------


def pmf_uncertainty(conc: Any, mdl: Any, error_fraction: Any) -> Any:
    """Uncertainty by the EPA PMF 5.0 equation (User Guide eqs. 5-1/5-2, after Polissar 1998).

    ``s = 5/6 · MDL`` where ``x <= MDL``, else ``s = sqrt((EF · x)² + (0.5 · MDL)²)``.

    ``conc`` is a DataFrame (samples × species), a Series or an array.  For a DataFrame,
    ``mdl`` and ``error_fraction`` may be scalars, Series or mappings keyed by species (every
    column needs a value); for arrays they broadcast against ``conc``.  NaN concentrations
    (missing) give NaN uncertainties.  Raises ``ValueError`` naming the parameter (and species)
    for a negative or non-finite MDL or error fraction, and ``KeyError`` naming a species with
    no value.
    """
    if isinstance(conc, pd.DataFrame):
        species = [str(c) for c in conc.columns]
        m = _per_species(mdl, species, "mdl")
        e = _per_species(error_fraction, species, "error_fraction")
        _check_mdl(m)
        _check_error_fraction(e)
        out = _uncertainty_array(conc.to_numpy(dtype=float), m.to_numpy(), e.to_numpy())
        return pd.DataFrame(out, index=conc.index, columns=conc.columns)
    if isinstance(conc, pd.Series):
        out = pmf_uncertainty(np.asarray(conc, dtype=float), mdl, error_fraction)
        return pd.Series(out, index=conc.index, name=conc.name)
    x = np.asarray(conc, dtype=float)
    m = np.asarray(mdl, dtype=float)
    e = np.asarray(error_fraction, dtype=float)
    if np.any(~np.isfinite(m)) or np.any(m < 0):
        raise ValueError(f"mdl must be finite and >= 0, got {mdl!r}")
    if np.any(~np.isfinite(e)) or np.any(e < 0):
        raise ValueError(f"error_fraction must be finite and >= 0, got {error_fraction!r}")
    out = _uncertainty_array(x, m, e)
    return float(out) if out.ndim == 0 else out


def _uncertainty_array(x: np.ndarray, mdl: np.ndarray, ef: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        below = x <= mdl
        above = np.sqrt((ef * x) ** 2 + (0.5 * mdl) ** 2)
        out = np.where(below, (5.0 / 6.0) * mdl, above)
    return np.where(np.isnan(x), np.nan, out)


# --- source profiles -----------------------------------------------------------------------


def _bundled_profiles_path() -> Path:
    """``data/pmf/source_profiles_pm25.csv``: inside the installed package, or in a checkout."""
    return data_path("pmf/source_profiles_pm25.csv")


def load_source_profiles(
    path: str | os.PathLike[str] | None = None, *, total_variable: str = "PM2.5"
) -> pd.DataFrame:
    """Read source profiles: species rows × source columns, mass fractions of source PM2.5.

    Without ``path`` the bundled ``data/pmf/source_profiles_pm25.csv`` is read (seven sources of
    a Yangtze-delta city; citations in ``source_profiles_pm25.md``).  The first column holds the
    species names; a non-numeric column named ``reference`` or ``note`` is ignored.  The table
    is checked as :func:`simulate` checks it (see there) and ``ValueError`` names the file,
    source and species of any problem.
    """
    p = Path(path) if path is not None else _bundled_profiles_path()
    if not p.is_file():
        raise FileNotFoundError(2, f"{p}: source-profile file not found", str(p))
    try:
        table = pd.read_csv(p, index_col=0, comment="#")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise ValueError(f"{p}: cannot read source profiles: {exc}") from exc
    table = table.drop(
        columns=[c for c in table.columns if str(c).lower() in ("reference", "note")]
    )
    table.index = [str(i).strip() for i in table.index]
    table.columns = [str(c).strip() for c in table.columns]
    bad = [c for c in table.columns if not pd.api.types.is_numeric_dtype(table[c])]
    if bad:
        raise ValueError(f"{p}: source {bad[0]!r}: column is not numeric")
    try:
        return _check_profiles(table.astype(float), total_variable)
    except ValueError as exc:
        raise ValueError(f"{p}: {exc}") from None


def _check_profiles(profiles: pd.DataFrame, total_variable: str) -> pd.DataFrame:
    """Validate species × source mass fractions; add the total-variable row (1.0) if absent."""
    if not isinstance(profiles, pd.DataFrame):
        raise TypeError("profiles must be a DataFrame (species rows × source columns)")
    if profiles.shape[0] == 0 or profiles.shape[1] == 0:
        raise ValueError("profiles: need at least one species and one source")
    prof = profiles.astype(float).copy()
    prof.index = [str(i) for i in prof.index]
    prof.columns = [str(c) for c in prof.columns]
    for axis, labels in (("species", prof.index), ("source", prof.columns)):
        dup = labels[labels.duplicated()]
        if len(dup):
            raise ValueError(f"profiles: {axis} {dup[0]!r} appears twice")
    if UNEXPLAINED in prof.columns:
        raise ValueError(f"profiles: source name {UNEXPLAINED!r} is reserved for unexplained mass")
    values = prof.to_numpy()
    for j, src in enumerate(prof.columns):
        for i, sp in enumerate(prof.index):
            v = values[i, j]
            if not np.isfinite(v):
                raise ValueError(
                    f"profiles: source {src!r}, species {sp!r}: value is not finite ({v})"
                )
            if v < 0 or v > 1 + _TOL:
                raise ValueError(
                    f"profiles: source {src!r}, species {sp!r}: mass fraction {v} is outside [0, 1]"
                )
    if total_variable in prof.index:
        tot = prof.loc[total_variable]
        off = tot[(tot - 1.0).abs() > 1e-6]
        if len(off):
            raise ValueError(
                f"profiles: source {off.index[0]!r}, species {total_variable!r}: the "
                f"total variable must be 1 (the source's own mass), got {off.iloc[0]}"
            )
    else:
        prof = pd.concat([pd.DataFrame(1.0, index=[total_variable], columns=prof.columns), prof])
    sums = prof.drop(index=total_variable).sum(axis=0)
    over = sums[sums > 1 + 1e-6]
    if len(over):
        raise ValueError(
            f"profiles: source {over.index[0]!r}: species fractions sum to "
            f"{over.iloc[0]:.6g} > 1 (more than the source's own {total_variable} mass)"
        )
    zero = sums[sums <= 0]
    if len(zero):
        raise ValueError(f"profiles: source {zero.index[0]!r}: all species fractions are zero")
    return prof


# --- the dataset ---------------------------------------------------------------------------

_SUFFIXES = ("con", "unc", "mdl", "truth_profiles", "truth_contributions")


@dataclass
class SimulatedDataset:
    """A simulated PMF input with its ground truth.

    - ``conc``, ``unc``: DataFrames indexed by date (``Date``), species columns, µg/m3; the PMF
      5.0 concentration/uncertainty pair.  Missing cells are NaN in both; values at or below the
      MDL are reported as MDL/2 with uncertainty 5/6·MDL.
    - ``mdl``, ``error_fraction``: Series by species (µg/m3; fraction).
    - ``truth_contributions``: G, dates × factors (µg/m3 of PM2.5 from each source, plus the
      ``unexplained`` mass); ``truth_profiles``: F, factors × species (mass fractions).
      ``truth_contributions @ truth_profiles`` is the noise-free concentration (``conc_true``).
    """

    conc: pd.DataFrame
    unc: pd.DataFrame
    mdl: pd.Series
    error_fraction: pd.Series
    truth_profiles: pd.DataFrame
    truth_contributions: pd.DataFrame
    total_variable: str = "PM2.5"
    seed: int | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def conc_true(self) -> pd.DataFrame:
        """Noise-free concentrations, G @ F."""
        return self.truth_contributions @ self.truth_profiles

    @property
    def species(self) -> list[str]:
        return [str(c) for c in self.conc.columns]

    @property
    def sources(self) -> list[str]:
        return [str(c) for c in self.truth_contributions.columns if c != UNEXPLAINED]

    def to_csv(self, prefix: str | os.PathLike[str], *, float_format: str = "%.6g") -> list[Path]:
        """Write ``<prefix>_con.csv``, ``_unc.csv``, ``_mdl.csv``, ``_truth_profiles.csv`` and
        ``_truth_contributions.csv``; all five appear only if all were written.

        Concentration and uncertainty files have EPA PMF 5.0's layout: first column ``Date``
        (ISO dates), then one column per species; missing cells are empty.  ``_mdl.csv`` has one
        row per species with columns ``MDL`` and ``error_fraction``.  Numbers are written with
        ``float_format`` (6 significant digits: more than any measurement carries).
        """
        prefix = os.fspath(prefix)
        tables = {
            "con": self.conc,
            "unc": self.unc,
            "mdl": pd.DataFrame(
                {"MDL": self.mdl, "error_fraction": self.error_fraction}
            ).rename_axis("species"),
            "truth_profiles": self.truth_profiles.rename_axis("factor"),
            "truth_contributions": self.truth_contributions,
        }
        paths = [Path(f"{prefix}_{s}.csv") for s in _SUFFIXES]
        with ExitStack() as stack:
            for suffix, path in zip(_SUFFIXES, paths):
                tmp = stack.enter_context(atomic_path(path))
                frame = tables[suffix]
                if isinstance(frame.index, pd.DatetimeIndex):
                    frame = frame.copy()
                    frame.index = frame.index.strftime("%Y-%m-%d")
                    frame.index.name = "Date"
                frame.to_csv(tmp, float_format=float_format, na_rep="", lineterminator="\n")
                os.chmod(tmp, 0o644)  # mkstemp makes 0600; data files are for sharing
        return paths

    @classmethod
    def read_csv(
        cls, prefix: str | os.PathLike[str], *, total_variable: str = "PM2.5"
    ) -> SimulatedDataset:
        """Read the five files :meth:`to_csv` writes."""
        prefix = os.fspath(prefix)
        paths = {s: Path(f"{prefix}_{s}.csv") for s in _SUFFIXES}
        for p in paths.values():
            if not p.is_file():
                raise FileNotFoundError(2, f"{p}: file not found", str(p))

        def dated(p: Path) -> pd.DataFrame:
            frame = pd.read_csv(p, index_col=0, parse_dates=[0])
            frame.index.name = "Date"
            frame.columns = [str(c) for c in frame.columns]
            return frame.astype(float)

        mdl = pd.read_csv(paths["mdl"], index_col=0)
        prof = pd.read_csv(paths["truth_profiles"], index_col=0).astype(float)
        prof.index.name = None
        return cls(
            conc=dated(paths["con"]),
            unc=dated(paths["unc"]),
            mdl=mdl["MDL"].astype(float).rename("MDL").rename_axis(None),
            error_fraction=mdl["error_fraction"]
            .astype(float)
            .rename("error_fraction")
            .rename_axis(None),
            truth_profiles=prof,
            truth_contributions=dated(paths["truth_contributions"]),
            total_variable=total_variable,
        )


# --- the simulator -------------------------------------------------------------------------


def simulate(
    profiles: pd.DataFrame | str | os.PathLike[str] | None = None,
    n_samples: int = 365,
    *,
    seed: int,
    start: str = "2021-01-01",
    sources: Mapping[str, SourceActivity] | None = None,
    unexplained: SourceActivity | None = HANGZHOU_LIKE_UNEXPLAINED,
    mdl: PerSpecies | None = None,
    error_fraction: PerSpecies | None = None,
    below_mdl_fraction: PerSpecies | None = None,
    missing_fraction: float = 0.02,
    total_variable: str = "PM2.5",
) -> SimulatedDataset:
    """Simulate a daily PM2.5 speciation dataset with known sources.

    Parameters
    ----------
    profiles : species × source mass fractions (DataFrame, or a CSV path for
        :func:`load_source_profiles`; None = the bundled seven-source table).  Each value within
        [0, 1]; per source, the species other than ``total_variable`` sum to at most 1 (the rest
        of the mass is unmeasured: oxygen of oxides, hydrogen of organics, water); the
        ``total_variable`` row is 1 (added when absent).
    n_samples : number of daily samples from ``start``.
    seed : non-negative integer; all randomness derives from it.
    sources : source name → :class:`SourceActivity`; default :data:`HANGZHOU_LIKE_SOURCES`.
        Every source in ``profiles`` needs an entry and every entry a profile.
    unexplained : activity of PM2.5 mass that no profile explains (added to the total variable
        only, as the truth factor ``unexplained``); None for none.
    mdl : method detection limits, µg/m3 (scalar, or per species); default :data:`DEFAULT_MDL`.
    error_fraction : EF per species (scalar or per species); default
        :data:`DEFAULT_ERROR_FRACTION`.
    below_mdl_fraction : instead of an MDL, ask that this fraction of a species' measured
        values fall at or below its MDL (to within 1/n_samples, before missing cells are
        blanked): the MDL is found by bisection (scalar = all species, or per species; a
        species may not be in both ``mdl`` and ``below_mdl_fraction`` mappings).
    missing_fraction : probability that a cell is missing (NaN in ``conc`` and ``unc``).
    total_variable : the species that holds total mass.

    Notes
    -----
    Noise: x = x_true + s(x_true)·ε, ε ~ N(0, 1), s the PMF 5.0 equation
    (:func:`pmf_uncertainty`).  A measured x ≤ MDL is reported as MDL/2.  The reported
    uncertainty is the equation applied to the reported value, as an analyst computes it (so
    5/6·MDL for below-MDL cells).
    """
    n = _check_int(n_samples, "n_samples", minimum=1)
    seed = _check_int(seed, "seed", minimum=0)
    missing_fraction = _check_fraction(missing_fraction, "missing_fraction")
    if isinstance(profiles, pd.DataFrame):
        prof = _check_profiles(profiles, total_variable)
    else:
        prof = load_source_profiles(profiles, total_variable=total_variable)
    species = list(prof.index)
    source_names = list(prof.columns)

    acts = dict(HANGZHOU_LIKE_SOURCES if sources is None else sources)
    unknown = [s for s in acts if s not in source_names]
    if unknown:
        raise ValueError(
            f"sources: unknown source name {unknown[0]!r} (profiles have {', '.join(source_names)})"
        )
    lacking = [s for s in source_names if s not in acts]
    if lacking:
        raise ValueError(f"sources: no activity given for source {lacking[0]!r}")
    for name in source_names:
        if not isinstance(acts[name], SourceActivity):
            raise TypeError(f"sources[{name!r}] must be a SourceActivity")
        acts[name].check(name)
    if unexplained is not None:
        unexplained.check(UNEXPLAINED)

    try:
        dates = pd.date_range(pd.Timestamp(start), periods=n, freq="D", name="Date")
    except (ValueError, TypeError) as exc:
        raise ValueError(f"start: not a date: {start!r}") from exc

    ss_g, ss_noise, ss_missing = np.random.SeedSequence(seed).spawn(3)
    rng_g = np.random.default_rng(ss_g)

    # Truth: G (n × factors) and F (factors × species).
    factor_names = source_names + ([UNEXPLAINED] if unexplained is not None else [])
    doy = dates.day_of_year.to_numpy(dtype=float)
    g = np.empty((n, len(factor_names)))
    for k, name in enumerate(factor_names):
        act = unexplained if name == UNEXPLAINED else acts[name]
        g[:, k] = activity_series(act, doy, rng_g)
    f = prof.T.to_numpy()
    if unexplained is not None:
        extra = np.zeros((1, len(species)))
        extra[0, species.index(total_variable)] = 1.0
        f = np.vstack([f, extra])
    truth_g = pd.DataFrame(g, index=dates, columns=factor_names)
    truth_f = pd.DataFrame(f, index=factor_names, columns=species)
    x_true = g @ f

    # Detection limits and error fractions.
    ef = _per_species(
        DEFAULT_ERROR_FRACTION if error_fraction is None else error_fraction,
        species,
        "error_fraction",
    )
    _check_error_fraction(ef)
    e = ef.to_numpy()
    eps = np.random.default_rng(ss_noise).standard_normal((n, len(species)))
    mdl_s = _resolve_mdl(mdl, below_mdl_fraction, species, x_true, e, eps)
    m = mdl_s.to_numpy()
    x = x_true + _uncertainty_array(x_true, m, e) * eps
    x = np.where(x <= m, 0.5 * m, x)
    unc = _uncertainty_array(x, m, e)
    missing = np.random.default_rng(ss_missing).random((n, len(species))) < missing_fraction
    x[missing] = np.nan
    unc[missing] = np.nan

    conc = pd.DataFrame(x, index=dates, columns=species)
    unc_df = pd.DataFrame(unc, index=dates, columns=species)
    meta = {
        "n_samples": n,
        "start": str(dates[0].date()),
        "missing_fraction": missing_fraction,
        "sources": {k: acts[k] for k in source_names},
        "unexplained": unexplained,
    }
    return SimulatedDataset(
        conc=conc,
        unc=unc_df,
        mdl=mdl_s.rename("MDL"),
        error_fraction=ef.rename("error_fraction"),
        truth_profiles=truth_f,
        truth_contributions=truth_g,
        total_variable=total_variable,
        seed=seed,
        meta=meta,
    )


def _resolve_mdl(
    mdl: PerSpecies | None,
    below: PerSpecies | None,
    species: list[str],
    x_true: np.ndarray,
    ef: np.ndarray,
    eps: np.ndarray,
) -> pd.Series:
    """MDL per species: ``mdl`` (default :data:`DEFAULT_MDL`), overridden for the species named
    by ``below_mdl_fraction`` by the MDL at which that fraction of the measured values (noise
    included, the noise itself depending on the MDL) is at or below it."""
    is_map = lambda v: isinstance(v, (Mapping, pd.Series))
    if below is not None and not is_map(below) and mdl is not None:
        raise ValueError(
            "give mdl or a scalar below_mdl_fraction, not both "
            "(a per-species below_mdl_fraction may be combined with mdl)"
        )
    if mdl is None:
        base = {s: v for s, v in DEFAULT_MDL.items() if s in species}
    elif is_map(mdl):
        base = {str(k): v for k, v in dict(mdl).items()}
        unknown = [k for k in base if k not in species]
        if unknown:
            raise ValueError(f"mdl: unknown species {unknown[0]!r}")
    else:
        base = dict.fromkeys(species, mdl)
    quantiles: dict[str, float] = {}
    if below is not None:
        items = (
            {str(k): v for k, v in dict(below).items()}
            if is_map(below)
            else dict.fromkeys(species, below)
        )
        for s, q in items.items():
            if s not in species:
                raise ValueError(f"below_mdl_fraction: unknown species {s!r}")
            if is_map(mdl) and s in base:
                raise ValueError(f"species {s!r} is in both mdl and below_mdl_fraction")
            qv = _check_fraction(q, f"below_mdl_fraction[{s!r}]")
            if qv <= 0:
                raise ValueError(f"below_mdl_fraction[{s!r}]: must be within (0, 1), got {q!r}")
            quantiles[s] = qv
    values = {}
    for s in species:
        if s in quantiles:
            j = species.index(s)
            values[s] = _mdl_for_fraction(x_true[:, j], ef[j], eps[:, j], quantiles[s], s)
        elif s in base:
            values[s] = base[s]
        else:
            raise KeyError(f"mdl: no value for species {s!r}")
    out = _per_species(values, species, "mdl")
    _check_mdl(out)
    return out


def _mdl_for_fraction(x_true: np.ndarray, ef: float, eps: np.ndarray, q: float, name: str) -> float:
    """Bisect for the MDL M at which a fraction ``q`` of x_true + s(x_true; M)·eps is <= M."""
    target = max(1, math.ceil(q * x_true.size - 1e-9))

    def count(m: float) -> int:
        x = x_true + _uncertainty_array(x_true, np.float64(m), np.float64(ef)) * eps
        return int(np.count_nonzero(x <= m))

    lo, hi = 0.0, float(np.max(x_true)) * 2.0 + 1e-12
    for _ in range(64):
        if count(hi) >= target:
            break
        hi *= 2.0
    else:
        raise ValueError(
            f"below_mdl_fraction[{name!r}]: {q} cannot be reached (the noise at a "
            "large MDL keeps too many values above it); ask for less"
        )
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if mid <= lo or mid >= hi:
            break
        if count(mid) >= target:
            hi = mid
        else:
            lo = mid
    return hi


# --- argument checks -----------------------------------------------------------------------


def _per_species(values: Any, species: list[str], name: str) -> pd.Series:
    if isinstance(values, (Mapping, pd.Series)):
        d = {str(k): v for k, v in dict(values).items()}
        lacking = [s for s in species if s not in d]
        if lacking:
            raise KeyError(f"{name}: no value for species {lacking[0]!r}")
        raw = [d[s] for s in species]
    else:
        raw = [values] * len(species)
    out = []
    for s, v in zip(species, raw):
        try:
            out.append(float(v))
        except (TypeError, ValueError):
            raise ValueError(f"{name}: species {s!r}: not a number: {v!r}") from None
    return pd.Series(out, index=species, dtype=float)


def _check_mdl(mdl: pd.Series) -> None:
    for s, v in mdl.items():
        if not np.isfinite(v) or v <= 0:
            raise ValueError(f"mdl: species {s!r}: MDL must be a finite number > 0, got {v}")


def _check_error_fraction(ef: pd.Series) -> None:
    for s, v in ef.items():
        if not np.isfinite(v) or v < 0 or v > 1:
            raise ValueError(f"error_fraction: species {s!r}: must be within [0, 1], got {v}")


def _check_fraction(value: Any, name: str) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name}: not a number: {value!r}") from None
    if not 0 <= v < 1:
        raise ValueError(f"{name}: must be within [0, 1), got {value!r}")
    return v


def _check_int(value: Any, name: str, *, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name}: must be an integer, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name}: must be >= {minimum}, got {value!r}")
    return int(value)
