"""Benchmark (not in CI): how well the bundled-day isopleth's work spreads over 2 threads.

Runs the 21 x 21 isopleth of `box_isopleth_bundled.py` on one thread, takes the CPU time of
each step from the progress callback (the base run, then the column groups' rows in the order
`parallel_chains` gives one thread), and replays those costs on 2 threads twice: whole column
groups on a dynamic loop (the schedule before the chains) and the chain rule (a free thread
takes the next row of the idle group with the most rows left).  Answers do not depend on the
schedule, so this isolates the balance from the load on a shared machine.

    OMP_NUM_THREADS=1 python benchmarks/isopleth_schedule_replay.py
"""

from __future__ import annotations

import heapq
import time
from pathlib import Path

import numpy as np

from aqm import _core
from aqm.chem.box import _scale_mask
from aqm.chem.box_config import from_config, load_config

CONFIG = Path(__file__).resolve().parents[1] / "data" / "box" / "hangzhou_summer_day.toml"


def chain_order(lengths: list[int]) -> list[tuple[int, int]]:
    """(chain, step) in the order parallel_chains runs them on one thread."""
    left, order = list(lengths), []
    while any(left):
        c = max(range(len(left)), key=lambda i: (left[i], -i))
        order.append((c, lengths[c] - left[c]))
        left[c] -= 1
    return order


def whole_chains(chain_cost: list[float]) -> float:
    """Makespan of whole chains on 2 threads, dynamic, in index order."""
    free = [0.0, 0.0]
    for cost in chain_cost:
        free[free.index(min(free))] += cost
    return max(free)


def chains(cost: dict[tuple[int, int], float], lengths: list[int]) -> float:
    """Makespan of the chain rule on 2 threads (event replay)."""
    nxt, running, idle, events, clock = [0] * len(lengths), [False] * len(lengths), 2, [], 0.0
    while True:
        while idle:
            ready = [c for c in range(len(lengths)) if not running[c] and nxt[c] < lengths[c]]
            if not ready:
                break
            c = max(ready, key=lambda i: (lengths[i] - nxt[i], -i))
            running[c], idle = True, idle - 1
            heapq.heappush(events, (clock + cost[(c, nxt[c])], c))
            nxt[c] += 1
        if not events:
            return clock
        clock, c = heapq.heappop(events)
        running[c], idle = False, idle + 1


def main() -> None:
    cfg, base = load_config(CONFIG)
    box = from_config(cfg, base)
    o = _core.box.IsoplethOptions()
    o.voc_factors = list(np.linspace(0.1, 2.0, 21))
    o.nox_factors = list(np.geomspace(0.1, 3.0, 21))
    o.voc_species = list(dict(_core.box.default_rir_groups(box._m))["AHC"])
    o.nox_species = ["NO", "NO2"]
    o.scale = _scale_mask(("initial", "constraint", "emission"))
    o.n_threads, o.ppb = 1, True
    stamps: list[float] = []
    t0 = time.process_time()
    _core.box.isopleth(box._m, o, lambda done, total: stamps.append(time.process_time()))
    steps = np.diff([t0, *stamps])
    groups = len(stamps) // len(o.voc_factors)
    lengths = [1] + [len(o.voc_factors)] * groups
    cost = dict(zip(chain_order(lengths), steps))
    chain_cost = [sum(cost[(c, k)] for k in range(n)) for c, n in enumerate(lengths)]
    print("CPU per chain (base, then column groups):", " ".join(f"{x:.3f}" for x in chain_cost))
    print(
        f"2 threads: whole groups {whole_chains(chain_cost):.3f} s, chains "
        f"{chains(cost, lengths):.3f} s, ideal {steps.sum() / 2:.3f} s"
    )


if __name__ == "__main__":
    main()
