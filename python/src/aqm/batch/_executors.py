"""Executors: where tasks run.  Serial, a local process pool (the default) or Dask.

Every executor ships each distinct input object once per worker (not once per task): the
process pool with each chunk of tasks (unpickled once per worker), Dask by scattering to every
worker.  Tasks travel in chunks (about four per worker), results come back per chunk.  Each task runs the
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
from dataclasses import dataclass
from typing import Any

from ._kinds import run_task

__all__ = ["DaskExecutor", "ProcessExecutor", "SerialExecutor", "TaskResult"]


@dataclass
class TaskResult:
    """``status`` is "ok" or "error" (then ``error`` holds the exception, ``data`` is None)."""

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


Report = Callable[[TaskResult], None]


class SerialExecutor:
    """Tasks one after the other in this process."""

    threads_per_task = 1

    def run(self, jobs: Sequence[Job], shared: Sequence[Any], report: Report) -> None:
        for job in jobs:
            report(execute(job, shared))


def chunks(jobs: Sequence[Job], n_workers: int, chunksize: int | None) -> list[list[Job]]:
    """Jobs in chunks (about four per worker by default): one message per chunk, not per task,
    keeps the shipping cost per task small; results still arrive chunk by chunk."""
    size = chunksize or max(1, -(-len(jobs) // (4 * n_workers)))
    return [list(jobs[k:k + size]) for k in range(0, len(jobs), size)]


_WORKER_SHARED: dict[str, list[Any]] = {}


def _execute_chunk(key: str, shared_pickle: bytes, jobs: list[Job]) -> list[TaskResult]:
    """Run a chunk in a pool worker; the inputs are unpickled once per worker and batch."""
    if key not in _WORKER_SHARED:
        _WORKER_SHARED.clear()   # one batch's inputs at a time
        _WORKER_SHARED[key] = pickle.loads(shared_pickle)
    return [execute(job, _WORKER_SHARED[key]) for job in jobs]


class ProcessExecutor:
    """A local pool of ``max_workers`` processes (default: the CPU count), started with
    "spawn" so no worker inherits the parent's OpenMP or lock state.

    Used as a context manager (``with ProcessExecutor(2) as ex: run(b1, ex); run(b2, ex)``)
    the workers are started once for several batches; otherwise each run starts its own.
    """

    def __init__(self, max_workers: int | None = None, *, threads_per_task: int = 1,
                 start_method: str = "spawn", chunksize: int | None = None) -> None:
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
        blob = pickle.dumps(list(shared))
        key = hashlib.sha256(blob).hexdigest()
        futures = {self._pool.submit(_execute_chunk, key, blob, chunk): chunk
                   for chunk in chunks(jobs, self.max_workers, self.chunksize)}
        for done in as_completed(futures):
            for result in _results(done, futures[done]):
                report(result)


def _results(future: Any, chunk: list[Job]) -> list[TaskResult]:
    """A chunk's results, or an error result per task when its worker died."""
    try:
        return future.result()
    except BaseException as err:  # noqa: BLE001 - a lost worker must not lose the batch
        if isinstance(err, KeyboardInterrupt):
            raise
        return [TaskResult(job.index, "error", f"{type(err).__name__}: {err}", None, 0.0)
                for job in chunk]


def _execute_shared(jobs: list[Job], shared: list[Any]) -> list[TaskResult]:
    return [execute(job, shared) for job in jobs]


class DaskExecutor:
    """Tasks on a ``dask.distributed`` cluster: ``client`` (a ``distributed.Client``), or the
    current client when None.  Works with any cluster (LocalCluster, dask-jobqueue's
    SLURMCluster, ...); start workers with one thread each or several, each task uses
    ``threads_per_task`` OpenMP threads."""

    def __init__(self, client: Any = None, *, threads_per_task: int = 1,
                 chunksize: int | None = None) -> None:
        self.client = client
        self.threads_per_task = threads_per_task
        self.chunksize = chunksize

    def _client(self, distributed: Any) -> Any:
        if self.client is not None:
            return self.client
        try:
            return distributed.get_client()
        except ValueError:
            raise ValueError("DaskExecutor: no client given and none running; pass "
                             "client=distributed.Client(...)") from None

    def run(self, jobs: Sequence[Job], shared: Sequence[Any], report: Report) -> None:
        try:
            import distributed
        except ImportError:
            raise ImportError("the Dask executor needs dask.distributed: "
                              "pip install 'libaqm[batch]'") from None
        client = self._client(distributed)
        # hash=False: a fresh key per run, never one a previous run is releasing
        shipped = client.scatter(list(shared), broadcast=True, hash=False) if shared else []
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        futures = {client.submit(_execute_shared, chunk, shipped, pure=False): chunk
                   for chunk in chunks(jobs, n_workers, self.chunksize)}
        try:
            for done in distributed.as_completed(list(futures)):
                for result in _results(done, futures[done]):
                    report(result)
        finally:
            client.cancel(list(futures))

