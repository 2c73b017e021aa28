"""aqm.batch: task seeds, sweeps, the task kinds against closed forms and direct calls, failures
kept per task, and the same results on the serial, process-pool and Dask executors."""

from __future__ import annotations

import contextlib
import hashlib
import math
import os
import re
import socket
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from aqm import batch, chem, emis, pmf
from aqm.batch import Batch, Task, task_seed

ROOT = Path(__file__).resolve().parents[2]
K = 1.0e-4  # s-1, V -> O3 in the toy mechanism
TOY = "#DEFVAR\nV = IGNORE;\nO3 = IGNORE;\nNO = IGNORE;\n#EQUATIONS\n<R1> V = O3 : 1.0e-4 ;\n"


@pytest.fixture(scope="module")
def toy_box(tmp_path_factory) -> chem.BoxModel:
    path = tmp_path_factory.mktemp("toy") / "linear.eqn"
    path.write_text(TOY)
    return (
        chem.BoxModel(path, duration=6, output_step=3600)
        .solver(rtol=1e-8, atol=1e-4)
        .initial({"V": 5.0})
    )


@pytest.fixture(scope="module")
def pmf_data() -> pmf.Dataset:
    d = pmf.simulate(n_samples=60, seed=11)
    data = pmf.Dataset(d.conc, d.unc)
    data.suggest_categories()
    return data


def o3_ppb(v0: float, t: float) -> float:
    """V0 -> O3 at first order k, no other loss: O3(t) = V0 (1 - exp(-k t))."""
    return v0 * (1 - math.exp(-K * t))


# ---------------------------------------------------------------------------- seeds and tables


def test_task_seed_is_seedsequence_of_batch_seed_and_id_hash():
    key = int.from_bytes(hashlib.sha256(b"n_components=5").digest()[:8], "little")
    expected = int(np.random.SeedSequence(42, spawn_key=(key,)).generate_state(2, np.uint64)[0])
    assert task_seed(42, "n_components=5") == expected & (2**63 - 1)
    assert task_seed(42, "a") != task_seed(42, "b") != task_seed(43, "b")
    for bad in (-1, 2**63, 1.5, True):
        with pytest.raises(ValueError, match="seed"):
            task_seed(bad, "a")


def test_seed_depends_on_the_id_only_not_the_position(toy_box):
    tasks = [Task("box", id=i, inputs={"box": toy_box}) for i in ("x", "y", "z")]
    a, b = Batch(tasks, seed=7), Batch(tasks[::-1], seed=7)
    assert {t.id: a.seed_of(t) for t in a.tasks} == {t.id: b.seed_of(t) for t in b.tasks}


def test_sweep_builds_the_product_with_ids_and_coordinates(pmf_data):
    b = Batch.sweep(
        "pmf",
        {"n_components": [3, 4]},
        replicates=3,
        config={"n_runs": 2},
        inputs={"data": pmf_data},
        seed=1,
    )
    assert len(b) == 6 and b.dims == ["n_components", "replicate"]
    assert b[0].id == "n_components=3,replicate=0" and b[5].id == "n_components=4,replicate=2"
    assert b[4].config == {"n_runs": 2, "n_components": 4}  # replicate is a label only
    assert b[4].coords == {"n_components": 4, "replicate": 1}


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda box: Batch([Task("nope", inputs={"box": box})]), "unknown kind 'nope'"),
        (
            lambda box: Batch([Task("box", {"scale": {}, "sigma": 1}, {"box": box})]),
            r"task 0 \(box\): unknown parameter\(s\) sigma",
        ),
        (lambda box: Batch([Task("box")]), r"missing input\(s\) box"),
        (
            lambda box: Batch([Task("isopleth_cell", {"voc_factor": 1}, {"box": box})]),
            r"missing parameter\(s\) nox_factor, voc_species",
        ),
        (lambda box: Batch([Task("box", id="a", inputs={"box": box})] * 2), "repeated: a"),
        (lambda box: Batch.sweep("box", {"scale": []}, inputs={"box": box}), "at least one"),
        (lambda box: Batch([], seed=-3), "seed"),
        (lambda box: Batch([]), "at least one task"),
    ],
)
def test_bad_batches_are_refused_naming_the_problem(toy_box, make, match):
    with pytest.raises((ValueError, KeyError), match=match):
        make(toy_box)


