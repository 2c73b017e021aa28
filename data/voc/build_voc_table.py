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

AV = "checked: AeroViz"
# The data tables below keep their hand-aligned rows (ruff format skips them).
# fmt: off
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
     f"Carter2010; {AV}", None, "", None, "", "PAR:6", "kOH: copies of A2003 disagree; MCM331"),
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
     f"Carter2010; {AV}", None, "", None, "", "PAR:7", "kOH from MCM331"),
    ("2,3-dimethylpentane", "", "565-59-3", "C7H16", "alkane", 1.34, f"Carter2010; {AV}",
     None, "", None, "", "PAR:7", "kOH: secondary copy (1.5e-12) not credible; not verified"),
    ("3-methylhexane", "", "589-34-4", "C7H16", "alkane", 1.61, f"Carter2010; {AV}",
     None, "", None, "", "PAR:7", "kOH from MCM331"),
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
     None, "", None, "", "PAR:12", "SOAP not verified; kOH MCM331"),
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
     None, "", None, "", "OLE:1;PAR:4", "SOAP not verified; kOH MCM331"),
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
     None, "", "XYLMN:1", "reported as m/p-xylene by most GC methods; MIR, SOAP not verified"),
    ("p-xylene", "1,4-dimethylbenzene", "106-42-3", "C8H10", "aromatic", None, "", None, "",
     None, "", "XYLMN:1", "reported as m/p-xylene by most GC methods; MIR, SOAP not verified"),
    ("naphthalene", "", "91-20-3", "C10H8", "aromatic", None, "", None, "", None, "",
     "XYLMN:1", "CMAQ's NAPH reacts as XYLMN; coefficients not verified"),
    # ---------------------------------------------------------------- biogenic
    ("isoprene", "2-methyl-1,3-butadiene", "78-79-5", "C5H8", "biogenic", 10.61,
     f"Carter2010; {AV}", 100.0, f"AA2003; {AV}; CB6r3 (99.9); MCM (99.9)", 1.9,
     f"Derwent2010; {AV}", "ISOP:1", ""),
    ("alpha-pinene", "a-pinene", "80-56-8", "C10H16", "biogenic", None, "", None, "", None,
     "", "TERP:1", "MIR, SOAP not verified"),
    ("beta-pinene", "b-pinene", "127-91-3", "C10H16", "biogenic", None, "", None, "", None,
     "", "TERP:1", "MIR, SOAP not verified"),
    ("limonene", "d-limonene;5989-27-5", "138-86-3", "C10H16", "biogenic", None, "", None, "", None,
     "", "TERP:1", "MIR, SOAP not verified"),
    # ---------------------------------------------------------------- OVOCs
    ("formaldehyde", "HCHO;methanal", "50-00-0", "CH2O", "OVOC", None, "",
     8.5, "IUPAC; checked: CB6r3 (8.49); MCM (8.49)", None, "", "FORM:1",
     "MIR not verified"),
    ("acetaldehyde", "CH3CHO;ethanal", "75-07-0", "C2H4O", "OVOC", 6.54, f"Carter2010; {AV}",
     15.0, f"IUPAC; {AV}; CB6r3 (14.95); MCM (14.95)", 0.6, f"Derwent2010; {AV}",
     "ALD2:1", ""),
    ("propanal", "propionaldehyde", "123-38-6", "C3H6O", "OVOC", None, "", None, "", None, "",
     "ALDX:1;PAR:1", "MIR, SOAP not verified"),
    ("butanal", "butyraldehyde;n-butanal", "123-72-8", "C4H8O", "OVOC", None, "", None, "",
     None, "", "ALDX:1;PAR:2", "MIR, SOAP not verified"),
    ("acrolein", "propenal", "107-02-8", "C3H4O", "OVOC", None, "",
     20.0, "AA2003; checked: CMAQ T17 (20.0)", None, "", "OLE:1;PAR:1",
     "MIR not verified"),
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
    ("ethyl acetate", "ethyl_acetate", "141-78-6", "C4H8O2", "OVOC", 0.63,
     f"Carter2010; {AV}", None, "", 0.1, f"Derwent2010; {AV}", "PAR:4", ""),
    ("n-butyl acetate", "butyl acetate;butyl_acetate", "123-86-4", "C6H12O2", "OVOC", 0.83,
     f"Carter2010; {AV}", None, "", None, "", "PAR:6", "SOAP not verified"),
    # ---------------------------------------------------------------- halocarbons
    ("tetrachloroethylene", "PCE;perchloroethylene;tetrachloroethene", "127-18-4", "C2Cl4",
     "halocarbon", 0.03, f"Carter2010; {AV}", None, "", None, "", "NR", ""),
    ("trichloroethylene", "TCE;trichloroethene", "79-01-6", "C2HCl3", "halocarbon", 0.64,
     f"Carter2010; {AV}", None, "", None, "", "NR", ""),
    ("vinyl chloride", "VCM;chloroethene;chloroethylene", "75-01-4", "C2H3Cl", "halocarbon",
     2.83, f"Carter2010; {AV}", None, "", None, "", "NR", ""),
    ("dichloromethane", "methylene chloride", "75-09-2", "CH2Cl2", "halocarbon", None, "",
     None, "", None, "", "NR", "MIR not verified"),
    ("1,2-dichloroethane", "ethylene dichloride", "107-06-2", "C2H4Cl2", "halocarbon", None,
     "", None, "", None, "", "NR", "MIR not verified"),
]


