"""Derive the seven VOC source profiles of the synthetic Hangzhou-like data from SPECIATE 5.2.

    python data/voc/make_voc_source_profiles.py [SPECIATE_DIR]

SPECIATE_DIR holds ``profiles.csv``, ``species.csv`` and ``species_properties.csv`` (the
SPECIATE 5.2 gas subset; default ``/work/shared/data/voc/speciate``).  Writes, next to this
script:

- ``hangzhou_like_2021_voc_profiles.csv``: measured species (rows) x sources (columns), mass
  fractions of the source's measured VOC (each column sums to 1);
- ``hangzhou_like_2021_voc_species.csv``: the measured species with the OH rate coefficient
  the simulator uses (``koh_298``) and where it comes from (``koh_source``).

How (see README.md here for the citations):

1. SPECIATE species map to registry names by CAS number (``aqm.chem.voc.VocTable``);
   m-xylene, p-xylene and "m & p-xylene" become the co-eluting ``m/p-xylene``; the lump
   "isomers of xylene" (CAS 1330-20-7) is split 64/20/15 into m/p-xylene, o-xylene and
   ethylbenzene (petroleum mixed xylene: 44 % m-, 20 % p-, 20 % o-xylene, 15 % ethylbenzene,
   renormalised). Other lumps (mineral spirits, "isomers of pentane", ...) are not measured.
2. Each source is one SPECIATE profile (its true reference for factor identification),
   restricted to the measured species, species below ``REPORTING_FLOOR`` (0.1 %) of the
   measured mass dropped, renormalised to 1.
3. kOH: the registry's 298 K value; where the registry has none, the OPERA prediction that
   SPECIATE 5.2 carries (``koh_opera_cm3_molec_s``); m/p-xylene: 1.87e-11, the mean of m-
   (2.31e-11) and p-xylene (1.43e-11) of Atkinson & Arey (2003).
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import pandas as pd

from aqm.chem.voc import MissingCoefficientWarning, VocTable

HERE = Path(__file__).resolve().parent
DEFAULT_SPECIATE = Path("/work/shared/data/voc/speciate")

SOURCES = {  # source -> the SPECIATE 5.2 profile it is built from (its true reference)
    "vehicle_exhaust": "8751a",  # gasoline exhaust, E10
    "gasoline_evaporation": "8754",  # gasoline vehicle evaporative emission, E10
    "lpg_ng": "2441",  # commercial natural gas
    "solvent_coatings": "2402",  # auto refinishing
    "petrochemical": "8861",  # olefins manufacturing
    "combustion": "1185",  # coal-fired industrial boiler
}
# Species below this mass fraction of a source's measured VOC are dropped (then renormalised):
# a source test reports the species above its reporting level, and a receptor model cannot
# resolve a species that makes up less than ~0.1 % of one source among seven.
REPORTING_FLOOR = 1e-3
BIOGENIC = "biogenic"

# Measured OVOCs: primary solvent/fuel oxygenates an online GC-MS reports. Carbonyls with a
# large secondary source (HCHO, acetaldehyde) are left out: the simulator has no secondary
# production.
OVOCS = (
    "acetone",
    "methyl ethyl ketone",
    "ethanol",
    "isopropanol",
    "ethyl acetate",
    "n-butyl acetate",
)
HYDROCARBON_GROUPS = ("alkane", "alkene", "alkyne", "aromatic")
NOT_MEASURED = ("m-xylene", "p-xylene", "naphthalene", "methane")  # m/p co-elute;
# naphthalene is not C2-C12; methane is not a non-methane VOC

MP_XYLENE = "m/p-xylene"
MP_XYLENE_IDS = {522, 524, 648}  # "M & p-xylene", m-xylene, p-xylene
XYLENE_LUMP_ID = 507  # "Isomers of xylene"
XYLENE_SPLIT = {MP_XYLENE: 64.0 / 99.0, "o-xylene": 20.0 / 99.0, "ethylbenzene": 15.0 / 99.0}
KOH_MP_XYLENE = 1.87e-11  # mean of m- 2.31e-11 and p-xylene 1.43e-11, Atkinson & Arey 2003


def measured_species(table: VocTable) -> list[str]:
    frame = table.frame
    keep = frame["group"].isin(HYDROCARBON_GROUPS) | frame.index.isin(OVOCS + ("isoprene",))
    return [s for s in frame.index[keep] if s not in NOT_MEASURED]


def registry_weights(speciate: Path, code: str, table: VocTable) -> pd.Series:
    """Weight % of one SPECIATE profile by registry name (unmapped species dropped)."""
    species = pd.read_csv(speciate / "species.csv", dtype={"profile_code": str})
    props = pd.read_csv(speciate / "species_properties.csv")
    props["species_id"] = props["species_id"].astype(int)
    rows = species[species["profile_code"] == code].merge(props, on="species_id")
    if rows.empty:
        raise ValueError(f"{speciate / 'species.csv'}: no rows for profile {code}")
    out: dict[str, float] = {}
    for sid, cas, w in zip(rows["species_id"], rows["cas"], rows["weight_percent"]):
        if sid in MP_XYLENE_IDS:
            parts = {MP_XYLENE: w}
        elif sid == XYLENE_LUMP_ID:
            parts = {k: w * f for k, f in XYLENE_SPLIT.items()}
        elif isinstance(cas, str) and ";" not in cas and cas in table:
            parts = {table.resolve(cas): w}
        else:
            continue
        for name, value in parts.items():
            out[name] = out.get(name, 0.0) + float(value)
    return pd.Series(out, dtype=float)


def build(speciate: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    table = VocTable.load()
    measured = measured_species(table)
    columns = {}
    for source, code in SOURCES.items():
        w = registry_weights(speciate, code, table).reindex(measured).fillna(0.0)
        w = w / w.sum()
        w = w.where(w >= REPORTING_FLOOR, 0.0)
        columns[source] = w / w.sum()
    columns[BIOGENIC] = pd.Series({s: 1.0 if s == "isoprene" else 0.0 for s in measured})
    profiles = pd.DataFrame(columns).loc[measured]
    profiles = profiles[profiles.sum(axis=1) > 0]
    species = list(profiles.index)

    props = pd.read_csv(speciate / "species_properties.csv")
    opera = props.dropna(subset=["cas"]).drop_duplicates("cas").set_index("cas")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingCoefficientWarning)
        koh = table.coefficients(species, "koh_298")
    rows = []
    for s in species:
        if pd.notna(koh[s]):
            rows.append((s, koh[s], "registry (koh_298)"))
        elif s == MP_XYLENE:
            rows.append((s, KOH_MP_XYLENE, "Atkinson & Arey 2003, mean of m- and p-xylene"))
        else:
            cas = table.lookup(s)["cas"]
            rows.append(
                (s, float(opera.at[cas, "koh_opera_cm3_molec_s"]), "SPECIATE 5.2 OPERA prediction")
            )
    kinetics = pd.DataFrame(rows, columns=["species", "koh_298", "koh_source"])
    return profiles.rename_axis("species"), kinetics.set_index("species")


def main(argv: list[str]) -> int:
    speciate = Path(argv[0]) if argv else DEFAULT_SPECIATE
    profiles, kinetics = build(speciate)
    profiles.to_csv(
        HERE / "hangzhou_like_2021_voc_profiles.csv", float_format="%.6g", lineterminator="\n"
    )
    kinetics.to_csv(
        HERE / "hangzhou_like_2021_voc_species.csv", float_format="%.4g", lineterminator="\n"
    )
    print(f"{len(profiles)} species x {profiles.shape[1]} sources")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
