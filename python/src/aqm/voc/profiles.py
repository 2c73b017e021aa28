"""Localized source profiles and the project's profile library (one CSV file + metadata).

:func:`localize` turns identified PMF factors into full profiles (C++ ``aqm::voc::localize``):
mass fractions over the measured species from the factor in mass units (ppb factors are
converted with registry MWs), the species the site did not measure filled from the matched
reference profile, so that the factor's mass takes the place of the reference's measured share
and the unmeasured remainder keeps the reference's unmeasured/measured ratio.  Bootstrap
percentiles (``model.bootstrap(...)``) become p05/p50/p95 and the DISP interval
(``model.displacement(...)``) disp_lower/disp_upper per measured species, scaled like the
factor (the base factor's measured-mass sum), not re-normalised per resample.

:class:`ProfileLibrary` reads, writes (refusing a different content under an existing
version), compares and versions such files; ``Inventory.speciate(profiles=library)`` uses it
directly (with :data:`SECTOR_SOURCE_TYPES` and the registry-extended CB6 mapping), and
``aqm.emis.speciation.read_profiles`` reads the same file.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .. import _core
from .identify import UNIDENTIFIED, Identification, _factor_frame, to_mass
from .reference import core_profiles, registry, resolve_species

if TYPE_CHECKING:
    import xarray as xr

    from ..pmf import PMF

#: Inventory sector -> source type whose localized profile replaces the bundled one.
SECTOR_SOURCE_TYPES: dict[str, str] = {
    "transport/onroad_gasoline": "vehicle_exhaust",
    "transport/onroad_diesel": "vehicle_exhaust",
    "storage": "gasoline_evaporation",
    "solvent/industrial_coating": "solvent_coatings",
    "solvent/architectural": "solvent_coatings",
    "solvent/other": "solvent_coatings",
    "industry/chemical": "petrochemical",
    "residential/combustion": "combustion",
    "biomass_burning": "combustion",
}
_SEMVER = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")


class ProfileLibrary:
    """A versioned set of localized profiles with metadata (wraps ``_core.voc.ProfileLibrary``)."""

    def __init__(self, core: _core.voc.ProfileLibrary) -> None:
        core.validate("profile library")
        self._c = core

    # ---------------------------------------------------------------- reading / writing
    @classmethod
    def read(cls, path: str | Path, version: str | None = None) -> ProfileLibrary:
        """Read a library file, or from a directory the file of ``version`` (default newest)."""
        path = Path(path)
        if path.is_dir():
            path = _pick_version(path, version)
        elif not path.is_file():
            raise FileNotFoundError(f"{path}: no such profile library")
        return cls(_core.voc.read_profile_library(str(path)))

    def save(self, path: str | Path) -> Path:
        """Write to ``path`` (a directory gets ``<site>_<version>.csv``), atomically; refuses to
        replace a file holding different profiles under the same version."""
        path = self.save_path(path)
        _core.voc.write_profile_library(str(path), self._c)
        return path

    def save_path(self, path: str | Path) -> Path:
        """Where :meth:`save` writes: ``path``, or ``<site>_<version>.csv`` in a directory."""
        path = Path(path)
        if path.is_dir():
            slug = re.sub(r"[^0-9A-Za-z]+", "_", self.metadata["site"]).strip("_") or "site"
            path = path / f"{slug}_{self.version}.csv"
        return path

    # ---------------------------------------------------------------- content
    @property
    def metadata(self) -> dict[str, str]:
        return dict(self._c.metadata)

    @property
    def version(self) -> str:
        return self._c.metadata["version"]

    @property
    def content_hash(self) -> str:
        return self._c.content_hash()

    @property
    def names(self) -> list[str]:
        return [p.name for p in self._c.profiles]

    def profile(self, name: str) -> pd.DataFrame:
        """One profile: compound x (mass_fraction, origin, p05, p50, p95, disp_lower,
        disp_upper)."""
        for p in self._c.profiles:
            if p.name == name:
                df = pd.DataFrame(
                    {
                        "mass_fraction": p.fraction,
                        "origin": p.origin,
                        "p05": p.p05,
                        "p50": p.p50,
                        "p95": p.p95,
                        "disp_lower": p.disp_lower,
                        "disp_upper": p.disp_upper,
                    },
                    index=pd.Index(p.species, name="compound"),
                )
                df.attrs.update(source_type=p.source_type, reference=p.reference)
                return df
        raise KeyError(f"{name!r}: no such profile (profiles: {', '.join(self.names)})")

    def to_frame(self) -> pd.DataFrame:
        """All profiles, long: profile, source_type, reference, compound, mass_fraction, ..."""
        parts = []
        for p in self._c.profiles:
            df = self.profile(p.name).reset_index()
            df.insert(0, "profile", p.name)
            df.insert(1, "source_type", p.source_type)
            df.insert(2, "reference", p.reference)
            parts.append(df)
        return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()

    def with_version(self, version: str) -> ProfileLibrary:
        """A copy under another semantic version."""
        if not _SEMVER.match(version):
            raise ValueError(f"version: {version!r} is not MAJOR.MINOR.PATCH")
        core = _copy_core(self._c)
        md = dict(core.metadata)
        md["version"] = version
        core.metadata = md
        return ProfileLibrary(core)

    def bump(self, part: str = "minor") -> ProfileLibrary:
        """A copy with the version's ``major``, ``minor`` or ``patch`` number raised."""
        major, minor, patch = (int(x) for x in _SEMVER.match(self.version).groups())
        new = {
            "major": (major + 1, 0, 0),
            "minor": (major, minor + 1, 0),
            "patch": (major, minor, patch + 1),
        }
        if part not in new:
            raise ValueError(f"part: {part!r} is not 'major', 'minor' or 'patch'")
        return self.with_version(".".join(map(str, new[part])))

    def compare(self, other: ProfileLibrary) -> pd.DataFrame:
        """Per profile in both and species in either: fractions, difference, and the
        profile's Pearson r and SID (columns ``pearson_r``, ``sid``)."""
        parts = []
        for d in _core.voc.compare_libraries(self._c, other._c):
            parts.append(
                pd.DataFrame(
                    {
                        "profile": d.profile,
                        "compound": d.species,
                        "a": d.a,
                        "b": d.b,
                        "difference": np.subtract(d.b, d.a),
                        "pearson_r": d.pearson_r,
                        "sid": d.sid,
                    }
                )
            )
        if not parts:
            raise ValueError("compare: the two libraries have no profile name in common")
        return pd.concat(parts, ignore_index=True)

    # ---------------------------------------------------------------- emis
    def speciation_profiles(self) -> dict[str, object]:
        """``aqm.emis`` speciation profiles (name -> ``SpeciationProfile``)."""
        src = f"{self.metadata['site']} {self.metadata['period']} v{self.version}"
        return {
            p.name: _core.emis.SpeciationProfile(
                p.name, list(p.species), list(p.fraction), f"localized ({src}, ref {p.reference})"
            )
            for p in self._c.profiles
        }

    def speciation_inputs(self, sectors: Mapping[str, str] | None = None):
        """(profiles, assignment, mechanism) for ``Inventory.speciate``: the bundled profiles
        with this library's added, the bundled assignment with each sector of ``sectors``
        (default :data:`SECTOR_SOURCE_TYPES`) moved to this library's profile of that source
        type, and :func:`registry_mechanism`."""
        from ..emis.speciation import default_assignment, load_profiles

        profiles = dict(load_profiles())
        profiles.update(self.speciation_profiles())
        by_type: dict[str, str] = {}
        for p in self._c.profiles:
            by_type.setdefault(p.source_type, p.name)
        assignment = default_assignment()
        for sector, stype in (SECTOR_SOURCE_TYPES if sectors is None else sectors).items():
            if stype in by_type:
                assignment[sector] = by_type[stype]
        return list(profiles.values()), assignment, registry_mechanism()

    def __repr__(self) -> str:
        return (
            f"ProfileLibrary(site={self.metadata.get('site')!r}, version={self.version!r}, "
            f"profiles={self.names})"
        )


