"""Write the synthetic Hangzhou-like 2020 inventory (hangzhou_2020_inventory.csv).

SYNTHETIC: no real activity data went in.  City totals and sector shares are round numbers
chosen by the libaqm authors to have a plausible order of magnitude for a city of ~12 million
people; district weights are rough proxies.  The only external anchors are from the city's
14th Five-Year air-quality plan (shared context: 杭州市空气质量改善"十四五"规划):

* Xiaoshan + Qiantang districts emit 47.2 % of the city's VOCs, 27.4 % of NOx, 29.9 % of
  PM2.5 and 34.9 % of SO2 (section 1.(3).2) - imposed exactly below;
* the 2017 ultra-low-emission retrofit cut 24,000 t/yr SO2 and 12,000 t/yr NOx, 71 % and 32 %
  of the 2016 industrial totals (section 1.(1).2), so 2016 industry emitted about
  33,800 t SO2 and 37,500 t NOx; the synthetic 2020 industry totals sit below those;
* the 2017-2019 China-III diesel truck phase-out cut 10,235 t/yr NOx (section 1.(1).2), so
  on-road diesel NOx is set to a few times that.

Deterministic: no random numbers.  Run ``python make_hangzhou_2020.py`` to regenerate.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent

DISTRICTS = [
    "shangcheng",
    "gongshu",
    "xihu",
    "binjiang",
    "xiaoshan",
    "yuhang",
    "linping",
    "qiantang",
    "fuyang",
    "linan",
    "tonglu",
    "chunan",
    "jiande",
]
XQ = ("xiaoshan", "qiantang")
# Share of Xiaoshan + Qiantang in the city total (plan, section 1.(3).2)
PLAN_XQ_SHARE = {"NMVOC": 0.472, "NOx": 0.274, "PM2.5": 0.299, "SO2": 0.349}

POLLUTANTS = ["SO2", "NOx", "CO", "NMVOC", "NH3", "PM10", "PM2.5"]
# City totals, t/yr (synthetic, round numbers)
CITY = {
    "SO2": 12000,
    "NOx": 80000,
    "CO": 260000,
    "NMVOC": 150000,
    "NH3": 16000,
    "PM10": 36000,
    "PM2.5": 18000,
}
# Sector shares of each city total (synthetic; each column sums to 1)
SHARES = {
    #                            SO2   NOx   CO    NMVOC NH3   PM10  PM2.5
    "power": (0.10, 0.08, 0.03, 0.01, 0.00, 0.02, 0.03),
    "industry/boiler": (0.38, 0.12, 0.08, 0.01, 0.00, 0.06, 0.08),
    "industry/cement": (0.17, 0.13, 0.10, 0.00, 0.00, 0.10, 0.09),
    "industry/chemical": (0.12, 0.04, 0.04, 0.16, 0.05, 0.03, 0.04),
    "solvent/industrial_coating": (0.00, 0.00, 0.00, 0.22, 0.00, 0.00, 0.00),
    "solvent/printing": (0.00, 0.00, 0.00, 0.09, 0.00, 0.00, 0.00),
    "solvent/architectural": (0.00, 0.00, 0.00, 0.08, 0.00, 0.00, 0.00),
    "solvent/other": (0.00, 0.00, 0.00, 0.09, 0.00, 0.00, 0.00),
    "transport/onroad_diesel": (0.01, 0.34, 0.12, 0.04, 0.01, 0.04, 0.09),
    "transport/onroad_gasoline": (0.01, 0.10, 0.40, 0.12, 0.04, 0.02, 0.03),
    "transport/nonroad": (0.02, 0.08, 0.05, 0.02, 0.00, 0.03, 0.07),
    "transport/ship": (0.12, 0.07, 0.02, 0.01, 0.00, 0.02, 0.04),
    "storage/gas_station": (0.00, 0.00, 0.00, 0.06, 0.00, 0.00, 0.00),
    "residential/cooking": (0.00, 0.00, 0.00, 0.04, 0.00, 0.03, 0.07),
    "residential/combustion": (0.05, 0.02, 0.10, 0.02, 0.02, 0.05, 0.10),
    "dust/road": (0.00, 0.00, 0.00, 0.00, 0.00, 0.35, 0.20),
    "dust/construction": (0.00, 0.00, 0.00, 0.00, 0.00, 0.22, 0.09),
    "agriculture": (0.00, 0.00, 0.00, 0.00, 0.83, 0.00, 0.00),
    "biomass_burning": (0.02, 0.02, 0.06, 0.03, 0.05, 0.03, 0.07),
}
# District proxy weights per sector group (synthetic; rough size/industry pattern)
W_URBAN = dict(zip(DISTRICTS, (9, 9, 10, 6, 14, 11, 7, 6, 6, 5, 3, 2, 3)))
W_INDUSTRY = dict(zip(DISTRICTS, (1, 2, 2, 3, 20, 9, 8, 12, 8, 6, 5, 2, 7)))
W_CEMENT = dict(zip(DISTRICTS, (0, 0, 0, 0, 2, 1, 0, 0, 6, 5, 6, 1, 9)))
W_RURAL = dict(zip(DISTRICTS, (0.2, 0.5, 2, 0.5, 8, 6, 4, 3, 9, 9, 7, 8, 8)))
W_SHIP = dict(zip(DISTRICTS, (1, 3, 1, 1, 8, 3, 2, 6, 4, 1, 3, 3, 4)))


def weights(sector: str) -> dict[str, float]:
    if sector == "industry/cement":
        return W_CEMENT
    if sector.startswith(("industry", "solvent/industrial", "solvent/printing", "power")):
        return W_INDUSTRY
    if sector in ("agriculture", "biomass_burning"):
        return W_RURAL
    if sector == "transport/ship":
        return W_SHIP
    return W_URBAN


def build() -> dict[tuple[str, str, str], float]:
    values: dict[tuple[str, str, str], float] = {}
    for sector, shares in SHARES.items():
        w = weights(sector)
        wsum = sum(w.values())
        for pol, share in zip(POLLUTANTS, shares):
            for d in DISTRICTS:
                values[(sector, pol, d)] = CITY[pol] * share * w[d] / wsum
    # impose the plan's Xiaoshan + Qiantang shares, keeping each pollutant's city total
    for pol, target in PLAN_XQ_SHARE.items():
        tot = sum(v for (s, p, d), v in values.items() if p == pol)
        xq = sum(v for (s, p, d), v in values.items() if p == pol and d in XQ)
        a, b = target / (xq / tot), (1 - target) / (1 - xq / tot)
        for key in [k for k in values if k[1] == pol]:
            values[key] *= a if key[2] in XQ else b
    return values


def main() -> None:
    for pol in POLLUTANTS:
        col = sum(s[POLLUTANTS.index(pol)] for s in SHARES.values())
        assert abs(col - 1) < 1e-9, (pol, col)
    values = build()
    lines = [
        "# name: hangzhou_like_2020 (SYNTHETIC, see data/emis/README.md)",
        "# year: 2020",
        "# history: synthesize\tdata/emis/make_hangzhou_2020.py\tanchors=plan XQ shares",
        "sector,pollutant,place,time,value,unit",
    ]
    for (sector, pol, d), v in values.items():
        if v > 0:
            lines.append(f"{sector},{pol},{d},annual,{v:.10g},t/yr")
    (HERE / "hangzhou_2020_inventory.csv").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
