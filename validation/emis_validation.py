"""Validation of aqm.emis (issue 6): mass conservation through every operation, HEMCO
hierarchy/mask semantics on hand-built cases, the scenario equation against a hand
computation, and the speciation mole/mass back-check.  Writes emis_validation_report.md.

References are outside the code under test: unit factors written out by hand (1 t = 1e6 g,
the Julian year of 365.25 d), HEMCO's documented hierarchy rule evaluated by hand, the
GAINS/MEIC technology equation evaluated with plain arithmetic, and S2S-Tool's mole algebra.

Run: PYTHONPATH=python/src python validation/emis_validation.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import ROOT, Report

import aqm
from aqm import emis

_e = aqm._core.emis
PLAN = ROOT / "data" / "emis" / "hangzhou_2025_plan.toml"
TOL = 1e-12


def rel(a, b) -> float:
    a, b = np.asarray(a, float), np.asarray(b, float)
    return float(np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-300))


def conservation(rep: Report) -> None:
    inv = emis.Inventory.bundled()
    grid_inv = emis.Inventory.bundled("hangzhou_2020_grid")
    tot = inv.totals()
    # scaling with unit factors: t/yr -> g/s is 1e6 / (365.25 * 86400) by hand
    conv = inv.convert_units("NMVOC", "g s-1")
    f = 1e6 / (365.25 * 86400.0)
    r = rel(conv.totals()["NMVOC"], tot["NMVOC"] * f)
    rep.check(
        "unit conversion t/yr -> g/s, totals x 1e6/31557600", f"{r:.1e}", f"<= {TOL}", r <= TOL
    )
    back = conv.convert_units("NMVOC", "t/yr")
    r = rel(back.totals()["NMVOC"], tot["NMVOC"])
    rep.check("unit round trip t/yr -> g/s -> t/yr", f"{r:.1e}", f"<= {TOL}", r <= TOL)
    scaled = inv.scale({"NOx": 0.5}).scale({"NOx": 2.0})
    r = rel(scaled.totals()["NOx"], tot["NOx"])
    rep.check("scale x0.5 then x2", f"{r:.1e}", f"<= {TOL}", r <= TOL)
    on_grid = rel(grid_inv.totals().to_numpy(), tot.to_numpy())
    rep.check(
        "district -> 0.05 deg grid allocation, all totals",
        f"{on_grid:.1e}",
        f"<= {TOL}",
        on_grid <= TOL,
    )

    # temporal allocation: annual -> 12 months over the real calendar (2020 is a leap year)
    monthly = inv.allocate_time()
    r = rel(monthly.totals().to_numpy(), tot.to_numpy())
    rep.check(
        "allocate_time (monthly, 2020 calendar), all totals", f"{r:.1e}", f"<= {TOL}", r <= TOL
    )
    # hourly: every UTC day of 2021 through the fused pipeline (mass path, mean rate in t/yr);
    # the mean of the 8760 hourly rates must be the annual rate, cell by cell
    g21 = emis.Inventory(grid_inv._c.copy())
    g21._c.year = 2021
    acc = None
    import pandas as pd

    for day in pd.date_range("2021-01-01", "2021-12-31", freq="D"):
        out, species, _ = g21.day_speciated(
            day, output="mass", unit="t/yr", dtype="float64", utc_offset_hours=8, as_xarray=False
        )
        s = out.sum(axis=(0, 1))
        acc = s if acc is None else acc + s
    p = g21.pollutants.index("NMVOC")
    annual = g21.values[:, p, :, 0].sum(axis=0).reshape(acc.shape)
    r = rel(acc / 8760.0, annual)
    rep.check(
        "365 days x 24 h (UTC+8, sector profiles) -> annual NMVOC per cell",
        f"{r:.1e}",
        f"<= {TOL}",
        r <= TOL,
    )

    # regridding: 0.05 deg -> 0.1 deg covering the domain; and onto a grid cutting it
    src = grid_inv.grid
    target = _e.LatLonGrid.regular(118.35, 29.2, 0.1, 0.1, 24, 14)
    rg = grid_inv.regrid(target)
    r = rel(rg.totals().to_numpy(), tot.to_numpy())
    rep.check(
        "conservative regrid 0.05 -> 0.1 deg (same domain), all totals",
        f"{r:.1e}",
        f"<= {TOL}",
        r <= TOL,
    )
    cut = _e.LatLonGrid.regular(119.0, 29.0, 0.07, 0.07, 40, 30)
    rc = grid_inv.regrid(cut)
    inside = rc.totals()["NOx"].sum()
    r = abs(inside + rc.outside["NOx"] - tot["NOx"].sum()) / tot["NOx"].sum()
    rep.check(
        "regrid onto a grid cutting the domain: in = out + outside (NOx)",
        f"{r:.1e}",
        f"<= {TOL}",
        r <= TOL,
    )
    rep.note(
        f"regrid cut: {rc.outside['NOx']:.1f} t/yr of NOx reported outside the target "
        f"(source domain {src.lon_edges[0]:.2f}-{src.lon_edges[-1]:.2f} E)"
    )

    # speciation, mass path (mechanism basis: sum of species masses = NMVOC mass)
    mass = inv.speciate("NMVOC", output="mass")
    cb6 = [q for q in mass.pollutants if q not in inv.pollutants]
    r = rel(mass.totals()[cb6].to_numpy().sum(axis=1), tot["NMVOC"].to_numpy())
    rep.check(
        "speciation to CB6, mass path: sum over species per sector",
        f"{r:.1e}",
        f"<= {TOL}",
        r <= TOL,
    )
    kept = rel(mass.totals()[["NOx", "SO2"]].to_numpy(), tot[["NOx", "SO2"]].to_numpy())
    rep.check("speciation leaves other pollutants untouched", f"{kept:.1e}", "0", kept == 0.0)


def hierarchy(rep: Report) -> None:
    # 4 cells in a row.  HEMCO rule (hco_calc_mod): a higher hierarchy replaces lower ones
    # inside its mask, CatFlx = (1 - HirMsk) CatFlx + HirFlx; categories add.
    grid = _e.LatLonGrid.regular(0.0, 0.0, 1.0, 1.0, 4, 1)
    alg = _e.ScaleAlgebra(4)
    alg.add_mask(_e.Mask.box(10, "west half", grid, 0.0, 0.0, 2.0, 1.0))  # cells 0, 1
    alg.add_mask(_e.Mask(11, "fractional", [0.0, 0.0, 0.5, 0.0], True))
    alg.add_factor(_e.ScaleFactor(20, "x2", [2.0]))
    alg.add_field(_e.BaseField("global", "NO", 1, 1, [1.0, 1.0, 1.0, 1.0], []))
    alg.add_field(_e.BaseField("regional", "NO", 1, 2, [5.0, 5.0, 5.0, 5.0], [10]))
    alg.add_field(_e.BaseField("patch", "NO", 1, 2, [8.0, 8.0, 8.0, 8.0], [11]))
    alg.add_field(_e.BaseField("ships", "NO", 2, 1, [0.0, 0.0, 0.0, 3.0], [20]))
    res = alg.compute("NO")
    # by hand: hierarchy 2 = regional*mask10 + patch*mask11 = [5, 5, 4, 0]; HirMsk = [1, 1, .5, 0]
    # cat 1 = (1 - HirMsk)*1 + HirFlx = [5, 5, 4.5, 1]; cat 2 = ships x2 = [0, 0, 0, 6]
    expect_cat1 = [5.0, 5.0, 4.5, 1.0]
    expect_total = [5.0, 5.0, 4.5, 7.0]
    got1 = res.by_category[0]
    rep.check(
        "HEMCO hierarchy + binary box mask + fractional mask (category 1)",
        np.round(got1, 12).tolist(),
        str(expect_cat1),
        np.allclose(got1, expect_cat1, rtol=0, atol=1e-15),
    )
    rep.check(
        "categories add; scale factor applied (total)",
        np.round(res.total, 12).tolist(),
        str(expect_total),
        np.allclose(res.total, expect_total, rtol=0, atol=1e-15),
    )
    region = _e.Mask.regions(12, "ids", [1, 2, 2, 3], [2])
    rep.check(
        "region-ID mask selects the listed IDs",
        list(region.values),
        "[0, 1, 1, 0]",
        list(region.values) == [0.0, 1.0, 1.0, 0.0],
    )


def scenario(rep: Report) -> None:
    df = __import__("pandas").DataFrame(
        {
            "sector": ["industry/chemical", "industry/chemical", "transport/diesel"],
            "pollutant": ["NMVOC", "NOx", "NOx"],
            "place": ["A", "A", "B"],
            "value": [1000.0, 200.0, 500.0],
            "unit": ["t/yr"] * 3,
        }
    )
    inv = emis.Inventory.from_dataframe(df, name="hand", year=2020)
    sc = emis.Scenario(
        name="hand",
        base_year=2020,
        target_year=2025,
        growth=[
            {"sector": "industry", "annual_rate": 0.03},
            {"sector": "transport", "factor": 1.1},
        ],
        measures=[
            {
                "name": "RTO",
                "sector": "industry/chemical",
                "pollutant": "NMVOC",
                "efficiency": 0.9,
                "penetration_base": 0.2,
                "penetration_target": 0.7,
            },
            {
                "name": "LDAR",
                "sector": "industry",
                "pollutant": "NMVOC",
                "efficiency": 0.5,
                "penetration_base": 0.1,
                "penetration_target": 0.2,
            },
            {
                "name": "trucks",
                "sector": "transport/diesel",
                "pollutant": "NOx",
                "efficiency": 0.6,
                "penetration_base": 0.0,
                "penetration_target": 0.5,
            },
        ],
    )
    res = inv.apply(sc)
    # by hand
    g = 1.03**5
    voc = 1000.0 * g * (1 - (0.7 * 0.9 + 0.2 * 0.5)) / (1 - (0.2 * 0.9 + 0.1 * 0.5))
    nox_ind = 200.0 * g
    nox_tr = 500.0 * 1.1 * (1 - 0.5 * 0.6)
    got = res.scenario_totals
    vals = [
        got.loc["industry/chemical", "NMVOC"],
        got.loc["industry/chemical", "NOx"],
        got.loc["transport/diesel", "NOx"],
    ]
    r = rel(vals, [voc, nox_ind, nox_tr])
    rep.check(
        "E = E0 G (1 - sum Xt eta)/(1 - sum X0 eta), 3 elements",
        f"{r:.1e}",
        f"<= {TOL} vs hand",
        r <= TOL,
    )
    c = res.contributions["NMVOC"]
    rto = -1000.0 * g * 0.9 * (0.7 - 0.2) / (1 - (0.2 * 0.9 + 0.1 * 0.5))
    r = abs(c["RTO"] - rto) / abs(rto)
    rep.check(
        "measure contribution -E0 G eta dX / (1 - sum X0 eta) (RTO)",
        f"{r:.1e}",
        f"<= {TOL}",
        r <= TOL,
    )
    split = c.sum() - (voc - 1000.0)
    rep.check(
        "growth + measure terms = total change (NMVOC)",
        f"{abs(split):.1e} t/yr",
        "<= 1e-9",
        abs(split) <= 1e-9,
    )
    full = emis.Inventory.bundled().apply(PLAN)
    chg = 100 * (full.scenario_totals.sum() / full.base_totals.sum() - 1)
    rep.note(
        "bundled plan (synthetic inventory): "
        + ", ".join(f"{p} {chg[p]:+.1f} %" for p in ["NOx", "NMVOC", "PM2.5", "SO2"])
    )


def speciation(rep: Report) -> None:
    # S2S-Tool mechanism basis by hand: isobutane -> 4 PAR (PAR 14.0 g/mol), toluene -> TOL
    # (92.1), butylbenzene -> TOL + 3 PAR (effMW 92.1 + 42 = 134.1).
    mech = _e.Mechanism(
        "toy",
        {"PAR": 14.0, "TOL": 92.1},
        [
            _e.CompoundMapping("isobutane", 58.12, [("PAR", 4.0)]),
            _e.CompoundMapping("toluene", 92.14, [("TOL", 1.0)]),
            _e.CompoundMapping("butylbenzene", 134.22, [("TOL", 1.0), ("PAR", 3.0)]),
        ],
    )
    prof = _e.SpeciationProfile("p", ["isobutane", "toluene", "butylbenzene"], [0.5, 0.3, 0.2])
    d = _e.build_speciation(prof, mech, "mechanism")
    n = dict(zip(d.species, d.moles_per_gram))
    par = 0.5 * 4 / 56.0 + 0.2 * 3 / 134.1
    tol = 0.3 / 92.1 + 0.2 / 134.1
    r = rel([n["PAR"], n["TOL"]], [par, tol])
    rep.check("mol/g by S2S-Tool algebra (PAR, TOL)", f"{r:.1e}", f"<= {TOL} vs hand", r <= TOL)
    rep.check(
        "back-check sum(n_j MW_j) = 1 (mechanism basis)",
        f"{d.back_check:.15f}",
        "1 +- 1e-12",
        abs(d.back_check - 1) <= TOL,
    )
    c = _e.build_speciation(prof, mech, "compound")
    expect = 0.5 * 56.0 / 58.12 + 0.3 * 92.1 / 92.14 + 0.2 * 134.1 / 134.22
    rep.check(
        "back-check, compound basis (lumping mass change by hand)",
        f"{c.back_check:.12f}",
        f"{expect:.12f}",
        abs(c.back_check - expect) <= TOL,
    )
    # bundled CB6 mapping over the whole 2025 inventory: moles x MW recovers the mass
    res = emis.Inventory.bundled().apply(PLAN)
    moles = res.inventory.speciate("NMVOC", output="moles")
    mw = dict(mech_mw())
    cb6 = [q for q in moles.pollutants if q in mw]
    mol = moles.totals()[cb6].sum()  # mol/yr
    grams = sum(mol[s] * mw[s] for s in cb6)
    mass = res.scenario_totals["NMVOC"].sum() * 1e6
    r = abs(grams - mass) / mass
    rep.check(
        "2025 inventory: sum(mol/yr x MW) = NMVOC g/yr (CB6 mapping)",
        f"{r:.1e}",
        f"<= {TOL}",
        r <= TOL,
    )


def species_resolved(rep: Report) -> None:
    """Species-resolved inventory (issue 11): compounds + unmapped = NMVOC per sector, checked
    against the input totals; species count; unmapped share per sector; lumping back-checks."""
    from aqm.emis.species_inventory import UNMAPPED, speciate_inventory

    for name in ("hangzhou_2020", "hangzhou_2020_grid"):
        inv = emis.Inventory.bundled(name)
        res = speciate_inventory(inv)
        nmvoc = inv.totals()["NMVOC"]
        out = res.inventory.totals().sum(axis=1)
        r = max(abs(out[s] - nmvoc[s]) / nmvoc[s] for s in nmvoc.index if nmvoc[s] > 0)
        rep.check(
            f"{name}: compounds + unmapped = NMVOC, worst sector", f"{r:.1e}", f"<= {TOL}", r <= TOL
        )
        cell = res.conservation()["max_cell_relative_difference"].max()
        rep.check(
            f"{name}: same, worst sector x place x time cell",
            f"{cell:.1e}",
            f"<= {TOL}",
            cell <= TOL,
        )
    n = len(res.compounds)
    rep.check("explicit registry species (SPECIATE 5.2 reference profiles)", n, ">= 80", n >= 80)
    levels = res.assignment()["level"].value_counts().to_dict()
    rep.note("assignment levels: " + ", ".join(f"{k} {v}" for k, v in sorted(levels.items())))
    un = res.unmapped()
    un = un[un["nmvoc"] > 0]
    rep.note(
        "unmapped share per sector (SPECIATE species outside the registry, lumps such as "
        "xylenes, methane of TOG profiles): "
        + ", ".join(f"{s} {100 * r['share']:.1f} %" for s, r in un.iterrows())
    )
    total = un["unmapped"].sum() / un["nmvoc"].sum()
    rep.note(f"unmapped share of all NMVOC: {100 * total:.1f} %")
    for mech in ("cb6", "mcm"):
        lumped = res.lump(mech)
        r = lumped.back_check()["relative_difference"].max()
        rep.check(
            f"{mech}: sum(n MW) = mapped compound mass, worst sector",
            f"{r:.1e}",
            f"<= {TOL}",
            r <= TOL,
        )
        tot = lumped.species_totals()[UNMAPPED]
        rep.note(
            f"{mech}: {len(lumped.not_mapped)} compounds without a {mech} species; "
            f"unmapped after lumping {tot:.1f} t/yr"
        )


def mech_mw():
    import csv

    with open(ROOT / "data" / "emis" / "cb6_species_mw.csv") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        return [(r["species"], float(r["molecular_weight"])) for r in rows]


def main() -> int:
    rep = Report("aqm.emis validation")
    conservation(rep)
    hierarchy(rep)
    scenario(rep)
    speciation(rep)
    species_resolved(rep)
    rep.note("Inventory: the SYNTHETIC Hangzhou-like 2020 inventory (data/emis/README.md).")
    return rep.finish(Path(__file__).resolve().parent / "emis_validation_report.md")


if __name__ == "__main__":
    raise SystemExit(main())
