#!/usr/bin/env python3
"""Self-check of the built-in mechanism cb6_aqm (.spc/.eqn/.def in this folder).

A small parser written here, independent of the library's KPP loader and of the generator
``build_cb6_aqm.py``, reads the KPP files and checks that

1. every species used in an equation is declared in #DEFVAR/#DEFFIX, every declared species is
   used, and no equation appears twice;
2. every rate expression uses only arithmetic, exp, log, log10 and the variables TEMP, M, O2,
   N2, H2O and J(n) with n a photolysis number of the MCM v3.3.1 parameterisation, J(n) only in
   photolysis (``hv``) reactions;
3. every rate constant is finite and positive over 220-330 K and 0.3-1.1 atm;
4. rate constants at 298.15 K and 1 atm (M = 2.4615e19 molecule cm-3) agree with the values
   printed in CMAQ's reaction table for cb6r3_ae7_aq (``mech_cb6r3_ae7_aq.md``, column
   "Value", computed by CMAQ from the same parameters) to 5e-4 relative (the table prints five
   significant digits).

It prints the counts and exits non-zero on any failure.  Run:
    python data/mechanisms/check_cb6_aqm.py
"""

from __future__ import annotations

import ast
import math
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
NAME = "cb6_aqm"

# MCM v3.3.1 photolysis numbers (AtChem2 mcm/photolysis-rates_v3.3.1; KPP constants_mcm.f90)
MCM_J = {
    1,
    2,
    3,
    4,
    5,
    6,
    7,
    8,
    11,
    12,
    13,
    14,
    15,
    16,
    17,
    18,
    19,
    20,
    21,
    22,
    23,
    24,
    31,
    32,
    33,
    34,
    35,
    41,
    51,
    52,
    53,
    54,
    55,
    56,
    61,
}

T298 = 298.15
M298 = 2.4615e19  # molecule cm-3 at 298.15 K, 1013.25 hPa
ALLOWED_NAMES = {"TEMP", "M", "O2", "N2", "H2O"}
ALLOWED_FUNCS = {"exp": math.exp, "log": math.log, "log10": math.log10}
DUMMIES = {"hv", "PROD"}