def _copy_core(core):
    out = _core.voc.ProfileLibrary()
    out.metadata = dict(core.metadata)
    out.profiles = list(core.profiles)
    return out


def _pick_version(directory: Path, version: str | None) -> Path:
    found = {}
    for f in directory.glob("*.csv"):
        m = re.search(r"_(\d+\.\d+\.\d+)\.csv$", f.name)
        if m:
            found[tuple(int(x) for x in m.group(1).split("."))] = f
    if not found:
        raise FileNotFoundError(f"{directory}: no <site>_<version>.csv profile library in it")
    if version is None:
        return found[max(found)]
    key = tuple(int(x) for x in version.split(".")) if _SEMVER.match(version) else None
    if key not in found:
        raise FileNotFoundError(
            f"{directory}: no library of version {version!r} "
            f"(have {', '.join('.'.join(map(str, k)) for k in sorted(found))})"
        )
    return found[key]


def registry_mechanism():
    """The bundled CB6 mapping plus every registry species under its canonical name.

    A registry species takes its registry ``cb6`` terms; without them (esters, acrolein) the
    bundled mapping's entry for the same compound (names resolved through the registry, e.g.
    ``ethyl_acetate``); species with neither, or ``NR`` (halocarbons), map to ``UNR:1``: kept
    as unreactive mass so that the speciated mass still equals the inventory's NMVOC.  The lump
    ``xylenes`` maps to XYLMN like each isomer.  A mechanism species without a bundled MW that
    a registry species maps to one-to-one (GLY, MGLY, ISPD) takes that species' MW.
    """
    from ..emis.speciation import load_mechanism

    base = load_mechanism()
    table = registry()
    compounds = list(base.compounds)
    known = {c.compound for c in compounds}
    by_registry = {}
    for c in base.compounds:
        if c.compound in table:
            by_registry.setdefault(table.resolve(c.compound), list(c.species))
    frame = table.frame
    for name, row in frame.iterrows():
        if name in known:
            continue
        cb6 = str(row["cb6"])
        if cb6 and cb6 != "NR":
            terms = [(sp, float(n)) for sp, _, n in (t.partition(":") for t in cb6.split(";"))]
        else:
            terms = by_registry.get(name) or [("UNR", 1.0)]
        compounds.append(_core.emis.CompoundMapping(str(name), float(row["mw"]), terms))
    xyl = frame.loc["o-xylene"]
    compounds.append(_core.emis.CompoundMapping("xylenes", float(xyl["mw"]), [("XYLMN", 1.0)]))
    species_mw = dict(base.species_mw)
    for c in compounds:  # explicit species (GLY, MGLY, ISPD) missing from the bundled MW table
        terms = list(c.species)
        if len(terms) == 1 and terms[0][1] == 1.0 and terms[0][0] not in species_mw:
            species_mw[terms[0][0]] = c.molecular_weight
    mech = _core.emis.SpeciesMapping("CB6 + VOC registry", species_mw, compounds)
    mech.validate()
    return mech


