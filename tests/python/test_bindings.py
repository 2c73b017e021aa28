"""The typed seam between C++ and Python: option and result classes of ``aqm._core``.

Every option class default-constructs with the C++ defaults (checked against EPA PMF 5.0's
documented defaults, Norris et al. 2014, EPA/600/R-14/108), every result class pickles with
every field, and a fitted PMF hands its C++ fit to the error estimates."""

from __future__ import annotations

import inspect
import pickle
from pathlib import Path

import numpy as np
import pytest
from _equality import assert_same

from aqm import _core, pmf

ROOT = Path(__file__).resolve().parents[2]


def bound_classes(module) -> dict[str, type]:
    return {n: c for n, c in vars(module).items() if inspect.isclass(c) and hasattr(c, "_fields")}


@pytest.fixture(scope="module")
def fitted():
    sim = pmf.simulate(n_samples=60, seed=3)
    data = pmf.Dataset(sim.conc, sim.unc, total_variable="PM2.5")
    data.suggest_categories()
    return pmf.PMF(3, n_runs=2, random_state=1, progress=False).fit(data)


@pytest.fixture(scope="module")
def pmf_instances(fitted):
    """One instance of every PMF option and result class, made by the real calls."""
    fit = fitted._fit
    bs = _core.pmf.BootstrapOptions()
    bs.n_boot, bs.seed, bs.n_threads = 3, 7, 1
    disp = _core.pmf.DisplacementOptions()
    disp.dq_max, disp.bisection_steps, disp.n_threads = [4.0], 1, 1
    bsd = _core.pmf.BsDispOptions()
    bsd.n_boot, bsd.dq_max, bsd.bisection_steps, bsd.n_threads = 2, [1.0], 1, 1
    fp = _core.pmf.FpeakOptions()
    fp.strengths, fp.n_threads = [0.5], 1
    element = _core.pmf.Element()
    element.factor, element.index = 0, 1
    constraint = _core.pmf.ElementConstraint()
    constraint.element, constraint.kind = element, "pull up maximally"
    expression = _core.pmf.Expression()
    expression.terms = [(element, 1.0)]
    con = _core.pmf.ConstraintOptions()
    con.elements, con.expressions = [constraint], [expression]
    sweep = _core.pmf.FactorSweepOptions()
    sweep.factors, sweep.base.n_runs, sweep.base.n_threads = [2], 1, 1
    prepared = fitted.dataset_.prepared()
    fpeak = _core.pmf.fpeak(fit, fp)
    made = {
        "SolveOptions": fit.solve,
        "PrepareOptions": fitted.dataset_._options(),
        "BaseRunOptions": _core.pmf.BaseRunOptions(),
        "BootstrapOptions": bs,
        "DisplacementOptions": disp,
        "BsDispOptions": bsd,
        "FpeakOptions": fp,
        "Element": element,
        "ElementConstraint": constraint,
        "Expression": expression,
        "ConstraintOptions": con,
        "FactorSweepOptions": sweep,
        "Prepared": prepared,
        "SpeciesSummary": prepared.summary[0],
        "Fit": fit,
        "BaseRunResult": fit.result,
        "FitResult": fit.result.best,
        "Diagnostics": fit.result.diagnostics,
        "RunSummary": fit.result.runs[0],
        "BootstrapResult": _core.pmf.bootstrap(fit, bs),
        "DisplacementResult": _core.pmf.displacement(fit, disp),
        "BsDispResult": _core.pmf.bs_disp(fit, bsd),
        "FpeakResult": fpeak,
        "FpeakRun": fpeak.runs[0],
        "ConstrainedResult": _core.pmf.constrained(fit, con),
        "FactorSweepRow": _core.pmf.factor_sweep(fit.X, fit.U, sweep, fit.total_index)[0],
    }
    return made


def test_every_pmf_class_round_trips_through_pickle(pmf_instances):
    classes = bound_classes(_core.pmf)
    assert set(classes) == set(pmf_instances), "a bound class without a round trip here"
    for name, obj in pmf_instances.items():
        assert type(obj) is classes[name]
        assert_same(obj, pickle.loads(pickle.dumps(obj)), name)


def test_result_arrays_are_read_only_views_of_the_result(fitted):
    best = fitted._fit.result.best
    G = best.G
    assert isinstance(G, np.ndarray) and G.shape == fitted.contributions_.shape
    with pytest.raises(ValueError):
        G[0, 0] = 1.0
    with pytest.raises(AttributeError):
        best.G = np.zeros_like(G)


