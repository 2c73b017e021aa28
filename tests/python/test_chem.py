"""aqm.chem: loading, rate constants and integration against outside reference values."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

import aqm
from aqm import chem

CHEM_DATA = Path(__file__).resolve().parents[1] / "data" / "chem"


def _ch4(shared_data: Path) -> chem.Mechanism:
    return chem.Mechanism.from_facsimile(
        shared_data / "mechanisms" / "facsimile" / "mcm_v331_ch4.fac"
    )


def test_load_both_formats_and_summary(shared_data):
    iso = chem.Mechanism.from_kpp(shared_data / "mechanisms" / "kpp" / "mcm_v331_isoprene.eqn")
    s = iso.summary()
    assert s["n_reactions"] == 1944
    assert len(iso.ro2_species) == 117
    # KPP's generated code: NONZERO = 5534 for NVAR = 610 (one declared species is unused here).
    assert s["jacobian_nonzeros"] == 5534 + 1
    ch4 = _ch4(shared_data)
    assert ch4.summary()["n_reactions"] == 71
    assert list(ch4.reactions.columns) == ["tag", "reactants", "products", "rate"]


def test_rate_constants_match_reference_table(shared_data):
    # chemistry.md §5.2 at 298.15 K, 1013.25 hPa, H2O = 1 % of M.
    m = _ch4(shared_data)
    M = chem.air_density(298.15, 1013.25)
    assert M == pytest.approx(2.4615e19, rel=1e-4)
    k = m.rate_constants(298.15, 1013.25, h2o=0.01 * M)
    rx = m.reactions.set_index("tag")
    pick = lambda r, p: k[rx[(rx.reactants == r) & (rx.products == p)].index].sum()
    assert pick("NO + O3", "NO2") == pytest.approx(1.730e-14, rel=1.5e-3)
    assert pick("OH + NO2", "HNO3") == pytest.approx(9.880e-12, rel=1.5e-3)
    assert pick("HO2 + HO2", "H2O2") == pytest.approx(4.497e-12, rel=1.5e-3)
    assert pick("N2O5", "NO2 + NO3") == pytest.approx(4.541e-2, rel=1.5e-3)


def test_errors_are_typed_and_located():
    with pytest.raises(FileNotFoundError):
        chem.Mechanism.from_kpp(CHEM_DATA / "missing.eqn")
    with pytest.raises(aqm.ParseError, match=r"bad_species.eqn:4:9: B: species is not declared"):
        chem.Mechanism.from_kpp(CHEM_DATA / "bad_species.eqn")
    with pytest.raises(ValueError, match="unknown name 'KNOTDEFINED'"):
        chem.Mechanism.from_facsimile(CHEM_DATA / "bad_name.fac")
    m = chem.Mechanism.from_kpp(CHEM_DATA / "robertson.eqn")
    with pytest.raises(KeyError):
        m.integrate({"NOPE": 1.0}, [0, 1])
    with pytest.raises(ValueError):
        m.integrate({"A": 1.0}, [0, 1], method="euler")
    with pytest.raises(ValueError):
        m.integrate({"A": 1.0}, [1, 0])
    with pytest.raises(ValueError):
        m.integrate({"A": 1.0}, [0, 1], rtol=-1)
    with pytest.raises(ValueError):
        m.integrate({"A": 1.0}, [0, 1], units="furlongs")
    with pytest.raises(ValueError):
        m.integrate({"A": 1.0}, [0, 1], photolysis="sunny")


def test_builtin_from_a_data_dir():
    m = chem.Mechanism.builtin("tiny_builtin", data_dir=CHEM_DATA)
    ds = m.integrate({"A": 1e9}, np.linspace(0, 3000, 7), rtol=1e-7, atol=1e-3)
    t = ds.time.values
    a = 1e9 * np.exp(-1e-3 * t)
    b = 1e9 * 1e-3 / (5e-4 - 1e-3) * (np.exp(-1e-3 * t) - np.exp(-5e-4 * t))
    np.testing.assert_allclose(ds.concentration.sel(species="A"), a, rtol=1e-5)
    np.testing.assert_allclose(ds.concentration.sel(species="B"), b, rtol=1e-5)
    assert ds.attrs["status"] == "success"
    assert ds.concentration.attrs["units"] == "molecule cm-3"
    with pytest.raises(FileNotFoundError, match="no built-in mechanism"):
        chem.Mechanism.builtin("no_such_mechanism", data_dir=CHEM_DATA)


def test_builtin_package_mechanism_when_shipped():
    try:
        m = chem.Mechanism.builtin("cb6_aqm")
    except FileNotFoundError:
        pytest.skip("data/mechanisms/cb6_aqm.eqn is not in this build yet")
    assert m.summary()["n_reactions"] > 0


def test_leighton_photostationary_state_in_ppb():
    # chemistry.md §5.3: SZA 30 deg, 40 ppb O3: NO2/NO = 2.06.
    m = chem.Mechanism.from_facsimile_text(
        "VARIABLE NO NO2 O3 ;\nRO2 = ;\n% J<4> : NO2 = NO + O3 ;\n"
        "% 1.4D-12*EXP(-1310/TEMP) : NO + O3 = NO2 ;\n",
        "pss",
    )
    assert chem.photolysis_rates(chem.FixedZenith(30.0))[0, 4] == pytest.approx(8.264e-3, rel=6e-4)
    ds = m.integrate(
        {"NO": 0.05, "NO2": 0.05, "O3": 40.0},
        [0, 1800, 3600],
        units="ppb",
        photolysis=chem.FixedZenith(30.0),
        rtol=1e-8,
        atol=1.0,
    )
    end = ds.concentration.isel(time=-1)
    assert float(end.sel(species="NO2") / end.sel(species="NO")) == pytest.approx(2.06, rel=3e-3)
    assert float(end.sel(species="NO2") + end.sel(species="O3")) == pytest.approx(40.05, rel=1e-9)


def test_solar_geometry_and_time_varying_photolysis():
    # NOAA: solar noon in London on 21 June 2010 at ~12:02 UTC, zenith 51.51 - 23.44 = 28.07 deg.
    assert chem.solar_zenith(51.51, -0.13, "2010-06-21T12:02") == pytest.approx(28.07, abs=0.15)
    sun = chem.SolarPhotolysis(51.51, -0.13, "2010-06-21T00:00")
    j = chem.photolysis_rates(sun, [0.0, 12 * 3600.0])
    assert j[0, 4] == 0.0 and j[1, 4] > 8e-3
    m = chem.Mechanism.from_facsimile_text("VARIABLE X Y ;\nRO2 = ;\n% J<4> : X = Y ;\n", "jx")
    times = np.arange(0, 25) * 3600.0
    ds = m.integrate({"X": 1.0}, times, photolysis=sun, rtol=1e-7, atol=1e-12)
    # Independent quadrature of X = exp(-integral J4 dt) (trapezoid on a 30 s grid).
    fine = np.arange(0, 24 * 3600 + 1, 30.0)
    jf = chem.photolysis_rates(sun, fine)[:, 4]
    integral = float(np.sum(0.5 * (jf[1:] + jf[:-1]) * np.diff(fine)))
    assert float(ds.concentration.sel(species="X")[-1]) == pytest.approx(
        math.exp(-integral), rel=1e-4
    )


def test_failed_solve_warns_and_keeps_partial_output():
    m = chem.Mechanism.from_kpp(CHEM_DATA / "robertson.eqn")
    with pytest.warns(RuntimeWarning, match="max_steps"):
        ds = m.integrate({"A": 1.0}, [0, 1, 1e5], max_steps=5)
    assert ds.attrs["status"] == "max_steps"
    assert np.isnan(ds.concentration.isel(time=-1)).all()
    assert ds.concentration.isel(time=0).sel(species="A") == 1.0


def test_constraints_losses_and_sources():
    m = chem.Mechanism.builtin("tiny_builtin", data_dir=CHEM_DATA)
    ds = m.integrate({"A": 1e9}, [0, 1000], constrained=["A"], rtol=1e-9, atol=1e-3)
    b = 1e-3 * 1e9 / 5e-4 * (1 - math.exp(-5e-4 * 1000))
    assert float(ds.concentration.sel(species="A")[-1]) == 1e9
    assert float(ds.concentration.sel(species="B")[-1]) == pytest.approx(b, rel=1e-7)
    ds2 = m.integrate({}, [0, 3600], loss={"C": 1 / 3600}, source={"C": 5e5}, rtol=1e-9, atol=1e-3)
    assert float(ds2.concentration.sel(species="C")[-1]) == pytest.approx(
        5e5 * 3600 * (1 - math.exp(-1)), rel=1e-7
    )


def test_ro2_rate_constants_use_the_given_concentrations(shared_data):
    # MCM CH3O2 permutation reaction: 2*KCH3O2*RO2*7.18*exp(-885/T), KCH3O2 = 1.03e-13 exp(365/T),
    # and RO2 = [CH3O2] in the CH4 subset.
    m = _ch4(shared_data)
    T, ro2 = 290.0, 3.0e8
    k = m.rate_constants(T, concentrations={"CH3O2": ro2})
    rx = m.reactions.set_index("tag")
    tag = rx[(rx.reactants == "CH3O2") & (rx.products == "CH3O")].index[0]
    want = 2 * 1.03e-13 * math.exp(365 / T) * ro2 * 7.18 * math.exp(-885 / T)
    assert k[tag] == pytest.approx(want, rel=1e-12)
    # Without concentrations the RO2-free factor is reported.
    assert m.rate_constants(T)[tag] == pytest.approx(want / ro2, rel=1e-12)
