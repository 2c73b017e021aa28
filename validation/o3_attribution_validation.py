"""O3 attribution validation on the bundled Xiaoshan summer day
(data/box/hangzhou_attribution.toml): sector fluxes sum to the inventory's, a source with no
emissions changes nothing exactly, the non-additivity of zero-outs is reported, RIR signs agree
with the isopleth regime of the same box at the base point (and with three times the NOx), a
1 % cut's dO3 matches the RIR prediction, and a linear toy mechanism reproduces the closed
form.  Writes validation/o3_attribution_report.md; exits non-zero when a
check fails.

    python validation/o3_attribution_validation.py
"""

from __future__ import annotations

import math
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import ROOT, Report

from aqm import emis
from aqm._toml import load_table
from aqm.chem import BoxModel
from aqm.chem.attribution import Attribution
from aqm.chem.attribution_config import from_config, inventory_sources

CONFIG = ROOT / "data" / "box" / "hangzhou_attribution.toml"
METRIC = "max_8h_o3"
VOC_F = [0.25, 0.5, 0.8, 1.0, 2.0, 4.0]
NOX_F = [0.1, 0.25, 0.5, 0.8, 1.0, 2.0, 4.0]


def check_fluxes(rep: Report) -> None:
    inv = emis.Inventory.bundled("hangzhou_2020")
    src = inventory_sources(inv, "xiaoshan", area_m2=1163e6)
    summed = sum(src.emissions.values()).add(src.other, fill_value=0.0)
    total = src.total[summed.columns]
    err = float((summed - total).abs().max().max() / total.abs().max().max())
    rep.check(
        "sum of the 16 sector fluxes = the inventory's box fluxes (all species, 24 h)",
        f"max relative difference {err:.1e}",
        "<= 1e-12",
        err <= 1e-12,
    )


def check_linear_toy(rep: Report) -> None:
    # V -> O3 at k = 1e-4 s-1 with sources of V: O3(T) = e T - e/k (1 - exp(-k T)).
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "linear.eqn"
        path.write_text(
            "#DEFVAR\nV = IGNORE;\nO3 = IGNORE;\nNO = IGNORE;\n#EQUATIONS\n<R1> V = O3 : 1.0e-4 ;\n"
        )
        box = BoxModel(path, duration=24, output_step=3600).solver(rtol=1e-7, atol=1e-3)
        e = {"a": 2e5, "b": 6e5}
        em = {k: pd.DataFrame({"V": [v, v]}, index=[0.0, 86400.0]) for k, v in e.items()}
        res = Attribution(box, em, nox_species=["NO"]).run(metric="peak_o3", progress=False)
    ppb = res.cases.attrs["ppb_molecules"] * 1e-9
    exact = (8e5 * 86400 - 8e5 / 1e-4 * (1 - math.exp(-8.64))) / ppb
    got = res.value("base", "(all)")
    rep.check(
        "linear toy: base peak O3 = e T - e/k (1 - exp(-kT))",
        f"{got:.4f} vs {exact:.4f} ppb",
        "rel 1e-5",
        abs(got / exact - 1) < 1e-5,
    )
    rir = res.sectors.loc["a", "RIR_VOC"]
    rep.check(
        "linear toy: RIR of a source = its share of the emissions",
        f"{rir:.6f}",
        "0.25, rel 1e-5",
        abs(rir / 0.25 - 1) < 1e-5,
    )
    ratio = res.non_additivity.loc[("VOC", "peak_o3"), "ratio"]
    rep.check(
        "linear toy: zero-outs are additive",
        f"sum / joint = {ratio:.6f}",
        "1, rel 1e-5",
        abs(ratio - 1) < 1e-5,
    )


