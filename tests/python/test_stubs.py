"""The checked-in stubs of the native module (python/src/aqm/_core/*.pyi) are what
scripts/gen_stubs.sh makes from the built module: a binding change without regenerated stubs
fails here."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECKED_IN = ROOT / "python" / "src" / "aqm" / "_core"


def test_checked_in_stubs_match_the_built_module(tmp_path):
    pytest.importorskip("pybind11_stubgen", reason="pybind11-stubgen (scripts/install-deps.sh)")
    subprocess.run(
        ["bash", str(ROOT / "scripts" / "gen_stubs.sh"), str(tmp_path)],
        check=True,
        env={**os.environ, "PYTHON": sys.executable},
    )
    made = {
        p.relative_to(tmp_path / "aqm" / "_core"): p.read_text()
        for p in (tmp_path / "aqm" / "_core").rglob("*.pyi")
    }
    kept = {p.relative_to(CHECKED_IN): p.read_text() for p in CHECKED_IN.rglob("*.pyi")}
    assert sorted(made) == sorted(kept), "stub files differ: run bash scripts/gen_stubs.sh"
    stale = [str(name) for name in made if made[name] != kept[name]]
    assert not stale, f"stale stubs {stale}: run bash scripts/gen_stubs.sh"


def test_stubs_name_the_typed_results():
    """A fit crosses as one typed object and results come back as classes, not dicts."""
    text = (CHECKED_IN / "pmf.pyi").read_text()
    assert "def bootstrap(fit: Fit, options: BootstrapOptions" in text
    assert "-> BootstrapResult:" in text and "class BootstrapResult:" in text
    # no raw C++ type leaked into a signature (a class bound after its first use)
    for stub in CHECKED_IN.rglob("*.pyi"):
        assert "::" not in stub.read_text(), stub.name