# ---------------------------------------------------------------------------- kinds


def test_box_task_scales_against_the_closed_form(toy_box):
    b = Batch.sweep("box", {"scale": [{"V": 1.0}, {"V": 2.0}]}, inputs={"box": toy_box})
    ds = batch.run(b, "serial").dataset
    o3 = ds["mixing_ratio"].sel(species="O3").isel(time=-1).values
    assert o3 == pytest.approx([o3_ppb(5.0, 6 * 3600), o3_ppb(10.0, 6 * 3600)], rel=1e-5)
    assert list(ds["status"].values) == ["ok", "ok"]


def test_box_lognormal_factor_comes_from_the_task_seed(toy_box):
    b = Batch([Task("box", {"lognormal": {"V": 0.3}}, {"box": toy_box}, m) for m in "abc"], seed=5)
    ds = batch.run(b, "serial").dataset
    for k, task_id in enumerate("abc"):
        z = np.random.default_rng(task_seed(5, task_id)).standard_normal()
        f = math.exp(0.3 * z)
        assert float(ds["scale_factor"].isel(task=k).sel(scaled="V")) == pytest.approx(f, 1e-12)
        o3 = float(ds["mixing_ratio"].isel(task=k).sel(species="O3")[-1])
        assert o3 == pytest.approx(o3_ppb(5.0 * f, 6 * 3600), rel=1e-5)


def test_isopleth_cell_equals_the_cell_of_box_isopleth(toy_box):
    iso = toy_box.isopleth(
        [0.5, 1.5], [1.0], voc_species=["V"], nox_species=["NO"], n_threads=1, progress=False
    )
    b = Batch.sweep(
        "isopleth_cell",
        {"voc_factor": [0.5, 1.5]},
        config={"nox_factor": 1.0, "voc_species": ["V"], "nox_species": ["NO"]},
        inputs={"box": toy_box},
    )
    ds = batch.run(b, "serial").dataset
    for m in ("peak_o3", "max_8h_o3", "net_po3"):
        np.testing.assert_array_equal(ds[m].values, iso[m].sel(nox_factor=1.0).values)


def test_scenario_task_equals_inventory_apply():
    inv = emis.Inventory.bundled()
    plan = emis.Scenario.from_toml(ROOT / "data" / "emis" / "hangzhou_2025_plan.toml")
    ds = batch.run(
        Batch([Task("scenario", inputs={"inventory": inv, "scenario": plan})]), "serial"
    ).dataset.isel(task=0)
    res = inv.apply(plan)
    np.testing.assert_array_equal(ds["scenario_total"].values, res.scenario_totals.to_numpy())
    np.testing.assert_array_equal(ds["base_total"].values, res.base_totals.to_numpy())


def test_attribution_task_equals_attribution_run(toy_box):
    from aqm.chem.attribution import Attribution

    flat = pd.DataFrame({"V": [2e5, 2e5]}, index=[0.0, 21600.0])
    att = Attribution(toy_box, {"a": flat, "b": flat * 3}, nox_species=["NO"])
    ds = batch.run(
        Batch([Task("attribution", {"cut": 0.1}, {"attribution": att})]), "serial"
    ).dataset.isel(task=0)
    ref = att.run(cut=0.1, n_threads=1, progress=False).cases
    np.testing.assert_array_equal(ds["max_8h_o3"].values, ref["max_8h_o3"].values)


