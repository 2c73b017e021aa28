"""A Hangzhou-like summer day with the observation-constrained box model.

Uses the SYNTHETIC observation set data/box/hangzhou_summer_day.csv (see data/box/README.md):
VOCs (mapped to CB6), CO held to observations; NO + NO2 held as total NOx (F0AM FixNOx);
photolysis from the sun scaled to observed JNO2; T, RH, P and mixing height from the table;
O3 free, starting from the first observation; O3, HNO3 and PAN dry-deposit into the mixed
layer.  Then: an 11 x 11 EKMA isopleth over the
anthropogenic hydrocarbons and NOx, RIR of AHC/BHC/NOx/CO, regime indicators, and the OFP and
SOA-potential ranking of the measured VOCs.

    python examples/python/hangzhou_summer_box.py [output_dir]
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np

from aqm import _core
from aqm.chem import MissingCoefficientWarning, ofp, soa_potential
from aqm.chem.box_config import from_observations, read_observations

ROOT = Path(__file__).resolve().parents[2]


def main(out_dir: str = "hangzhou_box_out") -> int:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    obs = read_observations(ROOT / "data" / "box" / "hangzhou_summer_day.csv")
    box = from_observations(
        obs,
        lat=30.25,
        lon=120.17,
        utc_offset=8,
        output_step_s=600,
        initial={"CH4": 1900, "H2": 550},
        dilution=1 / 43200,
        background={"O3": 40, "CH4": 1900, "H2": 550},
        spin_up_days=5,
        # Dry deposition v_d / BLH (cm s-1), measured values: O3 0.2 (daytime, unstable, short
        # vegetation; Horvath et al. 1998, Atmos. Environ. 32, 1317), HNO3 1.1 (mid-range of the
        # 0.83-1.46 annual means of Pratt et al. 1996, ES&T 30, 2168), PAN 0.5 (lower bound of
        # Shepson et al. 1992, GRL 19, doi:10.1029/92GL01118).  Illustrative, not a surface model.
        deposition={"O3": 0.2, "HNO3": 1.1, "PAN": 0.5},
    )

    ds = box.run()
    print(
        f"run: {ds.attrs['status']}, spin-up repeats {ds.attrs['spin_up_days']} "
        f"(converged {bool(ds.attrs['spin_up_converged'])}, "
        f"last change {ds.attrs['spin_up_change']:.3f})"
    )
    o3 = ds["mixing_ratio"].sel(species="O3")
    print(
        f"modelled O3 max {float(o3.max()):.0f} ppb (observed {obs['O3'].max():.0f} ppb); "
        f"P(O3) max {float(ds['P_O3'].max()):.1f} ppb/h; "
        f"OH reactivity at noon {float(ds['OH_reactivity_total'][72]):.1f} s-1 "
        f"(measured species {float(ds['OH_reactivity_measured'][72]):.1f} s-1)"
    )

    ahc = dict(_core.box.default_rir_groups(box._m))["AHC"]
    iso = box.isopleth(np.linspace(0.2, 2.0, 11), np.geomspace(0.1, 3.0, 11), voc_species=ahc)
    print(
        f"isopleth 11 x 11: {iso.attrs['n_failed']} failed cells; base point is "
        f"{iso.attrs['regime_max_8h_o3']} (max 8-h O3 {iso.attrs['base_max_8h_o3']:.0f} ppb)"
    )
    rir = box.rir(window=(8 * 3600, 18 * 3600))
    print(
        "RIR: " + ", ".join(f"{g} {v:+.2f}" for g, v in zip(rir["group"].values, rir["rir"].values))
    )
    regime = box.regime(isopleth=iso)
    print(regime[["value", "regime"]].to_string())

    # Reactivity ranking of the measured VOCs (daytime mean, ug m-3 at the mean T and P).
    vocs = [
        c
        for c in obs.columns
        if c not in ("T_C", "RH", "P_hPa", "BLH_m", "JNO2", "O3", "NO", "NO2", "CO")
    ]
    day = obs.between_time("08:00", "18:00")[vocs].mean()
    temp = float(obs["T_C"].mean() + 273.15)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingCoefficientWarning)
        o = ofp(day, unit="ppb", temp=temp, pressure=100600.0).sort_values(ascending=False)
        s = soa_potential(day, unit="ppb", temp=temp, pressure=100600.0).sort_values(
            ascending=False
        )
    print("top OFP (ug m-3 O3): " + ", ".join(f"{k} {v:.0f}" for k, v in o.head(5).items()))
    print(
        "top SOAP (ug m-3 toluene-eq.): " + ", ".join(f"{k} {v:.2f}" for k, v in s.head(5).items())
    )

    ds.drop_vars("O3_budget_by_reaction").to_netcdf(out / "run.nc") if _has_netcdf() else None
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        from aqm.chem import plots

        fig, axes = plt.subplots(2, 2, figsize=(12, 9))
        plots.plot_isopleth(iso, "max_8h_o3", ax=axes[0, 0])
        plots.plot_rir(rir, ax=axes[0, 1])
        plots.plot_o3_budget(ds, ax=axes[1, 0])
        plots.plot_reactivity(o, ax=axes[1, 1], label="OFP (ug m-3 O3)")
        fig.tight_layout()
        fig.savefig(out / "hangzhou_summer_box.png", dpi=110)
        print(f"figure -> {out / 'hangzhou_summer_box.png'}")
    except ImportError:
        print("matplotlib not installed: no figure")
    return 0


def _has_netcdf() -> bool:
    try:
        import netCDF4  # noqa: F401
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
