"""Write the synthetic Hangzhou-like summer-day observation set (hangzhou_summer_day.csv).

SYNTHETIC DATA: nothing here was measured.  Meteorology, JNO2, CO, VOCs and the NOx total
follow simple diurnal formulas with shapes and magnitudes typical of published summer
campaigns in the Yangtze River Delta (urban sites: NO2 20-40 ppb, isoprene ~1 ppb at noon,
alkanes dominating VOC mixing ratios).  O3 and the NO/NO2 split are a known model truth: the
box model of hangzhou_summer_day.toml (CB6, VOCs and CO held to these series, FixNOx to the
NOx total, 12-h dilution, 5-day spin-up) run on them, so the observations are consistent with
their precursors.  Every value carries multiplicative log-normal noise from
numpy.random.default_rng(20200715).  Run: python data/box/make_hangzhou_summer.py (needs the
installed aqm package; byte for byte reproducible).
"""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

LAT, LON = 30.25, 120.17  # Hangzhou
DATE = pd.Timestamp("2020-07-15")  # local time, UTC+8
SEED = 20200715
NOISE_GAS, NOISE_O3 = 0.06, 0.03  # log-normal sigma: NO/NO2 monitors, UV-photometric O3
CONFIG = Path(__file__).with_name("hangzhou_summer_day.toml")
HEADER = (
    "# SYNTHETIC Hangzhou-like summer day (30.25N 120.17E, 15 July 2020, local time UTC+8),\n"
    "# written by data/box/make_hangzhou_summer.py (seed 20200715); "
    "nothing here was measured.\n"
    "# O3, NO and NO2 are the box model's (hangzhou_summer_day.toml) plus noise.\n"
    "# Units: T_C degC, RH %, P_hPa hPa, BLH_m m, JNO2 s-1, gases ppb.\n"
)


# Day-time shape of traffic (peaks 08:00 and 18:30) and a night-time accumulation factor.
def traffic(h: np.ndarray) -> np.ndarray:
    return (
        0.35 + np.exp(-0.5 * ((h - 8.0) / 1.5) ** 2) + 0.8 * np.exp(-0.5 * ((h - 18.5) / 1.8) ** 2)
    )


def blh(h: np.ndarray) -> np.ndarray:
    """Boundary-layer height (m): 300 m at night, 1600 m at 14:00."""
    grow = np.clip(np.sin(math.pi * (h - 6.0) / 14.0), 0.0, None)
    return 300.0 + 1300.0 * grow**1.5


def cos_zenith(h_local: np.ndarray) -> np.ndarray:
    """Solar zenith after Madronich (1993), as in AtChem2 (chemistry.md section 1.5)."""
    doy = DATE.day_of_year
    th = 2 * math.pi * doy / 365.0
    dec = (
        0.006918
        - 0.399912 * math.cos(th)
        + 0.070257 * math.sin(th)
        - 0.006758 * math.cos(2 * th)
        + 0.000907 * math.sin(2 * th)
        - 0.002697 * math.cos(3 * th)
        + 0.001480 * math.sin(3 * th)
    )
    eqt = (
        0.000075
        + 0.001868 * math.cos(th)
        - 0.032077 * math.sin(th)
        - 0.014615 * math.cos(2 * th)
        - 0.040849 * math.sin(2 * th)
    )
    hour_utc = h_local - 8.0
    lha = math.pi * (hour_utc / 12.0 - (1.0 + (-LON) / 180.0)) + eqt
    lat = math.radians(LAT)
    return np.cos(lha) * math.cos(lat) * math.cos(dec) + math.sin(lat) * math.sin(dec)


