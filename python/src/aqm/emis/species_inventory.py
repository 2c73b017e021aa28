"""Species-resolved VOC inventory: NMVOC -> explicit registry compounds by sector x place x time.

Each sector gets one profile, chosen in this order (the level is recorded):

- ``localized``: a profile of a :class:`aqm.voc.ProfileLibrary` for the sector's source type
  (:data:`aqm.voc.SECTOR_SOURCE_TYPES`, most specific selector);
- ``reference``: the sector's SPECIATE 5.2 profile(s) in the sector table
  (``data/emis/voc_sector_speciate.csv``; several rows make a weighted composite);
- ``parent``: the reference entry of the nearest parent sector (``residential`` for
  ``residential/cooking``);
- ``default``: the table's ``*`` entry.

A sector with NMVOC and none of these is an error naming it.  Profile mass on species the
registry does not know (SPECIATE species outside it, lumps such as ``xylenes``), methane of TOG
profiles, and the part of a SPECIATE profile not listed becomes the pollutant ``unmapped``, so
compounds + unmapped = NMVOC for every sector, place and time.  The split itself is the C++
``aqm::emis::speciate`` (compounds output), the lumping to mechanism species the C++
``aqm::emis::lump_compounds``.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .. import _core
from .. import species as _species
from ._data import data_file
from ._inventory_xarray import _var_name
from ._lumping import LumpedInventory
from ._lumping import lump as _lump
from .inventory import Inventory

if TYPE_CHECKING:
    from ..voc import ProfileLibrary

_e = _core.emis
UNMAPPED = "unmapped"
LEVELS = ("localized", "reference", "parent", "default")
#: What a SPECIATE profile leaves out of the registry's species (its unlisted share).
OUTSIDE_REGISTRY = "species outside the registry"


@dataclass
class ProfileChoice:
    """The profile of one sector: where it came from and its compound split."""

    sector: str
    level: str
    selector: str  #: sector, parent or "*" whose entry was used
    profile: str  #: profile id ("8751a+8757" for a composite)
    weights: str  #: "8751a:0.5; 8757:0.5" for a composite, "1" for one profile
    source: str
    version: str  #: library version (+ content hash), or the SPECIATE version of each code
    sha256: str  #: first 16 hex digits of the hash of the profile's (compound, fraction) rows
    fractions: dict[str, float] = field(default_factory=dict)  #: registry compound -> share
    unmapped: dict[str, float] = field(default_factory=dict)  #: what the unmapped share holds

    @property
    def unmapped_fraction(self) -> float:
        return 1.0 - math.fsum(self.fractions.values())

    def record(self) -> dict[str, object]:
        return {
            "sector": self.sector,
            "level": self.level,
            "selector": self.selector,
            "profile": self.profile,
            "weights": self.weights,
            "source": self.source,
            "version": self.version,
            "sha256": self.sha256,
            "n_compounds": len(self.fractions),
            "unmapped_fraction": self.unmapped_fraction,
        }


# ------------------------------------------------------------------------------ sector table
def read_sector_table(path: str | Path | None = None) -> pd.DataFrame:
    """The sector -> SPECIATE code table (``sector, profile_code, weight[, rationale]``).

    Weights must be finite, > 0 and sum to 1 per sector; errors name the file, line and sector.
    """
    path = Path(data_file("voc_sector_speciate.csv") if path is None else path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: sector profile table not found")
    with open(path, newline="") as f:
        lines = [(i, line) for i, line in enumerate(f, start=1) if not line.startswith("#")]
    reader = csv.DictReader(line for _, line in lines)
    missing = [c for c in ("sector", "profile_code") if c not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
    rows = []
    for (lineno, _), r in zip(lines[1:], reader):
        where = f"{path}:{lineno}: sector {r['sector']!r}"
        try:
            w = float(r.get("weight") or 1.0)
        except ValueError:
            w = math.nan
        if not (math.isfinite(w) and w > 0):
            raise ValueError(f"{where}: weight {r.get('weight')!r} must be a number > 0")
        if not r["sector"] or not r["profile_code"]:
            raise ValueError(f"{where}: empty sector or profile_code")
        rows.append(
            {
                "sector": r["sector"].strip(),
                "profile_code": r["profile_code"].strip(),
                "weight": w,
                "line": lineno,
            }
        )
    table = pd.DataFrame(rows, columns=["sector", "profile_code", "weight", "line"])
    for sector, grp in table.groupby("sector", sort=False):
        if abs(math.fsum(grp["weight"]) - 1.0) > 1e-9:
            raise ValueError(
                f"{path}:{grp['line'].iloc[0]}: sector {sector!r}: weights sum to "
                f"{math.fsum(grp['weight']):.12g}, not 1"
            )
    table.attrs["source"] = str(path)
    return table


# ------------------------------------------------------------------------------ profiles
def _hash(fractions: Mapping[str, float], unmapped: Mapping[str, float]) -> str:
    text = json.dumps([sorted(fractions.items()), sorted(unmapped.items())])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _split(species_shares: Mapping[str, float], reg) -> tuple[dict, dict]:
    """Registry compounds (canonical names) vs unmapped mass of a profile's shares."""
    known: dict[str, float] = {}
    unknown: dict[str, float] = {}
    for name, share in species_shares.items():
        if name in reg and reg.resolve(name) != "methane":
            canon = reg.resolve(name)
            known[canon] = known.get(canon, 0.0) + share
        else:
            unknown[name] = unknown.get(name, 0.0) + share
    return known, unknown


