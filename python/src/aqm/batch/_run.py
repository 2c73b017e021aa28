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
from ._executors import Chunk, DaskExecutor, Job, ProcessExecutor, SerialExecutor
from ._packing import Packed, merge, pack, unpack
from ._table import Batch

_log = logging.getLogger(__name__)

__all__ = ["BatchResult", "gather", "run", "task_table", "write_netcdf"]

_EXECUTORS = {"serial": SerialExecutor, "process": ProcessExecutor, "dask": DaskExecutor}


@dataclass
class BatchResult:
    """``dataset``: every task's result along the sweep dimensions (or ``task``), with
    ``task_id``, ``seed``, ``status`` and ``error`` per task; ``table``: one row per task with
    its status, error and run time; ``failed``: the ids of failed tasks."""

    dataset: Any
    table: pd.DataFrame

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
        raise ValueError(
            f"executor: unknown {executor!r} (use {', '.join(_EXECUTORS)} or an executor object)"
        )
    if executor == "process":
        return ProcessExecutor(max_workers)
    if executor == "dask":
        return DaskExecutor(client)
    return SerialExecutor()


def jobs_of(batch: Batch, threads_per_task: int, seeds: list[int]) -> tuple[list[Job], list[Any]]:
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
        jobs.append(Job(k, task.kind, dict(task.config), refs, seeds[k], threads_per_task))
    return jobs, shared


def run(
    batch: Batch,
    executor: Any = "process",
    *,
    max_workers: int | None = None,
    client: Any = None,
    progress: bool | None = None,
) -> BatchResult:
    """Run every task of ``batch`` and gather the results.

    ``executor``: "process" (a local process pool of ``max_workers``, default all cores),
    "serial", "dask" (``client``, or the current ``distributed`` client), or an executor
    object (:class:`ProcessExecutor`, :class:`DaskExecutor`, :class:`SerialExecutor`).  A
    failed task is recorded with its error; the others are kept.  Results do not depend on
    the executor or the number of workers.
    """
    ex = _executor(executor, max_workers, client)
    seeds = [batch.seed_of(t) for t in batch.tasks]
    jobs, shared = jobs_of(batch, ex.threads_per_task, seeds)
    chunks: list[Chunk] = []
    with progress_callback(progress, f"batch ({len(jobs)} tasks)") as cb:
        done = 0

        def report(chunk: Chunk) -> None:
            nonlocal done
            chunks.append(chunk)
            done += len(chunk.tasks)
            if cb is not None:
                cb(done, len(jobs))

        ex.run(jobs, shared, report)
    tasks = sorted((t for c in chunks for t in c.tasks), key=lambda t: t.index)
    table = task_table(batch, seeds)
    table["status"] = [t.status for t in tasks]
    table["error"] = [t.error for t in tasks]
    table["seconds"] = [t.seconds for t in tasks]
    status = {t.index: (t.status, t.error) for t in tasks}
    loose = pack([(t.index, t.data) for t in tasks if t.data is not None])
    packs = merge([*(p for c in chunks for p in c.packed), *loose])
    _log.info("batch: %d tasks, %d failed", len(tasks), sum(t.status != "ok" for t in tasks))
    return BatchResult(_gather_packed(batch, packs, status, seeds), table)


def task_table(batch: Batch, seeds: list[int] | None = None) -> pd.DataFrame:
    """One row per task: index, id, kind, seed and its coordinates."""
    if seeds is None:
        seeds = [batch.seed_of(t) for t in batch.tasks]
    rows = [
        {"index": k, "id": t.id, "kind": t.kind, "seed": seeds[k], **t.coords}
        for k, t in enumerate(batch.tasks)
    ]
    return pd.DataFrame(rows).set_index("index")


def gather(batch: Batch, data: Mapping[int, Any], status: Mapping[int, tuple[str, str]]) -> Any:
    """One Dataset: each task's Dataset along ``task`` (outer join of their labels, NaN where
    a task has no value), then unstacked into the sweep dimensions when the tasks are a full
    sweep.  Tasks absent from ``status`` are "missing"."""
    packs = merge(pack([(k, data[k]) for k in sorted(data)]))
    return _gather_packed(batch, packs, status, [batch.seed_of(t) for t in batch.tasks])


def _gather_packed(
    batch: Batch, packs: list[Packed], status: Mapping[int, tuple[str, str]], seeds: list[int]
) -> Any:
    """:func:`gather` from merged packs (one per layout)."""
    import xarray as xr

    n = len(batch)
    stacked = [unpack(p) for p in packs]
    if len(stacked) > 1:  # tasks with different labels or variables: an outer join
        ds = xr.concat(
            stacked,
            dim="task",
            join="outer",
            combine_attrs="drop_conflicts",
            data_vars="all",
            coords="all",
            compat="equals",
        ).sortby("task")
    else:
        ds = stacked[0] if stacked else xr.Dataset(coords={"task": np.arange(0)})
    if ds.sizes["task"] != n:
        ds = ds.reindex(task=np.arange(n))
    states = [status.get(k, ("missing", "")) for k in range(n)]
    ds = ds.assign(
        task_id=("task", np.array([t.id for t in batch.tasks], dtype=object)),
        seed=("task", np.array(seeds, dtype=np.int64)),
        status=("task", np.array([s for s, _ in states], dtype=object)),
        error=("task", np.array([e for _, e in states], dtype=object)),
    )
    coords = {}
    for key in dict.fromkeys(k for t in batch.tasks for k in t.coords):
        values = [_label(t.coords.get(key)) for t in batch.tasks]
        coords[key] = (
            "task",
            np.array(values, dtype=object) if any(v is None for v in values) else np.array(values),
        )
    ds = ds.assign_coords(coords)
    if batch.dims and _full_grid(batch):
        if len(batch.dims) == 1:
            ds = ds.swap_dims(task=batch.dims[0]).drop_vars("task")
        else:
            ds = ds.drop_vars("task").set_index(task=batch.dims).unstack("task")
    ds.attrs.update(
        batch_seed=str(batch.seed),
        n_tasks=n,
        n_failed=sum(s == "error" for s, _ in states),
        n_missing=sum(s == "missing" for s, _ in states),
    )
    return ds


def _label(value: Any) -> Any:
    """A coordinate value: tables and lists (e.g. a swept ``scale``) by their text."""
    return str(value) if isinstance(value, (Mapping, list, tuple)) else value


def _full_grid(batch: Batch) -> bool:
    seen = {tuple(str(t.coords.get(d)) for d in batch.dims) for t in batch.tasks}
    sizes = [len({str(t.coords.get(d)) for t in batch.tasks}) for d in batch.dims]
    return len(seen) == len(batch) == int(np.prod(sizes))
