"""KPP's own MCM isoprene scenario (KPP examples/mcm) reproduced from Python in one call and
compared with the output of KPP's generated code, recorded with its provenance in
tests/data/chem/kpp_mcm_isoprene_mixrat.csv (values only; no KPP code is in this repository)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from aqm import chem

KPP_OUTPUT = Path(__file__).resolve().parents[1] / "data" / "chem" / "kpp_mcm_isoprene_mixrat.csv"
M = 2.5e19


def kpp_zenith(t: float) -> float:
    """KPP's driver: min(89.5 deg, |2 pi t / 86400 - pi|), set at the start of each interval."""
    return min(89.5, abs(360.0 * t / 86400.0 - 180.0))


def test_kpp_mcm_isoprene_day_in_one_call(shared_data):
    kpp = pd.read_csv(KPP_OUTPUT, comment="#")
    mech = chem.Mechanism.from_kpp(shared_data / "mechanisms" / "kpp" / "mcm_v331_isoprene.eqn")
    mech = mech.override_rates({"KNO3AL": "1.44e-12*EXP(-1862/TEMP)"})  # constants_mcm.f90
    ds = mech.integrate(
        {"O3": 30.0, "NO2": 0.1, "CH4": 1800.0, "C5H8": 1.0},
        kpp["time"].to_numpy(float),
        units="ppb",
        temp=298.0,
        M=M,
        O2=0.21 * M,
        N2=0.78 * M,
        h2o=0.01 * M,
        photolysis=chem.UserZenith(kpp_zenith),
        update="interval",
        method="rodas3",
        rtol=1e-4,
        atol=1e-4,
        clip_negative=True,
        use_file_initial_values=False,
    )
    assert ds.attrs["status"] == "success"
    conc = ds["concentration"]
    worst = {}
    for species in ("O3", "NO", "NO2", "NO3", "C5H8", "OH", "HO2"):
        ours = conc.sel(species=species).to_numpy() * 1e-9  # mole fraction, as KPP writes
        theirs = kpp[species].to_numpy(float)
        # Compare where KPP's 4-digit output is meaningful (above 1e-6 of the species' peak).
        keep = np.abs(theirs) > 1e-6 * np.abs(theirs).max()
        worst[species] = float(np.max(np.abs(ours[keep] / theirs[keep] - 1)))
    for species, err in worst.items():
        assert err < TOLERANCE[species], (species, err, worst)
    # H2O and CH4 are fixed/slow: the conditions themselves reached the model.
    assert float(conc.sel(species="CH4")[-1]) == pytest.approx(1800.0, rel=1e-2)
    assert not math.isnan(float(conc.sel(species="O3")[-1]))


# Largest relative differences seen (2026-12-05): O3 1.7e-4, NO2 2.8e-3, NO3 4.9e-3, OH 6.9e-3,
# C5H8 1.0e-2, HO2 1.1e-2, NO 7.0e-2 (at dusk, NO ~ 1e-16).  They do not shrink when libaqm's
# rtol goes from 1e-4 to 1e-6, so they are KPP's: its driver runs at rtol 1e-2 and its RO2 sum
# is refreshed only with the rate constants, once per 20-min interval.  Limits: about twice.
TOLERANCE = {
    "O3": 4e-4,
    "NO": 0.15,
    "NO2": 6e-3,
    "NO3": 1e-2,
    "C5H8": 2.5e-2,
    "OH": 1.5e-2,
    "HO2": 2.5e-2,
}