def _reference_split(frame: pd.DataFrame, code: str, reg) -> tuple[dict, dict, str]:
    rows = frame[frame["profile_code"] == code]
    weights = dict(zip(rows["species"], rows["weight_percent"].astype(float)))
    total = max(100.0, math.fsum(weights.values()))  # SPECIATE weights are % of TOG
    known, unknown = _split({k: v / total for k, v in weights.items()}, reg)
    rest = 1.0 - math.fsum(weights.values()) / total
    if rest > 0.0:
        unknown[OUTSIDE_REGISTRY] = unknown.get(OUTSIDE_REGISTRY, 0.0) + rest
    version = str(rows["version"].iloc[0]) if len(rows) else ""
    return known, unknown, version


def _combine(parts: list[tuple[float, dict]]) -> dict[str, float]:
    out: dict[str, float] = {}
    for w, d in parts:
        for k, v in d.items():
            out[k] = out.get(k, 0.0) + w * v
    return out


class _Sources:
    """Reference table, sector table and optional library, with the lookups of the plan."""

    def __init__(self, table: pd.DataFrame, library: Any) -> None:
        from ..voc import SECTOR_SOURCE_TYPES
        from ..voc.reference import load_reference_profiles

        self.reg = _species.registry()
        self.reference = load_reference_profiles()
        self.codes = set(self.reference["profile_code"].astype(str))
        self.table = table
        self.library = library
        self.source_types = dict(SECTOR_SOURCE_TYPES)
        self.by_type: dict[str, Any] = {}
        if library is not None:
            for p in library._c.profiles:
                self.by_type.setdefault(p.source_type, p)
        where = table.attrs.get("source", "sector table")
        for _, r in table.iterrows():
            if r["profile_code"] not in self.codes:
                raise KeyError(
                    f"{where}:{r['line']}: sector {r['sector']!r}: unknown profile id "
                    f"{r['profile_code']!r} (not in data/voc/reference_profiles.csv)"
                )

    def localized(self, sector: str, level: str) -> ProfileChoice | None:
        sel = _most_specific(self.source_types, sector)
        p = self.by_type.get(self.source_types[sel]) if sel is not None else None
        if p is None:
            return None
        shares = dict(zip(p.species, p.fraction))
        total = math.fsum(shares.values())
        known, unknown = _split({k: v / total for k, v in shares.items()}, self.reg)
        meta = self.library.metadata
        return ProfileChoice(
            sector,
            level,
            sel,
            p.name,
            "1",
            f"localized {meta.get('site', '')} {meta.get('period', '')}".strip(),
            f"{self.library.version} ({self.library.content_hash[:16]})",
            _hash(known, unknown),
            known,
            unknown,
        )

    def reference_entry(self, sector: str, selector: str, level: str) -> ProfileChoice:
        rows = self.table[self.table["sector"] == selector]
        known_parts, unknown_parts, versions = [], [], []
        for code, w in zip(rows["profile_code"], rows["weight"]):
            known, unknown, version = _reference_split(self.reference, code, self.reg)
            known_parts.append((w, known))
            unknown_parts.append((w, unknown))
            versions.append(version)
        known, unknown = _combine(known_parts), _combine(unknown_parts)
        codes = list(rows["profile_code"])
        weights = "; ".join(f"{c}:{w:g}" for c, w in zip(codes, rows["weight"]))
        return ProfileChoice(
            sector,
            level,
            selector,
            "+".join(codes),
            "1" if len(codes) == 1 else weights,
            "SPECIATE 5.2 (data/voc/reference_profiles.csv)",
            "; ".join(f"{c}: SPECIATE {v}" for c, v in zip(codes, versions)),
            _hash(known, unknown),
            known,
            unknown,
        )