# Species SPECIATE's gas profiles carry with large mass, common OVOCs and halocarbons (lumps such
# as "mineral spirits" or "isomers of xylene" are not species and are left out).  MIR and SOAP
# are not verified for these; kOH comes from MCM331 (filled in by main()), the CB6 lumping from
# S2S (halocarbons and what S2S calls UNR are "NR"; what S2S sends to IVOC has no CB6 species).
R_MORE = [
    ("methane", "CH4", "74-82-8", "CH4", "alkane", None, "", None, "", None, "", "CH4:1",
     "not an NMVOC; TOG profiles carry it"),
    ("isobutene", "isobutylene;2-methylpropene", "115-11-7", "C4H8", "alkene", None, "", None,
     "", None, "", "OLE:1;PAR:2", ""),
    ("2-methyl-1-butene", "", "563-46-2", "C5H10", "alkene", None, "", None, "", None, "",
     "OLE:1;PAR:3", ""),
    ("2-methyl-2-butene", "", "513-35-9", "C5H10", "alkene", None, "", None, "", None, "",
     "IOLE:1;PAR:1", ""),
    ("3-methyl-1-butene", "", "563-45-1", "C5H10", "alkene", None, "", None, "", None, "",
     "OLE:1;PAR:3", ""),
    ("cyclopentene", "", "142-29-0", "C5H8", "alkene", None, "", None, "", None, "",
     "IOLE:1;PAR:1", "kOH not verified"),
    ("2,4-dimethylhexane", "", "589-43-5", "C8H18", "alkane", None, "", None, "", None, "",
     "PAR:8", "kOH not verified"),
    ("2,3-dimethylhexane", "", "584-94-1", "C8H18", "alkane", None, "", None, "", None, "",
     "PAR:8", "kOH not verified"),
    ("2,5-dimethylhexane", "", "592-13-2", "C8H18", "alkane", None, "", None, "", None, "",
     "PAR:8", "kOH not verified"),
    ("methyl tert-butyl ether", "MTBE;tert-butyl methyl ether", "1634-04-4", "C5H12O", "OVOC",
     None, "", None, "", None, "", "PAR:5", ""),
    ("methyl isobutyl ketone", "MIBK;4-methyl-2-pentanone", "108-10-1", "C6H12O", "OVOC", None,
     "", None, "", None, "", "KET:1;PAR:5", ""),
    ("acetic acid", "ethanoic acid", "64-19-7", "C2H4O2", "OVOC", None, "", None, "", None, "",
     "AACD:1", ""),
    ("formic acid", "methanoic acid", "64-18-6", "CH2O2", "OVOC", None, "", None, "", None, "",
     "FACD:1", ""),
    ("ethylene glycol", "1,2-ethanediol", "107-21-1", "C2H6O2", "OVOC", None, "", None, "",
     None, "", "", "S2S sends it to IVOC: no CB6 gas species"),
    ("propylene glycol", "1,2-propanediol", "57-55-6", "C3H8O2", "OVOC", None, "", None, "",
     None, "", "", "S2S sends it to IVOC: no CB6 gas species"),
    ("1-propanol", "n-propanol;propan-1-ol", "71-23-8", "C3H8O", "OVOC", None, "", None, "",
     None, "", "PAR:3", ""),
    ("1-butanol", "n-butanol;butan-1-ol", "71-36-3", "C4H10O", "OVOC", None, "", None, "",
     None, "", "PAR:4", ""),
    ("isobutanol", "2-methyl-1-propanol;isobutyl alcohol", "78-83-1", "C4H10O", "OVOC", None,
     "", None, "", None, "", "PAR:4", ""),
    ("n-propyl acetate", "propyl acetate", "109-60-4", "C5H10O2", "OVOC", None, "", None, "",
     None, "", "PAR:5", ""),
    ("isopropyl acetate", "", "108-21-4", "C5H10O2", "OVOC", None, "", None, "", None, "",
     "PAR:5", ""),
    ("2-butoxyethanol", "butyl cellosolve;EGBE", "111-76-2", "C6H14O2", "OVOC", None, "", None,
     "", None, "", "PAR:6", ""),
    ("benzaldehyde", "", "100-52-7", "C7H6O", "OVOC", None, "", None, "", None, "", "TOL:1",
     ""),
    ("pentanal", "valeraldehyde;n-pentanal", "110-62-3", "C5H10O", "OVOC", None, "", None, "",
     None, "", "ALDX:1;PAR:3", ""),
    ("hexanal", "hexaldehyde", "66-25-1", "C6H12O", "OVOC", None, "", None, "", None, "",
     "ALDX:1;PAR:4", ""),
    ("biacetyl", "2,3-butanedione;diacetyl", "431-03-8", "C4H6O2", "OVOC", None, "", None, "",
     None, "", "NR", ""),
    ("crotonaldehyde", "2-butenal", "4170-30-3", "C4H6O", "OVOC", None, "", None, "", None, "",
     "ALDX:1;PAR:2", "kOH not verified"),
    ("phenol", "", "108-95-2", "C6H6O", "aromatic", None, "", None, "", None, "", "",
     "S2S sends it to IVOC: no CB6 gas species"),
    ("furan", "", "110-00-9", "C4H4O", "OVOC", None, "", None, "", None, "", "IOLE:1",
     "kOH not verified"),
    ("cyclohexanone", "", "108-94-1", "C6H10O", "OVOC", None, "", None, "", None, "",
     "KET:1;PAR:5", ""),
    ("acetonitrile", "methyl cyanide;CH3CN", "75-05-8", "C2H3N", "other", None, "", None, "",
     None, "", "NR", "kOH not verified"),
    ("chloromethane", "methyl chloride", "74-87-3", "CH3Cl", "halocarbon", None, "", None, "",
     None, "", "NR", ""),
    ("chloroform", "trichloromethane", "67-66-3", "CHCl3", "halocarbon", None, "", None, "",
     None, "", "NR", ""),
    ("carbon tetrachloride", "tetrachloromethane;CCl4", "56-23-5", "CCl4", "halocarbon", None,
     "", None, "", None, "", "NR", "no OH reaction in MCM331"),
    ("1,1,1-trichloroethane", "methyl chloroform", "71-55-6", "C2H3Cl3", "halocarbon", None,
     "", None, "", None, "", "NR", ""),
    ("bromomethane", "methyl bromide", "74-83-9", "CH3Br", "halocarbon", None, "", None, "",
     None, "", "NR", ""),
    ("1,1-dichloroethene", "vinylidene chloride", "75-35-4", "C2H2Cl2", "halocarbon", None, "",
     None, "", None, "", "NR", ""),
]

