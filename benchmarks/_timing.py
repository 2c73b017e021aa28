"""Timing helper shared by the benchmark scripts (never imported by libaqm)."""

from __future__ import annotations

import time
from typing import Callable


def best_of(n: int, fn: Callable[[], object]) -> tuple[float, object]:
    """Smallest wall time of n runs (the machine is shared) and the last result."""
    best, out = float("inf"), None
    for _ in range(n):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out
