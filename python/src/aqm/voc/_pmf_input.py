"""PMF input from VOC measurements and their photochemical age: :func:`pmf_dataset` (observed,
initial or long-lived species; re-exported by :mod:`aqm.voc.age`, whose docstring describes the
correction and the species left observed)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..chem.voc import VocTable

if TYPE_CHECKING:
    from .age import PhotochemicalAge
    from .measurements import VocMeasurements

DEFAULT_MAX_CORRECTION_UNCERTAINTY = 0.3
"""Largest relative uncertainty k·σ_E of a species' correction in :func:`pmf_dataset`."""
_BASES = ("observed", "initial", "long_lived")


def pmf_dataset(
    conc: pd.DataFrame | VocMeasurements,
    unc: pd.DataFrame,
    age: PhotochemicalAge | pd.Series | None = None,
    *,
    basis: str = "initial",
    koh: Mapping[str, float] | pd.Series | None = None,
    exposure_uncertainty: bool = True,
    max_correction_uncertainty: float | None = DEFAULT_MAX_CORRECTION_UNCERTAINTY,
    long_lived_survival: float = 0.8,
    table: VocTable | None = None,
    mdl: Mapping[str, float] | pd.Series | None = None,
    error_fraction: float | Mapping[str, float] | pd.Series | None = None,
    **dataset_options: Any,
):
    """An :class:`aqm.pmf.Dataset` for PMF on observed, initial or long-lived species.

    - ``"observed"``: the data as measured.
    - ``"initial"``: x₀ = x·exp(kE) and s₀ = exp(kE)·sqrt(s² + (k·x·σ_E)²): the measurement's
      uncertainty carried through the same factor (every cell keeps its relative measurement
      uncertainty, below-MDL cells their 5/6·MDL weight), plus first-order propagation of the
      exposure's uncertainty σ_E (``age.oh_exposure_sd``; ``exposure_uncertainty=False`` or an
      age without σ_E leaves it out).  The exposure term weighs down reactive species in hours
      whose age is uncertain (relative uncertainty k·σ_E: ~1.4 for isoprene at σ_E = 1.4e10).
      Hours without an exposure become missing (PMF's median replacement).
      A species whose correction is too uncertain — k·σ̃_E > ``max_correction_uncertainty``
      (default 0.3), σ̃_E the median σ_E over the samples — stays observed with its
      measured uncertainty (correcting isoprene, k = 1e-10, with σ_E ~6e9 would scatter it by
      a factor exp(±0.6) per hour; weighing it down instead, as the σ_E term or the "weak"
      category do, loses the single-species biogenic factor).  The dataset lists these
      species in ``observed_species``; None corrects every species.
    - ``"long_lived"``: observed values of the species whose survival exp(−k·E₉₀) at the 90th
      percentile of the exposure is at least ``long_lived_survival`` (default 0.8).

    ``mdl`` and ``error_fraction`` (per species, the measurement's PMF 5.0 uncertainty
    equation; both or neither) give the dataset an ``error_model``: the same uncertainties
    (equation, correction factor and σ_E term) computed from other concentrations, which
    ``PMF(uncertainty="fitted")`` evaluates at the fitted values.

    ``dataset_options`` go to :class:`aqm.pmf.Dataset` (``missing``, ``categories``, ...).
    """
    from ..pmf import Dataset
    from .age import _exposure, _unpack

    if basis not in _BASES:
        raise ValueError(f"basis: must be one of {', '.join(_BASES)}, got {basis!r}")
    table = table or VocTable.load()
    frame, _ = _unpack(conc, None)
    if (
        not isinstance(unc, pd.DataFrame)
        or unc.shape != frame.shape
        or not unc.columns.equals(frame.columns)
    ):
        raise ValueError("unc: need a DataFrame with the same samples and species as conc")
    equation = _equation(mdl, error_fraction, list(frame.columns))
    if basis == "observed":
        dataset = Dataset(frame, unc, **dataset_options)
        dataset.error_model = equation
        return dataset
    if age is None:
        raise ValueError(f"basis {basis!r} needs the photochemical age (age=)")
    exposure = _exposure(age, frame.index)
    if basis == "initial":
        sd = _age_sd(age) if exposure_uncertainty else None
        options = (max_correction_uncertainty, equation, dataset_options)
        return _initial(frame, unc, age, exposure, sd, koh, table, *options)
    dataset = _long_lived(frame, unc, exposure, koh, table, long_lived_survival, dataset_options)
    dataset.error_model = equation
    return dataset