def main(out: Path | None = None) -> Path:
    rng = np.random.default_rng(SEED)
    h = np.arange(0.0, 24.0 + 1e-9, 1.0)  # hourly, 00:00 .. 24:00 local
    noise = lambda n=h.size, s=0.06: np.exp(rng.normal(0.0, s, n))
    day = np.clip(np.sin(math.pi * (h - 5.5) / 14.0), 0.0, None)  # 05:30-19:30 daylight shape
    cz = np.clip(cos_zenith(h), 0.0, None)
    # MCM J4 (NO2) at the zenith angle, times 0.8 for haze and cloud, with noise.
    jno2 = (
        np.where(cz > 0, 1.165e-2 * cz**0.244 * np.exp(-0.267 / np.maximum(cz, 1e-6)), 0.0)
        * 0.8
        * noise()
    )
    temp_c = 29.0 + 4.5 * np.sin(2 * math.pi * (h - 9.0) / 24.0) + rng.normal(0, 0.2, len(h))
    rh = np.clip(
        72.0 - 15.0 * np.sin(2 * math.pi * (h - 9.0) / 24.0) + rng.normal(0, 1.0, len(h)), 30, 98
    )
    dil = 1000.0 / blh(h)  # surface concentrations follow emissions / mixing height
    trf = traffic(h)
    no = 1.0 + 4.0 * trf * dil * (1.2 - 0.9 * day) * noise()
    no2 = 12.0 + 6.0 * trf * dil**0.6 * noise()
    co = 380.0 + 120.0 * trf * dil**0.5 * noise()
    # A first guess of O3; only the truth run's initial value (model_truth replaces it).
    o3 = (18.0 + 72.0 * np.clip(np.sin(math.pi * (h - 7.5) / 12.5), 0.0, None) ** 1.4) * noise()
    anth = trf * dil**0.7  # shape for anthropogenic VOCs
    vocs = {  # ppb at anth = 1
        "ethane": 3.0,
        "propane": 2.5,
        "n-butane": 1.4,
        "isobutane": 0.9,
        "isopentane": 1.1,
        "n-pentane": 0.6,
        "n-hexane": 0.35,
        "ethylene": 2.2,
        "propylene": 0.5,
        "1-butene": 0.12,
        "trans-2-butene": 0.05,
        "1,3-butadiene": 0.05,
        "acetylene": 1.6,
        "benzene": 0.6,
        "toluene": 1.5,
        "ethylbenzene": 0.45,
        "m/p-xylene": 0.6,
        "o-xylene": 0.25,
        "styrene": 0.15,
        "1,2,4-trimethylbenzene": 0.12,
    }
    data = {
        "time": [DATE + pd.Timedelta(hours=float(x)) for x in h],
        "T_C": temp_c.round(2),
        "RH": rh.round(1),
        "P_hPa": np.full(len(h), 1006.0),
        "BLH_m": blh(h).round(0),
        # Rounded like every other column: numpy's pow/exp may differ in the last bit
        # between CPUs, and the file must come out byte for byte on any machine.
        "JNO2": jno2.round(8),
        "O3": o3.round(2),
        "NO": no.round(3),
        "NO2": no2.round(3),
        "CO": co.round(1),
    }
    for name, base in vocs.items():
        data[name] = (base * anth * noise(s=0.1)).round(4)
    # Isoprene: biogenic, light and temperature driven; zero at night.
    data["isoprene"] = (0.02 + 1.2 * day**1.5 * noise(s=0.1)).round(4)
    # Oxygenated VOCs: part primary, part photochemical.
    data["formaldehyde"] = (2.0 + 4.0 * day * noise(s=0.1) + 0.3 * anth).round(3)
    data["acetaldehyde"] = (1.0 + 1.5 * day * noise(s=0.1) + 0.2 * anth).round(3)
    data["acetone"] = (2.5 + 1.5 * day * noise(s=0.1)).round(3)
    frame = pd.DataFrame(data)
    # The truth: the box model on these precursors.  O3 and the NO/NO2 split are replaced by
    # its hourly values (the total NO + NO2 stays the formula's), then noise is drawn for them
    # after every other draw, so the other columns do not depend on the model.
    o3_true, fno = model_truth(frame)
    total = frame["NO"].to_numpy() + frame["NO2"].to_numpy()
    frame["O3"] = (o3_true * noise(s=NOISE_O3)).round(2)
    frame["NO"] = (total * fno * noise(s=NOISE_GAS)).round(3)
    frame["NO2"] = (total * (1.0 - fno) * noise(s=NOISE_GAS)).round(3)
    out = out or Path(__file__).with_name("hangzhou_summer_day.csv")
    write(frame, out)
    return out


def write(frame: pd.DataFrame, path: Path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(HEADER)
        frame.to_csv(fh, index=False, date_format="%Y-%m-%d %H:%M")


def model_truth(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Hourly O3 (ppb) and NO/(NO + NO2) of the box model of hangzhou_summer_day.toml run on
    `frame` (its O3 column only sets the first day's initial O3, forgotten in the spin-up)."""
    from aqm.chem.box_config import from_config, load_config

    cfg, _ = load_config(CONFIG)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "truth_input.csv"
        write(frame, path)
        ds = from_config(dict(cfg, observations=str(path)), tmp).run()
    if ds.attrs["status"] != "success":
        raise RuntimeError(f"truth run failed: {ds.attrs['status']}")
    ppb = ds["mixing_ratio"].sel(time=np.arange(len(frame)) * 3600.0)  # the hours
    no, no2 = ppb.sel(species="NO").to_numpy(), ppb.sel(species="NO2").to_numpy()
    return ppb.sel(species="O3").to_numpy(), no / (no + no2)


if __name__ == "__main__":
    print(main())
