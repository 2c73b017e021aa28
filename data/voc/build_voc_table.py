#!/usr/bin/env python3
"""Write ``voc_species.csv``: VOC reactivity coefficients and the CB6 mapping.

Each row below is entered by hand from the cited primary tables; the script adds what can be
computed (molecular weight from the formula with IUPAC standard atomic weights), validates
every CAS number by its check digit, checks group names and the CB6 mapping syntax, and writes
the CSV.  A value is only entered when it was checked against an independent retrieved copy;
otherwise it is left empty (README.md lists what is empty and why).

Units: MIR in g O3 / g VOC; kOH in cm3 molecule-1 s-1 at 298 K (entered below in units of
1e-12); SOAP relative to toluene = 100 (mass basis); FAC in percent.

Reference keys (full citations in README.md):
  Carter2010  W. P. L. Carter, SAPRC-07 MIR table, CARB contract 07-339, revised 28 Jan 2010
  Derwent2010 R. G. Derwent et al., Sci. Total Environ. 408, 3374-3381 (2010), SOAP scale
  A2003       R. Atkinson, Atmos. Chem. Phys. 3, 2233-2307 (2003), OH + alkanes
  AA2003      R. Atkinson and J. Arey, Chem. Rev. 103, 4605-4638 (2003)
  IUPAC       IUPAC Task Group on Atmospheric Chemical Kinetic Data Evaluation
Independent copies used for the check (what "checked:" names):
  AeroViz     AeroViz support_voc.json (MIR, SOAP, kOH; a secondary compilation)
  CB6r3       the rate of the same explicit species in CMAQ's CB6r3 table (data/mechanisms)
  MCM         MCM v3.3.1 rate expression evaluated at 298 K (../shared/data/mechanisms)

Run:  python data/voc/build_voc_table.py
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "voc_species.csv"

ATOMIC_WEIGHT = {"C": 12.011, "H": 1.008, "O": 15.999, "Cl": 35.45}  # IUPAC standard (abridged)
GROUPS = {"alkane", "alkene", "aromatic", "alkyne", "OVOC", "halocarbon", "biogenic"}
CB6_SPECIES = set(
    "ETHA PRPA PAR ETH OLE IOLE ETHY ISOP TERP BENZENE TOL XYLMN FORM ALD2 ALDX ACET KET "
    "MEOH ETOH GLY MGLY ISPD CO CH4".split()
)

AV = "checked: AeroViz"
# columns: name, aliases, CAS, formula, group, MIR, mir_ref, kOH/1e-12, koh_ref, SOAP, soap_ref,
#          cb6, notes
R = [
    # ---------------------------------------------------------------- alkanes (PAMS)
    ("ethane", "", "74-84-0", "C2H6", "alkane", 0.28, f"Carter2010; {AV}",
     0.248, f"A2003; {AV}; CB6r3 (0.241)", 0.1, f"Derwent2010; {AV}", "ETHA:1", ""),
    ("propane", "", "74-98-6", "C3H8", "alkane", 0.49, f"Carter2010; {AV}",
     1.09, f"A2003; {AV}; CB6r3 (1.07)", None, "", "PRPA:1", ""),
    ("isobutane", "i-butane;2-methylpropane", "75-28-5", "C4H10", "alkane", 1.23,
     f"Carter2010; {AV}", 2.12, f"A2003; {AV}", None, "", "PAR:4", ""),
    ("n-butane", "butane", "106-97-8", "C4H10", "alkane", 1.15, f"Carter2010; {AV}",
     2.36, f"A2003; {AV}", 0.3, f"Derwent2010; {AV}", "PAR:4", ""),
    ("isopentane", "i-pentane;2-methylbutane", "78-78-4", "C5H12", "alkane", 1.45,
     f"Carter2010; {AV}", 3.6, f"A2003; {AV}", 0.2, f"Derwent2010; {AV}", "PAR:5", ""),
    ("n-pentane", "pentane", "109-66-0", "C5H12", "alkane", 1.31, f"Carter2010; {AV}",
     3.80, f"A2003; {AV}", 0.3, f"Derwent2010; {AV}", "PAR:5", ""),
    ("2,2-dimethylbutane", "neohexane", "75-83-2", "C6H14", "alkane", 1.17,
     f"Carter2010; {AV}", 2.23, f"A2003; {AV}", None, "", "PAR:6", ""),
    ("cyclopentane", "", "287-92-3", "C5H10", "alkane", 2.39, f"Carter2010; {AV}",
     4.97, f"A2003; {AV}", None, "", "PAR:5", ""),
    ("2,3-dimethylbutane", "", "79-29-8", "C6H14", "alkane", 0.97, f"Carter2010; {AV}",
     5.78, f"A2003; {AV}", None, "", "PAR:6", ""),
    ("2-methylpentane", "isohexane", "107-83-5", "C6H14", "alkane", 1.50,
     f"Carter2010; {AV}", None, "", None, "", "PAR:6", "kOH: copies disagree (5.2 vs 5.4)"),
    ("3-methylpentane", "", "96-14-0", "C6H14", "alkane", 1.80, f"Carter2010; {AV}",
     5.2, f"A2003; {AV}", 0.2, f"Derwent2010; {AV}", "PAR:6", ""),
    ("n-hexane", "hexane", "110-54-3", "C6H14", "alkane", 1.24, f"Carter2010; {AV}",
     5.20, f"A2003; {AV}", 0.1, f"Derwent2010; {AV}", "PAR:6", ""),
    ("methylcyclopentane", "", "96-37-7", "C6H12", "alkane", 2.19, f"Carter2010; {AV}",
     None, "", None, "", "PAR:6", "kOH not verified"),
    ("2,4-dimethylpentane", "", "108-08-7", "C7H16", "alkane", 1.55, f"Carter2010; {AV}",
     4.77, f"A2003; {AV}", None, "", "PAR:7", ""),
    ("cyclohexane", "", "110-82-7", "C6H12", "alkane", 1.25, f"Carter2010; {AV}",
     6.97, f"A2003; {AV}", None, "", "PAR:6", ""),
    ("2-methylhexane", "isoheptane", "591-76-4", "C7H16", "alkane", 1.19,
     f"Carter2010; {AV}", None, "", None, "", "PAR:7", "kOH not verified"),
    ("2,3-dimethylpentane", "", "565-59-3", "C7H16", "alkane", 1.34, f"Carter2010; {AV}",
     None, "", None, "", "PAR:7", "kOH: secondary copy (1.5e-12) not credible; not verified"),
    ("3-methylhexane", "", "589-34-4", "C7H16", "alkane", 1.61, f"Carter2010; {AV}",
     None, "", None, "", "PAR:7", "kOH not verified"),
    ("2,2,4-trimethylpentane", "isooctane", "540-84-1", "C8H18", "alkane", 1.26,
     f"Carter2010; {AV}", 3.34, f"A2003; {AV}", None, "", "PAR:8", ""),
    ("n-heptane", "heptane", "142-82-5", "C7H16", "alkane", 1.07, f"Carter2010; {AV}",
     6.76, f"A2003; {AV}", 0.1, f"Derwent2010; {AV}", "PAR:7", ""),
    ("methylcyclohexane", "", "108-87-2", "C7H14", "alkane", 1.70, f"Carter2010; {AV}",
     None, "", None, "", "PAR:7", "kOH: copies disagree; not verified"),
    ("2,3,4-trimethylpentane", "", "565-75-3", "C8H18", "alkane", 1.03,
     f"Carter2010; {AV}", 6.6, f"A2003; {AV}", None, "", "PAR:8", ""),
    ("2-methylheptane", "", "592-27-8", "C8H18", "alkane", 1.07, f"Carter2010; {AV}",
     None, "", None, "", "PAR:8", "kOH not verified"),
    ("3-methylheptane", "", "589-81-1", "C8H18", "alkane", 1.24, f"Carter2010; {AV}",
     None, "", None, "", "PAR:8", "kOH not verified"),
    ("n-octane", "octane", "111-65-9", "C8H18", "alkane", 0.90, f"Carter2010; {AV}",
     8.11, f"A2003; {AV}", 0.8, f"Derwent2010; {AV}", "PAR:8", ""),
    ("n-nonane", "nonane", "111-84-2", "C9H20", "alkane", 0.78, f"Carter2010; {AV}",
     9.70, f"A2003; {AV}", 1.9, f"Derwent2010; {AV}", "PAR:9", ""),
    ("n-decane", "decane", "124-18-5", "C10H22", "alkane", 0.68, f"Carter2010; {AV}",
     11.0, f"A2003; {AV}", 7.0, f"Derwent2010; {AV}", "PAR:10", ""),
    ("n-undecane", "undecane", "1120-21-4", "C11H24", "alkane", 0.61, f"Carter2010; {AV}",
     12.3, f"A2003; {AV}", 16.2, f"Derwent2010; {AV}", "PAR:11", ""),
    ("n-dodecane", "dodecane", "112-40-3", "C12H26", "alkane", 0.55, f"Carter2010; {AV}",
     None, "", None, "", "PAR:12", "kOH, SOAP not verified"),
    # ---------------------------------------------------------------- alkenes, alkyne
    ("ethylene", "ethene", "74-85-1", "C2H4", "alkene", 9.00, f"Carter2010; {AV}",
     8.52, f"AA2003; {AV}", 1.3, f"Derwent2010; {AV}", "ETH:1",
     "kOH at 1 atm; IUPAC/MCM/CB6r3 give 7.8e-12"),
    ("propylene", "propene", "115-07-1", "C3H6", "alkene", 11.66, f"Carter2010; {AV}",
     26.3, f"AA2003; {AV}", 1.6, f"Derwent2010; {AV}", "OLE:1;PAR:1", ""),
    ("1-butene", "but-1-ene", "106-98-9", "C4H8", "alkene", 9.73, f"Carter2010; {AV}",
     31.4, f"AA2003; {AV}", 1.2, f"Derwent2010; {AV}", "OLE:1;PAR:2", ""),
    ("trans-2-butene", "t-2-butene;(E)-2-butene", "624-64-6", "C4H8", "alkene", 15.16,
     f"Carter2010; {AV}", 64.0, "AA2003; checked: AeroViz (cis/trans swapped there)",
     3.1, f"Derwent2010; {AV}", "IOLE:1", ""),
    ("cis-2-butene", "c-2-butene;(Z)-2-butene", "590-18-1", "C4H8", "alkene", 14.24,
     f"Carter2010; {AV}", 56.4, "AA2003; checked: AeroViz (cis/trans swapped there)",
     3.6, f"Derwent2010; {AV}", "IOLE:1", ""),
    ("1-pentene", "pent-1-ene", "109-67-1", "C5H10", "alkene", 7.21, f"Carter2010; {AV}",
     31.4, f"AA2003; {AV}", None, "", "OLE:1;PAR:3", ""),
    ("trans-2-pentene", "t-2-pentene", "646-04-8", "C5H10", "alkene", 10.56,
     f"Carter2010; {AV}", 67.0, f"AA2003; {AV}", 4.0, f"Derwent2010; {AV}", "IOLE:1;PAR:1", ""),
    ("cis-2-pentene", "c-2-pentene", "627-20-3", "C5H10", "alkene", 10.38,
     f"Carter2010; {AV}", 65.0, f"AA2003; {AV}", 3.6, f"Derwent2010; {AV}", "IOLE:1;PAR:1", ""),
    ("2-methyl-1-pentene", "", "763-29-1", "C6H12", "alkene", None, "", None, "", None, "",
     "OLE:1;PAR:4", "MIR, kOH, SOAP not verified"),
    ("1-hexene", "hex-1-ene", "592-41-6", "C6H12", "alkene", 5.49, f"Carter2010; {AV}",
     None, "", None, "", "OLE:1;PAR:4", "kOH, SOAP not verified"),
    ("1,3-butadiene", "butadiene", "106-99-0", "C4H6", "alkene", 12.61, f"Carter2010; {AV}",
     66.6, f"AA2003; {AV}; CMAQ T10 (66.3)", 1.8, f"Derwent2010; {AV}", "OLE:2", ""),
    ("acetylene", "ethyne", "74-86-2", "C2H2", "alkyne", 0.95, f"Carter2010; {AV}",
     0.78, "AA2003; checked: CB6r3 (0.752); AeroViz 0.85 disagrees", 0.1,
     f"Derwent2010; {AV}", "ETHY:1", "kOH at 1 atm"),
    # ---------------------------------------------------------------- aromatics
    ("benzene", "", "71-43-2", "C6H6", "aromatic", 0.72, f"Carter2010; {AV}",
     1.22, f"AA2003; {AV}; CB6r3 (1.216)", 92.9, f"Derwent2010; {AV}", "BENZENE:1", ""),
    ("toluene", "methylbenzene", "108-88-3", "C7H8", "aromatic", 4.00, f"Carter2010; {AV}",
     5.63, f"AA2003; {AV}; CB6r3 (5.630)", 100.0, f"Derwent2010; {AV}", "TOL:1", ""),
    ("ethylbenzene", "", "100-41-4", "C8H10", "aromatic", 3.04, f"Carter2010; {AV}",
     7.0, f"AA2003; {AV}", 111.6, f"Derwent2010; {AV}", "TOL:1;PAR:1", ""),
    ("m/p-xylene", "m,p-xylene;mp-xylene;m&p-xylene", "", "C8H10", "aromatic", 7.80,
     f"Carter2010 (mean of m- and p-xylene); {AV}", None, "", None, "", "XYLMN:1",
     "co-eluting pair; no single CAS; kOH and SOAP of the pair not verified"),
    ("o-xylene", "1,2-dimethylbenzene", "95-47-6", "C8H10", "aromatic", 7.64,
     f"Carter2010; {AV}", 13.6, f"AA2003; {AV}", 95.5, f"Derwent2010; {AV}", "XYLMN:1", ""),
    ("styrene", "ethenylbenzene;vinylbenzene", "100-42-5", "C8H8", "aromatic", 1.73,
     f"Carter2010; {AV}", 58.0, f"AA2003; {AV}", 212.3, f"Derwent2010; {AV}",
     "TOL:1;PAR:1", "CB6 lumping of the vinyl group is this project's choice"),
    ("isopropylbenzene", "cumene;iso-propylbenzene", "98-82-8", "C9H12", "aromatic", 2.52,
     f"Carter2010; {AV}", 6.3, f"AA2003; {AV}", 95.5, f"Derwent2010; {AV}", "TOL:1;PAR:2", ""),
    ("n-propylbenzene", "propylbenzene", "103-65-1", "C9H12", "aromatic", 2.03,
     f"Carter2010; {AV}", 5.8, f"AA2003; {AV}", 109.7, f"Derwent2010; {AV}",
     "TOL:1;PAR:2", ""),
    ("m-ethyltoluene", "3-ethyltoluene;1-ethyl-3-methylbenzene", "620-14-4", "C9H12",
     "aromatic", 7.39, f"Carter2010; {AV}", 18.6,
     "AA2003; checked: AeroViz (m/p swapped there)", 100.6, f"Derwent2010; {AV}",
     "XYLMN:1;PAR:1", ""),
    ("p-ethyltoluene", "4-ethyltoluene;1-ethyl-4-methylbenzene", "622-96-8", "C9H12",
     "aromatic", 4.44, f"Carter2010; {AV}", 11.8,
     "AA2003; checked: AeroViz (m/p swapped there)", 69.7, f"Derwent2010; {AV}",
     "XYLMN:1;PAR:1", ""),
    ("1,3,5-trimethylbenzene", "mesitylene;1,3,5-TMB", "108-67-8", "C9H12", "aromatic",
     11.76, f"Carter2010; {AV}", 56.7, f"AA2003; {AV}", 13.5, f"Derwent2010; {AV}",
     "XYLMN:1;PAR:1", ""),
    ("o-ethyltoluene", "2-ethyltoluene;1-ethyl-2-methylbenzene", "611-14-3", "C9H12",
     "aromatic", 5.59, f"Carter2010; {AV}", 11.9, f"AA2003; {AV}", 94.8,
     f"Derwent2010; {AV}", "XYLMN:1;PAR:1", ""),
    ("1,2,4-trimethylbenzene", "pseudocumene;1,2,4-TMB", "95-63-6", "C9H12", "aromatic",
     8.87, f"Carter2010; {AV}", 32.5, f"AA2003; {AV}", 20.6, f"Derwent2010; {AV}",
     "XYLMN:1;PAR:1", ""),
    ("1,2,3-trimethylbenzene", "hemimellitene;1,2,3-TMB", "526-73-8", "C9H12", "aromatic",
     11.97, f"Carter2010; {AV}", 32.7, f"AA2003; {AV}", 43.9, f"Derwent2010; {AV}",
     "XYLMN:1;PAR:1", ""),
    ("m-diethylbenzene", "1,3-diethylbenzene", "141-93-5", "C10H14", "aromatic", 7.10,
     f"Carter2010; {AV}", None, "", None, "", "XYLMN:1;PAR:2",
     "kOH, SOAP not verified"),
    ("p-diethylbenzene", "1,4-diethylbenzene", "105-05-5", "C10H14", "aromatic", 4.43,
     f"Carter2010; {AV}", None, "", None, "", "XYLMN:1;PAR:2",
     "kOH, SOAP not verified"),
    ("m-xylene", "1,3-dimethylbenzene", "108-38-3", "C8H10", "aromatic", None, "", None, "",
     None, "", "XYLMN:1", "reported as m/p-xylene by most GC methods; coefficients not verified"),
    ("p-xylene", "1,4-dimethylbenzene", "106-42-3", "C8H10", "aromatic", None, "", None, "",
     None, "", "XYLMN:1", "reported as m/p-xylene by most GC methods; coefficients not verified"),
    ("naphthalene", "", "91-20-3", "C10H8", "aromatic", None, "", None, "", None, "",
     "XYLMN:1", "CMAQ's NAPH reacts as XYLMN; coefficients not verified"),
    # ---------------------------------------------------------------- biogenic
    ("isoprene", "2-methyl-1,3-butadiene", "78-79-5", "C5H8", "biogenic", 10.61,
     f"Carter2010; {AV}", 100.0, f"AA2003; {AV}; CB6r3 (99.9); MCM (99.9)", 1.9,
     f"Derwent2010; {AV}", "ISOP:1", ""),
    ("alpha-pinene", "a-pinene", "80-56-8", "C10H16", "biogenic", None, "", None, "", None,
     "", "TERP:1", "coefficients not verified"),
    ("beta-pinene", "b-pinene", "127-91-3", "C10H16", "biogenic", None, "", None, "", None,
     "", "TERP:1", "coefficients not verified"),
    ("limonene", "d-limonene", "138-86-3", "C10H16", "biogenic", None, "", None, "", None,
     "", "TERP:1", "coefficients not verified"),
    # ---------------------------------------------------------------- OVOCs
    ("formaldehyde", "HCHO;methanal", "50-00-0", "CH2O", "OVOC", None, "",
     8.5, "IUPAC; checked: CB6r3 (8.49); MCM (8.49)", None, "", "FORM:1",
     "MIR not verified"),
    ("acetaldehyde", "CH3CHO;ethanal", "75-07-0", "C2H4O", "OVOC", 6.54, f"Carter2010; {AV}",
     15.0, f"IUPAC; {AV}; CB6r3 (14.95); MCM (14.95)", 0.6, f"Derwent2010; {AV}",
     "ALD2:1", ""),
    ("propanal", "propionaldehyde", "123-38-6", "C3H6O", "OVOC", None, "", None, "", None, "",
     "ALDX:1;PAR:1", "coefficients not verified"),
    ("butanal", "butyraldehyde;n-butanal", "123-72-8", "C4H8O", "OVOC", None, "", None, "",
     None, "", "ALDX:1;PAR:2", "coefficients not verified"),
    ("acrolein", "propenal", "107-02-8", "C3H4O", "OVOC", None, "",
     20.0, "AA2003; checked: CMAQ T17 (20.0)", None, "", "",
     "no CB6r3 model species; MIR not verified"),
    ("acetone", "propanone;CH3COCH3", "67-64-1", "C3H6O", "OVOC", 0.36, f"Carter2010; {AV}",
     0.18, f"IUPAC; {AV} (0.17); CB6r3 (0.176); MCM (0.175)", 0.3, f"Derwent2010; {AV}",
     "ACET:1", ""),
    ("methyl ethyl ketone", "MEK;2-butanone;butanone", "78-93-3", "C4H8O", "OVOC", None, "",
     1.1, "IUPAC; checked: MCM (1.11)", None, "", "KET:1;PAR:3", "MIR not verified"),
    ("methyl vinyl ketone", "MVK;3-buten-2-one", "78-94-4", "C4H6O", "OVOC", None, "",
     20.0, "AA2003; checked: MCM (20.1)", None, "", "ISPD:1", "MIR not verified"),
    ("methacrolein", "MACR;2-methylpropenal", "78-85-3", "C4H6O", "OVOC", None, "",
     29.0, "AA2003; checked: MCM (28.6)", None, "", "ISPD:1", "MIR not verified"),
    ("glyoxal", "GLY", "107-22-2", "C2H2O2", "OVOC", None, "", 9.7,
     "IUPAC; checked: CB6r3 (9.70)", None, "", "GLY:1", "MIR not verified"),
    ("methylglyoxal", "MGLY", "78-98-8", "C3H4O2", "OVOC", None, "", 13.0,
     "IUPAC; checked: CB6r3 (13.07)", None, "", "MGLY:1", "MIR not verified"),
    ("methanol", "CH3OH", "67-56-1", "CH4O", "OVOC", None, "", 0.90,
     "IUPAC; checked: CB6r3 (0.896); MCM (0.896)", None, "", "MEOH:1", "MIR not verified"),
    ("ethanol", "C2H5OH", "64-17-5", "C2H6O", "OVOC", 1.53, f"Carter2010; {AV}", 3.2,
     f"IUPAC; {AV}; CB6r3 (3.21); MCM (3.21)", 0.6, f"Derwent2010; {AV}", "ETOH:1", ""),
    ("isopropanol", "IPA;2-propanol;isopropyl alcohol", "67-63-0", "C3H8O", "OVOC", 0.61,
     f"Carter2010; {AV}", 5.1, f"AA2003; {AV}", 0.4, f"Derwent2010; {AV}", "PAR:3",
     "CB6 lumping of the alcohol is this project's choice"),
    ("ethyl acetate", "", "141-78-6", "C4H8O2", "OVOC", 0.63, f"Carter2010; {AV}", None, "",
     0.1, f"Derwent2010; {AV}", "", "kOH not verified; no CB6r3 mapping"),
    ("n-butyl acetate", "butyl acetate", "123-86-4", "C6H12O2", "OVOC", 0.83,
     f"Carter2010; {AV}", None, "", None, "", "", "kOH not verified; no CB6r3 mapping"),
    # ---------------------------------------------------------------- halocarbons
    ("tetrachloroethylene", "PCE;perchloroethylene;tetrachloroethene", "127-18-4", "C2Cl4",
     "halocarbon", 0.03, f"Carter2010; {AV}", None, "", None, "", "NR", "kOH not verified"),
    ("trichloroethylene", "TCE;trichloroethene", "79-01-6", "C2HCl3", "halocarbon", 0.64,
     f"Carter2010; {AV}", None, "", None, "", "NR", "kOH not verified"),
    ("vinyl chloride", "VCM;chloroethene;chloroethylene", "75-01-4", "C2H3Cl", "halocarbon",
     2.83, f"Carter2010; {AV}", None, "", None, "", "NR", "kOH not verified"),
    ("dichloromethane", "methylene chloride", "75-09-2", "CH2Cl2", "halocarbon", None, "",
     None, "", None, "", "NR", "coefficients not verified"),
    ("1,2-dichloroethane", "ethylene dichloride", "107-06-2", "C2H4Cl2", "halocarbon", None,
     "", None, "", None, "", "NR", "coefficients not verified"),
]

COLUMNS = ["name", "aliases", "cas", "formula", "mw", "group", "mir", "mir_ref", "koh_298",
           "koh_ref", "soap", "soap_ref", "fac", "fac_ref", "cb6", "cb6_ref", "notes"]


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


def main() -> None:
    names: set[str] = set()
    rows = []
    for (name, aliases, cas, formula, group, mir, mir_ref, koh, koh_ref, soap, soap_ref, cb6,
         notes) in R:
        if name in names:
            raise SystemExit(f"duplicate {name}")
        names.add(name)
        if cas and not cas_ok(cas):
            raise SystemExit(f"{name}: CAS {cas} fails its check digit")
        if group not in GROUPS:
            raise SystemExit(f"{name}: group {group}")
        if not cb6_ok(cb6):
            raise SystemExit(f"{name}: cb6 mapping {cb6!r}")
        for value, ref, col in ((mir, mir_ref, "mir"), (koh, koh_ref, "koh"),
                                (soap, soap_ref, "soap")):
            if (value is None) != (ref == ""):
                raise SystemExit(f"{name}: {col} value and reference must come together")
        if cb6 in ("", "NR"):
            cb6_ref = "not represented in CB6r3" if cb6 == "NR" else ""
        else:
            cb6_ref = "CB6 carbon-bond lumping, mol per mol (README)"
        rows.append({
            "name": name, "aliases": aliases, "cas": cas, "formula": formula,
            "mw": f"{molecular_weight(formula):.3f}", "group": group,
            "mir": fmt(mir), "mir_ref": mir_ref,
            "koh_298": fmt(koh, 1e-12), "koh_ref": koh_ref,
            "soap": fmt(soap), "soap_ref": soap_ref,
            "fac": "", "fac_ref": "",
            "cb6": cb6, "cb6_ref": cb6_ref, "notes": notes,
        })
    with OUT.open("w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    n = len(rows)
    filled = {c: sum(1 for r in rows if r[c]) for c in ("mir", "koh_298", "soap", "cb6")}
    print(f"{OUT.name}: {n} species; filled {filled}")


if __name__ == "__main__":
    main()
