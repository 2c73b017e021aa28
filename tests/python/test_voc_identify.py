"""aqm.voc identification: scores by hand, known-truth identification (perturbed SPECIATE
profiles, a PMF fit of the bundled PM2.5 year), markers, overrides and bad input."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from aqm import voc
from aqm.voc.identify import UnidentifiedFactorWarning, to_mass
from aqm.voc.reference import load_reference_profiles


def tiny_library(values: dict[str, dict[str, float]], types: dict[str, str]) -> pd.DataFrame:
    rows = [
        {"source_type": types[code], "profile_code": code, "species": s, "weight_percent": w}
        for code, prof in values.items()
        for s, w in prof.items()
    ]
    return pd.DataFrame(rows)


def test_reference_library_contents():
    lib = load_reference_profiles()
    assert lib["profile_code"].nunique() == 27
    assert set(lib["source_type"]) == {
        "vehicle_exhaust",
        "gasoline_evaporation",
        "lpg_ng",
        "solvent_coatings",
        "petrochemical",
        "combustion",
        "biogenic",
    }
    assert (lib.groupby("profile_code")["weight_percent"].sum() > 0).all()
    # SPECIATE 5.2 values, as listed in the VOC workflow notes section 3.2 (LPG 8856 and the
    # E0 headspace 8762)
    w = lib.set_index(["profile_code", "species"])["weight_percent"]
    assert w[("8856", "propane")] == pytest.approx(50.84, abs=0.01)
    assert w[("8856", "n-butane")] == pytest.approx(29.06, abs=0.01)
    assert w[("8762", "isopentane")] == pytest.approx(44.82, abs=0.01)
    assert w[("2441", "ethane")] == pytest.approx(68.85, abs=0.01)
    # the xylene-isomer lump of auto refinishing (25.68 %) keeps its own name
    assert w[("2402", "xylenes")] == pytest.approx(25.68, abs=0.01)


def test_scores_by_hand():
    # factor -> (0.1 0.2 0.3 0.4); reference -> (0.4 0.3 0.2 0.1) over the same four species:
    # r = -1: PD = 1 (DeltaTool's 1 - r^2 = 0 would put the mirror image in the box);
    # SID = sqrt(2)/4 * (0.6 + 0.2 + 0.2 + 0.6) = 0.4 sqrt(2); cosine 2/3.
    # The reference's fifth species (benzene) is not measured and does not count.
    sp = ["ethane", "propane", "n-butane", "toluene"]
    factors = pd.DataFrame([[1, 2, 3, 4]], index=["F1"], columns=sp, dtype=float)
    lib = tiny_library({"R": dict(zip(sp + ["benzene"], [40, 30, 20, 10, 99]))}, {"R": "x"})
    with pytest.warns(voc.UnidentifiedFactorWarning, match="F1: no library profile"):
        c = voc.identify(factors, lib, markers=False).candidates.iloc[0]
    assert c["n_species"] == 4
    assert c["pd"] == 1.0
    assert c["sid"] == pytest.approx(0.4 * math.sqrt(2))
    assert c["cosine"] == pytest.approx(2 / 3)
    assert not bool(c["in_box"])
    # identical profiles: PD 0, SID 0, cosine 1 (scale does not matter)
    lib2 = tiny_library({"R": dict(zip(sp, [10, 20, 30, 40]))}, {"R": "x"})
    c2 = voc.identify(factors * 3.7, lib2, markers=False).candidates.iloc[0]
    assert (c2["pd"], c2["sid"], c2["cosine"]) == pytest.approx((0, 0, 1), abs=1e-12)


def test_ppb_factors_are_converted_with_registry_mw():
    f = pd.DataFrame([[1.0, 2.0]], index=["F"], columns=["ethane", "toluene"])
    m = to_mass(f, "ppb")
    assert m.loc["F", "ethane"] == pytest.approx(30.070)  # C2H6
    assert m.loc["F", "toluene"] == pytest.approx(2 * 92.141)  # C7H8
    with pytest.raises(ValueError, match="units"):
        to_mass(f, "furlongs")


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_perturbed_speciate_profiles_are_identified_as_themselves(seed):
    lib = load_reference_profiles()
    rng = np.random.default_rng(seed)
    codes = ["8856", "2441", "8762", "8751a", "8774", "8861", "5564", "1185", "8754"]
    rows = {}
    for code in codes:
        prof = lib[lib["profile_code"] == code].set_index("species")["weight_percent"]
        noisy = prof * np.clip(1 + 0.1 * rng.standard_normal(len(prof)), 0, None)
        rows[f"F_{code}"] = noisy
    factors = pd.DataFrame(rows).T.fillna(0.0)
    ident = voc.identify(factors, lib, markers=False)
    for code in codes:
        top = ident.candidates[ident.candidates["factor"] == f"F_{code}"].iloc[0]
        assert top["profile_code"] == code
        assert top["in_box"]
        assert (
            ident.names[f"F_{code}"] == lib.loc[lib["profile_code"] == code, "source_type"].iloc[0]
        )


def test_factor_matching_nothing_warns_and_markers_can_name():
    sp = ["ethane", "propane", "n-butane", "toluene", "isoprene"]
    lib = tiny_library(
        {"A": dict(zip(sp, [50, 30, 10, 5, 0])), "B": dict(zip(sp, [40, 40, 10, 5, 0]))},
        {"A": "lpg_ng", "B": "lpg_ng"},
    )
    factors = pd.DataFrame(
        [[0, 0, 0, 1, 50], [50, 31, 9, 5, 0]], index=["F1", "F2"], columns=sp, dtype=float
    )
    with pytest.warns(UnidentifiedFactorWarning, match="F1: no library profile"):
        ident = voc.identify(factors, lib, markers=False)
    assert ident.names == {"F1": "unidentified", "F2": "lpg_ng"}
    # isoprene is the biogenic marker and F1 holds all of it
    ident = voc.identify(factors, lib)
    assert ident.names["F1"] == "biogenic"
    assert ident.summary.loc["F1", "method"] == "markers"
    assert ident.markers.loc["F1", "biogenic"] == pytest.approx(1.0)
    # user override
    ident = voc.identify(factors, lib, names={"F2": "my_lpg"})
    assert ident.names["F2"] == "my_lpg"
    with pytest.raises(KeyError, match="no factor 'F9'"):
        voc.identify(factors, lib, names={"F9": "x"})


def test_bad_input_names_the_place(tmp_path):
    sp = ["ethane", "propane", "n-butane", "toluene"]
    factors = pd.DataFrame([[1, 2, 3, 4]], index=["F1"], columns=sp, dtype=float)
    with pytest.raises(KeyError, match="species 'unobtainium'"):
        voc.identify(factors.rename(columns={"toluene": "unobtainium"}))
    zero = tiny_library({"Z": dict.fromkeys(sp, 0.0)}, {"Z": "x"})
    with pytest.raises(ValueError, match="profile Z: weights sum to 0"):
        voc.identify(factors, zero)
    neg = tiny_library({"N": dict(zip(sp, [1, -2, 3, 4]))}, {"N": "x"})
    with pytest.raises(ValueError, match="profile N: weight_percent of propane"):
        voc.identify(factors, neg)
    bad = tmp_path / "ref.csv"
    bad.write_text(
        "source_type,profile_code,species,weight_percent\nx,P1,ethane,10\nx,P1,kryptonite,5\n"
    )
    with pytest.raises(KeyError, match=r"ref.csv:3: species 'kryptonite'"):
        voc.read_reference_profiles(bad)
    bad.write_text("source_type,profile_code,species,weight_percent\nx,P1,ethane,abc\n")
    with pytest.raises(ValueError, match=r"ref.csv:2: weight_percent 'abc'"):
        voc.read_reference_profiles(bad)
    neg_factor = factors.copy()
    neg_factor.iloc[0, 1] = -1
    with pytest.raises(ValueError, match="F1/propane"):
        voc.identify(neg_factor)


@pytest.fixture(scope="module")
def pm25_fit():
    from aqm.pmf import PMF, Dataset
    from aqm.voc.reference import _data_path

    data = Dataset.from_files(
        _data_path("pmf", "hangzhou_like_2021_con.csv"),
        _data_path("pmf", "hangzhou_like_2021_unc.csv"),
        total_variable="PM2.5",
    )
    data.suggest_categories()
    return PMF(n_components=7, n_runs=20, random_state=42, progress=False).fit(data)


def test_pm25_factors_get_the_true_source_names(pm25_fit):
    from aqm.voc.reference import _data_path

    # Factors that share a species with another source (industry's sulfate, coal's sulfate and
    # metals) can fall outside the box against the composites: they are named by elimination
    # with a warning naming each of them.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", UnidentifiedFactorWarning)
        ident = voc.identify(pm25_fit, "pm25", assign=True)
    # truth: the simulated source whose contributions correlate best with the factor's
    truth = pd.read_csv(
        _data_path("pmf", "hangzhou_like_2021_truth_contributions.csv"), index_col=0
    ).drop(columns="unexplained")
    truth.index = truth.index.astype(str)
    g = pd.DataFrame(
        pm25_fit.contributions_,
        columns=pm25_fit.factor_names_,
        index=[str(s) for s in pm25_fit.sample_names_],
    )
    truth = truth.loc[g.index]
    expected = {f: truth.corrwith(g[f]).idxmax() for f in g.columns}
    assert ident.names == expected
    assert len(set(ident.names.values())) == 7
    outside = list(ident.summary.index[~ident.summary["in_box"].astype(bool)])
    assert len(outside) <= 2
    warned = " ".join(str(w.message) for w in caught)
    for factor in outside:
        assert f"{factor}: assigned '{ident.names[factor]}' one-to-one" in warned
    # without the one-to-one option the factors outside the box stay unidentified
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnidentifiedFactorWarning)
        loose = voc.identify(pm25_fit, "pm25")
    assert sorted(loose.names.values()).count("unidentified") == len(outside)
