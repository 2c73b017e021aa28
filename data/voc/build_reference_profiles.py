"""Write reference_profiles.csv: a SPECIATE 5.2 subset on the VOC registry's species names.

Run from the repository root:

    python data/voc/build_reference_profiles.py /work/shared/data/voc/speciate

The input directory holds SPECIATE 5.2's own tables as CSV (profiles.csv, species.csv,
species_properties.csv, references.csv; converted from atmoschem/respeciate, see its README).
SPECIATE species are matched to the registry (voc_species.csv) by CAS number. Two lumps have
no single CAS: SPECIATE's "M & p-xylene" becomes the registry's m/p-xylene, and "Isomers of
xylene" (CAS 1330-20-7) becomes the lump name ``xylenes`` (see README.md, "Lumps").  Species
the registry does not know (mineral spirits, glycols, ...) and methane (the library is for
NMVOC: inventories speciate NMVOC, and receptor data leave methane out) are left out; the share
they carry is written to the header so a reader knows how much of each profile is listed.
Rebuild whenever the registry gains species: a species missing here but present in the
simulator's sources reads as "absent from the reference" to identification and localization.
Several SPECIATE species with the same CAS (e.g. "Isoprene -duplicate") are summed.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# (profile code, source type).  Chosen from the codes indexed in
# ../../shared/reference/voc-workflow.md section 3.3: the composites and the profiles whose
# species list overlaps the PAMS/registry species most, per source type.
SELECTION = [
    ("8751a", "vehicle_exhaust"),
    ("8757", "vehicle_exhaust"),
    ("1313", "vehicle_exhaust"),
    ("4556", "vehicle_exhaust"),
    ("8774", "vehicle_exhaust"),
    ("4674", "vehicle_exhaust"),
    ("8762", "gasoline_evaporation"),
    ("8763", "gasoline_evaporation"),
    ("8754", "gasoline_evaporation"),
    ("8749", "gasoline_evaporation"),
    ("8856", "lpg_ng"),
    ("2444", "lpg_ng"),
    ("2441", "lpg_ng"),
    ("8950", "lpg_ng"),
    ("2402", "solvent_coatings"),
    ("3139", "solvent_coatings"),
    ("8744", "solvent_coatings"),
    ("8745", "solvent_coatings"),
    ("1016", "solvent_coatings"),
    ("8861", "petrochemical"),
    ("8862", "petrochemical"),
    ("2485", "petrochemical"),
    ("5564", "combustion"),
    ("8746", "combustion"),
    ("1084", "combustion"),
    ("1185", "combustion"),
    ("1148", "biogenic"),
]

LUMP_CAS = {"108-38-3; 106-42-3": "m/p-xylene", "1330-20-7": "xylenes"}
NOT_NMVOC_CAS = {"74-82-8"}  # methane
HEADER = [
    "source_type",
    "profile_code",
    "profile_name",
    "species",
    "weight_percent",
    "speciate_version",
    "reference",
]


def registry_by_cas() -> dict[str, str]:
    with open(HERE / "voc_species.csv", newline="") as f:
        return {r["cas"]: r["name"] for r in csv.DictReader(f) if r["cas"]}


def species_id(text: str) -> str:
    return str(int(float(text)))


def build(speciate: Path) -> tuple[list[list[str]], list[str]]:
    by_cas = {cas: name for cas, name in registry_by_cas().items() if cas not in NOT_NMVOC_CAS}
    props = {}
    with open(speciate / "species_properties.csv", newline="") as f:
        for r in csv.DictReader(f):
            cas = r["cas"].strip()
            props[species_id(r["species_id"])] = LUMP_CAS.get(cas) or by_cas.get(cas)
    profiles = {}
    with open(speciate / "profiles.csv", newline="") as f:
        for r in csv.DictReader(f):
            profiles[r["profile_code"]] = r
    weights: dict[str, dict[str, float]] = {}
    dropped: dict[str, float] = {}
    with open(speciate / "species.csv", newline="") as f:
        for r in csv.DictReader(f):
            code = r["profile_code"]
            name = props.get(species_id(r["species_id"]))
            w = float(r["weight_percent"])
            if name is None:
                dropped[code] = dropped.get(code, 0.0) + w
            else:
                per = weights.setdefault(code, {})
                per[name] = per.get(name, 0.0) + w
    rows, notes = [], []
    for code, source_type in SELECTION:
        meta = profiles[code]
        listed = weights.get(code, {})
        for name, w in sorted(listed.items(), key=lambda kv: -kv[1]):
            if w > 0:
                rows.append(
                    [
                        source_type,
                        code,
                        meta["profile_name"],
                        name,
                        f"{w:.4g}",
                        meta["version"],
                        meta["ref_codes"],
                    ]
                )
        notes.append(
            f"# {code}: {sum(listed.values()):.1f} % listed, "
            f"{dropped.get(code, 0.0):.1f} % on methane and species outside the registry"
        )
    return rows, notes


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    rows, notes = build(Path(argv[1]))
    out = HERE / "reference_profiles.csv"
    with open(out, "w", newline="") as f:
        f.write(
            "# SPECIATE 5.2 gas profiles on VOC-registry names; built by "
            "build_reference_profiles.py (see README.md)\n"
        )
        f.write(
            "# weight_percent: SPECIATE WEIGHT_PERCENT (of the profile's TOG total); "
            "listed vs left-out share per profile:\n"
        )
        for line in notes:
            f.write(line + "\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADER)
        w.writerows(rows)
    print(f"{out}: {len(rows)} rows, {len(SELECTION)} profiles")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
