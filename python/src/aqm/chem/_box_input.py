"""How :class:`~aqm.chem.BoxModel` reads its inputs: times (datetimes local to ``start``, or
seconds), series or constants, concentrations in any unit converted with the air density of
the environment at each series time, emission rates, and the ``scale`` targets and RIR groups
of its runs.  The series helpers are a mixin: the model's state (``start``, ``duration_s``,
the environment series) is :class:`BoxModel`'s."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .. import _core
from ..species import concentration_unit

_box = _core.box
_PPB_H = 3600.0  # s per h
_SCALE = {"initial": 1, "constraint": 2, "emission": 4, "background": 8}


def _to_datetime(value: Any) -> _dt.datetime:
    return pd.Timestamp(value).to_pydatetime()


def _hours(value: Any) -> float:
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value)
    return pd.Timedelta(value).total_seconds() / 3600.0


class _SeriesInput:
    """Input conversion of :class:`~aqm.chem.BoxModel` (which sets these attributes)."""

    start: _dt.datetime
    duration_s: float
    _env_t: np.ndarray
    _env_temp: np.ndarray
    _env_p: np.ndarray

    def _seconds(self, index: Any) -> np.ndarray:
        idx = pd.Index(index)
        if isinstance(idx, pd.DatetimeIndex):
            return (idx - pd.Timestamp(self.start)).total_seconds().to_numpy(dtype=float)
        if isinstance(idx, pd.TimedeltaIndex):
            return idx.total_seconds().to_numpy(dtype=float)
        return np.asarray(idx, dtype=float)

    def _series(self, data: Any, name: str) -> tuple[np.ndarray, np.ndarray]:
        if isinstance(data, pd.Series):
            t, v = self._seconds(data.index), data.to_numpy(dtype=float)
        elif np.isscalar(data):
            t = np.array([0.0, self.duration_s])
            v = np.array([float(data), float(data)])
        else:
            raise TypeError(f"{name}: give a pandas Series (time index) or a number")
        if np.isnan(v).any():
            keep = ~np.isnan(v)
            t, v = t[keep], v[keep]
        return t, v

    def _air(self, t: np.ndarray) -> np.ndarray:
        temp = np.interp(t, self._env_t, self._env_temp)
        p = np.interp(t, self._env_t, self._env_p)
        return np.array([_box.air_density(a, b) for a, b in zip(temp, p)])

    def _to_molecules(
        self, t: np.ndarray, v: np.ndarray, units: str, mw: float | None, name: str
    ) -> np.ndarray:
        try:
            u = concentration_unit(units)
        except _core.UnitError:
            raise _core.UnitError(f"{name}: unknown concentration unit {units!r}") from None
        if u == "molecule cm-3":
            return v
        if u in ("ppb", "ppt", "ppm"):
            factor = {"ppb": 1e-9, "ppt": 1e-12, "ppm": 1e-6}[u]
            return v * factor * self._air(t)
        if u == "ug m-3":
            if not mw:
                raise _core.UnitError(f"{name}: ug m-3 needs the molecular weight (mw=...)")
            return np.array(
                [_box.convert_concentration(x, "ug m-3", "molecule cm-3", mw=mw) for x in v]
            )
        raise _core.UnitError(f"{name}: unknown concentration unit {units!r}")

    def _as_table(self, data: Any) -> dict[str, Any]:
        if isinstance(data, pd.DataFrame):
            return {c: data[c] for c in data.columns}
        if isinstance(data, pd.Series) and data.name is not None:
            return {str(data.name): data}
        if isinstance(data, Mapping):
            return dict(data)
        raise TypeError("give a DataFrame (one column per species) or a mapping {species: series}")

    def _emission_rate(
        self, t: np.ndarray, v: np.ndarray, units: str, name: str
    ) -> tuple[np.ndarray, bool]:
        """Rates in the C++ units (molecule cm-3 s-1, or cm-2 s-1 then per_area) from `units`."""
        u = units.strip().lower()
        if u in ("molecule cm-3 s-1", "molec cm-3 s-1"):
            return np.asarray(v, dtype=float), False
        if u == "ppb h-1":
            return np.asarray(v * 1e-9 * self._air(t) / _PPB_H, dtype=float), False
        if u in ("molecule cm-2 s-1", "molec cm-2 s-1"):
            return np.asarray(v, dtype=float), True
        raise _core.UnitError(f"{name}: unknown emission unit {units!r}")

    def _ppb_ref(self) -> float:
        """molecule cm-3 per ppb at the mean T and p (attribution's case table)."""
        return 1e-9 * _box.air_density(float(np.mean(self._env_temp)), float(np.mean(self._env_p)))


def _rir_group(name: str, species: Sequence[str]) -> Any:
    g = _box.RirGroup()
    g.name, g.species = str(name), list(species)
    return g


def _scale_mask(what: Sequence[str]) -> int:
    if isinstance(what, str):
        what = [what]
    mask = 0
    for w in what:
        if w not in _SCALE:
            raise ValueError(f"scale: unknown target {w!r} (use {', '.join(_SCALE)})")
        mask |= _SCALE[w]
    return mask