def check_regime(rep: Report, att: Attribution, res, label: str) -> str:
    """Per-sector RIR signs against the regime that the isopleth code finds for the same box.

    VOC-limited: RIR_VOC > 0 for every sector with VOC and RIR_NOx < 0 for the sectors with
    >= 10 % of the NOx; NOx-limited: RIR_NOx > 0 for those; transitional: every sector's RIR
    has the sign of the box's own response to a 20 % cut of all VOC / all NOx, read off the
    isopleth grid (cells (0.8, 1) and (1, 0.8) against (1, 1)), which must also equal the
    attribution's all-source cuts (two code paths: scale_species vs summed source series)."""
    iso = att.base_box().isopleth(
        VOC_F, NOX_F, voc_species=att.voc_species, scale=("emission",), progress=False
    )
    regime = iso.attrs[f"regime_{METRIC}"]
    z = iso[METRIC]
    base = float(z.sel(voc_factor=1.0, nox_factor=1.0))
    iso_voc = float(z.sel(voc_factor=0.8, nox_factor=1.0))
    iso_nox = float(z.sel(voc_factor=1.0, nox_factor=0.8))
    att_voc, att_nox = res.value("cut_voc", "(all)"), res.value("cut_nox", "(all)")
    att_base = res.value("base", "(all)")
    diff = max(abs(iso_voc - att_voc), abs(iso_nox - att_nox), abs(base - att_base))
    rep.check(
        f"{label}: isopleth cells (0.8, 1), (1, 0.8), (1, 1) = attribution's all-VOC, "
        "all-NOx cuts and base",
        f"max difference {diff:.1e} ppb",
        "< 1e-3 ppb",
        diff < 1e-3,
    )
    sec = res.sectors
    sec = sec[(sec["VOC_t_yr"] > 0) | (sec["NOx_t_yr"] > 0)]
    big_nox = sec[sec["NOx_t_yr"] / sec["NOx_t_yr"].sum() >= 0.1]
    rir_voc, rir_nox = sec["RIR_VOC"].dropna(), big_nox["RIR_NOx"]
    if regime == "VOC-limited":
        ok = bool((rir_voc > 0).all() and (rir_nox < 0).all())
        want = "RIR_VOC > 0 every sector; RIR_NOx < 0 sectors with >= 10 % of NOx"
    elif regime == "NOx-limited":
        ok = bool((rir_nox > 0).all())
        want = "RIR_NOx > 0 sectors with >= 10 % of NOx"
    else:
        s_voc, s_nox = np.sign(base - iso_voc), np.sign(base - iso_nox)
        ok = bool(
            (np.sign(rir_voc) == s_voc).all() and (np.sign(sec["RIR_NOx"].dropna()) == s_nox).all()
        )
        want = (
            f"every sector's RIR has the sign of the box's response: VOC {s_voc:+.0f}, "
            f"NOx {s_nox:+.0f} (isopleth cells)"
        )
    rep.check(
        f"{label}: RIR signs agree with the isopleth regime at the base point ({regime}, {METRIC})",
        f"RIR_VOC {rir_voc.min():+.3f}..{rir_voc.max():+.3f}; RIR_NOx of "
        f"{', '.join(big_nox.index)}: {', '.join(f'{v:+.3f}' for v in rir_nox)}",
        want,
        ok,
    )
    rep.note(
        f"{label}: regime by metric: "
        + ", ".join(f"{m} {iso.attrs[f'regime_{m}']}" for m in ("peak_o3", "max_8h_o3", "net_po3"))
        + f"; all-source RIR VOC {res.rir('cut_voc', '(all)'):+.3f}, "
        f"NOx {res.rir('cut_nox', '(all)'):+.3f}"
    )
    return regime


