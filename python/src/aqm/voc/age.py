"""Photochemical age: OH exposure from species-pair ratios, initial and consumed VOCs.

For a pair emitted together, X reacting faster with OH than E (Nelson & Quigley 1983):

    [OH]·Δt = (ln(X/E)₀ − ln(X/E)ₜ) / (k_X − k_E)        (molecule cm⁻³ s)
    [VOC]₀ = [VOC]ₜ · exp(k_VOC · [OH]·Δt),   consumed = [VOC]₀ − [VOC]ₜ

The numerics are C++ (``aqm::voc``, ``aqm/voc/photochemical_age.hpp``); this module adds
species names (through the VOC registry), rate coefficients, the emission-ratio estimate and
warnings.

- **Emission ratio** (X/E)₀: given, or estimated as the ``percentile`` of X/E over the night
  and early-morning hours (default 00:00–05:59 local time) when both species are above their
  MDLs.  At night OH is near zero and fresh emissions collect in a shallow layer, so those
  ratios are the least aged.  The default is the median (``percentile=50``): with night OH
  exposure ~1e9 molecule cm⁻³ s the night ratios differ from the emission ratio by ~1 %, and
  their spread comes from the changing source mix, so a high percentile (the 95–99th often
  used when night air may itself be aged) picks hours with an unusual mix and over-states the
  age — on the bundled simulated data the 90th percentile biases the daytime exposure by
  +51 % (July) and +110 % (January), the median by +5 % and −8 % (validation/voc_validation.py).
  Use a high percentile when night air at the site is aged (regional transport).  The source
  mix changes with the season, so estimate per month or season (pass that stretch of data).
- **kOH**: the registry's value at 298 K (flagged ``"298 K"``); where the registry has none,
  ``koh=`` values from the user; m/p-xylene, reported as one co-eluting peak, defaults to
  1.87e-11, the mean of m- (2.31e-11) and p-xylene (1.43e-11) of Atkinson & Arey (2003).
  The registry has no kOH(T) yet, so a ``temperature`` is recorded but kOH stays at 298 K
  (the result says so).
- **Smoothing** (``window_hours``, default :data:`DEFAULT_WINDOW_HOURS` = 5): the hourly
  exposure from one pair carries the 10 % measurement noise of two species (σ_E ≈ 1.2e10
  for m/p-xylene/ethylbenzene), as large as the daytime signal, while the exposure itself
  changes over hours (the diurnal OH cycle).  A centred moving inverse-variance weighted mean
  of the hourly (clipped) exposures over ``window_hours`` cuts the noise by ~sqrt(window);
  the cost is a blurred diurnal shape (a ±2 h box on a sin² cycle over 07–21 h lowers the
  14:00 peak by ~10 %: mean of 0.81, 0.95, 1, 0.95, 0.81; the daytime mean changes little).
  σ_E of the mean assumes independent hourly errors, which the
  source-mix term is not: it is an under-estimate.  ``window_hours=0`` keeps hourly values.
- **Species left observed**: :func:`pmf_dataset` does not correct a species whose
  correction is too uncertain (k·σ_E > ``max_correction_uncertainty``, default
  :data:`DEFAULT_MAX_CORRECTION_UNCERTAINTY` = 0.3); the dataset lists them.
- **Several pairs**: :func:`combine_oh_exposures` averages pair estimates by inverse variance
  (independent errors assumed, although pairs sharing a species are correlated).
- **Warnings** (:class:`AgeWarning`): hours where X/E is above the emission ratio (negative
  age, clipped to 0; count and first hours named), hours where X or E is at or below its MDL
  (no age), and a pair whose rate coefficients differ by less than 20 % of k_X (the age then
  amplifies ratio noise more than five-fold).
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .. import _core
from .._core import UnitError
from ..chem.voc import MissingCoefficientWarning, VocTable
from ._pmf_input import DEFAULT_MAX_CORRECTION_UNCERTAINTY, pmf_dataset

if TYPE_CHECKING:
    from .._typing import DetectionLimits
    from .measurements import VocMeasurements

__all__ = [
    "AgeWarning",
    "DEFAULT_MAX_CORRECTION_UNCERTAINTY",
    "DEFAULT_WINDOW_HOURS",
    "PAIRS",
    "PhotochemicalAge",
    "combine_oh_exposures",
    "consumed_concentrations",
    "estimate_oh_exposure",
    "initial_concentrations",
    "koh_values",
    "pmf_dataset",
    "smooth_oh_exposure",
]

PAIRS: dict[str, tuple[str, str]] = {
    "m/p-xylene/ethylbenzene": ("m/p-xylene", "ethylbenzene"),
    "toluene/benzene": ("toluene", "benzene"),
    "o-xylene/ethylbenzene": ("o-xylene", "ethylbenzene"),
}
"""Named pairs (fast, slow); any other pair may be given as a tuple of two species."""

LUMPED_KOH_298 = {"m/p-xylene": 1.87e-11}
"""kOH of the co-eluting m/p-xylene peak: mean of m- and p-xylene (Atkinson & Arey 2003)."""

DEFAULT_WINDOW_HOURS = 5.0
"""Width (hours) of the centred moving mean of the exposure; see the module docstring."""
NIGHT_HOURS = tuple(range(6))
CLOSE_RATE_FRACTION = 0.2
_STATUS = {0: "ok", 1: "clipped", 2: "missing", 3: "below_mdl"}


class AgeWarning(UserWarning):
    """A photochemical-age estimate is partly unreliable (clipped, below MDL, close rates)."""


@dataclass
class PhotochemicalAge:
    """OH exposure per sample from one species pair.

    ``oh_exposure`` (molecule cm⁻³ s; NaN where X or E is missing or below its MDL),
    ``status`` per sample (ok, clipped, missing, below_mdl), the pair, the emission ratio and how
    it was obtained, the rate coefficients, the temperature basis of kOH and, when it could be
    estimated, the standard uncertainty of the exposure per sample (``oh_exposure_sd``, see
    :func:`estimate_oh_exposure`), the smoothing window (0 = hourly values) and, for a
    combination, every pair (:func:`combine_oh_exposures`).
    """

    oh_exposure: pd.Series
    status: pd.Series
    pair: tuple[str, str]
    emission_ratio: float
    emission_ratio_method: str
    k_fast: float
    k_slow: float
    koh_basis: str
    oh_exposure_sd: pd.Series | None = None
    window_hours: float = 0.0
    pairs: tuple[tuple[str, str], ...] = ()

    def age_hours(self, oh_concentration: float = 2.0e6) -> pd.Series:
        """Δt = [OH]·Δt / [OH] in hours for a mean OH concentration (molecule cm⁻³)."""
        if not (np.isfinite(oh_concentration) and oh_concentration > 0):
            raise ValueError(f"oh_concentration: must be > 0, got {oh_concentration!r}")
        return (self.oh_exposure / oh_concentration / 3600.0).rename("age_h")

    @property
    def n_clipped(self) -> int:
        return int((self.status == "clipped").sum())


# --- rate coefficients ---------------------------------------------------------------------


def koh_values(
    species: Iterable[str],
    *,
    koh: Mapping[str, float] | pd.Series | None = None,
    table: VocTable | None = None,
) -> tuple[pd.Series, pd.Series]:
    """kOH (cm³ molecule⁻¹ s⁻¹) and where it came from, per species (canonical names).

    Order: ``koh`` given by the user, the registry's 298 K value, :data:`LUMPED_KOH_298`;
    species with none get NaN and source ``"missing"``.  A name the registry does not know is
    kept as given (only a user value can serve it).  Raises ``ValueError`` for a negative or
    non-finite user value.
    """
    table = table or VocTable.load()

    def canonical(name: str) -> str:
        return table.resolve(name) if name in table else str(name)

    names = [canonical(s) for s in species]
    user = {canonical(str(k)): v for k, v in (dict(koh) if koh is not None else {}).items()}
    known = [s for s in names if s in table]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingCoefficientWarning)
        registry = table.coefficients(known, "koh_298").reindex(names)
    values, sources = [], []
    for s in names:
        if s in user:
            v = float(user[s])
            if not (np.isfinite(v) and v >= 0):
                raise ValueError(f"koh: species {s!r}: must be finite and >= 0, got {user[s]!r}")
            values.append(v)
            sources.append("user")
        elif np.isfinite(registry[s]):
            values.append(float(registry[s]))
            sources.append("registry, 298 K")
        elif s in LUMPED_KOH_298:
            values.append(LUMPED_KOH_298[s])
            sources.append("Atkinson & Arey 2003 (m/p mean), 298 K")
        else:
            values.append(np.nan)
            sources.append("missing")
    return (
        pd.Series(values, index=names, dtype=float, name="koh"),
        pd.Series(sources, index=names, dtype=object, name="koh_source"),
    )


# --- OH exposure ---------------------------------------------------------------------------


def _pair(pair: str | tuple[str, str], table: VocTable) -> tuple[str, str]:
    if isinstance(pair, str):
        if pair not in PAIRS:
            raise KeyError(
                f"pair: unknown pair {pair!r} (named pairs: {', '.join(PAIRS)}; or "
                "give (fast, slow) species)"
            )
        pair = PAIRS[pair]
    if not (isinstance(pair, tuple) and len(pair) == 2):
        raise ValueError(f"pair: need a name or a (fast, slow) tuple, got {pair!r}")
    fast, slow = table.resolve(pair[0]), table.resolve(pair[1])
    if fast == slow:
        raise ValueError(f"pair: the two species are the same ({fast})")
    return fast, slow


def _columns(conc: pd.DataFrame, table: VocTable) -> dict[str, str]:
    """Canonical name (or the label itself when the registry does not know it) -> label."""
    out: dict[str, str] = {}
    for c in conc.columns:
        name = table.resolve(str(c)) if str(c) in table else str(c)
        if name in out:
            raise ValueError(f"columns {out[name]!r} and {c!r} are the same species ({name})")
        out[name] = c
    return out


def _mdl_of(mdl: Any, name: str, label: str) -> float:
    """The species' MDL; 0 (no test) when none is given or it is unknown (NaN)."""
    value = 0.0
    if isinstance(mdl, (Mapping, pd.Series)):
        value = next((float(mdl[k]) for k in (label, name) if k in mdl), 0.0)
    elif mdl is not None:
        value = float(mdl)
    return value if np.isfinite(value) else 0.0


