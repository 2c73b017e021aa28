"""Timing helper shared by the benchmark scripts (never imported by libaqm)."""

from __future__ import annotations

import time
from typing import Callable


def best_of(
    n: int, fn: Callable[[], object], clock: Callable[[], float] = time.perf_counter
) -> tuple[float, object]:
    """Smallest time of n runs (the machine is shared) by ``clock`` (wall by default;
    ``time.process_time`` for CPU) and the last result."""
    best, out = float("inf"), None
    for _ in range(n):
        t0 = clock()
        out = fn()
        best = min(best, clock() - t0)
    return best, out
