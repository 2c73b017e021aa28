"""Benchmark: the MCM v3.3.1 isoprene subset (KPP examples/mcm) over a 24 h day.

Every Rosenbrock method at rtol 1e-2, 1e-3 and 1e-4 (atol 1e-3 molecule cm-3, AtChem2's default),
MCM photolysis following the sun at 45 N on 1 July, hourly output; CPU time of the best of three
runs.  The C++ twin (benchmarks/chem_integrate.cpp) gives the same numbers without Python.

    python benchmarks/chem_integrate.py [path/to/mcm_v331_isoprene.eqn]
"""

from __future__ import annotations

import sys
import time
import warnings
from pathlib import Path

import numpy as np

from aqm import chem

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "mechanisms" / "kpp" / "mcm_v331_isoprene.eqn"


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    mech = chem.Mechanism.from_kpp(path)
    print(mech)
    initial = {
        "O3": 30.0,
        "NO": 0.5,
        "NO2": 2.0,
        "C5H8": 2.0,
        "CO": 120.0,
        "CH4": 1800.0,
        "H2": 500.0,
        "HCHO": 1.0,
        "H2O2": 1.0,
    }
    sun = chem.SolarPhotolysis(45.0, 0.0, "2010-07-01T00:00")
    times = np.arange(25) * 3600.0
    print(f"{'method':8s} {'rtol':>7s} {'cpu_s':>8s} {'steps':>6s} {'O3_end_ppb':>10s} status")
    for method in ("ros2", "ros3", "ros4", "rodas3", "rodas4"):
        for rtol in (1e-2, 1e-3, 1e-4):
            best = float("inf")
            for _ in range(3):
                t0 = time.process_time()
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", RuntimeWarning)
                    ds = mech.integrate(
                        initial,
                        times,
                        units="ppb",
                        temp=298.15,
                        rh=50.0,
                        photolysis=sun,
                        method=method,
                        rtol=rtol,
                        atol=1e-3,
                    )
                best = min(best, time.process_time() - t0)
            o3 = float(ds.concentration.sel(species="O3")[-1])
            print(
                f"{method:8s} {rtol:7.0e} {best:8.4f} {ds.attrs['n_steps']:6d} {o3:10.3f} "
                f"{ds.attrs['status']}"
            )


if __name__ == "__main__":
    main()