def localize(
    model_or_profiles: PMF | pd.DataFrame,
    identification: Identification,
    *,
    site: str,
    period: str,
    version: str = "1.0.0",
    units: str | None = None,
    bootstrap: xr.Dataset | None = None,
    displacement: xr.Dataset | None = None,
    dq_max: float = 4.0,
    initial_concentrations: bool = False,
    method: str = "PMF",
    pmf_settings: str | None = None,
    data_hash: str | None = None,
) -> ProfileLibrary:
    """A :class:`ProfileLibrary` of the identified factors (unidentified ones are left out and
    listed in the metadata key ``unidentified``).

    ``bootstrap``: the Dataset of ``model.bootstrap(...)`` for p05/p50/p95;
    ``displacement``: the Dataset of ``model.displacement(...)`` for the interval at ``dq_max``
    (default 4, the level PMF 5.0 reports first) as disp_lower/disp_upper.
    ``initial_concentrations``: the PMF ran on photochemical-age corrected (initial)
    concentrations; recorded as metadata ``concentrations = initial``.
    """
    frame, model_units, exclude = _factor_frame(model_or_profiles)
    frame = frame.drop(columns=[c for c in exclude if c in frame.columns])
    table = registry()
    frame = frame.copy()
    raw_species = list(frame.columns)
    frame.columns = resolve_species(frame.columns, "factor profiles", table)
    use_units = units if units is not None else model_units
    mass = to_mass(frame, use_units, table)
    refs = {p.name: p for p in core_profiles(identification.library)}
    core = _core.voc.ProfileLibrary()
    unidentified, used = [], set()
    for factor in mass.index:
        name = identification.names.get(factor, UNIDENTIFIED)
        if name == UNIDENTIFIED:
            unidentified.append(str(factor))
            continue
        ref = _reference_for(identification, factor, name, refs)
        unc = _uncertainty(
            bootstrap,
            displacement,
            dq_max,
            factor,
            raw_species,
            list(frame.columns),
            use_units,
            table,
        )
        values = _core.voc.Profile(
            str(factor), "", list(mass.columns), mass.loc[factor].astype(float).tolist()
        )
        p = _core.voc.localize(values, ref, _core.voc.xylene_lumps(), unc)
        label = name if name not in used else f"{name}_{factor.replace(' ', '_')}"
        used.add(label)
        p.name = label
        p.source_type = name if name in _known_types(identification) else ref.source_type
        core.profiles = list(core.profiles) + [p]
    from .. import __version__

    core.metadata = {
        "site": site,
        "period": period,
        "method": method,
        "pmf_settings": pmf_settings or _settings(model_or_profiles),
        "data_hash": data_hash or _data_hash(model_or_profiles),
        "concentrations": "initial" if initial_concentrations else "observed",
        "version": version,
        "created_by": f"libaqm {__version__}",
        "units_in": use_units or "mass",
        "factors": ", ".join(map(str, mass.index)),
        "unidentified": ", ".join(unidentified) or "none",
        "uncertainty": ", ".join(
            [
                x
                for x, on in (
                    ("bootstrap p05/p50/p95", bootstrap is not None),
                    (f"DISP dQmax={dq_max:g}", displacement is not None),
                )
                if on
            ]
        )
        or "none",
    }
    return ProfileLibrary(core)