# MIR (Carter2010) of the rows above that AeroViz lacks, checked against foqat; the CAS guards
# the match.  Carter's table has negative (benzaldehyde) and zero (CCl4) MIRs.
MIR_CHECKED_FOQAT = {
    "2-methyl-1-pentene": ("763-29-1", 5.26),
    "m-xylene": ("108-38-3", 9.75),
    "p-xylene": ("106-42-3", 5.84),
    "naphthalene": ("91-20-3", 3.34),
    "alpha-pinene": ("80-56-8", 4.51),
    "beta-pinene": ("127-91-3", 3.52),
    "limonene": ("138-86-3", 4.55),
    "formaldehyde": ("50-00-0", 9.46),
    "propanal": ("123-38-6", 7.08),
    "butanal": ("123-72-8", 5.97),
    "acrolein": ("107-02-8", 7.45),
    "methyl ethyl ketone": ("78-93-3", 1.48),
    "methyl vinyl ketone": ("78-94-4", 9.65),
    "methacrolein": ("78-85-3", 6.01),
    "glyoxal": ("107-22-2", 12.5),
    "methylglyoxal": ("78-98-8", 16.56),
    "methanol": ("67-56-1", 0.67),
    "dichloromethane": ("75-09-2", 0.041),
    "1,2-dichloroethane": ("107-06-2", 0.21),
    "methane": ("74-82-8", 0.0144),
    "isobutene": ("115-11-7", 6.29),
    "2-methyl-1-butene": ("563-46-2", 6.4),
    "2-methyl-2-butene": ("513-35-9", 14.08),
    "3-methyl-1-butene": ("563-45-1", 6.99),
    "cyclopentene": ("142-29-0", 6.77),
    "2,4-dimethylhexane": ("589-43-5", 1.73),
    "2,3-dimethylhexane": ("584-94-1", 1.19),
    "2,5-dimethylhexane": ("592-13-2", 1.46),
    "methyl tert-butyl ether": ("1634-04-4", 0.73),
    "methyl isobutyl ketone": ("108-10-1", 3.88),
    "acetic acid": ("64-19-7", 0.68),
    "formic acid": ("64-18-6", 0.066),
    "ethylene glycol": ("107-21-1", 3.13),
    "propylene glycol": ("57-55-6", 2.58),
    "1-propanol": ("71-23-8", 2.5),
    "1-butanol": ("71-36-3", 2.88),
    "isobutanol": ("78-83-1", 2.51),
    "n-propyl acetate": ("109-60-4", 0.78),
    "isopropyl acetate": ("108-21-4", 1.07),
    "2-butoxyethanol": ("111-76-2", 2.9),
    "benzaldehyde": ("100-52-7", -0.67),
    "pentanal": ("110-62-3", 5.08),
    "hexanal": ("66-25-1", 4.35),
    "biacetyl": ("431-03-8", 20.09),
    "crotonaldehyde": ("4170-30-3", 9.39),
    "phenol": ("108-95-2", 2.76),
    "furan": ("110-00-9", 9.15),
    "cyclohexanone": ("108-94-1", 1.35),
    "chloromethane": ("74-87-3", 0.038),
    "chloroform": ("67-66-3", 0.022),
    "carbon tetrachloride": ("56-23-5", 0),
    "1,1,1-trichloroethane": ("71-55-6", 0.0049),
    "bromomethane": ("74-83-9", 0.0187),
    "1,1-dichloroethene": ("75-35-4", 1.79),
}

