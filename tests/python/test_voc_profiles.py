"""Localized profiles end to end on a known-truth VOC dataset: PMF (ppb) -> identify ->
localize (fill rule checked against the reference table by hand) -> library file -> emis."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _voc_species import MEASURED

from aqm import voc
from aqm.voc.reference import load_reference_profiles

SOURCES = {
    "8856": "lpg_ng",
    "8762": "gasoline_evaporation",
    "8751a": "vehicle_exhaust",
    "1148": "biogenic",
}


def reference_weights(code: str) -> pd.Series:
    lib = load_reference_profiles()
    return lib[lib["profile_code"] == code].set_index("species")["weight_percent"]


@pytest.fixture(scope="module")
def voc_fit():
    """200 samples of four SPECIATE sources on 15 measured species, in ppb (mass / MW)."""
    from aqm.pmf import PMF
    from aqm.voc.reference import registry

    mw = registry().frame.loc[MEASURED, "mw"].astype(float).to_numpy()
    truth = np.array(
        [reference_weights(c).reindex(MEASURED).fillna(0).to_numpy() / mw for c in SOURCES]
    )
    truth /= truth.sum(axis=1, keepdims=True)
    rng = np.random.default_rng(20261205)
    g = rng.lognormal(0.0, 0.8, size=(200, len(SOURCES))) * 10
    x = g @ truth
    x = x * (1 + 0.05 * rng.standard_normal(x.shape)) + 1e-3
    x = np.clip(x, 1e-3, None)
    u = 0.05 * x + 0.01 * x.mean(axis=0)
    X = pd.DataFrame(x, columns=MEASURED)
    U = pd.DataFrame(u, columns=MEASURED)
    return PMF(n_components=4, n_runs=5, random_state=1, progress=False).fit(X, U)


@pytest.fixture(scope="module")
def identified(voc_fit):
    return voc.identify(voc_fit, units="ppb", assign=True)


@pytest.fixture(scope="module")
def library(voc_fit, identified):
    bs = voc_fit.bootstrap(10, random_state=3)
    disp = voc_fit.displacement((4.0,), bisection_steps=3)
    return voc.localize(
        voc_fit,
        identified,
        site="Test site",
        period="2021",
        units="ppb",
        bootstrap=bs,
        displacement=disp,
    )


def test_identify_finds_the_four_sources(identified):
    assert sorted(identified.names.values()) == sorted(SOURCES.values())
    # isoprene alone (one species < 4) is scored by PD over the factor's species
    bio = [f for f, n in identified.names.items() if n == "biogenic"][0]
    assert identified.summary.loc[bio, "method"] == "box (assigned)"
    cand = identified.candidates
    top = cand[cand["factor"] == bio].iloc[0]
    assert top["profile_code"] == "1148" and bool(top["on_union"]) and np.isnan(top["sid"])


def test_fill_rule_against_the_reference_table(library, identified):
    lpg = library.profile("lpg_ng")
    assert (
        identified.best_reference([f for f, n in identified.names.items() if n == "lpg_ng"][0])
        == "8856"
    )
    ref = reference_weights("8856")
    total = ref.sum()
    measured_share = ref.reindex(MEASURED).dropna().sum() / total
    m = lpg[lpg["origin"] == "measured"]
    r = lpg[lpg["origin"] == "reference"]
    assert set(m.index) == set(MEASURED)
    assert m["mass_fraction"].sum() == pytest.approx(measured_share, rel=1e-9)
    for species, frac in r["mass_fraction"].items():
        assert frac == pytest.approx(ref[species] / total, rel=1e-9)
    assert lpg["mass_fraction"].sum() == pytest.approx(1.0)
    # the localized propane share recovers the true one (noise 5 %) within 10 %
    assert m.loc["propane", "mass_fraction"] == pytest.approx(ref["propane"] / total, rel=0.1)
    q = m[["p05", "p50", "p95"]]
    assert (q["p05"] <= q["p50"] + 1e-12).all() and (q["p50"] <= q["p95"] + 1e-12).all()
    assert r[["p05", "p50", "p95", "disp_lower", "disp_upper"]].isna().all().all()
    # DISP brackets the base value
    assert (m["disp_lower"] <= m["mass_fraction"] * (1 + 1e-9)).all()
    assert (m["disp_upper"] >= m["mass_fraction"] * (1 - 1e-9)).all()


def test_metadata_file_round_trip_and_emis(library, tmp_path):
    md = library.metadata
    assert md["site"] == "Test site" and md["concentrations"] == "observed"
    assert md["created_by"].startswith("libaqm ")
    assert md["data_hash"].startswith("sha256:")
    assert md["uncertainty"] == "bootstrap p05/p50/p95, DISP dQmax=4"
    path = library.save(tmp_path / "lib.csv")
    back = voc.ProfileLibrary.read(path)
    assert back.content_hash == library.content_hash
    pd.testing.assert_frame_equal(back.to_frame(), library.to_frame(), rtol=1e-10)
    # the file is a speciation profile file for aqm.emis as it is
    from aqm.emis.speciation import read_profiles

    profs = read_profiles(path)
    assert set(profs) == set(library.names)
    assert sum(profs["lpg_ng"].fractions) == pytest.approx(1.0)


def test_inventory_speciated_with_the_library_in_one_call(library):
    from aqm.emis import Inventory

    inv = Inventory.bundled()
    base = inv.speciate(output="mass")
    local = inv.speciate(profiles=library, output="mass")
    new_species = [p for p in local.pollutants if p not in inv.pollutants]
    t_local = local.totals()[new_species]
    t_base = base.totals()[[p for p in base.pollutants if p not in inv.pollutants]]
    # mass conserved per sector (mechanism basis): the speciated sum is the sector's NMVOC
    station = "storage/gas_station"
    nmvoc = inv.totals()["NMVOC"]
    assert t_local.sum(axis=1)[station] == pytest.approx(nmvoc[station], rel=1e-9)
    assert t_local.sum(axis=1).to_numpy() == pytest.approx(nmvoc.to_numpy(), rel=1e-9)
    # the gas station now uses the localized gasoline-evaporation profile: another split
    shared = t_base.columns.intersection(t_local.columns)
    assert not np.allclose(t_local.loc[station, shared], t_base.loc[station, shared])
    # sectors without a localized source type keep the bundled profile
    cooking = "residential/cooking"
    assert t_local.loc[cooking, shared].to_numpy() == pytest.approx(
        t_base.loc[cooking, shared].to_numpy()
    )


def test_versioning(library, tmp_path):
    path = library.save(tmp_path)
    assert path.name == "Test_site_1.0.0.csv"
    library.save(tmp_path)  # same content, same version: fine
    core = library._c
    changed = voc.ProfileLibrary(_modified(core))
    with pytest.raises(ValueError, match="version 1.0.0 already holds different profiles"):
        changed.save(tmp_path)
    newer = changed.bump("minor")
    assert newer.version == "1.1.0"
    newer.save(tmp_path)
    assert voc.ProfileLibrary.read(tmp_path).version == "1.1.0"
    assert voc.ProfileLibrary.read(tmp_path, "1.0.0").content_hash == library.content_hash
    diff = library.compare(newer)
    lpg = diff[diff["profile"] == "lpg_ng"]
    assert lpg["difference"].abs().max() == pytest.approx(0.01)
    assert lpg["pearson_r"].iloc[0] < 1.0 and lpg["sid"].iloc[0] > 0
    with pytest.raises(ValueError, match="MAJOR.MINOR.PATCH"):
        library.with_version("v2")


def _modified(core):
    """Move 0.01 of the LPG profile's largest share to another species."""
    from aqm import _core

    out = _core.voc.ProfileLibrary()
    out.metadata = dict(core.metadata)
    out.profiles = list(core.profiles)  # copies; the elements below belong to `out`
    for p in out.profiles:
        if p.name == "lpg_ng":
            f = list(p.fraction)
            i = int(np.argmax(f))
            f[i] -= 0.01
            f[1 - min(i, 1)] += 0.01
            p.fraction = f
    return out


def test_bad_library_files(library, tmp_path):
    path = library.save(tmp_path / "lib.csv")
    text = path.read_text()
    no_site = "\n".join(line for line in text.splitlines() if not line.startswith("# site:"))
    bad = tmp_path / "no_site.csv"
    bad.write_text(no_site + "\n")
    with pytest.raises(ValueError, match="no_site.csv: site: required metadata key"):
        voc.ProfileLibrary.read(bad)
    with pytest.raises(FileNotFoundError):
        voc.ProfileLibrary.read(tmp_path / "missing.csv")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(FileNotFoundError, match="no <site>_<version>.csv"):
        voc.ProfileLibrary.read(empty)


def test_initial_concentrations_flag(voc_fit, identified):
    lib = voc.localize(
        voc_fit, identified, site="S", period="P", units="ppb", initial_concentrations=True
    )
    assert lib.metadata["concentrations"] == "initial"
    assert lib.metadata["uncertainty"] == "none"
