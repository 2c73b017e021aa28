"""The number of factors p has one name in the Python API, ``n_components`` (scikit-learn's, as
``PMF.__init__`` takes it), wherever it is passed: ``PMF``, ``factor_sweep``,
``aqm.voc.joint_oh_exposure`` and batch sweeps.  The CLI flag and TOML key are ``factors``.
Errors name what the user wrote: the keyword, a deprecated keyword, or the key or flag."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

__all__ = ["check_n_components", "renamed_keyword"]


def check_n_components(
    p: Any, shape: tuple[int, int] | None = None, name: str = "n_components"
) -> int:
    """``p`` as an int: positive, and below min(samples, species) when ``shape`` is given;
    ValueError naming ``name`` otherwise."""
    if isinstance(p, bool) or not isinstance(p, (int, np.integer)) or p < 1:
        raise ValueError(f"{name} must be a positive integer, got {p!r}")
    if shape is not None and p >= min(shape):
        raise ValueError(
            f"{name}: p = {p} must be smaller than min(samples, species) = {min(shape)}"
        )
    return int(p)


def renamed_keyword(
    new: str, new_value: Any, old: str, old_value: Any, where: str
) -> tuple[Any, str]:
    """(value, name the user wrote) of a keyword renamed from ``old`` to ``new``; a
    DeprecationWarning when ``old`` is used, TypeError when both are."""
    if old_value is None:
        return new_value, new
    if new_value is not None:
        raise TypeError(f"{where}: give {new}, not both {new} and {old} (its old name)")
    warnings.warn(
        f"{where}: {old} is renamed {new}; {old} will be removed", DeprecationWarning, stacklevel=3
    )
    return old_value, old
