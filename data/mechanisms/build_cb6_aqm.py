#!/usr/bin/env python3
"""Write the built-in CB6r3 mechanism ``cb6_aqm`` in KPP syntax (.eqn, .spc, .def).

The reaction table below is transcribed from the CB6r3 rate table as implemented in CMAQ
(``mech_cb6r3_ae7_aq.def`` and its documented table ``mech_cb6r3_ae7_aq.md``, USEPA/CMAQ,
CCTM/src/MECHS), which implements Carbon Bond 6 revision 3 (Yarwood et al., 2010; Emery et al.,
2015, the CB6r3 alkyl-nitrate update).  Only chemistry facts (stoichiometry and Arrhenius/fall-off parameters) are carried over;
the layout, names of the helper forms and every expression below are written for this project.

Rate parameters use the CMAQ conventions:

* ``arr(A, E, B)``   k = A * exp(-E/T) * (T/300)^B
* ``troe(...)``      k = [k0 M / (1 + k0 M / ki)] * F^G,  G = 1 / (1 + (log10(k0 M / ki) / n)^2)
                     with k0 = A0 exp(-E0/T)(T/300)^B0 and ki = Ai exp(-Ei/T)(T/300)^Bi
* ``sum_m(...)``     k = k1 + k2 M                     (CMAQ "%3" form)
* ``hno3(...)``      k = k0 + k3 M / (1 + k3 M / k2)   (CMAQ "%2" form, OH + HNO3)
* ``phot(expr)``     an MCM v3.3.1 photolysis rate J(n), possibly scaled (README, table J)

Every rate is written out as explicit arithmetic (exp, log10, ** and the variables TEMP, M,
O2, H2O and J(n)), so any loader of the KPP grammar can evaluate it without a rate-law library.
Third bodies and the fixed reactants O2 and H2O enter the rate expression (not the reactant
list), as in the MCM's KPP export; the host supplies M, O2 and H2O.

Run:  python data/mechanisms/build_cb6_aqm.py   (rewrites the three files next to this script)
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
NAME = "cb6_aqm"


# ----------------------------------------------------------------------------------------------
# rate-expression writers
# ----------------------------------------------------------------------------------------------
def _num(x: float) -> str:
    """Shortest round-trip text of a float, always with a decimal point or exponent."""
    s = format(float(x), ".10g").replace("e+", "e")
    if "." not in s and "e" not in s:
        s += ".0"
    if float(s) != float(x):
        raise ValueError(f"{x!r} does not round-trip through {s!r}")
    return s


def _arr_text(a: float, e: float = 0.0, b: float = 0.0) -> str:
    parts = [_num(a)]
    if e != 0.0:
        # exp(-E/T): E > 0 is an activation barrier
        parts.append(f"exp({_num(-e)}/TEMP)")
    if b != 0.0:
        parts.append(f"(TEMP/300.0)**({_num(b)})")
    return "*".join(parts)


def arr(a: float, e: float = 0.0, b: float = 0.0) -> str:
    return _arr_text(a, e, b)


def troe(a0: float, e0: float, b0: float, ai: float, ei: float, bi: float, f: float, n: float) -> str:
    k0m = f"({_arr_text(a0, e0, b0)}*M)"
    ki = f"({_arr_text(ai, ei, bi)})"
    ratio = f"({k0m}/{ki})"
    if n == 1.0:
        g = f"1.0/(1.0+log10{ratio}**2)"
    else:
        g = f"1.0/(1.0+(log10{ratio}/{_num(n)})**2)"
    return f"{k0m}/(1.0+{ratio})*{_num(f)}**({g})"


def sum_m(a1: float, e1: float, a2: float, e2: float) -> str:
    return f"({_arr_text(a1, e1)}+{_arr_text(a2, e2)}*M)"


def hno3(a0: float, e0: float, a2: float, e2: float, a3: float, e3: float) -> str:
    k3m = f"({_arr_text(a3, e3)}*M)"
    k2 = f"({_arr_text(a2, e2)})"
    return f"({_arr_text(a0, e0)}+{k3m}/(1.0+{k3m}/{k2}))"


def phot(expr: str) -> str:
    return expr


# Shared rate expressions that CMAQ references as K<Rnn>
K_R54 = troe(2.7e-28, 0, -7.1, 1.2e-11, 0, -0.9, 0.3, 1.41)  # C2O3 + NO2 -> PAN
K_R55 = troe(4.9e-3, 12100, 0, 5.4e16, 13830, 0, 0.3, 1.41)  # PAN -> C2O3 + NO2
K_R57 = arr(5.2e-13, -980)  # C2O3 + HO2
K_R58 = arr(8.9e-13, -800)  # C2O3 + RO2
K_R59 = arr(2.9e-12, -500)  # C2O3 + C2O3
K_R70 = arr(6.5e-14, -500)  # RO2 + RO2
K_R75 = arr(2.7e-12, -360)  # XO2H + NO
K_R76 = arr(6.8e-13, -800)  # XO2H + HO2

# ----------------------------------------------------------------------------------------------
# the reactions: (tag, reactants, products, rate, note)
# Products "PROD" means no tracked product; "hv" marks photolysis.  Negative coefficients
# (KPP "- 2.5 PAR") consume the operator species PAR without entering the rate.
# ----------------------------------------------------------------------------------------------
REACTIONS: list[tuple[str, str, str, str, str]] = [
    # --- inorganic --------------------------------------------------------------------------
    ("R1", "NO2 + hv", "NO + O", phot("J(4)"), "J(NO2) = MCM J4"),
    ("R2", "O", "O3", arr(5.68e-34, 0, -2.6) + "*M*O2", "O + O2 + M"),
    ("R3", "O3 + NO", "NO2", arr(1.4e-12, 1310), ""),
    ("R4", "O + NO", "NO2", arr(1.0e-31, 0, -1.6) + "*M", "O + NO + M"),
    ("R5", "O + NO2", "NO", arr(5.5e-12, -188), ""),
    ("R6", "O + NO2", "NO3", troe(1.3e-31, 0, -1.5, 2.3e-11, 0, 0.24, 0.6, 1.0), ""),
    ("R7", "O + O3", "PROD", arr(8.0e-12, 2060), ""),
    ("R8", "O3 + hv", "O", phot("J(2)"), "J(O3->O3P) = MCM J2"),
    ("R9", "O3 + hv", "O1D", phot("J(1)"), "J(O3->O1D) = MCM J1"),
    ("R10", "O1D", "O", arr(2.23e-11, -115) + "*M", "O1D + M quenching"),
    ("R11", "O1D", "2 OH", arr(2.14e-10) + "*H2O", "O1D + H2O"),
    ("R12", "O3 + OH", "HO2", arr(1.7e-12, 940), ""),
    ("R13", "O3 + HO2", "OH", arr(2.03e-16, -693, 4.57), ""),
    ("R14", "OH + O", "HO2", arr(2.4e-11, -110), ""),
    ("R15", "HO2 + O", "OH", arr(2.7e-11, -224), ""),
    ("R16", "OH + OH", "O", arr(6.2e-14, -945, 2.6), ""),
    ("R17", "OH + OH", "H2O2", troe(6.9e-31, 0, -0.8, 2.6e-11, 0, 0, 0.5, 1.13), ""),
    ("R18", "OH + HO2", "PROD", arr(4.8e-11, -250), ""),
    (
        "R19",
        "HO2 + HO2",
        "H2O2",
        f"({sum_m(2.2e-13, -600, 1.9e-33, -980)}+{sum_m(3.08e-34, -2800, 2.66e-54, -3180)}*H2O)",
        "CMAQ R19 + R20 (H2O-assisted channel) merged into one equation",
    ),
    ("R21", "H2O2 + hv", "2 OH", phot("J(3)"), "J(H2O2) = MCM J3"),
    ("R22", "H2O2 + OH", "HO2", arr(2.9e-12, 160), ""),
    ("R23", "H2O2 + O", "OH + HO2", arr(1.4e-12, 2000), ""),
    ("R24", "NO + NO", "2 NO2", arr(3.3e-39, -530) + "*O2", "NO + NO + O2"),
    ("R25", "HO2 + NO", "OH + NO2", arr(3.45e-12, -270), ""),
    ("R26", "NO2 + O3", "NO3", arr(1.4e-13, 2470), ""),
    ("R27", "NO3 + hv", "NO2 + O", phot("J(6)"), "MCM J6"),
    ("R28", "NO3 + hv", "NO", phot("J(5)"), "MCM J5"),
    ("R29", "NO3 + NO", "2 NO2", arr(1.8e-11, -110), ""),
    ("R30", "NO3 + NO2", "NO + NO2", arr(4.5e-14, 1260), ""),
    ("R31", "NO3 + O", "NO2", arr(1.7e-11), ""),
    ("R32", "NO3 + OH", "HO2 + NO2", arr(2.0e-11), ""),
    ("R33", "NO3 + HO2", "OH + NO2", arr(4.0e-12), ""),
    ("R34", "NO3 + O3", "NO2", arr(1.0e-17), ""),
    ("R35", "NO3 + NO3", "2 NO2", arr(8.5e-13, 2450), ""),
    ("R36", "NO3 + NO2", "N2O5", troe(3.6e-30, 0, -4.1, 1.9e-12, 0, 0.2, 0.35, 1.33), ""),
    ("R37", "N2O5", "NO3 + NO2", troe(1.3e-3, 11000, -3.5, 9.7e14, 11080, 0.1, 0.35, 1.33), ""),
    ("R39", "N2O5", "2 HNO3", arr(1.0e-22) + "*H2O", "N2O5 + H2O (gas phase)"),
    ("R40", "NO + OH", "HONO", troe(7.4e-31, 0, -2.4, 3.3e-11, 0, -0.3, 0.81, 0.87), ""),
    ("R41", "NO + NO2", "2 HONO", arr(5.0e-40) + "*H2O", "NO + NO2 + H2O"),
    ("R42", "HONO + HONO", "NO + NO2", arr(1.0e-20), ""),
    ("R43", "HONO + hv", "NO + OH", phot("J(7)"), "MCM J7"),
    ("R44", "HONO + OH", "NO2", arr(2.5e-12, -260), ""),
    ("R45", "NO2 + OH", "HNO3", troe(1.8e-30, 0, -3.0, 2.8e-11, 0, 0, 0.6, 1.0), ""),
    ("R46", "HNO3 + OH", "NO3", hno3(2.4e-14, -460, 2.7e-17, -2199, 6.5e-34, -1335), ""),
    ("R47", "HNO3 + hv", "OH + NO2", phot("J(8)"), "MCM J8"),
    ("R48", "HO2 + NO2", "PNA", troe(1.8e-31, 0, -3.2, 4.7e-12, 0, 0, 0.6, 1.0), ""),
    ("R49", "PNA", "HO2 + NO2", troe(4.1e-5, 10650, 0, 4.8e15, 11170, 0, 0.6, 1.0), ""),
    ("R51", "PNA + OH", "NO2", arr(3.2e-13, -690), ""),
    ("R52", "SO2 + OH", "SULF + HO2", troe(4.5e-31, 0, -3.9, 1.3e-12, 0, -0.7, 0.53, 1.1), ""),
    # --- peroxy radicals, PANs ---------------------------------------------------------------
    ("R53", "C2O3 + NO", "NO2 + MEO2 + RO2", arr(7.5e-12, -290), ""),
    ("R54", "C2O3 + NO2", "PAN", K_R54, ""),
    ("R55", "PAN", "NO2 + C2O3", K_R55, ""),
    (
        "R57",
        "C2O3 + HO2",
        "0.41 PACD + 0.15 AACD + 0.15 O3 + 0.44 MEO2 + 0.44 RO2 + 0.44 OH",
        K_R57,
        "",
    ),
    ("R58", "C2O3 + RO2", "C2O3", K_R58, ""),
    ("R59", "C2O3 + C2O3", "2 MEO2 + 2 RO2", K_R59, ""),
    ("R60", "C2O3 + CXO3", "MEO2 + ALD2 + XO2H + 2 RO2", arr(2.9e-12, -500), ""),
    ("R61", "CXO3 + NO", "NO2 + ALD2 + XO2H + RO2", arr(6.7e-12, -340), ""),
    ("R62", "CXO3 + NO2", "PANX", K_R54, "rate of R54"),
    ("R63", "PANX", "NO2 + CXO3", K_R55, "rate of R55"),
    (
        "R65",
        "CXO3 + HO2",
        "0.41 PACD + 0.15 AACD + 0.15 O3 + 0.44 ALD2 + 0.44 XO2H + 0.44 RO2 + 0.44 OH",
        arr(5.2e-13, -980),
        "",
    ),
    ("R66", "CXO3 + RO2", "0.8 ALD2 + 0.8 XO2H + 0.8 RO2", arr(8.9e-13, -800), ""),
    ("R67", "CXO3 + CXO3", "2 ALD2 + 2 XO2H + 2 RO2", arr(3.2e-12, -500), ""),
    ("R68", "RO2 + NO", "NO", arr(2.4e-12, -360), ""),
    ("R69", "RO2 + HO2", "HO2", arr(4.8e-13, -800), ""),
    ("R70", "RO2 + RO2", "PROD", K_R70, ""),
    ("R71", "MEO2 + NO", "FORM + HO2 + NO2", arr(2.3e-12, -360), ""),
    ("R72", "MEO2 + HO2", "0.9 MEPX + 0.1 FORM", arr(3.8e-13, -780), ""),
    (
        "R73",
        "MEO2 + C2O3",
        "FORM + 0.9 HO2 + 0.9 MEO2 + 0.1 AACD + 0.9 RO2",
        arr(2.0e-12, -500),
        "",
    ),
    ("R74", "MEO2 + RO2", "0.685 FORM + 0.315 MEOH + 0.37 HO2 + RO2", K_R70, "rate of R70"),
    ("R75", "XO2H + NO", "NO2 + HO2", K_R75, ""),
    ("R76", "XO2H + HO2", "ROOH", K_R76, ""),
    ("R77", "XO2H + C2O3", "0.8 HO2 + 0.8 MEO2 + 0.2 AACD + 0.8 RO2", K_R58, "rate of R58"),
    ("R78", "XO2H + RO2", "0.6 HO2 + RO2", K_R70, "rate of R70"),
    ("R79", "XO2 + NO", "NO2", K_R75, "rate of R75"),
    ("R80", "XO2 + HO2", "ROOH", K_R76, "rate of R76"),
    ("R81", "XO2 + C2O3", "0.8 MEO2 + 0.2 AACD + 0.8 RO2", K_R58, "rate of R58"),
    ("R82", "XO2 + RO2", "RO2", K_R70, "rate of R70"),
    ("R83", "XO2N + NO", "0.5 NTR1 + 0.5 NTR2", K_R75, "rate of R75"),
    ("R84", "XO2N + HO2", "ROOH", K_R76, "rate of R76"),
    ("R85", "XO2N + C2O3", "0.8 HO2 + 0.8 MEO2 + 0.2 AACD + 0.8 RO2", K_R58, "rate of R58"),
    ("R86", "XO2N + RO2", "RO2", K_R70, "rate of R70"),
    ("R87", "MEPX + OH", "0.6 MEO2 + 0.6 RO2 + 0.4 FORM + 0.4 OH", arr(5.3e-12, -190), ""),
    ("R88", "MEPX + hv", "MEO2 + RO2 + OH", phot("J(41)"), "J(CH3OOH) = MCM J41"),
    ("R89", "ROOH + OH", "0.54 XO2H + 0.06 XO2N + 0.6 RO2 + 0.4 OH", arr(5.3e-12, -190), ""),
    ("R90", "ROOH + hv", "HO2 + OH", phot("J(41)"), "MCM J41"),
    ("R91", "NTR1 + OH", "NTR2", arr(2.0e-12), ""),
    ("R92", "NTR1 + hv", "NO2", phot("J(54)"), "J(i-C3H7ONO2) = MCM J54 as proxy"),
    ("R93", "FACD + OH", "HO2", arr(4.5e-13), ""),
    ("R94", "AACD + OH", "MEO2 + RO2", arr(4.0e-14, -850), ""),
    ("R95", "PACD + OH", "C2O3", arr(5.3e-12, -190), ""),
    # --- aldehydes, ketones, dicarbonyls -----------------------------------------------------
    ("R96", "FORM + OH", "HO2 + CO", arr(5.4e-12, -135), ""),
    ("R97", "FORM + hv", "2 HO2 + CO", phot("J(11)"), "MCM J11"),
    ("R98", "FORM + hv", "CO", phot("J(12)"), "MCM J12"),
    ("R99", "FORM + O", "OH + HO2 + CO", arr(3.4e-11, 1600), ""),
    ("R100", "FORM + NO3", "HNO3 + HO2 + CO", arr(5.5e-16), ""),
    ("R101", "FORM + HO2", "HCO3", arr(9.7e-15, -625), ""),
    ("R102", "HCO3", "FORM + HO2", arr(2.4e12, 7000), ""),
    ("R103", "HCO3 + NO", "FACD + NO2 + HO2", arr(5.6e-12), ""),
    ("R104", "HCO3 + HO2", "0.5 MEPX + 0.5 FACD + 0.2 OH + 0.2 HO2", arr(5.6e-15, -2300), ""),
    ("R105", "ALD2 + O", "C2O3 + OH", arr(1.8e-11, 1100), ""),
    ("R106", "ALD2 + OH", "C2O3", arr(4.7e-12, -345), ""),
    ("R107", "ALD2 + NO3", "C2O3 + HNO3", arr(1.4e-12, 1860), ""),
    ("R108", "ALD2 + hv", "MEO2 + RO2 + CO + HO2", phot("J(13)"), "MCM J13"),
    ("R109", "ALDX + O", "CXO3 + OH", arr(1.3e-11, 870), ""),
    ("R110", "ALDX + OH", "CXO3", arr(4.9e-12, -405), ""),
    ("R111", "ALDX + NO3", "CXO3 + HNO3", arr(6.3e-15), ""),
    ("R112", "ALDX + hv", "ALD2 + XO2H + RO2 + CO + HO2", phot("J(14)"), "MCM J14"),
    ("R113", "GLYD + OH", "0.2 GLY + 0.2 HO2 + 0.8 C2O3", arr(8.0e-12), ""),
    (
        "R114",
        "GLYD + hv",
        "0.74 FORM + 0.89 CO + 1.4 HO2 + 0.15 MEOH + 0.19 OH + 0.11 GLY + 0.11 XO2H + 0.11 RO2",
        phot("J(15)"),
        "MCM uses J15 for HOCH2CHO",
    ),
    ("R115", "GLYD + NO3", "HNO3 + C2O3", arr(1.4e-12, 1860), ""),
    ("R116", "GLY + OH", "1.8 CO + 0.2 XO2 + 0.2 RO2 + HO2", arr(3.1e-12, -340), ""),
    ("R117", "GLY + hv", "2 HO2 + 2 CO", phot("J(33)"), "radical channel, MCM J33"),
    ("R118", "GLY + NO3", "HNO3 + 1.5 CO + 0.5 XO2 + 0.5 RO2 + HO2", arr(1.4e-12, 1860), ""),
    ("R119", "MGLY + hv", "C2O3 + HO2 + CO", phot("J(34)"), "MCM J34"),
    ("R120", "MGLY + NO3", "HNO3 + C2O3 + XO2 + RO2", arr(1.4e-12, 1860), ""),
    ("R121", "MGLY + OH", "C2O3 + CO", arr(1.9e-12, -575), ""),
    # --- H2, CO, CH4 and simple organics ------------------------------------------------------
    ("R122", "H2 + OH", "HO2", arr(7.7e-12, 2100), ""),
    ("R123", "CO + OH", "HO2", sum_m(1.44e-13, 0, 3.43e-33, 0), ""),
    ("R124", "CH4 + OH", "MEO2 + RO2", arr(1.85e-12, 1690), ""),
    ("R125", "ETHA + OH", "0.991 ALD2 + 0.991 XO2H + 0.009 XO2N + RO2", arr(6.9e-12, 1000), ""),
    ("R126", "MEOH + OH", "FORM + HO2", arr(2.85e-12, 345), ""),
    (
        "R127",
        "ETOH + OH",
        "0.95 ALD2 + 0.9 HO2 + 0.1 XO2H + 0.1 RO2 + 0.078 FORM + 0.011 GLYD",
        arr(3.0e-12, -20),
        "",
    ),
    (
        "R128",
        "KET + hv",
        "0.5 ALD2 + 0.5 C2O3 + 0.5 XO2H + 0.5 CXO3 + 0.5 MEO2 + RO2 - 2.5 PAR",
        phot("J(22)"),
        "J(MEK) = MCM J22",
    ),
    ("R129", "ACET + hv", "0.38 CO + 1.38 MEO2 + 1.38 RO2 + 0.62 C2O3", phot("J(21)"), "MCM J21"),
    ("R130", "ACET + OH", "FORM + C2O3 + XO2 + RO2", arr(1.41e-12, 620.6), ""),
    ("R131", "PRPA + OH", "XPRP", arr(7.6e-12, 585), ""),
    ("R132", "PAR + OH", "XPAR", arr(8.1e-13), ""),
    (
        "R133",
        "ROR",
        "0.2 KET + 0.42 ACET + 0.74 ALD2 + 0.37 ALDX + 0.04 XO2N + 0.94 XO2H + 0.98 RO2"
        " + 0.02 ROR - 2.7 PAR",
        arr(5.7e12, 5780),
        "",
    ),
    ("R134", "ROR", "KET + HO2", arr(1.5e-14, 200) + "*O2", "ROR + O2"),
    ("R135", "ROR + NO2", "NTR1", arr(8.6e-12, -400), ""),
    (
        "R136",
        "ETHY + OH",
        "0.7 GLY + 0.7 OH + 0.3 FACD + 0.3 CO + 0.3 HO2",
        troe(5.0e-30, 0, -1.5, 1.0e-12, 0, 0, 0.37, 1.3),
        "",
    ),
    # --- alkenes ------------------------------------------------------------------------------
    ("R137", "ETH + O", "FORM + HO2 + CO + 0.7 XO2H + 0.7 RO2 + 0.3 OH", arr(1.04e-11, 792), ""),
    (
        "R138",
        "ETH + OH",
        "XO2H + RO2 + 1.56 FORM + 0.22 GLYD",
        troe(8.6e-29, 0, -3.1, 9.0e-12, 0, -0.85, 0.48, 1.15),
        "",
    ),
    (
        "R139",
        "ETH + O3",
        "FORM + 0.51 CO + 0.16 HO2 + 0.16 OH + 0.37 FACD",
        arr(9.1e-15, 2580),
        "",
    ),
    (
        "R140",
        "ETH + NO3",
        "0.5 NO2 + 0.5 NTR1 + 0.5 XO2H + 0.5 XO2 + RO2 + 1.125 FORM",
        arr(3.3e-12, 2880),
        "",
    ),
    (
        "R141",
        "OLE + O",
        "0.2 ALD2 + 0.3 ALDX + 0.1 HO2 + 0.2 XO2H + 0.2 CO + 0.2 FORM + 0.01 XO2N + 0.21 RO2"
        " + 0.2 PAR + 0.1 OH",
        arr(1.0e-11, 280),
        "",
    ),
    (
        "R142",
        "OLE + OH",
        "0.781 FORM + 0.488 ALD2 + 0.488 ALDX + 0.976 XO2H + 0.195 XO2 + 0.024 XO2N"
        " + 1.195 RO2 - 0.73 PAR",
        troe(8.0e-27, 0, -3.5, 3.0e-11, 0, -1.0, 0.5, 1.13),
        "",
    ),
    (
        "R143",
        "OLE + O3",
        "0.295 ALD2 + 0.555 FORM + 0.27 ALDX + 0.15 XO2H + 0.15 RO2 + 0.334 OH + 0.08 HO2"
        " + 0.378 CO + 0.075 GLY + 0.075 MGLY + 0.09 FACD + 0.13 AACD + 0.04 H2O2 - 0.79 PAR",
        arr(5.5e-15, 1880),
        "",
    ),
    (
        "R144",
        "OLE + NO3",
        "0.5 NO2 + 0.5 NTR1 + 0.48 XO2 + 0.48 XO2H + 0.04 XO2N + RO2 + 0.5 FORM + 0.25 ALD2"
        " + 0.375 ALDX - 1.0 PAR",
        arr(4.6e-13, 1155),
        "",
    ),
    (
        "R145",
        "IOLE + O",
        "1.24 ALD2 + 0.66 ALDX + 0.1 XO2H + 0.1 RO2 + 0.1 CO + 0.1 PAR",
        arr(2.3e-11),
        "",
    ),
    ("R146", "IOLE + OH", "1.3 ALD2 + 0.7 ALDX + XO2H + RO2", arr(1.05e-11, -519), ""),
    (
        "R147",
        "IOLE + O3",
        "0.732 ALD2 + 0.442 ALDX + 0.128 FORM + 0.245 CO + 0.5 OH + 0.3 XO2H + 0.3 RO2"
        " + 0.24 GLY + 0.06 MGLY + 0.29 PAR + 0.08 AACD + 0.08 H2O2",
        arr(4.7e-15, 1013),
        "",
    ),
    (
        "R148",
        "IOLE + NO3",
        "0.5 NO2 + 0.5 NTR1 + 0.48 XO2 + 0.48 XO2H + 0.04 XO2N + RO2 + 0.5 ALD2 + 0.625 ALDX"
        " + PAR",
        arr(3.7e-13),
        "",
    ),
    # --- isoprene -----------------------------------------------------------------------------
    ("R149", "ISOP + OH", "ISO2 + RO2", arr(2.7e-11, -390), "SOA tracer ISOPRXN dropped"),
    (
        "R150",
        "ISOP + O",
        "0.75 ISPD + 0.5 FORM + 0.25 XO2 + 0.25 RO2 + 0.25 HO2 + 0.25 CXO3 + 0.25 PAR",
        arr(3.0e-11),
        "",
    ),
    (
        "R151",
        "ISO2 + NO",
        "0.1 INTR + 0.9 NO2 + 0.673 FORM + 0.9 ISPD + 0.818 HO2 + 0.082 XO2H + 0.082 RO2",
        arr(2.39e-12, -365),
        "",
    ),
    (
        "R152",
        "ISO2 + HO2",
        "0.88 ISPX + 0.12 OH + 0.12 HO2 + 0.12 FORM + 0.12 ISPD",
        arr(7.43e-13, -700),
        "",
    ),
    (
        "R153",
        "ISO2 + C2O3",
        "0.598 FORM + ISPD + 0.728 HO2 + 0.072 XO2H + 0.8 MEO2 + 0.2 AACD + 0.872 RO2",
        K_R58,
        "rate of R58",
    ),
    (
        "R154",
        "ISO2 + RO2",
        "0.598 FORM + ISPD + 0.728 HO2 + 0.072 XO2H + 1.072 RO2",
        K_R70,
        "rate of R70",
    ),
    ("R155", "ISO2", "HO2 + HPLD", arr(3.3e9, 8300), ""),
    (
        "R156",
        "ISOP + O3",
        "0.6 FORM + 0.65 ISPD + 0.15 ALDX + 0.2 CXO3 + 0.35 PAR + 0.266 OH + 0.2 XO2"
        " + 0.2 RO2 + 0.066 HO2 + 0.066 CO",
        arr(1.03e-14, 1995),
        "",
    ),
    (
        "R157",
        "ISOP + NO3",
        "0.35 NO2 + 0.65 NTR2 + 0.64 XO2H + 0.33 XO2 + 0.03 XO2N + RO2 + 0.35 FORM"
        " + 0.35 ISPD",
        arr(3.03e-12, 448),
        "SOA tracer ISOPRXN dropped",
    ),
    (
        "R158",
        "ISPD + OH",
        "0.022 XO2N + 0.521 XO2 + 0.115 MGLY + 0.115 MEO2 + 0.269 GLYD + 0.269 C2O3"
        " + 0.457 OPO3 + 0.117 PAR + 0.137 ACET + 0.137 CO + 0.137 HO2 + 0.658 RO2",
        arr(5.58e-12, -511),
        "",
    ),
    (
        "R159",
        "ISPD + O3",
        "0.04 ALD2 + 0.231 FORM + 0.531 MGLY + 0.17 GLY + 0.17 ACET + 0.543 CO + 0.461 OH"
        " + 0.15 FACD + 0.398 HO2 + 0.143 C2O3",
        arr(3.88e-15, 1770),
        "",
    ),
    (
        "R160",
        "ISPD + NO3",
        "0.717 HNO3 + 0.142 NTR2 + 0.142 NO2 + 0.142 XO2 + 0.142 XO2H + 0.113 GLYD"
        " + 0.113 MGLY + 0.717 PAR + 0.717 CXO3 + 0.284 RO2",
        arr(4.1e-12, 1860),
        "",
    ),
    (
        "R161",
        "ISPD + hv",
        "0.76 HO2 + 0.34 XO2H + 0.16 XO2 + 0.34 MEO2 + 0.208 C2O3 + 0.26 FORM + 0.24 OLE"
        " + 0.24 PAR + 0.17 ACET + 0.128 GLYD + 0.84 RO2",
        phot("0.5*(J(18)+J(19)+J(23)+J(24))"),
        "mean of MCM MACR (J18+J19) and MVK (J23+J24)",
    ),
    (
        "R162",
        "ISPX + OH",
        "0.904 EPOX + 0.933 OH + 0.067 ISO2 + 0.067 RO2 + 0.029 IOLE + 0.029 ALDX",
        arr(2.23e-11, -372),
        "",
    ),
    ("R163", "HPLD + hv", "OH + ISPD", phot("J(20)"), "J(C5HPALD1) = MCM J20"),
    ("R164", "HPLD + NO3", "HNO3 + ISPD", arr(6.0e-12, 1860), ""),
    ("R165", "EPOX + OH", "EPX2 + RO2", arr(5.78e-11, 400), ""),
    (
        "R166",
        "EPX2 + HO2",
        "0.275 GLYD + 0.275 GLY + 0.275 MGLY + 1.125 OH + 0.825 HO2 + 0.375 FORM"
        " + 0.074 FACD + 0.251 CO + 2.175 PAR",
        arr(7.43e-13, -700),
        "",
    ),
    (
        "R167",
        "EPX2 + NO",
        "0.275 GLYD + 0.275 GLY + 0.275 MGLY + 0.125 OH + 0.825 HO2 + 0.375 FORM + NO2"
        " + 0.251 CO + 2.175 PAR",
        arr(2.39e-12, -365),
        "",
    ),
    (
        "R168",
        "EPX2 + C2O3",
        "0.22 GLYD + 0.22 GLY + 0.22 MGLY + 0.1 OH + 0.66 HO2 + 0.3 FORM + 0.2 CO"
        " + 1.74 PAR + 0.8 MEO2 + 0.2 AACD + 0.8 RO2",
        K_R58,
        "rate of R58",
    ),
    (
        "R169",
        "EPX2 + RO2",
        "0.275 GLYD + 0.275 GLY + 0.275 MGLY + 0.125 OH + 0.825 HO2 + 0.375 FORM"
        " + 0.251 CO + 2.175 PAR + RO2",
        K_R70,
        "rate of R70",
    ),
    (
        "R170",
        "INTR + OH",
        "0.63 XO2 + 0.37 XO2H + RO2 + 0.444 NO2 + 0.185 NO3 + 0.104 INTR + 0.592 FORM"
        " + 0.331 GLYD + 0.185 FACD + 2.7 PAR + 0.098 OLE + 0.078 ALDX + 0.266 NTR2",
        arr(3.1e-11),
        "",
    ),
    # --- terpenes -------------------------------------------------------------------------------
    ("R171", "TERP + O", "0.15 ALDX + 5.12 PAR", arr(3.6e-11), "SOA tracer TRPRXN dropped"),
    (
        "R172",
        "TERP + OH",
        "0.75 XO2H + 0.5 XO2 + 0.25 XO2N + 1.5 RO2 + 0.28 FORM + 1.66 PAR + 0.47 ALDX",
        arr(1.5e-11, -449),
        "SOA tracer TRPRXN dropped",
    ),
    (
        "R173",
        "TERP + O3",
        "0.57 OH + 0.07 XO2H + 0.69 XO2 + 0.18 XO2N + 0.94 RO2 + 0.24 FORM + 0.001 CO"
        " + 7.0 PAR + 0.21 ALDX + 0.39 CXO3",
        arr(1.2e-15, 821),
        "SOA tracer TRPRXN dropped",
    ),
    (
        "R174",
        "TERP + NO3",
        "0.47 NO2 + 0.28 XO2H + 0.75 XO2 + 0.25 XO2N + 1.28 RO2 + 0.47 ALDX + 0.53 NTR2",
        arr(3.7e-12, -175),
        "tracer TERPNRO2 dropped",
    ),
    # --- aromatics ------------------------------------------------------------------------------
    (
        "R175",
        "BENZENE + OH",
        "0.53 CRES + 0.352 BZO2 + 0.352 RO2 + 0.118 OPEN + 0.118 OH + 0.53 HO2",
        arr(2.3e-12, 190),
        "SOA tracer BENZRO2 dropped",
    ),
    (
        "R176",
        "BZO2 + NO",
        "0.918 NO2 + 0.082 NTR2 + 0.918 GLY + 0.918 OPEN + 0.918 HO2",
        arr(2.7e-12, -360),
        "",
    ),
    ("R177", "BZO2 + C2O3", "GLY + OPEN + HO2 + MEO2 + RO2", K_R58, "rate of R58"),
    ("R178", "BZO2 + HO2", "PROD", arr(1.9e-13, -1300), ""),
    ("R179", "BZO2 + RO2", "GLY + OPEN + HO2 + RO2", K_R70, "rate of R70"),
    (
        "R180",
        "TOL + OH",
        "0.18 CRES + 0.65 TO2 + 0.72 RO2 + 0.1 OPEN + 0.1 OH + 0.07 XO2H + 0.18 HO2",
        arr(1.8e-12, -340),
        "SOA tracer TOLRO2 dropped",
    ),
    (
        "R181",
        "TO2 + NO",
        "0.86 NO2 + 0.14 NTR2 + 0.417 GLY + 0.443 MGLY + 0.66 OPEN + 0.2 XOPN + 0.86 HO2",
        arr(2.7e-12, -360),
        "",
    ),
    (
        "R182",
        "TO2 + C2O3",
        "0.48 GLY + 0.52 MGLY + 0.77 OPEN + 0.23 XOPN + HO2 + MEO2 + RO2",
        K_R58,
        "rate of R58",
    ),
    ("R183", "TO2 + HO2", "PROD", arr(1.9e-13, -1300), ""),
    (
        "R184",
        "TO2 + RO2",
        "0.48 GLY + 0.52 MGLY + 0.77 OPEN + 0.23 XOPN + HO2 + RO2",
        K_R70,
        "rate of R70",
    ),
    (
        "R185",
        "XYLMN + OH",
        "0.155 CRES + 0.544 XLO2 + 0.602 RO2 + 0.244 XOPN + 0.244 OH + 0.058 XO2H + 0.155 HO2",
        arr(1.85e-11),
        "SOA tracer XYLRO2 dropped",
    ),
    (
        "R186",
        "XLO2 + NO",
        "0.86 NO2 + 0.14 NTR2 + 0.221 GLY + 0.675 MGLY + 0.3 OPEN + 0.56 XOPN + 0.86 HO2",
        arr(2.7e-12, -360),
        "",
    ),
    ("R187", "XLO2 + HO2", "PROD", arr(1.9e-13, -1300), ""),
    (
        "R188",
        "XLO2 + C2O3",
        "0.26 GLY + 0.77 MGLY + 0.35 OPEN + 0.65 XOPN + HO2 + MEO2 + RO2",
        K_R58,
        "rate of R58",
    ),
    (
        "R189",
        "XLO2 + RO2",
        "0.26 GLY + 0.77 MGLY + 0.35 OPEN + 0.65 XOPN + HO2 + RO2",
        K_R70,
        "rate of R70",
    ),
    (
        "R190",
        "CRES + OH",
        "0.025 GLY + 0.025 OPEN + HO2 + 0.2 CRO + 0.732 CAT1 + 0.02 XO2N + 0.02 RO2",
        arr(1.7e-12, -950),
        "",
    ),
    (
        "R191",
        "CRES + NO3",
        "0.3 CRO + HNO3 + 0.48 XO2 + 0.12 XO2H + 0.24 GLY + 0.24 MGLY + 0.48 OPO3"
        " + 0.1 XO2N + 0.7 RO2",
        arr(1.4e-11),
        "",
    ),
    ("R192", "CRO + NO2", "CRON", arr(2.1e-12), ""),
    ("R193", "CRO + HO2", "CRES", arr(5.5e-12), ""),
    ("R194", "CRON + OH", "NTR2 + 0.5 CRO", arr(1.53e-12), ""),
    ("R195", "CRON + NO3", "NTR2 + 0.5 CRO + HNO3", arr(3.8e-12), ""),
    ("R196", "CRON + hv", "HONO + HO2 + FORM + OPEN", phot("J(54)"), "NTR proxy, MCM J54"),
    (
        "R197",
        "XOPN + hv",
        "0.4 GLY + XO2H + 0.7 HO2 + 0.7 CO + 0.3 C2O3",
        phot("0.05*J(4)"),
        "CB6: 0.05 x J(NO2)",
    ),
    ("R198", "XOPN + OH", "MGLY + 0.4 GLY + 2 XO2H + 2 RO2", arr(9.0e-11), ""),
    (
        "R199",
        "XOPN + O3",
        "1.2 MGLY + 0.5 OH + 0.6 C2O3 + 0.1 ALD2 + 0.5 CO + 0.3 XO2H + 0.3 RO2",
        arr(1.08e-16, 500),
        "",
    ),
    (
        "R200",
        "XOPN + NO3",
        "0.5 NO2 + 0.5 NTR2 + 0.45 XO2H + 0.45 XO2 + 0.1 XO2N + RO2 + 0.25 OPEN + 0.25 MGLY",
        arr(3.0e-12),
        "",
    ),
    ("R201", "OPEN + hv", "OPO3 + HO2 + CO", phot("0.028*J(4)"), "CB6: 0.028 x J(NO2)"),
    ("R202", "OPEN + OH", "0.6 OPO3 + 0.4 XO2H + 0.4 RO2 + 0.4 GLY", arr(4.4e-11), ""),
    (
        "R203",
        "OPEN + O3",
        "1.4 GLY + 0.24 MGLY + 0.5 OH + 0.12 C2O3 + 0.08 FORM + 0.02 ALD2 + 1.98 CO + 0.56 HO2",
        arr(5.4e-17, 500),
        "",
    ),
    ("R204", "OPEN + NO3", "OPO3 + HNO3", arr(3.8e-12), ""),
    ("R205", "CAT1 + OH", "0.14 FORM + 0.2 HO2 + 0.5 CRO", arr(5.0e-11), ""),
    ("R206", "CAT1 + NO3", "CRO + HNO3", arr(1.7e-10), ""),
    (
        "R207",
        "OPO3 + NO",
        "NO2 + 0.5 GLY + 0.5 CO + 0.8 HO2 + 0.2 CXO3",
        arr(1.0e-11),
        "",
    ),
    ("R208", "OPO3 + NO2", "OPAN", K_R54, "rate of R54"),
    ("R209", "OPAN", "OPO3 + NO2", K_R55, "rate of R55"),
    (
        "R210",
        "OPO3 + HO2",
        "0.41 PACD + 0.15 AACD + 0.15 O3 + 0.44 ALDX + 0.44 XO2H + 0.44 RO2 + 0.44 OH",
        K_R57,
        "rate of R57",
    ),
    ("R211", "OPO3 + C2O3", "MEO2 + XO2 + ALDX + 2 RO2", K_R59, "rate of R59"),
    ("R212", "OPO3 + RO2", "0.8 XO2H + 0.8 ALDX + 1.8 RO2 + 0.2 AACD", K_R58, "rate of R58"),
    ("R213", "OPAN + OH", "0.5 NO2 + 0.5 GLY + CO + 0.5 NTR2", arr(3.6e-11), ""),
    ("R214", "PANX + OH", "ALD2 + NO2", arr(3.0e-12), ""),
    # --- alkyl nitrate branching operators (CB6r3) ---------------------------------------------
    (
        "R217",
        "XPRP",
        "XO2N + RO2",
        troe(2.37e-21, 0, 0, 4.3e-1, 0, -8.0, 0.41, 1.0),
        "nitrate branch of propane peroxy",
    ),
    ("R218", "XPRP", "0.732 ACET + 0.268 ALDX + 0.268 PAR + XO2H + RO2", arr(1.0), ""),
    (
        "R219",
        "XPAR",
        "XO2N + RO2",
        troe(4.81e-20, 0, 0, 4.3e-1, 0, -8.0, 0.41, 1.0),
        "nitrate branch of PAR peroxy",
    ),
    (
        "R220",
        "XPAR",
        "0.126 ALDX + 0.874 ROR + 0.126 XO2H + 0.874 XO2 + RO2 - 0.126 PAR",
        arr(1.0),
        "",
    ),
]

# ----------------------------------------------------------------------------------------------
# species (name, description); every name here appears in at least one reaction
# ----------------------------------------------------------------------------------------------
SPECIES: list[tuple[str, str]] = [
    # inorganic
    ("O3", "ozone"),
    ("NO", "nitric oxide"),
    ("NO2", "nitrogen dioxide"),
    ("NO3", "nitrate radical"),
    ("N2O5", "dinitrogen pentoxide"),
    ("HONO", "nitrous acid"),
    ("HNO3", "nitric acid"),
    ("PNA", "peroxynitric acid (HO2NO2)"),
    ("O", "ground-state oxygen atom O(3P)"),
    ("O1D", "excited oxygen atom O(1D)"),
    ("OH", "hydroxyl radical"),
    ("HO2", "hydroperoxy radical"),
    ("H2O2", "hydrogen peroxide"),
    ("SO2", "sulfur dioxide"),
    ("SULF", "sulfuric acid (gas)"),
    ("CO", "carbon monoxide"),
    ("H2", "molecular hydrogen"),
    ("CH4", "methane"),
    # radicals and operators
    ("MEO2", "methylperoxy radical"),
    ("RO2", "operator: total organic peroxy radicals (counts RO2 for RO2+RO2 reactions)"),
    ("XO2H", "operator: NO to NO2 conversion with HO2 production"),
    ("XO2", "operator: NO to NO2 conversion"),
    ("XO2N", "operator: NO to organic nitrate conversion"),
    ("XPRP", "operator: organic nitrates from propane peroxy radicals"),
    ("XPAR", "operator: organic nitrates from PAR peroxy radicals"),
    ("ROR", "secondary alkoxy radical"),
    ("C2O3", "acetylperoxy radical"),
    ("CXO3", "C3 and higher acylperoxy radicals"),
    ("HCO3", "adduct from HO2 + HCHO"),
    ("ISO2", "peroxy radical from OH + isoprene"),
    ("EPX2", "peroxy radical from EPOX oxidation"),
    ("BZO2", "peroxy radical from OH + benzene"),
    ("TO2", "peroxy radical from OH + toluene"),
    ("XLO2", "peroxy radical from OH + xylene"),
    ("CRO", "alkoxy radical from cresol"),
    ("OPO3", "peroxyacyl radical from OPEN"),
    # stable organics
    ("PAN", "peroxyacetyl nitrate"),
    ("PANX", "C3 and higher peroxyacyl nitrates"),
    ("OPAN", "peroxyacyl nitrate from OPO3"),
    ("PACD", "peroxyacetic and higher peroxycarboxylic acids"),
    ("AACD", "acetic and higher carboxylic acids"),
    ("FACD", "formic acid"),
    ("MEPX", "methyl hydroperoxide"),
    ("ROOH", "higher organic peroxides"),
    ("NTR1", "simple organic nitrates"),
    ("NTR2", "multi-functional organic nitrates"),
    ("INTR", "organic nitrates from ISO2 + NO"),
    ("FORM", "formaldehyde"),
    ("ALD2", "acetaldehyde"),
    ("ALDX", "propionaldehyde and higher aldehydes"),
    ("GLYD", "glycolaldehyde"),
    ("GLY", "glyoxal"),
    ("MGLY", "methylglyoxal"),
    ("MEOH", "methanol"),
    ("ETOH", "ethanol"),
    ("KET", "ketone carbon bond (C=O)"),
    ("ACET", "acetone"),
    ("ETHA", "ethane"),
    ("PRPA", "propane"),
    ("PAR", "paraffin carbon bond (C-C)"),
    ("ETHY", "ethyne (acetylene)"),
    ("ETH", "ethene"),
    ("OLE", "terminal olefin carbon bond (R-C=C)"),
    ("IOLE", "internal olefin carbon bond (R-C=C-R)"),
    ("ISOP", "isoprene"),
    ("ISPD", "isoprene products (lumped methacrolein, methyl vinyl ketone, ...)"),
    ("ISPX", "hydroperoxides from ISO2 + HO2"),
    ("HPLD", "hydroperoxyaldehydes from ISO2 isomerisation"),
    ("EPOX", "epoxydiol from ISPX + OH"),
    ("TERP", "monoterpenes"),
    ("BENZENE", "benzene"),
    ("TOL", "toluene and other monoalkyl aromatics"),
    ("XYLMN", "xylene and other polyalkyl aromatics (naphthalene excluded)"),
    ("CRES", "cresols"),
    ("CRON", "nitro-cresols"),
    ("CAT1", "methyl-catechols"),
    ("OPEN", "aromatic ring-opening products (unsaturated dicarbonyl)"),
    ("XOPN", "aromatic ring-opening products (unsaturated dicarbonyl), fast photolysis"),
]

HEADER = """{{ {name}: Carbon Bond 6 revision 3 (CB6r3), compact gas-phase form, KPP syntax.
  Generated by data/mechanisms/build_cb6_aqm.py -- edit that script, not this file.
  Chemistry: Yarwood, G., Jung, J., Whitten, G. Z., Heo, G., Mellberg, J., Estes, M. (2010),
  Updates to the Carbon Bond chemical mechanism for version 6 (CB6), 9th Annual CMAS
  Conference; Emery, C., Jung, J., Koo, B., Yarwood, G. (2015), Improvements to CAMx Snow
  Cover Treatments and Carbon Bond Chemical Mechanism for Winter Ozone, final report for Utah
  DAQ (CB6r3: pressure-dependent alkyl nitrate yields).  Rates as
  tabulated for CMAQ's cb6r3_ae7_aq mechanism (USEPA/CMAQ CCTM/src/MECHS).
  Photolysis: MCM v3.3.1 J(n) (Saunders et al., ACP 3, 161, 2003; Jenkin et al. ACP 15, 11433,
  2015), mapping and scaling in data/mechanisms/README.md.
  Units: cm3 molecule-1 s-1 (bimolecular) or s-1; M, O2, H2O in molecule cm-3, TEMP in K. }}
