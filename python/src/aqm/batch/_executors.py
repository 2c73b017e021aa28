"""Executors: where tasks run.  Serial, a local process pool (the default) or Dask.

Every executor ships each distinct input object once per worker (not once per task): the
inputs are pickled once per batch, and a worker unpickles them once (keyed by their hash),
whichever of its chunks brings them.  Tasks travel in chunks whose sizes shrink towards the end
of the batch, so that few messages carry the bulk and the last ones balance the workers; a
chunk's results come back packed (stacked numpy arrays, ``_packing``).  Each task runs the
library with ``threads_per_task`` OpenMP threads (1 by default), so N workers use N cores and
never oversubscribe them.  A task's error is caught where it ran and returned as its result.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import time
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any

from ._kinds import run_task
from ._packing import Packed, pack

__all__ = ["DaskExecutor", "ProcessExecutor", "SerialExecutor", "TaskResult"]


@dataclass
class TaskResult:
    """``status`` is "ok" or "error" (then ``error`` holds the exception, ``data`` is None);
    ``data`` is also None once the result is packed into its chunk's :class:`Chunk`."""

    index: int
    status: str
    error: str
    data: Any
    seconds: float


@dataclass(frozen=True)
class Job:
    """What a worker needs for one task: inputs by their index in the shipped list."""

    index: int
    kind: str
    config: dict
    refs: dict
    seed: int
    n_threads: int


def execute(job: Job, shared: Sequence[Any]) -> TaskResult:
    start = time.perf_counter()
    try:
        inputs = {name: shared[k] for name, k in job.refs.items()}
        data = run_task(job.kind, job.config, inputs, job.seed, job.n_threads)
        return TaskResult(job.index, "ok", "", data, time.perf_counter() - start)
    except Exception as err:  # a task's failure is its result; the batch goes on
        text = f"{type(err).__name__}: {err}"
        tb = traceback.extract_tb(err.__traceback__)
        where = f" (at {tb[-1].filename}:{tb[-1].lineno})" if tb else ""
        return TaskResult(job.index, "error", text + where, None, time.perf_counter() - start)


@dataclass
class Chunk:
    """What a chunk of tasks sends back: each task's status, its ``data`` in ``packed`` (or
    still in the task's result where nothing was shipped: the serial executor)."""

    tasks: list[TaskResult]
    packed: list[Packed] = field(default_factory=list)


def execute_chunk(jobs: Sequence[Job], shared: Sequence[Any]) -> Chunk:
    """Run ``jobs`` (ascending task indices) and pack their results."""
    tasks = [execute(job, shared) for job in jobs]
    done = [(t.index, t.data) for t in tasks if t.data is not None]
    for t in tasks:
        t.data = None
    return Chunk(tasks, pack(done))


Report = Callable[[Chunk], None]


class SerialExecutor:
    """Tasks one after the other in this process."""

    threads_per_task = 1

    def run(self, jobs: Sequence[Job], shared: Sequence[Any], report: Report) -> None:
        for job in jobs:  # results unpacked (nothing to ship): run() packs them all at once
            report(Chunk([execute(job, shared)]))