# MCM v3.3.1 species of each compound.  Careful: MCM's TCE is tetrachloroethene, while this
# table's alias TCE is trichloroethylene (MCM: TRICLETH).
MCM = {
    "ethane": "C2H6", "propane": "C3H8", "isobutane": "IC4H10", "n-butane": "NC4H10",
    "isopentane": "IC5H12", "n-pentane": "NC5H12", "2,2-dimethylbutane": "M22C4",
    "2,3-dimethylbutane": "M23C4", "2-methylpentane": "M2PE", "3-methylpentane": "M3PE",
    "n-hexane": "NC6H14", "cyclohexane": "CHEX", "2-methylhexane": "M2HEX",
    "3-methylhexane": "M3HEX", "n-heptane": "NC7H16", "n-octane": "NC8H18",
    "n-nonane": "NC9H20", "n-decane": "NC10H22", "n-undecane": "NC11H24",
    "n-dodecane": "NC12H26", "ethylene": "C2H4", "propylene": "C3H6", "1-butene": "BUT1ENE",
    "trans-2-butene": "TBUT2ENE", "cis-2-butene": "CBUT2ENE", "1-pentene": "PENT1ENE",
    "trans-2-pentene": "TPENT2ENE", "cis-2-pentene": "CPENT2ENE", "1-hexene": "HEX1ENE",
    "1,3-butadiene": "C4H6", "acetylene": "C2H2", "benzene": "BENZENE", "toluene": "TOLUENE",
    "ethylbenzene": "EBENZ", "o-xylene": "OXYL", "m-xylene": "MXYL", "p-xylene": "PXYL",
    "styrene": "STYRENE", "isopropylbenzene": "IPBENZ", "n-propylbenzene": "PBENZ",
    "m-ethyltoluene": "METHTOL", "p-ethyltoluene": "PETHTOL", "o-ethyltoluene": "OETHTOL",
    "1,3,5-trimethylbenzene": "TM135B", "1,2,4-trimethylbenzene": "TM124B",
    "1,2,3-trimethylbenzene": "TM123B", "isoprene": "C5H8", "alpha-pinene": "APINENE",
    "beta-pinene": "BPINENE", "limonene": "LIMONENE", "formaldehyde": "HCHO",
    "acetaldehyde": "CH3CHO", "propanal": "C2H5CHO", "butanal": "C3H7CHO", "acrolein": "ACR",
    "acetone": "CH3COCH3", "methyl ethyl ketone": "MEK", "methyl vinyl ketone": "MVK",
    "methacrolein": "MACR", "glyoxal": "GLYOX", "methylglyoxal": "MGLYOX",
    "methanol": "CH3OH", "ethanol": "C2H5OH", "isopropanol": "IPROPOL",
    "ethyl acetate": "ETHACET", "n-butyl acetate": "NBUTACET", "tetrachloroethylene": "TCE",
    "trichloroethylene": "TRICLETH", "vinyl chloride": "VINCL", "dichloromethane": "CH2CL2",
    "1,2-dichloroethane": "CH2CLCH2CL", "methane": "CH4", "isobutene": "MEPROPENE",
    "2-methyl-1-butene": "ME2BUT1ENE", "2-methyl-2-butene": "ME2BUT2ENE",
    "3-methyl-1-butene": "ME3BUT1ENE", "methyl tert-butyl ether": "MTBE",
    "methyl isobutyl ketone": "MIBK", "acetic acid": "CH3CO2H", "formic acid": "HCOOH",
    "ethylene glycol": "ETHGLY", "propylene glycol": "PROPGLY", "1-propanol": "NPROPOL",
    "1-butanol": "NBUTOL", "isobutanol": "IBUTOL", "n-propyl acetate": "NPROACET",
    "isopropyl acetate": "IPROACET", "2-butoxyethanol": "BUOX2ETOH",
    "benzaldehyde": "BENZAL", "pentanal": "C4H9CHO", "hexanal": "C5H11CHO",
    "biacetyl": "BIACET", "phenol": "PHENOL", "cyclohexanone": "CYHEXONE",
    "chloromethane": "CH3CL", "chloroform": "CHCL3", "1,1,1-trichloroethane": "CH3CCL3",
    "bromomethane": "CH3BR", "1,1-dichloroethene": "CCL2CH2",
}

