"""libaqm: air-quality science in one toolkit.

- ``aqm.io``   — delimited text, CF NetCDF and HDF5 readers/writers for labelled data
- ``aqm.pmf``  — PMF receptor modelling (EPA PMF 5.0's method)
- ``aqm.chem`` — mechanisms (KPP, FACSIMILE, built-in CB6r3), sparse Rosenbrock integration,
  VOC reactivity
- ``aqm.emis`` — emission inventories, control scenarios, speciation, regridding
- ``aqm.species`` — the species registry every pillar shares (names, CAS, MW, kOH, MIR, CB6)

C++ errors arrive as Python built-ins: bad values raise ``ValueError`` (parse problems as its
subclass ``aqm.ParseError``, unit problems as ``aqm.UnitError``), unknown names ``KeyError``,
file problems ``OSError``/``FileNotFoundError``.
"""

from __future__ import annotations

import logging as _logging

from . import _core
from ._core import ParseError, UnitError, default_threads, have_openmp
from ._log_forwarding import install_log_forwarding as _install_log_forwarding
from ._pickling import register as _register_pickling

__version__: str = _core.__version__

_logging.getLogger("aqm").addHandler(_logging.NullHandler())
_install_log_forwarding()
_register_pickling()

from . import chem, emis, io, pmf, species, voc  # noqa: E402

__all__ = [
    "ParseError",
    "UnitError",
    "__version__",
    "chem",
    "default_threads",
    "emis",
    "have_openmp",
    "io",
    "pmf",
    "species",
    "voc",
]

ParseError.__module__ = "aqm"
UnitError.__module__ = "aqm"
