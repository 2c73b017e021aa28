"""Executors: where tasks run.  Serial, a local process pool (the default) or Dask.

Every executor ships each distinct input object once per worker (not once per task): the
process pool through its initializer, Dask by scattering to every worker.  Each task runs the
library with ``threads_per_task`` OpenMP threads (1 by default), so N workers use N cores and
never oversubscribe them.  A task's error is caught where it ran and returned as its result.
"""

from __future__ import annotations

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


_WORKER_SHARED: list[Any] = []


def _init_worker(shared_pickle: bytes) -> None:
    _WORKER_SHARED[:] = pickle.loads(shared_pickle)


def _execute_in_worker(job: Job) -> TaskResult:
    return execute(job, _WORKER_SHARED)


class ProcessExecutor:
    """A local pool of ``max_workers`` processes (default: the CPU count), started with
    "spawn" so no worker inherits the parent's OpenMP or lock state."""

    def __init__(self, max_workers: int | None = None, *, threads_per_task: int = 1,
                 start_method: str = "spawn") -> None:
        if max_workers is not None and max_workers < 1:
            raise ValueError(f"max_workers: must be >= 1, got {max_workers}")
        self.max_workers = max_workers or os.cpu_count() or 1
        self.threads_per_task = threads_per_task
        self.start_method = start_method

    def run(self, jobs: Sequence[Job], shared: Sequence[Any], report: Report) -> None:
        context = multiprocessing.get_context(self.start_method)
        with ProcessPoolExecutor(min(self.max_workers, max(len(jobs), 1)), mp_context=context,
                                 initializer=_init_worker,
                                 initargs=(pickle.dumps(list(shared)),)) as pool:
            futures = {pool.submit(_execute_in_worker, job): job for job in jobs}
            for done in as_completed(futures):
                report(_result(done, futures[done]))


def _result(future: Any, job: Job) -> TaskResult:
    """The task's result, or an error result when its worker died or it was cancelled."""
    try:
        return future.result()
    except BaseException as err:  # noqa: BLE001 - a lost worker must not lose the batch
        if isinstance(err, KeyboardInterrupt):
            raise
        return TaskResult(job.index, "error", f"{type(err).__name__}: {err}", None, 0.0)


def _execute_shared(job: Job, shared: list[Any]) -> TaskResult:
    return execute(job, shared)


class DaskExecutor:
    """Tasks on a ``dask.distributed`` cluster: ``client`` (a ``distributed.Client``), or the
    current client when None.  Works with any cluster (LocalCluster, dask-jobqueue's
    SLURMCluster, ...); start workers with one thread each or several, each task uses
    ``threads_per_task`` OpenMP threads."""

    def __init__(self, client: Any = None, *, threads_per_task: int = 1) -> None:
        self.client = client
        self.threads_per_task = threads_per_task

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
        shipped = client.scatter(list(shared), broadcast=True) if shared else []
        futures = {client.submit(_execute_shared, job, shipped, pure=False): job for job in jobs}
        try:
            for done in distributed.as_completed(list(futures)):
                report(_result(done, futures[done]))
        finally:
            client.cancel(list(futures))