# MCM331 OH rate (a, n, b): k = a T^n exp(-b/T), the channels of OH + compound summed.  The
# pressure-dependent ones (ethylene, propylene, acetylene) and acetone's two-term expression
# are not in this form and are left out.  Used for kOH(T) when its 298 K value is within 3 % of
# the tabulated one, and for the 298 K value where the table has none.
MCM_OH = {
    "ethane": (6.9e-12, 0, 1000), "propane": (7.6e-12, 0, 585),
    "isobutane": (1.16e-17, 2, -225), "n-butane": (9.8e-12, 0, 425),
    "isopentane": (3.7e-12, 0, 0), "n-pentane": (2.44e-17, 2, -183),
    "2,2-dimethylbutane": (3.22e-11, 0, 781), "2,3-dimethylbutane": (1.24e-17, 2, -494),
    "2-methylpentane": (5.3e-12, 0, 0), "3-methylpentane": (5.4e-12, 0, 0),
    "n-hexane": (1.53e-17, 2, -414), "cyclohexane": (2.88e-17, 2, -309),
    "2-methylhexane": (6.86e-12, 0, 0), "3-methylhexane": (7.15e-12, 0, 0),
    "n-heptane": (1.59e-17, 2, -478), "n-octane": (2.76e-17, 2, -378),
    "n-nonane": (2.51e-17, 2, -447), "n-decane": (3.13e-17, 2, -416),
    "n-undecane": (1.29e-11, 0, 0), "n-dodecane": (1.39e-11, 0, 0),
    "1-butene": (6.6e-12, 0, -465), "trans-2-butene": (1.01e-11, 0, -550),
    "cis-2-butene": (1.1e-11, 0, -487), "1-pentene": (5.86e-12, 0, -500),
    "trans-2-pentene": (6.69e-11, 0, 0), "cis-2-pentene": (6.54e-11, 0, 0),
    "1-hexene": (3.7e-11, 0, 0), "1,3-butadiene": (1.48e-11, 0, -448),
    "benzene": (2.3e-12, 0, 190), "toluene": (1.8e-12, 0, -340),
    "ethylbenzene": (7.0e-12, 0, 0), "o-xylene": (1.36e-11, 0, 0), "m-xylene": (2.31e-11, 0, 0),
    "p-xylene": (1.43e-11, 0, 0), "styrene": (5.8e-11, 0, 0),
    "isopropylbenzene": (6.3e-12, 0, 0), "n-propylbenzene": (5.8e-12, 0, 0),
    "m-ethyltoluene": (1.86e-11, 0, 0), "p-ethyltoluene": (1.18e-11, 0, 0),
    "o-ethyltoluene": (1.19e-11, 0, 0), "1,3,5-trimethylbenzene": (5.67e-11, 0, 0),
    "1,2,4-trimethylbenzene": (3.25e-11, 0, 0), "1,2,3-trimethylbenzene": (3.27e-11, 0, 0),
    "isoprene": (2.7e-11, 0, -390), "alpha-pinene": (1.2e-11, 0, -440),
    "beta-pinene": (2.38e-11, 0, -357), "limonene": (4.28e-11, 0, -401),
    "formaldehyde": (5.4e-12, 0, -135), "acetaldehyde": (4.7e-12, 0, -345),
    "propanal": (4.9e-12, 0, -405), "butanal": (6.0e-12, 0, -410), "acrolein": (2.0e-11, 0, 0),
    "methyl ethyl ketone": (1.5e-12, 0, 90), "methyl vinyl ketone": (2.6e-12, 0, -610),
    "methacrolein": (8.0e-12, 0, -380), "glyoxal": (3.1e-12, 0, -340),
    "methylglyoxal": (1.9e-12, 0, -575), "methanol": (2.85e-12, 0, 345),
    "ethanol": (3.0e-12, 0, -20), "isopropanol": (2.6e-12, 0, -200),
    "ethyl acetate": (6.92e-19, 2, -986), "n-butyl acetate": (2.478e-18, 2, -926),
    "tetrachloroethylene": (3.5e-12, 0, 920), "trichloroethylene": (3.0e-13, 0, -565),
    "vinyl chloride": (8.49e-12, 0, 0), "dichloromethane": (6.14e-18, 2, 389),
    "1,2-dichloroethane": (8.69e-12, 0, 1070), "methane": (1.85e-12, 0, 1690),
    "isobutene": (9.4e-12, 0, -505), "2-methyl-1-butene": (6.07e-11, 0, 0),
    "2-methyl-2-butene": (1.92e-11, 0, -450), "3-methyl-1-butene": (5.32e-12, 0, -533),
    "methyl tert-butyl ether": (6.54e-18, 2, -483), "methyl isobutyl ketone": (1.41e-11, 0, 0),
    "acetic acid": (8.0e-13, 0, 0), "formic acid": (4.5e-13, 0, 0),
    "ethylene glycol": (1.45e-11, 0, 0), "propylene glycol": (1.2e-11, 0, 0),
    "1-propanol": (4.6e-12, 0, -70), "1-butanol": (5.3e-12, 0, -140),
    "isobutanol": (2.73e-12, 0, -352), "n-propyl acetate": (1.39e-18, 2, -991),
    "isopropyl acetate": (2.64e-13, 0, -770), "2-butoxyethanol": (2.31e-11, 0, 0),
    "benzaldehyde": (5.9e-12, 0, -225), "pentanal": (6.34e-12, 0, -448),
    "hexanal": (2.88e-11, 0, 0), "biacetyl": (1.4e-18, 2, -194), "phenol": (4.7e-13, 0, -1220),
    "cyclohexanone": (5.4e-12, 0, 0), "chloromethane": (7.33e-18, 2, 809),
    "chloroform": (1.8e-18, 2, 129), "1,1,1-trichloroethane": (2.25e-18, 2, 910),
    "bromomethane": (7.4e-13, 0, 875), "1,1-dichloroethene": (2.0e-12, 0, -506),
}
MCM_OH_REF = "MCM331 (OH channels summed)"
RATE_TOLERANCE = 0.03  # relative; MCM331 and the tabulated 298 K value must agree this well

