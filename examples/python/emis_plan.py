"""The emission side of the libaqm story on the bundled synthetic Hangzhou-like inventory:
apply the plan's measures, speciate VOC to CB6-style species, allocate in time and get
box-model emission rates for one district.

Run: python examples/python/emis_plan.py   (with libaqm installed)
"""

from __future__ import annotations

from pathlib import Path

from aqm import emis

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    base = emis.Inventory.bundled()
    print(base)
    print(base.totals(by="top").round(0).to_string(), "\n")

    res = base.apply(ROOT / "data" / "emis" / "hangzhou_2025_plan.toml")
    print(res.summary(), "\n")

    moles = res.inventory.speciate("NMVOC", output="moles")
    rates = moles.box_rates("xihu", height_m=1000.0, area_m2=309e6)  # ~309 km2 district
    print("Xihu, 1 km box, 2025: mean rates (molecule cm-3 s-1)")
    for sp, v in sorted(rates.attrs["mean"].items(), key=lambda kv: -kv[1])[:6]:
        print(f"  {sp:5s} {v:10.3e}   peak hour {int(rates[sp].idxmax()):2d}")


if __name__ == "__main__":
    main()