# (tag, value printed in the CMAQ table, divisor) -- the divisor turns our pseudo-first/second
# order rate (third body or O2 folded into the expression) back into CMAQ's coefficient.
CMAQ_K298: list[tuple[str, float, str]] = [
    ("R2", 5.7721e-34, "M*O2"),
    ("R3", 1.7296e-14, ""),
    ("R4", 1.0099e-31, "M"),
    ("R5", 1.0333e-11, ""),
    ("R6", 2.1061e-12, ""),
    ("R7", 7.9879e-15, ""),
    ("R10", 3.2796e-11, "M"),
    ("R12", 7.2647e-14, ""),
    ("R13", 2.0168e-15, ""),
    ("R16", 1.4519e-12, ""),
    ("R17", 5.2439e-12, ""),
    ("R18", 1.1102e-10, ""),
    ("R19", 2.8975e-12, ""),  # evaluated with H2O = 0: the CMAQ R19 channel alone
    ("R22", 1.6957e-12, ""),
    ("R24", 1.9522e-38, "O2"),
    ("R25", 8.5332e-12, ""),
    ("R26", 3.5339e-17, ""),
    ("R35", 2.2944e-16, ""),
    ("R36", 1.2406e-12, ""),
    ("R37", 4.5396e-02, ""),
    ("R40", 9.7627e-12, ""),
    ("R44", 5.9795e-12, ""),
    ("R45", 1.0589e-11, ""),
    ("R46", 1.5409e-13, ""),
    ("R48", 1.3826e-12, ""),
    ("R49", 8.4618e-02, ""),
    ("R51", 3.2376e-12, ""),
    ("R52", 8.1103e-13, ""),
    ("R53", 1.9837e-11, ""),
    ("R54", 9.3892e-12, ""),
    ("R55", 3.0541e-04, ""),
    ("R57", 1.3916e-11, ""),
    ("R62", 9.3892e-12, ""),
    ("R63", 3.0541e-04, ""),
    ("R70", 3.4772e-13, ""),
    ("R71", 7.6933e-12, ""),
    ("R72", 5.1994e-12, ""),
    ("R96", 8.4926e-12, ""),
    ("R101", 7.8916e-14, ""),
    ("R102", 1.5268e02, ""),
    ("R106", 1.4950e-11, ""),
    ("R110", 1.9060e-11, ""),
    ("R121", 1.3071e-11, ""),
    ("R122", 6.7230e-15, ""),
    ("R123", 2.2843e-13, ""),
    ("R124", 6.3895e-15, ""),
    ("R125", 2.4111e-13, ""),
    ("R126", 8.9600e-13, ""),
    ("R127", 3.2081e-12, ""),
    ("R130", 1.7589e-13, ""),
    ("R131", 1.0683e-12, ""),
    ("R133", 2.1704e04, ""),
    ("R134", 7.6695e-15, "O2"),
    ("R135", 3.2897e-11, ""),
    ("R136", 7.5233e-13, ""),
    ("R138", 7.8392e-12, ""),
    ("R139", 1.5883e-18, ""),
    ("R142", 2.8547e-11, ""),
    ("R143", 1.0044e-17, ""),
    ("R146", 5.9866e-11, ""),
    ("R147", 1.5723e-16, ""),
    ("R149", 9.9873e-11, ""),
    ("R155", 2.6821e-03, ""),
    ("R156", 1.2790e-17, ""),
    ("R157", 6.7433e-13, ""),
    ("R158", 3.0972e-11, ""),
    ("R162", 7.7655e-11, ""),
    ("R165", 1.5110e-11, ""),
    ("R172", 6.7627e-11, ""),
    ("R173", 7.6434e-17, ""),
    ("R174", 6.6544e-12, ""),
    ("R175", 1.2161e-12, ""),
    ("R178", 1.4872e-11, ""),
    ("R180", 5.6302e-12, ""),
    ("R190", 4.1138e-11, ""),
    ("R199", 2.0189e-17, ""),
    ("R203", 1.0094e-17, ""),
    ("R217", 3.1400e-02, ""),
    ("R219", 1.5312e-01, ""),
]
# CMAQ R20 (HO2 + HO2 + H2O), merged into our R19 as its H2O coefficient
CMAQ_R20 = 6.4973e-30


class CheckError(Exception):
    pass


def strip_comments(text: str) -> str:
    text = re.sub(r"\{[^}]*\}", " ", text, flags=re.S)
    return "\n".join(line.split("//", 1)[0] for line in text.splitlines())


def read_species(path: Path) -> set[str]:
    names: set[str] = set()
    section = None
    for stmt in re.split(r"[;\n]", strip_comments(path.read_text())):
        stmt = stmt.strip()
        if not stmt:
            continue
        if stmt.startswith("#"):
            section = stmt.split()[0].upper()
            rest = stmt[len(section) :].strip()
            if not rest:
                continue
            stmt = rest
        if section in ("#DEFVAR", "#DEFFIX"):
            name = stmt.split("=")[0].strip()
            if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name):
                raise CheckError(f"{path.name}: bad species name {name!r}")
            if name in names:
                raise CheckError(f"{path.name}: species {name} declared twice")
            names.add(name)
    return names


TERM = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)?\s*([A-Za-z][A-Za-z0-9_]*)\s*$")


def parse_side(text: str, where: str) -> list[tuple[float, str]]:
    out: list[tuple[float, str]] = []
    # split on + and -, keeping the sign
    pieces = re.split(r"([+-])", text)
    sign = 1.0
    for piece in pieces:
        if piece == "+":
            sign = 1.0
            continue
        if piece == "-":
            sign = -1.0
            continue
        if not piece.strip():
            continue
        m = TERM.match(piece)
        if not m:
            raise CheckError(f"{where}: cannot read term {piece!r}")
        coef = float(m.group(1)) if m.group(1) else 1.0
        out.append((sign * coef, m.group(2)))
        sign = 1.0
    return out