def main() -> int:
    rep = Report("O3 attribution validation (box model, bundled Xiaoshan day)")
    check_fluxes(rep)
    check_linear_toy(rep)

    att, options = from_config(load_table(CONFIG, "box"), CONFIG.parent)
    # An extra source with an all-zero VOC and NOx series, as its own sector.
    empty = {"PAR": [0.0, 0.0], "NO": [0.0, 0.0]}
    start = att.box.start
    index = pd.DatetimeIndex([start, start + pd.Timedelta(hours=24)])
    sectors = {s: [att.sources[i] for i in m] for s, m in att.sectors.items()}
    att = Attribution(
        att.box,
        {**att.emissions, "none": pd.DataFrame(empty, index=index)},
        units="molecule cm-2 s-1",
        sectors={**sectors, "none": ["none"]},
        tonnes=att.tonnes,
    )
    res = att.run(metric=METRIC, small_cut=0.01, plan=options["plan"], n_threads=0, progress=False)
    rep.check(
        "all runs succeed",
        f"{len(res.cases['case'])} runs, failed: {res.failed or 'none'}",
        "0 failed",
        not res.failed,
    )
    d = [res.delta("zero", "none", m) for m in ("peak_o3", "max_8h_o3", "net_po3")]
    rep.check(
        "zero-out of a source with no emissions",
        f"dO3 = {d} ppb",
        "exactly 0",
        d == [0.0, 0.0, 0.0],
    )

    na = res.non_additivity
    for cls in ("VOC+NOx", "VOC", "NOx"):
        row = na.loc[(cls, METRIC)]
        rep.info(
            f"non-additivity of zero-outs, {cls} ({METRIC})",
            f"sum of sectors {row['sum_of_sectors']:+.2f} ppb, all at once "
            f"{row['all_sectors']:+.2f} ppb (ratio {row['ratio']:.2f})",
            "reported (chemistry is non-linear)",
            bool(np.isfinite(row["ratio"])),
        )

    regime = check_regime(rep, att, res, "bundled day")
    # The same day with three times the NOx of every source: a clearly VOC-limited box.
    triple = {
        n: df.assign(**{c: 3 * df[c] for c in att.nox_species if c in df})
        for n, df in att.emissions.items()
    }
    att3 = Attribution(
        att.box,
        triple,
        units="molecule cm-2 s-1",
        sectors={**sectors, "none": ["none"]},
        tonnes=att.tonnes,
    )
    res3 = att3.run(metric=METRIC, zero_out=False, split=False, species_rir=False, progress=False)
    check_regime(rep, att3, res3, "3 x NOx")

    # Linearity: a 1 % cut's dO3 against the RIR prediction -RIR x 0.01 x M_base.
    m0 = res.value("base", "(all)")
    worst, rows = 0.0, []
    for s in res.sector_names:
        for cls in ("voc", "nox"):
            if not np.isfinite(res.value(f"small_{cls}", s)):
                continue
            pred = -res.rir(f"cut_{cls}", s) * 0.01 * m0
            got = res.delta(f"small_{cls}", s)
            if abs(pred) < 0.01:  # below 0.01 ppb the comparison is solver noise
                continue
            rel = abs(got / pred - 1)
            worst = max(worst, rel)
            rows.append(f"{s}/{cls} {got:+.3f} vs {pred:+.3f}")
    rep.check(
        "linearity: 1 % cut dO3 vs RIR (20 %) prediction, responses > 0.01 ppb",
        f"worst relative difference {worst:.2f} over {len(rows)} cuts",
        "< 0.25",
        worst < 0.25,
    )
    rep.note("1 % cuts vs prediction (ppb): " + "; ".join(rows))
    rep.note(
        f"base {METRIC} {m0:.2f} ppb; isopleth regime at the base point: {regime} "
        f"(VOC factors {VOC_F}, NOx factors {NOX_F} on the emitted VOC and NOx of the "
        "same box)"
    )
    plan = res.plan
    rep.note(
        "plan dO3 by sector (ppb): "
        + "; ".join(f"{i} {v:+.2f}" for i, v in plan["dO3_plan"].items())
    )
    table = res.sectors[
        [
            "VOC_t_yr",
            "NOx_t_yr",
            "dO3_zero",
            "RIR_VOC",
            "RIR_NOx",
            "dO3_per_kt_VOC",
            "dO3_per_kt_NOx",
            "dO3_plan",
            "dO3_plan_per_kt",
            "rank",
        ]
    ]
    rep.note(
        "key-sector table ("
        + METRIC
        + ", ppb; per kt = ppb per 1000 t/yr):\n\n```\n"
        + table.to_string(float_format=lambda v: f"{v:.3g}")
        + "\n```\n"
    )
    out = ROOT / "validation" / "o3_attribution_report.md"
    out.write_text(rep.to_markdown())
    print(rep.to_markdown())
    return 0 if rep.ok else 1


if __name__ == "__main__":
    sys.exit(main())
