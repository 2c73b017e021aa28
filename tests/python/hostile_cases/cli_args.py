"""Command-line arguments of every command: unknown commands, missing and malformed flags,
values outside their range, and paths that are missing, directories or of the wrong kind.
Each is a one-line error naming the flag or the path."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import Case

PMF = [
    "pmf",
    "run",
    "--conc",
    "c.csv",
    "--unc",
    "u.csv",
    "--factors",
    "2",
    "--runs",
    "1",
    "--seed",
    "1",
    "--out",
    "r.nc",
    "--no-progress",
]


def _voc_hourly() -> str:
    """Two days of hourly ppb for the default age pair and two more species."""
    rng = np.random.default_rng(5)
    time = pd.date_range("2021-07-01", periods=48, freq="h")
    df = pd.DataFrame(
        {
            "m/p-xylene": rng.uniform(0.5, 1.0, 48),
            "ethylbenzene": rng.uniform(0.3, 0.6, 48),
            "toluene": rng.uniform(1.0, 2.0, 48),
            "benzene": rng.uniform(0.5, 1.0, 48),
        },
        index=pd.Index(time.strftime("%Y-%m-%d %H:%M"), name="time"),
    )
    return df.to_csv(float_format="%.4f")


def _factors() -> str:
    return "factor,toluene,benzene\nFactor 1,0.6,0.4\nFactor 2,0.1,0.9\n"


FILES = {
    "c.csv": "t,a,b,c,d\n1,1,2,3,1\n2,2,3,1,1\n3,3,1,2,2\n4,1,1,2,3\n5,2,2,2,1\n",
    "u.csv": "t,a,b,c,d\n1,1,1,1,1\n2,1,1,1,1\n3,1,1,1,1\n4,1,1,1,1\n5,1,1,1,1\n",
    "voc.csv": _voc_hourly(),
    "factors.csv": _factors(),
}

# (name, argv, words)
ARGS = [
    ("unknown command", ["nope"], ("invalid choice",)),
    ("unknown pmf action", ["pmf", "nope"], ("invalid choice",)),
    ("no arguments at all", [], ("required",)),
    ("pmf run without --conc", ["pmf", "run", "--factors", "2"], ("--conc",)),
    ("pmf run --factors 3x", [*PMF[:6], "--factors", "3x"], ("--factors",)),
    ("pmf run --factors 51", [*PMF[:6], "--factors", "51"], ("--factors",)),
    ("pmf run --runs 1e9", [*PMF, "--runs", "1e9"], ("--runs",)),
    ("pmf run --bootstrap -1", [*PMF, "--bootstrap", "-1"], ("--bootstrap",)),
    ("pmf run --bs-disp -1", [*PMF, "--bs-disp", "-1"], ("--bs-disp",)),
    ("pmf run --task-id -1", [*PMF, "--task-id", "-1"], ("--task-id",)),
    ("pmf run --fpeak nan", [*PMF, "--fpeak", "nan"], ("--fpeak",)),
    ("pmf run --fpeak inf", [*PMF, "--fpeak", "inf"], ("--fpeak",)),
    ("pmf run --fpeak text", [*PMF, "--fpeak", "x"], ("--fpeak",)),
    ("pmf run --method svd", [*PMF, "--method", "svd"], ("--method",)),
    ("pmf run --seed 1.5", [*PMF, "--seed", "1.5"], ("--seed",)),
    ("pmf run --plot into a missing directory", [*PMF, "--plot", "no/dir/p.png"], ("no/dir",)),
    (
        "pmf sweep --factors 5-3",
        ["pmf", "sweep", "--conc", "c.csv", "--unc", "u.csv", "--factors", "5-3", "--out", "s.nc"],
        ("factors", "5-3"),
    ),
    (
        "pmf sweep --factors a-b",
        ["pmf", "sweep", "--conc", "c.csv", "--unc", "u.csv", "--factors", "a-b", "--out", "s.nc"],
        ("factors", "a-b"),
    ),
    (
        "pmf sweep --factors 0-3",
        ["pmf", "sweep", "--conc", "c.csv", "--unc", "u.csv", "--factors", "0-3", "--out", "s.nc"],
        ("factors", "0-3"),
    ),
    ("voc simulate without --seed", ["voc", "simulate", "out/x"], ("--seed",)),
    (
        "voc simulate --days 0",
        ["voc", "simulate", "out/x", "--seed", "1", "--days", "0"],
        ("--days",),
    ),
    (
        "voc simulate --days 1e9",
        ["voc", "simulate", "out/x", "--seed", "1", "--days", "1000000000"],
        ("--days",),
    ),
    (
        "voc simulate --mean-total -5",
        ["voc", "simulate", "out/x", "--seed", "1", "--mean-total", "-5"],
        ("--mean-total",),
    ),
    (
        "voc simulate --mean-total nan",
        ["voc", "simulate", "out/x", "--seed", "1", "--mean-total", "nan"],
        ("--mean-total",),
    ),
    (
        "voc simulate --start not a date",
        ["voc", "simulate", "out/x", "--seed", "1", "--start", "yesterday-ish"],
        ("--start",),
    ),
    ("voc age missing input", ["voc", "age", "none.csv"], ("none.csv",)),
    (
        "voc age --percentile 150",
        ["voc", "age", "voc.csv", "--units", "ppb", "--percentile", "150"],
        ("percentile", "[0, 100]"),
    ),
    (
        "voc age --window-hours -1",
        ["voc", "age", "voc.csv", "--units", "ppb", "--window-hours", "-1"],
        ("window_hours", "-1"),
    ),
    ("voc age --units furlongs", ["voc", "age", "voc.csv", "--units", "furlongs"], ("furlongs",)),
    (
        "voc age --pair of one species",
        ["voc", "age", "voc.csv", "--units", "ppb", "--pair", "toluene"],
        ("toluene",),
    ),
    (
        "voc age --pair of the same species",
        ["voc", "age", "voc.csv", "--units", "ppb", "--pair", "toluene,toluene"],
        ("toluene",),
    ),
    (
        "voc age --pair species not measured",
        ["voc", "age", "voc.csv", "--units", "ppb", "--pair", "toluene,styrene"],
        ("styrene",),
    ),
    (
        "voc age --emission-ratio -1",
        ["voc", "age", "voc.csv", "--units", "ppb", "--emission-ratio", "-1"],
        ("--emission-ratio",),
    ),
    (
        "voc age --emission-ratio nan",
        ["voc", "age", "voc.csv", "--units", "ppb", "--emission-ratio", "nan"],
        ("--emission-ratio",),
    ),
    (
        "voc age --koh missing file",
        ["voc", "age", "voc.csv", "--units", "ppb", "--koh", "koh.csv"],
        ("koh.csv",),
    ),
    ("voc identify missing factors file", ["voc", "identify", "none.csv"], ("none.csv",)),
    (
        "voc identify --library missing file",
        ["voc", "identify", "factors.csv", "--library", "lib.csv"],
        ("lib.csv",),
    ),
    (
        "voc identify --units xyz",
        ["voc", "identify", "factors.csv", "--units", "xyz"],
        ("units", "xyz"),
    ),
    (
        "voc identify --name without =",
        ["voc", "identify", "factors.csv", "--name", "Factor 1"],
        ("--name",),
    ),
    (
        "voc profiles --compare missing files",
        ["voc", "profiles", "--compare", "a.csv", "b.csv"],
        ("a.csv",),
    ),
    ("voc profiles --show missing file", ["voc", "profiles", "--show", "lib.csv"], ("lib.csv",)),
    (
        "emis speciate --output bad",
        ["emis", "speciate", "bundled:hangzhou_2020", "--output", "saprc", "--out", "s.csv"],
        ("--output",),
    ),
    (
        "emis speciate --out .txt",
        ["emis", "speciate", "bundled:hangzhou_2020", "--out", "s.txt"],
        ("s.txt",),
    ),
    (
        "emis speciate unknown bundled inventory",
        ["emis", "speciate", "bundled:atlantis", "--out", "s.csv"],
        ("atlantis",),
    ),
    (
        "emis speciate --pollutant unknown",
        ["emis", "speciate", "bundled:hangzhou_2020", "--pollutant", "XYZ", "--out", "s.csv"],
        ("XYZ",),
    ),
    (
        "emis speciate --profiles missing",
        ["emis", "speciate", "bundled:hangzhou_2020", "--profiles", "p.csv", "--out", "s.csv"],
        ("p.csv",),
    ),
    ("box run missing config", ["box", "run", "box.toml"], ("box.toml",)),
    (
        "io convert missing output directory",
        ["io", "convert", "c.csv", "no/dir/o.csv"],
        ("no/dir",),
    ),
    ("io convert onto a device", ["io", "convert", "c.csv", "/dev/null"], ("/dev/null",)),
]


def cases() -> list[Case]:
    return [
        Case(id=f"cli: {name}", files=dict(FILES), argv=argv, words=words)
        for name, argv, words in ARGS
    ]
