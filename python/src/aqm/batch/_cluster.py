"""A lean Dask LocalCluster for batches on one machine whose cores all run workers.

Dask's defaults suit interactive dataframe work: every event loop checks its own health every
20 ms, each worker samples its stack every 10 ms for the dashboard's profile, each process polls
psutil every 500 ms and the memory of its worker every 100 ms.  On a 2-core machine these use
cycles the two workers need (``benchmarks/batch_cluster_idle.py``).  The cluster below keeps
every safety net (the nanny restarts a dead worker and still terminates one over its memory
limit) and only checks less often.  It is never applied to a cluster the user starts.
"""

from __future__ import annotations

import os
from typing import Any

__all__ = ["LEAN_DASK_CONFIG", "local_cluster"]

#: Dask settings of :func:`local_cluster`: longer intervals for Dask's own periodic work.
LEAN_DASK_CONFIG: dict[str, Any] = {
    # the statistical profiler feeds the dashboard only; it wakes each worker every 10 ms
    "distributed.worker.profile.enabled": False,
    # event-loop health check: still warns of a blocked loop after 3 s ("tick.limit")
    "distributed.admin.tick.interval": "500ms",
    # host CPU, memory and network samples for the dashboard and the heartbeat's metrics
    "distributed.admin.system-monitor.interval": "5s",
    # spill/pause/terminate checks of the worker's memory: once a second instead of ten times
    "distributed.worker.memory.monitor-interval": "1s",
}


def _positive_int(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name}: must be an integer >= 1, got {value!r}")
    return value


def local_cluster(
    n_workers: int | None = None, *, threads_per_worker: int = 1, **cluster_kwargs: Any
) -> Any:
    """A ``distributed.LocalCluster`` of ``n_workers`` processes (default: the CPU count) with
    ``threads_per_worker`` threads each and ``LEAN_DASK_CONFIG`` applied to its scheduler,
    nannies and workers (only while it starts; dask's configuration is left as it was).

    ``cluster_kwargs`` go to ``LocalCluster`` (e.g. ``memory_limit``); the dashboard is off
    unless ``dashboard_address`` is given.  Use it as any cluster::

        with batch.local_cluster(2) as cluster, Client(cluster) as client:
            res = batch.run(b, "dask", client=client)
    """
    try:
        import dask
        import distributed
    except ImportError:
        raise ImportError(
            "batch.local_cluster needs dask.distributed: pip install 'libaqm[batch]'"
        ) from None
    if n_workers is None:
        n_workers = os.cpu_count() or 1
    n_workers = _positive_int("n_workers", n_workers)
    threads_per_worker = _positive_int("threads_per_worker", threads_per_worker)
    if cluster_kwargs.pop("processes", True) is not True:
        raise ValueError(
            "processes: local_cluster runs each worker in its own process (tasks hold the GIL "
            "while they pack results); use distributed.LocalCluster for a threaded cluster"
        )
    if cluster_kwargs.setdefault("dashboard_address", None) is None:
        # the scheduler's HTTP server (health, metrics) still starts: on a free local port, not
        # on 8787, which another cluster on this machine may hold (Dask then warns)
        scheduler = {
            "dashboard_address": "127.0.0.1:0",
            **cluster_kwargs.get("scheduler_kwargs", {}),
        }
        cluster_kwargs["scheduler_kwargs"] = scheduler
    with dask.config.set(LEAN_DASK_CONFIG):
        return distributed.LocalCluster(
            n_workers=n_workers,
            threads_per_worker=threads_per_worker,
            processes=True,
            **cluster_kwargs,
        )
