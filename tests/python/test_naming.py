"""One name per meaning across the pillars (issue 15, step 5 of the seam)."""

from __future__ import annotations

import importlib
import pkgutil

import aqm
from aqm import _core, chem, emis


def _public_modules():
    for info in pkgutil.walk_packages(aqm.__path__, "aqm."):
        if not info.name.startswith("aqm._core"):
            yield importlib.import_module(info.name)


def test_one_mechanism_class():
    """``Mechanism`` is the chemical mechanism (reactions) everywhere; the emission side's
    compound -> mechanism-species table is ``SpeciesMapping``."""
    assert not hasattr(_core.emis, "Mechanism") and not hasattr(emis, "Mechanism")
    holders = [m.__name__ for m in _public_modules()
               if getattr(m, "Mechanism", chem.Mechanism) is not chem.Mechanism]
    assert not holders, f"another Mechanism in {holders}"
    mapping = emis.load_mechanism()
    assert isinstance(mapping, emis.SpeciesMapping)
    assert mapping.compounds
    assert all(sp in mapping.species_mw for c in mapping.compounds for sp, _ in c.species)