def _unpack(conc: Any, mdl: Any) -> tuple[pd.DataFrame, Any]:
    """A DataFrame or a VocMeasurements-like object (``.data``, ``.mdl``)."""
    if isinstance(conc, pd.DataFrame):
        return conc, mdl
    data = getattr(conc, "data", None)
    if isinstance(data, pd.DataFrame):
        return data, getattr(conc, "mdl", None) if mdl is None else mdl
    raise TypeError(
        "concentrations must be a pandas DataFrame (samples x species) or VocMeasurements"
    )


def _hours(index: pd.Index) -> np.ndarray | None:
    return index.hour.to_numpy() if isinstance(index, pd.DatetimeIndex) else None


def _name_hours(index: pd.Index, mask: np.ndarray, limit: int = 3) -> str:
    labels = [str(x) for x in index[mask][:limit]]
    more = int(mask.sum()) - len(labels)
    return ", ".join(labels) + (f" and {more} more" if more > 0 else "")


def estimate_oh_exposure(
    conc: pd.DataFrame | VocMeasurements,
    pair: str | tuple[str, str] = "m/p-xylene/ethylbenzene",
    *,
    emission_ratio: float | None = None,
    percentile: float = 50.0,
    night_hours: Iterable[int] = NIGHT_HOURS,
    mdl: DetectionLimits | None = None,
    koh: Mapping[str, float] | pd.Series | None = None,
    temperature: pd.Series | None = None,
    unc: pd.DataFrame | None = None,
    window_hours: float = DEFAULT_WINDOW_HOURS,
    table: VocTable | None = None,
) -> PhotochemicalAge:
    """OH exposure ([OH]·Δt) per sample from the ratio of a species pair.

    Parameters
    ----------
    conc : samples × species (DataFrame; a DatetimeIndex of local times is needed to estimate
        the emission ratio), or a :class:`~aqm.voc.VocMeasurements`.  Any unit shared by X and E.
    pair : a name in :data:`PAIRS` or a (fast, slow) tuple of species.
    emission_ratio : (X/E)₀ in the unit of ``conc``; None = estimate it (module docstring).
    percentile, night_hours : the estimate's percentile and local hours.
    mdl : detection limits (scalar, or per species; ``VocMeasurements.mdl`` by default).
    koh : rate coefficients overriding the registry's (per species).
    temperature : per-sample temperature (K); recorded, see module docstring.
    unc : measurement uncertainties (same layout as ``conc``), for ``oh_exposure_sd``.
    window_hours : width of the centred moving mean (module docstring; needs a
        DatetimeIndex); 0 = hourly values.

    The exposure's standard uncertainty is σ_E = sqrt(v_mix + (s_X/X)² + (s_E/E)²) / (k_X − k_E):
    the measurement terms from ``unc`` (left out without it), and v_mix, the variance of
    ln(X/E)₀ over the source mix, estimated as the robust variance ((IQR/1.349)²) of the night
    ln-ratios minus their mean measurement variance (0 when the emission ratio is given).
    """
    table = table or VocTable.load()
    frame, mdl = _unpack(conc, mdl)
    fast, slow = _pair(pair, table)
    cols = _columns(frame, table)
    for s in (fast, slow):
        if s not in cols:
            raise KeyError(f"pair species {s!r} is not among the columns")
    k, source = koh_values([fast, slow], koh=koh, table=table)
    if source.eq("missing").any():
        raise ValueError(
            f"koh: no rate coefficient for {source.index[source.eq('missing')][0]!r}"
            " (give it with koh=)"
        )
    k_fast, k_slow = float(k[fast]), float(k[slow])
    if not k_fast > k_slow:
        raise ValueError(
            f"pair {fast}/{slow}: k_OH of {fast} ({k_fast:.3g}) must exceed that "
            f"of {slow} ({k_slow:.3g})"
        )
    label = f"{fast}/{slow}"
    if k_fast - k_slow < CLOSE_RATE_FRACTION * k_fast:
        warnings.warn(
            f"pair {label}: k_OH {k_fast:.3g} and {k_slow:.3g} differ by less than "
            f"{CLOSE_RATE_FRACTION:.0%}; the age amplifies ratio noise strongly",
            AgeWarning,
            stacklevel=2,
        )
    units = getattr(conc, "units", None)
    if isinstance(units, pd.Series) and units.get(cols[fast]) != units.get(cols[slow]):
        raise UnitError(
            f"pair {label}: {fast} is in {units.get(cols[fast])} and {slow} in "
            f"{units.get(cols[slow])}; convert first (to_ppb() or to_ugm3())"
        )
    x = frame[cols[fast]].to_numpy(dtype=float)
    e = frame[cols[slow]].to_numpy(dtype=float)
    mdl_x, mdl_e = _mdl_of(mdl, fast, cols[fast]), _mdl_of(mdl, slow, cols[slow])

    if emission_ratio is None:
        hours = _hours(frame.index)
        if hours is None:
            raise ValueError(
                "emission_ratio: give it, or index the samples by local time so "
                "it can be estimated from the night hours"
            )
        night = {int(h) for h in night_hours}
        use = [int(h) in night for h in hours]
        ratio0 = float(_core.voc.emission_ratio(x, e, use, float(percentile), mdl_x, mdl_e))
        method = (
            f"{percentile:g}th percentile of {label} over local hours "
            f"{min(night):02d}-{max(night):02d}"
        )
        night_mask = np.asarray(use) & (x > mdl_x) & (e > mdl_e)
    else:
        ratio0 = float(emission_ratio)
        method = "given"
        night_mask = None
    sd = _exposure_sd(frame, unc, cols, (fast, slow), x, e, night_mask, k_fast - k_slow)
    r = _core.voc.pair_oh_exposure(
        x, e, ratio0, np.array([k_fast]), np.array([k_slow]), mdl_x, mdl_e
    )
    status = np.array([_STATUS[int(v)] for v in r["status"]], dtype=object)
    index = frame.index
    clipped = status == "clipped"
    if clipped.any():
        warnings.warn(
            f"pair {label}: {int(clipped.sum())} sample(s) above the emission ratio "
            f"{ratio0:.3g} (negative age, set to 0): {_name_hours(index, clipped)}",
            AgeWarning,
            stacklevel=2,
        )
    below = status == "below_mdl"
    if below.any():
        warnings.warn(
            f"pair {label}: {int(below.sum())} sample(s) with {fast} or {slow} at or "
            f"below the MDL (no age): {_name_hours(index, below)}",
            AgeWarning,
            stacklevel=2,
        )
    basis = "298 K" if temperature is None else "298 K (registry has no kOH(T))"
    age = PhotochemicalAge(
        oh_exposure=pd.Series(np.asarray(r["oh_exposure"]), index=index, name="oh_exposure"),
        status=pd.Series(status, index=index, name="status"),
        pair=(fast, slow),
        emission_ratio=ratio0,
        emission_ratio_method=method,
        k_fast=k_fast,
        k_slow=k_slow,
        koh_basis=basis,
        oh_exposure_sd=sd,
        pairs=((fast, slow),),
    )
    return smooth_oh_exposure(age, window_hours)


