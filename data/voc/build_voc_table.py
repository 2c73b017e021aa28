#!/usr/bin/env python3
"""Write ``voc_species.csv``: VOC reactivity coefficients and the CB6 mapping.

Each row below is entered by hand from the cited primary tables; the script adds what can be
computed (molecular weight from the formula with IUPAC standard atomic weights), validates
every CAS number by its check digit, checks group names and the CB6 mapping syntax, checks
every kOH temperature dependence against the 298 K value, and writes the CSV.  This file is
the species registry of the whole library (C++ aqm::SpeciesRegistry, Python aqm.species).
A value is only entered when it was checked against an independent retrieved copy or read
from the cited source itself; otherwise it is left empty (README.md lists what is empty and
why).

Units: MIR in g O3 / g VOC; kOH in cm3 molecule-1 s-1 at 298 K (entered below in units of
1e-12); kOH(T) = koh_a * T^koh_n * exp(-koh_b / T) with T in K; SOAP relative to toluene = 100
(mass basis); FAC in percent.

Reference keys (full citations in README.md):
  Carter2010  W. P. L. Carter, SAPRC-07 MIR table, CARB contract 07-339, revised 28 Jan 2010
  Derwent2010 R. G. Derwent et al., Sci. Total Environ. 408, 3374-3381 (2010), SOAP scale
  A2003       R. Atkinson, Atmos. Chem. Phys. 3, 2233-2307 (2003), OH + alkanes
  AA2003      R. Atkinson and J. Arey, Chem. Rev. 103, 4605-4638 (2003)
  IUPAC       IUPAC Task Group on Atmospheric Chemical Kinetic Data Evaluation
  MCM331      Master Chemical Mechanism v3.3.1 (Jenkin et al., 1997, 2003, 2015; Saunders et al.,
              2003; Bloss et al., 2005): OH + VOC rate expressions, all channels summed, read
              from AirChem/F0AM Chem/MCMv331/MCMv331_AllRxns.m (commit 1d69b05)
  S2S         EPA S2S-Tool, mechanism CB6R3_AE7 of input/mechanism_forImport_SPECIATEv5_4.csv
              (USEPA/S2S-Tool commit 1ba76fc): SPECIATE species -> CB6 species, mol per mol
  SPECIATE    EPA SPECIATE 5.2 species ids (../shared/data/voc/speciate/species_properties.csv)
Independent copies used for the check (what "checked:" names):
  AeroViz     AeroViz support_voc.json (MIR, SOAP, kOH; a secondary compilation)
  CB6r3       the rate of the same explicit species in CMAQ's CB6r3 table (data/mechanisms)
  MCM         MCM v3.3.1 rate expression evaluated at 298 K (../shared/data/mechanisms)
  foqat       foqat's MIR column (R package foqat, tianshu129/foqat, R/sysdata.rda, table
              datacas, column "New"): a transcription of Carter2010 that agrees with all 65
              values checked against AeroViz above, to the last digit

Run:  python data/voc/build_voc_table.py
"""

from __future__ import annotations

import csv
import math
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "voc_species.csv"

# IUPAC standard atomic weights, conventional values (abridged)
ATOMIC_WEIGHT = {"C": 12.011, "H": 1.008, "N": 14.007, "O": 15.999, "Cl": 35.45, "Br": 79.904}
GROUPS = {"alkane", "alkene", "aromatic", "alkyne", "OVOC", "halocarbon", "biogenic", "other"}
CB6_SPECIES = set(
    "ETHA PRPA PAR ETH OLE IOLE ETHY ISOP TERP BENZENE TOL XYLMN FORM ALD2 ALDX ACET KET "
    "MEOH ETOH GLY MGLY ISPD CO CH4 AACD FACD".split()
)

# The rows and per-source tables, entered by hand (units and reference keys above).
sys.path.insert(0, str(HERE))
from voc_table_rows import (  # noqa: E402
    MCM,
    MCM_OH,
    MCM_OH_REF,
    MIR_CHECKED_FOQAT,
    R_MORE,
    RATE_TOLERANCE,
    S2S_AGREES,
    S2S_TAKEN,
    SPECIATE_ID,
    R,
)

# fmt: off
COLUMNS = ["name", "aliases", "cas", "formula", "mw", "group", "mir", "mir_ref", "koh_298",
           "koh_ref", "soap", "soap_ref", "fac", "fac_ref", "cb6", "cb6_ref", "koh_a", "koh_n",
           "koh_b", "koh_rate_ref", "mcm", "speciate_id", "notes"]
# fmt: on


def cas_ok(cas: str) -> bool:
    m = re.fullmatch(r"(\d{2,7})-(\d{2})-(\d)", cas)
    if not m:
        return False
    digits = (m.group(1) + m.group(2))[::-1]
    return sum((i + 1) * int(d) for i, d in enumerate(digits)) % 10 == int(m.group(3))


