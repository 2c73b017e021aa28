"""Pickling of the C++ value types, so that every object a batch worker needs can be shipped.

The bound structs (profiles, inventories, scenario parts, grids) are rebuilt from the fields
they expose; nothing of the C++ memory layout crosses a process.  Objects that hold compiled
state (``aqm.chem.Mechanism``, ``aqm.chem.BoxModel``) ship their source instead: see
``chem/_source.py``.  ``register()`` runs once when ``aqm`` is imported.
"""

from __future__ import annotations

import copyreg
from typing import Any, Callable

import numpy as np

from . import _core

_e = _core.emis
_v = _core.voc


def _from_fields(cls: type, fields: dict[str, Any]) -> Any:
    """A default-constructed ``cls`` with its read-write fields set."""
    obj = cls()
    for name, value in fields.items():
        setattr(obj, name, value)
    return obj


def _by_fields(*names: str) -> Callable[[Any], tuple]:
    def reduce(obj: Any) -> tuple:
        return _from_fields, (type(obj), {n: getattr(obj, n) for n in names})

    return reduce


def _by_args(*names: str) -> Callable[[Any], tuple]:
    """Rebuilt by calling the class with these attributes, in order."""

    def reduce(obj: Any) -> tuple:
        return type(obj), tuple(getattr(obj, n) for n in names)

    return reduce


def _inventory(values: np.ndarray, spec: dict[str, Any]) -> Any:
    if spec["grid"] is None:
        inv = _e.Inventory(
            spec["sectors"],
            spec["pollutants"],
            spec["places"],
            spec["time"],
            spec["units"],
            spec["year"],
        )
    else:
        grid = _e.LatLonGrid(*spec["grid"])
        inv = _e.Inventory.on_grid(
            spec["sectors"], spec["pollutants"], grid, spec["time"], spec["units"], spec["year"]
        )
    inv.name = spec["name"]
    inv.values = values
    inv.set_history(spec["history"])
    return inv


def _reduce_inventory(inv: Any) -> tuple:
    grid = inv.grid
    spec = {
        "name": inv.name,
        "year": inv.year,
        "sectors": inv.sectors,
        "pollutants": inv.pollutants,
        "places": inv.places,
        "time": inv.time,
        "units": inv.units,
        "history": inv.history,
        "grid": None if grid is None else (list(grid.lon_edges), list(grid.lat_edges)),
    }
    return _inventory, (np.array(inv.values, copy=True), spec)


def _lat_lon_grid(lon: list[float], lat: list[float]) -> Any:
    return _e.LatLonGrid(lon, lat)


def _temporal_profile(obj: Any) -> tuple:
    return type(obj), (
        obj.name,
        list(obj.monthly),
        list(obj.weekly),
        list(obj.diurnal),
        obj.monthly_mode,
    )


def _growth(obj: Any) -> tuple:
    return type(obj), (obj.sector, obj.region, obj.annual_rate, obj.factor)


def _target(obj: Any) -> tuple:
    return type(obj), (obj.pollutant, obj.sector, obj.change_percent)


def _scenario(obj: Any) -> tuple:
    return _from_fields, (
        type(obj),
        {
            n: getattr(obj, n)
            for n in ("name", "source", "base_year", "target_year", "growth", "measures", "targets")
        },
    )


_REDUCERS: dict[Any, Callable[[Any], tuple]] = {
    _e.Inventory: _reduce_inventory,
    _e.LatLonGrid: lambda g: (_lat_lon_grid, (list(g.lon_edges), list(g.lat_edges))),
    _e.SpeciationProfile: _by_args("name", "compounds", "fractions", "source"),
    _e.CompoundMapping: _by_args("compound", "molecular_weight", "species"),
    _e.SpeciesMapping: _by_args("name", "species_mw", "compounds"),
    _e.TemporalProfile: _temporal_profile,
    _e.Measure: _by_args(
        "name",
        "sector",
        "pollutant",
        "region",
        "efficiency",
        "penetration_base",
        "penetration_target",
    ),
    _e.Growth: _growth,
    _e.Target: _target,
    _e.Scenario: _scenario,
    _v.Profile: _by_args("name", "source_type", "species", "values"),
    _v.Lump: _by_args("name", "members"),
    _v.LocalizedProfile: _by_fields(
        "name",
        "source_type",
        "reference",
        "species",
        "fraction",
        "origin",
        "p05",
        "p50",
        "p95",
        "disp_lower",
        "disp_upper",
    ),
    _v.FactorUncertainty: _by_fields("p05", "p50", "p95", "disp_lower", "disp_upper"),
    _v.ProfileLibrary: _by_fields("metadata", "profiles"),
    _v.IdentifyOptions: _by_fields("pd_max", "sid_max", "min_species", "lumps"),
}


def register() -> None:
    for cls, reducer in _REDUCERS.items():
        copyreg.pickle(cls, reducer)