"""


def _check_tables() -> None:
    names = {s for s, _ in SPECIES}
    if len(names) != len(SPECIES):
        raise SystemExit("duplicate species in SPECIES")
    tags = [r[0] for r in REACTIONS]
    if len(set(tags)) != len(tags):
        raise SystemExit("duplicate reaction tags")
    seen_eq: set[tuple[str, str]] = set()
    used: set[str] = set()
    for tag, lhs, rhs, _, _ in REACTIONS:
        key = (lhs.replace(" ", ""), rhs.replace(" ", ""))
        if key in seen_eq:
            raise SystemExit(f"{tag}: the same equation appears twice")
        seen_eq.add(key)
        for side in (lhs, rhs):
            for term in side.replace("-", "+").split("+"):
                tok = term.split()
                if not tok:
                    continue
                sp = tok[-1]
                if sp in ("hv", "PROD"):
                    continue
                if sp not in names:
                    raise SystemExit(f"{tag}: species {sp} is not declared")
                used.add(sp)
    unused = names - used
    if unused:
        raise SystemExit(f"declared but unused species: {sorted(unused)}")


def write_eqn(path: Path) -> None:
    lines = [HEADER.format(name=NAME), "#EQUATIONS", ""]
    for tag, lhs, rhs, rate, note in REACTIONS:
        comment = f"  {{ {note} }}" if note else ""
        lines.append(f"<{tag}> {lhs} = {rhs} : {rate} ;{comment}")
    path.write_text("\n".join(lines) + "\n")


def write_spc(path: Path) -> None:
    width = max(len(s) for s, _ in SPECIES)
    lines = [
        f"{{ {NAME}: species of the compact CB6r3 mechanism (generated by build_cb6_aqm.py).",
        "  No atom balance: CB6 lumps carbon bonds (PAR, OLE, KET) and uses operator species,",
        "  so every species is declared IGNORE.  M, O2, N2 and H2O are not species: they enter",
        "  rate expressions and are supplied by the host (H2O must be supplied for R11, R19,",
        "  R39 and R41). }",
        "",
        "#DEFVAR",
    ]
    for name, desc in SPECIES:
        lines.append(f"{name.ljust(width)} = IGNORE ;  {{ {desc} }}")
    path.write_text("\n".join(lines) + "\n")


def write_def(path: Path) -> None:
    text = f"""{{ {NAME}: model definition (generated by build_cb6_aqm.py). }}

#INCLUDE {NAME}.spc
#INCLUDE {NAME}.eqn

{{ Initial values are mixing ratios in ppb; CFACTOR converts ppb to molecule cm-3 at
  298.15 K and 1013.25 hPa (2.4615e19 molecule cm-3 x 1e-9).  CH4 and H2 are the background
  mixing ratios CMAQ holds constant for this mechanism (ATM_CH4 = 1.85 ppm, ATM_H2 = 0.56 ppm);
  a host that integrates at other T, P or holds them constant should set them itself. }}
#INITVALUES
CFACTOR = 2.4615e10 ;
ALL_SPEC = 0.0 ;
CH4 = 1850.0 ;
H2 = 560.0 ;
"""
    path.write_text(text)


def main() -> None:
    _check_tables()
    write_eqn(HERE / f"{NAME}.eqn")
    write_spc(HERE / f"{NAME}.spc")
    write_def(HERE / f"{NAME}.def")
    print(f"{NAME}: {len(SPECIES)} species, {len(REACTIONS)} reactions")


if __name__ == "__main__":
    main()
