"""Box-model validation: isopleth properties, RIR signs in clearly limited boxes, the Ox
budget closing on the integrated state, the Leighton photostationary state, and OFP / OH
reactivity against hand computations with published coefficients.  Writes
validation/box_validation_report.md; exits non-zero when a check fails.

    python validation/box_validation.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import ROOT, Report

from aqm.chem import BoxModel, ofp, oh_reactivity


def urban(voc: float, nox: float, step: float = 600) -> BoxModel:
    b = BoxModel("cb6_aqm", start="2020-07-15 00:00", duration=24, output_step=step, utc_offset=8)
    b.environment(temp=300.0, rh=60.0).photolysis(lat=30.25, lon=120.17)
    b.initial(
        {
            "O3": 40,
            "NO": 5 * nox,
            "NO2": 15 * nox,
            "CO": 300,
            "PAR": 60 * voc,
            "OLE": 2 * voc,
            "TOL": 3 * voc,
            "XYLMN": 2 * voc,
            "ETH": 3 * voc,
            "FORM": 3,
            "ISOP": 1,
            "CH4": 1900,
            "H2": 550,
        }
    )
    b.emission({"NO": 2.0 * nox, "PAR": 6.0 * voc, "TOL": 0.3 * voc}, units="ppb h-1")
    b.dilution(1 / 86400, {"O3": 40, "CO": 200, "CH4": 1900, "H2": 550})
    return b


def main() -> int:
    rep = Report("Box model validation")
    voc = ["PAR", "OLE", "TOL", "XYLMN", "ETH"]
    # 1. Isopleth properties on a 9 x 9 grid.
    fv = np.geomspace(0.2, 4.0, 9)
    fn = np.geomspace(0.05, 3.0, 9)
    iso = urban(1, 1).isopleth(fv, fn, voc_species=voc, progress=False)
    z = iso["max_8h_o3"].values
    rep.check("isopleth: failed cells", iso.attrs["n_failed"], "0", iso.attrs["n_failed"] == 0)
    d_voc = np.diff(z[:, -1])
    rep.check(
        "O3 rises with VOC in the VOC-limited corner (highest NOx column)",
        f"min dO3 = {d_voc.min():.2f} ppb",
        "all steps > 0",
        bool((d_voc > 0).all()),
    )
    d_nox = np.diff(z[-1, :3])
    rep.check(
        "O3 rises with NOx in the NOx-limited corner (highest VOC row, 3 lowest NOx)",
        f"dO3 = {np.round(d_nox, 1).tolist()} ppb",
        "all > 0",
        bool((d_nox > 0).all()),
    )
    ridge = iso["ridge_max_8h_o3"].values
    finite = np.isfinite(ridge)
    rep.check(
        "ridge exists inside the grid",
        f"{finite.sum()} of {len(ridge)} rows",
        ">= 3 rows",
        int(finite.sum()) >= 3,
    )
    r_ok = ridge[finite]
    rep.check(
        "ridge moves to more NOx with more VOC",
        np.round(r_ok, 2).tolist(),
        "non-decreasing",
        bool((np.diff(r_ok) >= -1e-9).all()),
    )
    # 2. RIR signs.
    v = urban(1, 1).rir(cut=0.2, window=(8 * 3600, 18 * 3600), progress=False)
    n = urban(3, 0.05).rir(cut=0.2, window=(8 * 3600, 18 * 3600), progress=False)
    rv = dict(zip(v["group"].values, v["rir"].values))
    rn = dict(zip(n["group"].values, n["rir"].values))
    rep.check(
        "VOC-limited box: RIR(NOx) < 0 < RIR(AHC)",
        f"NOx {rv['NOx']:+.2f}, AHC {rv['AHC']:+.2f}",
        "signs",
        rv["NOx"] < 0 < rv["AHC"],
    )
    rep.check(
        "NOx-limited box: RIR(NOx) > RIR(AHC), RIR(NOx) > 0",
        f"NOx {rn['NOx']:+.2f}, AHC {rn['AHC']:+.2f}",
        "signs",
        rn["NOx"] > 0 and rn["NOx"] > rn["AHC"],
    )
    # 3. Ox budget closure (12:00-18:00).
    b = urban(1, 1, step=300).solver(rtol=1e-5, atol=1e-2)
    ds = b.run()
    ppb = 1e-9 * ds["m"].values
    ox_fam = ds["O3_budget_by_reaction"].attrs["family"].split()
    weights = {"NO3": 2, "N2O5": 3}
    ox = sum(weights.get(s, 1) * ds["concentration"].sel(species=s).values for s in ox_fam)
    net = ds["net_P_O3"].values * ppb / 3600  # molecule cm-3 s-1
    kd, o3b = 1 / 86400, 40 * ppb
    tend = net - kd * (ox - o3b)
    t = ds["time"].values
    k0, k1 = int(12 * 3600 / 300), int(18 * 3600 / 300)
    pred = np.trapezoid(tend[k0 : k1 + 1], t[k0 : k1 + 1])
    act = ox[k1] - ox[k0]
    gross = np.trapezoid((ds["P_O3"].values * ppb / 3600)[k0 : k1 + 1], t[k0 : k1 + 1])
    rep.check(
        "Ox budget: integral(P - L - dilution) vs change of Ox, 12-18 h",
        f"{pred / ppb[0]:.2f} vs {act / ppb[0]:.2f} ppb",
        "within 1 % of gross P",
        abs(pred - act) < 0.01 * gross,
    )
    # 3b. Radical budget: Q - LN - LR is the pool's chemical tendency, so with dilution it must
    # integrate to the change of the radical pool (same run, whole day).
    from aqm import _core

    rb = _core.box.radical_budget(b._m, b._m.run())
    pool = sum(ds["concentration"].sel(species=s).values for s in rb.radicals)
    q, ln, lr = np.asarray(rb.q), np.asarray(rb.ln), np.asarray(rb.lr)
    pred_r = np.trapezoid(q - ln - lr - kd * pool, t)
    q_int = np.trapezoid(q, t)
    rep.check(
        "radical budget: integral(Q - LN - LR - dilution) vs change of the pool, 0-24 h",
        f"residual {(pred_r - (pool[-1] - pool[0])) / q_int:+.2e} of int Q; "
        f"LN/Q {np.trapezoid(ln, t) / q_int:.2f}",
        "within 1 % of int Q; 0 <= LN/Q <= 1",
        abs(pred_r - (pool[-1] - pool[0])) < 0.01 * q_int and 0 <= np.trapezoid(ln, t) / q_int <= 1,
    )
    # 4. Leighton photostationary state (chemistry.md 5.3: NO2/NO = 2.06 at SZA 30, 40 ppb O3).
    with tempfile.TemporaryDirectory() as tmp:
        mech = Path(tmp) / "leighton.eqn"
        mech.write_text(
            "#DEFVAR\nNO = IGNORE;\nNO2 = IGNORE;\nO3 = IGNORE;\n#EQUATIONS\n"
            "<R1> NO2 + hv = NO + O3 : J(4) ;\n<R3> O3 + NO = NO2 : 1.4e-12*exp(-1310.0/TEMP) ;\n"
        )
        lb = BoxModel(mech, duration=0.5, output_step=300).environment(temp=298.15, rh=0)
        lb.photolysis(zenith=30).constrain({"O3": pd.Series([40.0, 40.0], index=[0.0, 1800.0])})
        lb.initial({"NO2": 10})
        lds = lb.run()
    ratio = float(
        lds["concentration"].sel(species="NO2")[-1] / lds["concentration"].sel(species="NO")[-1]
    )
    rep.check(
        "Leighton PSS NO2/NO, SZA 30, O3 40 ppb",
        f"{ratio:.3f}",
        "2.06 (chemistry.md 5.3) +- 0.5 %",
        abs(ratio - 2.061) < 0.005 * 2.061,
    )
    # 5. OFP and OH reactivity by hand (MIR and kOH from chemistry.md 4.4 / 4.6).
    o = ofp({"toluene": 10.0}, unit="ugm3")
    rep.check(
        "OFP of 10 ug m-3 toluene",
        f"{float(o['toluene']):.2f} ug m-3",
        "10 x MIR 4.00 = 40.0",
        abs(float(o["toluene"]) - 40.0) < 1e-9,
    )
    # ethene 5 ppb at 298.15 K, 101325 Pa: 5 x 28.054 x P/(R T) x 1e-3 = 5.7351 ug m-3; x MIR 9.00.
    e_ug = 5 * 28.054 * 101325 / (8.314462618 * 298.15) * 1e-3
    o2 = ofp({"ethylene": 5.0}, unit="ppb")
    rep.check(
        "OFP of 5 ppb ethene",
        f"{float(o2['ethylene']):.3f}",
        f"{9.00 * e_ug:.3f} (hand, MIR 9.00)",
        abs(float(o2["ethylene"]) - 9.00 * e_ug) < 1e-3 * 9.00 * e_ug,
    )
    k = oh_reactivity({"isoprene": 1.0}, unit="ppb")
    n_1ppb = 1e-9 * 101325 / (1.380649e-23 * 298.15) * 1e-6
    rep.check(
        "OH reactivity of 1 ppb isoprene",
        f"{float(k['isoprene']):.3f} s-1",
        f"{1.00e-10 * n_1ppb:.3f} (kOH 1.00e-10, chemistry.md 4.6)",
        abs(float(k["isoprene"]) - 1.00e-10 * n_1ppb) < 0.02 * 1.00e-10 * n_1ppb,
    )
    # 6. Dry deposition: inert X, v_d = 0.5 cm s-1 into a 1000 m layer: X(24 h)/X0 = exp(-0.432).
    with tempfile.TemporaryDirectory() as tmp:
        mech = Path(tmp) / "inert.eqn"
        mech.write_text("#DEFVAR\nX = IGNORE;\nY = IGNORE;\n#EQUATIONS\n<R1> Y = X : 1.0e-30 ;\n")
        db = BoxModel(mech, duration=24, output_step=3600).environment(
            temp=298.15, rh=0, blh=1000.0
        )
        db.photolysis(zenith=30).initial({"X": 10.0}).deposition({"X": 0.5}).solver(
            rtol=1e-8, atol=1.0
        )
        x = db.run()["mixing_ratio"].sel(species="X").values
    rep.check(
        "dry deposition v_d/h: X(24 h)/X0, v_d 0.5 cm s-1, h 1000 m",
        f"{x[-1] / x[0]:.6f}",
        f"{np.exp(-0.432):.6f} (exp(-v_d t / h)) +- 1e-5",
        abs(x[-1] / x[0] - np.exp(-0.432)) < 1e-5,
    )
    rep.note(
        "Isopleth and RIR boxes: CB6r3 (cb6_aqm), 300 K, 60 % RH, MCM J over Hangzhou on 15 July, "
        "VOC and NOx initial values and emissions scaled together; metric: max 8-h O3."
    )
    rep.note("RIR: dS/S = 20 %, net Ox production integrated 08-18 h.")
    return rep.finish(ROOT / "validation" / "box_validation_report.md")


if __name__ == "__main__":
    sys.exit(main())
