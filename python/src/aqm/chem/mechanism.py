"""The Mechanism facade over ``aqm._core`` (C++ ``aqm::chem``)."""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

import numpy as np

from .. import _core
from .._core import UnitError
from .._data import data_directories
from .._typing import DateLike, PathLike, TimeSeries
from ..species import concentration_unit
from . import _source
from ._defaults import ROSENBROCK

if TYPE_CHECKING:
    import pandas as pd
    import xarray as xr

    from .solver import Photolysis, Solver

__all__ = [
    "FixedZenith",
    "Mechanism",
    "SolarPhotolysis",
    "air_density",
    "photolysis_rates",
    "solar_zenith",
]

# The solver's units (canonical names, aqm.species.concentration_unit): mixing ratio per unit.
_CONCENTRATION_UNITS = {"molecule cm-3": 1.0, "ppb": 1e-9, "ppm": 1e-6, "ppt": 1e-12}


def _solver_unit(units: str) -> str:
    """The canonical name of ``units`` (any alias) if the solver takes it; ValueError if not."""
    try:
        canonical = concentration_unit(units)
    except UnitError:
        canonical = None
    if canonical not in _CONCENTRATION_UNITS:
        raise ValueError(
            f"units: expected one of {sorted(_CONCENTRATION_UNITS)} (or an alias), got {units!r}"
        )
    return canonical


@dataclass(frozen=True)
class SolarPhotolysis:
    """MCM v3.3.1 photolysis with the solar zenith angle of a place and time.

    ``start`` is the UTC time of t = 0 (a ``datetime``, ``numpy.datetime64`` or ISO string);
    longitude is positive east.  ``jfac`` scales the calculated J (AtChem2's JFAC).
    """

    lat: float
    lon: float
    start: DateLike
    jfac: float = 1.0

    def _spec(self) -> tuple:
        t = _to_datetime(self.start)
        hour = t.hour + t.minute / 60 + t.second / 3600 + t.microsecond / 3.6e9
        return (
            "mcm",
            float(self.lat),
            float(self.lon),
            t.year,
            t.month,
            t.day,
            hour,
            float(self.jfac),
        )


@dataclass(frozen=True)
class FixedZenith:
    """MCM v3.3.1 photolysis at a constant solar zenith angle (degrees)."""

    zenith: float
    jfac: float = 1.0

    def _spec(self) -> tuple:
        return ("zenith", float(self.zenith), float(self.jfac))


def _to_datetime(value: DateLike) -> _dt.datetime:
    if isinstance(value, _dt.datetime):
        return value
    if isinstance(value, _dt.date):
        return _dt.datetime(value.year, value.month, value.day)
    if isinstance(value, np.datetime64):
        value = str(value.astype("datetime64[us]"))
    if isinstance(value, str):
        try:
            return _dt.datetime.fromisoformat(value.replace("Z", ""))
        except ValueError as e:
            raise ValueError(f"start: cannot read {value!r} as an ISO date/time") from e
    raise ValueError(
        f"start: expected a datetime, numpy.datetime64 or ISO string, got {type(value).__name__}"
    )


#: Photolysis fixed at the start of a run: None (dark), :class:`SolarPhotolysis`,
#: :class:`FixedZenith` or a ``{J number: value}`` mapping.
PhotolysisSpec = Union[None, SolarPhotolysis, FixedZenith, Mapping[int, float]]


def _photolysis_spec(photolysis: PhotolysisSpec) -> tuple:
    if photolysis is None:
        return ("none",)
    if isinstance(photolysis, (SolarPhotolysis, FixedZenith)):
        return photolysis._spec()
    if isinstance(photolysis, Mapping):
        if not photolysis:
            return ("fixed", [])
        top = max(int(k) for k in photolysis)
        if min(int(k) for k in photolysis) < 0:
            raise ValueError("photolysis: J numbers must be >= 0")
        j = [0.0] * (top + 1)
        for k, v in photolysis.items():
            j[int(k)] = float(v)
        return ("fixed", j)
    raise ValueError(
        "photolysis: expected None, SolarPhotolysis, FixedZenith or a {J number: value} mapping, "
        f"got {type(photolysis).__name__}"
    )


