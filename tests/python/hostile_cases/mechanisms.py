"""Mechanisms: mutations of a small valid KPP `.eqn` and FACSIMILE `.fac` mechanism through
`Mechanism.from_kpp` / `from_facsimile`; the errors name file and line, a rate problem names the
reaction, and the valid files integrate to the analytic answer."""

from __future__ import annotations

import math

from aqm import chem

from . import Case

# Lines: 1 #DEFVAR, 2 species, 3 #DEFFIX, 4 M, 5 #EQUATIONS, 6 <R1>, 7 <R2>, 8 <R3>.
KPP_LINES = [
    "#DEFVAR",
    "A = IGNORE; B = IGNORE; C = IGNORE;",
    "#DEFFIX",
    "M = IGNORE;",
    "#EQUATIONS",
    "<R1> A = B : 1.0e-3;",
    "<R2> B + B = C : 2.0e-12*EXP(-100/TEMP);",
    "<R3> C = A : 0.5*J(4);",
]
# Lines: 1 comment, 2 VARIABLE, 3 K1, 4-6 reactions.
FAC_LINES = [
    "* three-species test mechanism ;",
    "VARIABLE A B C ;",
    "K1 = 1.0D-3 ;",
    "% K1 : A = B ;",
    "% 2.0D-12*EXP(-100/TEMP) : B + B = C ;",
    "% 0.5*J<4> : C = A ;",
]


def _replace(lines: list[str], line: int, text: str) -> str:
    out = list(lines)
    out[line - 1] = text
    return "\n".join(out) + "\n"


NESTED = "(" * 10_000 + "1.0e-3" + ")" * 10_000
LONG_SUM = "+".join(["1.0e-9"] * 100_000)

KPP_MUTATIONS = {
    "unknown species in a reaction": (_replace(KPP_LINES, 7, "<R2> B + D = C : 1.0;"), (":7", "D")),
    "dangling operator in a rate": (_replace(KPP_LINES, 6, "<R1> A = B : 1.0e-3 *;"), (":6",)),
    "unbalanced parenthesis": (_replace(KPP_LINES, 6, "<R1> A = B : (1.0e-3;"), (":6",)),
    "missing colon": (_replace(KPP_LINES, 6, "<R1> A = B 1.0e-3;"), (":6",)),
    "unknown function": (_replace(KPP_LINES, 6, "<R1> A = B : FOO(1.0);"), (":6", "FOO")),
    "unknown coefficient": (_replace(KPP_LINES, 6, "<R1> A = B : KXYZ;"), (":6", "KXYZ")),
    "duplicate species": (_replace(KPP_LINES, 2, "A = IGNORE; A = IGNORE;"), (":2", "A")),
    "10 000 nested parentheses": (
        _replace(KPP_LINES, 6, f"<R1> A = B : {NESTED};"),
        (":6", "deep"),
    ),
    "sum of 100 000 terms": (_replace(KPP_LINES, 6, f"<R1> A = B : {LONG_SUM};"), (":6",)),
    "fractional reactant coefficient": (_replace(KPP_LINES, 6, "<R1> 1.5A = B : 1.0;"), (":6",)),
    "comment never closed": (
        _replace(KPP_LINES, 6, "<R1> A = B : 1.0e-3; { open"),
        (":6", "never closed"),
    ),
    "missing include": ("#INCLUDE nope.spc\n" + "\n".join(KPP_LINES[4:]) + "\n", ("nope.spc",)),
    "include of itself": ("#INCLUDE mech.eqn\n", ("mech.eqn", "nested too deeply")),
    "Latin-1 species name": (
        _replace(KPP_LINES, 2, "A = IGNORE; B\xe9 = IGNORE; C = IGNORE;").encode("latin-1"),
        (":2", "B\\xe9"),
    ),
    "NUL byte": (_replace(KPP_LINES, 6, "<R1> A = B : 1.0\x00e-3;").encode(), ("mech.eqn",)),
    "UTF-16 file": ("\n".join(KPP_LINES).encode("utf-16"), ("mech.eqn", "UTF-16")),
    # found by fuzz_rate_expression: the index was converted to int before its range check
    "photolysis index 31e23": (
        _replace(KPP_LINES, 8, "<R3> C = A : 0*(J(31e23)+J(24));"),
        (":8", "photolysis index"),
    ),
    "reactant order 11": (_replace(KPP_LINES, 6, "<R1> 11 A = B : 1.0e-3;"), (":6", "<= 10")),
    "empty file": ("", ("mech.eqn", "no reactions")),
    "species declarations only": ("\n".join(KPP_LINES[:2]) + "\n", ("mech.eqn", "no reactions")),
}

