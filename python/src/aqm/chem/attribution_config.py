"""Inputs of :mod:`aqm.chem.attribution` from an emission inventory and a TOML file.

- :func:`inventory_sources`: one source per inventory sector with NMVOC or NOx at one place,
  as ``examples/python/plan_o3_chain.py`` (CB6 speciation, NOx split into NO/NO2 by moles,
  diurnal profiles, fluxes over the place's area); CO stays in the box unattributed.
- :func:`plan_factors`: a scenario's E_plan / E_base of NMVOC and NOx per inventory sector.
- :func:`from_config`: an :class:`~aqm.chem.attribution.Attribution` from a ``[box]`` table
  with a ``[box.attribution]`` table (``data/box/hangzhou_attribution.toml``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._typing import DateLike, TomlTable
from .attribution import Attribution

if TYPE_CHECKING:
    from .._typing import SpeciationProfiles
    from ..emis import Inventory, Scenario

__all__ = ["InventorySources", "from_config", "inventory_sources", "plan_factors"]


@dataclass
class InventorySources:
    """Per-source fluxes (molecule cm-2 s-1 by local hour 0-23) of one place of an inventory."""

    emissions: dict[str, pd.DataFrame]  # source (inventory sector) -> hour x species (VOC, NOx)
    other: pd.DataFrame  # hour x species kept in the box unattributed (CO)
    total: pd.DataFrame  # the whole inventory's fluxes, as plan_o3_chain.py
    tonnes: pd.DataFrame  # source x [NMVOC, NOx], t/yr at the place

    def day(self, table: pd.DataFrame, start: DateLike) -> pd.DataFrame:
        """A 24-hour table on datetimes from ``start``, closed at 24 h by hour 0's values."""
        t0 = pd.Timestamp(start)
        hours = pd.DatetimeIndex([t0 + pd.Timedelta(hours=h) for h in range(25)])
        return pd.concat([table, table.iloc[[0]]]).set_axis(hours)


def _fluxes(
    inv: Any, place: str, height_m: float, area_m2: float, no2_fraction: float
) -> pd.DataFrame:
    rates = inv.box_rates(place, height_m=height_m, area_m2=area_m2)
    flux = rates * height_m * 100.0  # a box of height_m metres -> per cm2 of ground
    nox = flux.pop("NOx")
    flux["NO"], flux["NO2"] = (1 - no2_fraction) * nox, no2_fraction * nox
    return flux.drop(columns=["UNR"], errors="ignore")  # unreactive mass is not simulated


def _moles(inventory: Any, profiles: Any = None) -> Any:
    # NOx as NO2 and CO to moles (NMVOC is speciated to moles of mechanism species).
    return (
        inventory.convert_units("NOx", "mol/yr", molecular_weight=46.0055)
        .convert_units("CO", "mol/yr", molecular_weight=28.010)
        .speciate("NMVOC", profiles=profiles)
    )


def _place_tonnes(inventory: Any, place: str) -> pd.DataFrame:
    df = inventory.to_dataframe()
    df = df[(df.place == place) & df.pollutant.isin(["NMVOC", "NOx"])]
    bad = df[~df.unit.isin(["t/yr"])]
    if len(bad):
        raise ValueError(
            f"inventory: NMVOC/NOx must be in t/yr for tonnes (got {bad.unit.iloc[0]!r})"
        )
    return df.pivot_table(index="sector", columns="pollutant", values="value", aggfunc="sum")


def inventory_sources(
    inventory: Inventory,
    place: str,
    *,
    height_m: float = 1000.0,
    area_m2: float = 0.0,
    nox_no2_fraction: float = 0.1,
    profiles: SpeciationProfiles | None = None,
) -> InventorySources:
    """One source per inventory sector with NMVOC or NOx at ``place``: CB6 speciation (the
    bundled profiles, or ``profiles``: anything ``Inventory.speciate`` takes, e.g. a localized
    ``aqm.voc.ProfileLibrary``), NOx split into NO/NO2 by moles (``nox_no2_fraction`` NO2),
    diurnal profiles, fluxes over the place's area (``area_m2``; 0 = a grid cell's area); CO
    stays unattributed (``other``)."""
    if place not in inventory.places:
        raise KeyError(f"inventory: unknown place {place!r}")
    if not 0 <= nox_no2_fraction <= 1:
        raise ValueError("nox_no2_fraction: must be between 0 and 1")
    tonnes = _place_tonnes(inventory, place).reindex(columns=["NMVOC", "NOx"]).fillna(0.0)
    tonnes = tonnes[(tonnes > 0).any(axis=1)]
    moles = _moles(inventory, profiles)
    total = _fluxes(moles, place, height_m, area_m2, nox_no2_fraction)
    other = total[[c for c in ("CO",) if c in total.columns]]
    pollutants = moles.pollutants
    emissions = {}
    for sector in tonnes.index:
        rest = [s for s in moles.sectors if s != sector]
        only = moles.scale(
            {p: dict.fromkeys(rest, 0.0) for p in pollutants}, source=f"only {sector}"
        )
        emissions[sector] = _fluxes(only, place, height_m, area_m2, nox_no2_fraction).drop(
            columns=["CO"], errors="ignore"
        )
    return InventorySources(emissions, other, total, tonnes.astype(float))