def photolysis_rates(photolysis: PhotolysisSpec, times: Sequence[float] = (0.0,)) -> np.ndarray:
    """J values (s-1) by MCM number (columns) at model times in seconds (rows)."""
    rows = _core._photolysis_rates(_photolysis_spec(photolysis), [float(t) for t in times])
    width = max((len(r) for r in rows), default=0)
    out = np.zeros((len(rows), width))
    for i, r in enumerate(rows):
        out[i, : len(r)] = r
    return out


def solar_zenith(lat: float, lon: float, when: DateLike) -> float:
    """Solar zenith angle (degrees) at latitude, longitude (east positive) and UTC time."""
    t = _to_datetime(when)
    hour = t.hour + t.minute / 60 + t.second / 3600
    return float(_core._solar_zenith(lat, lon, t.year, t.month, t.day, hour))


def air_density(temp: float = 298.15, pressure: float = 1013.25) -> float:
    """Air number density (molecule cm-3) from temperature (K) and pressure (hPa)."""
    return float(_core._air_density(temp, pressure))


def _from_source(
    source: _source.MechanismSource, overrides: Mapping[str, float | str] | None = None
) -> Mechanism:
    mechanism = Mechanism(_source.compile_source(source), source)
    return mechanism.override_rates(overrides) if overrides else mechanism


def _data_dirs() -> list[Path]:
    return data_directories()


