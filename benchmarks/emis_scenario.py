"""Control-scenario algebra E = E0 G (1 - sum Xt eta)/(1 - sum X0 eta): aqm.emis (C++)
against the same formula written with numpy broadcasting.

Case: 19 sectors x 7 pollutants x 5000 places (e.g. a 0.05 deg city grid), 40 technologies
spread over sectors and pollutants, growth per sector.  Prints timings and the largest
relative difference.

Run: PYTHONPATH=python/src python benchmarks/emis_scenario.py
"""

from __future__ import annotations

import numpy as np
from _timing import best_of

import aqm
from aqm import emis

S, P, R, K = 19, 7, 5000, 40


def main() -> None:
    rng = np.random.default_rng(7)
    sectors = [f"s{k:02d}" for k in range(S)]
    pols = [f"p{k}" for k in range(P)]
    places = [f"r{k}" for k in range(R)]
    core = aqm._core.emis.Inventory(sectors, pols, places, "annual", ["t/yr"] * P, 2020)
    values = rng.gamma(2.0, 3.0, size=(S, P, R, 1))
    core.values = values
    inv = emis.Inventory(core)
    # technologies: each on one sector and pollutant; keep sum of penetrations <= 1
    ks = rng.integers(0, S, K)
    kp = rng.integers(0, P, K)
    eta = rng.uniform(0.3, 0.95, K)
    x0 = rng.uniform(0.0, 0.2, K)
    xt = x0 + rng.uniform(0.0, 0.2, K)
    rate = rng.uniform(-0.02, 0.05, S)
    sc = emis.Scenario(
        name="bench",
        base_year=2020,
        target_year=2025,
        measures=[
            {
                "name": f"m{k}",
                "sector": sectors[ks[k]],
                "pollutant": pols[kp[k]],
                "efficiency": float(eta[k]),
                "penetration_base": float(x0[k]),
                "penetration_target": float(xt[k]),
            }
            for k in range(K)
        ],
        growth=[{"sector": sectors[s], "annual_rate": float(rate[s])} for s in range(S)],
    )
    t_cpp, res = best_of(5, lambda: inv.apply(sc))
    t_tables, _ = best_of(
        5,
        lambda: (
            lambda r: (
                r.base_totals,
                r.scenario_totals,
                r.change_percent,
                r.scale_factors,
                r.contributions,
                r.targets,
            )
        )(inv.apply(sc)),
    )
    core_sc = sc.to_core()
    # like for like with the numpy line: only the scaled values (scale factors x values)
    t_scale, scaled = best_of(
        5, lambda: aqm._core.emis.scenario_scale(core, core_sc) * values[..., 0]
    )

    def numpy_scenario():
        cb = np.zeros((S, P))
        ct = np.zeros((S, P))
        np.add.at(cb, (ks, kp), x0 * eta)
        np.add.at(ct, (ks, kp), xt * eta)
        g = (1 + rate) ** 5
        return values[..., 0] * (g[:, None] * (1 - ct) / (1 - cb))[:, :, None]

    t_np, out = best_of(5, numpy_scenario)

    got = res.inventory.values[..., 0]
    rel = max(np.abs(got - out).max(), np.abs(scaled - out).max()) / np.abs(out).max()
    print(f"{S} sectors x {P} pollutants x {R} places, {K} technologies")
    print(f"aqm.emis Inventory.apply (scenario inventory, lazy tables) {1e3 * t_cpp:8.2f} ms")
    print(f"  ... and building every pandas table                      {1e3 * t_tables:8.2f} ms")
    print(f"aqm scenario_scale x values (scaled values only)           {1e3 * t_scale:8.2f} ms")
    print(f"numpy broadcasting (scaled values only)                    {1e3 * t_np:8.2f} ms")
    print(f"max relative difference {rel:.2e}")


if __name__ == "__main__":
    main()
