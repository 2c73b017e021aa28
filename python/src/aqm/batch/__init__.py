"""Batches at scale: PMF fits, box runs, isopleth cells, attributions and inventory scenarios
as tables of deterministic tasks, run on a process pool, Dask or a job array.

::

    from aqm import batch
    b = batch.Batch.sweep("pmf", {"n_components": [4, 5, 6]}, replicates=10,
                          config={"n_runs": 20}, inputs={"data": dataset}, seed=42)
    res = batch.run(b)                         # local process pool, one thread per task
    res = batch.run(b, "dask", client=client)  # any dask.distributed cluster
    res.dataset                                # dims n_components x replicate x ...

A task's seed derives from the batch seed and the task's id only, so a batch gives the same
result on any executor and any number of workers.  ``aqm batch plan|run|gather`` runs a
batch from a TOML file as a job array (``aqm.batch.jobarray``).  Dask is optional: only the
Dask executor needs it.
"""

from __future__ import annotations

from ._cluster import LEAN_DASK_CONFIG, local_cluster
from ._executors import DaskExecutor, ProcessExecutor, SerialExecutor, TaskResult
from ._kinds import KINDS, run_task
from ._run import BatchResult, gather, run, task_table, write_netcdf
from ._table import Batch, Task, task_seed

__all__ = [
    "KINDS",
    "LEAN_DASK_CONFIG",
    "Batch",
    "BatchResult",
    "DaskExecutor",
    "ProcessExecutor",
    "SerialExecutor",
    "Task",
    "TaskResult",
    "gather",
    "local_cluster",
    "run",
    "run_task",
    "task_seed",
    "task_table",
    "write_netcdf",
]