def _check_window(window_hours: float, index: pd.Index) -> float:
    try:
        window = float(window_hours)
    except (TypeError, ValueError):
        window = np.nan
    if not (np.isfinite(window) and window >= 0):
        raise ValueError(f"window_hours: must be finite and >= 0, got {window_hours!r}")
    if window > 0 and not isinstance(index, pd.DatetimeIndex):
        raise ValueError(
            "window_hours: smoothing needs samples indexed by time "
            "(a DatetimeIndex); give window_hours=0 for hourly values"
        )
    if window > 0 and not (index.is_monotonic_increasing and index.is_unique):
        raise ValueError(
            "window_hours: smoothing needs sorted sample times without "
            "duplicates; sort the samples or give window_hours=0"
        )
    return window


def _weights_sd(age: PhotochemicalAge) -> np.ndarray:
    """σ_E for the weights: equal weights without one; the largest σ_E where it is unknown."""
    e = age.oh_exposure.to_numpy(dtype=float)
    if age.oh_exposure_sd is None:
        return np.ones_like(e)
    sd = age.oh_exposure_sd.reindex(age.oh_exposure.index).to_numpy(dtype=float)
    bad = ~(np.isfinite(sd) & (sd > 0))
    if bad.all():
        return np.ones_like(e)
    return np.where(bad, np.nanmax(np.where(bad, np.nan, sd)), sd)


