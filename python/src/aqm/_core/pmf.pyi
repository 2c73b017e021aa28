"""
PMF receptor modelling (private; use aqm.pmf)
"""
from __future__ import annotations
import collections.abc
import numpy
import numpy.typing
import typing
__all__: list[str] = ['BaseRunOptions', 'BaseRunResult', 'BootstrapOptions', 'BootstrapResult', 'BsDispOptions', 'BsDispResult', 'ConstrainedResult', 'ConstraintOptions', 'Diagnostics', 'DisplacementOptions', 'DisplacementResult', 'Element', 'ElementConstraint', 'Expression', 'FactorSweepOptions', 'FactorSweepRow', 'Fit', 'FitResult', 'FpeakOptions', 'FpeakResult', 'FpeakRun', 'PrepareOptions', 'Prepared', 'RunSummary', 'SolveOptions', 'SpeciesSummary', 'adopt', 'bootstrap', 'bs_disp', 'constrained', 'displacement', 'equation_uncertainty', 'factor_sweep', 'fit', 'fit_from', 'fit_start', 'fpeak', 'prepare']
class SolveOptions:
    """
    One PMF solve: factors, method, robust mode, iteration cap and tolerance.
    """
    __hash__: typing.ClassVar[None] = None
    _fields: typing.ClassVar[tuple] = ('n_factors', 'method', 'robust', 'alpha', 'max_iter', 'tol', 'window', 'extrapolate')
    extrapolate: bool
    robust: bool
    def __eq__(self, arg0: SolveOptions) -> bool:
        ...
    def __getstate__(self) -> tuple[typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __init__(self) -> None:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def alpha(self) -> float:
        ...
    @alpha.setter
    def alpha(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def max_iter(self) -> int:
        """
        0 = the method's default
        """
    @max_iter.setter
    def max_iter(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    @property
    def method(self) -> str:
        """
        als | ls-nmf
        """
    @method.setter
    def method(self, arg1: str) -> None:
        ...
    @property
    def n_factors(self) -> int:
        ...
    @n_factors.setter
    def n_factors(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    @property
    def tol(self) -> float:
        """
        0 = the method's default
        """
    @tol.setter
    def tol(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def window(self) -> int:
        ...
    @window.setter
    def window(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
class PrepareOptions:
    """
    PMF 5.0 data preparation: missing values, total variable, categories.
    """
    __hash__: typing.ClassVar[None] = None
    _fields: typing.ClassVar[tuple] = ('missing', 'total_variable', 'extra_uncertainty', 'categories', 'exclude_samples', 'exclude_species', 'concentration_source', 'uncertainty_source')
    concentration_source: str
    total_variable: str
    uncertainty_source: str
    def __eq__(self, arg0: PrepareOptions) -> bool:
        ...
    def __getstate__(self) -> tuple[typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __init__(self) -> None:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def categories(self) -> dict[str, str]:
        """
        species -> strong | weak | bad
        """
    @categories.setter
    def categories(self, arg1: collections.abc.Mapping[str, str]) -> None:
        ...
    @property
    def exclude_samples(self) -> list[str]:
        ...
    @exclude_samples.setter
    def exclude_samples(self, arg0: collections.abc.Sequence[str]) -> None:
        ...
    @property
    def exclude_species(self) -> list[str]:
        ...
    @exclude_species.setter
    def exclude_species(self, arg0: collections.abc.Sequence[str]) -> None:
        ...
    @property
    def extra_uncertainty(self) -> float:
        ...
    @extra_uncertainty.setter
    def extra_uncertainty(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def missing(self) -> str:
        """
        replace | exclude
        """
    @missing.setter
    def missing(self, arg1: str) -> None:
        ...
class BaseRunOptions:
    """
    Seeded base runs (the best by Q(robust) is kept).
    """
    __hash__: typing.ClassVar[None] = None
    _fields: typing.ClassVar[tuple] = ('solve', 'n_runs', 'seed', 'n_threads', 'refine')
    refine: bool
    solve: SolveOptions
    def __eq__(self, arg0: BaseRunOptions) -> bool:
        ...
    def __getstate__(self) -> tuple[typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __init__(self) -> None:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def n_runs(self) -> int:
        ...
    @n_runs.setter
    def n_runs(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    @property
    def n_threads(self) -> int:
        """
        0 = all cores
        """
    @n_threads.setter
    def n_threads(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    @property
    def seed(self) -> int:
        ...
    @seed.setter
    def seed(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
class BootstrapOptions:
    """
    PMF 5.0 classical block bootstrap (solve options: the fit's).
    """
    __hash__: typing.ClassVar[None] = None
    _fields: typing.ClassVar[tuple] = ('n_boot', 'block_size', 'min_correlation', 'seed', 'n_threads', 'fixed_profiles')
    def __eq__(self, arg0: BootstrapOptions) -> bool:
        ...
    def __getstate__(self) -> tuple[typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __init__(self) -> None:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def block_size(self) -> int:
        """
        0 = automatic
        """
    @block_size.setter
    def block_size(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    @property
    def fixed_profiles(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        """
        held profile elements of a constrained run (NaN = free)
        """
    @fixed_profiles.setter
    def fixed_profiles(self, arg0: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, n]"]) -> None:
        ...
    @property
    def min_correlation(self) -> float:
        ...
    @min_correlation.setter
    def min_correlation(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def n_boot(self) -> int:
        ...
    @n_boot.setter
    def n_boot(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    @property
    def n_threads(self) -> int:
        ...
    @n_threads.setter
    def n_threads(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    @property
    def seed(self) -> int:
        ...
    @seed.setter
    def seed(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
class DisplacementOptions:
    """
    PMF 5.0 DISP (solve options: the fit's, with ALS).
    """
    __hash__: typing.ClassVar[None] = None
    _fields: typing.ClassVar[tuple] = ('dq_max', 'bisection_steps', 'n_threads')
    def __eq__(self, arg0: DisplacementOptions) -> bool:
        ...
    def __getstate__(self) -> tuple[typing.Any, typing.Any, typing.Any]:
        ...
    def __init__(self) -> None:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def bisection_steps(self) -> int:
        ...
    @bisection_steps.setter
    def bisection_steps(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    @property
    def dq_max(self) -> list[float]:
        ...
    @dq_max.setter
    def dq_max(self, arg0: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex]) -> None:
        ...
    @property
    def n_threads(self) -> int:
        ...
    @n_threads.setter
    def n_threads(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
class BsDispOptions:
    """
    PMF 5.0 BS-DISP (solve options: the fit's, with ALS).
    """
    __hash__: typing.ClassVar[None] = None
    _fields: typing.ClassVar[tuple] = ('n_boot', 'block_size', 'min_correlation', 'dq_max', 'bisection_steps', 'seed', 'n_threads')
    def __eq__(self, arg0: BsDispOptions) -> bool:
        ...
    def __getstate__(self) -> tuple[typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __init__(self) -> None:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def bisection_steps(self) -> int:
        ...
    @bisection_steps.setter
    def bisection_steps(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    @property
    def block_size(self) -> int:
        """
        0 = automatic
        """
    @block_size.setter
    def block_size(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    @property
    def dq_max(self) -> list[float]:
        ...
    @dq_max.setter
    def dq_max(self, arg0: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex]) -> None:
        ...
    @property
    def min_correlation(self) -> float:
        ...
    @min_correlation.setter
    def min_correlation(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def n_boot(self) -> int:
        ...
    @n_boot.setter
    def n_boot(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    @property
    def n_threads(self) -> int:
        ...
    @n_threads.setter
    def n_threads(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    @property
    def seed(self) -> int:
        ...
    @seed.setter
    def seed(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
class FpeakOptions:
    """
    FPEAK rotations, one run per strength (solve options: the fit's).
    """
    __hash__: typing.ClassVar[None] = None
    _fields: typing.ClassVar[tuple] = ('strengths', 'weight', 'n_threads')
    def __eq__(self, arg0: FpeakOptions) -> bool:
        ...
    def __getstate__(self) -> tuple[typing.Any, typing.Any, typing.Any]:
        ...
    def __init__(self) -> None:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def n_threads(self) -> int:
        ...
    @n_threads.setter
    def n_threads(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    @property
    def strengths(self) -> list[float]:
        ...
    @strengths.setter
    def strengths(self, arg0: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex]) -> None:
        ...
    @property
    def weight(self) -> float:
        ...
    @weight.setter
    def weight(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
class Element:
    """
    A profile element F(factor, species) or a contribution G(sample, factor).
    """
    __hash__: typing.ClassVar[None] = None
    _fields: typing.ClassVar[tuple] = ('contribution', 'factor', 'index')
    contribution: bool
    def __eq__(self, arg0: Element) -> bool:
        ...
    def __getstate__(self) -> tuple[typing.Any, typing.Any, typing.Any]:
        ...
    def __init__(self) -> None:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def factor(self) -> int:
        ...
    @factor.setter
    def factor(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    @property
    def index(self) -> int:
        ...
    @index.setter
    def index(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
class ElementConstraint:
    """
    A constraint on one element with its dQ budget (% of Q(robust)).
    """
    __hash__: typing.ClassVar[None] = None
    _fields: typing.ClassVar[tuple] = ('element', 'kind', 'value', 'percent_dq')
    element: Element
    kind: str
    def __eq__(self, arg0: ElementConstraint) -> bool:
        ...
    def __getstate__(self) -> tuple[typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __init__(self) -> None:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def percent_dq(self) -> float:
        ...
    @percent_dq.setter
    def percent_dq(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def value(self) -> float:
        ...
    @value.setter
    def value(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
class Expression:
    """
    sum(coefficient * element) = value, with its dQ budget.
    """
    __hash__: typing.ClassVar[None] = None
    _fields: typing.ClassVar[tuple] = ('terms', 'value', 'percent_dq')
    def __eq__(self, arg0: Expression) -> bool:
        ...
    def __getstate__(self) -> tuple[typing.Any, typing.Any, typing.Any]:
        ...
    def __init__(self) -> None:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def percent_dq(self) -> float:
        ...
    @percent_dq.setter
    def percent_dq(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def terms(self) -> list[tuple[Element, float]]:
        ...
    @terms.setter
    def terms(self, arg0: collections.abc.Sequence[tuple[Element, typing.SupportsFloat | typing.SupportsIndex]]) -> None:
        ...
    @property
    def value(self) -> float:
        ...
    @value.setter
    def value(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
class ConstraintOptions:
    """
    A constrained run's constraints (solve options: the fit's).
    """
    __hash__: typing.ClassVar[None] = None
    _fields: typing.ClassVar[tuple] = ('elements', 'expressions', 'dq_tolerance', 'max_bisections')
    def __eq__(self, arg0: ConstraintOptions) -> bool:
        ...
    def __getstate__(self) -> tuple[typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __init__(self) -> None:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def dq_tolerance(self) -> float:
        ...
    @dq_tolerance.setter
    def dq_tolerance(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def elements(self) -> list[ElementConstraint]:
        ...
    @elements.setter
    def elements(self, arg0: collections.abc.Sequence[ElementConstraint]) -> None:
        ...
    @property
    def expressions(self) -> list[Expression]:
        ...
    @expressions.setter
    def expressions(self, arg0: collections.abc.Sequence[Expression]) -> None:
        ...
    @property
    def max_bisections(self) -> int:
        ...
    @max_bisections.setter
    def max_bisections(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
class FactorSweepOptions:
    """
    Base runs (and optional BS/DISP) for every number of factors.
    """
    __hash__: typing.ClassVar[None] = None
    _fields: typing.ClassVar[tuple] = ('factors', 'base', 'n_boot', 'bootstrap', 'displacement', 'disp')
    base: BaseRunOptions
    bootstrap: BootstrapOptions
    disp: DisplacementOptions
    displacement: bool
    def __eq__(self, arg0: FactorSweepOptions) -> bool:
        ...
    def __getstate__(self) -> tuple[typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __init__(self) -> None:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def factors(self) -> list[int]:
        ...
    @factors.setter
    def factors(self, arg0: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex]) -> None:
        ...
    @property
    def n_boot(self) -> int:
        ...
    @n_boot.setter
    def n_boot(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
class SpeciesSummary:
    """
    One species' row of the PMF 5.0 data summary.
    """
    _fields: typing.ClassVar[tuple] = ('species', 'category', 'signal_to_noise', 'min', 'p25', 'median', 'p75', 'max', 'mean', 'percent_missing', 'percent_below_mdl', 'warning')
    def __getstate__(self) -> tuple[typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def category(self) -> str:
        ...
    @property
    def max(self) -> float:
        ...
    @property
    def mean(self) -> float:
        ...
    @property
    def median(self) -> float:
        ...
    @property
    def min(self) -> float:
        ...
    @property
    def p25(self) -> float:
        ...
    @property
    def p75(self) -> float:
        ...
    @property
    def percent_below_mdl(self) -> float:
        ...
    @property
    def percent_missing(self) -> float:
        ...
    @property
    def signal_to_noise(self) -> float:
        ...
    @property
    def species(self) -> str:
        ...
    @property
    def warning(self) -> str:
        ...
class Prepared:
    """
    The matrices a fit sees (after exclusions, missing values and categories).
    """
    _fields: typing.ClassVar[tuple] = ('X', 'U', 'samples', 'species', 'category', 'total_index', 'replaced_missing', 'summary')
    def __getstate__(self) -> tuple[typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def U(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        ...
    @property
    def X(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        ...
    @property
    def category(self) -> list[str]:
        ...
    @property
    def replaced_missing(self) -> int:
        ...
    @property
    def samples(self) -> list[str]:
        ...
    @property
    def species(self) -> list[str]:
        ...
    @property
    def summary(self) -> list[SpeciesSummary]:
        ...
    @property
    def total_index(self) -> int:
        """
        column of the total variable, or -1
        """
class FitResult:
    """
    One PMF solve: G (samples x p), F (p x species) and Q.
    """
    _fields: typing.ClassVar[tuple] = ('G', 'F', 'q_true', 'q_robust', 'converged', 'iterations', 'q_history', 'revived')
    def __getstate__(self) -> tuple[typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def F(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        ...
    @property
    def G(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        ...
    @property
    def converged(self) -> bool:
        ...
    @property
    def iterations(self) -> int:
        ...
    @property
    def q_history(self) -> list[float]:
        ...
    @property
    def q_robust(self) -> float:
        ...
    @property
    def q_true(self) -> float:
        ...
    @property
    def revived(self) -> int:
        ...
class Diagnostics:
    """
    PMF 5.0 diagnostics of a solution.
    """
    _fields: typing.ClassVar[tuple] = ('contributions', 'profiles', 'profiles_percent', 'predicted', 'scaled_residuals', 'explained_variation', 'q_true_per_species', 'q_robust_per_species', 'q_over_q_exp', 'r2', 'slope', 'intercept', 'residuals_beyond_3', 'q_exp', 'mass_contributions', 'mass_coefficients', 'mass_r2')
    def __getstate__(self) -> tuple[typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def contributions(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        ...
    @property
    def explained_variation(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        ...
    @property
    def intercept(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        ...
    @property
    def mass_coefficients(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        ...
    @property
    def mass_contributions(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        """
        empty without a total
        """
    @property
    def mass_r2(self) -> float:
        ...
    @property
    def predicted(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        ...
    @property
    def profiles(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        ...
    @property
    def profiles_percent(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        ...
    @property
    def q_exp(self) -> float:
        ...
    @property
    def q_over_q_exp(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        ...
    @property
    def q_robust_per_species(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        ...
    @property
    def q_true_per_species(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        ...
    @property
    def r2(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        ...
    @property
    def residuals_beyond_3(self) -> typing.Annotated[numpy.typing.NDArray[numpy.int32], "[m, 1]"]:
        ...
    @property
    def scaled_residuals(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        ...
    @property
    def slope(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        ...
class RunSummary:
    """
    One base run's row of the run table.
    """
    _fields: typing.ClassVar[tuple] = ('run', 'q_true', 'q_robust', 'converged', 'iterations', 'revived')
    def __getstate__(self) -> tuple[typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def converged(self) -> bool:
        ...
    @property
    def iterations(self) -> int:
        ...
    @property
    def q_robust(self) -> float:
        ...
    @property
    def q_true(self) -> float:
        ...
    @property
    def revived(self) -> int:
        ...
    @property
    def run(self) -> int:
        ...
class BaseRunResult:
    """
    Seeded base runs: the run table and the best run.
    """
    _fields: typing.ClassVar[tuple] = ('runs', 'best_run', 'best', 'diagnostics', 'q_best_run', 'refined', 'refinement_fits', 'warnings')
    def __getstate__(self) -> tuple[typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def best(self) -> FitResult:
        ...
    @property
    def best_run(self) -> int:
        """
        0-based
        """
    @property
    def diagnostics(self) -> Diagnostics:
        ...
    @property
    def q_best_run(self) -> float:
        ...
    @property
    def refined(self) -> bool:
        ...
    @property
    def refinement_fits(self) -> int:
        ...
    @property
    def runs(self) -> list[RunSummary]:
        ...
    @property
    def warnings(self) -> list[str]:
        ...
class Fit:
    """
    A fitted PMF model: data, solve options and base-run result.
    """
    _fields: typing.ClassVar[tuple] = ('X', 'U', 'total_index', 'solve', 'result')
    def __getstate__(self) -> tuple[typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def U(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        ...
    @property
    def X(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        ...
    @property
    def result(self) -> BaseRunResult:
        ...
    @property
    def solve(self) -> SolveOptions:
        ...
    @property
    def total_index(self) -> int:
        ...
class BootstrapResult:
    """
    PMF 5.0 BS: mapping table and profile percentiles.
    """
    _fields: typing.ClassVar[tuple] = ('block_size', 'mapping', 'profiles', 'p05', 'p25', 'median', 'p75', 'p95', 'q_robust', 'iterations', 'converged')
    def __getstate__(self) -> tuple[typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def block_size(self) -> int:
        ...
    @property
    def converged(self) -> list[bool]:
        ...
    @property
    def iterations(self) -> list[int]:
        ...
    @property
    def mapping(self) -> typing.Annotated[numpy.typing.NDArray[numpy.int32], "[m, n]"]:
        ...
    @property
    def median(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        ...
    @property
    def p05(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        ...
    @property
    def p25(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        ...
    @property
    def p75(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        ...
    @property
    def p95(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        ...
    @property
    def profiles(self) -> list[typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]]:
        ...
    @property
    def q_robust(self) -> list[float]:
        ...
class DisplacementResult:
    """
    PMF 5.0 DISP: intervals per dQmax, swaps.
    """
    _fields: typing.ClassVar[tuple] = ('dq_max', 'q_base', 'lower', 'upper', 'swaps', 'largest_decrease', 'fits', 'lower_minimum_found', 'G_lowest', 'F_lowest', 'q_lowest')
    def __getstate__(self) -> tuple[typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def F_lowest(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        ...
    @property
    def G_lowest(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        ...
    @property
    def dq_max(self) -> list[float]:
        ...
    @property
    def fits(self) -> int:
        ...
    @property
    def largest_decrease(self) -> float:
        ...
    @property
    def lower(self) -> list[typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]]:
        ...
    @property
    def lower_minimum_found(self) -> bool:
        ...
    @property
    def q_base(self) -> float:
        ...
    @property
    def q_lowest(self) -> float:
        ...
    @property
    def swaps(self) -> typing.Annotated[numpy.typing.NDArray[numpy.int32], "[m, n]"]:
        ...
    @property
    def upper(self) -> list[typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]]:
        ...
class BsDispResult:
    """
    PMF 5.0 BS-DISP: intervals per dQmax over resamples.
    """
    _fields: typing.ClassVar[tuple] = ('block_size', 'dq_max', 'lower', 'upper', 'swaps', 'mapped', 'largest_decrease', 'resamples_with_decrease', 'fits')
    def __getstate__(self) -> tuple[typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def block_size(self) -> int:
        ...
    @property
    def dq_max(self) -> list[float]:
        ...
    @property
    def fits(self) -> int:
        ...
    @property
    def largest_decrease(self) -> list[float]:
        ...
    @property
    def lower(self) -> list[typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]]:
        ...
    @property
    def mapped(self) -> typing.Annotated[numpy.typing.NDArray[numpy.int32], "[m, 1]"]:
        ...
    @property
    def resamples_with_decrease(self) -> int:
        ...
    @property
    def swaps(self) -> typing.Annotated[numpy.typing.NDArray[numpy.int32], "[m, n]"]:
        ...
    @property
    def upper(self) -> list[typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]]:
        ...
class FpeakRun:
    """
    One FPEAK rotation.
    """
    _fields: typing.ClassVar[tuple] = ('strength', 'G', 'F', 'q_true', 'q_robust', 'dq', 'percent_dq', 'converged', 'iterations')
    def __getstate__(self) -> tuple[typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def F(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        ...
    @property
    def G(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        ...
    @property
    def converged(self) -> bool:
        ...
    @property
    def dq(self) -> float:
        ...
    @property
    def iterations(self) -> int:
        ...
    @property
    def percent_dq(self) -> float:
        ...
    @property
    def q_robust(self) -> float:
        ...
    @property
    def q_true(self) -> float:
        ...
    @property
    def strength(self) -> float:
        ...
class FpeakResult:
    """
    FPEAK runs in the order of the strengths.
    """
    _fields: typing.ClassVar[tuple] = ('q_robust_base', 'runs')
    def __getstate__(self) -> tuple[typing.Any, typing.Any]:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def q_robust_base(self) -> float:
        ...
    @property
    def runs(self) -> list[FpeakRun]:
        ...
class ConstrainedResult:
    """
    A PMF 5.0 constrained run.
    """
    _fields: typing.ClassVar[tuple] = ('G', 'F', 'profiles', 'q_true', 'q_robust', 'q_robust_base', 'dq', 'percent_dq', 'dq_budget', 'strength', 'budget_reached', 'converged', 'fits')
    def __getstate__(self) -> tuple[typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def F(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        ...
    @property
    def G(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        ...
    @property
    def budget_reached(self) -> bool:
        ...
    @property
    def converged(self) -> bool:
        ...
    @property
    def dq(self) -> float:
        ...
    @property
    def dq_budget(self) -> float:
        ...
    @property
    def fits(self) -> int:
        ...
    @property
    def percent_dq(self) -> float:
        ...
    @property
    def profiles(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        ...
    @property
    def q_robust(self) -> float:
        ...
    @property
    def q_robust_base(self) -> float:
        ...
    @property
    def q_true(self) -> float:
        ...
    @property
    def strength(self) -> float:
        ...
class FactorSweepRow:
    """
    One number of factors p in a factor sweep.
    """
    _fields: typing.ClassVar[tuple] = ('factors', 'q_true', 'q_robust', 'q_exp', 'q_robust_over_q_exp', 'q_robust_drop', 'max_abs_scaled_residual', 'residuals_beyond_3', 'converged_runs', 'bs_mapping_rate', 'min_bs_mapping_rate', 'disp_swaps', 'disp_largest_decrease', 'base')
    def __getstate__(self) -> tuple[typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def base(self) -> BaseRunResult:
        ...
    @property
    def bs_mapping_rate(self) -> float:
        ...
    @property
    def converged_runs(self) -> int:
        ...
    @property
    def disp_largest_decrease(self) -> float:
        ...
    @property
    def disp_swaps(self) -> int:
        ...
    @property
    def factors(self) -> int:
        ...
    @property
    def max_abs_scaled_residual(self) -> float:
        ...
    @property
    def min_bs_mapping_rate(self) -> float:
        ...
    @property
    def q_exp(self) -> float:
        ...
    @property
    def q_robust(self) -> float:
        ...
    @property
    def q_robust_drop(self) -> float:
        ...
    @property
    def q_robust_over_q_exp(self) -> float:
        ...
    @property
    def q_true(self) -> float:
        ...
    @property
    def residuals_beyond_3(self) -> int:
        ...
def adopt(fit: Fit, G: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, n]"], F: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, n]"]) -> Fit:
    """
    The fit continued from the solution (G, F), which becomes its base run.
    """
def bootstrap(fit: Fit, options: BootstrapOptions, progress: typing.Any = None, G: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, n]"] | None = None, F: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, n]"] | None = None) -> BootstrapResult:
    """
    PMF classical block bootstrap around the base run (or the given G, F).
    """
def bs_disp(fit: Fit, options: BsDispOptions, progress: typing.Any = None) -> BsDispResult:
    """
    PMF BS-DISP around the base run.
    """
def constrained(fit: Fit, options: ConstraintOptions, G: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, n]"] | None = None, F: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, n]"] | None = None) -> ConstrainedResult:
    """
    PMF 5.0 constrained run from the base run (or the given G, F; dQ is then measured from that solution's Q).
    """
def displacement(fit: Fit, options: DisplacementOptions, progress: typing.Any = None) -> DisplacementResult:
    """
    PMF displacement (DISP) around the base run.
    """
def equation_uncertainty(x: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], mdl: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], error_fraction: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> typing.Any:
    """
    PMF 5.0 uncertainty equation (element-wise).
    """
def factor_sweep(X: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, n]"], U: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, n]"], options: FactorSweepOptions, total_index: typing.SupportsInt | typing.SupportsIndex) -> list[FactorSweepRow]:
    """
    Base runs (and optional BS/DISP) for every number of factors.
    """
def fit(X: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, n]"], U: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, n]"], options: BaseRunOptions, total_index: typing.SupportsInt | typing.SupportsIndex, progress: typing.Any = None) -> Fit:
    """
    PMF base runs; the best run, diagnostics, run table.
    """
def fit_from(X: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, n]"], U: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, n]"], G0: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, n]"], F0: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, n]"], options: SolveOptions) -> FitResult:
    """
    One PMF solve from a given start (G0 n x p, F0 p x m).
    """
def fit_start(X: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, n]"], U: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, n]"], G0: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, n]"], F0: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, n]"], options: SolveOptions, total_index: typing.SupportsInt | typing.SupportsIndex) -> Fit:
    """
    One PMF base run from a given start (G0 n x p, F0 p x m), no refinement.
    """
def fpeak(fit: Fit, options: FpeakOptions) -> FpeakResult:
    """
    FPEAK rotations of the base run, one per strength.
    """
def prepare(conc: tuple[typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, n]"], collections.abc.Sequence[str], collections.abc.Sequence[str], collections.abc.Sequence[str], str, str], unc: tuple[typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, n]"], collections.abc.Sequence[str], collections.abc.Sequence[str], collections.abc.Sequence[str], str, str] | None, mdl: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex] | None, error_fraction: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex] | None, options: PrepareOptions) -> Prepared:
    """
    PMF 5.0 data preparation: the matrices, labels, categories and species summary.
    """