def test_pmf_task_equals_a_direct_fit_with_the_task_seed(pmf_data):
    b = Batch([Task("pmf", {"n_components": 3, "n_runs": 2}, {"data": pmf_data}, "fit")], seed=9)
    ds = batch.run(b, "serial").dataset.isel(task=0)
    direct = pmf.PMF(
        3, n_runs=2, random_state=task_seed(9, "fit"), n_threads=1, progress=False
    ).fit(pmf_data)
    assert float(ds["q_robust"]) == direct.q_robust_
    np.testing.assert_array_equal(ds["profiles"].values, direct.to_xarray()["profiles"].values)


def test_a_failing_task_is_recorded_and_the_others_kept(toy_box):
    b = Batch(
        [
            Task("box", {"scale": {"V": 2.0}}, {"box": toy_box}, "good"),
            Task("box", {"scale": {"NOT_A_SPECIES": 2.0}}, {"box": toy_box}, "bad"),
        ]
    )
    res = batch.run(b, "serial")
    assert res.failed == ["bad"]
    assert "NOT_A_SPECIES" in res.dataset["error"].values[1]
    assert np.isnan(res.dataset["mixing_ratio"].isel(task=1)).all()
    assert np.isfinite(res.dataset["mixing_ratio"].isel(task=0)).all()
    assert res.dataset.attrs["n_failed"] == 1