def molecular_weight(formula: str) -> float:
    total = 0.0
    pos = 0
    for m in re.finditer(r"([A-Z][a-z]?)(\d*)", formula):
        if m.start() != pos:
            raise ValueError(f"bad formula {formula}")
        pos = m.end()
        total += ATOMIC_WEIGHT[m.group(1)] * (int(m.group(2)) if m.group(2) else 1)
    if pos != len(formula):
        raise ValueError(f"bad formula {formula}")
    return total


def cb6_ok(text: str) -> bool:
    if text in ("", "NR"):
        return True
    for part in text.split(";"):
        sp, _, n = part.partition(":")
        if sp not in CB6_SPECIES or float(n) <= 0:
            return False
    return True


def fmt(x: float | None, scale: float = 1.0) -> str:
    return "" if x is None else format(x * scale, ".4g")


def koh_from_mcm(name: str, koh: float | None, koh_ref: str) -> tuple:
    """(kOH/1e-12, its reference, (a, n, b) or None): MCM331 fills an empty kOH and gives the
    T dependence when it agrees with the tabulated 298 K value."""
    if name not in MCM_OH:
        return koh, koh_ref, None
    a, n, b = MCM_OH[name]
    k298 = a * 298.0**n * math.exp(-b / 298.0)
    if koh is None:
        koh, koh_ref = float(format(k298 * 1e12, ".3g")), "MCM331 (298 K)"
    constant = n == 0 and b == 0
    if constant or abs(k298 / (koh * 1e-12) - 1) > RATE_TOLERANCE:
        return koh, koh_ref, None
    return koh, koh_ref, (a, n, b)


def cb6_reference(name: str, cb6: str) -> str:
    if cb6 == "NR":
        return "not represented in CB6r3"
    if not cb6:
        return ""
    if name in S2S_TAKEN:
        return "S2S"
    checked = "; checked: S2S" if name in S2S_AGREES else ""
    return "CB6 carbon-bond lumping, mol per mol (README)" + checked


def main() -> None:
    names: set[str] = set()
    rows = []
    for (
        name,
        aliases,
        cas,
        formula,
        group,
        mir,
        mir_ref,
        koh,
        koh_ref,
        soap,
        soap_ref,
        cb6,
        notes,
    ) in R + R_MORE:
        if name in names:
            raise SystemExit(f"duplicate {name}")
        names.add(name)
        if cas and not cas_ok(cas):
            raise SystemExit(f"{name}: CAS {cas} fails its check digit")
        if group not in GROUPS:
            raise SystemExit(f"{name}: group {group}")
        if not cb6_ok(cb6):
            raise SystemExit(f"{name}: cb6 mapping {cb6!r}")
        for value, ref, col in (
            (mir, mir_ref, "mir"),
            (koh, koh_ref, "koh"),
            (soap, soap_ref, "soap"),
        ):
            if (value is None) != (ref == ""):
                raise SystemExit(f"{name}: {col} value and reference must come together")
        if mir is None and name in MIR_CHECKED_FOQAT:
            mir_cas, mir = MIR_CHECKED_FOQAT[name]
            if mir_cas != cas:
                raise SystemExit(f"{name}: MIR entered for CAS {mir_cas}, row has {cas}")
            mir_ref = "Carter2010; checked: foqat"
        koh, koh_ref, rate = koh_from_mcm(name, koh, koh_ref)
        rows.append(
            {
                "name": name,
                "aliases": aliases,
                "cas": cas,
                "formula": formula,
                "mw": f"{molecular_weight(formula):.3f}",
                "group": group,
                "mir": fmt(mir),
                "mir_ref": mir_ref,
                "koh_298": fmt(koh, 1e-12),
                "koh_ref": koh_ref,
                "soap": fmt(soap),
                "soap_ref": soap_ref,
                "fac": "",
                "fac_ref": "",
                "cb6": cb6,
                "cb6_ref": cb6_reference(name, cb6),
                "koh_a": fmt(rate[0]) if rate else "",
                "koh_n": f"{rate[1]:g}" if rate else "",
                "koh_b": f"{rate[2]:g}" if rate else "",
                "koh_rate_ref": MCM_OH_REF if rate else "",
                "mcm": MCM.get(name, ""),
                "speciate_id": str(SPECIATE_ID.get(name, "")),
                "notes": notes,
            }
        )
    unknown = (set(MCM) | set(MCM_OH) | set(SPECIATE_ID) | set(MIR_CHECKED_FOQAT)) - names
    if unknown:
        raise SystemExit(f"not in the table: {sorted(unknown)}")
    with OUT.open("w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    n = len(rows)
    filled = {
        c: sum(1 for r in rows if r[c])
        for c in ("mir", "koh_298", "koh_a", "soap", "cb6", "mcm", "speciate_id")
    }
    print(f"{OUT.name}: {n} species; filled {filled}")


if __name__ == "__main__":
    main()
