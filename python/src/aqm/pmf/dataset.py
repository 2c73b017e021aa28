"""``aqm.pmf.Dataset``: PMF 5.0's data preparation (uncertainties, S/N, categories)."""

from __future__ import annotations

import copy
import logging
import os
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from .. import _core, io
from .._typing import PerSpecies, Table
from ..io import _tuple_from_table

__all__ = ["Dataset"]

_CATEGORIES = ("strong", "weak", "bad")
_MISSING = ("replace", "exclude")


class Dataset:
    """Concentrations plus uncertainties (or MDL and error fraction) prepared as PMF 5.0 does.

    Parameters
    ----------
    concentrations : DataFrame or array (samples × species); NaN = missing.
    uncertainties : same shape and labels, or None when ``mdl`` and ``error_fraction`` are given.
    mdl, error_fraction : per-species mapping/Series/sequence for the PMF 5.0 uncertainty
        equation: s = 5/6·MDL at or below the MDL, else sqrt((EF·x)² + (0.5·MDL)²).
    missing : ``"replace"`` (species median, uncertainty 4 × median) or ``"exclude"`` (drop the
        sample).
    total_variable : species holding total mass (PM2.5, TNMOC); it is made weak and used for
        mass apportionment.
    extra_uncertainty : extra modelling uncertainty, 0–0.25.
    categories : species → "strong" | "weak" (uncertainty × 3) | "bad" (excluded).
    exclude_samples, exclude_species : labels to leave out.
    units : concentration units (UDUNITS, e.g. ``"ug m-3"``) when the input does not carry
        them in ``attrs["units"]``; results are labelled with them.

    Attributes
    ----------
    error_model : callable or None
        Uncertainties as a function of concentrations (a samples × species DataFrame in, one of
        the same shape out), for ``PMF(uncertainty="fitted")``.  Given ``mdl`` and
        ``error_fraction`` it is the PMF 5.0 equation; with a table of uncertainties it is
        None unless the caller sets it (e.g. :func:`aqm.voc.pmf_dataset`).
    """

    def __init__(
        self,
        concentrations: Table,
        uncertainties: Table | None = None,
        *,
        mdl: PerSpecies | None = None,
        error_fraction: PerSpecies | None = None,
        missing: str = "replace",
        total_variable: str | None = None,
        extra_uncertainty: float = 0.0,
        categories: Mapping[str, str] | None = None,
        exclude_samples: Iterable[str] = (),
        exclude_species: Iterable[str] = (),
        units: str | None = None,
    ):
        if missing not in _MISSING:
            raise ValueError(f"missing must be one of {_MISSING}, got {missing!r}")
        if not 0.0 <= float(extra_uncertainty) <= 0.25:
            raise ValueError(
                f"extra_uncertainty must be within [0, 0.25], got {extra_uncertainty!r}"
            )
        self._conc = _tuple_from_table(concentrations, units)
        self._unc = None if uncertainties is None else _tuple_from_table(uncertainties)
        species = self._conc[2]
        if self._unc is None:
            if mdl is None or error_fraction is None:
                raise ValueError("give uncertainties, or both mdl and error_fraction")
            self._mdl = self._per_species(mdl, species, "mdl")
            self._ef = self._per_species(error_fraction, species, "error_fraction")
        else:
            if mdl is not None or error_fraction is not None:
                raise ValueError("give uncertainties or mdl/error_fraction, not both")
            self._mdl = self._ef = None
        self.error_model: Callable[[pd.DataFrame], pd.DataFrame] | None = None
        if self._unc is None:
            self.error_model = EquationModel(
                pd.Series(self._mdl, index=species), pd.Series(self._ef, index=species)
            )
        self.missing = missing
        self.total_variable = total_variable
        self.extra_uncertainty = float(extra_uncertainty)
        self._categories: dict[str, str] = {}
        for s, c in (categories or {}).items():
            self.set_category(s, c)
        self.exclude_samples = list(exclude_samples)
        self.exclude_species = list(exclude_species)
        self._sources = ("concentrations", "uncertainties")

    @classmethod
    def from_files(
        cls,
        concentrations: str | os.PathLike[str],
        uncertainties: str | os.PathLike[str] | None = None,
        **options: Any,
    ) -> Dataset:
        """Read PMF 5.0-layout files (first column sample IDs/dates, then species)."""
        read_opts = {k: options.pop(k) for k in ("missing_values", "na_values") if k in options}
        conc = io.read_delimited(concentrations, **read_opts)
        unc = None if uncertainties is None else io.read_delimited(uncertainties, **read_opts)
        data = cls(conc, unc, **options)
        # Errors about a value then name the file it came from.
        data._sources = (
            os.fspath(concentrations),
            "uncertainties" if uncertainties is None else os.fspath(uncertainties),
        )
        return data

    @staticmethod
    def _per_species(values: Any, species: list[str], name: str) -> list[float]:
        if isinstance(values, (int, float)):
            return [float(values)] * len(species)
        if isinstance(values, Mapping) or isinstance(values, pd.Series):
            missing = [s for s in species if s not in values]
            if missing:
                raise KeyError(f"{name}: no value for species {missing[0]!r}")
            return [float(values[s]) for s in species]
        arr = np.asarray(values, dtype=float).ravel()
        if arr.size != len(species):
            raise ValueError(f"{name}: {arr.size} values for {len(species)} species")
        return arr.tolist()

    @property
    def species(self) -> list[str]:
        return list(self._conc[2])

    def set_category(self, species: str, category: str) -> Dataset:
        if category not in _CATEGORIES:
            raise ValueError(f"{species}: category must be one of {_CATEGORIES}, got {category!r}")
        if species not in self._conc[2]:
            raise KeyError(f"{species}: no such species")
        self._categories[species] = category
        return self

    def suggest_categories(self, *, bad_below: float = 0.5, weak_below: float = 1.0) -> pd.Series:
        """Categories from S/N (bad below ``bad_below``, weak below ``weak_below``); applies
        them (the total variable stays weak) and returns them."""
        core_log = logging.getLogger("aqm._core")
        was_disabled, core_log.disabled = core_log.disabled, True
        try:  # the S/N of the data as given: its category warnings are about to be replaced
            sn = self.summary()["S/N"]
        finally:
            core_log.disabled = was_disabled
        for s, v in sn.items():
            if s == self.total_variable:
                continue
            self._categories[s] = "bad" if v < bad_below else "weak" if v < weak_below else "strong"
        return self.summary()["category"]

    def _options(self) -> Any:
        o = _core.pmf.PrepareOptions()
        o.missing = self.missing
        o.total_variable = self.total_variable or ""
        o.extra_uncertainty = self.extra_uncertainty
        o.categories = dict(self._categories)
        o.exclude_samples = list(self.exclude_samples)
        o.exclude_species = list(self.exclude_species)
        o.concentration_source, o.uncertainty_source = self._sources
        return o

    def prepared(self) -> _core.pmf.Prepared:
        """The matrices the fit sees (after exclusions, missing handling and categories):
        ``X``, ``U``, ``samples``, ``species``, ``category``, ``total_index``, ``summary``."""
        return _core.pmf.prepare(self._conc, self._unc, self._mdl, self._ef, self._options())

    @property
    def units(self) -> str:
        """The concentration units shared by every species, or "" when they differ."""
        units = self._conc[3]
        return units[0] if units and all(u == units[0] for u in units) else ""

    @property
    def sample_dim(self) -> str:
        return self._conc[4] or "sample"

    def concentrations(self) -> pd.DataFrame:
        """The concentrations as given (samples × species, NaN = missing)."""
        values, samples, species = self._conc[:3]
        return pd.DataFrame(values, index=samples, columns=species)

    def with_uncertainties(self, uncertainties: Table) -> Dataset:
        """A copy with these uncertainties (same labels as the concentrations) and the same
        options, categories, exclusions and ``error_model``."""
        unc = _tuple_from_table(uncertainties)
        if unc[1] != self._conc[1] or unc[2] != self._conc[2]:
            raise ValueError("uncertainties: need the samples and species of the concentrations")
        out = copy.copy(self)
        out._unc, out._mdl, out._ef = unc, None, None
        out._categories = dict(self._categories)
        out.exclude_samples, out.exclude_species = (
            list(self.exclude_samples),
            list(self.exclude_species),
        )
        return out

    def summary(self) -> pd.DataFrame:
        """Per species: category, S/N, min, max, mean, median, % missing, % below MDL."""
        rows = self.prepared().summary
        columns = {
            "category": "category",
            "S/N": "signal_to_noise",
            "min": "min",
            "25th": "p25",
            "median": "median",
            "75th": "p75",
            "max": "max",
            "mean": "mean",
            "% missing": "percent_missing",
            "% below MDL": "percent_below_mdl",
            "warning": "warning",
        }
        table = {label: [getattr(r, field) for r in rows] for label, field in columns.items()}
        index = pd.Index([r.species for r in rows], name="species")
        return pd.DataFrame(table, index=index)


class EquationModel:
    """The PMF 5.0 uncertainty equation (:func:`aqm.pmf.pmf_uncertainty`) with fixed MDL and
    error fraction (scalars, or per species as a mapping or Series): a picklable
    ``Dataset.error_model``."""

    def __init__(self, mdl: Any, error_fraction: Any):
        self.mdl, self.error_fraction = mdl, error_fraction

    def __call__(self, conc: pd.DataFrame) -> pd.DataFrame:
        from ._simulate import pmf_uncertainty

        return pmf_uncertainty(conc, self.mdl, self.error_fraction)
