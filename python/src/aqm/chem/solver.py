"""A reusable solver for one mechanism (``Mechanism.solver``) and the photolysis and condition
inputs it takes.

The solver keeps the C++ kinetic system (sparse pattern and symbolic LU built once) and the
step size the last call ended with, so repeated calls cost only the integration.  Conditions:

- ``temp`` (K), ``pressure`` (hPa), ``rh`` (%) and, to set them directly instead of from T, p
  and RH, ``M``, ``O2``, ``N2``, ``H2O`` (molecule cm-3): each a number, a ``pandas.Series``
  indexed by seconds (or a ``TimedeltaIndex``) or a ``(times, values)`` pair, interpolated
  linearly or held (``interpolation="step"``).
- ``photolysis``: None (dark); :class:`SolarPhotolysis` or :class:`FixedZenith` (built-in MCM
  v3.3.1 J); a ``{J number: value}`` mapping; :class:`UserZenith` (a function of time giving
  the solar zenith angle in degrees, MCM J at that angle); a function of time returning J by
  MCM number; a :class:`JTable` (J over time per number or KPP name, step or linear); or a
  list combining one of the first kinds with :class:`JTable` entries that replace single J.
- ``update="stage"`` evaluates the conditions at every stage time (J follows the sun inside a
  step); ``update="interval"`` evaluates them once at the start of each output interval and
  holds them (what KPP's example drivers do with ``Update_RCONST`` before each ``INTEGRATE``).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Union

import numpy as np
import numpy.typing as npt

from .. import _core
from .._cf import annotate
from .._typing import TimeSeries
from ._defaults import ROSENBROCK
from .mechanism import PhotolysisSpec

if TYPE_CHECKING:
    import pandas as pd
    import xarray as xr

    from .mechanism import Mechanism

__all__ = ["JTable", "Solver", "UserZenith"]

_INTERPOLATIONS = ("linear", "step")


@dataclass(frozen=True)
class UserZenith:
    """MCM v3.3.1 J at the solar zenith angle ``function(t)`` (degrees; t in s), times jfac."""

    function: Callable[[float], float]
    jfac: float = 1.0


@dataclass(frozen=True)
class JTable:
    """J over time: ``values`` maps a J number (4), ``"J4"``/``"J<4>"`` or a KPP MCM name
    (``"J_NO2"``) to values at ``times`` (s); held (``"step"``) or linear in between."""

    times: Sequence[float]
    values: Mapping[int | str, Sequence[float]] = field(default_factory=dict)
    interpolation: str = "step"

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, interpolation: str = "step") -> JTable:
        """From a DataFrame indexed by seconds with one column per J."""
        return cls(
            list(map(float, frame.index)),
            {c: frame[c].to_numpy(float) for c in frame},
            interpolation,
        )


#: One J source: a fixed spec (None, SolarPhotolysis, FixedZenith, {J number: value}), a
#: UserZenith, a function of time (s) giving J by MCM number, or a JTable.
JSource = Union[PhotolysisSpec, UserZenith, Callable[[float], npt.ArrayLike], JTable]
#: What ``photolysis=`` of :meth:`Mechanism.integrate` and :class:`Solver` takes: one J source,
#: or a list/tuple of at most one base source with JTable entries that replace single J.
Photolysis = Union[JSource, list[JSource], tuple[JSource, ...]]


def j_number(name: int | np.integer | str) -> int:
    """MCM J number of 4, "4", "J4", "J<4>", "J(4)" or a KPP MCM name such as "J_NO2"."""
    if isinstance(name, (int, np.integer)) and not isinstance(name, bool):
        n = int(name)
    else:
        text = str(name).strip()
        m = re.fullmatch(r"J?[<(]?(\d+)[>)]?", text, flags=re.IGNORECASE)
        n = int(m.group(1)) if m else int(_core._mcm_photolysis_index(text.upper()))
        if n < 0:
            raise KeyError(f"{name}: not a J number or a KPP MCM photolysis name (J_NO2, ...)")
    if n < 0:
        raise ValueError(f"{name}: J numbers are >= 0")
    return n


def _times(index: Any) -> np.ndarray:
    import pandas as pd

    idx = pd.Index(index)
    if isinstance(idx, pd.TimedeltaIndex):
        return idx.total_seconds().to_numpy(dtype=float)
    if isinstance(idx, pd.DatetimeIndex):
        raise TypeError(
            "series index: give seconds since the start (numbers or timedeltas), not datetimes"
        )
    return np.asarray(idx, dtype=float)


def series(value: TimeSeries, name: str, interpolation: str = "linear") -> tuple:
    """(times, values, interpolation) of a number, a pandas Series or a (times, values) pair."""
    if interpolation not in _INTERPOLATIONS:
        raise ValueError(f"interpolation: expected 'linear' or 'step', got {interpolation!r}")
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        return ([0.0], [float(value)], interpolation)
    if hasattr(value, "index") and hasattr(value, "to_numpy"):
        return (list(_times(value.index)), list(value.to_numpy(dtype=float)), interpolation)
    if isinstance(value, tuple) and len(value) == 2:
        t, v = np.asarray(value[0], dtype=float), np.asarray(value[1], dtype=float)
        if t.ndim != 1 or t.shape != v.shape:
            raise ValueError(f"{name}: (times, values) must be two 1-D sequences of one length")
        return (list(t), list(v), interpolation)
    raise TypeError(
        f"{name}: give a number, a pandas Series indexed by seconds or a "
        f"(times, values) pair, got {type(value).__name__}"
    )


def photolysis_inputs(photolysis: Photolysis) -> dict[str, Any]:
    """The keyword arguments of ``_Solver.set_conditions`` that describe photolysis."""
    from .mechanism import _photolysis_spec

    out: dict[str, Any] = {
        "photolysis": ("none",),
        "zenith": None,
        "zenith_jfac": 1.0,
        "j_function": None,
        "j_table": {},
    }
    items = list(photolysis) if isinstance(photolysis, (list, tuple)) else [photolysis]
    bases = [p for p in items if not isinstance(p, JTable) and p is not None]
    if len(bases) > 1:
        raise ValueError("photolysis: at most one J source besides JTable entries")
    for table in (p for p in items if isinstance(p, JTable)):
        t = np.asarray(table.times, dtype=float)
        for key, values in table.values.items():
            v = np.asarray(values, dtype=float)
            if v.shape != t.shape:
                raise ValueError(f"photolysis: JTable {key}: {v.size} values for {t.size} times")
            out["j_table"][j_number(key)] = (list(t), list(v), table.interpolation)
    if bases:
        base = bases[0]
        if isinstance(base, UserZenith):
            out["zenith"], out["zenith_jfac"] = base.function, float(base.jfac)
        elif callable(base):
            out["j_function"] = lambda t, f=base: [float(x) for x in np.asarray(f(t), float)]
        else:
            out["photolysis"] = _photolysis_spec(base)
    return out


class Solver:
    """Integrator for one mechanism that keeps its symbolic LU and last step size.

    Made by :meth:`Mechanism.solver`; conditions and options as there.  :meth:`integrate`
    returns an ``xarray.Dataset``; :meth:`run` is the low-overhead form (NumPy in, NumPy out).

    Warm start: each call starts with the step size the previous call ended with
    (``next_step``), so a run split into calls (e.g. to change an input between them) does not
    restart from the integrator's initial step of 1e-5 s in every call; its answer is that of
    one call within the tolerances.  Pass ``warm_start=False`` to a call, or call
    :meth:`reset_step`, to start from the initial step again (e.g. after a discontinuity such as
    a sudden emission).
    """

    def __init__(self, mechanism: Mechanism, **settings: Any) -> None:
        self.mechanism = mechanism
        options = {k: settings.pop(k) for k in list(settings) if k in _OPTION_DEFAULTS}
        self._options = {**_OPTION_DEFAULTS, **options}
        self.variable_species = list(mechanism._m.variable_species)
        self._index = {n: i for i, n in enumerate(self.variable_species)}
        self._core = _core._Solver.from_prototype(
            mechanism._solver_prototype(), self._core_options()
        )
        if list(self._core.variable_names) != self.variable_species:  # pragma: no cover
            raise RuntimeError("solver and mechanism disagree on the variable species")
        self._units = "molecule cm-3"
        self._per_unit = 1.0  # mole fraction per unit (ppb: 1e-9); 1.0 = molecule cm-3
        self._species_index: Any = None
        self.set_conditions(**settings)

    # --- settings ---------------------------------------------------------------------------
    def _core_options(self) -> Any:
        o, core = self._options, _core.RosenbrockOptions()
        atol = o["atol"]
        if isinstance(atol, Mapping):
            atol_list = [core.atol] * len(self.variable_species)
            for k, v in atol.items():
                atol_list[self._lookup(k, "atol")] = float(v)
            core.atol_species = atol_list
        else:
            core.atol = float(atol)
        core.method, core.rtol = str(o["method"]), float(o["rtol"])
        core.clip_negative, core.ro2_jacobian = bool(o["clip_negative"]), bool(o["ro2_jacobian"])
        core.max_steps, core.hmax = int(o["max_steps"]), float(o["hmax"])
        return core

    def _lookup(self, name: str, what: str) -> int:
        if name not in self._index:
            raise KeyError(
                f"{name}: {what} names a species that is not variable in {self.mechanism.name!r}"
            )
        return self._index[name]

    def set_options(self, **options: Any) -> Solver:
        """Change method, rtol, atol, clip_negative, ro2_jacobian, max_steps or hmax."""
        unknown = set(options) - set(_OPTION_DEFAULTS)
        if unknown:
            raise TypeError(f"set_options: unknown option {sorted(unknown)[0]!r}")
        self._options.update(options)
        self._core.set_options(self._core_options())
        return self

    def set_conditions(
        self,
        *,
        temp: TimeSeries = 298.15,
        pressure: TimeSeries = 1013.25,
        rh: TimeSeries = 0.0,
        M: TimeSeries | None = None,
        O2: TimeSeries | None = None,
        N2: TimeSeries | None = None,
        H2O: TimeSeries | None = None,
        photolysis: Photolysis = None,
        interpolation: str = "linear",
        update: str = "stage",
        units: str = "molecule cm-3",
        constrained: Sequence[str] = (),
        loss: Mapping[str, float] | None = None,
        source: Mapping[str, float] | None = None,
        fixed: Mapping[str, float] | None = None,
    ) -> Solver:
        """Set every condition at once (what is not given takes its default)."""
        from .mechanism import _CONCENTRATION_UNITS, _solver_unit

        if update not in ("stage", "interval"):
            raise ValueError(f"update: expected 'stage' or 'interval', got {update!r}")
        units = _solver_unit(units)
        densities = {
            k: series(v, k, interpolation)
            for k, v in (("M", M), ("O2", O2), ("N2", N2), ("H2O", H2O))
            if v is not None
        }
        if M is not None:  # O2 and N2 follow a given M unless given themselves
            for k, f in (("O2", 0.2095), ("N2", 0.7809)):
                if k not in densities:
                    t, v, i = densities["M"]
                    densities[k] = (t, [f * x for x in v], i)
        self._core.set_conditions(
            series(temp, "temp", interpolation),
            series(pressure, "pressure", interpolation),
            series(rh, "rh", interpolation),
            densities,
            per_interval=update == "interval",
            **photolysis_inputs(photolysis),
        )
        self._units = units
        self._per_unit = _CONCENTRATION_UNITS[units]
        self._core.clear_terms()
        for k in constrained:
            self._lookup(k, "constrained")
            self._core.set_constrained(k, True)
        for k, v in (loss or {}).items():
            self._lookup(k, "loss")
            self._core.set_loss(k, float(v))
        for k, v in (source or {}).items():
            self._lookup(k, "source")
            self._core.set_source(k, float(v) * self._scale(0.0))  # with M at t = 0
        for k, v in (fixed or {}).items():
            self._core.set_fixed(str(k), float(v))
        return self

    def _scale(self, t: float) -> float:
        """molecule cm-3 per unit at model time t (mixing ratios use M(t))."""
        if self._per_unit == 1.0:
            return 1.0
        return float(self._core.environment(float(t)).m) * self._per_unit

    @property
    def next_step(self) -> float:
        """Step size (s) the next call starts with (0: the integrator's default)."""
        return float(self._core.next_step)

    def reset_step(self) -> Solver:
        """Forget the carried step: the next call starts from the initial step."""
        self._core.reset_step()
        return self

    def environment(self, t: float = 0.0) -> dict[str, float]:
        """T, p, M, O2, N2, H2O at model time t."""
        e = self._core.environment(float(t))
        return {
            "temp": e.temp,
            "pressure": e.pressure,
            "M": e.m,
            "O2": e.o2,
            "N2": e.n2,
            "H2O": e.h2o,
        }

    def photolysis_rates(self, t: float = 0.0) -> np.ndarray:
        """J by MCM number at model time t."""
        return np.asarray(self._core.photolysis_rates(float(t)))

    # --- integration ------------------------------------------------------------------------
    def initial_state(
        self,
        initial: Mapping[str, float] | None = None,
        use_file_initial_values: bool = True,
        t0: float = 0.0,
    ) -> np.ndarray:
        """State vector (molecule cm-3) from ``initial`` in the solver's units (mixing ratios
        converted with M at time t0)."""
        y = (
            np.asarray(self._core.initial_state(), dtype=float)
            if use_file_initial_values
            else np.zeros(len(self.variable_species))
        )
        for k, v in (initial or {}).items():
            y[self._lookup(k, "initial")] = float(v) * self._scale(t0)
        return y

    def run(self, y0: Sequence[float], times: Sequence[float], *, warm_start: bool = True) -> tuple:
        """(concentrations time x species in molecule cm-3, status, message, stats, t reached).
        ``warm_start``: start with the step the previous call ended with (see the class)."""
        if not warm_start:
            self.reset_step()
        y, r = self._core.run(list(map(float, y0)), list(map(float, times)))
        return y, r.status, r.message, _stats(r.stats), r.t

    def integrate(
        self,
        initial: Mapping[str, float] | None,
        times: Sequence[float],
        *,
        use_file_initial_values: bool = True,
        warm_start: bool = True,
    ) -> xr.Dataset:
        """Integrate through ``times`` (s; ``times[0]`` is the start) from ``initial`` (in the
        solver's units; other species start at the file's initial values, else 0).  An
        ``xarray.Dataset`` as :meth:`Mechanism.integrate` returns.  ``warm_start``: start with
        the step the previous call ended with (see the class); False starts from the initial
        step."""
        times_arr = np.asarray(times, dtype=float)
        if times_arr.ndim != 1 or times_arr.size < 1:
            raise ValueError("times: need a 1-D sequence with at least one time")
        if not warm_start:
            self.reset_step()
        y0 = self.initial_state(initial, use_file_initial_values, float(times_arr[0]))
        y, result = self._core.run(list(y0), list(times_arr))
        return self._dataset(y, times_arr, result)

    def _dataset(self, y: np.ndarray, times: np.ndarray, result: Any) -> Any:
        import xarray as xr

        status, message = result.status, result.message
        if status != "success":
            warnings.warn(
                f"aqm.chem integrate stopped ({status}): {message}", RuntimeWarning, stacklevel=3
            )
        env = self._core.environment(float(times[0]))
        if self._species_index is None:  # the species index is built once per solver
            import pandas as pd

            self._species_index = pd.Index(self.variable_species, name="species")
        coords = xr.Coordinates(
            {
                "time": xr.Variable("time", times, {"units": "s", "long_name": "time since start"}),
                "species": self._species_index,
            }
        )
        scale = np.array([self._scale(t) for t in times])  # M at each output time
        ds = xr.Dataset(
            {
                "concentration": xr.Variable(
                    ("time", "species"), y / scale[:, None], {"units": self._units}
                )
            },
            coords=coords,
        )
        annotate(ds)
        o = self._options
        ds.attrs.update(
            mechanism=self.mechanism.name,
            method=str(o["method"]),
            rtol=float(o["rtol"]),
            status=status,
            message=message,
            t_reached=float(result.t),
            temp=float(env.temp),
            pressure=float(env.pressure),
            air_density=float(env.m),
            **{f"n_{k}": int(v) for k, v in _stats(result.stats).items()},
        )
        return ds


def _stats(stats: Any) -> dict[str, int]:
    """The work counts of a solve (SolveStats), as the public dict of counts."""
    return {
        k: int(getattr(stats, k))
        for k in (
            "steps",
            "accepted",
            "rejected",
            "f_evals",
            "jacobians",
            "decompositions",
            "solves",
            "singular",
        )
    }


_OPTION_DEFAULTS: dict[str, Any] = {
    name: getattr(ROSENBROCK, name)
    for name in ("method", "rtol", "atol", "clip_negative", "ro2_jacobian", "max_steps", "hmax")
}
