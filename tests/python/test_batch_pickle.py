"""Every public object a batch worker needs pickles and comes back the same: every field of
the C++ value types, and the same results from mechanisms, box models and fits.  The list of
public classes is enumerated, so a new public type without a round trip fails here."""

from __future__ import annotations

import inspect
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xarray as xr
from _equality import assert_same, assert_same_mechanism

import aqm
from aqm import chem, emis, pmf, voc
from aqm.chem.attribution import Attribution

ROOT = Path(__file__).resolve().parents[2]
LINEAR = "#DEFVAR\nV = IGNORE;\nO3 = IGNORE;\nNO = IGNORE;\n#EQUATIONS\n<R1> V = O3 : 1.0e-4 ;\n"

# Public classes that are not data a worker receives: warnings, enums, solvers of one call;
# chem.Solver holds one process's compiled LU and step: a worker builds its own from the
# (shipped) mechanism.
NOT_SHIPPED = {
    "chem.Solver",
    "pmf.PMFWarning",
    "chem.MissingCoefficientWarning",
    "voc.AgeWarning",
    "voc.MeasurementWarning",
    "voc.UnidentifiedFactorWarning",
    "emis.ScaleOperator",
    "emis.ScaleAlgebra",
    "emis.ConservativeRegridder",
    "emis.ScaleFactor",
    "emis.Mask",
    "emis.BaseField",
    "chem.VocTable",
    "species.Registry",
    "voc.VocMeasurements",
    "voc.Identification",
    "voc.FormationPotential",
    "emis.SpeciesInventory",
    "voc.ConstraintWarning",
}


def public_classes() -> set[str]:
    out = set()
    for name, mod in (
        ("pmf", pmf),
        ("chem", chem),
        ("emis", emis),
        ("voc", voc),
        ("species", aqm.species),
    ):
        names = getattr(mod, "__all__", [n for n in dir(mod) if not n.startswith("_")])
        out |= {
            f"{name}.{n}"
            for n in names
            if inspect.isclass(getattr(mod, n)) and not issubclass(getattr(mod, n), BaseException)
        }
    return out | {"chem.Attribution", "chem.AttributionResult"}


def roundtrip(obj):
    return pickle.loads(pickle.dumps(obj))


@pytest.fixture(scope="module")
def toy_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("mech") / "linear.eqn"
    path.write_text(LINEAR)
    return path


@pytest.fixture(scope="module")
def small_fit():
    sim = pmf.simulate(n_samples=60, seed=3)
    data = pmf.Dataset(sim.conc, sim.unc)
    data.suggest_categories()
    return data, pmf.PMF(3, n_runs=2, random_state=1, progress=False).fit(data)


def toy_box(path: Path) -> chem.BoxModel:
    return (
        chem.BoxModel(path, duration=6, output_step=3600)
        .solver(rtol=1e-7, atol=1e-3)
        .initial({"V": 5.0})
        .dilution(1e-5, background={"O3": 1.0})
    )


def factories(toy_path, small_fit):
    """One instance per public class (or an exclusion in NOT_SHIPPED)."""
    dataset, fit = small_fit
    box = toy_box(toy_path)
    flat = pd.DataFrame({"V": [2e5, 2e5]}, index=[0.0, 21600.0])
    att = Attribution(box, {"a": flat, "b": flat * 3}, nox_species=["NO"])
    inventory = emis.Inventory.bundled()
    scenario = emis.Scenario.from_toml(ROOT / "data" / "emis" / "hangzhou_2025_plan.toml")
    profile = next(iter(emis.load_profiles().values()))
    simulated_voc = voc.simulate(pd.date_range("2021-07-01", periods=48, freq="h"), seed=4)
    age = voc.estimate_oh_exposure(simulated_voc.conc, emission_ratio=50.0, mdl=simulated_voc.mdl)
    mapping = emis.load_mechanism()
    return {
        "pmf.PMF": lambda: fit,
        "pmf.Dataset": lambda: dataset,
        "pmf.SimulatedDataset": lambda: pmf.simulate(n_samples=20, seed=5),
        "pmf.SourceActivity": lambda: next(iter(pmf.HANGZHOU_LIKE_SOURCES.values())),
        "chem.Mechanism": lambda: chem.Mechanism.builtin("cb6_aqm"),
        "chem.BoxModel": lambda: box,
        "chem.SolarPhotolysis": lambda: chem.SolarPhotolysis(30.0, 120.0, "2021-07-01"),
        "chem.FixedZenith": lambda: chem.FixedZenith(30.0),
        "chem.UserZenith": lambda: chem.UserZenith(abs, jfac=0.5),
        "chem.JTable": lambda: chem.JTable([0.0, 3600.0], {"J4": [1e-3, 2e-3]}, "linear"),
        "chem.Attribution": lambda: att,
        "chem.AttributionResult": lambda: att.run(n_threads=1, progress=False),
        "emis.Inventory": lambda: inventory,
        "emis.LatLonGrid": lambda: emis.LatLonGrid.regular(120.0, 30.0, 0.1, 0.1, 3, 2),
        "emis.Scenario": lambda: scenario,
        "emis.ScenarioResult": lambda: inventory.apply(scenario),
        "emis.SpeciationProfile": lambda: profile,
        "emis.CompoundMapping": lambda: mapping.compounds[0],
        "emis.SpeciesMapping": lambda: mapping,
        "emis.TemporalProfile": lambda: next(iter(emis.default_profiles().values())),
        "voc.ProfileLibrary": lambda: profile_library(),
        "voc.SimulatedVocData": lambda: simulated_voc,
        "voc.PhotochemicalAge": lambda: age,
        "voc.ConstrainedSolution": lambda: voc.ConstrainedSolution(
            pd.DataFrame([[1.0, 0.0]], index=["Factor 1"], columns=["ethane", "propane"]),
            pd.DataFrame([[2.0]], columns=["Factor 1"]),
            [{"type": "set to zero", "factor": "Factor 1", "species": "propane"}],
            1.5,
            True,
        ),
        "voc.Site": lambda: voc.Site(),
        "voc.VocSourceActivity": lambda: next(iter(voc.HANGZHOU_LIKE_VOC_SOURCES.values())),
        "voc.OhExposureModel": lambda: voc.OhExposureModel(),
        "voc.WindModel": lambda: voc.WindModel(winter_from=300.0, spread=40.0),
    }