def _known_types(identification: Identification) -> set[str]:
    return set(identification.library["source_type"])


def _reference_for(identification, factor, name, refs):
    code = identification.best_reference(factor)
    if code is None:
        lib = identification.library
        codes = lib.loc[lib["source_type"] == name, "profile_code"]
        if codes.empty:
            raise KeyError(
                f"{factor}: named {name!r}, but the library has no profile of that "
                "source type to fill unmeasured species from"
            )
        code = str(codes.iloc[0])
    return refs[code]


def _uncertainty(bootstrap, displacement, dq_max, factor, raw_species, species, units, table):
    """BS percentiles and the DISP interval of ``factor`` in mass units on ``species``."""
    unc = _core.voc.FactorUncertainty()

    def in_mass(da):
        q = da.to_series().reindex(raw_species)
        return (
            to_mass(pd.DataFrame([q.to_numpy()], columns=species), units, table)
            .iloc[0]
            .astype(float)
            .tolist()
        )

    if bootstrap is not None:
        unc.p05 = in_mass(bootstrap["p05"].sel(factor=factor))
        unc.p50 = in_mass(bootstrap["median"].sel(factor=factor))
        unc.p95 = in_mass(bootstrap["p95"].sel(factor=factor))
    if displacement is not None:
        if dq_max not in list(displacement["dq_max"].values):
            raise KeyError(
                f"dq_max: {dq_max:g} is not a level of the DISP run "
                f"({', '.join(f'{v:g}' for v in displacement['dq_max'].values)})"
            )
        unc.disp_lower = in_mass(displacement["lower"].sel(dq_max=dq_max, factor=factor))
        unc.disp_upper = in_mass(displacement["upper"].sel(dq_max=dq_max, factor=factor))
    return unc


def _settings(model) -> str:
    if hasattr(model, "get_params"):
        return json.dumps(
            {
                k: v
                for k, v in model.get_params().items()
                if isinstance(v, (int, float, str, bool)) or v is None
            },
            sort_keys=True,
        )
    return "not recorded (profiles given)"


def _data_hash(model) -> str:
    fit = getattr(model, "_fit", None)
    if fit is not None:
        x = np.ascontiguousarray(np.asarray(fit.X, dtype=float))
        return "sha256:" + hashlib.sha256(x.tobytes()).hexdigest()[:16]
    if isinstance(model, pd.DataFrame):
        x = np.ascontiguousarray(model.to_numpy(dtype=float))
        return "sha256:" + hashlib.sha256(x.tobytes()).hexdigest()[:16] + " (profiles)"
    return "not recorded"


__all__ = ["SECTOR_SOURCE_TYPES", "ProfileLibrary", "localize", "registry_mechanism"]
