"""
observation-constrained box model (private; use aqm.chem.BoxModel)
"""
from __future__ import annotations
import aqm._core
import collections.abc
import numpy
import numpy.typing
import typing
__all__: list[str] = ['AttributionOptions', 'AttributionResult', 'BoxModel', 'BoxResult', 'FamilyBudget', 'IsoplethOptions', 'IsoplethResult', 'OhReactivity', 'RadicalBudget', 'RadicalOptions', 'RegimeIndicator', 'RegimeOptions', 'RirGroup', 'RirOptions', 'RirResult', 'air_density', 'attribute', 'concentration_unit', 'convert_concentration', 'default_radical_options', 'default_rir_groups', 'family_budget', 'isopleth', 'o3_budget', 'oh_reactivity', 'radical_budget', 'regime_indicators', 'rir', 'with_sources']
class BoxResult:
    """
    One box-model run: time x species concentrations, rates, J, environment.
    """
    _fields: typing.ClassVar[tuple] = ('time', 'species', 'reactions', 'concentration', 'rate', 'photolysis', 'temp', 'pressure', 'm', 'h2o', 'blh', 'constrained', 'result', 'spin_up_days', 'spin_up_converged', 'spin_up_change')
    def __getstate__(self) -> tuple[typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def blh(self) -> list[float]:
        """
        m
        """
    @property
    def concentration(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        """
        time x species, molecule cm-3
        """
    @property
    def constrained(self) -> list[bool]:
        ...
    @property
    def h2o(self) -> list[float]:
        ...
    @property
    def m(self) -> list[float]:
        """
        molecule cm-3
        """
    @property
    def photolysis(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        """
        time x J number, s-1
        """
    @property
    def pressure(self) -> list[float]:
        """
        hPa
        """
    @property
    def rate(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        """
        time x reaction, molecule cm-3 s-1
        """
    @property
    def reactions(self) -> list[str]:
        ...
    @property
    def result(self) -> aqm._core.SolveResult:
        ...
    @property
    def species(self) -> list[str]:
        ...
    @property
    def spin_up_change(self) -> float:
        ...
    @property
    def spin_up_converged(self) -> bool:
        ...
    @property
    def spin_up_days(self) -> int:
        ...
    @property
    def temp(self) -> list[float]:
        """
        K
        """
    @property
    def time(self) -> list[float]:
        """
        s
        """
class BoxModel:
    def __init__(self, path: str) -> None:
        ...
    def constrain(self, species: str, time: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], value: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], interpolation: str = 'linear') -> None:
        ...
    def constrain_photolysis(self, index: typing.SupportsInt | typing.SupportsIndex, time: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], value: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], interpolation: str = 'linear') -> None:
        ...
    def copy(self) -> BoxModel:
        ...
    def deposition(self) -> dict[str, float]:
        ...
    def fix_nox(self, time: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], value: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], interpolation: str = 'linear', no: str = 'NO', no2: str = 'NO2') -> None:
        ...
    def mechanism_name(self) -> str:
        ...
    def mechanism_warnings(self) -> list[str]:
        ...
    def observed_species(self) -> list[str]:
        ...
    def reaction_tags(self) -> list[str]:
        ...
    def release(self, species: str) -> None:
        ...
    def run(self) -> BoxResult:
        ...
    def scale_photolysis_to(self, index: typing.SupportsInt | typing.SupportsIndex, time: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], value: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], interpolation: str = 'linear') -> None:
        ...
    def scale_species(self, species: str, factor: typing.SupportsFloat | typing.SupportsIndex, what: typing.SupportsInt | typing.SupportsIndex = 15) -> None:
        ...
    def set_boundary_layer_height(self, time: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], value: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], interpolation: str = 'linear') -> None:
        ...
    def set_deposition(self, species: str, v_d: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    def set_dilution(self, rate: typing.SupportsFloat | typing.SupportsIndex, background: collections.abc.Mapping[str, typing.SupportsFloat | typing.SupportsIndex]) -> None:
        ...
    def set_emission(self, species: str, time: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], value: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], interpolation: str = 'linear', per_area: bool = False) -> None:
        ...
    def set_entrainment(self, on: bool) -> None:
        ...
    def set_environment(self, time: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], temp: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], pressure: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], rh: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex]) -> None:
        ...
    def set_initial(self, species: str, value: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    def set_photolysis_fixed(self, j: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex]) -> None:
        ...
    def set_photolysis_mcm(self, lat: typing.SupportsFloat | typing.SupportsIndex, lon: typing.SupportsFloat | typing.SupportsIndex, year: typing.SupportsInt | typing.SupportsIndex, month: typing.SupportsInt | typing.SupportsIndex, day: typing.SupportsInt | typing.SupportsIndex, start_hour_utc: typing.SupportsFloat | typing.SupportsIndex, jfac: typing.SupportsFloat | typing.SupportsIndex = 1.0) -> None:
        ...
    def set_photolysis_zenith(self, zenith: typing.SupportsFloat | typing.SupportsIndex, jfac: typing.SupportsFloat | typing.SupportsIndex = 1.0) -> None:
        ...
    def set_solver(self, options: aqm._core.RosenbrockOptions) -> None:
        ...
    def set_spin_up(self, max_days: typing.SupportsInt | typing.SupportsIndex, tolerance: typing.SupportsFloat | typing.SupportsIndex = 0.01, floor: typing.SupportsFloat | typing.SupportsIndex = 10000.0) -> None:
        ...
    def set_time(self, t_start: typing.SupportsFloat | typing.SupportsIndex, t_end: typing.SupportsFloat | typing.SupportsIndex, output_step: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    def species(self) -> list[str]:
        ...
    def variable_species(self) -> list[str]:
        ...
class FamilyBudget:
    """
    Production and loss of a weighted family (molecule cm-3 s-1).
    """
    _fields: typing.ClassVar[tuple] = ('family', 'amount', 'production', 'loss', 'by_reaction')
    def __getstate__(self) -> tuple[typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def amount(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        ...
    @property
    def by_reaction(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        """
        time x reaction, signed
        """
    @property
    def family(self) -> list[tuple[str, float]]:
        ...
    @property
    def loss(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        ...
    @property
    def production(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        ...
class OhReactivity:
    """
    OH reactivity by co-reactant, total and from measured species (s-1).
    """
    _fields: typing.ClassVar[tuple] = ('species', 'by_species', 'total', 'measured')
    def __getstate__(self) -> tuple[typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def by_species(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        ...
    @property
    def measured(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        ...
    @property
    def species(self) -> list[str]:
        ...
    @property
    def total(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        ...
class RadicalBudget:
    """
    Radical production Q and losses to NOx (LN) and radicals (LR).
    """
    _fields: typing.ClassVar[tuple] = ('q', 'ln', 'lr', 'radicals')
    def __getstate__(self) -> tuple[typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def ln(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        ...
    @property
    def lr(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        ...
    @property
    def q(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        ...
    @property
    def radicals(self) -> list[str]:
        ...
class RadicalOptions:
    """
    The radical family, NOx and reservoirs of a radical budget.
    """
    __hash__: typing.ClassVar[None] = None
    _fields: typing.ClassVar[tuple] = ('radicals', 'nox', 'reservoirs')
    def __eq__(self, arg0: RadicalOptions) -> bool:
        ...
    def __getstate__(self) -> tuple[typing.Any, typing.Any, typing.Any]:
        ...
    def __init__(self) -> None:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def nox(self) -> list[str]:
        ...
    @nox.setter
    def nox(self, arg0: collections.abc.Sequence[str]) -> None:
        ...
    @property
    def radicals(self) -> list[str]:
        ...
    @radicals.setter
    def radicals(self, arg0: collections.abc.Sequence[str]) -> None:
        ...
    @property
    def reservoirs(self) -> list[str]:
        ...
    @reservoirs.setter
    def reservoirs(self, arg0: collections.abc.Sequence[str]) -> None:
        ...
class IsoplethOptions:
    """
    EKMA grid: factors, species scaled, O3 name, window, threads.
    """
    __hash__: typing.ClassVar[None] = None
    _fields: typing.ClassVar[tuple] = ('voc_factors', 'nox_factors', 'voc_species', 'nox_species', 'scale', 'o3', 'window_start', 'window_end', 'n_threads', 'ppb')
    o3: str
    ppb: bool
    def __eq__(self, arg0: IsoplethOptions) -> bool:
        ...
    def __getstate__(self) -> tuple[typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
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
    def nox_factors(self) -> list[float]:
        ...
    @nox_factors.setter
    def nox_factors(self, arg0: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex]) -> None:
        ...
    @property
    def nox_species(self) -> list[str]:
        ...
    @nox_species.setter
    def nox_species(self, arg0: collections.abc.Sequence[str]) -> None:
        ...
    @property
    def scale(self) -> int:
        """
        bit mask of ScaleTarget
        """
    @scale.setter
    def scale(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    @property
    def voc_factors(self) -> list[float]:
        ...
    @voc_factors.setter
    def voc_factors(self, arg0: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex]) -> None:
        ...
    @property
    def voc_species(self) -> list[str]:
        ...
    @voc_species.setter
    def voc_species(self, arg0: collections.abc.Sequence[str]) -> None:
        ...
    @property
    def window_end(self) -> float:
        """
        s; NaN = whole run
        """
    @window_end.setter
    def window_end(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def window_start(self) -> float:
        """
        s; NaN = whole run
        """
    @window_start.setter
    def window_start(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
class IsoplethResult:
    """
    EKMA grid: O3 metrics over VOC x NOx factors.
    """
    _fields: typing.ClassVar[tuple] = ('voc_factors', 'nox_factors', 'peak_o3', 'max_8h_o3', 'net_po3', 'status', 'message', 'base_peak_o3', 'base_max_8h_o3', 'base_net_po3', 'base_status')
    def __getstate__(self) -> tuple[typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    def n_failed(self) -> int:
        ...
    def regime(self, metric: str) -> str:
        """
        the side of the ridge the base point (1, 1) is on
        """
    def ridge(self, metric: str) -> list[float]:
        """
        per VOC factor, the NOx factor at the metric's peak (NaN: none)
        """
    @property
    def base_max_8h_o3(self) -> float:
        ...
    @property
    def base_net_po3(self) -> float:
        ...
    @property
    def base_peak_o3(self) -> float:
        ...
    @property
    def base_status(self) -> str:
        ...
    @property
    def max_8h_o3(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        ...
    @property
    def message(self) -> list[str]:
        ...
    @property
    def net_po3(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        ...
    @property
    def nox_factors(self) -> list[float]:
        ...
    @property
    def peak_o3(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        ...
    @property
    def status(self) -> list[str]:
        """
        row-major voc x nox
        """
    @property
    def voc_factors(self) -> list[float]:
        ...
class RirGroup:
    """
    A named group of species cut together.
    """
    __hash__: typing.ClassVar[None] = None
    _fields: typing.ClassVar[tuple] = ('name', 'species')
    name: str
    def __eq__(self, arg0: RirGroup) -> bool:
        ...
    def __getstate__(self) -> tuple[typing.Any, typing.Any]:
        ...
    def __init__(self) -> None:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def species(self) -> list[str]:
        ...
    @species.setter
    def species(self, arg0: collections.abc.Sequence[str]) -> None:
        ...
class RirOptions:
    """
    RIR: groups (empty = defaults), cut, what is scaled, window, threads.
    """
    __hash__: typing.ClassVar[None] = None
    _fields: typing.ClassVar[tuple] = ('groups', 'cut', 'scale', 'window_start', 'window_end', 'n_threads', 'ppb')
    ppb: bool
    def __eq__(self, arg0: RirOptions) -> bool:
        ...
    def __getstate__(self) -> tuple[typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __init__(self) -> None:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def cut(self) -> float:
        ...
    @cut.setter
    def cut(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def groups(self) -> list[RirGroup]:
        ...
    @groups.setter
    def groups(self, arg0: collections.abc.Sequence[RirGroup]) -> None:
        ...
    @property
    def n_threads(self) -> int:
        ...
    @n_threads.setter
    def n_threads(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    @property
    def scale(self) -> int:
        ...
    @scale.setter
    def scale(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    @property
    def window_end(self) -> float:
        ...
    @window_end.setter
    def window_end(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def window_start(self) -> float:
        ...
    @window_start.setter
    def window_start(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
class RirResult:
    """
    Relative incremental reactivity per group.
    """
    _fields: typing.ClassVar[tuple] = ('groups', 'rir', 'p_cut', 'status', 'p_base', 'base_status', 'cut')
    def __getstate__(self) -> tuple[typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def base_status(self) -> str:
        ...
    @property
    def cut(self) -> float:
        ...
    @property
    def groups(self) -> list[str]:
        ...
    @property
    def p_base(self) -> float:
        ...
    @property
    def p_cut(self) -> list[float]:
        ...
    @property
    def rir(self) -> list[float]:
        ...
    @property
    def status(self) -> list[str]:
        ...
class AttributionOptions:
    """
    Source attribution: NOx class, per-area emissions, O3, window.
    """
    __hash__: typing.ClassVar[None] = None
    _fields: typing.ClassVar[tuple] = ('nox_species', 'per_area', 'o3', 'window_start', 'window_end', 'n_threads')
    o3: str
    per_area: bool
    def __eq__(self, arg0: AttributionOptions) -> bool:
        ...
    def __getstate__(self) -> tuple[typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
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
    def nox_species(self) -> list[str]:
        ...
    @nox_species.setter
    def nox_species(self, arg0: collections.abc.Sequence[str]) -> None:
        ...
    @property
    def window_end(self) -> float:
        ...
    @window_end.setter
    def window_end(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def window_start(self) -> float:
        ...
    @window_start.setter
    def window_start(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
class AttributionResult:
    """
    O3 metrics per attribution case (molecule cm-3).
    """
    _fields: typing.ClassVar[tuple] = ('labels', 'peak_o3', 'max_8h_o3', 'net_po3', 'status', 'message')
    def __getstate__(self) -> tuple[typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def labels(self) -> list[str]:
        ...
    @property
    def max_8h_o3(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        ...
    @property
    def message(self) -> list[str]:
        ...
    @property
    def net_po3(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        ...
    @property
    def peak_o3(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        ...
    @property
    def status(self) -> list[str]:
        ...
class RegimeOptions:
    """
    Regime indicators: species names, window, radical family.
    """
    __hash__: typing.ClassVar[None] = None
    _fields: typing.ClassVar[tuple] = ('hcho', 'no2', 'h2o2', 'hno3', 'window_start', 'window_end', 'radicals')
    h2o2: str
    hno3: str
    no2: str
    radicals: RadicalOptions
    def __eq__(self, arg0: RegimeOptions) -> bool:
        ...
    def __getstate__(self) -> tuple[typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __init__(self) -> None:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def hcho(self) -> str:
        """
        '' = FORM (CB6) or HCHO (MCM)
        """
    @hcho.setter
    def hcho(self, arg0: str) -> None:
        ...
    @property
    def window_end(self) -> float:
        ...
    @window_end.setter
    def window_end(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def window_start(self) -> float:
        ...
    @window_start.setter
    def window_start(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
class RegimeIndicator:
    """
    One O3-regime indicator with its value, verdict and rule.
    """
    _fields: typing.ClassVar[tuple] = ('name', 'value', 'regime', 'rule')
    def __getstate__(self) -> tuple[typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def regime(self) -> str:
        ...
    @property
    def rule(self) -> str:
        ...
    @property
    def value(self) -> float:
        ...
def air_density(temp: typing.SupportsFloat | typing.SupportsIndex, pressure: typing.SupportsFloat | typing.SupportsIndex) -> float:
    ...
def attribute(model: BoxModel, sources: collections.abc.Sequence[tuple[str, collections.abc.Mapping[str, tuple[collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], str]], collections.abc.Mapping[str, tuple[collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], str]]]], cases: collections.abc.Sequence[tuple[str, collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], collections.abc.Mapping[str, typing.SupportsFloat | typing.SupportsIndex]]], options: AttributionOptions, progress: typing.Any = None) -> AttributionResult:
    ...
def concentration_unit(unit: str) -> str:
    """
    The canonical name of a concentration unit (aqm/chem/units.hpp).
    """
def convert_concentration(value: typing.SupportsFloat | typing.SupportsIndex, from_unit: str, to_unit: str, temp: typing.SupportsFloat | typing.SupportsIndex = 298.15, pressure: typing.SupportsFloat | typing.SupportsIndex = 1013.25, mw: typing.SupportsFloat | typing.SupportsIndex = 0.0) -> float:
    ...
def default_radical_options(model: BoxModel) -> RadicalOptions:
    """
    The radical family, NOx and reservoirs for the model's mechanism.
    """
def default_rir_groups(model: BoxModel) -> list[tuple[str, list[str]]]:
    ...
def family_budget(model: BoxModel, result: BoxResult, family: collections.abc.Sequence[tuple[str, typing.SupportsFloat | typing.SupportsIndex]]) -> FamilyBudget:
    ...
def isopleth(model: BoxModel, options: IsoplethOptions, progress: typing.Any = None) -> IsoplethResult:
    ...
def o3_budget(model: BoxModel, result: BoxResult) -> FamilyBudget:
    """
    P(O3) and L(O3) on the Ox family.
    """
def oh_reactivity(model: BoxModel, result: BoxResult, observed: collections.abc.Sequence[str]) -> OhReactivity:
    ...
def radical_budget(model: BoxModel, result: BoxResult, options: RadicalOptions | None = None) -> RadicalBudget:
    """
    Radical budget; options None = default_radical_options(model).
    """
def regime_indicators(model: BoxModel, result: BoxResult, options: RegimeOptions) -> list[RegimeIndicator]:
    ...
def rir(model: BoxModel, options: RirOptions, progress: typing.Any = None) -> RirResult:
    ...
def with_sources(model: BoxModel, sources: collections.abc.Sequence[tuple[str, collections.abc.Mapping[str, tuple[collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], str]], collections.abc.Mapping[str, tuple[collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], str]]]], options: AttributionOptions) -> BoxModel:
    ...
