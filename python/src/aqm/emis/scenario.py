"""Control scenarios from TOML: measures, growth and targets; the algebra runs in C++.

File layout (see data/emis/hangzhou_2025_plan.toml)::

    [scenario]
    name = "..."; base_year = 2020; target_year = 2025

    [[growth]]            # activity A_t / A_0 by sector (annual_rate or factor)
    sector = "transport/onroad_diesel"; annual_rate = 0.02

    [[measure]]           # technology k: removal efficiency eta_k, penetration X_k
    name = "..."; sector = "industry/cement"; pollutant = ["NOx", "PM2.5"]
    efficiency = 0.7; penetration_base = 0.0; penetration_target = 0.9
    region = ["jiande", "tonglu"]     # optional, default every place

    [[target]]
    pollutant = "NOx"; change_percent = -10      # vs the base year

    [[adjust]]            # correct the base inventory first (e.g. a top-down ratio)
    sector = "solvent"; pollutant = "NMVOC"; factor = 0.44
    region = ["xiaoshan"]                        # optional, default every place

``pollutant`` and ``region`` take a string or a list; a list expands into one technology per
item, all reported under the measure's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .. import _core
from .._config import Key, check_table
from .._toml import load_toml
from ..io import _frame_from_tuple

if TYPE_CHECKING:  # for annotations only: inventory imports this module
    from .inventory import Inventory

_e = _core.emis

_ADJUST_KEYS = {"sector", "pollutant", "factor", "region", "note"}
# Types and ranges (the defaults stay in Scenario and Scenario.to_core).
_NAMES = Key((str, list), item=str)
_FRACTION = Key(float, low=0.0, high=1.0)
_REQUIRED_FRACTION = Key(float, required=True, low=0.0, high=1.0)
_SCHEMAS: dict[str, dict[str, Key]] = {
    "scenario": {
        "name": Key(str),
        "base_year": Key(int, low=1900, high=2200),
        "target_year": Key(int, low=1900, high=2200),
        "description": Key(str),
        "source": Key(str),
    },
    "measure": {
        "name": Key(str, required=True),
        "sector": Key(str, required=True),
        "pollutant": _NAMES,
        "region": _NAMES,
        "efficiency": _REQUIRED_FRACTION,
        "penetration_base": _FRACTION,
        "penetration_target": _REQUIRED_FRACTION,
        "note": Key(str),
        "plan_text": Key(str),
    },
    "growth": {
        "sector": Key(str, required=True),
        "region": _NAMES,
        "annual_rate": Key(float, low=-1.0, high=10.0),
        "factor": Key(float, low=0.0, high=1e6),
        "note": Key(str),
    },
    "target": {
        "pollutant": Key(str, required=True),
        "sector": Key(str),
        "change_percent": Key(float, required=True, low=-100.0, high=1e6),
        "note": Key(str),
    },
}


def _checked(source: str, where: str, entry: Any, kind: str) -> None:
    """Type and range of every key of one entry (``where`` names it), before any work."""
    if isinstance(entry, dict):
        _check_keys(entry, set(_SCHEMAS[kind]), f"{source}: {where}")
    check_table(source, where, entry, _SCHEMAS[kind], Path(source).parent, fill_defaults=False)


def _entries(source: str, d: dict, table: str) -> list:
    entries = d.get(table, [])
    if not isinstance(entries, list):
        raise ValueError(f"{source}: {table} must be an array of tables [[{table}]]")
    return entries


def _as_list(x: Any) -> list:
    return list(x) if isinstance(x, (list, tuple)) else [x]


@dataclass
class Scenario:
    """Measures, growth and targets for projecting a base-year inventory."""

    name: str = "scenario"
    base_year: int = 2020
    target_year: int = 2025
    measures: list[dict] = field(default_factory=list)
    growth: list[dict] = field(default_factory=list)
    targets: list[dict] = field(default_factory=list)
    adjustments: list[dict] = field(default_factory=list)
    source: str = ""
    description: str = ""

    @classmethod
    def from_toml(cls, path: str | Path) -> Scenario:
        path = Path(path)
        if not path.exists():
            raise FileNotFoundError(2, f"{path}: no such scenario file", str(path))
        return cls.from_dict(load_toml(path), source=str(path))

    @classmethod
    def from_dict(cls, d: dict, source: str = "<dict>") -> Scenario:
        head = d.get("scenario", {})
        unknown = set(d) - {"scenario", "measure", "growth", "target", "adjust"}
        if unknown:
            raise ValueError(f"{source}: unknown table(s) {sorted(unknown)}")
        if not d:  # an empty file would apply as "no change" without a word
            raise ValueError(
                f"{source}: empty scenario: no [scenario], [[measure]], [[growth]], "
                "[[target]] or [[adjust]]"
            )
        _checked(source, "scenario", head, "scenario")
        sc = cls(
            name=str(head.get("name", Path(source).stem)),
            base_year=int(head.get("base_year", 2020)),
            target_year=int(head.get("target_year", 2025)),
            source=source,
            description=str(head.get("description", "")),
        )
        for k, m in enumerate(_entries(source, d, "measure")):
            name = m.get("name", "?") if isinstance(m, dict) else "?"
            _checked(source, f"measure[{k + 1}] ({name})", m, "measure")
            if any(earlier["name"] == name for earlier in sc.measures):
                # Results are reported per measure name: two would be summed silently.
                raise ValueError(
                    f"{source}: [measure[{k + 1}] ({name})] name: another measure has this name"
                )
            sc.measures.append(dict(m))
        for k, g in enumerate(_entries(source, d, "growth")):
            where = f"growth[{k + 1}] ({g.get('sector', '?') if isinstance(g, dict) else '?'})"
            _checked(source, where, g, "growth")
            where = f"{source}: {where}"
            if ("annual_rate" in g) == ("factor" in g):
                raise ValueError(f"{where}: give exactly one of 'annual_rate' or 'factor'")
            sc.growth.append(dict(g))
        for k, t in enumerate(_entries(source, d, "target")):
            _checked(source, f"target[{k + 1}]", t, "target")
            sc.targets.append(dict(t))
        for k, a in enumerate(_entries(source, d, "adjust")):
            sc.adjustments.append(_checked_adjustment(a, f"{source}: adjust[{k + 1}]"))
        sc.to_core().validate()
        return sc

    def to_core(self) -> _core.emis.Scenario:
        core = _e.Scenario()
        core.name, core.source = self.name, self.source
        core.base_year, core.target_year = self.base_year, self.target_year
        measures = []
        for m in self.measures:
            for pol in _as_list(m.get("pollutant", "*")):
                for reg in _as_list(m.get("region", "*")):
                    measures.append(
                        _e.Measure(
                            m["name"],
                            m["sector"],
                            pol,
                            reg,
                            float(m["efficiency"]),
                            float(m.get("penetration_base", 0.0)),
                            float(m["penetration_target"]),
                        )
                    )
        core.measures = measures
        growth = []
        for g in self.growth:
            for reg in _as_list(g.get("region", "*")):
                growth.append(
                    _e.Growth(
                        g["sector"],
                        reg,
                        float(g.get("annual_rate", 0.0)),
                        None if "factor" not in g else float(g["factor"]),
                    )
                )
        core.growth = growth
        core.targets = [
            _e.Target(t["pollutant"], t.get("sector", "*"), float(t["change_percent"]))
            for t in self.targets
        ]
        return core


def _checked_adjustment(a: dict, where: str) -> dict:
    _check_keys(a, _ADJUST_KEYS, where)
    for key in ("sector", "pollutant", "factor"):
        if key not in a:
            raise KeyError(f"{where}: missing '{key}'")
    f = a["factor"]
    if isinstance(f, bool) or not isinstance(f, (int, float)) or not (0 <= f < float("inf")):
        raise ValueError(f"{where}: 'factor' must be a finite number >= 0, got {f!r}")
    for key in ("sector", "pollutant"):
        if not isinstance(a[key], str) or not a[key]:
            raise ValueError(f"{where}: '{key}' must be a non-empty string, got {a[key]!r}")
    return dict(a)


def _check_keys(d: dict, allowed: set[str], where: str) -> None:
    unknown = set(d) - allowed
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {sorted(unknown)} (allowed: {sorted(allowed)})")


class ScenarioResult:
    """Scenario inventory plus tables: scale factors, change by sector and pollutant,
    contributions of growth and each measure, and target checks."""

    def __init__(self, r: _core.emis.ScenarioResult, scenario: Scenario, inventory: Inventory):
        """``inventory``: the :class:`aqm.emis.Inventory` around ``r.inventory`` (made by
        ``Inventory.apply``, so this module does not import ``inventory``)."""
        self.scenario = scenario
        self._r = r
        self.inventory = inventory
        inv = self.inventory
        # (sector, pollutant, place): a view of the C++ result's memory, no copy
        self.scale = r.scale.reshape(len(inv.sectors), len(inv.pollutants), len(inv.places))

    # The tables are built on first use: applying a scenario in a loop (or only to get the
    # inventory) does not pay for pandas.
    @cached_property
    def base_totals(self) -> pd.DataFrame:
        return _frame_from_tuple(self._r.base_totals)

    @cached_property
    def scenario_totals(self) -> pd.DataFrame:
        return _frame_from_tuple(self._r.scenario_totals)

    @cached_property
    def change_percent(self) -> pd.DataFrame:
        return _frame_from_tuple(self._r.change_percent)

    @cached_property
    def scale_factors(self) -> pd.DataFrame:
        return _frame_from_tuple(self._r.scale_factors)

    @cached_property
    def contributions(self) -> pd.DataFrame:
        contrib = _frame_from_tuple(self._r.contributions)
        # technologies expanded from one measure carry numbered duplicate names: merge them
        base = [re.sub(r" #\d+$", "", n) for n in contrib.index]
        return contrib.groupby(pd.Index(base, name="driver"), sort=False).sum()

    @cached_property
    def targets(self) -> pd.DataFrame:
        rows = [
            {
                "pollutant": t.target.pollutant,
                "sector": t.target.sector,
                "target_percent": t.target.change_percent,
                "base": t.base,
                "scenario": t.scenario,
                "change_percent": t.change_percent,
                "met": t.met,
            }
            for t in self._r.targets
        ]
        return pd.DataFrame(rows)

    def change_table(self) -> pd.DataFrame:
        """Long table: sector, pollutant, base, scenario, change, change_percent."""
        b = self.base_totals.stack().rename("base")
        s = self.scenario_totals.stack().rename("scenario")
        df = pd.concat([b, s], axis=1).reset_index()
        df["change"] = df["scenario"] - df["base"]
        with np.errstate(divide="ignore", invalid="ignore"):
            df["change_percent"] = np.where(
                df["base"] != 0, 100 * (df["scenario"] / df["base"] - 1), np.nan
            )
        return df

    def top_measures(self, pollutant: str, n: int = 5) -> pd.Series:
        """Measures with the largest reductions of `pollutant` (negative = reduction)."""
        col = self.contributions[pollutant].drop("growth", errors="ignore")
        return col[col != 0].sort_values().head(n)

    def summary(self) -> str:
        lines = [
            f"scenario {self.scenario.name}: {self.scenario.base_year} -> "
            f"{self.scenario.target_year}"
        ]
        tot_b, tot_s = self.base_totals.sum(), self.scenario_totals.sum()
        for pol in self.base_totals.columns:
            if tot_b[pol] == 0:
                continue
            unit = self.base_totals.attrs["units"][pol]
            lines.append(
                f"  {pol:8s} {tot_b[pol]:14.1f} -> {tot_s[pol]:14.1f} {unit} "
                f"({100 * (tot_s[pol] / tot_b[pol] - 1):+.1f} %)"
            )
        for _, t in self.targets.iterrows():
            flag = "met" if t["met"] else "NOT met"
            lines.append(
                f"  target {t['pollutant']} ({t['sector']}) {t['target_percent']:+.1f} %:"
                f" achieved {t['change_percent']:+.1f} % -> {flag}"
            )
            for name, v in self.top_measures(t["pollutant"], 3).items():
                lines.append(f"      {name}: {v:+.1f}")
        return "\n".join(lines)