def _most_specific(selectors: Mapping[str, Any], sector: str) -> str | None:
    for sel in _chain(sector):
        if sel in selectors:
            return sel
    return None


def _chain(sector: str) -> list[str]:
    """``a/b/c`` -> [a/b/c, a/b, a]."""
    parts = sector.split("/")
    return ["/".join(parts[:k]) for k in range(len(parts), 0, -1)]


def assignment_plan(
    sectors: list[str],
    *,
    library: ProfileLibrary | None = None,
    table: str | Path | pd.DataFrame | None = None,
) -> dict[str, ProfileChoice]:
    """Sector -> :class:`ProfileChoice` for every sector that has a profile at some level."""
    table = table if isinstance(table, pd.DataFrame) else read_sector_table(table)
    src = _Sources(table, library)
    listed = set(table["sector"])
    plan: dict[str, ProfileChoice] = {}
    for sector in sectors:
        choice = src.localized(sector, "localized") if library is not None else None
        if choice is None:
            sel = next((s for s in _chain(sector) if s in listed), None)
            if sel is None and "*" in listed:
                choice = src.reference_entry(sector, "*", "default")
            elif sel is not None:
                level = "reference" if sel == sector else "parent"
                choice = src.reference_entry(sector, sel, level)
        if choice is not None:
            plan[sector] = choice
    return plan


