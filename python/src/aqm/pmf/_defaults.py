"""PMF 5.0's defaults, read once from C++ (the default-constructed option classes): the public
signatures show these values and no copy of them is written in Python."""

from __future__ import annotations

from .. import _core

SOLVE = _core.pmf.SolveOptions()
BASE = _core.pmf.BaseRunOptions()
BOOTSTRAP = _core.pmf.BootstrapOptions()
DISPLACEMENT = _core.pmf.DisplacementOptions()
BS_DISP = _core.pmf.BsDispOptions()
FPEAK = _core.pmf.FpeakOptions()
CONSTRAINT = _core.pmf.ElementConstraint()
CONSTRAINED_RUN = _core.pmf.ConstraintOptions()
SWEEP = _core.pmf.FactorSweepOptions()