def test_dask_executor_without_dask_says_what_to_install(toy_box, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(ImportError, match=r"libaqm\[batch\]"):
        batch.run(Batch([Task("box", inputs={"box": toy_box})]), "dask")


def test_unknown_executor_is_refused(toy_box):
    with pytest.raises(ValueError, match="executor: unknown 'threads'"):
        batch.run(Batch([Task("box", inputs={"box": toy_box})]), "threads")


# ---------------------------------------------------------------------------- executors


def mixed_batch(toy_box, pmf_data) -> Batch:
    """PMF fits and box runs (one failing) in one table: one pool start per executor."""
    fits = [
        Task("pmf", {"n_components": p, "n_runs": 2}, {"data": pmf_data}, f"p{p}r{r}")
        for p in (3, 4)
        for r in range(2)
    ]
    members = [Task("box", {"lognormal": {"V": 0.5}}, {"box": toy_box}, f"m{k}") for k in range(6)]
    broken = Task("box", {"scale": {"NOPE": 1.0}}, {"box": toy_box}, "broken")
    return Batch([*fits, *members, broken], seed=3)


def test_same_results_on_serial_process_pool_and_dask(toy_box, pmf_data):
    distributed = pytest.importorskip("distributed")
    b = mixed_batch(toy_box, pmf_data)
    serial = batch.run(b, "serial").dataset
    assert list(serial["status"].values).count("ok") == 10
    assert np.isfinite(serial["q_robust"].values[:4]).all()
    # species of the fits and of the box share a dimension (outer join): the box's are finite
    box_species = serial["mixing_ratio"].isel(task=slice(4, 10)).sel(species=["V", "O3", "NO"])
    assert np.isfinite(box_species).all()
    xr.testing.assert_identical(serial, batch.run(b, "process", max_workers=1).dataset)
    with batch.ProcessExecutor(2, chunksize=3) as pool:  # one pool, two batches
        xr.testing.assert_identical(serial, batch.run(b, pool).dataset)
        again = batch.run(Batch(b.tasks[4:6], seed=3), pool).dataset
    same = serial["mixing_ratio"].isel(task=slice(4, 6)).sel(species=again["species"])
    np.testing.assert_array_equal(again["mixing_ratio"].values, same.values)
    with (
        distributed.LocalCluster(  # as a user starts one (a free port: the machine is shared)
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        xr.testing.assert_identical(serial, batch.run(b, "dask", client=client).dataset)
        scattered = []
        scatter = client.scatter
        client.scatter = lambda *a, **k: scattered.append(1) or scatter(*a, **k)
        dask = batch.DaskExecutor(client, chunksize=2)
        for _ in range(2):  # same inputs: shipped once
            xr.testing.assert_identical(serial, batch.run(b, dask).dataset)
        assert len(scattered) == 1
        batch.run(Batch(b.tasks[4:6], seed=3), dask)  # other inputs (the box only)
        assert len(scattered) == 2


def test_local_cluster_is_lean_and_gives_the_same_results(toy_box, pmf_data):
    distributed = pytest.importorskip("distributed")
    import dask

    before = {key: dask.config.get(key) for key in batch.LEAN_DASK_CONFIG}
    b = mixed_batch(toy_box, pmf_data)
    serial = batch.run(b, "serial").dataset
    with socket.socket() as dashboard_port:  # another cluster's: no "port in use" warning
        with contextlib.suppress(OSError):  # held by someone else: the same situation
            dashboard_port.bind(("127.0.0.1", 8787))
            dashboard_port.listen()
        with batch.local_cluster(2) as cluster, distributed.Client(cluster) as client:
            check_lean_cluster(client, b, serial)
    # the caller's configuration (and so any cluster the user starts) is untouched
    assert {key: dask.config.get(key) for key in batch.LEAN_DASK_CONFIG} == before


def check_lean_cluster(client, b: Batch, serial: xr.Dataset) -> None:
    """Two single-threaded worker processes with the lean settings; the same results."""
    import dask

    workers = client.scheduler_info()["workers"].values()
    assert sorted(w["nthreads"] for w in workers) == [1, 1]
    pids = client.run(os.getpid)
    assert len(set(pids.values())) == 2 and os.getpid() not in pids.values()
    for key, value in batch.LEAN_DASK_CONFIG.items():  # reached every worker process
        assert set(client.run(dask.config.get, key).values()) == {value}, key
    xr.testing.assert_identical(serial, batch.run(b, "dask", client=client).dataset)


def test_lean_settings_are_dask_settings_with_longer_intervals():
    """A misspelt key would be ignored by dask without a word: each must exist in dask's
    defaults, and each interval must be longer than dask's (the point of the lean cluster)."""
    pytest.importorskip("distributed")
    import dask
    from dask.utils import parse_timedelta

    defaults = dask.config.merge(*dask.config.defaults)  # dask's and distributed's own
    for key, lean in batch.LEAN_DASK_CONFIG.items():
        default = dask.config.get(key, config=defaults)
        if isinstance(lean, bool):
            assert (default, lean) == (True, False), key
        else:
            assert parse_timedelta(lean) > parse_timedelta(default), key


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_workers": 0}, "n_workers: must be an integer >= 1, got 0"),
        ({"n_workers": -2}, "n_workers: must be an integer >= 1, got -2"),
        ({"n_workers": 1.5}, "n_workers: must be an integer >= 1, got 1.5"),
        ({"n_workers": True}, "n_workers: must be an integer >= 1, got True"),
        ({"n_workers": "2"}, "n_workers: must be an integer >= 1, got '2'"),
        ({"n_workers": 1, "threads_per_worker": 0}, "threads_per_worker: must be an integer >= 1"),
        ({"n_workers": 1, "processes": False}, "processes: local_cluster runs each worker"),
    ],
)
def test_local_cluster_refuses_bad_arguments_before_starting(kwargs, message, monkeypatch):
    distributed = pytest.importorskip("distributed")
    monkeypatch.setattr(distributed, "LocalCluster", lambda **kw: pytest.fail("started"))
    with pytest.raises(ValueError, match=re.escape(message)):
        batch.local_cluster(**kwargs)


def test_local_cluster_without_dask_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(ImportError, match=r"local_cluster needs .*libaqm\[batch\]"):
        batch.local_cluster(1)


def test_local_cluster_defaults_to_every_core_and_passes_options(monkeypatch):
    distributed = pytest.importorskip("distributed")
    import dask

    seen = {}

    def fake(**kwargs):
        seen.update(kwargs, profile=dask.config.get("distributed.worker.profile.enabled"))
        return "cluster"

    monkeypatch.setattr(distributed, "LocalCluster", fake)
    monkeypatch.setattr(os, "cpu_count", lambda: 3)
    assert batch.local_cluster(memory_limit="1GB", processes=True) == "cluster"
    assert seen == {
        "n_workers": 3,
        "threads_per_worker": 1,
        "processes": True,
        "memory_limit": "1GB",
        "dashboard_address": None,
        "scheduler_kwargs": {"dashboard_address": "127.0.0.1:0"},
        "profile": False,
    }
    seen.clear()
    batch.local_cluster(2, threads_per_worker=2, dashboard_address=":8790")
    assert (seen["n_workers"], seen["threads_per_worker"]) == (2, 2)
    assert seen["dashboard_address"] == ":8790" and "scheduler_kwargs" not in seen
    batch.local_cluster(1, scheduler_kwargs={"dashboard_address": "127.0.0.1:8791"})
    assert seen["scheduler_kwargs"] == {"dashboard_address": "127.0.0.1:8791"}


def test_progress_bar_counts_the_tasks(toy_box, capsys):
    pytest.importorskip("tqdm")
    b = Batch([Task("box", {}, {"box": toy_box}, f"m{k}") for k in range(3)])
    batch.run(b, "serial", progress=True)
    err = capsys.readouterr().err
    assert "batch (3 tasks)" in err and "3/3" in err


def test_gathered_result_round_trips_through_netcdf(toy_box, tmp_path):
    b = Batch.sweep(
        "box",
        {"scale": [{"V": 1.0}, {"V": 3.0}]},
        config={"species": ["O3"]},
        inputs={"box": toy_box},
        seed=1,
    )
    res = batch.run(b, "serial")
    res.to_netcdf(tmp_path / "sweep.nc")
    with xr.open_dataset(tmp_path / "sweep.nc") as back:
        np.testing.assert_array_equal(
            back["mixing_ratio"].values, res.dataset["mixing_ratio"].values
        )
        assert list(back["scale"].values) == ["{'V': 1.0}", "{'V': 3.0}"]
        assert list(back["status"].values) == ["ok", "ok"]


def test_batch_imports_and_runs_without_dask(toy_box, tmp_path):
    import pickle
    import subprocess

    blob = tmp_path / "b.pkl"
    blob.write_bytes(pickle.dumps(Batch([Task("box", {}, {"box": toy_box})])))
    code = (
        "import sys, pickle; sys.modules['dask'] = sys.modules['distributed'] = None\n"
        "from aqm import batch, cli\n"
        f"b = pickle.loads(open({str(blob)!r}, 'rb').read())\n"
        "print(batch.run(b, 'serial').table['status'].tolist())"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "['ok']"


def test_every_task_runs_the_library_on_one_thread(pmf_data, toy_box, monkeypatch):
    seen = []
    fit, isopleth = pmf.PMF.fit, chem.BoxModel.isopleth
    monkeypatch.setattr(
        pmf.PMF,
        "fit",
        lambda self, *a, **k: seen.append(("pmf", self.n_threads)) or fit(self, *a, **k),
    )
    monkeypatch.setattr(
        chem.BoxModel,
        "isopleth",
        lambda self, *a, **k: seen.append(("isopleth", k["n_threads"])) or isopleth(self, *a, **k),
    )
    b = Batch(
        [
            Task("pmf", {"n_components": 3, "n_runs": 2}, {"data": pmf_data}),
            Task(
                "isopleth_cell",
                {"voc_factor": 1.0, "nox_factor": 1.0, "voc_species": ["V"], "nox_species": ["NO"]},
                {"box": toy_box},
            ),
        ]
    )
    assert batch.run(b, "serial").failed == []
    assert seen == [("pmf", 1), ("isopleth", 1)]