def smooth_oh_exposure(
    age: PhotochemicalAge, window_hours: float = DEFAULT_WINDOW_HOURS
) -> PhotochemicalAge:
    """The centred moving inverse-variance weighted mean of ``age`` over ``window_hours``.

    Hours without an exposure (below MDL, missing) get one from their neighbours when the
    window holds any; their status stays as it was.  See the module docstring.
    """
    index = age.oh_exposure.index
    window = _check_window(window_hours, index)
    if window == 0:
        return age
    weights_sd = _weights_sd(age)
    time_h = (
        ((index - index[0]) / pd.Timedelta(hours=1)).to_numpy(dtype=float)
        if len(index)
        else np.zeros(0)
    )
    r = _core.voc.smooth_exposure(time_h, age.oh_exposure.to_numpy(dtype=float), weights_sd, window)
    exposure = pd.Series(np.asarray(r["oh_exposure"]), index=index, name="oh_exposure")
    sd = None
    if age.oh_exposure_sd is not None:
        sd = pd.Series(np.asarray(r["sd"]), index=index, name="oh_exposure_sd")
    return dataclasses.replace(age, oh_exposure=exposure, oh_exposure_sd=sd, window_hours=window)


def combine_oh_exposures(
    ages: Sequence[PhotochemicalAge], *, window_hours: float = DEFAULT_WINDOW_HOURS
) -> PhotochemicalAge:
    """Inverse-variance weighted mean of several pairs' hourly exposures, then smoothed.

    Each age needs ``oh_exposure_sd`` (estimate it with ``unc=``), the same samples and
    ``window_hours=0`` (combine first, then smooth).  The result keeps the first pair's
    fields, lists every pair in ``pairs`` and has status "ok" where a pair other than the
    first gave an exposure the first could not.
    """
    ages = list(ages)
    if len(ages) < 2:
        raise ValueError(f"ages: need at least two pair estimates, got {len(ages)}")
    index = ages[0].oh_exposure.index
    for i, a in enumerate(ages):
        if not isinstance(a, PhotochemicalAge):
            raise TypeError(f"ages[{i}]: need a PhotochemicalAge, got {type(a).__name__}")
        if a.oh_exposure_sd is None:
            raise ValueError(f"ages[{i}] ({'/'.join(a.pair)}): no oh_exposure_sd (give unc=)")
        if a.window_hours != 0:
            raise ValueError(
                f"ages[{i}] ({'/'.join(a.pair)}): already smoothed; estimate with window_hours=0"
            )
        if not a.oh_exposure.index.equals(index):
            raise ValueError(f"ages[{i}] ({'/'.join(a.pair)}): samples differ from ages[0]")
    e = np.column_stack([a.oh_exposure.to_numpy(dtype=float) for a in ages])
    s = np.column_stack([_weights_sd(a) for a in ages])
    r = _core.voc.combine_exposures(e, s)
    exposure = np.asarray(r["oh_exposure"])
    status = ages[0].status.where(~np.isfinite(exposure) | ages[0].oh_exposure.notna(), "ok")
    combined = dataclasses.replace(
        ages[0],
        oh_exposure=pd.Series(exposure, index=index, name="oh_exposure"),
        oh_exposure_sd=pd.Series(np.asarray(r["sd"]), index=index, name="oh_exposure_sd"),
        status=status,
        pairs=tuple(p for a in ages for p in a.pairs),
    )
    return smooth_oh_exposure(combined, window_hours)


