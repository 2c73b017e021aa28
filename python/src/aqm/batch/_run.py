"""Running a batch on an executor and gathering its results into one Dataset."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._atomic import write_netcdf
from .._progress import progress_callback
from ._executors import DaskExecutor, Job, ProcessExecutor, SerialExecutor, TaskResult
from ._table import Batch

_log = logging.getLogger(__name__)

__all__ = ["BatchResult", "gather", "run", "task_table", "write_netcdf"]

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

    def to_netcdf(self, path: str | os.PathLike[str]) -> None:
        """Write :attr:`dataset` to NetCDF atomically (text variables as strings)."""
        write_netcdf(self.dataset, path)


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


def jobs_of(batch: Batch, threads_per_task: int) -> tuple[list[Job], list[Any]]:
    """The jobs of the tasks and the distinct input objects they refer to."""
    shared: list[Any] = []
    where: dict[int, int] = {}
    jobs = []
    for k, task in enumerate(batch.tasks):
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
    _log.info("batch: %d tasks, %d failed", len(results), sum(r.status != "ok" for r in results))
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
    groups: dict[tuple, list[tuple[int, Any]]] = {}
    for k in sorted(data):
        groups.setdefault(_signature(data[k]), []).append((k, data[k]))
    stacked = [_stack(group) for group in groups.values()]
    if len(stacked) > 1:  # tasks with different labels or variables: an outer join
        ds = xr.concat(stacked, dim="task", join="outer", combine_attrs="drop_conflicts",
                       data_vars="all", coords="all", compat="equals").sortby("task")
    else:
        ds = stacked[0] if stacked else xr.Dataset(coords={"task": np.arange(0)})
    if ds.sizes["task"] != n:
        ds = ds.reindex(task=np.arange(n))
    states = [status.get(k, ("missing", "")) for k in range(n)]
    ds = ds.assign(
        task_id=("task", np.array([t.id for t in batch.tasks], dtype=object)),
        seed=("task", np.array([batch.seed_of(t) for t in batch.tasks], dtype=np.int64)),
        status=("task", np.array([s for s, _ in states], dtype=object)),
        error=("task", np.array([e for _, e in states], dtype=object)))
    coords = {}
    for key in dict.fromkeys(k for t in batch.tasks for k in t.coords):
        values = [_label(t.coords.get(key)) for t in batch.tasks]
        coords[key] = ("task", np.array(values, dtype=object)
                       if any(v is None for v in values) else np.array(values))
    ds = ds.assign_coords(coords)
    if batch.dims and _full_grid(batch):
        if len(batch.dims) == 1:
            ds = ds.swap_dims(task=batch.dims[0]).drop_vars("task")
        else:
            ds = ds.drop_vars("task").set_index(task=batch.dims).unstack("task")
    ds.attrs.update(batch_seed=str(batch.seed), n_tasks=n,
                    n_failed=sum(s == "error" for s, _ in states),
                    n_missing=sum(s == "missing" for s, _ in states))
    return ds


def _signature(ds: Any) -> tuple:
    """Datasets with the same signature stack along ``task`` without any alignment."""
    variables = tuple((name, var.dims, var.dtype.str) for name, var in ds.variables.items())
    labels = tuple((name, tuple(index.tolist())) for name, index in ds.indexes.items())
    return variables + labels


def _stack(group: list[tuple[int, Any]]) -> Any:
    """Same-signature datasets along a new ``task`` dimension (numpy stacking: gathering
    costs microseconds per task, not the milliseconds of a general concat)."""
    import xarray as xr

    first = group[0][1]
    coords: dict[str, Any] = {name: first.variables[name] for name in first.indexes}
    coords["task"] = [k for k, _ in group]
    data_vars = {}
    for name, var in first.variables.items():
        if name not in first.indexes:
            values = np.stack([ds.variables[name].values for _, ds in group])
            item = xr.Variable(("task", *var.dims), values, var.attrs)
            (coords if name in first.coords else data_vars)[name] = item
    attrs = {k: v for k, v in first.attrs.items()
             if all(_equal(ds.attrs.get(k), v) for _, ds in group)}
    return xr.Dataset(data_vars, coords=coords, attrs=attrs)


def _equal(a: Any, b: Any) -> bool:
    try:
        return bool(np.all(a == b))
    except (TypeError, ValueError):
        return False


def _label(value: Any) -> Any:
    """A coordinate value: tables and lists (e.g. a swept ``scale``) by their text."""
    return str(value) if isinstance(value, (Mapping, list, tuple)) else value


def _full_grid(batch: Batch) -> bool:
    seen = {tuple(str(t.coords.get(d)) for d in batch.dims) for t in batch.tasks}
    sizes = [len({str(t.coords.get(d)) for t in batch.tasks}) for d in batch.dims]
    return len(seen) == len(batch) == int(np.prod(sizes))