def test_options_carry_pmf_5_defaults():
    # EPA PMF 5.0 User Guide: robust mode on, alpha 4, 20 base runs, 100 BS runs with
    # r >= 0.6 mapping, DISP dQmax 4/8/15/25, BS-DISP 0.5/1/2/4, constraint budget 0.5 %.
    solve = _core.pmf.SolveOptions()
    assert (solve.robust, solve.alpha, solve.method) == (True, 4.0, "als")
    assert _core.pmf.BaseRunOptions().n_runs == 20
    bs = _core.pmf.BootstrapOptions()
    assert (bs.n_boot, bs.min_correlation) == (100, 0.6)
    assert _core.pmf.DisplacementOptions().dq_max == [4.0, 8.0, 15.0, 25.0]
    assert _core.pmf.BsDispOptions().dq_max == [0.5, 1.0, 2.0, 4.0]
    assert _core.pmf.ElementConstraint().percent_dq == 0.5


def test_python_defaults_are_the_cpp_defaults():
    """The public signatures show the defaults C++ holds; none is restated in Python."""
    bs = inspect.signature(pmf.PMF.bootstrap).parameters
    assert bs["n_boot"].default == _core.pmf.BootstrapOptions().n_boot
    assert bs["min_correlation"].default == _core.pmf.BootstrapOptions().min_correlation
    disp = inspect.signature(pmf.PMF.displacement).parameters
    assert list(disp["dq_max"].default) == _core.pmf.DisplacementOptions().dq_max
    assert disp["bisection_steps"].default == _core.pmf.DisplacementOptions().bisection_steps


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("method", "newton", "newton"),
        ("missing", "drop", "missing"),
    ],
)
def test_an_invalid_enum_name_is_refused_naming_it(field, value, message):
    target = _core.pmf.SolveOptions() if field == "method" else _core.pmf.PrepareOptions()
    with pytest.raises(ValueError, match=message):
        setattr(target, field, value)


def test_error_estimates_take_the_fit_and_adopt_returns_a_new_one(fitted):
    fit = fitted._fit
    G, F = fit.result.best.G, fit.result.best.F
    adopted = _core.pmf.adopt(fit, G * 1.0, F * 1.0)
    best = adopted.result.best
    # the same as one ALS solve from (G, F) with the fit's options
    alone = _core.pmf.fit_from(fit.X, fit.U, G * 1.0, F * 1.0, fit.solve)
    np.testing.assert_array_equal(best.F, alone.F)
    assert best.q_robust == alone.q_robust
    # the diagnostics describe the new solution: Q(true) by hand from it
    q_true = (((fit.X - best.G @ best.F) / fit.U) ** 2).sum()
    assert best.q_true == pytest.approx(q_true, rel=1e-9)
    assert adopted.result.diagnostics.q_true_per_species.sum() == pytest.approx(q_true, rel=1e-9)
    # the run table stays as found, and the original fit is untouched
    assert adopted.result.runs[0].q_robust == fit.result.runs[0].q_robust
    np.testing.assert_array_equal(fit.result.best.G, G)
    with pytest.raises(ValueError, match="G, F"):
        _core.pmf.adopt(fit, G[:, :2], F[:2])


@pytest.fixture(scope="module")
def box_instances():
    """One instance of every box and chem option and result class, made by the real calls."""
    from aqm.chem import BoxModel, Mechanism

    b = BoxModel("cb6_aqm", start="2020-07-15 06:00", duration=4, output_step=3600, utc_offset=8)
    b.environment(temp=300.0, rh=60.0).photolysis(lat=30.25, lon=120.17)
    b.initial({"O3": 40, "NO": 5, "NO2": 15, "CO": 300, "PAR": 60, "FORM": 3, "CH4": 1900})
    box, m = _core.box, b._m
    result = m.run()
    iso = box.IsoplethOptions()
    iso.voc_factors, iso.nox_factors, iso.voc_species, iso.n_threads = [1.0], [1.0], ["PAR"], 1
    rir = box.RirOptions()
    group = box.RirGroup()
    group.name, group.species = "PAR", ["PAR"]
    rir.groups, rir.n_threads = [group], 1
    att = box.AttributionOptions()
    att.n_threads = 1
    source = ("s", {"PAR": ([0.0, 14400.0], [1e5, 1e5], "linear")}, {})
    attribution = box.attribute(m, [source], [("base", [1.0], [1.0], {})], att)
    regime = box.RegimeOptions()
    solver = Mechanism.builtin("cb6_aqm").solver()._core
    _, solve = solver.run(list(solver.initial_state()), [0.0, 60.0])
    return {
        "BoxResult": result,
        "SolveResult": result.result,
        "SolveStats": result.result.stats,
        "FamilyBudget": box.o3_budget(m, result),
        "OhReactivity": box.oh_reactivity(m, result, ["PAR"]),
        "RadicalOptions": box.default_radical_options(m),
        "RadicalBudget": box.radical_budget(m, result),
        "IsoplethOptions": iso,
        "IsoplethResult": box.isopleth(m, iso),
        "RirGroup": group,
        "RirOptions": rir,
        "RirResult": box.rir(m, rir),
        "AttributionOptions": att,
        "AttributionResult": attribution,
        "RegimeOptions": regime,
        "RegimeIndicator": box.regime_indicators(m, result, regime)[0],
        "RosenbrockOptions": _core.RosenbrockOptions(),
        "SolveResult (integrate)": solve,
        "MechanismSummary": Mechanism.builtin("cb6_aqm")._m.summary(),
        "Environment": solver.environment(0.0),
    }


