"""Running a batch on an executor and gathering its results into one Dataset."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._progress import progress_callback
from ._executors import DaskExecutor, Job, ProcessExecutor, SerialExecutor, TaskResult
from ._table import Batch

__all__ = ["BatchResult", "gather", "run"]

_EXECUTORS = {"serial": SerialExecutor, "process": ProcessExecutor, "dask": DaskExecutor}


@dataclass
class BatchResult:
    """``dataset``: every task's result along the sweep dimensions (or ``task``), with
    ``task_id``, ``seed``, ``status`` and ``error`` per task; ``table``: one row per task with
    its run time; ``failed``: the ids of failed tasks."""

    dataset: Any
    table: pd.DataFrame
    results: list[TaskResult]

    @property
    def failed(self) -> list[str]:
        return list(self.table.loc[self.table["status"] != "ok", "id"])


def _executor(executor: Any, max_workers: int | None, client: Any) -> Any:
    if not isinstance(executor, str):
        return executor
    if executor not in _EXECUTORS:
        raise ValueError(f"executor: unknown {executor!r} (use {', '.join(_EXECUTORS)} or an "
                         "executor object)")
    if executor == "process":
        return ProcessExecutor(max_workers)
    if executor == "dask":
        return DaskExecutor(client)
    return SerialExecutor()


def jobs_of(batch: Batch, threads_per_task: int,
            indices: Sequence[int] | None = None) -> tuple[list[Job], list[Any]]:
    """The jobs of the tasks at ``indices`` and the distinct input objects they refer to."""
    shared: list[Any] = []
    where: dict[int, int] = {}
    jobs = []
    for k in range(len(batch)) if indices is None else indices:
        task = batch.tasks[k]
        refs = {}
        for name, obj in task.inputs.items():
            if id(obj) not in where:
                where[id(obj)] = len(shared)
                shared.append(obj)
            refs[name] = where[id(obj)]
        jobs.append(Job(k, task.kind, dict(task.config), refs, batch.seed_of(task),
                        threads_per_task))
    return jobs, shared


def run(batch: Batch, executor: Any = "process", *, max_workers: int | None = None,
        client: Any = None, progress: bool | None = None) -> BatchResult:
    """Run every task of ``batch`` and gather the results.

    ``executor``: "process" (a local process pool of ``max_workers``, default all cores),
    "serial", "dask" (``client``, or the current ``distributed`` client), or an executor
    object (:class:`ProcessExecutor`, :class:`DaskExecutor`, :class:`SerialExecutor`).  A
    failed task is recorded with its error; the others are kept.  Results do not depend on
    the executor or the number of workers.
    """
    ex = _executor(executor, max_workers, client)
    jobs, shared = jobs_of(batch, ex.threads_per_task)
    results: list[TaskResult] = []
    with progress_callback(progress, f"batch ({len(jobs)} tasks)") as cb:
        def report(r: TaskResult) -> None:
            results.append(r)
            if cb is not None:
                cb(len(results), len(jobs))

        ex.run(jobs, shared, report)
    results.sort(key=lambda r: r.index)
    table = task_table(batch)
    table["status"] = [r.status for r in results]
    table["error"] = [r.error for r in results]
    table["seconds"] = [r.seconds for r in results]
    data = {r.index: r.data for r in results if r.data is not None}
    return BatchResult(gather(batch, data, {r.index: (r.status, r.error) for r in results}),
                       table, results)


def task_table(batch: Batch) -> pd.DataFrame:
    """One row per task: index, id, kind, seed and its coordinates."""
    rows = [{"index": k, "id": t.id, "kind": t.kind, "seed": batch.seed_of(t), **t.coords}
            for k, t in enumerate(batch.tasks)]
    return pd.DataFrame(rows).set_index("index")


def gather(batch: Batch, data: Mapping[int, Any],
           status: Mapping[int, tuple[str, str]]) -> Any:
    """One Dataset: each task's Dataset along ``task`` (outer join of their labels, NaN where
    a task has no value), then unstacked into the sweep dimensions when the tasks are a full
    sweep.  Tasks absent from ``status`` are "missing"."""
    import xarray as xr

    n = len(batch)
    parts = [data[k].expand_dims(task=[k]) for k in sorted(data)]
    if parts:
        ds = xr.concat(parts, dim="task", join="outer", combine_attrs="drop_conflicts",
                       data_vars="all", coords="all", compat="equals")
        ds = ds.reindex(task=np.arange(n))
    else:
        ds = xr.Dataset(coords={"task": np.arange(n)})
    states = [status.get(k, ("missing", "")) for k in range(n)]
    ds["task_id"] = ("task", np.array([t.id for t in batch.tasks], dtype=object))
    ds["seed"] = ("task", np.array([batch.seed_of(t) for t in batch.tasks], dtype=np.int64))
    ds["status"] = ("task", np.array([s for s, _ in states], dtype=object))
    ds["error"] = ("task", np.array([e for _, e in states], dtype=object))
    keys = list(dict.fromkeys(k for t in batch.tasks for k in t.coords))
    for key in keys:
        values = [_label(t.coords.get(key)) for t in batch.tasks]
        ds = ds.assign_coords({key: ("task", np.array(values, dtype=object)
                                     if any(v is None for v in values) else np.array(values))})
    if batch.dims and _full_grid(batch):
        if len(batch.dims) == 1:
            ds = ds.swap_dims(task=batch.dims[0]).drop_vars("task")
        else:
            ds = ds.drop_vars("task").set_index(task=batch.dims).unstack("task")
    ds.attrs.update(batch_seed=str(batch.seed), n_tasks=n,
                    n_failed=sum(s == "error" for s, _ in states),
                    n_missing=sum(s == "missing" for s, _ in states))
    return ds


def _label(value: Any) -> Any:
    """A coordinate value: tables and lists (e.g. a swept ``scale``) by their text."""
    return str(value) if isinstance(value, (Mapping, list, tuple)) else value


def _full_grid(batch: Batch) -> bool:
    seen = {tuple(str(t.coords.get(d)) for d in batch.dims) for t in batch.tasks}
    sizes = [len({str(t.coords.get(d)) for t in batch.tasks}) for d in batch.dims]
    return len(seen) == len(batch) == int(np.prod(sizes))