def chunks(jobs: Sequence[Job], n_workers: int, chunksize: int | None) -> list[list[Job]]:
    """Jobs in chunks: ``chunksize`` each, or by default guided self-scheduling, where each
    chunk takes 1/(2 x workers) of the jobs not yet assigned (at least one).  The first chunks
    carry most tasks in few messages; the last ones are single tasks, so no worker waits at
    the end for another's long chunk (about 2 x workers x ln(tasks / workers) chunks)."""
    if chunksize is not None and chunksize < 1:
        raise ValueError(f"chunksize: must be >= 1, got {chunksize}")
    out, start = [], 0
    while start < len(jobs):
        size = chunksize or max(1, -(-(len(jobs) - start) // (2 * n_workers)))
        out.append(list(jobs[start : start + size]))
        start += size
    return out


@dataclass(frozen=True)
class Shipment:
    """The inputs of a batch as one pickle and its hash (the key a worker caches them by)."""

    key: str
    blob: bytes

    @classmethod
    def of(cls, shared: Sequence[Any]) -> Shipment:
        blob = pickle.dumps(list(shared), protocol=pickle.HIGHEST_PROTOCOL)
        return cls(hashlib.sha256(blob).hexdigest(), blob)


_WORKER_SHARED: dict[str, list[Any]] = {}


def _unshipped(key: str, blob: bytes) -> list[Any]:
    """The inputs of ``key`` in this worker: unpickled once, kept for the batch's next chunks
    (one batch's inputs at a time)."""
    shared = _WORKER_SHARED.get(key)
    if shared is None:
        shared = pickle.loads(blob)
        _WORKER_SHARED.clear()
        _WORKER_SHARED[key] = shared
    return shared


def _execute_shipped(key: str, blob: bytes, jobs: list[Job]) -> Chunk:
    return execute_chunk(jobs, _unshipped(key, blob))


class ProcessExecutor:
    """A local pool of ``max_workers`` processes (default: the CPU count), started with
    "spawn" so no worker inherits the parent's OpenMP or lock state.

    Used as a context manager (``with ProcessExecutor(2) as ex: run(b1, ex); run(b2, ex)``)
    the workers are started once for several batches; otherwise each run starts its own.
    """

    def __init__(
        self,
        max_workers: int | None = None,
        *,
        threads_per_task: int = 1,
        start_method: str = "spawn",
        chunksize: int | None = None,
    ) -> None:
        if max_workers is not None and max_workers < 1:
            raise ValueError(f"max_workers: must be >= 1, got {max_workers}")
        self.max_workers = max_workers or os.cpu_count() or 1
        self.threads_per_task = threads_per_task
        self.start_method = start_method
        self.chunksize = chunksize
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> ProcessExecutor:
        self._pool = self._new_pool()
        return self

    def __exit__(self, *exc: object) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(cancel_futures=True)

    def _new_pool(self) -> ProcessPoolExecutor:
        context = multiprocessing.get_context(self.start_method)
        return ProcessPoolExecutor(self.max_workers, mp_context=context)

    def run(self, jobs: Sequence[Job], shared: Sequence[Any], report: Report) -> None:
        if self._pool is None:
            with self:
                self.run(jobs, shared, report)
            return
        # the pickled inputs travel with every chunk (bytes: a copy, no pickling), as a pool
        # worker cannot be addressed; each worker unpickles them once
        ship = Shipment.of(shared)
        futures = {
            self._pool.submit(_execute_shipped, ship.key, ship.blob, chunk): chunk
            for chunk in chunks(jobs, self.max_workers, self.chunksize)
        }
        for done in as_completed(futures):
            report(_chunk_result(done, futures[done]))


def _chunk_result(future: Any, chunk: list[Job]) -> Chunk:
    """A chunk's results, or an error result per task when its worker died."""
    try:
        return future.result()
    except BaseException as err:
        if isinstance(err, KeyboardInterrupt):
            raise
        return Chunk(
            [
                TaskResult(job.index, "error", f"{type(err).__name__}: {err}", None, 0.0)
                for job in chunk
            ]
        )


class DaskExecutor:
    """Tasks on a ``dask.distributed`` cluster: ``client`` (a ``distributed.Client``), or the
    current client when None.  Works with any cluster (LocalCluster, dask-jobqueue's
    SLURMCluster, ...); start workers with one thread each or several, each task uses
    ``threads_per_task`` OpenMP threads.

    The inputs are scattered to every worker once and kept while the executor is used for
    batches with the same inputs (several runs of one executor ship them once)."""

    def __init__(
        self, client: Any = None, *, threads_per_task: int = 1, chunksize: int | None = None
    ) -> None:
        self.client = client
        self.threads_per_task = threads_per_task
        self.chunksize = chunksize
        self._scattered: tuple[Any, str, Any] | None = None  # (client, key, future)

    def _client(self, distributed: Any) -> Any:
        if self.client is not None:
            return self.client
        try:
            return distributed.get_client()
        except ValueError:
            raise ValueError(
                "DaskExecutor: no client given and none running; pass "
                "client=distributed.Client(...), e.g. of aqm.batch.local_cluster(n)"
            ) from None

    def _ship(self, client: Any, ship: Shipment) -> Any:
        """The future of the pickled inputs on every worker, scattered once per content."""
        held = self._scattered
        if (
            held is not None
            and held[0] is client
            and held[1] == ship.key
            and held[2].status == "finished"
        ):
            return held[2]
        # hash=False: a fresh key, never one a previous run is releasing
        future = client.scatter(ship.blob, broadcast=True, hash=False)
        self._scattered = (client, ship.key, future)
        return future

    def run(self, jobs: Sequence[Job], shared: Sequence[Any], report: Report) -> None:
        try:
            import distributed
        except ImportError:
            raise ImportError(
                "the Dask executor needs dask.distributed: pip install 'libaqm[batch]'"
            ) from None
        client = self._client(distributed)
        ship = Shipment.of(shared)
        blob = self._ship(client, ship)
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        futures = {
            client.submit(_execute_shipped, ship.key, blob, chunk, pure=False): chunk
            for chunk in chunks(jobs, n_workers, self.chunksize)
        }
        try:
            for done in distributed.as_completed(list(futures)):
                report(_chunk_result(done, futures[done]))
        finally:
            client.cancel(list(futures))