def test_every_box_and_chem_class_round_trips_through_pickle(box_instances):
    classes = {**bound_classes(_core.box), **bound_classes(_core)}
    made = {name.split(" ")[0] for name in box_instances}
    assert set(classes) == made, "a bound class without a round trip here"
    for name, obj in box_instances.items():
        assert type(obj) is classes[name.split(" ")[0]]
        assert_same(obj, pickle.loads(pickle.dumps(obj)), name)


def test_box_result_arrays_match_the_run_dataset(box_instances):
    r = box_instances["BoxResult"]
    assert r.concentration.shape == (len(r.time), len(r.species))
    assert r.result.status == "success" and r.result.stats.steps > 0
    iso = box_instances["IsoplethResult"]
    assert iso.status == ["success"] and iso.n_failed() == 0
    assert iso.peak_o3[0, 0] == pytest.approx(iso.base_peak_o3)  # factor (1, 1) is the base
    with pytest.raises(ValueError, match="status"):
        pickle.loads(pickle.dumps(r.result).replace(b"success", b"suxcess"))


def test_every_emis_result_class_round_trips_through_pickle():
    from aqm import emis

    inventory = emis.Inventory.bundled()
    scenario = emis.Scenario.from_toml(ROOT / "data" / "emis" / "hangzhou_2025_plan.toml")
    applied = inventory.apply(scenario)
    profile = next(iter(emis.load_profiles().values()))
    mechanism = emis.load_mechanism()
    algebra = _core.emis.ScaleAlgebra(2)
    algebra.add_field(_core.emis.BaseField("base", "NO", 1, 1, [5.0, 2.0]))
    species = inventory.speciate(mechanism=mechanism, output="moles")
    made = {
        "Unit": _core.emis.parse_unit("kg m-2 s-1"),
        "ScenarioResult": applied._r,
        "TargetCheck": applied._r.targets[0],
        "SpeciationMatrix": _core.emis.build_speciation(profile, mechanism),
        "ProfileComparison": _core.emis.compare_profiles(profile, profile),
        "EmissionResult": algebra.compute("NO"),
        "BoxRates": _core.emis.box_emission_rates(species._c, species.places[0], 1e6, 500.0),
    }
    made["Dimension"] = made["Unit"].dim
    assert set(bound_classes(_core.emis)) == set(made), "a bound class without a round trip here"
    for name, obj in made.items():
        assert_same(obj, pickle.loads(pickle.dumps(obj)), name)
    unit = made["Unit"]
    assert (unit.dim.mass, unit.dim.length, unit.dim.time, unit.scale) == (1, -2, -1, 1.0)
    assert unit.canonical() == "kg m-2 s-1"
    # the scale factors are the C++ result's memory, seen as (sector, pollutant, place)
    assert np.shares_memory(applied.scale, applied._r.scale)


def test_solver_defaults_are_the_cpp_defaults():
    """rtol, atol, method and the step cap are written once, in rosenbrock.hpp."""
    from aqm.chem import BoxModel, Mechanism
    from aqm.chem.integrate_config import CHEM_SCHEMA
    from aqm.chem.solver import _OPTION_DEFAULTS

    cpp = _core.RosenbrockOptions()
    # KPP's defaults (Sandu et al. 1997; KPP 2.1 user manual): Rodas3, rtol 1e-3
    assert (cpp.method, cpp.rtol) == ("rodas3", 1e-3)
    for function in (Mechanism.integrate, BoxModel.solver):
        params = inspect.signature(function).parameters
        for name in ("method", "rtol", "atol", "max_steps", "hmax"):
            assert params[name].default == getattr(cpp, name), (function.__name__, name)
    assert _OPTION_DEFAULTS == {n: getattr(cpp, n) for n in _OPTION_DEFAULTS}
    assert CHEM_SCHEMA["rtol"].default == cpp.rtol


def test_every_pmf_default_shown_in_python_is_the_cpp_default():
    from aqm.pmf.bs_disp import bs_disp
    from aqm.pmf.fpeak import fpeak

    init = inspect.signature(pmf.PMF).parameters
    assert init["n_runs"].default == _core.pmf.BaseRunOptions().n_runs
    assert init["robust_alpha"].default == _core.pmf.SolveOptions().alpha
    bsd = inspect.signature(bs_disp).parameters
    cpp = _core.pmf.BsDispOptions()
    assert list(bsd["dq_max"].default) == cpp.dq_max
    assert bsd["bisection_steps"].default == cpp.bisection_steps
    assert (
        list(inspect.signature(fpeak).parameters["strengths"].default)
        == _core.pmf.FpeakOptions().strengths
    )
