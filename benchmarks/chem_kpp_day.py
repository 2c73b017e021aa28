"""Benchmark: KPP's own MCM isoprene day through Python, one call, against the C++ twin
(benchmarks/chem_kpp_day.cpp, same scenario; see there for its definition).

Times (CPU, best of N) for: ``Mechanism.integrate`` (builds the solver each call),
``Solver.integrate`` on a kept solver (Dataset out) and ``Solver.run`` (NumPy out).  The
Python overhead is (Python time - C++ time) / C++ time with the same steps.

    python benchmarks/chem_kpp_day.py [path/to/mcm_v331_isoprene.eqn] [repeats]
"""

from __future__ import annotations

import sys
import time
from functools import partial
from pathlib import Path

import _timing
import numpy as np

from aqm import chem

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "mechanisms" / "kpp" / "mcm_v331_isoprene.eqn"
M = 2.5e19
INITIAL = {"O3": 30.0, "NO2": 0.1, "CH4": 1800.0, "C5H8": 1.0}


def kpp_zenith(t: float) -> float:
    return min(89.5, abs(360.0 * t / 86400.0 - 180.0))


def settings(rtol: float) -> dict:
    return {
        "units": "ppb",
        "temp": 298.0,
        "M": M,
        "O2": 0.21 * M,
        "N2": 0.78 * M,
        "H2O": 0.01 * M,
        "photolysis": chem.UserZenith(kpp_zenith),
        "update": "interval",
        "method": "rodas3",
        "rtol": rtol,
        "atol": 1e-4,
        "clip_negative": True,
    }


def best_of(n: int, work) -> tuple[float, object]:
    return _timing.best_of(n, work, clock=time.process_time)  # CPU: the machine is shared


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    mech = chem.Mechanism.from_kpp(path).override_rates({"KNO3AL": "1.44e-12*EXP(-1862/TEMP)"})
    times = np.arange(73) * 1200.0
    print(f"{'rtol':7s} {'route':28s} {'cpu_ms':>8s} {'steps':>6s} {'O3_ppb':>9s}")
    for rtol in (1e-2, 1e-3):
        s = settings(rtol)
        h2o = s.pop("H2O")
        t, ds = best_of(
            repeats,
            partial(mech.integrate, INITIAL, times, h2o=h2o, use_file_initial_values=False, **s),
        )
        o3 = float(ds["concentration"].sel(species="O3")[-1])
        print(
            f"{rtol:<7.0e} {'Mechanism.integrate':28s} {t * 1e3:8.2f} {ds.attrs['n_steps']:6d} "
            f"{o3:9.4f}"
        )
        solver = mech.solver(H2O=h2o, **s)

        def kept(solver=solver) -> object:
            solver.reset_step()
            return solver.integrate(INITIAL, times, use_file_initial_values=False)

        t, ds = best_of(repeats, kept)
        print(
            f"{rtol:<7.0e} {'Solver.integrate (kept)':28s} {t * 1e3:8.2f} "
            f"{ds.attrs['n_steps']:6d} {float(ds['concentration'].sel(species='O3')[-1]):9.4f}"
        )
        y0 = solver.initial_state(INITIAL, use_file_initial_values=False)

        def raw(solver=solver, y0=y0) -> object:
            solver.reset_step()
            return solver.run(y0, times)

        t, out = best_of(repeats, raw)
        print(
            f"{rtol:<7.0e} {'Solver.run (NumPy)':28s} {t * 1e3:8.2f} {out[3]['steps']:6d} "
            f"{out[0][-1, solver.variable_species.index('O3')] / M * 1e9:9.4f}"
        )


if __name__ == "__main__":
    main()
