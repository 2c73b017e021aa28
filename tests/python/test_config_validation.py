"""Hostile TOML configs and numeric flags for every TOML-driven command (aqm._config).

Each case must fail before any work: exit status 2, one message naming the file and the key,
no traceback, and no output file written.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_cases.configs import ATTRIBUTION, COMMANDS, ISOPLETH, PMF, SCENARIO, VOC

from aqm.cli import build_parser, main

REPO = Path(__file__).resolve().parents[2]

# ------------------------------------- minimal valid bases (the others: hostile_cases.configs)
BOX = {
    "observations": '"obs.csv"',
    "temp_units": '"C"',
    "output_step_s": "600",
    "output": '"box.nc"',
}
MEASURE = SCENARIO["measure"]


def _table(name: str, keys: dict[str, str], header: str = "[{}]") -> str:
    return header.format(name) + "\n" + "".join(f"{k} = {v}\n" for k, v in keys.items())


def _changed(base: dict[str, str], change: dict[str, str | None]) -> dict[str, str]:
    out = {**base, **change}
    return {k: v for k, v in out.items() if v is not None}


def _pmf(change: dict[str, str | None], extra: str = "") -> str:
    return _table("pmf", _changed(PMF, change)) + extra


def _voc(table: str, change: dict[str, str | None], extra: str = "") -> str:
    tables = {name: _changed(keys, change if name == table else {}) for name, keys in VOC.items()}
    return "".join(_table(name, keys) for name, keys in tables.items()) + extra


def _box(
    change: dict[str, str | None], sub: str = "", sub_change: dict | None = None, extra: str = ""
) -> str:
    text = _table("box", _changed(BOX, change))
    if sub:
        base = ISOPLETH if sub == "isopleth" else ATTRIBUTION
        text += _table(f"box.{sub}", _changed(base, sub_change or {}))
    return text + extra


def _scenario(measure: dict[str, str | None] | None = None, head: str = "", extra: str = "") -> str:
    text = '[scenario]\nname = "plan"\n' + head
    text += _table("measure", _changed(MEASURE, measure or {}), "[[{}]]")
    return text + extra


PMF_RUN = COMMANDS["pmf run"]
PMF_SWEEP = ["pmf", "sweep", "--config", "cfg.toml", "--factors", "2-3", "--out", "sweep.nc"]
VOC_RUN = COMMANDS["voc run"]
BOX_RUN = COMMANDS["box run"]
CHEM = ["chem", "integrate", "cfg.toml"]
BOX_ISO = COMMANDS["box isopleth"]
BOX_ATT = COMMANDS["box attribute"]
EMIS = COMMANDS["emis apply"]

# (command, config text, words the message must contain besides the file name)
CASES = {
    # aqm pmf run / sweep
    "pmf factors bool": (PMF_RUN, _pmf({"factors": "true"}), ["[pmf] factors", "integer"]),
    "pmf factors float": (PMF_RUN, _pmf({"factors": "2.5"}), ["[pmf] factors", "integer"]),
    "pmf factors zero": (PMF_RUN, _pmf({"factors": "0"}), ["[pmf] factors", "within"]),
    "pmf runs bool": (PMF_RUN, _pmf({"runs": "true"}), ["[pmf] runs", "integer"]),
    "pmf runs zero": (PMF_RUN, _pmf({"runs": "0"}), ["[pmf] runs", "within"]),
    "pmf seed negative": (PMF_RUN, _pmf({"seed": "-1"}), ["[pmf] seed", "within"]),
    "pmf seed string": (PMF_RUN, _pmf({"seed": '"42"'}), ["[pmf] seed", "integer"]),
    "pmf seed 2^64": (PMF_RUN, _pmf({"seed": "18446744073709551616"}), ["[pmf] seed", "within"]),
    "pmf threads all": (PMF_RUN, _pmf({"threads": '"all"'}), ["[pmf] threads", "integer"]),
    "pmf conc number": (PMF_RUN, _pmf({"conc": "5"}), ["[pmf] conc", "string"]),
    "pmf conc missing file": (PMF_RUN, _pmf({"conc": '"nope.csv"'}), ["[pmf] conc", "not found"]),
    "pmf tol inf": (PMF_RUN, _pmf({"tol": "inf"}), ["[pmf] tol", "finite"]),
    "pmf tol nan": (PMF_RUN, _pmf({"tol": "nan"}), ["[pmf] tol", "finite"]),
    "pmf tol negative": (PMF_RUN, _pmf({"tol": "-1e-5"}), ["[pmf] tol", "within"]),
    "pmf method choice": (PMF_RUN, _pmf({"method": '"svd"'}), ["[pmf] method", "als"]),
    "pmf robust string": (PMF_RUN, _pmf({"robust": '"yes"'}), ["[pmf] robust", "true or false"]),
    "pmf missing choice": (PMF_RUN, _pmf({"missing": '"drop"'}), ["[pmf] missing", "replace"]),
    "pmf fpeak item": (PMF_RUN, _pmf({"fpeak": '[0.5, "x"]'}), ["[pmf] fpeak[2]", "number"]),
    "pmf fpeak scalar": (PMF_RUN, _pmf({"fpeak": "0.5"}), ["[pmf] fpeak", "list"]),
    "pmf category choice": (
        PMF_RUN,
        _pmf({"categories": '{ Ca = "medium" }'}),
        ["categories.Ca", "weak"],
    ),
    "pmf bootstrap negative": (PMF_RUN, _pmf({"bootstrap": "-1"}), ["[pmf] bootstrap"]),
    "pmf out number": (PMF_RUN, _pmf({"out": "5"}), ["[pmf] out", "string"]),
    "pmf unknown key": (PMF_RUN, _pmf({"fators": "3"}), ["[pmf]", "unknown key 'fators'"]),
    "pmf unknown table": (PMF_RUN, _pmf({}, "[pmff]\nx = 1\n"), ["unknown table [pmff]"]),
    "pmf sweep threads": (PMF_SWEEP, _pmf({"threads": "-2"}), ["[pmf] threads", "within"]),
    "pmf sweep bs_disp": (PMF_SWEEP, _pmf({"bs_disp": "1.5"}), ["[pmf] bs_disp", "integer"]),
    # aqm voc run
    "voc factors bool": (VOC_RUN, _voc("pmf", {"factors": "true"}), ["[pmf] factors"]),
    "voc seed nan": (VOC_RUN, _voc("pmf", {"seed": "nan"}), ["[pmf] seed", "integer"]),
    "voc error_fraction inf": (
        VOC_RUN,
        _voc("measurements", {"error_fraction": "inf"}),
        ["[measurements] error_fraction", "finite"],
    ),
    "voc units choice": (
        VOC_RUN,
        _voc("measurements", {"units": '"ppm"'}),
        ["[measurements] units", "ppb, ug m-3", "'ppm'"],
    ),
    "voc percentile range": (
        VOC_RUN,
        _voc("age", {}, "[age]\npercentile = 101\n"),
        ["[age] percentile", "within"],
    ),
    "voc site missing": (
        VOC_RUN,
        _voc("profiles", {"site": None}),
        ["[profiles] site", "required"],
    ),
    "voc pd_max string": (
        VOC_RUN,
        _voc("identify", {}, '[identify]\npd_max = "0.4"\n'),
        ["[identify] pd_max", "number"],
    ),
    "voc unknown key": (VOC_RUN, _voc("pmf", {"factor": "3"}), ["[pmf]", "'factor'"]),
    "voc unknown table": (VOC_RUN, _voc("pmf", {}, "[pfm]\nx = 1\n"), ["unknown table [pfm]"]),
    # aqm box run / isopleth / attribute
    "box output number": (BOX_RUN, _box({"output": "5"}), ["[box] output", "string"]),
    "box temp_units F": (BOX_RUN, _box({"temp_units": '"F"'}), ["[box] temp_units", "C, K"]),
    "box output_step tiny": (
        BOX_RUN,
        _box({"output_step_s": "1e-6"}),
        ["[box] output_step_s", "within"],
    ),
    "box duration nan": (BOX_RUN, _box({"duration_h": "nan"}), ["[box] duration_h", "finite"]),
    "box lat range": (BOX_RUN, _box({"lat": "91"}), ["[box] lat", "within"]),
    "box fix_nox int": (BOX_RUN, _box({"fix_nox": "1"}), ["[box] fix_nox", "true or false"]),
    "box constrain string": (BOX_RUN, _box({"constrain": '"CO"'}), ["[box] constrain", "list"]),
    "box initial negative": (
        BOX_RUN,
        _box({"initial": "{ O3 = -1 }"}),
        ["[box] initial.O3", "within"],
    ),
    "box spin_up float": (
        BOX_RUN,
        _box({"spin_up_days": "2.5"}),
        ["[box] spin_up_days", "integer"],
    ),
    "box observations missing": (
        BOX_RUN,
        _box({"observations": None}),
        ["[box] observations", "required"],
    ),
    "box observations no file": (
        BOX_RUN,
        _box({"observations": '"nope.csv"'}),
        ["[box] observations", "not found"],
    ),
    "box unknown key": (BOX_RUN, _box({"tempunits": '"C"'}), ["[box]", "'tempunits'"]),
    "box unknown table": (BOX_RUN, _box({}, extra="[boxx]\na = 1\n"), ["unknown table [boxx]"]),
    "isopleth metric": (
        BOX_ISO,
        _box({}, "isopleth", {"metric": '"mean_o3"'}),
        ["[box.isopleth] metric", "max_8h_o3"],
    ),
    "isopleth range num": (
        BOX_ISO,
        _box({}, "isopleth", {"voc_factors": "{ start = 0.1, stop = 2.0 }"}),
        ["[box.isopleth.voc_factors] num", "required"],
    ),
    "isopleth factor inf": (
        BOX_ISO,
        _box({}, "isopleth", {"nox_factors": "[0.5, inf]"}),
        ["[box.isopleth] nox_factors[2]", "finite"],
    ),
    "isopleth threads all": (
        BOX_ISO,
        _box({}, "isopleth", {"n_threads": '"all"'}),
        ["[box.isopleth] n_threads", "integer"],
    ),
    "isopleth output number": (
        BOX_ISO,
        _box({}, "isopleth", {"output": "5"}),
        ["[box.isopleth] output", "string"],
    ),
    "box entrainment int": (
        BOX_RUN,
        _box({"entrainment": "1"}),
        ["[box] entrainment", "true or false"],
    ),
    # aqm chem integrate
    "chem method": (CHEM, '[chem]\nmethod = "euler"\n', ["[chem] method", "rodas3"]),
    "chem rtol negative": (CHEM, "[chem]\nrtol = -1e-3\n", ["[chem] rtol", "within"]),
    "chem initial string": (
        CHEM,
        '[chem]\ninitial = { O3 = "30" }\n',
        ["[chem] initial.O3", "number"],
    ),
    "chem lat alone": (CHEM, "[chem]\nlat = 45.0\n", ["[chem] lon", "needed with lat"]),
    "chem zenith and sun": (
        CHEM,
        '[chem]\nzenith = 30.0\nlat = 45.0\nlon = 0.0\nstart = "2010-07-01"\n',
        ["[chem] zenith", "not both"],
    ),
    "chem unknown key": (CHEM, "[chem]\ntemperature = 300\n", ["[chem]", "'temperature'"]),
    "chem mechanism missing": (
        CHEM,
        '[chem]\nmechanism = "nope.eqn"\n',
        ["[chem] mechanism", "no such file"],
    ),
    "chem builtin unknown": (CHEM, '[chem]\nmechanism = "nope"\n', ["[chem] mechanism", "nope"]),
    "attribution place missing": (
        BOX_ATT,
        _box({}, "attribution", {"place": None}),
        ["[box.attribution] place", "required"],
    ),
    "attribution cut range": (
        BOX_ATT,
        _box({}, "attribution", {"cut": "1.5"}),
        ["[box.attribution] cut", "within"],
    ),
    "attribution metric": (
        BOX_ATT,
        _box({}, "attribution", {"metric": '"o3"'}),
        ["[box.attribution] metric", "peak_o3"],
    ),
    "attribution plots int": (
        BOX_ATT,
        _box({}, "attribution", {"plots": "1"}),
        ["[box.attribution] plots", "true or false"],
    ),
    # aqm emis apply (scenario TOML)
    "emis efficiency bool": (EMIS, _scenario({"efficiency": "true"}), ["efficiency", "number"]),
    "emis efficiency nan": (EMIS, _scenario({"efficiency": "nan"}), ["efficiency", "finite"]),
    "emis penetration string": (
        EMIS,
        _scenario({"penetration_target": '"0.9"'}),
        ["measure[1] (m1)] penetration_target", "number"],
    ),
    "emis efficiency missing": (EMIS, _scenario({"efficiency": None}), ["efficiency", "required"]),
    "emis pollutant number": (EMIS, _scenario({"pollutant": "5"}), ["pollutant", "string"]),
    "emis base_year float": (
        EMIS,
        _scenario(head="base_year = 2020.5\n"),
        ["[scenario] base_year", "integer"],
    ),
    "emis name number": (EMIS, "[scenario]\nname = 5\n", ["[scenario] name", "string"]),
    "emis target inf": (
        EMIS,
        _scenario(extra='[[target]]\npollutant = "NOx"\nchange_percent = inf\n'),
        ["target[1]] change_percent", "finite"],
    ),
    "emis growth bool": (
        EMIS,
        _scenario(extra='[[growth]]\nsector = "power"\nannual_rate = true\n'),
        ["growth[1] (power)] annual_rate", "number"],
    ),
    "emis measure not array": (
        EMIS,
        'measure = 5\n[scenario]\nname = "x"\n',
        ["measure", "array of tables"],
    ),
    "emis unknown table": (EMIS, _scenario(extra="[measures]\nx = 1\n"), ["measures"]),
}


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """A directory holding the (placeholder) input files every base config names."""
    for name in ("conc.csv", "unc.csv", "obs.csv"):
        (tmp_path / name).write_text("placeholder: never read, validation fails first\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_config_fails_up_front(case, workdir, capsys):
    argv, text, words = CASES[case]
    (workdir / "cfg.toml").write_text(text)
    before = set(workdir.rglob("*"))
    status = main(argv)
    out, err = capsys.readouterr()
    assert status == 2, (case, out, err)
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("aqm: error: "), err
    assert "cfg.toml" in err
    for word in words:
        assert word in err, (case, err)
    assert set(workdir.rglob("*")) == before, "an output was written"


def test_at_least_forty_hostile_cases():
    assert len(CASES) >= 40


@pytest.mark.parametrize(
    "argv, flag",
    [
        (["pmf", "run", "--conc", "c.csv", "--seed", "18446744073709551616"], "--seed"),
        (["pmf", "run", "--conc", "c.csv", "--seed", "9223372036854775808"], "--seed"),
        (["pmf", "run", "--conc", "c.csv", "--seed", "2**64"], "--seed"),
        (["pmf", "run", "--conc", "c.csv", "--seed", "-1"], "--seed"),
        (["pmf", "run", "--conc", "c.csv", "--threads", "all"], "--threads"),
        (["pmf", "run", "--conc", "c.csv", "--threads", "-1"], "--threads"),
        (["pmf", "run", "--conc", "c.csv", "--factors", "0"], "--factors"),
        (["pmf", "run", "--conc", "c.csv", "--runs", "0"], "--runs"),
        (["pmf", "sweep", "--conc", "c.csv", "--runs", "-3"], "--runs"),
        (["pmf", "sweep", "--conc", "c.csv", "--seed", "1e3"], "--seed"),
        (["voc", "simulate", "out/x", "--seed", "-5"], "--seed"),
    ],
)
def test_numeric_flags_are_range_checked(argv, flag, capsys):
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    error_lines = [line for line in err.splitlines() if "error:" in line]
    assert len(error_lines) == 1 and f"argument {flag}" in error_lines[0], err


def test_largest_seed_is_accepted():
    seed = 2**63 - 1
    args = build_parser().parse_args(["pmf", "run", "--conc", "c.csv", "--seed", str(seed)])
    assert args.seed == seed


# ---------------------------------------------------------- valid configs keep working
def test_bundled_pmf_config_is_valid():
    from aqm.pmf.cli import _load_config

    table = _load_config(REPO / "data/pmf/hangzhou_like_2021.toml")
    assert table["factors"] == 7 and table["seed"] == 42
    assert Path(table["conc"]).is_file()


@pytest.mark.parametrize("name", ["hangzhou_summer_day.toml", "hangzhou_attribution.toml"])
def test_bundled_box_configs_are_valid(name):
    from aqm.chem.box_config import load_config

    cfg, base = load_config(REPO / "data/box" / name)
    assert cfg["temp_units"] == "C" and base == REPO / "data/box"


def test_bundled_scenario_is_valid():
    from aqm.emis import Scenario

    sc = Scenario.from_toml(REPO / "data/emis/hangzhou_2025_plan.toml")
    assert sc.measures and all(0 <= m["efficiency"] <= 1 for m in sc.measures)


def test_bundled_voc_config_is_valid():
    from aqm.voc.run import load_run_config

    cfg = load_run_config(REPO / "data/voc/hangzhou_voc.toml")
    assert cfg["pmf"]["factors"] == 7 and cfg["pmf"]["runs"] == 20
