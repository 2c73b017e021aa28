"""The solver defaults, read once from C++ (``RosenbrockOptions()``): the public signatures
show these values and no copy of them is written in Python."""

from __future__ import annotations

from .. import _core

ROSENBROCK = _core.RosenbrockOptions()