# SPECIATE 5.2 species id of each compound (matched by CAS; m/p-xylene is SPECIATE's pair 522)
SPECIATE_ID = {
    "ethane": 438, "propane": 671, "isobutane": 491, "n-butane": 592, "isopentane": 508,
    "n-pentane": 605, "2,2-dimethylbutane": 122, "cyclopentane": 390, "2,3-dimethylbutane": 136,
    "2-methylpentane": 199, "3-methylpentane": 248, "n-hexane": 601, "methylcyclopentane": 551,
    "2,4-dimethylpentane": 152, "cyclohexane": 385, "2-methylhexane": 194,
    "2,3-dimethylpentane": 140, "3-methylhexane": 245, "2,2,4-trimethylpentane": 118,
    "n-heptane": 600, "methylcyclohexane": 550, "2,3,4-trimethylpentane": 130,
    "2-methylheptane": 193, "3-methylheptane": 244, "n-octane": 604, "n-nonane": 603,
    "n-decane": 598, "n-undecane": 610, "n-dodecane": 599, "ethylene": 452, "propylene": 678,
    "1-butene": 64, "trans-2-butene": 737, "cis-2-butene": 367, "1-pentene": 108,
    "trans-2-pentene": 742, "cis-2-pentene": 371, "2-methyl-1-pentene": 184, "1-hexene": 78,
    "1,3-butadiene": 46, "acetylene": 282, "benzene": 302, "toluene": 717, "ethylbenzene": 449,
    "m/p-xylene": 522, "o-xylene": 620, "styrene": 698, "isopropylbenzene": 514,
    "n-propylbenzene": 608, "m-ethyltoluene": 89, "p-ethyltoluene": 94,
    "1,3,5-trimethylbenzene": 44, "o-ethyltoluene": 80, "1,2,4-trimethylbenzene": 30,
    "1,2,3-trimethylbenzene": 25, "m-diethylbenzene": 51, "p-diethylbenzene": 59,
    "m-xylene": 524, "p-xylene": 648, "naphthalene": 611, "isoprene": 511,
    "alpha-pinene": 1083, "beta-pinene": 977, "limonene": 392, "formaldehyde": 465,
    "acetaldehyde": 279, "propanal": 673, "butanal": 313, "acrolein": 283, "acetone": 281,
    "methyl ethyl ketone": 536, "methacrolein": 188, "glyoxal": 839, "methylglyoxal": 1464,
    "methanol": 531, "ethanol": 442, "isopropanol": 513, "ethyl acetate": 440,
    "n-butyl acetate": 593, "tetrachloroethylene": 661, "trichloroethylene": 747,
    "vinyl chloride": 769, "dichloromethane": 401, "1,2-dichloroethane": 454, "methane": 529,
    "isobutene": 497, "2-methyl-1-butene": 181, "2-methyl-2-butene": 185,
    "3-methyl-1-butene": 230, "cyclopentene": 391, "2,4-dimethylhexane": 149,
    "2,3-dimethylhexane": 138, "2,5-dimethylhexane": 156, "methyl tert-butyl ether": 548,
    "methyl isobutyl ketone": 539, "acetic acid": 280, "formic acid": 466,
    "ethylene glycol": 455, "propylene glycol": 680, "1-propanol": 607, "1-butanol": 595,
    "isobutanol": 493, "n-propyl acetate": 674, "isopropyl acetate": 512,
    "2-butoxyethanol": 310, "benzaldehyde": 301, "pentanal": 845, "hexanal": 840,
    "biacetyl": 1463, "crotonaldehyde": 382, "phenol": 663, "furan": 2640,
    "cyclohexanone": 387, "acetonitrile": 1902, "chloromethane": 535, "chloroform": 343,
    "carbon tetrachloride": 333, "1,1,1-trichloroethane": 4, "bromomethane": 533,
    "1,1-dichloroethene": 17,
}

