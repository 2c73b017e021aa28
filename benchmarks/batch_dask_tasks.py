"""What one Dask task costs: the same batch on ``aqm.batch.local_cluster`` in the default chunks
(guided, a few Dask tasks) and in one Dask task per batch task (``chunksize=1``).

    python benchmarks/batch_dask_tasks.py                  # 400 box runs, 2 workers, 3 rounds
    python benchmarks/batch_dask_tasks.py --boxes 200 --workers 1

Rounds alternate the two chunkings on one warm cluster.  Per run: CPU seconds of this process
(client, scheduler thread, nannies) and of the whole tree (plus the worker processes); the
difference between the chunkings, divided by the difference in Dask tasks, is the CPU one Dask
task costs beyond the work of its batch tasks (medians over rounds).  CPU seconds, unlike wall
time, hardly move with the machine's load.  The box runs are those of ``batch_throughput.py``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

import psutil

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import batch_throughput as bt

from aqm import batch
from aqm.batch._executors import chunks


def main() -> None:
    import distributed

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boxes", type=int, default=400)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    b = bt.box_batch(args.boxes)
    me = psutil.Process()
    print(f"load average at the start: {[round(x, 2) for x in os.getloadavg()]}")
    runs: dict[int | None, list[tuple[float, float, float]]] = {None: [], 1: []}
    with (
        batch.local_cluster(args.workers) as cluster,
        distributed.Client(cluster) as client,
    ):
        executors = {size: batch.DaskExecutor(client, chunksize=size) for size in runs}
        for ex in executors.values():
            batch.run(bt.warm(b), ex, progress=False)
        for _ in range(args.rounds):
            for size, ex in executors.items():
                own, tree, start = sum(me.cpu_times()[:2]), bt.cpu_seconds(), time.perf_counter()
                batch.run(b, ex, progress=False)
                runs[size].append(
                    (
                        sum(me.cpu_times()[:2]) - own,
                        bt.cpu_seconds() - tree,
                        time.perf_counter() - start,
                    )
                )
    print(f"load average at the end: {[round(x, 2) for x in os.getloadavg()]}")
    n_tasks = {size: len(chunks(b.tasks, args.workers, size)) for size in runs}
    med = {size: [statistics.median(r[k] for r in runs[size]) for k in range(3)] for size in runs}
    print(f"{len(b)} box runs on {args.workers} worker(s), {args.rounds} rounds (medians)")
    print(
        f"{'chunks':>14s} {'Dask tasks':>10s} {'client CPU s':>12s} {'all CPU s':>10s} "
        f"{'wall s':>7s}"
    )
    for size in runs:
        label = "guided" if size is None else f"chunksize={size}"
        own, tree, wall = med[size]
        print(f"{label:>14s} {n_tasks[size]:10d} {own:12.3f} {tree:10.3f} {wall:7.2f}")
    extra = n_tasks[1] - n_tasks[None]
    print(
        f"per Dask task: {1e3 * (med[1][0] - med[None][0]) / extra:.2f} ms CPU in this process, "
        f"{1e3 * (med[1][1] - med[None][1]) / extra:.2f} ms in all"
    )


if __name__ == "__main__":
    main()
