"""OH exposure fitted jointly with the sources: every species' loss, not one pair's ratio.

The pair method (:func:`~aqm.voc.estimate_oh_exposure`) reads the exposure from one ratio
X/E against one emission ratio.  Two things limit it: the noise of two species (σ_E ≈ 1.2e10
molecule cm⁻³ s per hour for m/p-xylene/ethylbenzene at 10 % noise) and the source mix — a
daytime source with another X/E than the night's (solvent coatings) reads as more or less
ageing.  Here the exposure of each sample is a parameter of the receptor model itself::

    x_ij = Σ_k g_ik f_kj · exp(−k_j E_i)

and is fitted from all species at once, so the mix is the factors' business and the noise is
that of ~60 species, not 2.  Alternating steps, starting from the pair estimate:

1. PMF on x·exp(kE) with uncertainties s·exp(kE) — the same weighted objective as the model
   above at fixed E; the first from ``n_runs`` seeded starts, each later one continued from the
   previous G and F (the data change little between iterations, so a warm start converges in
   a few sweeps: 30 warm iterations take about 3 s on the bundled year, as 3 cold ones);
2. per sample, the E that minimises Σ_j ((x_ij − a_ij·exp(−k_j E)) / s_ij)² with
   a = G·F the modelled at-source concentrations (Newton steps on the 1-D problem), moved by
   ``relaxation`` × the step (over-relaxation; the alternation converges slowly, and its
   optimum is not at the truth: a sample's E trades against its contributions G, see
   docs/architecture.md).  The error against the
   simulator's truth falls for 30-50 iterations in January (small exposures, slow) but starts
   to rise after 5-10 in July (a slow drift along that near-degenerate direction): the default
   30 trades the two (validation/voc_validation.py; seeds 1-4 in January: -32 to -40 % after
   10 cold iterations, -18 to -20 % after 30, -12 to -15 % with ``mdl`` and
   ``error_fraction``, whose weights come from the model instead of the measured values);
3. the level: E + c with f_kj·exp(k_j c) fits equally well, so the level is fixed as the pair
   method fixes it — the median over the night hours is ``night_exposure`` (default 0: fresh
   night air) in each calendar month.  Air that is aged at night too makes both methods read low
   by that night exposure unless it is given.

The result keeps signed values (an unbiased estimate; a negative value is within its σ of 0);
``oh_exposure_sd`` is the per-sample standard error with the sample's contributions free
(:func:`exposure_standard_error`; step 2's curvature holds them fixed and was 2-6 times too
small in daytime), which :func:`~aqm.voc.pmf_dataset` propagates into the initial
concentrations' uncertainties.  validation/voc_validation.py
compares both methods against the simulator's truth.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..chem.voc import VocTable
from ._pmf_input import _equation
from .age import NIGHT_HOURS, PhotochemicalAge, _columns, _unpack, koh_values

if TYPE_CHECKING:
    from .measurements import VocMeasurements

DEFAULT_ITERATIONS = 30
DEFAULT_RELAXATION = 1.5
_NEWTON_STEPS = 30
_NEWTON_TOL = 1e7  # molecule cm-3 s: far below any exposure that matters (1e7 = 1.4 s at 2e6)
_MAX_STEP = 2e10


def joint_oh_exposure(
    conc: pd.DataFrame | VocMeasurements,
    unc: pd.DataFrame,
    start: PhotochemicalAge,
    *,
    n_components: int | None = None,
    koh: Mapping[str, float] | pd.Series | None = None,
    iterations: int = DEFAULT_ITERATIONS,
    relaxation: float = DEFAULT_RELAXATION,
    n_runs: int = 3,
    random_state: int = 0,
    categories: str = "s/n",
    night_hours: Iterable[int] = NIGHT_HOURS,
    night_exposure: float = 0.0,
    n_factors: int | None = None,
    mdl: Mapping[str, float] | pd.Series | None = None,
    error_fraction: float | Mapping[str, float] | pd.Series | None = None,
) -> PhotochemicalAge:
    """The OH exposure fitted jointly with a PMF model of ``n_components`` factors (module
    docstring; ``n_factors``, its old name, still works with a DeprecationWarning).

    ``conc``/``unc``: samples × species (one unit, as for :func:`~aqm.voc.pmf_dataset`);
    ``start``: the pair estimate to begin from (:func:`~aqm.voc.estimate_oh_exposure`);
    species without a kOH take part with k = 0 (they inform the factors, not the exposure).
    ``night_exposure`` (molecule cm⁻³ s, >= 0) is the assumed exposure of the night air: the
    level the night median is given in each month.
    Every PMF uses ``n_runs`` seeded runs with ``random_state``: one seed, one answer; and
    ``categories`` ``"s/n"`` (PMF 5.0's S/N rule, as ``aqm voc run``) or ``"strong"``.
    ``mdl`` and ``error_fraction`` (both or neither; the measurement's PMF 5.0 uncertainty
    equation) weigh every iteration after the first by the equation at the modelled receptor
    concentrations G·F·exp(−kE) instead of ``unc`` (at the measured values, where a value read
    low weighs more and pulls the exposure and the factors low; :class:`aqm.pmf.PMF`
    ``uncertainty="fitted"`` does the same for PMF); species the PMF leaves out keep ``unc``.
    """
    from ..pmf._n_components import check_n_components, renamed_keyword

    n_components, name = renamed_keyword(
        "n_components", n_components, "n_factors", n_factors, "joint_oh_exposure"
    )
    if n_components is None:
        raise TypeError("joint_oh_exposure: n_components (the number of PMF factors) is required")
    _check(iterations, relaxation, n_runs, night_exposure)
    _check_night_hours(night_hours)
    if categories not in ("s/n", "strong"):
        raise ValueError(f"categories: must be 's/n' or 'strong', got {categories!r}")
    frame, _ = _unpack(conc, None)
    p = check_n_components(n_components, frame.shape, name)
    if (
        not isinstance(unc, pd.DataFrame)
        or not unc.columns.equals(frame.columns)
        or not unc.index.equals(frame.index)
    ):
        raise ValueError("unc: need a DataFrame with the same samples and species as conc")
    table = VocTable.load()
    k, _ = koh_values(list(_columns(frame, table)), koh=koh, table=table)
    k = np.nan_to_num(k.to_numpy(dtype=float), nan=0.0)
    x, s = frame.to_numpy(dtype=float), unc.to_numpy(dtype=float)
    equation = _equation(mdl, error_fraction, list(frame.columns))
    groups = _anchor_groups(frame.index, night_hours)
    exposure = start.oh_exposure.reindex(frame.index).to_numpy(dtype=float)
    if not np.isfinite(exposure).any():
        raise ValueError("start: its exposure has no value for these samples (another index?)")
    exposure = np.where(np.isfinite(exposure), exposure, np.nanmedian(exposure))
    sources = _Sources(frame, p, n_runs, random_state, categories)
    for _ in range(iterations):
        boost = np.exp(np.outer(exposure, k))
        used, at_source = sources.refit(x * boost, s * boost)
        fitted, sd = exposure_given_sources(x[:, used], s[:, used], at_source, k[used], exposure)
        exposure = _anchored(
            exposure + relaxation * (fitted - exposure), groups, float(night_exposure)
        )
        if equation is not None:
            s = _modelled_uncertainty(equation, frame, s, used, at_source, k, exposure)
    G, F = sources.factors()
    free = exposure_standard_error(x[:, used], s[:, used], G, F, k[used], exposure)
    sd = np.where(np.isfinite(free), free, sd)  # a singular hour keeps the E step's error
    method = f"joint fit with PMF, p = {p}, {iterations} iterations"
    return _result(start, frame.index, exposure, sd, method)


def _result(
    start: PhotochemicalAge, index: pd.Index, exposure: np.ndarray, sd: np.ndarray, method: str
) -> PhotochemicalAge:
    """The start's PhotochemicalAge with the fitted hourly exposure and its sd."""
    status = pd.Series(
        np.where(np.isfinite(sd), "ok", "missing"), index=index, dtype=object, name="status"
    )
    return dataclasses.replace(
        start,
        oh_exposure=pd.Series(exposure, index=index, name="oh_exposure"),
        status=status,
        oh_exposure_sd=pd.Series(sd, index=index, name="oh_exposure_sd"),
        window_hours=0.0,
        emission_ratio_method=f"{method}; start: {start.emission_ratio_method}",
    )


def _modelled_uncertainty(
    equation: Any,
    frame: pd.DataFrame,
    s: np.ndarray,
    used: np.ndarray,
    at_source: np.ndarray,
    k: np.ndarray,
    exposure: np.ndarray,
) -> np.ndarray:
    """``equation`` at the receptor model a·exp(−kE) for the fitted species; missing cells stay
    missing, the others keep ``s``."""
    model = np.array(frame.to_numpy(dtype=float))  # a writable copy
    model[:, used] = at_source * np.exp(-np.outer(exposure, k[used]))
    values = equation(pd.DataFrame(model, index=frame.index, columns=frame.columns))
    out = s.copy()
    out[:, used] = values.to_numpy(dtype=float)[:, used]
    return np.where(np.isnan(frame.to_numpy(dtype=float)), np.nan, out)


class _Sources:
    """The PMF half of the alternation: seeded base runs first, then each refit continued from
    the last G and F (``PMF.fit(..., G=, F=)``) with the first fit's species categories (so the
    same species stay in)."""

    def __init__(
        self, frame: pd.DataFrame, n_factors: int, n_runs: int, random_state: int, categories: str
    ):
        self._frame, self._p, self._n_runs = frame, n_factors, n_runs
        self._random_state, self._category_rule = random_state, categories
        self._model: Any = None
        self._species_categories: dict[str, str] = {}

    def refit(self, x: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(columns of the species fitted, G·F over them) for data x with uncertainties s."""
        from ..pmf import PMF, Dataset, PMFWarning

        def frame(values: np.ndarray) -> pd.DataFrame:
            return pd.DataFrame(values, index=self._frame.index, columns=self._frame.columns)

        if self._model is None:
            data = Dataset(frame(x), frame(s))
            if self._category_rule == "s/n":
                self._species_categories = data.suggest_categories().to_dict()
            else:
                self._species_categories = dict.fromkeys(self._frame.columns, "strong")
            # the E step needs a good G·F, not the lowest minimum: no refinement of the runs
            self._model = PMF(
                self._p,
                n_runs=self._n_runs,
                random_state=self._random_state,
                progress=False,
                refine=False,
            ).fit(data)
        else:
            data = Dataset(frame(x), frame(s), categories=self._species_categories)
            with warnings.catch_warnings():  # the first fit reported the data's warnings
                warnings.simplefilter("ignore", PMFWarning)
                self._model.fit(data, G=self._model.contributions_, F=self._model.components_)
        used = self._frame.columns.get_indexer(list(self._model.feature_names_in_))
        return used, self._model.contributions_ @ self._model.components_

    def factors(self) -> tuple[np.ndarray, np.ndarray]:
        """G and F of the last refit (at-source F over the species fitted)."""
        return np.asarray(self._model.contributions_), np.asarray(self._model.components_)


def exposure_given_sources(
    x: np.ndarray, s: np.ndarray, at_source: np.ndarray, k: np.ndarray, start: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per sample i, the E minimising Σ_j ((x_ij − a_ij·exp(−k_j E)) / s_ij)² (missing cells
    skipped), by Newton steps from ``start``; and its standard error 1/sqrt(Σ_j (k_j m_ij /
    s_ij)²), m the model.  A sample with no usable cell keeps ``start`` with NaN error."""
    w = np.where(np.isfinite(x) & np.isfinite(s) & (s > 0), 1.0 / np.where(s > 0, s, 1.0) ** 2, 0.0)
    x = np.nan_to_num(x)
    e = start.astype(float).copy()
    for _ in range(_NEWTON_STEPS):
        m = at_source * np.exp(-np.outer(e, k))
        r = x - m
        slope = k * m  # -dm/dE
        gradient = 2.0 * np.sum(w * r * slope, axis=1)
        gauss_newton = 2.0 * np.sum(w * slope**2, axis=1)
        curvature = gauss_newton - 2.0 * np.sum(w * r * k * slope, axis=1)
        curvature = np.where(curvature > 0, curvature, gauss_newton)
        with np.errstate(divide="ignore", invalid="ignore"):
            step = np.clip(gradient / curvature, -_MAX_STEP, _MAX_STEP)
        step = np.where(np.isfinite(step), step, 0.0)
        e -= step
        if np.max(np.abs(step), initial=0.0) < _NEWTON_TOL:
            break
    m = at_source * np.exp(-np.outer(e, k))
    information = np.sum(w * (k * m) ** 2, axis=1)
    with np.errstate(divide="ignore"):
        sd = np.where(information > 0, 1.0 / np.sqrt(information), np.nan)
    return np.where(np.isfinite(sd), e, start), sd


def exposure_standard_error(
    x: np.ndarray, s: np.ndarray, G: np.ndarray, F: np.ndarray, k: np.ndarray, exposure: np.ndarray
) -> np.ndarray:
    """Per sample i, the standard error of E_i with its contributions g_i free: the E element
    of the inverse Fisher information of (g_ik for the factors with g_ik > 0, E_i) in the model
    x_ij = Σ_k g_ik f_kj exp(−k_j E_i), times sqrt(χ²/ν) of the sample's fit when above 1 (the
    residual scatter, as scipy's ``curve_fit`` scales it).  The E step's own curvature
    (:func:`exposure_given_sources`) holds g_i fixed; an hour's exposure trades against its
    contributions, so that error is 2-6 times too small in daytime hours on the simulator
    (validation/voc_validation.py).  NaN where the information is singular or nothing is
    measured."""
    x, s, G, F = (np.asarray(a, dtype=float) for a in (x, s, G, F))
    k, exposure = np.asarray(k, dtype=float), np.asarray(exposure, dtype=float)
    n, m = x.shape if x.ndim == 2 else (-1, -1)
    if s.shape != (n, m) or F.ndim != 2 or F.shape[1] != m or G.shape != (n, F.shape[0]):
        raise ValueError(
            f"exposure_standard_error: need x, s (n, m), G (n, p), F (p, m); got x {x.shape}, "
            f"s {s.shape}, G {G.shape}, F {F.shape}"
        )
    if k.shape != (m,) or exposure.shape != (n,):
        raise ValueError(
            f"exposure_standard_error: need k ({m},) and exposure ({n},); got {k.shape}, "
            f"{exposure.shape}"
        )
    ok = np.isfinite(x) & np.isfinite(s) & (s > 0)
    w = np.where(ok, 1.0 / np.where(ok, s, 1.0) ** 2, 0.0)
    x = np.where(ok, x, 0.0)
    survival = np.exp(-np.outer(exposure, k))
    out = np.full(len(exposure), np.nan)
    for i in range(len(exposure)):
        active = G[i] > 0
        model = (G[i] @ F) * survival[i]
        slopes = np.vstack([F[active] * survival[i], -k * model])  # d x_i / d(g_i, E_i)
        info = (slopes * w[i]) @ slopes.T
        scale = np.sqrt(np.diag(info))  # g and E differ by ~1e10 in size: compare shapes
        dof = int(ok[i].sum()) - slopes.shape[0]
        if dof < 1 or not np.all(scale > 0):
            continue
        unit = info / np.outer(scale, scale)
        if np.linalg.cond(unit) > 1e12:
            continue
        variance = np.linalg.inv(unit)[-1, -1] / scale[-1] ** 2
        chi2 = float(np.sum(w[i] * (x[i] - model) ** 2)) / dof
        out[i] = np.sqrt(variance * max(1.0, chi2)) if variance > 0 else np.nan
    return out


def _anchor_groups(
    index: pd.Index, night_hours: Iterable[int]
) -> list[tuple[np.ndarray, np.ndarray]]:
    """(members, night members) per calendar month; one group when not indexed by time."""
    if not isinstance(index, pd.DatetimeIndex):
        raise ValueError(
            "joint_oh_exposure: needs samples indexed by local time (a "
            "DatetimeIndex) to fix the level at the night hours"
        )
    night = np.isin(index.hour, list(night_hours))
    if not night.any():
        raise ValueError("joint_oh_exposure: no sample in the night hours fixes the level")
    month = index.year * 12 + index.month
    groups = []
    for m in np.unique(month):
        members = np.asarray(month == m)
        # a month without night hours takes the median night of the whole record
        groups.append((members, members & night if (members & night).any() else night))
    return groups


def _anchored(exposure: np.ndarray, groups, level: float = 0.0) -> np.ndarray:
    out = exposure.copy()
    for members, night in groups:
        out[members] += level - np.median(exposure[night])
    return out


def _check(iterations: int, relaxation: float, n_runs: int, night_exposure: float) -> None:
    if isinstance(iterations, bool) or not isinstance(iterations, int) or iterations < 1:
        raise ValueError(f"iterations: must be an integer >= 1, got {iterations!r}")
    if not (isinstance(relaxation, (int, float)) and 0 < relaxation < 2):
        raise ValueError(f"relaxation: must be within (0, 2), got {relaxation!r}")
    if isinstance(n_runs, bool) or not isinstance(n_runs, int) or n_runs < 1:
        raise ValueError(f"n_runs: must be an integer >= 1, got {n_runs!r}")
    if (
        isinstance(night_exposure, bool)
        or not isinstance(night_exposure, (int, float))
        or not 0.0 <= night_exposure <= 1e12
    ):
        raise ValueError(
            "night_exposure: must be a number of molecule cm-3 s within [0, 1e12], "
            f"got {night_exposure!r}"
        )


def _check_night_hours(night_hours: Iterable[int]) -> None:
    hours = list(night_hours)
    if not hours or any(
        isinstance(h, bool) or not isinstance(h, (int, np.integer)) or not 0 <= h <= 23
        for h in hours
    ):
        raise ValueError(f"night_hours: must be local hours 0-23, got {hours!r}")


__all__ = [
    "DEFAULT_ITERATIONS",
    "DEFAULT_RELAXATION",
    "exposure_given_sources",
    "exposure_standard_error",
    "joint_oh_exposure",
]
