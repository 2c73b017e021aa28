"""Job arrays: ``aqm batch plan|run|gather`` with tasks in separate processes, one killed midway
and resumed, gathered to the same Dataset as an in-process run; the explicit task id of
``aqm pmf run`` and ``aqm box run``; bad plans and task selections."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

from aqm import batch, cli, pmf
from aqm.batch import jobarray

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> Path:
    """Two sites' PMF inputs and a [batch] sweep over site x p x replicate (8 tasks)."""
    d = tmp_path_factory.mktemp("sites")
    for k, site in enumerate(("north", "south")):
        sim = pmf.simulate(n_samples=50, seed=20 + k)
        sim.conc.to_csv(d / f"{site}_conc.csv")
        sim.unc.to_csv(d / f"{site}_unc.csv")
    (d / "sweep.toml").write_text(
        '[batch]\nkind = "pmf"\nseed = 42\nreplicates = 2\n'
        '[batch.inputs]\nconc = "{site}_conc.csv"\nunc = "{site}_unc.csv"\n'
        "[batch.config]\nn_runs = 2\n"
        '[batch.sweep]\nsite = ["north", "south"]\nn_components = [3, 4]\n'
        "[batch.dataset]\nsuggest_categories = true\n"
    )
    return d


def aqm(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "aqm.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_plan_writes_the_task_table(sites, tmp_path):
    assert cli.main(["batch", "plan", str(sites / "sweep.toml"), "--out", str(tmp_path)]) == 0
    doc = jobarray.load_plan(tmp_path)
    assert len(doc["tasks"]) == 8 and doc["dims"] == ["site", "n_components", "replicate"]
    assert doc["tasks"][3]["id"] == "site=north,n_components=4,replicate=1"
    assert doc["tasks"][3]["config"] == {"n_runs": 2, "n_components": 4}
    assert doc["tasks"][3]["seed"] == batch.task_seed(42, doc["tasks"][3]["id"])
    assert (tmp_path / "tasks.csv").read_text().count("\n") == 9
    # the same plan again changes nothing; another one is refused (results would mix)
    assert cli.main(["batch", "plan", str(sites / "sweep.toml"), "--out", str(tmp_path)]) == 0
    other = tmp_path / "other.toml"
    other.write_text((sites / "sweep.toml").read_text().replace("seed = 42", "seed = 43"))
    assert cli.main(["batch", "plan", str(other), "--out", str(tmp_path)]) == 2
    assert (
        batch.task_seed(42, doc["tasks"][0]["id"])
        == jobarray.load_plan(tmp_path)["tasks"][0]["seed"]
    )


def test_killed_array_element_resumes_and_loses_nothing(sites, tmp_path):
    assert cli.main(["batch", "plan", str(sites / "sweep.toml"), "--out", str(tmp_path)]) == 0
    results = tmp_path / "results"
    # element 0 of 2 (4 tasks each) is killed once it has finished one task
    first = aqm("batch", "run", str(tmp_path), "--task", "0", "--per-element", "4")
    deadline = time.monotonic() + 120
    while not list(results.glob("task-*.nc")) and time.monotonic() < deadline:
        assert first.poll() is None, first.communicate()
        time.sleep(0.05)
    first.send_signal(signal.SIGKILL)
    first.communicate()
    done_before = sorted(p.name for p in results.glob("task-*.nc"))
    assert 1 <= len(done_before) < 4
    # element 1 and the resubmitted element 0 run side by side in their own processes
    procs = [
        aqm("batch", "run", str(tmp_path), "--task", e, "--per-element", "4") for e in ("1", "0")
    ]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert f"{len(done_before)} already complete" in outs[1][0]
    assert len(list(results.glob("task-*.nc"))) == 8
    assert not [p for p in results.iterdir() if p.name.startswith(".")]  # no temporaries
    assert cli.main(["batch", "gather", str(tmp_path)]) == 0
    with xr.open_dataset(tmp_path / "batch.nc") as gathered:
        gathered = gathered.load()
    # the same as every task run in this process
    doc = jobarray.load_plan(tmp_path)
    data = {
        site: pmf.Dataset.from_files(sites / f"{site}_conc.csv", sites / f"{site}_unc.csv")
        for site in ("north", "south")
    }
    for d in data.values():
        d.suggest_categories()
    tasks = [
        batch.Task("pmf", t["config"], {"data": data[t["coords"]["site"]]}, t["id"], t["coords"])
        for t in doc["tasks"]
    ]
    direct = batch.run(batch.Batch(tasks, seed=42, dims=doc["dims"]), "serial").dataset
    assert gathered.sizes["site"] == 2 and gathered.sizes["n_components"] == 2
    for name in ("q_robust", "q_true", "profiles", "seed"):
        np.testing.assert_array_equal(gathered[name].values, direct[name].values)
    assert list(gathered["status"].values.ravel()) == ["ok"] * 8


def test_gather_reports_missing_and_failed_tasks(sites, tmp_path):
    cfg = tmp_path / "broken.toml"
    cfg.write_text(
        (sites / "sweep.toml")
        .read_text()
        .replace("{site}_conc.csv", str(sites) + "/{site}_conc.csv")
        .replace('"{site}_unc.csv"', f'"{sites}/{{site}}_unc.csv"')
        .replace('"south"]', '"west"]')
    )
    out = tmp_path / "plan"
    assert cli.main(["batch", "plan", str(cfg), "--out", str(out)]) == 0
    assert cli.main(["batch", "run", str(out), "--task", "0,4"]) == 1  # task 4: site west
    assert "west_conc.csv" in (out / "results" / "task-00004.error.txt").read_text()
    assert cli.main(["batch", "gather", str(out)]) == 1
    ds = jobarray.gather(out)
    status = ds["status"].stack(t=ds["status"].dims).values
    assert sorted(status) == ["error"] + ["missing"] * 6 + ["ok"]
    assert ds.attrs["n_failed"] == 1 and ds.attrs["n_missing"] == 6


@pytest.mark.parametrize(
    "spec, per, expected",
    [
        ("3", 1, [3]),
        ("0-2,5", 1, [0, 1, 2, 5]),
        ("1", 3, [3, 4, 5]),
        ("2", 3, [6, 7]),
    ],
)
def test_task_specs(spec, per, expected):
    assert jobarray.parse_task_spec(spec, 8, per) == expected


@pytest.mark.parametrize(
    "spec, per, match",
    [
        ("8", 1, "element 8 is out of range"),
        ("3", 3, "element 3 is out of range"),
        ("a", 1, "expected N, A-B"),
        ("4-2", 1, "backwards"),
    ],
)
def test_bad_task_specs(spec, per, match):
    with pytest.raises(ValueError, match=match):
        jobarray.parse_task_spec(spec, 8, per)


@pytest.mark.parametrize(
    "extra, match",
    [
        ('[batch.sweep]\nn_components = [3]\nsit = ["a"]\n', "'sit' is neither a parameter"),
        ('[batch.config]\nn_components = 3\nn_runs = "two"\n', "n_runs must be a positive"),
        ("[batch.config]\nn_runs = 2\n", "missing parameter(s) n_components"),
        ('[batch.inputs]\nconc = "{site}_conc.csv"\nunc = "u.csv"\ndata = "x"\n', "unknown key"),
    ],
)
def test_bad_batch_configs_exit_2_naming_the_key(tmp_path, capsys, extra, match):
    cfg = tmp_path / "bad.toml"
    base = '[batch]\nkind = "pmf"\n'
    if "[batch.inputs]" not in extra:
        base += '[batch.inputs]\nconc = "c.csv"\nunc = "u.csv"\n'
    cfg.write_text(base + extra)
    code = cli.main(["batch", "plan", str(cfg), "--out", str(tmp_path / "p")])
    err = capsys.readouterr().err
    assert code == 2 and match in err


def test_pmf_task_id_is_explicit_and_names_every_output(sites, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SLURM_ARRAY_TASK_ID", "7")
    base = [
        "pmf",
        "run",
        "--conc",
        str(sites / "north_conc.csv"),
        "--unc",
        str(sites / "north_unc.csv"),
        "--factors",
        "3",
        "--runs",
        "2",
        "--seed",
        "5",
        "--suggest-categories",
    ]
    assert cli.main([*base, "--out", "plain.nc"]) == 0
    with xr.open_dataset("plain.nc") as ds:
        assert int(ds.attrs["seed"]) == 5  # the environment changes nothing
    assert (
        cli.main([*base, "--out", "r_{task}.nc", "--task-id", "3", "--plot", "p_{task}.png"]) == 0
    )
    assert Path("r_0003.nc").exists() and Path("p_0003.png").exists()
    with xr.open_dataset("r_0003.nc") as ds:
        assert int(ds.attrs["seed"]) == batch.task_seed(5, "3")
    assert cli.main([*base, "--out", "same.nc", "--task-id", "3"]) == 2


def test_box_run_task_id_names_the_output_and_is_required_in_it(capsys):
    from aqm.chem.cli import _task_path

    assert _task_path(Path("run_{task}.nc"), 12) == Path("run_0012.nc")
    assert _task_path(Path("run.nc"), None) == Path("run.nc")
    with pytest.raises(ValueError, match=r"must contain '\{task\}'"):
        _task_path(Path("run.nc"), 2)
    with pytest.raises(SystemExit):
        cli.main(["box", "run", "x.toml", "--task-id", "-1"])
    assert "--task-id" in capsys.readouterr().err