FAC_MUTATIONS = {
    "unknown coefficient": (_replace(FAC_LINES, 4, "% K9 : A = B ;"), (":4", "K9")),
    "missing semicolon": (_replace(FAC_LINES, 4, "% K1 : A = B"), ("mech.fac",)),
    "bad exponent": (_replace(FAC_LINES, 3, "K1 = 1.0D- ;"), (":3", "1.0D-")),
    "coefficient defined twice": (_replace(FAC_LINES, 4, "K1 = 2.0D-3 ;"), (":4", "K1")),
    "no colon in a reaction": (_replace(FAC_LINES, 4, "% K1 A = B ;"), (":4",)),
    "unbalanced parenthesis": (_replace(FAC_LINES, 5, "% (2.0D-12 : B + B = C ;"), (":5",)),
    "10 000 nested parentheses": (_replace(FAC_LINES, 3, f"K1 = {NESTED} ;"), (":3", "deep")),
    "fractional reactant": (_replace(FAC_LINES, 4, "% K1 : 0.5A = B ;"), (":4",)),
    # found by fuzz_facsimile: the coefficient overflowed an int when the system was built
    "reactant coefficient 4.4e19": (
        _replace(FAC_LINES, 6, "% 0.5*J<4> : 44444444444444444442A = ;"),
        (":6", "<= 10"),
    ),
    "Latin-1 species name": (
        _replace(FAC_LINES, 2, "VARIABLE A B\xe9 C ;").encode("latin-1"),
        (":2", "B\\xe9"),
    ),
    "NUL byte": (_replace(FAC_LINES, 3, "K1 = 1.0\x00D-3 ;").encode(), ("mech.fac",)),
    "empty file": ("", ("mech.fac", "no reactions")),
    "comments only": ("* nothing here ;\n", ("mech.fac", "no reactions")),
}


def _first_order_decay(ds) -> None:
    # A -> B at k = 1e-3 s-1 (R1; B + B and the dark C = A do not feed A): A(t) = A0 exp(-k t).
    a = float(ds["concentration"].sel(species="A").isel(time=-1))
    assert math.isclose(a, 10.0 * math.exp(-1.0), rel_tol=2e-3), a


def _integrate(mech) -> object:
    return mech.integrate({"A": 10.0}, [0.0, 1000.0], units="ppb", rtol=1e-6, atol=1e-12)


def cases() -> list[Case]:
    out = []
    for name, (text, words) in KPP_MUTATIONS.items():
        out.append(
            Case(
                id=f"mechanism .eqn: {name}",
                files={"mech.eqn": text},
                call=lambda d: chem.Mechanism.from_kpp(d / "mech.eqn"),
                words=("mech.eqn", *words),
            )
        )
    for name, (text, words) in FAC_MUTATIONS.items():
        out.append(
            Case(
                id=f"mechanism .fac: {name}",
                files={"mech.fac": text},
                call=lambda d: chem.Mechanism.from_facsimile(d / "mech.fac"),
                words=("mech.fac", *words),
            )
        )
    for ext, reader in (("eqn", chem.Mechanism.from_kpp), ("fac", chem.Mechanism.from_facsimile)):
        out += [
            Case(
                id=f"mechanism .{ext}: directory",
                files={f"m.{ext}/x": ""},
                call=lambda d, e=ext, r=reader: r(d / f"m.{e}"),
                words=(f"m.{ext}", "directory"),
            ),
            Case(
                id=f"mechanism .{ext}: missing file",
                call=lambda d, e=ext, r=reader: r(d / f"m.{e}"),
                words=(f"m.{ext}",),
            ),
        ]
    kpp, fac = "\n".join(KPP_LINES) + "\n", "\n".join(FAC_LINES) + "\n"
    out += [
        Case(
            id="mechanism .eqn: valid file integrates to exp(-kt)",
            files={"mech.eqn": kpp},
            call=lambda d: _integrate(chem.Mechanism.from_kpp(d / "mech.eqn")),
            expect="ok",
            check=lambda d, ds: _first_order_decay(ds),
        ),
        Case(
            id="mechanism .fac: valid file integrates to exp(-kt)",
            files={"mech.fac": fac},
            call=lambda d: _integrate(chem.Mechanism.from_facsimile(d / "mech.fac")),
            expect="ok",
            check=lambda d, ds: _first_order_decay(ds),
        ),
        Case(
            id="mechanism .eqn: rate 1.0/0.0 stops the run naming the reaction",
            files={"mech.eqn": _replace(KPP_LINES, 6, "<R1> A = B : 1.0/0.0;")},
            call=lambda d: _integrate(chem.Mechanism.from_kpp(d / "mech.eqn")),
            expect="ok",
            warns=r"R1",
        ),
        Case(
            id="mechanism .eqn: negative rate stops the run naming the reaction",
            files={"mech.eqn": _replace(KPP_LINES, 6, "<R1> A = B : -1.0e-3;")},
            call=lambda d: _integrate(chem.Mechanism.from_kpp(d / "mech.eqn")),
            expect="ok",
            warns=r"R1.*negative",
        ),
        Case(
            id="mechanism .eqn: negative initial value refused by species",
            files={"mech.eqn": kpp},
            call=lambda d: chem.Mechanism.from_kpp(d / "mech.eqn").integrate(
                {"B": -1.0}, [0.0, 10.0], units="ppb"
            ),
            words=("B", "initial"),
        ),
        Case(
            id="mechanism .eqn: NaN initial value refused by species",
            files={"mech.eqn": kpp},
            call=lambda d: chem.Mechanism.from_kpp(d / "mech.eqn").integrate(
                {"A": math.nan}, [0.0, 10.0], units="ppb"
            ),
            words=("A", "initial"),
        ),
        Case(
            id="mechanism .eqn: unknown species in the initial values",
            files={"mech.eqn": kpp},
            call=lambda d: chem.Mechanism.from_kpp(d / "mech.eqn").integrate(
                {"Q": 1.0}, [0.0, 10.0], units="ppb"
            ),
            words=("Q",),
        ),
        Case(
            id="mechanism .eqn: times going backwards",
            files={"mech.eqn": kpp},
            call=lambda d: chem.Mechanism.from_kpp(d / "mech.eqn").integrate(
                {"A": 1.0}, [10.0, 0.0], units="ppb"
            ),
            words=("times",),
        ),
    ]
    return out
