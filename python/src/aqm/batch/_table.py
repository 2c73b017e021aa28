"""Tasks and batches: deterministic units of work with ids, and their seeds.

A task is (kind, config, inputs) with an id; its seed is a function of the batch seed and the
id only, so a task gives the same result wherever, whenever and alongside whatever it runs.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._kinds import KINDS, check_config

__all__ = ["Batch", "Task", "task_seed"]

_MAX_SEED = 2**63 - 1


def task_seed(batch_seed: int, task_id: str) -> int:
    """The seed of task ``task_id`` in a batch seeded ``batch_seed``: numpy's SeedSequence of
    the batch seed with the id's SHA-256 as spawn key, reduced to [0, 2^63 - 1]."""
    if (
        isinstance(batch_seed, bool)
        or not isinstance(batch_seed, (int, np.integer))
        or not (0 <= batch_seed <= _MAX_SEED)
    ):
        raise ValueError(f"seed: must be an integer in [0, 2^63 - 1], got {batch_seed!r}")
    key = int.from_bytes(hashlib.sha256(task_id.encode()).digest()[:8], "little")
    state = np.random.SeedSequence(int(batch_seed), spawn_key=(key,)).generate_state(2, np.uint64)
    return int(state[0]) & _MAX_SEED


@dataclass(frozen=True)
class Task:
    """One unit of work: ``kind`` (see :data:`aqm.batch.KINDS`) applied to ``inputs``
    (objects: a PMF Dataset, a BoxModel, ...) with parameters ``config``.

    ``id`` names the task (its seed derives from it); ``coords`` are its sweep coordinates
    (gathered results are indexed by them).
    """

    kind: str
    config: Mapping[str, Any] = field(default_factory=dict)
    inputs: Mapping[str, Any] = field(default_factory=dict)
    id: str = ""
    coords: Mapping[str, Any] = field(default_factory=dict)


def _coord_label(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _sweep_id(coords: Mapping[str, Any]) -> str:
    return ",".join(f"{k}={_coord_label(v)}" for k, v in coords.items())


class Batch:
    """A table of tasks and the batch seed.

    Build from a list of :class:`Task` (ids default to their position, ``"0"``, ``"1"``, ...)
    or with :meth:`sweep` (the product of parameter lists; ids name the coordinates, e.g.
    ``"n_components=5,replicate=2"``).
    """

    def __init__(
        self,
        tasks: Iterable[Task],
        *,
        seed: int = 0,
        dims: Sequence[str] | None = None,
        check: bool = True,
    ) -> None:
        self.seed = int(seed)
        task_seed(self.seed, "")  # checks the seed
        self.tasks: list[Task] = []
        for k, t in enumerate(tasks):
            if not isinstance(t, Task):
                raise TypeError(f"task {k}: expected aqm.batch.Task, got {type(t).__name__}")
            if t.kind not in KINDS:
                raise ValueError(f"task {k}: unknown kind {t.kind!r} (use {', '.join(KINDS)})")
            if check:  # False only for a table whose inputs are elsewhere (a job array)
                check_config(t.kind, t.config, t.inputs, where=f"task {k}")
            self.tasks.append(t if t.id else Task(t.kind, t.config, t.inputs, str(k), t.coords))
        if not self.tasks:
            raise ValueError("a batch needs at least one task")
        ids = [t.id for t in self.tasks]
        if len(set(ids)) != len(ids):
            dup = sorted({i for i in ids if ids.count(i) > 1})
            raise ValueError(f"task ids must be unique; repeated: {', '.join(dup[:5])}")
        self.dims = list(dims) if dims is not None else []

    @classmethod
    def sweep(
        cls,
        kind: str,
        sweep: Mapping[str, Sequence[Any]],
        *,
        config: Mapping[str, Any] | None = None,
        inputs: Mapping[str, Any] | None = None,
        replicates: int | None = None,
        seed: int = 0,
    ) -> Batch:
        """Every combination of the ``sweep`` lists (parameters of ``kind`` or plain labels),
        each over the fixed ``config`` and the same ``inputs``; ``replicates`` adds a
        ``replicate`` dimension (0 .. n-1) whose tasks differ only by their seed."""
        axes = {str(k): list(v) for k, v in sweep.items()}
        if replicates is not None:
            if replicates < 1:
                raise ValueError(f"replicates: must be >= 1, got {replicates}")
            axes["replicate"] = list(range(int(replicates)))
        for name, values in axes.items():
            if not values:
                raise ValueError(f"sweep {name!r}: needs at least one value")
            if len({_coord_label(v) for v in values}) != len(values):
                raise ValueError(f"sweep {name!r}: repeated values {values}")
        params = set(KINDS[kind].params) if kind in KINDS else set()
        tasks = []
        for combo in itertools.product(*axes.values()):
            coords = dict(zip(axes, combo))
            cfg = dict(config or {})
            cfg.update({k: v for k, v in coords.items() if k in params})
            tasks.append(Task(kind, cfg, dict(inputs or {}), _sweep_id(coords), coords))
        return cls(tasks, seed=seed, dims=list(axes))

    def __len__(self) -> int:
        return len(self.tasks)

    def __getitem__(self, index: int) -> Task:
        return self.tasks[index]

    def seed_of(self, task: Task) -> int:
        return task_seed(self.seed, task.id)

    def __repr__(self) -> str:
        kinds = sorted({t.kind for t in self.tasks})
        return f"<Batch: {len(self)} tasks ({', '.join(kinds)}), seed {self.seed}>"
