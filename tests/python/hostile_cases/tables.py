"""Emission inventories (CSV) through `aqm emis totals`, and control scenarios (TOML, semantic
errors past the type checks) through `aqm emis apply`: errors name file, line, sector or
pollutant; a valid scenario gives the hand-computed inventory."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import Case

HEADER = "sector,pollutant,place,time,value,unit"
ROWS = [
    "power,NOx,xihu,annual,10.0,t/yr",
    "industry,NOx,xihu,annual,5.0,t/yr",
    "power,SO2,xihu,annual,2.0,t/yr",
    "industry,SO2,xihu,annual,1.0,t/yr",
]


def _inv(rows=ROWS, header=HEADER, head: str = "") -> str:
    return head + "\n".join([header, *rows]) + "\n"


def _row(i: int, text: str) -> list[str]:
    rows = list(ROWS)
    rows[i] = text
    return rows


# Lines: header 1, rows 2-5.
INVENTORY_MUTATIONS = {
    "text value": (_inv(_row(1, "industry,NOx,xihu,annual,lots,t/yr")), (":3",)),
    "empty value": (_inv(_row(1, "industry,NOx,xihu,annual,,t/yr")), (":3",)),
    "infinite value": (_inv(_row(2, "power,SO2,xihu,annual,inf,t/yr")), (":4",)),
    "negative value": (_inv(_row(2, "power,SO2,xihu,annual,-2.0,t/yr")), (":4",)),
    "unknown unit": (_inv(_row(0, "power,NOx,xihu,annual,10.0,parsecs")), ("parsecs",)),
    "concentration unit": (_inv(_row(0, "power,NOx,xihu,annual,10.0,ug/m3")), ("ug/m3",)),
    "unknown time label": (_inv(_row(0, "power,NOx,xihu,weekly,10.0,t/yr")), ("weekly",)),
    "duplicate record": (_inv([*ROWS, ROWS[0]]), (":6",)),
    "missing unit column": (
        _inv([r.rsplit(",", 1)[0] for r in ROWS], header=HEADER.rsplit(",", 1)[0]),
        ("unit",),
    ),
    "short row": (_inv(_row(3, "industry,SO2,xihu,annual,1.0")), (":5",)),
    "empty sector": (_inv(_row(3, ",SO2,xihu,annual,1.0,t/yr")), (":5",)),
    "empty file": ("", ("inv.csv",)),
    "header only": (_inv([]), ("inv.csv",)),
    "bad year line": (_inv(head="# year: twenty\n"), ("year",)),
    "Latin-1 place": (
        _inv(_row(0, "power,NOx,xih\xfa,annual,10.0,t/yr")).encode("latin-1"),
        (":2",),
    ),
    "UTF-16 file": (_inv().encode("utf-16"), ("UTF-16",)),
}

SCENARIO = '[scenario]\nname = "plan"\nbase_year = 2020\ntarget_year = 2025\n'


def _measure(**change: str) -> str:
    keys = {
        "name": '"m1"',
        "sector": '"power"',
        "pollutant": '"NOx"',
        "efficiency": "0.5",
        "penetration_base": "0.0",
        "penetration_target": "1.0",
        **change,
    }
    return "[[measure]]\n" + "".join(f"{k} = {v}\n" for k, v in keys.items())


SCENARIO_MUTATIONS = {
    "measure on an unknown sector": (SCENARIO + _measure(sector='"shipping"'), ("shipping",)),
    "measure on an unknown pollutant": (SCENARIO + _measure(pollutant='"CO2e"'), ("CO2e",)),
    "measure in an unknown region": (SCENARIO + _measure(region='"mars"'), ("mars",)),
    "target year before base year": (
        SCENARIO.replace("2025", "2015") + _measure(),
        ("target_year",),
    ),
    "two measures with one name": (SCENARIO + _measure() + _measure(sector='"industry"'), ("m1",)),
    "growth on an unknown sector": (
        SCENARIO + _measure() + '[[growth]]\nsector = "aviation"\nannual_rate = 0.02\n',
        ("aviation",),
    ),
    "target on an unknown pollutant": (
        SCENARIO + _measure() + '[[target]]\npollutant = "CO2"\nchange_percent = -10\n',
        ("CO2",),
    ),
}


def _scenario_result(d: Path, _out) -> None:
    # Power NOx 10 t/yr, efficiency 0.5 applied from 0 % to 100 % penetration: 10 x (1 - 0.5).
    inv = pd.read_csv(d / "out" / "plan_inventory.csv", comment="#")
    row = inv[(inv["sector"] == "power") & (inv["pollutant"] == "NOx")]
    assert row["value"].tolist() == [5.0]
    other = inv[(inv["sector"] == "industry") & (inv["pollutant"] == "NOx")]
    assert other["value"].tolist() == [5.0]


def cases() -> list[Case]:
    out = []
    for name, (text, words) in INVENTORY_MUTATIONS.items():
        out.append(
            Case(
                id=f"inventory: {name}",
                files={"inv.csv": text},
                argv=["emis", "totals", "--inventory", "inv.csv"],
                words=("inv.csv", *words),
            )
        )
    for name, (text, words) in SCENARIO_MUTATIONS.items():
        out.append(
            Case(
                id=f"scenario: {name}",
                files={"inv.csv": _inv(), "plan.toml": text},
                argv=["emis", "apply", "plan.toml", "--inventory", "inv.csv", "--out", "out"],
                words=("plan.toml", *words),
            )
        )
    out += [
        Case(
            id="inventory: missing file",
            argv=["emis", "totals", "--inventory", "inv.csv"],
            words=("inv.csv",),
        ),
        Case(
            id="scenario: valid plan gives the hand-computed inventory",
            expect="ok",
            files={"inv.csv": _inv(), "plan.toml": SCENARIO + _measure()},
            argv=["emis", "apply", "plan.toml", "--inventory", "inv.csv", "--out", "out"],
            check=_scenario_result,
        ),
        Case(
            id="scenario: missing file",
            files={"inv.csv": _inv()},
            argv=["emis", "apply", "plan.toml", "--inventory", "inv.csv"],
            words=("plan.toml",),
        ),
    ]
    return out
