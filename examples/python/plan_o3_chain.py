"""The plan's question end to end: how does Xiaoshan's summer O3 respond to the 2025 measures?

2020 inventory (bundled, synthetic) → the plan scenario (data/emis/hangzhou_2025_plan.toml) →
CB6 speciation of NMVOC (cb6_aqm species) → district emission fluxes with diurnal profiles →
the box model on the bundled synthetic summer day (calculated J scaled to observed JNO2,
emissions into the observed boundary layer, dilution to a background, F0AM spin-up) → O3.

Assumptions written here, not in the data: NOx is emitted as 90 % NO / 10 % NO2 by moles, and
the district's emissions mix over its whole area (1163 km², the bundled grid's value).

    python examples/python/plan_o3_chain.py
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from aqm import chem, emis
from aqm.chem.box_config import read_observations

ROOT = Path(__file__).resolve().parents[2]
PLACE, AREA_M2, MIX_HEIGHT_M = "xiaoshan", 1163e6, 1000.0


def fluxes(inventory: emis.Inventory) -> pd.DataFrame:
    """Molecule cm-2 s-1 per cb6_aqm species and local hour for the district."""
    inv = inventory.convert_units("NOx", "mol/yr", molecular_weight=46.0055).convert_units(
        "CO", "mol/yr", molecular_weight=28.010
    )  # NOx as NO2
    rates = inv.speciate("NMVOC").box_rates(PLACE, height_m=MIX_HEIGHT_M, area_m2=AREA_M2)
    flux = rates * MIX_HEIGHT_M * 100.0  # a box of MIX_HEIGHT_M metres → per cm² of ground
    nox = flux.pop("NOx")
    flux["NO"], flux["NO2"] = 0.9 * nox, 0.1 * nox
    return flux.drop(columns=["UNR"], errors="ignore")  # unreactive mass is not simulated


def o3_day(flux: pd.DataFrame, obs: pd.DataFrame):
    t0 = obs.index[0]
    hours = pd.DatetimeIndex([t0 + pd.Timedelta(hours=h) for h in range(25)])
    table = pd.concat([flux, flux.iloc[[0]]]).set_axis(hours)  # close the day for interpolation
    box = (
        chem.BoxModel("cb6_aqm", start=t0, duration=24, output_step=600, utc_offset=8)
        .environment(
            temp=obs["T_C"], rh=obs["RH"], pressure=obs["P_hPa"], blh=obs["BLH_m"], temp_units="C"
        )
        .photolysis(30.25, 120.17)
        .scale_j_to(obs["JNO2"])
        .initial({"O3": 30, "CH4": 1900, "H2": 550, "CO": 300})
        .emission(table, units="molecule cm-2 s-1")
        .dilution(1 / 43200, background={"O3": 40, "CO": 150, "CH4": 1900, "H2": 550})
        .spin_up(8)
    )
    return box.run()


def main() -> pd.DataFrame:
    base = emis.Inventory.bundled("hangzhou_2020")
    plan = base.apply(ROOT / "data" / "emis" / "hangzhou_2025_plan.toml").inventory
    obs = read_observations(ROOT / "data" / "box" / "hangzhou_summer_day.csv")
    rows = {}
    for label, inventory in [("2020", base), ("2025 plan", plan)]:
        flux = fluxes(inventory)
        ds = o3_day(flux, obs)
        mr = ds["mixing_ratio"]
        rows[label] = {
            "status": ds.attrs["status"],
            "NO emission (1e11 molec cm-2 s-1)": flux["NO"].mean() / 1e11,
            "VOC as PAR+TOL+XYLMN emission (1e11)": flux[["PAR", "TOL", "XYLMN"]].sum(axis=1).mean()
            / 1e11,
            "O3 max (ppb)": float(mr.sel(species="O3").max()),
            "NOx mean (ppb)": float((mr.sel(species="NO") + mr.sel(species="NO2")).mean()),
        }
    table = pd.DataFrame(rows).T
    print(table.to_string(float_format=lambda v: f"{v:.2f}"))
    return table


if __name__ == "__main__":
    main()