def plan_factors(
    inventory: Inventory, scenario: Scenario | str | Path, place: str, sources: Sequence[str]
) -> pd.DataFrame:
    """Scenario factors E_plan / E_base of NMVOC and NOx per source (inventory sector) at a
    place (``Inventory.scenario_scale``; 1 where the base is zero)."""
    scale = np.asarray(inventory.scenario_scale(scenario))
    r = inventory.places.index(place)
    rows = {}
    for s in sources:
        i = inventory.sectors.index(s)
        rows[s] = {p: float(scale[i, inventory.pollutants.index(p), r]) for p in ("NMVOC", "NOx")}
    df = pd.DataFrame(rows).T
    return df.where(np.isfinite(df), 1.0)


# ---------------------------------------------------------------------- TOML
def from_config(cfg: TomlTable, base_dir: str | Path = ".") -> tuple[Attribution, dict]:
    """An :class:`Attribution` from a TOML ``[box]`` table with a ``[box.attribution]``
    table (see ``data/box/hangzhou_attribution.toml``); returns it with the run options
    (``plan`` as factors, ``cut``, ``metric``, ...)."""
    from ..emis import Inventory
    from .box_config import ATTRIBUTION_SCHEMA
    from .box_config import from_config as box_from_config

    base = Path(base_dir)
    a = dict(cfg.get("attribution", {}))
    unknown = set(a) - set(ATTRIBUTION_SCHEMA)
    if unknown:
        raise KeyError(f"[box.attribution]: unknown keys {', '.join(sorted(unknown))}")
    for key in ("inventory", "place"):
        if key not in a:
            raise KeyError(f"[box.attribution]: '{key}' is required")

    def path(p: str) -> Path:
        q = Path(p)
        return q if q.is_absolute() else base / q

    name = str(a["inventory"])
    inv = Inventory.from_csv(path(name)) if name.endswith(".csv") else Inventory.bundled(name)
    profiles = None
    if "profiles" in a:  # a localized profile library (aqm voc profiles / aqm voc run)
        from ..voc import ProfileLibrary

        profiles = ProfileLibrary.read(path(str(a["profiles"])))
    src = inventory_sources(
        inv,
        str(a["place"]),
        height_m=float(a.get("mix_height_m", 1000.0)),
        area_m2=float(a.get("area_m2", 0.0)),
        nox_no2_fraction=float(a.get("nox_no2_fraction", 0.1)),
        profiles=profiles,
    )
    box = box_from_config(cfg, base)
    start = box.start
    if len(src.other.columns):
        box.emission(src.day(src.other, start), units="molecule cm-2 s-1")
    emissions = {s: src.day(df, start) for s, df in src.emissions.items()}
    sectors = _sectors_from_selectors(a.get("sectors"), list(emissions))
    att = Attribution(box, emissions, units="molecule cm-2 s-1", sectors=sectors, tonnes=src.tonnes)
    options: dict[str, Any] = {
        k: a[k] for k in ("cut", "metric", "species_rir", "small_cut", "n_threads") if k in a
    }
    if "plan" in a:
        options["plan"] = plan_factors(inv, path(str(a["plan"])), str(a["place"]), att.sources)
    return att, options


def _sectors_from_selectors(
    spec: Mapping[str, Any] | None, sources: list[str]
) -> dict[str, list[str]] | None:
    """``{sector: [selector, ...]}``: a selector takes an inventory sector and everything below
    it (``"solvent"`` takes ``solvent/printing``)."""
    if spec is None:
        return None
    out: dict[str, list[str]] = {}
    for sector, selectors in spec.items():
        if isinstance(selectors, str):
            selectors = [selectors]
        out[str(sector)] = [
            s for s in sources if any(s == sel or s.startswith(sel + "/") for sel in selectors)
        ]
        if not out[str(sector)]:
            raise KeyError(
                f"[box.attribution.sectors]: {sector!r} matches no inventory sector "
                f"with NMVOC or NOx ({', '.join(selectors)})"
            )
    return out
