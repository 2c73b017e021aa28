"""Rate-expression writers for the CB6r3 table (CMAQ conventions; see build_cb6_aqm.py)."""

from __future__ import annotations


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


def troe(
    a0: float, e0: float, b0: float, ai: float, ei: float, bi: float, f: float, n: float
) -> str:
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
