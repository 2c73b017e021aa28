"""CPU that a 2-worker Dask LocalCluster uses on its own: idle, and while its workers sleep in
a task (so the event loops run beside a task, as in a batch), for Dask's defaults, each single
setting that ``aqm.batch.local_cluster`` changes, and ``local_cluster`` itself.

    python benchmarks/batch_cluster_idle.py                  # 4 rounds of 8 s windows
    python benchmarks/batch_cluster_idle.py --window 5 --rounds 2 --workers 2

Every round starts each configuration's cluster and client, waits until they have settled
(2 s), then counts the CPU seconds of this process (client, the scheduler thread and, in a
LocalCluster, the nannies, which are objects of this process) and of every descendant (the
worker processes) over the window; rounds interleave the configurations so a change in the
machine's load falls on all alike.  Reported: the median over rounds, in percent of one core,
in all and (idle) split into this process and the workers.  "busy" submits one task per worker
that sleeps through the window (``time.sleep`` releases the GIL like the library's tasks), so
the workers' own threads run as during a batch.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable

import psutil

from aqm import batch


def tree_cpu() -> tuple[float, float]:
    """CPU seconds of this process (client, scheduler thread and, in a LocalCluster, the
    nannies: objects of this process) and of every live descendant (the worker processes)."""
    me = psutil.Process()
    children = 0.0
    for child in me.children(recursive=True):
        try:
            children += sum(child.cpu_times()[:2])
        except psutil.NoSuchProcess:
            pass
    return sum(me.cpu_times()[:2]), children


def plain(workers: int, settings: dict) -> Callable:
    """A LocalCluster as the Dask docs start one, with ``settings`` in dask's config."""

    def start():
        import dask
        import distributed

        with dask.config.set(settings):
            return distributed.LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            )

    return start


def configurations(workers: int) -> dict[str, Callable]:
    lean = batch.LEAN_DASK_CONFIG
    out = {"dask defaults": plain(workers, {})}
    for key, value in lean.items():
        out[f"only {key.removeprefix('distributed.')}={value}"] = plain(workers, {key: value})
    out["aqm.batch.local_cluster"] = lambda: batch.local_cluster(workers)
    return out


def measure(start: Callable, workers: int, window: float, busy: bool) -> tuple[float, float]:
    """Percent of one core used over ``window`` seconds by this process (client, scheduler,
    nannies) and by the worker processes."""
    import distributed

    with start() as cluster, distributed.Client(cluster) as client:
        client.wait_for_workers(workers)
        futures = []
        if busy:
            futures = [
                client.submit(time.sleep, window + 2.5, pure=False, workers=[addr])
                for addr in client.scheduler_info()["workers"]
            ]
        time.sleep(2.0)  # start-up and first heartbeats done
        cpu0, t0 = tree_cpu(), time.perf_counter()
        time.sleep(window)
        cpu1, seconds = tree_cpu(), time.perf_counter() - t0
        client.gather(futures)  # the sleeps end half a second after the window
    return 100 * (cpu1[0] - cpu0[0]) / seconds, 100 * (cpu1[1] - cpu0[1]) / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--window", type=float, default=8.0, help="seconds per measurement")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", default="", help="configurations whose name contains this")
    args = parser.parse_args()
    configs = {k: v for k, v in configurations(args.workers).items() if args.only in k}
    print(
        f"load average at the start: {[round(x, 2) for x in os.getloadavg()]}, "
        f"{time.strftime('%H:%M:%S', time.gmtime())} UTC"
    )
    results: dict[tuple[str, bool], list[tuple[float, float]]] = {}
    for _ in range(args.rounds):
        for name, start in configs.items():
            for busy in (False, True):
                used = measure(start, args.workers, args.window, busy)
                results.setdefault((name, busy), []).append(used)
    print(
        f"{args.workers} workers, {args.rounds} rounds of {args.window:g} s; % of one core "
        "(medians): all, this process (client, scheduler, nannies), the worker processes"
    )
    print(f"{'configuration':50s} {'idle: all':>9s} {'this':>5s} {'workers':>7s} {'busy: all':>9s}")
    for name in configs:
        row = []
        for busy in (False, True):
            runs = results[(name, busy)]
            row.append(statistics.median(own + kids for own, kids in runs))
            if not busy:
                row += [
                    statistics.median(r[0] for r in runs),
                    statistics.median(r[1] for r in runs),
                ]
        print(f"{name:50s} {row[0]:9.2f} {row[1]:5.2f} {row[2]:7.2f} {row[3]:9.2f}")
    print(
        f"load average at the end: {[round(x, 2) for x in os.getloadavg()]}, "
        f"{time.strftime('%H:%M:%S', time.gmtime())} UTC"
    )


if __name__ == "__main__":
    main()