class Mechanism:
    """A chemical mechanism with compiled rate expressions.

    Build with :meth:`from_kpp`, :meth:`from_facsimile` or :meth:`builtin`.  Concentrations are
    molecule cm-3 unless ``units`` says otherwise; times are seconds.
    """

    def __init__(self, core: _core._Mechanism, source: _source.MechanismSource | None = None):
        self._m = core
        self._prototype: Any = None  # built on first use by _solver_prototype (not state)
        self._source = source
        self._overrides: dict[str, float | str] = {}  # override_rates, replayed when unpickled

    def __reduce__(self) -> tuple:
        # Shipped as source text, recompiled (once per process) where it is unpickled.
        if self._source is None:
            raise TypeError(
                f"mechanism {self.name!r} was not built from a file or text "
                "(from_kpp, from_facsimile, builtin, *_text): it cannot be pickled"
            )
        return _from_source, (self._source, dict(self._overrides))

    # --- construction -----------------------------------------------------------------------
    @classmethod
    def from_kpp(cls, path: PathLike) -> Mechanism:
        """Read a KPP mechanism (``.kpp``, ``.def``, ``.eqn``; ``#INCLUDE`` is followed)."""
        return cls(_core._Mechanism.read_kpp(os.fspath(path)), _source.from_file(path))

    @classmethod
    def from_facsimile(cls, path: PathLike) -> Mechanism:
        """Read a FACSIMILE mechanism as exported by the MCM for AtChem2 (``.fac``)."""
        return cls(_core._Mechanism.read_facsimile(os.fspath(path)), _source.from_file(path))

    @classmethod
    def from_kpp_text(cls, text: str, name: str = "<string>") -> Mechanism:
        return cls(_core._Mechanism.parse_kpp(text, name), _source.from_text("kpp", text, name))

    @classmethod
    def from_facsimile_text(cls, text: str, name: str = "<string>") -> Mechanism:
        return cls(
            _core._Mechanism.parse_facsimile(text, name), _source.from_text("facsimile", text, name)
        )

    @classmethod
    def builtin(cls, name: str, data_dir: PathLike | None = None) -> Mechanism:
        """Load ``data/mechanisms/<name>.eqn`` shipped with the package (or from ``data_dir``)."""
        dirs = [Path(data_dir)] if data_dir is not None else _data_dirs()
        for d in dirs:
            for candidate in (d / "mechanisms" / f"{name}.eqn", d / f"{name}.eqn"):
                if candidate.is_file():
                    return cls.from_kpp(candidate)
        available = sorted({p.stem for d in dirs for p in (d / "mechanisms").glob("*.eqn")})
        raise FileNotFoundError(
            f"no built-in mechanism {name!r} (looked in {', '.join(str(d) for d in dirs)}); "
            f"available: {', '.join(available) or 'none'}"
        )

    # --- description ------------------------------------------------------------------------
    @property
    def name(self) -> str:
        return self._m.name

    @property
    def species(self) -> list[str]:
        return list(self._m.species)

    @property
    def variable_species(self) -> list[str]:
        return list(self._m.variable_species)

    @property
    def fixed_species(self) -> list[str]:
        return list(self._m.fixed_species)

    @property
    def ro2_species(self) -> list[str]:
        return list(self._m.ro2_species)

    @property
    def warnings(self) -> list[str]:
        return list(self._m.warnings)

    @property
    def initial_values(self) -> dict[str, float]:
        """Initial values from the file (KPP #INITVALUES, already times CFACTOR)."""
        return dict(self._m.initial_values)

    @property
    def reactions(self) -> pd.DataFrame:
        """pandas.DataFrame of tag, reactants, products and rate expression."""
        import pandas as pd

        rows = self._m.reactions
        return pd.DataFrame(rows, columns=["tag", "reactants", "products", "rate"])

    def summary(self) -> dict[str, int]:
        """Species, reactions, Jacobian non-zeros and LU non-zeros after fill-in."""
        s = self._m.summary()
        return {name: getattr(s, name) for name in type(s)._fields}

    def check_mass_balance(self, elements: Sequence[str] = ()) -> list[str]:
        return list(self._m.check_mass_balance(list(elements)))

    def __repr__(self) -> str:
        s = self.summary()
        return (
            f"<Mechanism {self.name!r}: {s['n_species']} species, {s['n_reactions']} reactions, "
            f"LU {s['lu_nonzeros']} non-zeros>"
        )

    # --- computation -----------------------------------------------------------------------
    def _system(self, temp, pressure, rh, h2o, photolysis, sun, fixed):
        sys_ = _core._KineticSystem(self._m)
        env = sys_.set_environment(
            float(temp), float(pressure), float(rh), None if h2o is None else float(h2o)
        )
        spec = _photolysis_spec(photolysis)
        if spec[0] != "none":
            sys_.set_photolysis(list(photolysis_rates(photolysis, [0.0])[0]))
        sys_.set_sun(float(sun))
        for name, value in (fixed or {}).items():
            sys_.set_fixed(str(name), float(value))
        return sys_, env, spec

    def rate_constants(
        self,
        temp: float = 298.15,
        pressure: float = 1013.25,
        rh: float = 0.0,
        *,
        h2o: float | None = None,
        photolysis: PhotolysisSpec = None,
        sun: float = 1.0,
        concentrations: Mapping[str, float] | None = None,
    ) -> pd.Series:
        """Rate constants (pandas.Series by reaction tag) at T (K), P (hPa) and RH (%).

        ``photolysis`` is read at t = 0 (for SolarPhotolysis: its start time).  RO2 permutation
        reactions give k' * RO2 with RO2 summed from ``concentrations``
        (molecule cm-3); without them, their RO2-free factor k'.
        """
        import pandas as pd

        sys_, _, _ = self._system(temp, pressure, rh, h2o, photolysis, sun, None)
        y: list[float] = []
        if concentrations is not None:
            names = sys_.variable_names
            y = [0.0] * len(names)
            index = {n: i for i, n in enumerate(names)}
            for k, v in concentrations.items():
                if k not in index:
                    raise KeyError(f"{k}: not a variable species of mechanism {self.name!r}")
                y[index[k]] = float(v)
        k = sys_.rate_constants(y)
        s = pd.Series(np.asarray(k), index=pd.Index(sys_.reaction_tags, name="reaction"), name="k")
        s.attrs["units"] = "cm3 molecule-1 s-1 (order - 1 powers), s-1 for first order"
        return s

    def _solver_prototype(self) -> _core._Solver:
        """A never-run C++ solver whose kinetic system (sparse pattern, symbolic LU) new
        solvers copy: building it is most of a short run's cost (3.5 ms for MCM isoprene)."""
        if self._prototype is None:
            self._prototype = _core._Solver(self._m, ROSENBROCK)
        return self._prototype

    def solver(self, **settings: Any) -> Solver:
        """A reusable :class:`~aqm.chem.solver.Solver` for this mechanism: it keeps the sparse
        symbolic LU and the last step size between calls.  Settings as :meth:`integrate`
        (conditions, photolysis, units, method, tolerances, constrained/loss/source/fixed)."""
        from .solver import Solver

        return Solver(self, **settings)

    def override_rates(self, rates: Mapping[str, float | str]) -> Mechanism:
        """A copy of the mechanism with named rate coefficients (``KNO3AL``) or reactions (by
        tag) given new values or expressions: ``{"KNO3AL": "1.44e-12*EXP(-1862/TEMP)"}``."""
        core = self._m.copy()
        for name, value in rates.items():
            text = repr(float(value)) if isinstance(value, (int, float)) else str(value)
            core.override_rate(str(name), text)
        out = type(self)(core, self._source)
        out._overrides = {**self._overrides, **{str(k): v for k, v in rates.items()}}
        return out

    def integrate(
        self,
        initial: Mapping[str, float] | None,
        times: Sequence[float],
        *,
        temp: TimeSeries = 298.15,
        pressure: TimeSeries = 1013.25,
        rh: TimeSeries = 0.0,
        h2o: TimeSeries | None = None,
        M: TimeSeries | None = None,
        O2: TimeSeries | None = None,
        N2: TimeSeries | None = None,
        photolysis: Photolysis = None,
        interpolation: str = "linear",
        update: str = "stage",
        sun: float = 1.0,
        units: str = "molecule cm-3",
        method: str = ROSENBROCK.method,
        rtol: float = ROSENBROCK.rtol,
        atol: float | Mapping[str, float] = ROSENBROCK.atol,
        constrained: Sequence[str] = (),
        loss: Mapping[str, float] | None = None,
        source: Mapping[str, float] | None = None,
        fixed: Mapping[str, float] | None = None,
        clip_negative: bool = ROSENBROCK.clip_negative,
        ro2_jacobian: bool = ROSENBROCK.ro2_jacobian,
        max_steps: int = ROSENBROCK.max_steps,
        hmax: float = ROSENBROCK.hmax,
        use_file_initial_values: bool = True,
    ) -> xr.Dataset:
        """Integrate a box through ``times`` (s; ``times[0]`` is the start).

        ``initial`` gives variable species in ``units`` (others start at the file's initial
        values, else 0).  ``temp`` (K), ``pressure`` (hPa), ``rh`` (%) and, to set them
        directly, ``M``, ``O2``, ``N2``, ``h2o`` (molecule cm-3) are numbers or series over
        time (a pandas Series indexed by seconds or a ``(times, values)`` pair; ``interpolation``
        "linear" or "step").  ``photolysis``: None (dark), a ``{J number: value}`` mapping,
        :class:`FixedZenith`, :class:`SolarPhotolysis` (J follows the sun inside each interval),
        :class:`~aqm.chem.solver.UserZenith`, a function of time giving J by number, a
        :class:`~aqm.chem.solver.JTable`, or a list of one of these with JTable entries.
        ``update="interval"`` holds the conditions through each output interval (KPP's
        drivers).  ``constrained`` species are held at their initial value; ``loss`` (s-1) and
        ``source`` (``units`` per s) add first-order loss and zero-order production per species.

        Returns an ``xarray.Dataset`` with ``concentration`` (time x species) in ``units`` and the
        solver status and statistics in ``attrs``.  A failed solve warns (RuntimeWarning) and
        leaves NaN after the last successful output time.  For repeated runs keep a
        :meth:`solver`.
        """
        units = _solver_unit(units)
        solver = self.solver(
            temp=temp,
            pressure=pressure,
            rh=rh,
            M=M,
            O2=O2,
            N2=N2,
            H2O=h2o,
            photolysis=photolysis,
            interpolation=interpolation,
            update=update,
            units=units,
            constrained=constrained,
            loss=loss,
            source=source,
            fixed=fixed,
            method=method,
            rtol=rtol,
            atol=atol,
            clip_negative=clip_negative,
            ro2_jacobian=ro2_jacobian,
            max_steps=max_steps,
            hmax=hmax,
        )
        if sun != 1.0:
            solver._core.set_sun(float(sun))
        return solver.integrate(initial, times, use_file_initial_values=use_file_initial_values)