# Rows whose CB6 lumping S2S gives identically (benzene: S2S's BENZ is cb6_aqm's BENZENE), and
# the ones taken from S2S because the hand table had none.
S2S_AGREES = set(
    "ethane|propane|isobutane|n-butane|isopentane|n-pentane|2,2-dimethylbutane|cyclopentane|"
    "2,3-dimethylbutane|2-methylpentane|3-methylpentane|n-hexane|methylcyclopentane|"
    "2,4-dimethylpentane|cyclohexane|2-methylhexane|2,3-dimethylpentane|3-methylhexane|"
    "2,2,4-trimethylpentane|n-heptane|methylcyclohexane|2,3,4-trimethylpentane|"
    "2-methylheptane|3-methylheptane|n-octane|n-nonane|n-decane|n-undecane|ethylene|"
    "propylene|1-butene|1-pentene|trans-2-pentene|cis-2-pentene|2-methyl-1-pentene|1-hexene|"
    "acetylene|benzene|toluene|ethylbenzene|m/p-xylene|o-xylene|styrene|isopropylbenzene|"
    "n-propylbenzene|m-ethyltoluene|p-ethyltoluene|1,3,5-trimethylbenzene|o-ethyltoluene|"
    "1,2,4-trimethylbenzene|1,2,3-trimethylbenzene|m-diethylbenzene|p-diethylbenzene|"
    "m-xylene|p-xylene|isoprene|limonene|formaldehyde|acetaldehyde|propanal|butanal|acetone|"
    "methyl ethyl ketone|glyoxal|methylglyoxal|methanol|ethanol|isopropanol".split("|"))
S2S_TAKEN = {"acrolein", "ethyl acetate", "n-butyl acetate"} | {row[0] for row in R_MORE}

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
