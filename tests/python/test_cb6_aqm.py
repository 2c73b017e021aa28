"""The built-in mechanism data/mechanisms/cb6_aqm: self-check and generator consistency.

The self-check (data/mechanisms/check_cb6_aqm.py) compares 80 rate constants at 298.15 K and
1 atm with the values printed in CMAQ's cb6r3_ae7_aq reaction table; see its docstring.
"""

from __future__ import annotations

import importlib.util
import shutil

import pytest
from conftest import ROOT

MECH = ROOT / "data" / "mechanisms"


def _module(name: str):
    spec = importlib.util.spec_from_file_location(name, MECH / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_self_check_passes():
    summary = _module("check_cb6_aqm").check()
    assert summary["species"] == 78
    assert summary["reactions"] == 213
    assert summary["rate constants compared with CMAQ table"] == 80
    assert summary["worst relative difference"] < 5e-4


def test_self_check_catches_a_wrong_rate(tmp_path, monkeypatch):
    for f in MECH.glob("cb6_aqm.*"):
        shutil.copy(f, tmp_path / f.name)
    eqn = tmp_path / "cb6_aqm.eqn"
    # OH + NO2 (R45): k0 1.8e-30 -> 1.9e-30 must be caught against the CMAQ value
    text = eqn.read_text()
    assert "<R45> NO2 + OH = HNO3 : (1.8e-30" in text
    eqn.write_text(
        text.replace("<R45> NO2 + OH = HNO3 : (1.8e-30", "<R45> NO2 + OH = HNO3 : (1.9e-30")
    )
    check = _module("check_cb6_aqm")
    monkeypatch.setattr(check, "HERE", tmp_path)
    with pytest.raises(check.CheckError, match="R45"):
        check.check()


def test_files_are_what_the_generator_writes(tmp_path):
    build = _module("build_cb6_aqm")
    build.write_eqn(tmp_path / "cb6_aqm.eqn")
    build.write_spc(tmp_path / "cb6_aqm.spc")
    build.write_def(tmp_path / "cb6_aqm.def")
    for ext in ("eqn", "spc", "def"):
        assert (tmp_path / f"cb6_aqm.{ext}").read_text() == (MECH / f"cb6_aqm.{ext}").read_text()
