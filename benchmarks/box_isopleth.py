"""Benchmark (not in CI): a 21 x 21 EKMA isopleth over one simulated day.

1. Built-in CB6r3 (cb6_aqm, 78 species), the urban box of validation/box_validation.py.
2. The MCM v3.3.1 isoprene subset (../shared/data/mechanisms/kpp/mcm_v331_isoprene.eqn,
   610 species), same conditions with MCM species names.

    OMP_NUM_THREADS=2 python benchmarks/box_isopleth.py [--threads 2] [--skip-mcm]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from aqm.chem import BoxModel

ROOT = Path(__file__).resolve().parents[1]
MCM = ROOT.parent / "shared" / "data" / "mechanisms" / "kpp" / "mcm_v331_isoprene.eqn"


def cb6() -> tuple[BoxModel, list[str]]:
    b = BoxModel("cb6_aqm", duration=24, output_step=3600, utc_offset=8)
    b.environment(temp=300.0, rh=60.0).photolysis(lat=30.25, lon=120.17)
    b.initial(
        {
            "O3": 40,
            "NO": 5,
            "NO2": 15,
            "CO": 300,
            "PAR": 60,
            "OLE": 2,
            "TOL": 3,
            "XYLMN": 2,
            "ETH": 3,
            "FORM": 3,
            "ISOP": 1,
            "CH4": 1900,
            "H2": 550,
        }
    )
    b.emission({"NO": 2.0, "PAR": 6.0}, units="ppb h-1")
    b.dilution(1 / 86400, {"O3": 40, "CO": 200, "CH4": 1900, "H2": 550})
    return b, ["PAR", "OLE", "TOL", "XYLMN", "ETH"]


def mcm() -> tuple[BoxModel, list[str]]:
    b = BoxModel(MCM, duration=24, output_step=3600, utc_offset=8)
    b.environment(temp=300.0, rh=60.0).photolysis(lat=30.25, lon=120.17)
    b.initial({"O3": 40, "NO": 5, "NO2": 15, "CO": 300, "C5H8": 5, "HCHO": 3, "CH4": 1900})
    b.dilution(1 / 86400, {"O3": 40, "CO": 200, "CH4": 1900})
    return b, ["C5H8"]


def bench(name: str, make, threads: int) -> float:
    box, voc = make()
    t0 = time.perf_counter()
    ds = box.run()
    t_one = time.perf_counter() - t0
    fv = np.linspace(0.2, 2.0, 21)
    fn = np.geomspace(0.1, 3.0, 21)
    t0 = time.perf_counter()
    iso = box.isopleth(fv, fn, voc_species=voc, n_threads=threads, progress=False)
    wall = time.perf_counter() - t0
    print(
        f"{name}: one day {t_one * 1e3:.1f} ms ({ds.attrs['steps']} steps); 21x21 isopleth "
        f"{wall:.2f} s wall on {threads} threads, {iso.attrs['n_failed']} failed cells, base "
        f"{iso.attrs['regime_max_8h_o3']}"
    )
    return wall


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--skip-mcm", action="store_true")
    a = p.parse_args()
    bench("cb6_aqm", cb6, a.threads)
    if not a.skip_mcm and MCM.is_file():
        bench("MCM isoprene", mcm, a.threads)


if __name__ == "__main__":
    main()
