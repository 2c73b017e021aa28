"""``aqm voc run``: configuration checked up front, the whole job on a bundled-data subset,
outputs named by source and identical for one seed, bad inputs named."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from aqm.cli import main
from aqm.voc.run import OUTPUTS, load_run_config, run_workflow

ROOT = Path(__file__).resolve().parents[2]
VOC = ROOT / "data" / "voc"
STEM = "hangzhou_like_2021_voc"


def _subset(tmp_path: Path, days: int = 10) -> dict[str, Path]:
    """First ``days`` days of July of the bundled data (keeps the test fast)."""
    out = {}
    for part in ("con", "unc"):
        frame = pd.read_csv(VOC / f"{STEM}_{part}.csv", dtype=str, keep_default_na=False)
        july = frame[frame["Time"].str.startswith("2021-07")].head(24 * days)
        out[part] = tmp_path / f"{part}.csv"
        july.to_csv(out[part], index=False)
    return out


def _config(tmp_path: Path, **changes: str) -> Path:
    files = _subset(tmp_path)
    text = f"""
[measurements]
conc = "{files["con"]}"
unc = "{files["unc"]}"
mdl = "{VOC / (STEM + "_mdl.csv")}"
units = "ug/m3"
koh = "{VOC / (STEM + "_species.csv")}"
[age]
pair = "m/p-xylene/ethylbenzene"
iterations = 3
[pmf]
factors = 7
runs = 4
seed = 7
[identify]
library = "voc"
[profiles]
site = "test site"
period = "2021-07"
version = "1.0.0"
"""
    for key, line in changes.items():
        old = next(x for x in text.splitlines() if x.startswith(f"{key} ="))
        text = text.replace(old, line) if line else text.replace(old + "\n", "")
    path = tmp_path / "voc.toml"
    path.write_text(text)
    return path


@pytest.fixture(scope="module")
def job(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("voc_run")
    cfg = _config(tmp)
    out = tmp / "out"
    out.mkdir()
    return cfg, out, run_workflow(cfg, out)


def test_defaults_filled_and_paths_resolved(tmp_path):
    cfg = load_run_config(_config(tmp_path, runs="", pair=""))
    assert cfg["pmf"]["runs"] == 20 and cfg["pmf"]["basis"] == "initial"
    assert cfg["pmf"]["categories"] == "s/n" and cfg["pmf"]["uncertainty"] == "fitted"
    assert cfg["age"]["pair"] == "m/p-xylene/ethylbenzene"
    assert cfg["age"]["emission_ratio"] == "night" and cfg["identify"]["assign"] is True
    assert Path(cfg["measurements"]["conc"]).is_absolute()


@pytest.mark.parametrize(
    "key, line, message",
    [
        ("factors", "factors = 0", "[pmf] factors: must be within [2, 20], got 0"),
        ("factors", 'factors = "7"', "[pmf] factors: must be an integer, got '7'"),
        ("factors", "factors = true", "[pmf] factors: must be an integer, got True"),
        ("factors", "factors = 7.5", "[pmf] factors: must be an integer, got 7.5"),
        ("runs", "runs = -1", "[pmf] runs: must be within [1, 1000], got -1"),
        ("seed", "seed = 1.5", "[pmf] seed: must be an integer"),
        ("seed", "", "[pmf] seed: required key missing"),
        (
            "runs",
            'basis = "initial_conc"',
            "[pmf] basis: must be one of observed, initial, long_lived",
        ),
        ("pair", "percentile = 150", "[age] percentile: must be within [0, 100], got 150"),
        ("pair", "emission_ratio = -2.0", "[age] emission_ratio: must be > 0"),
        ("pair", 'emission_ratio = "day"', "[age] emission_ratio: a positive number or 'night'"),
        ("pair", "percentile = nan", "[age] percentile: must be finite"),
        ("version", 'version = "1.0"', "[profiles] version: must be MAJOR.MINOR.PATCH"),
        ("site", "", "[profiles] site: required key missing"),
        ("site", 'site = "  "', "[profiles] site: must not be empty"),
        ("units", 'units = "ppm"', "[measurements] units: must be one of ppb, ug m-3"),
        ("units", 'units = "mg"', "[measurements] units: must be one of ppb, ug m-3, got 'mg'"),
        ("units", "units = 3", "[measurements] units: must be a string, got 3"),
        ("library", 'library = "nope.csv"', "[identify] library: 'voc', 'pm25' or a file"),
        ("library", "pd_max = 2.0", "[identify] pd_max: must be within [0, 1]"),
        ("runs", "runs = 4\nrunz = 5", "[pmf] unknown key 'runz'"),
        ("library", 'library = "voc"\n[outputs]\nstem = "x"', "unknown table [outputs]"),
        ("conc", 'conc = "missing.csv"', "[measurements] conc: file not found"),
        ("seed", 'seed = 7\nuncertainty = "model"', "[pmf] uncertainty: must be one of measured"),
    ],
)
def test_bad_config_values_name_file_table_and_key(tmp_path, capsys, key, line, message):
    cfg = _config(tmp_path, **{key: line})
    out = tmp_path / "out"
    out.mkdir()
    assert main(["voc", "run", "--config", str(cfg), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert message in err and str(cfg) in err
    assert list(out.iterdir()) == []  # checked before any work


@pytest.mark.parametrize(
    ("spelling", "unit"), [("ug/m3", "ug m-3"), ("µg/m³", "ug m-3"), ("ppbv", "ppb")]
)
def test_measurement_units_take_every_spelling_of_the_vocabulary(tmp_path, spelling, unit):
    cfg = load_run_config(_config(tmp_path, units=f'units = "{spelling}"'))
    assert cfg["measurements"]["units"] == unit


def test_uncertainties_need_a_file_or_an_mdl(tmp_path):
    with pytest.raises(ValueError, match=r"\[measurements\]: give 'unc'"):
        load_run_config(_config(tmp_path, unc="", mdl=""))
    # without an MDL table the uncertainties are PMF 5.0's, as measured
    assert load_run_config(_config(tmp_path, mdl=""))["pmf"]["uncertainty"] == "measured"
    with pytest.raises(
        ValueError, match=r"\[pmf\] uncertainty: 'fitted' needs \[measurements\] mdl"
    ):
        load_run_config(_config(tmp_path, mdl="", seed="seed = 7\nuncertainty = 'fitted'"))


def test_a_bad_error_fraction_in_the_mdl_table_is_named_with_its_line(tmp_path, capsys):
    table = pd.read_csv(VOC / (STEM + "_mdl.csv"))
    table.loc[2, "error_fraction"] = 1.5
    bad = tmp_path / "mdl.csv"
    table.to_csv(bad, index=False)
    cfg = _config(tmp_path, mdl=f'mdl = "{bad}"')
    out = tmp_path / "out"
    out.mkdir()
    assert main(["voc", "run", "--config", str(cfg), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:4: {table.at[2, 'species']}: error_fraction must be a number in [0, 1]" in err
    assert list(out.iterdir()) == []


def test_job_writes_every_output_named_by_source(job):
    _, out, result = job
    names = set(result.labels.values())
    assert not any(n.lower().startswith("factor") for n in names)
    for key in (
        "exposure",
        "pmf",
        "key_sources",
        "library",
        "identification_plot",
        "formation_plot",
    ):
        assert result.files[key].is_file() and result.files[key].parent == out
    assert result.files["library"].name == "test_site_1.0.0.csv"
    key = pd.read_csv(out / OUTPUTS["key_sources"], index_col="source")
    assert set(key.index) == names
    assert list(key["rank"]) == list(range(1, len(key) + 1))
    assert key["ofp"].is_monotonic_decreasing
    assert key["ofp_share"].sum() == pytest.approx(1.0, abs=1e-5) and key[
        "voc_share"
    ].sum() == pytest.approx(1.0, abs=1e-5)
    # OFP of a source = sum over species of MIR x its mean concentration (by hand, ethene)
    fp = result.formation
    top = fp.detail["mass"]["ethylene"].idxmax()  # constrained factors may hold none
    mir = fp.detail["ofp"].loc[top] / fp.detail["mass"].loc[top]
    assert mir["ethylene"] == pytest.approx(9.0, rel=0.01)  # Carter (2010) MIR of ethene, 9.00
    import xarray as xr

    with xr.open_dataset(out / OUTPUTS["pmf"]) as ds:
        assert set(ds["factor"].values) == names
    assert not list(out.glob(".*tmp*"))  # no temporary file left behind


def test_library_reads_back_and_speciates_the_inventory(job):
    from aqm.emis import Inventory
    from aqm.voc import ProfileLibrary

    _, out, result = job
    lib = ProfileLibrary.read(result.files["library"])
    assert lib.metadata["site"] == "test site" and lib.metadata["concentrations"] == "initial"
    inv = Inventory.bundled()
    local = inv.speciate(profiles=lib, output="mass")
    species = [p for p in local.pollutants if p not in inv.pollutants]
    # mass conserved per sector: the speciated sum is the sector's NMVOC
    assert local.totals()[species].sum(axis=1).to_numpy() == pytest.approx(
        inv.totals()["NMVOC"].to_numpy(), rel=1e-9
    )


def test_library_is_built_from_the_set_to_zero_constrained_run(job, tmp_path):
    import json

    import xarray as xr

    from aqm.voc import ProfileLibrary

    cfg, out, result = job
    lib = ProfileLibrary.read(result.files["library"])
    settings = json.loads(lib.metadata["pmf_settings"])
    with xr.open_dataset(out / OUTPUTS["pmf"]) as ds:
        n = int(ds.attrs["set_to_zero_constraints"])
        assert n == settings["set_to_zero_constraints"] > 0
        assert 0 < ds.attrs["constrained_percent_dq"] <= 5.0
        constrained = ds["profiles_constrained"].to_pandas()
    assert int((constrained == 0).sum().sum()) >= n  # every constrained element is exactly 0
    off = tmp_path / "off"
    off.mkdir()
    plain = run_workflow(_config(tmp_path, site='site = "test site"\nzero_absent = false'), off)
    assert "set_to_zero_constraints" not in json.loads(
        ProfileLibrary.read(plain.files["library"]).metadata["pmf_settings"]
    )
    with xr.open_dataset(off / OUTPUTS["pmf"]) as ds:
        assert "profiles_constrained" not in ds and ds.attrs["set_to_zero_constraints"] == 0


def _key_sources_with(tmp_path: Path, pmf_line: str) -> pd.DataFrame:
    """key_sources.csv of the test job with one more line in its [pmf] table."""
    out = tmp_path / "out"
    out.mkdir()
    result = run_workflow(_config(tmp_path, runs=f"runs = 4\n{pmf_line}"), out)
    return pd.read_csv(result.files["key_sources"], index_col="source")


def test_bootstrap_adds_ofp_and_soap_intervals_to_the_key_sources(job, tmp_path):
    _, _, plain = job
    assert "ofp_q5" not in plain.key_sources
    key = _key_sources_with(tmp_path, "bootstrap = 6")
    mapped = key.dropna(subset=["ofp_q5"])
    assert len(mapped) >= 5  # a factor unmapped in every run has no interval
    assert (mapped["ofp_q5"] <= mapped["ofp_q95"]).all()
    assert (mapped["soap_q5"] <= mapped["soap_q95"]).all()
    # around the table's (constrained) OFP: a bootstrap of the base run put combustion's
    # 5th percentile at 5.8 times the constrained value on this data
    assert (mapped["ofp_q95"] > mapped["ofp"] / 1.5).all()
    assert (mapped["ofp_q5"] < 1.5 * mapped["ofp"]).all()


def test_rotation_dq_adds_the_ofp_rotational_range(job, tmp_path):
    _, _, plain = job
    assert "ofp_rot_lower" not in plain.key_sources
    key = _key_sources_with(tmp_path, "rotation_dq = 4")
    # the range holds the solution the table shows, and the other columns are the plain job's
    assert (key["ofp_rot_lower"] <= key["ofp"] * (1 + 1e-9)).all()
    assert (key["ofp"] <= key["ofp_rot_upper"] * (1 + 1e-9)).all()
    assert (key["ofp_rot_upper"] > key["ofp_rot_lower"]).any()
    before = pd.read_csv(plain.files["key_sources"], index_col="source")
    pd.testing.assert_frame_equal(key[before.columns], before)


def test_one_seed_gives_the_same_outputs(job, tmp_path):
    cfg, out, first = job
    again = tmp_path / "again"
    again.mkdir()
    second = run_workflow(cfg, again)
    for key, path in first.files.items():
        if path.suffix == ".nc":
            import xarray as xr

            with xr.open_dataset(path) as a, xr.open_dataset(second.files[key]) as b:
                xr.testing.assert_identical(a, b)
            continue
        digest = [hashlib.sha256(p.read_bytes()).hexdigest() for p in (path, second.files[key])]
        assert digest[0] == digest[1], key


def test_cli_prints_a_table_named_by_source(job, tmp_path, capsys):
    cfg, _, result = job
    out = tmp_path / "cli"
    out.mkdir()
    assert main(["voc", "run", "--config", str(cfg), "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "Factor 1" not in text and "OFP %" in text
    for label in result.labels.values():
        assert label in text


def test_bad_measurement_files_are_named(tmp_path, capsys):
    cfg = _config(tmp_path)
    con = tmp_path / "con.csv"
    con.write_text(con.read_text().replace("ethane,", "unobtainium,", 1))
    assert main(["voc", "run", "--config", str(cfg), "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "unobtainium" in err and "con.csv" in err
    cfg = _config(tmp_path)
    unc = tmp_path / "unc.csv"
    lines = unc.read_text().splitlines()
    unc.write_text("\n".join(lines[:-1]) + "\n")  # one hour short
    assert main(["voc", "run", "--config", str(cfg), "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "unc.csv: its species and times must be those of" in err


def test_missing_output_directory_is_named(tmp_path, capsys):
    cfg = _config(tmp_path)
    assert main(["voc", "run", "--config", str(cfg), "--out", str(tmp_path / "nope")]) == 2
    assert "output directory does not exist" in capsys.readouterr().err


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_one_to_one_names_perturbed_truth_profiles_as_their_sources(seed):
    import numpy as np

    from aqm.voc import SimulatedVocData, identify_one_to_one

    truth = SimulatedVocData.read_csv(VOC / STEM).truth_profiles
    rng = np.random.default_rng(seed)
    factors = truth * rng.lognormal(0.0, 0.3, truth.shape)  # 30 % scatter per species
    factors.index = [f"F{k}" for k in range(len(truth))]
    order = rng.permutation(len(truth))
    ident = identify_one_to_one(factors.iloc[order], units="mass")
    expected = dict(zip(factors.index, truth.index))
    assert ident.names == {k: expected[k] for k in factors.index[order]}
    assert set(ident.summary["method"]) == {"one-to-one (box + markers)"}


def test_one_to_one_with_more_factors_than_types_leaves_one_unidentified():
    import numpy as np

    from aqm.voc import SimulatedVocData, UnidentifiedFactorWarning, identify_one_to_one

    truth = SimulatedVocData.read_csv(VOC / STEM).truth_profiles
    extra = truth.loc[["vehicle_exhaust"]] * np.random.default_rng(5).lognormal(
        0.0, 0.3, (1, truth.shape[1])
    )
    factors = pd.concat([truth, extra.set_axis(["second exhaust"])])
    with pytest.warns(UnidentifiedFactorWarning, match="more factors than source types"):
        ident = identify_one_to_one(factors, units="mass")
    assert sorted(ident.names.values()).count("unidentified") == 1
    named = [v for v in ident.names.values() if v != "unidentified"]
    assert sorted(named) == sorted(truth.index)  # each source type exactly once


def test_pair_below_mdl_is_an_error_naming_file_and_pair(tmp_path, capsys):
    cfg = _config(tmp_path)
    con = pd.read_csv(tmp_path / "con.csv", dtype=str, keep_default_na=False)
    con["ethylbenzene"] = "0.001"  # below its MDL (0.087 ug/m3) in every hour
    con.to_csv(tmp_path / "con.csv", index=False)
    assert main(["voc", "run", "--config", str(cfg), "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "con.csv: [age] pair 'm/p-xylene/ethylbenzene':" in err
    assert "above their detection limits" in err


def test_library_matching_nothing_leaves_factors_unidentified_and_says_so(tmp_path, capsys):
    lines = (VOC / "reference_profiles.csv").read_text().splitlines()
    header = next(i for i, x in enumerate(lines) if x.startswith("source_type,"))
    keep = [x for x in lines[header + 1 :] if x.startswith(("lpg_ng,2441,", "biogenic,"))]
    lib = tmp_path / "two_profiles.csv"
    lib.write_text("\n".join([lines[header], *keep]) + "\n")
    cfg = _config(tmp_path, library=f'library = "{lib}"')
    out = tmp_path / "out"
    out.mkdir()
    assert main(["voc", "run", "--config", str(cfg), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.err.count("more factors than source types; left unidentified") == 5
    key = pd.read_csv(out / OUTPUTS["key_sources"], index_col="source")
    assert sorted(key.index) == sorted(
        ["lpg_ng", "biogenic"]
        + [f"unidentified_{k}" for k in range(1, 8) if f"unidentified_{k}" in key.index]
    )
    assert sum(s.startswith("unidentified_") for s in key.index) == 5
    from aqm.voc import ProfileLibrary

    lib_out = ProfileLibrary.read(out / "test_site_1.0.0.csv")
    assert sorted(lib_out.names) == ["biogenic", "lpg_ng"]
    assert lib_out.metadata["unidentified"].count("Factor") == 5


def test_a_ppb_file_gives_the_results_of_the_same_data_in_ug_m3(tmp_path):
    from aqm.chem.voc import default_table

    # ppb = ug/m3 x (R T / p) / MW, R T / p = 24.4654 L/mol at 298.15 K and 101325 Pa
    molar_volume = 8.314462618 * 298.15 / 101325.0 * 1000.0
    cfg_ug = _config(tmp_path, mdl="")
    ppb_dir = tmp_path / "ppb"
    ppb_dir.mkdir()
    mw = default_table().frame["mw"]
    table = default_table()
    for part in ("con", "unc"):
        frame = pd.read_csv(tmp_path / f"{part}.csv", index_col="Time")
        factor = [molar_volume / float(mw[table.resolve(c)]) for c in frame.columns]
        (frame * factor).to_csv(ppb_dir / f"{part}.csv", float_format="%.17g")
    text = cfg_ug.read_text().replace(str(tmp_path / "con.csv"), str(ppb_dir / "con.csv"))
    text = text.replace(str(tmp_path / "unc.csv"), str(ppb_dir / "unc.csv"))
    cfg_ppb = ppb_dir / "voc.toml"
    cfg_ppb.write_text(text.replace('units = "ug/m3"', 'units = "ppb"'))
    results = []
    for cfg in (cfg_ug, cfg_ppb):
        out = cfg.parent / "out"
        out.mkdir()
        results.append(run_workflow(cfg, out).key_sources)
    a, b = results
    assert list(a.index) == list(b.index)
    assert b["voc"].to_numpy() == pytest.approx(a["voc"].to_numpy(), rel=1e-4)
    assert b["ofp"].to_numpy() == pytest.approx(a["ofp"].to_numpy(), rel=1e-4)


def test_new_content_under_an_old_version_is_refused_before_other_files_change(job, tmp_path):
    cfg, out, first = job
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    text = cfg.read_text().replace("seed = 7", "seed = 8")  # other factors, same version
    other = tmp_path / "voc.toml"
    other.write_text(text)
    with pytest.raises(Exception, match="1.0.0"):
        run_workflow(other, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_failure_after_the_library_leaves_the_previous_set(job, tmp_path):
    # A new version (so the library itself is accepted) and a FIFO where the last figure goes:
    # the run fails after staging the library, NetCDF and tables; none of them may appear.
    import os
    import shutil

    cfg, out, _ = job
    out = Path(shutil.copytree(out, tmp_path / "out"))
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    os.mkfifo(out / "fifo")
    (out / OUTPUTS["formation_plot"]).unlink()
    (out / OUTPUTS["formation_plot"]).symlink_to(out / "fifo")
    text = cfg.read_text().replace("seed = 7", "seed = 8").replace('"1.0.0"', '"1.0.1"')
    other = tmp_path / "voc.toml"
    other.write_text(text)
    with pytest.raises(OSError, match="formation_shares.png: .*FIFO"):
        run_workflow(other, out)
    after = {
        p.name: p.read_bytes()
        for p in out.iterdir()
        if not p.name.startswith(("fifo", "formation"))
    }
    assert after == {n: b for n, b in before.items() if not n.startswith("formation")}


def test_inventory_step_writes_key_sectors(tmp_path):
    # The bundled inventory speciated with the job's localized library, one district only:
    # compounds + unmapped mass equal the district's NMVOC by sector (from the CSV by hand).
    cfg = _config(tmp_path)
    cfg.write_text(cfg.read_text() + '[inventory]\nbundled = "hangzhou_2020"\nplace = "xiaoshan"\n')
    out = tmp_path / "out"
    out.mkdir()
    result = run_workflow(cfg, out)
    sectors = pd.read_csv(out / OUTPUTS["key_sectors"], index_col="sector")
    assert list(sectors["rank"]) == list(range(1, len(sectors) + 1))
    assert set(sectors["level"]) <= {"localized", "reference", "parent", "default"}
    assert "localized" in set(sectors["level"])
    csv = pd.read_csv(ROOT / "data" / "emis" / "hangzhou_2020_inventory.csv", comment="#")
    hand = csv[(csv.place == "xiaoshan") & (csv.pollutant == "NMVOC")].groupby("sector")["value"]
    hand = hand.sum()
    got = (sectors["voc"] + sectors["unmapped"]).reindex(hand[hand > 0].index)
    assert np.allclose(got.to_numpy(), hand[hand > 0].to_numpy(), rtol=1e-5)  # CSV %.6g
    assert (out / OUTPUTS["species_inventory"]).is_file()
    assert result.key_sectors is not None


@pytest.mark.parametrize(
    "lines, message",
    [
        ('[inventory]\nbundled = "hangzhou_2020"\nplace = "atlantis"\n', "atlantis"),
        ('[inventory]\nplace = "xiaoshan"\n', "needs 'file' or 'bundled'"),
    ],
)
def test_inventory_step_bad_input(tmp_path, lines, message):
    cfg = _config(tmp_path)
    cfg.write_text(cfg.read_text() + lines)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises((KeyError, ValueError), match=message):
        run_workflow(cfg, out)
    assert not list(out.iterdir())  # nothing written
