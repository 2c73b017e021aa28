"""aqm.chem Solver and the complete integrate API: conditions as series, user photolysis,
rate overrides, a reused solver.  Reference values are closed-form solutions of first-order
kinetics (integrals written out here), the MCM J formula's table in chemistry.md §2.2, and
hand-evaluated rate expressions."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import aqm
from aqm import chem

TIGHT = {"rtol": 1e-9, "atol": 1e-6}


def _mech(text: str) -> chem.Mechanism:
    return chem.Mechanism.from_kpp_text("#DEFVAR\nA = IGNORE;\nB = IGNORE;\n#EQUATIONS\n" + text)


def test_temperature_series_drives_an_arrhenius_decay():
    # A -> B, k = 1e-2 exp(-1000/T), T linear 300 -> 280 K over 2 h (held after):
    # ln(A/A0) = -int k(T(t)) dt, evaluated by a fine trapezoid here.
    m = _mech("<R1> A = B : 1.0e-2*EXP(-1000/TEMP) ;\n")
    temp = pd.Series([300.0, 280.0], index=[0.0, 7200.0])
    ds = m.integrate({"A": 1e10}, [0, 3600, 7200, 10800], temp=temp, **TIGHT)
    t = np.linspace(0, 10800, 216001)  # 0.05 s: every output time is a node
    k = 1e-2 * np.exp(-1000 / np.interp(t, [0, 7200], [300, 280]))
    expect = [1e10 * math.exp(-np.trapezoid(k[t <= x], t[t <= x])) for x in (0, 3600, 7200, 10800)]
    assert ds["concentration"].sel(species="A").values == pytest.approx(expect, rel=1e-7)


def test_m_o2_n2_h2o_set_directly_and_as_series():
    # Three-body and O2/H2O reactions as pseudo-first order: k_eff = k [X](t).
    m = _mech("<R1> A = B : 1.0e-24*M ;\n<R2> B = A : 1.0e-30*O2 + 1.0e-30*N2 + 0*H2O ;\n")
    s = m.solver(M=(np.array([0.0, 3600.0]), np.array([2.0e19, 3.0e19])), rtol=1e-9, atol=1e-6)
    env = s.environment(1800.0)
    assert env["M"] == pytest.approx(2.5e19, rel=1e-12)
    assert env["O2"] == pytest.approx(0.2095 * 2.5e19, rel=1e-12)  # follows M
    assert env["N2"] == pytest.approx(0.7809 * 2.5e19, rel=1e-12)
    # With the reverse reaction off (O2 = N2 = 0):
    # ln(A0/A) = 1e-24 * int M dt = 1e-24 * 2.5e19 * 3600.
    s.set_conditions(
        M=(np.array([0.0, 3600.0]), np.array([2.0e19, 3.0e19])), O2=0.0, N2=0.0, H2O=1e17
    )
    assert s.environment(0)["H2O"] == 1e17
    ds = s.integrate({"A": 1e10}, [0.0, 3600.0])
    assert float(ds["concentration"].sel(species="A")[-1]) == pytest.approx(
        1e10 * math.exp(-1e-24 * 2.5e19 * 3600), rel=1e-7
    )
    ds2 = m.integrate({"A": 1e10}, [0.0, 3600.0], M=2.0e19, O2=0.0, N2=0.0, **TIGHT)
    assert float(ds2["concentration"].sel(species="A")[-1]) == pytest.approx(
        1e10 * math.exp(-1e-24 * 2.0e19 * 3600), rel=1e-7
    )


def test_j_table_step_and_linear():
    m = _mech("<R1> A = B : J(4) ;\n")
    table = chem.JTable([0.0, 1800.0, 3600.0], {"J_NO2": [1e-3, 2e-3, 0.0]}, "step")
    ds = m.integrate(
        {"A": 1e10}, [0.0, 1800.0, 3600.0], photolysis=table, update="interval", **TIGHT
    )
    a = ds["concentration"].sel(species="A").values
    assert a == pytest.approx(1e10 * np.exp([0.0, -1.8, -1.8 - 3.6]), rel=1e-7)
    linear = chem.JTable([0.0, 3600.0], {4: [0.0, 2e-3]}, "linear")  # int J dt = 3.6
    ds = m.integrate({"A": 1e10}, [0.0, 3600.0], photolysis=linear, **TIGHT)
    assert float(ds["concentration"].sel(species="A")[-1]) == pytest.approx(
        1e10 * math.exp(-3.6), rel=1e-7
    )
    frame = pd.DataFrame({"J4": [1e-3, 1e-3]}, index=[0.0, 3600.0])
    ds = m.integrate({"A": 1e10}, [0.0, 3600.0], photolysis=chem.JTable.from_frame(frame), **TIGHT)
    assert float(ds["concentration"].sel(species="A")[-1]) == pytest.approx(
        1e10 * math.exp(-3.6), rel=1e-7
    )
    with pytest.raises(KeyError, match="J_NOPE"):
        m.integrate({"A": 1.0}, [0, 1], photolysis=chem.JTable([0.0], {"J_NOPE": [1.0]}))


def test_user_zenith_function_gives_the_mcm_j_of_that_angle():
    m = _mech("<R1> A = B : J(4) ;\n")
    # chemistry.md §2.2: J4 = 8.26e-3 s-1 at 30 degrees and 5.77e-3 at 60 (MCM v3.3.1 formula).
    s = m.solver(photolysis=chem.UserZenith(lambda t: 30.0 if t < 1800 else 60.0))
    assert s.photolysis_rates(0.0)[4] == pytest.approx(8.26e-3, rel=1e-3)
    assert s.photolysis_rates(2000.0)[4] == pytest.approx(5.77e-3, rel=1e-3)
    s = m.solver(photolysis=chem.UserZenith(lambda t: 30.0, jfac=0.5), **TIGHT)
    j4 = 0.5 * s.photolysis_rates(0.0)[4]
    assert s.photolysis_rates(0.0)[4] == pytest.approx(0.5 * 8.26e-3, rel=1e-3)
    ds = s.integrate({"A": 1e10}, [0.0, 600.0])
    assert float(ds["concentration"].sel(species="A")[-1]) == pytest.approx(
        1e10 * math.exp(-2 * j4 * 600), rel=1e-7
    )


def test_j_function_of_time_and_its_errors_surface():
    m = _mech("<R1> A = B : J(4) ;\n")
    ds = m.integrate(
        {"A": 1e10}, [0.0, 1000.0], photolysis=lambda t: [0, 0, 0, 0, 1e-3 * t / 1000], **TIGHT
    )  # int_0^1000 1e-3 t/1000 dt = 0.5
    assert float(ds["concentration"].sel(species="A")[-1]) == pytest.approx(
        1e10 * math.exp(-0.5), rel=1e-7
    )

    def broken(t):
        raise ZeroDivisionError("user J failed")

    with pytest.raises(ZeroDivisionError, match="user J failed"):
        m.integrate({"A": 1.0}, [0.0, 10.0], photolysis=broken)
    with pytest.raises(ValueError, match="J values"):
        m.integrate({"A": 1.0}, [0.0, 10.0], photolysis=lambda t: [-1.0])


def test_override_rate_coefficient_and_reaction():
    m = _mech("<R1> A = B : KNO3AL ;\n<R2> B = A : 1.0e-3 ;\n")
    t = 298.15
    k = m.rate_constants(t)
    assert k["R1"] == pytest.approx(1.4e-12 * math.exp(-1860 / t), rel=1e-12)  # MCM website
    kpp = m.override_rates({"KNO3AL": "1.44D-12*EXP(-1862/TEMP)", "R2": 5e-4})
    k2 = kpp.rate_constants(t)
    assert k2["R1"] == pytest.approx(1.44e-12 * math.exp(-1862 / t), rel=1e-12)  # KPP's file
    assert k2["R2"] == 5e-4
    assert m.rate_constants(t)["R2"] == 1e-3  # the original is unchanged
    with pytest.raises(KeyError, match="NOPE"):
        m.override_rates({"NOPE": 1.0})
    with pytest.raises(aqm.ParseError):
        m.override_rates({"KNO3AL": "1.0 *"})
    with pytest.raises(ValueError, match="J, SUN or RO2"):
        m.override_rates({"KNO3AL": "J(4)"})


def test_reused_solver_continues_a_run_and_keeps_its_step():
    m = _mech("<R1> A = B : 1.0e-3 ;\n<R2> B = A : 5.0e-4 ;\n")
    s = m.solver(rtol=1e-8, atol=1e-6)
    assert s.next_step == 0.0
    first = s.integrate({"A": 1e10}, [0.0, 1000.0])
    assert s.next_step > 0
    y1 = first["concentration"].isel(time=-1)
    second = s.integrate(
        dict(zip(s.variable_species, y1.values)),
        [1000.0, 2000.0, 3000.0],
        use_file_initial_values=False,
    )
    # A + B = A0; A relaxes to A0 kb/(kf+kb) with rate kf + kb = 1.5e-3 s-1.
    a_eq = 1e10 * 5e-4 / 1.5e-3
    expect = a_eq + (1e10 - a_eq) * np.exp(-1.5e-3 * np.array([1000.0, 2000.0, 3000.0]))
    assert second["concentration"].sel(species="A").values == pytest.approx(expect, rel=1e-7)
    fresh = m.solver(rtol=1e-8, atol=1e-6).integrate(
        dict(zip(s.variable_species, y1.values)),
        [1000.0, 2000.0, 3000.0],
        use_file_initial_values=False,
    )
    # The carried step skips the start-up from 1e-5 s: fewer steps for the same answer.
    assert second.attrs["n_steps"] < fresh.attrs["n_steps"]
    y, status, _, stats, _ = s.reset_step().run(s.initial_state({"A": 1e10}), [0.0, 10.0, 100.0])
    assert status == "success" and y.shape == (3, 2) and stats["steps"] > 0


def test_warm_start_carries_the_step_into_the_second_call_of_a_split_run():
    # NO2 + hv -> NO + O3 against NO + O3 -> NO2 (J 8e-3 s-1, k 1.9e-14 cm3 s-1): relaxes to
    # the photostationary state in ~100 s, a stiff start for an integrator at h = 1e-5 s.
    m = chem.Mechanism.from_kpp_text(
        "#DEFVAR\nNO = IGNORE;\nNO2 = IGNORE;\nO3 = IGNORE;\n#EQUATIONS\n"
        "<R1> NO2 = NO + O3 : 8.0e-3 ;\n<R2> NO + O3 = NO2 : 1.9e-14 ;\n"
    )
    start = {"NO": 0.0, "NO2": 2.5e11, "O3": 1.0e12}
    opts = {"rtol": 1e-6, "atol": 1e-3}
    whole = m.solver(**opts).integrate(start, [0.0, 1800.0, 3600.0])
    s = m.solver(**opts)
    first = s.integrate(start, [0.0, 1800.0])
    mid = dict(zip(s.variable_species, first["concentration"].isel(time=-1).values))
    carried = s.next_step
    warm = s.integrate(mid, [1800.0, 3600.0], use_file_initial_values=False)
    cold = s.integrate(mid, [1800.0, 3600.0], use_file_initial_values=False, warm_start=False)
    assert carried > 1.0  # the first call ended on steps far above the initial 1e-5 s
    # The carried step skips the start-up from 1e-5 s (about a dozen growing steps).
    assert warm.attrs["n_steps"] < cold.attrs["n_steps"] - 5
    assert warm.attrs["n_rejected"] <= cold.attrs["n_rejected"]
    # Same answer as one call, and both at the photostationary state J NO2 = k NO O3: with
    # x = NO formed, k x^2 + (k O3_0 + J) x - J NO2_0 = 0.
    j, k = 8.0e-3, 1.9e-14
    x = (-(k * 1.0e12 + j) + math.sqrt((k * 1.0e12 + j) ** 2 + 4 * k * j * 2.5e11)) / (2 * k)
    expect = {"NO": x, "NO2": 2.5e11 - x, "O3": 1.0e12 + x}
    for name, want in expect.items():
        one = whole["concentration"].sel(species=name).values[-1]
        got = warm["concentration"].sel(species=name).values[-1]
        assert got == pytest.approx(one, rel=1e-5)
        assert got == pytest.approx(want, rel=1e-5)
        assert cold["concentration"].sel(species=name).values[-1] == pytest.approx(want, rel=1e-5)
    # warm_start=False forgot the step; run() takes the same switch.
    s.run(s.initial_state(start), [0.0, 60.0], warm_start=False)
    assert 0 < s.next_step


def test_bad_condition_inputs_are_named():
    m = _mech("<R1> A = B : 1.0e-3 ;\n")
    with pytest.raises(ValueError, match="temp"):
        m.integrate({"A": 1.0}, [0, 1], temp=(np.array([0.0, 0.0]), np.array([300.0, 290.0])))
    with pytest.raises(ValueError, match="M"):
        m.integrate({"A": 1.0}, [0, 1], M=-1.0)
    with pytest.raises(TypeError, match="pressure"):
        m.integrate({"A": 1.0}, [0, 1], pressure="high")
    with pytest.raises(ValueError, match="interpolation"):
        m.integrate({"A": 1.0}, [0, 1], interpolation="cubic")
    with pytest.raises(ValueError, match="update"):
        m.integrate({"A": 1.0}, [0, 1], update="never")
    with pytest.raises(TypeError, match="unknown option"):
        m.solver().set_options(tolerance=1.0)


def test_mixing_ratio_outputs_use_m_at_each_time():
    # Inert A held in number density while M rises 2e19 -> 3e19: 10 ppb at t = 0 reads as
    # 10 * 2/3 ppb at the end and 10 * 2/2.5 half way (hand calculation).
    m = _mech("<R1> B = A : 0.0 ;\n")
    ds = m.integrate(
        {"A": 10.0},
        [0.0, 1800.0, 3600.0],
        units="ppb",
        M=(np.array([0.0, 3600.0]), np.array([2.0e19, 3.0e19])),
        **TIGHT,
    )
    a = ds["concentration"].sel(species="A").values
    assert a == pytest.approx([10.0, 8.0, 10.0 * 2 / 3], rel=1e-9)


def test_hostile_photolysis_inputs_are_refused_with_names():
    m = _mech("<R1> A = B : J(4) ;\n")
    with pytest.raises(ValueError, match="JTable 4: 1 values for 2 times"):
        m.integrate({"A": 1.0}, [0, 1], photolysis=chem.JTable([0.0, 1.0], {4: [1e-3]}))
    with pytest.raises(ValueError, match="J4"):
        m.integrate({"A": 1.0}, [0, 1], photolysis=chem.JTable([0.0], {"J4": [-1e-3]}))
    with pytest.raises(TypeError):
        m.integrate({"A": 1.0}, [0, 1], photolysis=lambda t: 1e-3)  # not a J vector
    with pytest.raises(ValueError, match="zenith"):
        m.integrate({"A": 1.0}, [0, 1], photolysis=chem.UserZenith(lambda t: float("nan")))
    with pytest.raises(ValueError, match="at most one"):
        m.integrate({"A": 1.0}, [0, 1], photolysis=[chem.FixedZenith(30), lambda t: [0.0]])

    def fails_late(t: float) -> float:
        if t < 5:
            return 30.0
        raise OverflowError("late")

    # A zenith function that fails mid-run (inside the integrator) still raises its own error.
    with pytest.raises(OverflowError, match="late"):
        m.integrate({"A": 1.0}, [0, 10, 20], photolysis=chem.UserZenith(fails_late))
