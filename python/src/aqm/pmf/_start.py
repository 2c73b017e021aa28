"""How a PMF fit starts: the seed of its seeded runs (scikit-learn's ``random_state``), or the
contributions and profiles given to :meth:`aqm.pmf.PMF.fit` to start from, checked."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt


def _seed_from(random_state: Any) -> int:
    """sklearn convention: None → fresh entropy, int → itself, Generator → one draw from it."""
    if random_state is None:
        return int(np.random.SeedSequence().entropy % (2**63))
    if isinstance(random_state, (int, np.integer)):
        if random_state < 0:
            raise ValueError(f"random_state must be >= 0, got {random_state}")
        return int(random_state)
    if isinstance(random_state, np.random.Generator):
        return int(random_state.integers(0, 2**63))
    raise ValueError(
        f"random_state must be None, an int or a numpy Generator, got {random_state!r}"
    )


def _check_start(
    G: npt.ArrayLike | None, F: npt.ArrayLike | None, n: int, m: int, p: int
) -> tuple[np.ndarray, np.ndarray] | None:
    """The start of :meth:`PMF.fit` as float arrays, or None for seeded starts; ``n`` × ``m``
    is the data the fit sees (after bad species and excluded samples), ``p`` the factors."""
    if G is None and F is None:
        return None
    if G is None or F is None:
        missing = "G" if G is None else "F"
        raise ValueError(f"{missing}: a start needs both G and F (contributions and profiles)")
    out = []
    for name, value, shape, what in (
        ("G", G, (n, p), f"{n} samples x {p} factors"),
        ("F", F, (p, m), f"{p} factors x {m} species"),
    ):
        try:
            a = np.array(value, dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"{name}: not a numeric matrix") from None
        if a.shape != shape:
            raise ValueError(
                f"{name}: shape {a.shape} does not match the fitted data, {shape} "
                f"({what}; bad species and excluded samples are not fitted)"
            )
        if not np.isfinite(a).all():
            raise ValueError(f"{name}: {int((~np.isfinite(a)).sum())} values are not finite")
        if (a < 0).any():
            raise ValueError(f"{name}: {int((a < 0).sum())} values are negative (need G, F >= 0)")
        out.append(a)
    return out[0], out[1]