class Rate:
    """A rate expression checked against a whitelist and evaluated with the ast module."""

    def __init__(self, text: str, where: str) -> None:
        self.text = text
        self.where = where
        try:
            self.tree = ast.parse(text, mode="eval")
        except SyntaxError as e:
            raise CheckError(f"{where}: rate does not parse: {e}") from None
        self.j_numbers: set[int] = set()
        self._validate(self.tree.body)

    def _validate(self, node: ast.AST) -> None:
        if isinstance(node, ast.BinOp):
            if not isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)):
                raise CheckError(f"{self.where}: operator {type(node.op).__name__} not allowed")
            self._validate(node.left)
            self._validate(node.right)
        elif isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, (ast.USub, ast.UAdd)):
                raise CheckError(f"{self.where}: unary operator not allowed")
            self._validate(node.operand)
        elif isinstance(node, ast.Constant):
            if not isinstance(node.value, (int, float)):
                raise CheckError(f"{self.where}: constant {node.value!r} not allowed")
        elif isinstance(node, ast.Name):
            if node.id not in ALLOWED_NAMES:
                raise CheckError(f"{self.where}: unknown variable {node.id}")
        elif isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.keywords or len(node.args) != 1:
                raise CheckError(f"{self.where}: only f(x) calls are allowed")
            fname = node.func.id
            if fname == "J":
                arg = node.args[0]
                if not (isinstance(arg, ast.Constant) and isinstance(arg.value, int)):
                    raise CheckError(f"{self.where}: J() needs an integer literal")
                if arg.value not in MCM_J:
                    raise CheckError(f"{self.where}: J({arg.value}) is not an MCM v3.3.1 J")
                self.j_numbers.add(arg.value)
            elif fname in ALLOWED_FUNCS:
                self._validate(node.args[0])
            else:
                raise CheckError(f"{self.where}: function {fname} not allowed")
        else:
            raise CheckError(f"{self.where}: {type(node).__name__} not allowed")

    def value(self, env: dict[str, float], jval: float = 1.0e-3) -> float:
        def ev(node: ast.AST) -> float:
            if isinstance(node, ast.BinOp):
                a, b = ev(node.left), ev(node.right)
                op = node.op
                if isinstance(op, ast.Add):
                    return a + b
                if isinstance(op, ast.Sub):
                    return a - b
                if isinstance(op, ast.Mult):
                    return a * b
                if isinstance(op, ast.Div):
                    return a / b
                return a**b
            if isinstance(node, ast.UnaryOp):
                v = ev(node.operand)
                return -v if isinstance(node.op, ast.USub) else v
            if isinstance(node, ast.Constant):
                return float(node.value)
            if isinstance(node, ast.Name):
                return env[node.id]
            assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            if node.func.id == "J":
                return jval
            return ALLOWED_FUNCS[node.func.id](ev(node.args[0]))

        return ev(self.tree.body)


def read_equations(path: Path) -> list[dict]:
    text = strip_comments(path.read_text())
    if "#EQUATIONS" not in text:
        raise CheckError(f"{path.name}: no #EQUATIONS section")
    body = text.split("#EQUATIONS", 1)[1]
    eqs = []
    for stmt in body.split(";"):
        stmt = " ".join(stmt.split())
        if not stmt:
            continue
        m = re.fullmatch(r"<\s*([^>]+?)\s*>\s*(.+?)=(.+?):(.+)", stmt)
        if not m:
            raise CheckError(f"{path.name}: cannot read equation {stmt[:60]!r}")
        tag = m.group(1)
        where = f"{path.name}: <{tag}>"
        eqs.append(
            {
                "tag": tag,
                "lhs": parse_side(m.group(2), where),
                "rhs": parse_side(m.group(3), where),
                "rate": Rate(m.group(4).strip(), where),
            }
        )
    return eqs


def env_at(temp: float, m: float, h2o: float = 0.0) -> dict[str, float]:
    return {"TEMP": temp, "M": m, "O2": 0.2095 * m, "N2": 0.7809 * m, "H2O": h2o}