def _exposure_sd(
    frame: pd.DataFrame,
    unc: pd.DataFrame | None,
    cols: dict[str, str],
    pair: tuple[str, str],
    x: np.ndarray,
    e: np.ndarray,
    night: np.ndarray | None,
    dk: float,
) -> pd.Series | None:
    """σ_E per sample (see :func:`estimate_oh_exposure`); None when nothing is known."""
    noise = None
    if unc is not None:
        if not isinstance(unc, pd.DataFrame) or not unc.index.equals(frame.index):
            raise ValueError("unc: need a DataFrame with the same samples as conc")
        with np.errstate(divide="ignore", invalid="ignore"):
            noise = (unc[cols[pair[0]]].to_numpy(dtype=float) / x) ** 2 + (
                unc[cols[pair[1]]].to_numpy(dtype=float) / e
            ) ** 2
    v_mix = 0.0
    if night is not None and night.sum() >= 4:
        q25, q75 = np.percentile(np.log(x[night] / e[night]), [25, 75])
        v_mix = ((q75 - q25) / 1.349) ** 2
        if noise is not None:
            v_mix = max(0.0, v_mix - float(np.nanmean(noise[night])))
    elif noise is None:
        return None
    total = v_mix + (noise if noise is not None else 0.0)
    return pd.Series(
        np.sqrt(np.broadcast_to(total, x.shape)) / dk, index=frame.index, name="oh_exposure_sd"
    )


