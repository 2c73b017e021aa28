from __future__ import annotations

from pathlib import Path

import pytest

from aqm._data import data_path

ROOT = Path(__file__).resolve().parents[2]
SHARED_DATA = ROOT.parent / "shared" / "data"
MALFORMED = ROOT / "tests" / "data" / "malformed"


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present on this machine (reference datasets)")
    return SHARED_DATA


@pytest.fixture
def epa_pmf() -> Path:
    """EPA's PMF example datasets (Baltimore, Baton Rouge), bundled in data/pmf/epa."""
    return data_path("pmf/epa")
