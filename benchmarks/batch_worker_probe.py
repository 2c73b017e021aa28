"""Does a task run slower inside a worker process than in the parent?  The same tasks, timed
one by one, in this process and in worker processes, in short interleaved segments.

    python benchmarks/batch_worker_probe.py pmf --tasks 200 --segment 20 --rounds 10
    python benchmarks/batch_worker_probe.py box --dask --env MALLOC_ARENA_MAX=1

Each segment of tasks runs in every place in turn (this process; a process-pool worker started
with spawn, fork and forkserver; with ``--dask`` a Dask worker with and without its profiler;
with ``--env VAR=VALUE`` a spawn worker with that environment), so a change in the machine's
load falls on all places alike.  Per task the place measures wall time, the CPU time of the
calling thread (``time.thread_time``: the task itself, whatever else the process does), minor
page faults and the time in Python's cyclic garbage collector.  Reported per place: the median
over segments of the per-segment ratio of its thread CPU to this process's, with quartiles,
and the medians of the other measures.  The tasks are those of ``batch_throughput.py``.
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import os
import pickle
import resource
import statistics
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import batch_throughput as bt

_GC = {"seconds": 0.0, "start": 0.0}


def _gc_clock(phase: str, info: dict) -> None:
    if phase == "start":
        _GC["start"] = time.thread_time()
    else:
        _GC["seconds"] += time.thread_time() - _GC["start"]


def measure(jobs: list, blob: bytes) -> dict:
    """Run ``jobs`` (aqm.batch Jobs) one by one here; sums of their measures."""
    from aqm.batch import run_task

    if _gc_clock not in gc.callbacks:
        gc.callbacks.append(_gc_clock)
    shared = pickle.loads(blob)
    sums = {"wall": 0.0, "cpu": 0.0, "faults": 0, "gc": 0.0}
    for job in jobs:
        inputs = {name: shared[k] for name, k in job.refs.items()}
        faults, gc0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt, _GC["seconds"]
        wall, cpu = time.perf_counter(), time.thread_time()
        run_task(job.kind, job.config, inputs, job.seed, 1)
        sums["cpu"] += time.thread_time() - cpu
        sums["wall"] += time.perf_counter() - wall
        sums["faults"] += resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults
        sums["gc"] += _GC["seconds"] - gc0
    return sums


def places(stack: ExitStack, dask: bool, envs: list[str]) -> dict[str, Callable]:
    """name -> call(jobs, blob) running ``measure`` there."""
    out: dict[str, Callable] = {"parent": measure}
    for method in ("spawn", "fork", "forkserver"):
        pool = stack.enter_context(
            ProcessPoolExecutor(1, mp_context=multiprocessing.get_context(method))
        )
        pool.submit(os.getpid).result()  # started now, before any Dask thread exists
        out[method] = lambda jobs, blob, pool=pool: pool.submit(measure, jobs, blob).result()
    for assignment in envs:
        name, _, value = assignment.partition("=")
        before = os.environ.get(name)
        os.environ[name] = value  # a spawned worker takes this process's environment
        pool = stack.enter_context(
            ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
        )
        pool.submit(os.getpid).result()  # started now, with the variable set
        if before is None:
            del os.environ[name]
        else:
            os.environ[name] = before
        out[f"spawn {assignment}"] = lambda jobs, blob, pool=pool: pool.submit(
            measure, jobs, blob
        ).result()
    if dask:
        import dask as dask_
        import distributed

        for profile in (True, False):
            with dask_.config.set({"distributed.worker.profile.enabled": profile}):
                cluster = stack.enter_context(
                    distributed.LocalCluster(
                        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None
                    )
                )
                client = stack.enter_context(distributed.Client(cluster))
            out[f"dask profiler={'on' if profile else 'off'}"] = lambda jobs, blob, c=client: (
                c.submit(measure, jobs, blob, pure=False).result()
            )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=("pmf", "box"))
    parser.add_argument("--tasks", type=int, default=200)
    parser.add_argument("--segment", type=int, default=20, help="tasks per segment")
    parser.add_argument("--rounds", type=int, default=10, help="segments per place")
    parser.add_argument("--dask", action="store_true", help="also Dask workers")
    parser.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="VAR=VALUE",
        help="also a spawn worker with this environment variable",
    )
    args = parser.parse_args()
    from aqm.batch._run import jobs_of

    b = (bt.pmf_batch if args.kind == "pmf" else bt.box_batch)(args.tasks)
    jobs, shared = jobs_of(b, 1, [b.seed_of(t) for t in b.tasks])
    blob = pickle.dumps(shared, protocol=pickle.HIGHEST_PROTOCOL)
    print(f"{args.kind}: load average at the start {[round(x, 2) for x in os.getloadavg()]}")
    with ExitStack() as stack:
        run = places(stack, args.dask, args.env)
        for call in run.values():
            call(jobs[:4], blob)  # warm: imports, inputs, first-run caches
        results: dict[str, list[dict]] = {name: [] for name in run}
        for r in range(args.rounds):
            start = (r * args.segment) % max(1, len(jobs) - args.segment + 1)
            for name, call in run.items():
                results[name].append(call(jobs[start : start + args.segment], blob))
    print(
        f"load average at the end {[round(x, 2) for x in os.getloadavg()]}; "
        f"{args.rounds} segments of {args.segment} tasks per place"
    )
    parent = np.array([s["cpu"] for s in results["parent"]])
    n = args.segment
    print(
        f"{'place':26s} {'thread CPU vs parent: median [quartiles]':>40s} "
        f"{'CPU ms/task':>11s} {'wall ms/task':>12s} {'faults/task':>11s} {'GC ms/task':>10s}"
    )
    for name, segs in results.items():
        ratio = 100 * (np.array([s["cpu"] for s in segs]) / parent - 1)
        q1, q2, q3 = np.percentile(ratio, [25, 50, 75])
        med = {
            k: statistics.median(s[k] for s in segs) / n for k in ("cpu", "wall", "faults", "gc")
        }
        print(
            f"{name:26s} {q2:+26.1f} % [{q1:+5.1f}, {q3:+5.1f}] {1e3 * med['cpu']:11.2f} "
            f"{1e3 * med['wall']:12.2f} {med['faults']:11.1f} {1e3 * med['gc']:10.3f}"
        )


if __name__ == "__main__":
    main()