def check() -> dict[str, object]:
    species = read_species(HERE / f"{NAME}.spc")
    eqs = read_equations(HERE / f"{NAME}.eqn")
    deftext = strip_comments((HERE / f"{NAME}.def").read_text())
    for inc in re.findall(r"#INCLUDE\s+(\S+)", deftext):
        if not (HERE / inc).is_file():
            raise CheckError(f"{NAME}.def: #INCLUDE {inc} not found")
    for name in re.findall(
        r"^\s*([A-Za-z][A-Za-z0-9_]*)\s*=", deftext.split("#INITVALUES")[-1], flags=re.M
    ):
        if name not in species and name not in ("CFACTOR", "ALL_SPEC", "VAR_SPEC", "FIX_SPEC"):
            raise CheckError(f"{NAME}.def: initial value for undeclared species {name}")

    # 1. species and equations
    tags = [e["tag"] for e in eqs]
    if len(set(tags)) != len(tags):
        raise CheckError("duplicate reaction tags")
    used: set[str] = set()
    seen: set[tuple] = set()
    n_phot = 0
    j_used: set[int] = set()
    for e in eqs:
        where = f"<{e['tag']}>"
        names = [s for _, s in e["lhs"]] + [s for _, s in e["rhs"]]
        for s in names:
            if s in DUMMIES:
                continue
            if s not in species:
                raise CheckError(f"{where}: species {s} is not declared")
            used.add(s)
        if any(c <= 0 for c, _ in e["lhs"]):
            raise CheckError(f"{where}: reactant with non-positive coefficient")
        key = (tuple(sorted(e["lhs"])), tuple(sorted(e["rhs"])))
        if key in seen:
            raise CheckError(f"{where}: the same equation appears twice")
        seen.add(key)
        is_phot = any(s == "hv" for _, s in e["lhs"])
        if is_phot != bool(e["rate"].j_numbers):
            raise CheckError(f"{where}: J(n) must appear exactly in the photolysis reactions")
        n_phot += is_phot
        j_used |= e["rate"].j_numbers
    unused = species - used
    if unused:
        raise CheckError(f"declared but unused species: {sorted(unused)}")
    if not 50 <= len(species) <= 120:
        raise CheckError(f"species count {len(species)} outside 50-120")

    # 3. finite and positive over the boundary-layer range
    for temp in (220.0, 260.0, 298.15, 330.0):
        for atm in (0.3, 0.7, 1.0, 1.1):
            m = M298 * atm * T298 / temp
            env = env_at(temp, m, h2o=0.01 * m)
            for e in eqs:
                k = e["rate"].value(env)
                if not (math.isfinite(k) and k > 0.0):
                    raise CheckError(f"<{e['tag']}>: k = {k!r} at T={temp}, {atm} atm")

    # 4. CMAQ table values at 298.15 K, 1 atm
    by_tag = {e["tag"]: e for e in eqs}
    env = env_at(T298, M298)
    worst = 0.0
    for tag, ref, div in CMAQ_K298:
        if tag not in by_tag:
            raise CheckError(f"<{tag}> missing from the mechanism")
        k = by_tag[tag]["rate"].value(env)
        if div:
            k /= eval(div, {}, {"M": env["M"], "O2": env["O2"]})
        rel = abs(k / ref - 1.0)
        worst = max(worst, rel)
        if rel > 5e-4:
            raise CheckError(f"<{tag}>: k(298) = {k:.5e}, CMAQ table {ref:.4e} (rel {rel:.2e})")
    # the H2O-assisted HO2 + HO2 channel (CMAQ R20)
    h2o = 1.0e17
    k_wet = by_tag["R19"]["rate"].value(env_at(T298, M298, h2o))
    k_dry = by_tag["R19"]["rate"].value(env)
    k20 = (k_wet - k_dry) / h2o
    rel20 = abs(k20 / CMAQ_R20 - 1.0)
    worst = max(worst, rel20)
    if rel20 > 5e-4:
        raise CheckError(f"<R19> H2O channel {k20:.5e}, CMAQ R20 {CMAQ_R20:.4e}")

    return {
        "species": len(species),
        "reactions": len(eqs),
        "photolysis reactions": n_phot,
        "MCM J numbers used": sorted(j_used),
        "rate constants compared with CMAQ table": len(CMAQ_K298) + 1,
        "worst relative difference": worst,
    }


def main() -> int:
    try:
        summary = check()
    except CheckError as e:
        print(f"check_cb6_aqm: FAIL: {e}")
        return 1
    for key, value in summary.items():
        if isinstance(value, float):
            value = f"{value:.2e}"
        print(f"{key}: {value}")
    print("check_cb6_aqm: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
