"""Throughput of aqm.batch: box runs and PMF fits on each executor at 1 and 2 workers, against a
bare loop that calls the same task function with no batch machinery.

    python benchmarks/batch_throughput.py                 # 400 box runs, 200 PMF fits, 3 rounds
    python benchmarks/batch_throughput.py --boxes 40 --fits 20 --rounds 1

Rounds interleave every configuration (bare loops, serial, process pool, Dask at 1 and 2
workers), so a change in the machine's load during the run falls on all of them alike; each
round starts its pools and clusters, warms them (4 tasks) outside the clock and closes them
after its timing, so no idle executor runs beside another's timing.  Reported per configuration:
the smallest wall time of the rounds and two overheads, each the median over rounds of the
ratio within a round (same sitting):

- "vs 1 proc" = (workers x wall - bare loop) / bare loop, the bare loop being ``run_task`` for
  every task in this process, one thread: at 2 workers the wall time against **half** the bare
  loop's, which assumes that two processes on two cores run as fast as one;
- "vs N procs" = (workers x wall - B_N) / B_N where B_N is the bare loop run as N plain
  processes at once (no pool, no pickling; task k goes to process k mod N, started warm and
  together) and B_N the sum of their loop times: the worker-seconds the same tasks take on N
  busy cores without any batch machinery.  At 1 worker B_1 is the bare loop in this process.

Two load-robust shares are shown as well (medians over rounds): "CPU" = (CPU seconds of this
process and every descendant during the run - those of the matching bare loop) / the bare
loop's, and "idle" = (workers x wall - summed task time measured inside the workers) / that
sum, the worker time not spent inside a task.  The box is the bundled cb6_aqm mechanism for 6 h
at a fixed zenith angle with log-normal initial VOC and NOx; the fits are p = 5, 2 runs on 120
simulated samples.  Every executor's gathered Dataset is checked identical to the serial one.
"dask" is a ``LocalCluster`` with Dask's defaults (as its docs start one: one thread per
worker, no dashboard); "dask (local_cluster)" is ``aqm.batch.local_cluster``, the same with
longer intervals for Dask's own periodic work (``aqm.batch.LEAN_DASK_CONFIG``).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import xarray as xr

from aqm import batch, chem, pmf


def box_batch(n: int) -> batch.Batch:
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
    spread = {"PAR": 0.3, "ETH": 0.3, "OLE": 0.3, "TOL": 0.3, "NO": 0.3, "NO2": 0.3}
    tasks = [
        batch.Task(
            "box",
            {"lognormal": spread, "species": ["O3", "NO2", "OH"]},
            {"box": box},
            f"member={k}",
            {"member": k},
        )
        for k in range(n)
    ]
    return batch.Batch(tasks, seed=2026, dims=["member"])


def pmf_batch(n: int) -> batch.Batch:
    sim = pmf.simulate(n_samples=120, seed=7)
    data = pmf.Dataset(sim.conc, sim.unc)
    data.suggest_categories()
    return batch.Batch.sweep(
        "pmf",
        {"fit": list(range(n))},
        config={"n_components": 5, "n_runs": 2},
        inputs={"data": data},
        seed=2026,
    )


def cpu_seconds() -> float:
    """CPU seconds of this process (with its ended children) and of every live descendant:
    pool workers, Dask nannies and workers (the scheduler is a thread of this process)."""
    import psutil

    me = psutil.Process()
    total = sum(me.cpu_times()[:4])
    for child in me.children(recursive=True):
        try:
            total += sum(child.cpu_times()[:2])
        except psutil.NoSuchProcess:
            pass
    return total


def _tasks_of(b: batch.Batch, part: int, n_parts: int) -> list[tuple]:
    return [(t.kind, t.config, t.inputs, b.seed_of(t)) for t in b.tasks[part::n_parts]]


def _bare_process(b: batch.Batch, part: int, n_parts: int, ready, go, out) -> None:
    """One process of the N-process bare loop: warm, wait for the start, run its share."""
    tasks = _tasks_of(b, part, n_parts)
    for kind, config, inputs, seed in tasks[:3]:
        batch.run_task(kind, config, inputs, seed, 1)
    ready.release()
    go.wait()
    start, cpu0 = time.perf_counter(), time.process_time()
    for kind, config, inputs, seed in tasks:
        batch.run_task(kind, config, inputs, seed, 1)
    out.put((time.perf_counter() - start, time.process_time() - cpu0))


def bare_loop(b: batch.Batch, n_procs: int) -> tuple[float, float, float]:
    """(wall, CPU seconds, summed loop time of the processes) of ``run_task`` over the tasks:
    in this process (n_procs = 1) or in n_procs plain processes started together."""
    if n_procs == 1:
        tasks = _tasks_of(b, 0, 1)
        for kind, config, inputs, seed in tasks[:5]:  # mechanism compiled, caches filled
            batch.run_task(kind, config, inputs, seed, 1)
        start, cpu0 = time.perf_counter(), cpu_seconds()
        for kind, config, inputs, seed in tasks:
            batch.run_task(kind, config, inputs, seed, 1)
        wall = time.perf_counter() - start
        return wall, cpu_seconds() - cpu0, wall
    ctx = multiprocessing.get_context("spawn")
    ready, go, out = ctx.Semaphore(0), ctx.Event(), ctx.Queue()
    procs = [
        ctx.Process(target=_bare_process, args=(b, k, n_procs, ready, go, out))
        for k in range(n_procs)
    ]
    for p in procs:
        p.start()
    for _ in procs:
        ready.acquire()
    start = time.perf_counter()
    go.set()
    loops = [out.get() for _ in procs]
    wall = time.perf_counter() - start
    for p in procs:
        p.join()
    return wall, sum(cpu for _, cpu in loops), sum(busy for busy, _ in loops)


def timed(b: batch.Batch, executor) -> tuple[float, float, float, xr.Dataset]:
    """Wall and CPU seconds of the batch, the summed time of its tasks (measured where they
    ran) and the gathered Dataset."""
    start, cpu0 = time.perf_counter(), cpu_seconds()
    res = batch.run(b, executor, progress=False)
    wall, cpu = time.perf_counter() - start, cpu_seconds() - cpu0
    assert not res.failed, res.failed
    return wall, cpu, float(res.table["seconds"].sum()), res.dataset


def warm(b: batch.Batch) -> batch.Batch:
    """A few tasks of ``b`` to start workers and ship inputs before timing."""
    return batch.Batch(b.tasks[:4], seed=b.seed)


@contextmanager
def dask_executor(workers: int, lean: bool) -> Iterator[batch.DaskExecutor]:
    import distributed

    with (
        batch.local_cluster(workers)
        if lean
        else distributed.LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield batch.DaskExecutor(client)


@contextmanager
def process_executor(workers: int, cold: bool) -> Iterator[batch.ProcessExecutor]:
    if cold:  # workers start inside run()
        yield batch.ProcessExecutor(workers)
        return
    with batch.ProcessExecutor(workers) as pool:
        yield pool


def configurations(cold: bool, only: list[str]) -> list[tuple[str, int, Callable]]:
    """(label, workers, context manager of the executor) in the order of a round: those whose
    label contains one of ``only``."""
    out = [("serial", 1, None)]
    for workers in (1, 2):
        if cold:
            out.append(("process (cold)", workers, lambda w=workers: process_executor(w, True)))
        out += [
            ("process", workers, lambda w=workers: process_executor(w, False)),
            ("dask", workers, lambda w=workers: dask_executor(w, False)),
            ("dask (local_cluster)", workers, lambda w=workers: dask_executor(w, True)),
        ]
    return [c for c in out if any(part in c[0] for part in only)]


def one_round(
    b: batch.Batch, cold: bool, only: list[str], reference: xr.Dataset | None
) -> tuple[dict, xr.Dataset]:
    """{(label, workers): (wall, cpu, busy)} of every configuration, and the serial Dataset."""
    times = {}
    for n_procs in (1, 2):
        times[("bare loop", n_procs)] = bare_loop(b, n_procs)
    for label, workers, executor in configurations(cold, only):
        if executor is None:
            wall, cpu, busy, ds = timed(b, "serial")
            reference = ds if reference is None else reference
        else:
            with executor() as ex:
                if label != "process (cold)":
                    timed(warm(b), ex)
                wall, cpu, busy, ds = timed(b, ex)
        xr.testing.assert_identical(ds, reference)
        times[(label, workers)] = (wall, cpu, busy)
    return times, reference


def _share(pairs: list[tuple[float, float]]) -> float:
    """Median over rounds of (value - base) / base, in percent."""
    return 100 * statistics.median((v - base) / base for v, base in pairs)


def report(name: str, n: int, rounds: list[dict]) -> None:
    print(f"\n{name}: {n} tasks, {len(rounds)} round(s); overheads are medians of per-round ratios")
    print(
        f"{'executor':19s} {'workers':>7s} {'min wall s':>10s} {'med wall s':>10s} "
        f"{'vs 1 proc %':>11s} {'vs N procs %':>12s} {'CPU %':>6s} {'idle %':>6s}"
    )
    for key in rounds[0]:
        label, workers = key
        walls = [r[key][0] for r in rounds]
        spent = [workers * r[key][0] for r in rounds]  # worker-seconds of the run
        one = _share([(w, r[("bare loop", 1)][0]) for w, r in zip(spent, rounds)])
        idle = _share([(w, r[key][2]) for w, r in zip(spent, rounds)])
        # the bare loop in N processes against one; else against the bare loop in N processes
        base = ("bare loop", 1 if label == "bare loop" else workers)
        many = (
            "-"
            if label == "bare loop"
            else f"{_share([(w, r[base][2]) for w, r in zip(spent, rounds)]):.1f}"
        )
        cpu = _share([(r[key][1], r[base][1]) for r in rounds])
        print(
            f"{label:19s} {workers:7d} {min(walls):10.2f} {statistics.median(walls):10.2f} "
            f"{one:11.1f} {many:>12s} {cpu:6.1f} {idle:6.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boxes", type=int, default=400)
    parser.add_argument("--fits", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds")
    parser.add_argument(
        "--cold", action="store_true", help="also time pools that start their workers inside run()"
    )
    parser.add_argument(
        "--only",
        action="append",
        default=None,
        metavar="LABEL",
        help="time only the executors whose label contains this (repeatable; bare loops and "
        "serial always run)",
    )
    args = parser.parse_args()
    args.only = ["serial", *(args.only or [""])]
    print(
        f"load average at the start: {[round(x, 2) for x in os.getloadavg()]}, "
        f"{time.strftime('%H:%M:%S', time.gmtime())} UTC"
    )
    for name, n, make in (("box runs", args.boxes, box_batch), ("PMF fits", args.fits, pmf_batch)):
        if n < 1:
            continue
        b = make(n)
        rounds, reference = [], None
        for _ in range(args.rounds):
            times, reference = one_round(b, args.cold, args.only, reference)
            rounds.append(times)
        report(name, len(b), rounds)
    print(
        f"\nload average at the end: {[round(x, 2) for x in os.getloadavg()]}, "
        f"{time.strftime('%H:%M:%S', time.gmtime())} UTC"
    )


if __name__ == "__main__":
    main()