# --- initial and consumed concentrations ---------------------------------------------------


def _exposure(age: PhotochemicalAge | pd.Series, index: pd.Index) -> np.ndarray:
    series = age.oh_exposure if isinstance(age, PhotochemicalAge) else age
    if not isinstance(series, pd.Series):
        raise TypeError("age must be a PhotochemicalAge or a Series of OH exposures")
    if not series.index.equals(index):
        series = series.reindex(index)
        if series.isna().all():
            raise ValueError("age: its samples do not match the concentrations' samples")
    return series.to_numpy(dtype=float)


def initial_concentrations(
    conc: pd.DataFrame | VocMeasurements,
    age: PhotochemicalAge | pd.Series,
    *,
    koh: Mapping[str, float] | pd.Series | None = None,
    table: VocTable | None = None,
) -> pd.DataFrame:
    """[VOC]₀ = [VOC] · exp(k · [OH]·Δt) for every column (same labels and units).

    Samples without an exposure (NaN) give NaN.  A species with no kOH is left as observed
    (an :class:`AgeWarning` names it).
    """
    table = table or VocTable.load()
    frame, _ = _unpack(conc, None)
    cols = _columns(frame, table)
    k, source = koh_values(list(cols), koh=koh, table=table)
    missing = [s for s in cols if source[s] == "missing"]
    if missing:
        warnings.warn(
            f"no k_OH for {', '.join(missing)}: left as observed (give koh=)",
            AgeWarning,
            stacklevel=2,
        )
    k_row = np.nan_to_num(k.to_numpy(), nan=0.0)[None, :]
    x0 = _core.voc.initial_concentrations(
        frame.to_numpy(dtype=float), k_row, _exposure(age, frame.index)
    )
    out = pd.DataFrame(np.asarray(x0), index=frame.index, columns=frame.columns)
    out.attrs = dict(frame.attrs)
    return out


def consumed_concentrations(
    conc: pd.DataFrame | VocMeasurements, age: PhotochemicalAge | pd.Series, **options: Any
) -> pd.DataFrame:
    """[VOC]₀ − [VOC]: what OH removed between source and receptor."""
    frame, _ = _unpack(conc, None)
    return initial_concentrations(frame, age, **options) - frame