# ------------------------------------------------------------------------------ speciation
@dataclass
class SpeciesInventory:
    """A species-resolved inventory: compounds + ``unmapped`` (mass, the input unit)."""

    inventory: Inventory
    nmvoc: np.ndarray  #: input NMVOC, (sector, place, time)
    pollutant: str
    plan: dict[str, ProfileChoice]

    @property
    def compounds(self) -> list[str]:
        return [p for p in self.inventory.pollutants if p != UNMAPPED]

    def assignment(self) -> pd.DataFrame:
        """The plan: sector, level, selector, profile, source, version, sha256, ..."""
        return pd.DataFrame([c.record() for c in self.plan.values()])

    def unmapped(self) -> pd.DataFrame:
        """Per sector: NMVOC, unmapped mass and share, and what the unmapped share holds."""
        i = self.inventory.pollutants.index(UNMAPPED)
        mass = self.inventory.values[:, i].sum(axis=(1, 2))
        nmvoc = self.nmvoc.sum(axis=(1, 2))
        rows = []
        for s, sector in enumerate(self.inventory.sectors):
            c = self.plan.get(sector)
            rows.append(
                {
                    "sector": sector,
                    "nmvoc": nmvoc[s],
                    "unmapped": mass[s],
                    "share": mass[s] / nmvoc[s] if nmvoc[s] > 0 else 0.0,
                    "holds": "; ".join(
                        f"{k} {v:.4g}"
                        for k, v in sorted((c.unmapped if c else {}).items(), key=lambda kv: -kv[1])
                    ),
                }
            )
        return pd.DataFrame(rows).set_index("sector")

    def conservation(self) -> pd.DataFrame:
        """Per sector: NMVOC total, compounds + unmapped, and the relative differences (of the
        sector total and the largest of any place x time cell)."""
        v = self.inventory.values.sum(axis=1)  # (S, R, T): compounds + unmapped
        tot_in, tot_out = self.nmvoc.sum(axis=(1, 2)), v.sum(axis=(1, 2))
        scale = np.where(tot_in > 0, tot_in, 1.0)
        cell = np.abs(v - self.nmvoc) / np.where(self.nmvoc > 0, self.nmvoc, 1.0)
        return pd.DataFrame(
            {
                "nmvoc": tot_in,
                "speciated": tot_out,
                "relative_difference": np.abs(tot_out - tot_in) / scale,
                "max_cell_relative_difference": cell.max(axis=(1, 2)),
            },
            index=pd.Index(self.inventory.sectors, name="sector"),
        )

    def species_totals(self) -> pd.Series:
        """Total per compound (and unmapped), largest first."""
        t = self.inventory.values.sum(axis=(0, 2, 3))
        return pd.Series(t, index=self.inventory.pollutants).sort_values(ascending=False)

    def lump(self, mechanism: str = "cb6") -> LumpedInventory:
        """Mechanism species in moles (``cb6``: the registry's CB6 mapping, mechanism basis;
        ``mcm``: the registry's MCM names, one mole per mole) + ``unmapped`` mass."""
        return _lump(self, mechanism)

    # ---------------------------------------------------------------- output
    def provenance(self) -> dict[str, str]:
        """The two provenance attributes written with every output (JSON text)."""
        un = self.unmapped()
        return {
            "speciation_profiles": json.dumps(self.assignment().to_dict("records")),
            "unmapped_mass": json.dumps(
                {
                    s: {
                        "mass": float(r["unmapped"]),
                        "share": float(r["share"]),
                        "unit": self.inventory.units[UNMAPPED],
                        "holds": r["holds"],
                    }
                    for s, r in un.iterrows()
                }
            ),
        }

    def to_netcdf(self, path: str | Path) -> None:
        reg = _species.registry()
        info = {
            c: {"cas": str(reg.lookup(c)["cas"]), "molecular_weight": float(reg.lookup(c)["mw"])}
            for c in self.compounds
        }
        write_netcdf(self.inventory, path, self.provenance(), info)

    def to_csv(self, path: str | Path) -> None:
        write_csv(self.inventory, path, self.provenance())


def speciate_inventory(
    inventory: Inventory,
    pollutant: str = "NMVOC",
    *,
    library: ProfileLibrary | str | Path | None = None,
    table: str | Path | pd.DataFrame | None = None,
) -> SpeciesInventory:
    """NMVOC -> registry compounds + ``unmapped`` per sector x place x time (see module doc).

    ``library``: an :class:`aqm.voc.ProfileLibrary` (or its path) whose profiles take the
    sectors of their source types; ``table``: the sector -> SPECIATE table (default bundled).
    """
    if pollutant not in inventory.pollutants:
        raise KeyError(
            f"inventory {inventory.name!r} has no pollutant {pollutant!r} "
            f"(has {', '.join(inventory.pollutants)})"
        )
    if isinstance(library, (str, Path)):
        from ..voc import ProfileLibrary

        library = ProfileLibrary.read(library)
    p0 = inventory.pollutants.index(pollutant)
    values = inventory.values
    nmvoc = values[:, p0]
    plan = assignment_plan(inventory.sectors, library=library, table=table)
    for s, sector in enumerate(inventory.sectors):
        if sector not in plan and np.any(nmvoc[s] != 0):
            raise KeyError(
                f"sector {sector!r} has {pollutant} but no profile: no localized "
                "profile, no entry for it or a parent in the sector table, and no "
                "'*' default"
            )
    core = _e.speciate(
        inventory._c,
        pollutant,
        _core_profiles(plan),
        {s: c.profile for s, c in plan.items()},
        _e.SpeciesMapping("none", {}, []),
        "compounds",
        "mechanism",
    )
    keep = [p for p in core.pollutants if p not in inventory.pollutants]
    out = _select(Inventory(core), keep)
    _check_var_names(out.pollutants)
    return SpeciesInventory(out, nmvoc, pollutant, plan)