def _initial(
    frame: pd.DataFrame,
    unc: pd.DataFrame,
    age: Any,
    exposure: np.ndarray,
    sd: pd.Series | None,
    koh: Any,
    table: VocTable,
    max_correction_uncertainty: float | None,
    equation: Any,
    dataset_options: dict,
):
    """pmf_dataset's "initial" basis (its docstring); ``sd`` the σ_E carried into s₀ or None."""
    from ..pmf import Dataset
    from .age import _columns, initial_concentrations, koh_values

    x0 = initial_concentrations(frame, age, koh=koh, table=table)
    factor = (x0 / frame).where(frame > 0, np.nan).to_numpy()
    s = unc.to_numpy(dtype=float)
    k, _ = koh_values(list(_columns(frame, table)), koh=koh, table=table)
    k = np.nan_to_num(k.to_numpy(), nan=0.0)
    if sd is not None:
        k_sigma = np.outer(sd.reindex(frame.index).to_numpy(dtype=float), k)
        s = np.sqrt(s**2 + (frame.to_numpy(dtype=float) * k_sigma) ** 2)
    s = pd.DataFrame(s * factor, index=frame.index, columns=frame.columns)
    observed = _too_uncertain(k, _age_sd(age), max_correction_uncertainty, frame.columns)
    x0[observed] = frame[observed]
    s[observed] = unc[observed]
    dataset = Dataset(x0, s, **dataset_options)
    dataset.observed_species = observed
    if equation is not None:
        k_kept = k * ~frame.columns.isin(observed)  # observed species: factor 1, no σ_E term
        # hours without an exposure are missing in x0: any finite factor will do there
        growth = np.exp(np.outer(np.nan_to_num(exposure), k_kept))
        dataset.error_model = _Corrected(equation, growth, k_kept, sd, frame.index)
    return dataset


def _age_sd(age: Any) -> pd.Series | None:
    """σ_E of a PhotochemicalAge (None for a bare Series of exposures)."""
    from .age import PhotochemicalAge

    return age.oh_exposure_sd if isinstance(age, PhotochemicalAge) else None


def _equation(mdl: Any, error_fraction: Any, species: list[Any]) -> Any:
    """The PMF 5.0 equation with these MDL and error fractions (checked), or None."""
    if mdl is None and error_fraction is None:
        return None
    if mdl is None or error_fraction is None:
        raise ValueError("mdl and error_fraction: give both (the uncertainty equation) or neither")
    from ..pmf.dataset import EquationModel

    model = EquationModel(mdl, error_fraction)
    model(pd.DataFrame(np.ones((1, len(species))), columns=species))  # names a bad species
    return model


class _Corrected:
    """x₀ = factor·x and s₀ = factor·sqrt(s(x)² + (k·x·σ_E)²), as pmf_dataset builds them,
    with s the measurement's ``equation``; picklable, for batch executors."""

    def __init__(self, equation: Any, factor: np.ndarray, k: np.ndarray, sd: Any, index: Any):
        self.equation, self.factor, self.k = equation, factor, k
        self.sd = None if sd is None else sd.reindex(index).to_numpy(dtype=float)

    def __call__(self, initial: pd.DataFrame) -> pd.DataFrame:
        x = initial.to_numpy(dtype=float) / self.factor
        s = self.equation(pd.DataFrame(x, index=initial.index, columns=initial.columns))
        s = s.to_numpy(dtype=float)
        if self.sd is not None:
            s = np.sqrt(s**2 + (x * np.outer(np.nan_to_num(self.sd), self.k)) ** 2)
        return pd.DataFrame(s * self.factor, index=initial.index, columns=initial.columns)


def _too_uncertain(
    k: np.ndarray, sd: pd.Series | None, limit: float | None, columns: pd.Index
) -> list[Any]:
    """Columns whose correction's relative uncertainty k·median(σ_E) exceeds ``limit``."""
    if limit is None:
        return []
    if isinstance(limit, bool) or not (
        isinstance(limit, (int, float)) and limit > 0 and np.isfinite(limit)
    ):
        raise ValueError(f"max_correction_uncertainty: must be > 0 or None, got {limit!r}")
    if sd is None or not np.isfinite(sd.to_numpy(dtype=float)).any():
        return []
    typical = float(np.nanmedian(sd.to_numpy(dtype=float)))
    return [c for c, kj in zip(columns, k) if kj * typical > limit]


def _long_lived(
    frame: pd.DataFrame,
    unc: pd.DataFrame,
    exposure: np.ndarray,
    koh: Any,
    table: VocTable,
    long_lived_survival: float,
    dataset_options: dict,
):
    from ..pmf import Dataset
    from .age import _columns, koh_values

    if not 0 < long_lived_survival < 1:
        raise ValueError(f"long_lived_survival: must be within (0, 1), got {long_lived_survival}")
    cols = _columns(frame, table)
    k, _ = koh_values(list(cols), koh=koh, table=table)
    e90 = float(np.nanpercentile(exposure, 90))
    keep = [
        cols[s] for s in cols if np.isfinite(k[s]) and np.exp(-k[s] * e90) >= long_lived_survival
    ]
    if len(keep) < 3:
        raise ValueError(
            f"long_lived: only {len(keep)} species survive at least "
            f"{long_lived_survival:g} at E90 = {e90:.3g}; lower long_lived_survival"
        )
    return Dataset(frame[keep], unc[keep], **dataset_options)
