"""``aqm.pmf.PMF``: EPA PMF 5.0's base-run method as a scikit-learn-style estimator."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import xarray as xr
from sklearn.base import BaseEstimator
from sklearn.utils import Tags, TransformerTags

from .. import __version__, _core
from .._atomic import atomic_path
from .._progress import progress_callback
from .._typing import PathLike, RandomState, Table, TomlTable
from ._bootstrap_dataset import bootstrap_dataset
from ._defaults import BASE, BOOTSTRAP, BS_DISP, DISPLACEMENT, FPEAK, SOLVE
from ._displacement_dataset import displacement_dataset
from ._fitted_uncertainty import (
    UNCERTAINTIES,
    refit_on_fitted_uncertainties,
    require_error_model,
)
from ._n_components import check_n_components
from ._schema import UNKNOWN_UNITS, result_dataset
from ._start import _check_start, _seed_from
from .dataset import Dataset

__all__ = ["PMF", "PMFWarning"]

_log = logging.getLogger(__name__)

_METHODS = ("als", "ls-nmf")


def _as_dataset(X: Table | Dataset, U: Table | None, options: dict[str, Any]) -> Dataset:
    if isinstance(X, Dataset):
        if U is not None or options:
            raise ValueError("pass either a Dataset or X and U (with options), not both")
        return X
    if U is None and "mdl" not in options:
        raise ValueError("U (uncertainties) is required unless mdl and error_fraction are given")
    return Dataset(X, U, **options)


class PMFWarning(UserWarning):
    """A condition a PMF 5.0 user should hear about: a strong species with S/N below 0.5 or
    uncertainties far below the others', negative or duplicated values, runs whose factors died
    and were re-seeded, or an error estimate (DISP) that found a lower Q than the base run."""


class PMF(BaseEstimator):
    """Positive matrix factorisation X ≈ G F (G, F ≥ 0) minimising Q = ΣΣ (e/s)².

    Parameters
    ----------
    n_components : int
        Number of factors p.
    n_runs : int
        Base runs from independent seeded starts (PMF 5.0 default 20); the best by Q(robust)
        is kept.
    robust : bool
        Robust mode inside the fit: scaled residuals beyond ``robust_alpha`` are down-weighted
        (PMF 5.0 default on, α = 4).
    robust_alpha : float
        Outlier threshold α.
    method : {"als", "ls-nmf"}
        ``"als"``: alternating exact weighted non-negative least squares (fast, default);
        ``"ls-nmf"``: multiplicative updates as in ESAT (reference method).
    max_iter, tol :
        Iteration cap and relative change of the objective over 5 sweeps (LS-NMF: 100
        iterations) that ends a run; None = the method's default (als 2000 and 1e-5, ls-nmf
        20000 and 1e-6).
    random_state : None, int or numpy Generator
        Seed; run k uses stream k of it, so results do not depend on ``n_threads``.
    n_threads : int or None
        Threads for the runs; None = all cores (or the OpenMP/threadpoolctl limit).
    progress : bool or None
        Progress bar (tqdm); None = when interactive.
    refine : bool
        Refine the best run (default): profiles found by other runs replace the most similar
        factors of the two lowest distinct runs (singly and in pairs), then the factors of the
        lowest result are redrawn at random (two rounds); a candidate is kept only when
        Q(robust) drops.  Over 32 seeded batches of 20 runs it lands within 0.05 % of the lowest
        known minimum in 32/32 on both EPA examples (Baton Rouge, Baltimore) instead of 4/16
        and 6/16, at ~2–4× the time of the runs (benchmarks/README.md).  False: the runs as
        PMF 5.0 makes them.
    uncertainty : {"measured", "fitted"}
        ``"measured"`` (PMF 5.0): the uncertainties as given.  ``"fitted"``: after the base
        runs, the best run is continued twice with the uncertainties of the dataset's
        ``error_model`` at the previous fitted values (as PMF2/ME-2's error models do), which
        removes the downward bias that uncertainties proportional to the measured values give
        (a value read low weighs more); needs ``Dataset.error_model`` (``mdl`` and
        ``error_fraction``, or :func:`aqm.voc.pmf_dataset` with them).  ``dataset_``, Q and
        every later step (BS, DISP, constraints) then use the refitted uncertainties;
        ``runs_`` still lists the base runs.

    Notes
    -----
    Fitted attributes: ``components_`` (profiles F, p × species), ``contributions_``
    (G, samples × p), ``q_true_``, ``q_robust_``, ``q_exp_``, ``n_iter_``, ``runs_`` (DataFrame),
    ``best_run_``, ``feature_names_in_``, ``n_features_in_``, ``dataset_``, ``warnings_``
    (also issued as :class:`PMFWarning`), ``refined_`` (refinement lowered Q), ``adopted_``
    (None, or Q(robust) before and after :meth:`adopt`).

    **Starting from given factors** (as scikit-learn's ``NMF`` with ``init="custom"`` and ``W``,
    ``H`` passed to ``fit``): ``fit(X, U, G=G0, F=F0)`` makes one run continued from the
    contributions ``G0`` (samples × p) and profiles ``F0`` (p × species), e.g. the solution of
    slightly changed data, instead of ``n_runs`` seeded starts; ``n_runs``, ``refine`` and
    ``random_state`` do not shape that run (``runs_`` has one row).  The shapes are those of the
    data the fit sees: bad species and excluded samples are left out, so a previous fit's
    ``contributions_`` and ``components_`` fit data prepared with the same categories.  The
    start must be finite and non-negative.  Robust mode begins with the start's own weights, so
    a converged fit started from its own G and F stops at the first convergence check (6 sweeps)
    with its Q(true) or Q(robust) within ~1e-5 relative (tests/python/test_pmf_start.py).
    """

    def __init__(
        self,
        n_components: int = SOLVE.n_factors,
        *,
        n_runs: int = BASE.n_runs,
        robust: bool = SOLVE.robust,
        robust_alpha: float = SOLVE.alpha,
        method: str = SOLVE.method,
        max_iter: int | None = None,
        tol: float | None = None,
        random_state: RandomState = None,
        n_threads: int | None = None,
        progress: bool | None = None,
        refine: bool = BASE.refine,
        uncertainty: str = "measured",
    ):
        self.n_components = n_components
        self.n_runs = n_runs
        self.robust = robust
        self.robust_alpha = robust_alpha
        self.method = method
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state
        self.n_threads = n_threads
        self.progress = progress
        self.refine = refine
        self.uncertainty = uncertainty

    # --- sklearn plumbing (get_params, set_params, clone and repr come from BaseEstimator) ----
    def __sklearn_tags__(self) -> Tags:
        tags = super().__sklearn_tags__()
        tags.input_tags.positive_only = True  # concentrations; negatives are flagged, not fitted
        tags.input_tags.allow_nan = True  # missing values: replaced or excluded (Dataset)
        tags.target_tags.required = False  # the second argument is U, not a target
        tags.non_deterministic = self.random_state is None
        tags.transformer_tags = TransformerTags()  # transform() gives G of the fitted data
        return tags

    def _validate(self) -> None:
        check_n_components(self.n_components)
        if not isinstance(self.n_runs, (int, np.integer)) or self.n_runs < 1:
            raise ValueError(f"n_runs must be a positive integer, got {self.n_runs!r}")
        if self.method not in _METHODS:
            raise ValueError(f"method must be one of {_METHODS}, got {self.method!r}")
        if not self.robust_alpha > 0:
            raise ValueError(f"robust_alpha must be > 0, got {self.robust_alpha!r}")
        if self.max_iter is not None and (
            not isinstance(self.max_iter, (int, np.integer)) or self.max_iter < 1
        ):
            raise ValueError(f"max_iter must be None or a positive integer, got {self.max_iter!r}")
        if self.tol is not None and not self.tol > 0:
            raise ValueError(f"tol must be None or > 0, got {self.tol!r}")
        if self.n_threads is not None and self.n_threads < 1:
            raise ValueError(f"n_threads must be None or >= 1, got {self.n_threads!r}")
        if self.uncertainty not in UNCERTAINTIES:
            raise ValueError(
                f"uncertainty must be one of {UNCERTAINTIES}, got {self.uncertainty!r}"
            )

    # --- fitting --------------------------------------------------------------------------
    def fit(
        self,
        X: Table | Dataset,
        U: Table | None = None,
        *,
        G: npt.ArrayLike | None = None,
        F: npt.ArrayLike | None = None,
        **dataset_options: Any,
    ) -> PMF:
        """Fit on concentrations ``X`` and uncertainties ``U`` (arrays or DataFrames), or on an
        :class:`aqm.pmf.Dataset` passed as ``X`` (then ``U`` must be None).

        ``dataset_options`` go to :class:`Dataset` (e.g. ``total_variable="PM2.5"``,
        ``categories={"Ba": "weak"}``, ``extra_uncertainty=0.1``).

        ``G`` and ``F`` (both or neither): start from these contributions (samples × p) and
        profiles (p × species) instead of ``n_runs`` seeded starts (see "Starting from given
        factors" in the class notes).
        """
        self._validate()
        dataset = _as_dataset(X, U, dataset_options)
        if self.uncertainty == "fitted":
            require_error_model(dataset)
        prepared = dataset.prepared()
        n, m = prepared.X.shape
        p = check_n_components(self.n_components, (n, m))
        start = _check_start(G, F, n, m, p)
        seed = _seed_from(self.random_state)
        fit = self._base_runs(prepared, p, seed, start)
        result = fit.result
        self.warnings_ = [
            f"species {r.species!r}: {r.warning}"
            for r in prepared.summary
            if r.warning and r.category != "bad"
        ] + list(result.warnings)
        if self.uncertainty == "fitted":
            dataset, prepared, fit = refit_on_fitted_uncertainties(
                dataset, fit, self._solve_options(p)
            )
        for message in self.warnings_:
            warnings.warn(PMFWarning(message), stacklevel=2)
        self.refined_ = bool(result.refined)
        self.adopted_ = None
        self.dataset_ = dataset
        self.seed_ = seed
        self.feature_names_in_ = np.asarray(prepared.species, dtype=object)
        self.n_features_in_ = m
        self.sample_names_ = list(prepared.samples)
        self.factor_names_ = [f"Factor {k + 1}" for k in range(p)]
        self.q_exp_ = float(result.diagnostics.q_exp)
        self.best_run_ = int(result.best_run) + 1
        self.n_iter_ = int(result.runs[result.best_run].iterations)
        self.runs_ = pd.DataFrame(
            {
                "q_robust": [r.q_robust for r in result.runs],
                "q_true": [r.q_true for r in result.runs],
                "converged": np.asarray([r.converged for r in result.runs], dtype=bool),
                "iterations": [r.iterations for r in result.runs],
                "revived": [r.revived for r in result.runs],
            },
            index=pd.RangeIndex(1, len(result.runs) + 1, name="run"),
        )
        self._fit = fit
        self._categories = list(prepared.category)
        self._total_variable = (
            prepared.species[prepared.total_index] if prepared.total_index >= 0 else None
        )
        self._units = dataset.units
        self._sample_dim = dataset.sample_dim
        self._set_solution()
        self._log_summary(n, m, p, bool(self._units))
        return self

    def _base_runs(
        self, prepared: Any, p: int, seed: int, start: tuple[np.ndarray, np.ndarray] | None
    ) -> Any:
        """``n_runs`` seeded base runs, or one run from the given ``start`` (G, F)."""
        if start is not None:
            return _core.pmf.fit_start(
                prepared.X, prepared.U, *start, self._solve_options(p), prepared.total_index
            )
        options = _core.pmf.BaseRunOptions()
        options.solve = self._solve_options(p)
        options.n_runs, options.seed = int(self.n_runs), seed
        options.n_threads, options.refine = int(self.n_threads or 0), bool(self.refine)
        with progress_callback(self.progress, "PMF base runs") as cb:
            return _core.pmf.fit(prepared.X, prepared.U, options, prepared.total_index, cb)

    def _log_summary(self, n: int, m: int, p: int, units_known: bool) -> None:
        converged = int(self.runs_["converged"].sum())
        _log.info(
            "PMF: %d samples x %d species, p = %d, %d runs (seed %d): best run %d, "
            "Q(robust) %.1f, Q(true) %.1f, Q_exp %.0f, %d/%d runs converged",
            n,
            m,
            p,
            len(self.runs_),
            self.seed_,
            self.best_run_,
            self.q_robust_,
            self.q_true_,
            self.q_exp_,
            converged,
            len(self.runs_),
        )
        if converged < len(self.runs_):
            _log.warning(
                "PMF: %d of %d base runs hit max_iter before converging",
                len(self.runs_) - converged,
                len(self.runs_),
            )
        if not units_known:
            _log.info(
                "PMF: the input carries no concentration units; results say %r "
                "(Dataset(units=...) names them)",
                UNKNOWN_UNITS,
            )

    def _solve_options(self, n_factors: int) -> Any:
        o = _core.pmf.SolveOptions()
        o.n_factors, o.robust, o.alpha = n_factors, bool(self.robust), float(self.robust_alpha)
        o.method = self.method
        if self.max_iter is not None:
            o.max_iter = int(self.max_iter)
        if self.tol is not None:
            o.tol = float(self.tol)
        return o

    def _set_solution(self) -> None:
        """The fitted attributes of the base solution held by the C++ fit."""
        best = self._fit.result.best
        self.components_ = np.array(best.F)
        self.contributions_ = np.array(best.G)
        self.q_true_ = float(best.q_true)
        self.q_robust_ = float(best.q_robust)

    def _check_fitted(self) -> None:
        if not hasattr(self, "_fit"):
            raise AttributeError("this PMF instance is not fitted yet; call fit() first")

    def transform(self, X: Table | None = None) -> np.ndarray:
        """Contributions G of the fitted data (new data is not supported: PMF refits)."""
        self._check_fitted()
        if X is not None:
            raise NotImplementedError("PMF has no out-of-sample transform; fit on the new data")
        return self.contributions_

    def fit_transform(
        self,
        X: Table | Dataset,
        U: Table | None = None,
        *,
        G: npt.ArrayLike | None = None,
        F: npt.ArrayLike | None = None,
        **dataset_options: Any,
    ) -> np.ndarray:
        """:meth:`fit`, then the contributions G."""
        return self.fit(X, U, G=G, F=F, **dataset_options).contributions_

    # --- results --------------------------------------------------------------------------
    @property
    def profiles_(self) -> pd.DataFrame:
        """Profiles with contributions normalised to mean 1 (PMF 5.0's display).

        Factor × species.
        """
        self._check_fitted()
        return pd.DataFrame(
            self._fit.result.diagnostics.profiles,
            index=self.factor_names_,
            columns=self.feature_names_in_,
        )

    def factor_table(self) -> pd.DataFrame:
        """Per factor: the top species by % of species, and the share of the total variable."""
        ds = self.to_xarray()
        rows = []
        for f in self.factor_names_:
            pct = ds["profiles_percent"].sel(factor=f).to_series().sort_values(ascending=False)
            row = {
                "factor": f,
                "top species (% of species)": ", ".join(
                    f"{s} {v:.0f}%" for s, v in pct.head(4).items()
                ),
            }
            if "mass_contributions" in ds:
                mass = ds["mass_contributions"].sel(factor=f).mean().item()
                row[f"mean {self._total_variable}"] = round(mass, 3)
            rows.append(row)
        return pd.DataFrame(rows).set_index("factor")

    def to_xarray(self) -> xr.Dataset:
        self._check_fitted()
        attrs = {
            "title": "PMF base run results",
            "source": f"libaqm {__version__}",
            "method": self.method,
            "robust": int(self.robust),
            "robust_alpha": self.robust_alpha,
            "uncertainty": self.uncertainty,
            "n_runs": len(self.runs_),
            "seed": str(self.seed_),
            "best_run": self.best_run_,
            "q_true": self.q_true_,
            "q_robust": self.q_robust_,
            "q_exp": self.q_exp_,
        }
        if getattr(self, "adopted_", None):
            attrs["q_robust_before_adopt"] = self.adopted_["q_robust_before"]
        return result_dataset(
            self._fit,
            categories=self._categories,
            total_variable=self._total_variable,
            samples=self.sample_names_,
            species=list(self.feature_names_in_),
            units=self._units,
            sample_dim=self._sample_dim,
            factor_names=self.factor_names_,
            attrs=attrs,
        )

    def bootstrap(
        self,
        n_boot: int = BOOTSTRAP.n_boot,
        *,
        block_size: int | None = None,
        min_correlation: float = BOOTSTRAP.min_correlation,
        random_state: RandomState = None,
        constraints: Sequence[TomlTable] = (),
        constrained: tuple[npt.ArrayLike, npt.ArrayLike] | None = None,
    ) -> xr.Dataset:
        """PMF 5.0's classical bootstrap (BS) around the best base run, or around a constrained run.

        Blocks of consecutive samples are resampled with replacement (circular block bootstrap;
        ``block_size=None`` picks the Politis–White length from the base contributions), each
        resample is refitted from the base profiles, and every BS factor is mapped to the base
        factor whose contributions it correlates with best when r >= ``min_correlation``
        (PMF 5.0 default 0.6).  Returns the mapping table, the 5/25/50/75/95th percentiles of
        the profiles (concentration units, like :attr:`profiles_`), each run's ``profiles``
        (NaN rows where a factor did not map to itself) and the run table.

        ``constraints``: 'set to zero' / 'set to value' profile constraints (as for
        :meth:`constrained_run`); the bootstrap then starts from that constrained run and every
        refit holds those elements, as PMF 5.0 estimates the error of a constrained run.
        ``constrained``: that run's (contributions, profiles) when already computed (e.g. from
        :meth:`constrained_run`), so it is not run again.
        """
        self._check_fitted()
        if not isinstance(n_boot, (int, np.integer)) or n_boot < 1:
            raise ValueError(f"n_boot must be a positive integer, got {n_boot!r}")
        if block_size is not None and (
            not isinstance(block_size, (int, np.integer)) or block_size < 1
        ):
            raise ValueError(f"block_size must be None or a positive integer, got {block_size!r}")
        seed = _seed_from(self.random_state if random_state is None else random_state)
        options = _core.pmf.BootstrapOptions()
        options.n_boot, options.block_size = int(n_boot), int(block_size or 0)
        options.min_correlation, options.seed = float(min_correlation), seed
        options.n_threads = int(self.n_threads or 0)
        start: tuple[np.ndarray, np.ndarray] | tuple[None, None] = (None, None)
        if constrained is not None and not constraints:
            raise ValueError("constrained: give the constraints that run was made with")
        if constrained is not None and (isinstance(constrained, str) or len(constrained) != 2):
            raise ValueError("constrained: the run's (contributions, profiles) pair")
        if constraints:
            from .constraints import constrained_run, held_profile_elements

            options.fixed_profiles = held_profile_elements(self, constraints)
            if constrained is None:
                run = constrained_run(self, constraints)
                constrained = (run["contributions"].to_numpy(), run["profiles"].to_numpy())
            n, m = len(self.sample_names_), self.n_features_in_
            start = _check_start(*constrained, n, m, len(self.factor_names_))
        with progress_callback(self.progress, "PMF bootstrap") as cb:
            bs = _core.pmf.bootstrap(self._fit, options, cb, *start)
        return bootstrap_dataset(self, bs, seed, min_correlation, len(constraints))

    def displacement(
        self,
        dq_max: tuple[float, ...] = tuple(DISPLACEMENT.dq_max),
        *,
        bisection_steps: int = DISPLACEMENT.bisection_steps,
    ) -> xr.Dataset:
        """PMF 5.0's displacement (DISP) around the best base run.

        Every profile element is displaced down and up and held, with the factor's total
        contribution held (PMF's normalisation), while the rest is refitted, until Q rises by
        each ``dq_max``; returns the intervals (concentration units, like :attr:`profiles_`),
        the number of swapped elements per factor and level, and the largest drop of Q
        (negative: the base run was not the global minimum).
        """
        self._check_fitted()
        levels = [float(v) for v in dq_max]
        options = _core.pmf.DisplacementOptions()
        options.dq_max, options.bisection_steps = levels, int(bisection_steps)
        options.n_threads = int(self.n_threads or 0)
        with progress_callback(self.progress, "PMF DISP") as cb:
            d = _core.pmf.displacement(self._fit, options, cb)
        result = displacement_dataset(self, d, levels)
        if d.lower_minimum_found:
            warnings.warn(
                PMFWarning(
                    f"DISP found Q = {d.q_lowest:.2f}, {-d.largest_decrease:.2f} below the base "
                    f"run's {d.q_base:.2f}: the base run is not the minimum; the lower solution "
                    "is in G_lowest/F_lowest of this result, and PMF.adopt(result) makes it the "
                    "base run"
                ),
                stacklevel=2,
            )
        return result

    def adopt(self, result: xr.Dataset) -> PMF:
        """Make the lower minimum an error estimate found the base run (as PMF 5.0 users do).

        ``result`` is a :meth:`displacement` result whose ``G_lowest``/``F_lowest`` hold a
        solution below the base run's Q.  The fit is continued from it to convergence and
        replaces the base (profiles, contributions, Q, diagnostics); ``runs_`` keeps the runs
        as found, ``adopted_`` records the Q before and after.  Rerun DISP/BS afterwards: their
        results belong to the base they were run on.
        """
        self._check_fitted()
        if not isinstance(result, xr.Dataset) or "F_lowest" not in result:
            raise ValueError(
                "adopt() needs a DISP result that found a lower minimum "
                "(with G_lowest and F_lowest); this one has none"
            )
        G = np.asarray(result["G_lowest"].values, dtype=float)
        F = np.asarray(result["F_lowest"].values, dtype=float)
        if G.shape != self.contributions_.shape or F.shape != self.components_.shape:
            raise ValueError(
                f"adopt(): G_lowest {G.shape} / F_lowest {F.shape} do not match this "
                f"fit's {self.contributions_.shape} / {self.components_.shape}"
            )
        q_before = self.q_robust_
        self._fit = _core.pmf.adopt(self._fit, G, F)
        self._set_solution()
        self.adopted_ = {"q_robust_before": q_before, "q_robust_after": self.q_robust_}
        return self

    def fpeak(
        self,
        strengths: float | Sequence[float] = tuple(FPEAK.strengths),
        *,
        weight: float = FPEAK.weight,
    ) -> xr.Dataset:
        """FPEAK runs from the best base run, one per strength φ.

        See :func:`aqm.pmf.fpeak.fpeak`.
        """
        from .fpeak import fpeak

        return fpeak(self, strengths, weight=weight)

    def constrained_run(
        self,
        constraints: Sequence[TomlTable] = (),
        expressions: Sequence[TomlTable] = (),
        **options: Any,
    ) -> xr.Dataset:
        """A PMF 5.0 constrained run; see :func:`aqm.pmf.constraints.constrained_run` for the
        constraint dicts and ``options`` (``start``, ``dq_tolerance``)."""
        from .constraints import constrained_run

        return constrained_run(self, constraints, expressions, **options)

    def bs_disp(self, n_boot: int = BS_DISP.n_boot, **options: Any) -> xr.Dataset:
        """PMF 5.0's BS-DISP around the best base run; see :func:`aqm.pmf.bs_disp.bs_disp`."""
        from .bs_disp import bs_disp

        return bs_disp(self, n_boot, **options)

    def to_netcdf(self, path: PathLike) -> None:
        """Write :meth:`to_xarray` as NetCDF, atomically."""
        ds = self.to_xarray()
        with atomic_path(path) as tmp:
            ds.to_netcdf(tmp)
