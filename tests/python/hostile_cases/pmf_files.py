"""PMF input files (concentrations + uncertainties) and `aqm pmf run` flags: each mutation of a
small valid pair whose truth is known (three sources, 30 samples, 8 species)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from . import Case

SPECIES = ["SO4", "NO3", "NH4", "OC", "EC", "Fe", "Zn", "Pb"]
SAMPLES = [f"d{i:02d}" for i in range(1, 31)]  # line of sample i (1-based) is i + 1


def _truth() -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(14)
    g = rng.gamma(2.0, 1.0, size=(len(SAMPLES), 3))
    f = rng.uniform(0.05, 1.0, size=(3, len(SPECIES)))
    x = pd.DataFrame(g @ f, index=pd.Index(SAMPLES, name="Date"), columns=SPECIES)
    return x, 0.1 * x + 0.01


def _csv(df: pd.DataFrame) -> str:
    return df.to_csv(float_format="%.6g")


def _run(conc: str = "c.csv", unc: str = "u.csv", *extra: str) -> list[str]:
    return [
        "pmf",
        "run",
        "--conc",
        conc,
        "--unc",
        unc,
        "--factors",
        "3",
        "--runs",
        "2",
        "--seed",
        "1",
        "--out",
        "r.nc",
        "--no-progress",
        *extra,
    ]


def _pair(x: pd.DataFrame, u: pd.DataFrame) -> dict[str, str]:
    return {"c.csv": _csv(x), "u.csv": _csv(u)}


def _set(df: pd.DataFrame, sample: str, species: str, value) -> pd.DataFrame:
    out = df.astype(object).copy()
    out.loc[sample, species] = value
    return out


def _outputs_written(d: Path, _out) -> None:
    assert (d / "r.nc").is_file() and (d / "r_profiles.csv").is_file()
    profiles = pd.read_csv(d / "r_profiles.csv", index_col=0)
    assert np.isfinite(profiles.to_numpy(dtype=float)).all()


def cases() -> list[Case]:
    x, u = _truth()
    err = []
    # (name, conc, unc, extra flags, words)
    for name, cx, cu, flags, words in [
        ("text in an uncertainty cell", x, _set(u, "d02", "NO3", "x"), (), ("u.csv:3:3", "NO3")),
        ("negative uncertainty", x, _set(u, "d03", "OC", -0.5), (), ("u.csv", "OC")),
        ("zero uncertainty", x, _set(u, "d04", "EC", 0.0), (), ("u.csv", "EC")),
        ("missing uncertainty for a present value", x, _set(u, "d05", "Fe", ""), (), ("Fe",)),
        ("uncertainty file lacks a species", x, u.drop(columns="Pb"), (), ("Pb",)),
        ("uncertainty file lacks a sample", x, u.drop(index="d30"), (), ("u.csv",)),
        ("uncertainty sample renamed", x, u.rename(index={"d07": "d99"}), (), ("d07",)),
        ("uncertainty species renamed", x, u.rename(columns={"Zn": "Zinc"}), (), ("Zn",)),
        ("-999 sentinel column", x.assign(Pb=-999.0), u, (), ("Pb", "-999")),
        ("1e308 concentration", _set(x, "d09", "SO4", 1e308), u, (), ("SO4", "d09")),
        (
            "text in a concentration cell",
            _set(x, "d10", "NH4", "n/d"),
            u,
            (),
            ("c.csv:11:4", "NH4"),
        ),
        ("inf concentration", _set(x, "d11", "NO3", "inf"), u, (), ("c.csv:12:3", "NO3")),
        ("Q_exp below zero", x.iloc[:4], u.iloc[:4], (), ("Q_exp",)),
        ("unknown weak species", x, u, ("--weak", "Cu"), ("Cu",)),
        ("unknown bad species", x, u, ("--bad", "Se"), ("Se",)),
        ("unknown total variable", x, u, ("--total-variable", "PM10"), ("PM10",)),
        ("every species bad", x, u, ("--bad", ",".join(SPECIES)), ("species",)),
        ("factors above species", x, u, ("--factors", "9"), ("9",)),
    ]:
        err.append(
            Case(
                id=f"pmf files: {name}",
                files=_pair(cx, cu),
                argv=_run("c.csv", "u.csv", *flags),
                words=words,
            )
        )
    err += [
        Case(
            id="pmf files: concentration file missing",
            files={"u.csv": _csv(u)},
            argv=_run(),
            words=("c.csv",),
        ),
        Case(
            id="pmf files: uncertainty file missing",
            files={"c.csv": _csv(x)},
            argv=_run(),
            words=("u.csv",),
        ),
        Case(
            id="pmf files: empty concentration file",
            files={"c.csv": "", "u.csv": _csv(u)},
            argv=_run(),
            words=("c.csv", "empty"),
        ),
        Case(
            id="pmf files: concentration path is a directory",
            files={"c.csv/x": "", "u.csv": _csv(u)},
            argv=_run(),
            words=("c.csv", "directory"),
        ),
        Case(
            id="pmf files: --out into a missing directory",
            files=_pair(x, u),
            argv=_run()[:-3] + ["--out", "no/such/dir/r.nc", "--no-progress"],
            words=("no/such/dir",),
        ),
        Case(
            id="pmf files: --out is a directory",
            files={**_pair(x, u), "r.nc/keep": ""},
            argv=_run(),
            words=("r.nc",),
        ),
        Case(
            id="pmf files: --out names a device",
            files=_pair(x, u),
            argv=_run()[:-3] + ["--out", "/dev/null", "--no-progress"],
            words=("/dev/null",),
        ),
    ]
    ok = [
        Case(
            id="pmf files: missing values (empty and NA) replaced",
            expect="ok",
            files=_pair(
                _set(_set(x, "d02", "SO4", ""), "d03", "Zn", "NA"),
                _set(_set(u, "d02", "SO4", ""), "d03", "Zn", "NA"),
            ),
            argv=_run(),
            check=_outputs_written,
        ),
        Case(
            id="pmf files: CRLF and semicolons",
            expect="ok",
            files={
                "c.csv": _csv(x).replace(",", ";").replace("\n", "\r\n"),
                "u.csv": _csv(u).replace(",", ";").replace("\n", "\r\n"),
            },
            argv=_run(),
            check=_outputs_written,
        ),
    ]
    return err + ok