def profile_library():
    from aqm import _core

    core = _core.voc.ProfileLibrary()
    core.metadata = {
        "site": "Test",
        "period": "2021",
        "method": "PMF",
        "pmf_settings": "p=1",
        "data_hash": "0",
        "concentrations": "initial",
        "version": "1.0.0",
        "created_by": "test",
    }
    p = _core.voc.LocalizedProfile()
    p.name, p.source_type, p.reference = "lpg_ng", "lpg_ng", "8856"
    p.species, p.fraction, p.origin = ["propane", "n-butane"], [0.6, 0.4], ["measured"] * 2
    p.p05, p.p50, p.p95 = [0.5, 0.3], [0.6, 0.4], [0.7, 0.5]
    p.disp_lower, p.disp_upper = [0.55, 0.35], [0.65, 0.45]
    core.profiles = [p]
    return voc.ProfileLibrary(core)


def test_every_public_class_round_trips(toy_path, small_fit):
    made = factories(toy_path, small_fit)
    missing = public_classes() - NOT_SHIPPED - set(made)
    assert not missing, f"public classes without a pickle round trip: {sorted(missing)}"
    for name, make in made.items():
        obj = make()
        assert_same(obj, roundtrip(obj), name)


def test_mechanism_ships_its_source_not_compiled_state(toy_path):
    mech = chem.Mechanism.builtin("cb6_aqm")
    blob = pickle.dumps(mech)
    # the text of the .eqn and of the .spc the reader takes its species from, nothing compiled
    names = [name for name, _ in mech._source.files]
    assert names == ["cb6_aqm.eqn", "cb6_aqm.spc"]
    eqn = (ROOT / "data" / "mechanisms" / "cb6_aqm.eqn").read_text()
    assert mech._source.files[0][1] == eqn and eqn.encode() in blob
    assert len(blob) < 1.1 * sum(len(text) for _, text in mech._source.files)
    assert_same_mechanism(mech, roundtrip(mech))
    text = chem.Mechanism.from_kpp_text(LINEAR, "toy")
    assert_same_mechanism(text, roundtrip(text))
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(chem.Mechanism(mech._m))


def test_mechanism_with_overridden_rates_ships_its_overrides():
    text = (
        "#DEFVAR\nA = IGNORE;\nB = IGNORE;\n#EQUATIONS\n<R1> A = B : 1.0e-3 ;\n"
        "<R2> B = A : 5.0e-4 ;\n"
    )
    base = chem.Mechanism.from_kpp_text(text, "toy")
    changed = base.override_rates({"R1": 2.0e-3}).override_rates({"R2": "1.0e-4"})
    back = roundtrip(changed)
    assert back.rate_constants(298.15)["R1"] == 2.0e-3
    assert back.rate_constants(298.15)["R2"] == 1.0e-4
    assert roundtrip(base).rate_constants(298.15)["R1"] == 1.0e-3


def test_box_model_round_trip_keeps_its_configuration(toy_path):
    box = toy_box(toy_path).scale(["V"], 2.0)
    back = roundtrip(box)
    assert back._recipe == box._recipe
    o3 = back.run()["mixing_ratio"].sel(species="O3")
    xr.testing.assert_identical(o3, box.run()["mixing_ratio"].sel(species="O3"))
    # copies of an unpickled box carry the recipe on, and differ from the unscaled box
    assert not np.array_equal(back.copy().scale(["V"], 0.5).run()["mixing_ratio"].values, o3.values)


def test_box_model_unpickles_in_a_fresh_process_without_the_files(toy_path, tmp_path):
    blob = tmp_path / "box.pkl"
    box = toy_box(toy_path)
    blob.write_bytes(pickle.dumps(box))
    toy_path.rename(toy_path.with_suffix(".gone"))  # the sender's file is no longer there
    try:
        code = textwrap.dedent(f"""
            import pickle, sys
            box = pickle.loads(open({str(blob)!r}, "rb").read())
            ds = box.run()
            sys.stdout.write(repr(float(ds["mixing_ratio"].sel(species="O3")[-1])))
        """)
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
    finally:
        toy_path.with_suffix(".gone").rename(toy_path)
    assert float(out) == float(box.run()["mixing_ratio"].sel(species="O3")[-1])
