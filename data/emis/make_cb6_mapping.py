"""Write cb6_mapping.csv: compound -> CB6-style species with moles, and the compound's MW.

Compound MWs are summed from IUPAC standard atomic weights (C 12.011, H 1.008, O 15.999,
Cl 35.45).  Lumping follows carbon-bond conventions as S2S-Tool applies them for CB6
(e.g. toluene -> TOL, isobutane -> 4 PAR, a C10 alkylbenzene -> TOL + 3 PAR in
USEPA/S2S-Tool input/mechanism_forImport_SPECIATEv5_4.csv).  Assignments marked "approx"
in the note column were made by structure here and not checked against that file.
Species carry the names of the built-in box mechanism cb6_aqm (CMAQ cb6r3): S2S-Tool's XYL
and BENZ are written XYLMN and BENZENE, so speciated inventories feed the box model directly.
"""

from __future__ import annotations

import re
from pathlib import Path

AW = {"C": 12.011, "H": 1.008, "O": 15.999, "Cl": 35.45}

# compound, formula, species, note
ROWS = [
    ("ethane", "C2H6", "ETHA:1", ""),
    ("propane", "C3H8", "PRPA:1", ""),
    ("n-butane", "C4H10", "PAR:4", ""),
    ("isobutane", "C4H10", "PAR:4", "S2S-Tool SPECIES_ID 491"),
    ("n-pentane", "C5H12", "PAR:5", ""),
    ("isopentane", "C5H12", "PAR:5", ""),
    ("n-hexane", "C6H14", "PAR:6", ""),
    ("n-heptane", "C7H16", "PAR:7", ""),
    ("n-decane", "C10H22", "PAR:10", ""),
    ("cyclohexane", "C6H12", "PAR:6", "approx"),
    ("ethene", "C2H4", "ETH:1", ""),
    ("propene", "C3H6", "OLE:1 PAR:1", ""),
    ("1-butene", "C4H8", "OLE:1 PAR:2", ""),
    ("acetylene", "C2H2", "ETHY:1", ""),
    ("isoprene", "C5H8", "ISOP:1", ""),
    ("benzene", "C6H6", "BENZENE:1", ""),
    ("toluene", "C7H8", "TOL:1", "S2S-Tool SPECIES_ID 717"),
    ("ethylbenzene", "C8H10", "TOL:1 PAR:1", "approx"),
    ("m-xylene", "C8H10", "XYLMN:1", ""),
    ("o-xylene", "C8H10", "XYLMN:1", ""),
    ("1,2,4-trimethylbenzene", "C9H12", "XYLMN:1 PAR:1", "approx"),
    ("styrene", "C8H8", "OLE:1 TOL:1", "approx"),
    ("formaldehyde", "CH2O", "FORM:1", ""),
    ("acetaldehyde", "C2H4O", "ALD2:1", ""),
    ("acetone", "C3H6O", "ACET:1", ""),
    ("2-butanone", "C4H8O", "KET:1 PAR:3", "approx"),
    ("methanol", "CH4O", "MEOH:1", ""),
    ("ethanol", "C2H6O", "ETOH:1", ""),
    ("isopropanol", "C3H8O", "PAR:3", "approx"),
    ("ethyl_acetate", "C4H8O2", "PAR:4", "approx"),
    ("butyl_acetate", "C6H12O2", "PAR:6", "approx"),
    ("dichloromethane", "CH2Cl2", "UNR:1", ""),
    ("1,2-dichloroethane", "C2H4Cl2", "UNR:1", "approx"),
]


def mw(formula: str) -> float:
    total = 0.0
    for el, n in re.findall(r"([A-Z][a-z]?)(\d*)", formula):
        total += AW[el] * (int(n) if n else 1)
    return total


def main() -> None:
    lines = ["# CB6-style lumping; see make_cb6_mapping.py for sources and 'approx' rows",
             "compound,molecular_weight,species,formula,note"]
    for name, formula, species, note in ROWS:
        lines.append(f'"{name}",{mw(formula):.3f},{species},{formula},{note}')
    (Path(__file__).resolve().parent / "cb6_mapping.csv").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
