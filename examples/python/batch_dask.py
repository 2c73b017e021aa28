"""40 PMF fits and a 400-member box-model ensemble on a Dask LocalCluster (docs/batch.md).

    python examples/python/batch_dask.py                # 40 fits, 400 box runs, 2 workers
    python examples/python/batch_dask.py --fits 8 --members 20

The fits sweep the number of factors (4-7) over 10 replicates on the bundled simulated
PM2.5 year; the ensemble perturbs the initial VOC and NOx of a 6-hour cb6_aqm box with
log-normal factors (sigma 0.3).  Both write NetCDF with the sweep as coordinates.
"""

from __future__ import annotations

import argparse

from distributed import Client

from aqm import batch, chem, pmf


def pmf_sweep(n_fits: int) -> batch.Batch:
    sim = pmf.simulate(seed=42)  # 365 days, bundled source profiles
    data = pmf.Dataset(sim.conc, sim.unc)
    data.suggest_categories()  # S/N: weak and bad species
    p = [4, 5, 6, 7]
    return batch.Batch.sweep(
        "pmf",
        {"n_components": p},
        replicates=max(1, n_fits // len(p)),
        config={"n_runs": 5},
        inputs={"data": data},
        seed=2026,
    )


def box_ensemble(n_members: int) -> batch.Batch:
    box = (
        chem.BoxModel("cb6_aqm", duration=6, output_step=1800)
        .environment(temp=298.0, rh=50.0)
        .photolysis(zenith=30.0)
        .initial(
            {
                "O3": 40.0,
                "NO": 2.0,
                "NO2": 10.0,
                "CO": 200.0,
                "PAR": 20.0,
                "ETH": 2.0,
                "OLE": 1.0,
                "TOL": 1.0,
                "FORM": 2.0,
            }
        )
    )
    spread = dict.fromkeys(("PAR", "ETH", "OLE", "TOL", "NO", "NO2"), 0.3)
    tasks = [
        batch.Task(
            "box",
            {"lognormal": spread, "species": ["O3", "NO2"]},
            {"box": box},
            f"member={k}",
            {"member": k},
        )
        for k in range(n_members)
    ]
    return batch.Batch(tasks, seed=2026, dims=["member"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fits", type=int, default=40)
    parser.add_argument("--members", type=int, default=400)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    # local_cluster: a LocalCluster of one-thread worker processes with Dask's own periodic
    # work made lean (docs/batch.md); any other cluster's Client works the same way
    with batch.local_cluster(args.workers) as cluster, Client(cluster) as client:
        fits = batch.run(pmf_sweep(args.fits), "dask", client=client)
        ensemble = batch.run(box_ensemble(args.members), "dask", client=client)
    q = fits.dataset["q_robust"] / fits.dataset["q_exp"]
    print("Q(robust)/Q_exp by number of factors (median over replicates):")
    print(q.median("replicate").to_pandas().round(2).to_string())
    o3 = ensemble.dataset["mixing_ratio"].sel(species="O3").isel(time=-1)
    print(
        f"O3 after 6 h over {o3.sizes['member']} members: median {float(o3.median()):.1f} "
        f"ppb, 5-95 % {float(o3.quantile(0.05)):.1f}-{float(o3.quantile(0.95)):.1f} ppb"
    )
    print(f"failed tasks: {fits.failed + ensemble.failed or 'none'}")


if __name__ == "__main__":
    main()