def _core_profiles(plan: Mapping[str, ProfileChoice]) -> list:
    seen: dict[str, ProfileChoice] = {}
    for c in plan.values():
        if c.profile in seen and seen[c.profile].sha256 != c.sha256:
            raise ValueError(
                f"profile id {c.profile!r} names two different profiles "
                f"(sectors {seen[c.profile].sector!r} and {c.sector!r})"
            )
        seen.setdefault(c.profile, c)
    out = []
    for c in seen.values():
        names = list(c.fractions) + [UNMAPPED]
        shares = list(c.fractions.values()) + [c.unmapped_fraction]
        if shares[-1] < -1e-9:
            raise ValueError(f"profile {c.profile!r}: compound shares sum to more than 1")
        shares[-1] = max(shares[-1], 0.0)
        out.append(_e.SpeciationProfile(c.profile, names, shares, c.source))
    return out


def _select(inv: Inventory, pollutants: list[str]) -> Inventory:
    """A copy with only ``pollutants`` (in that order)."""
    idx = [inv.pollutants.index(p) for p in pollutants]
    units = [inv.units[p] for p in pollutants]
    c = inv._c
    core = (
        _e.Inventory.on_grid(inv.sectors, pollutants, inv.grid, inv.time, units, inv.year)
        if inv.grid is not None
        else _e.Inventory(inv.sectors, pollutants, inv.places, inv.time, units, inv.year)
    )
    core.values = c.values[:, idx]
    core.name = c.name
    core.set_history([(h["name"], h["source"], list(h["parameters"].items())) for h in inv.history])
    return Inventory(core)


def _check_var_names(pollutants: list[str]) -> None:
    seen: dict[str, str] = {}
    for p in pollutants:
        v = _var_name(p)
        if v in seen:
            raise ValueError(f"species {seen[v]!r} and {p!r} share the NetCDF variable name {v!r}")
        seen[v] = p


# ------------------------------------------------------------------------------ writers
def write_netcdf(
    inv: Inventory,
    path: str | Path,
    attrs: Mapping[str, str],
    species_attrs: Mapping[str, Mapping[str, object]] | None = None,
) -> None:
    """``Inventory.to_netcdf``'s layout plus global provenance attributes (and per-species
    variable attributes such as CAS and molecular weight), atomically."""
    from .._atomic import atomic_path

    ds = inv.to_xarray()
    ds.attrs.update(attrs)
    for name, extra in (species_attrs or {}).items():
        ds[_var_name(name)].attrs.update(extra)
    with atomic_path(path) as tmp:
        ds.to_netcdf(tmp)


def write_csv(inv: Inventory, path: str | Path, attrs: Mapping[str, str]) -> None:
    """``Inventory.to_csv``'s long format with ``# key: JSON`` provenance lines, atomically
    (``Inventory.from_csv`` reads it and ignores those lines)."""
    from .._atomic import atomic_path

    head = "".join(f"# {k}: {v}\n" for k, v in attrs.items())
    with atomic_path(path) as tmp:
        tmp.write_text(head + _e.format_inventory_csv(inv._c))


def read_provenance(path: str | Path) -> dict[str, object]:
    """The provenance attributes of a file written by :func:`write_netcdf` or
    :func:`write_csv`, decoded from JSON."""
    path = Path(path)
    keys = ("speciation_profiles", "unmapped_mass", "lumping")
    if path.suffix == ".csv":
        out = {}
        with open(path) as f:
            for line in f:
                if not line.startswith("#"):
                    break
                key, _, val = line[1:].partition(":")
                if key.strip() in keys:
                    out[key.strip()] = json.loads(val)
        return out
    from ._inventory_xarray import _xarray

    with _xarray().open_dataset(path) as ds:
        return {k: json.loads(ds.attrs[k]) for k in keys if k in ds.attrs}


__all__ = [
    "LEVELS",
    "UNMAPPED",
    "ProfileChoice",
    "SpeciesInventory",
    "assignment_plan",
    "read_provenance",
    "read_sector_table",
    "speciate_inventory",
    "write_csv",
    "write_netcdf",
]
