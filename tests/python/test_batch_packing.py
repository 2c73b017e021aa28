"""aqm.batch's shipping path: guided chunk sizes (hand-computed), packed results that gather to
the same Dataset as a plain xarray concat however the tasks are split into chunks, inputs
unpickled once per worker, and failures inside a chunk that lose nothing else."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
import xarray as xr

from aqm import batch, chem
from aqm.batch import Batch, Task
from aqm.batch._executors import Job, Shipment, _unshipped, chunks
from aqm.batch._packing import merge, pack, unpack

TOY = "#DEFVAR\nV = IGNORE;\nO3 = IGNORE;\nNO = IGNORE;\n#EQUATIONS\n<R1> V = O3 : 1.0e-4 ;\n"


def jobs(n: int) -> list[Job]:
    return [Job(k, "box", {}, {}, 0, 1) for k in range(n)]


# ---------------------------------------------------------------------------- chunk sizes


@pytest.mark.parametrize(
    "n, workers, sizes",
    [
        # each chunk takes ceil(left / (2 x workers)): 10 left -> 3, 7 -> 2, 5 -> 2, 3 -> 1 ...
        (10, 2, [3, 2, 2, 1, 1, 1]),
        # 1 worker: ceil(9/2) = 5, ceil(4/2) = 2, ceil(2/2) = 1, 1
        (9, 1, [5, 2, 1, 1]),
        (1, 4, [1]),  # one task
        (3, 8, [1, 1, 1]),  # more workers than tasks: one task each
    ],
)
def test_guided_chunks_shrink_to_single_tasks(n, workers, sizes):
    got = chunks(jobs(n), workers, None)
    assert [len(c) for c in got] == sizes
    assert [j.index for c in got for j in c] == list(range(n))  # all, once, in order


def test_fixed_chunksize_and_its_check():
    assert [len(c) for c in chunks(jobs(7), 2, 3)] == [3, 3, 1]
    with pytest.raises(ValueError, match="chunksize: must be >= 1, got 0"):
        chunks(jobs(3), 1, 0)


# ---------------------------------------------------------------------------- packing


def result(k: int, species: list[str]) -> xr.Dataset:
    """A task-like result: a per-task field, a field equal in every task (like a PMF fit's
    input data), a per-task scalar and text."""
    rng = np.random.default_rng(k)
    return xr.Dataset(
        {
            "conc": (("time", "species"), rng.random((3, len(species))), {"units": "ppb"}),
            "observed": (("time", "species"), np.full((3, len(species)), np.nan)),
            "q": ((), float(k)),
            "label": ("species", np.array([f"{s}{k}" for s in species])),
        },
        coords={"time": [0.0, 1.0, 2.0], "species": species},
        attrs={"mechanism": "toy", "task": k},
    )


def gathered(results, splits) -> xr.Dataset:
    """Pack ``results`` in chunks cut at ``splits``, merge, unpack; layouts concatenated."""
    bounds = [0, *splits, len(results)]
    packs = [p for a, b in zip(bounds, bounds[1:]) for p in pack(results[a:b])]
    parts = [unpack(p) for p in merge(packs)]
    return parts[0] if len(parts) == 1 else xr.concat(parts, "task", join="outer").sortby("task")


def reference(results) -> xr.Dataset:
    """The same results by xarray alone: each along a new task dimension, concatenated; the
    attrs that differ between tasks dropped."""
    ds = xr.concat(
        [r.expand_dims(task=[k]) for k, r in results],
        "task",
        join="outer",
        data_vars="all",
        coords="minimal",
        combine_attrs="drop_conflicts",
    )
    for name in ds.variables:
        if name not in ("time", "species", "task"):
            ds[name] = ds[name].transpose("task", ...)
    return ds


@pytest.mark.parametrize("splits", [[], [1], [2, 3], [1, 2, 3, 4]])
def test_packed_results_gather_as_xarray_concat_for_any_chunking(splits):
    results = [(k, result(k, ["NO", "O3"])) for k in range(5)]
    got = gathered(results, splits)
    xr.testing.assert_identical(got, reference(results))
    assert got.attrs == {"mechanism": "toy"}  # "task" differs between tasks


def test_a_variable_equal_in_every_task_travels_once():
    results = [(k, result(k, ["NO", "O3"])) for k in range(4)]
    (p,) = pack(results)
    shipped = dict(zip(p.names, p.values))
    assert shipped["observed"].shape == (1, 3, 2)  # same bytes (NaN too): once
    assert shipped["conc"].shape == (4, 3, 2)
    # one task differs: the chunk carries it per task and the merge expands the other
    odd = result(9, ["NO", "O3"]).assign(observed=lambda d: d["observed"].fillna(1.0))
    packs = pack(results[:2]) + pack([(2, odd)])
    (joined,) = merge(packs)
    values = unpack(joined)["observed"].values
    assert np.isnan(values[:2]).all() and (values[2] == 1.0).all()


def test_tasks_with_other_labels_form_their_own_pack_in_task_order():
    results = [(0, result(0, ["NO", "O3"])), (1, result(1, ["V"])), (2, result(2, ["NO", "O3"]))]
    packs = merge(pack(results[:2]) + pack(results[2:]))
    assert [p.indices for p in packs] == [[0, 2], [1]]
    xr.testing.assert_identical(gathered(results, [1]), reference(results))


# ---------------------------------------------------------------------------- shipping


def test_inputs_are_unpickled_once_per_worker_and_batch(monkeypatch):
    loads = []
    real = pickle.loads
    monkeypatch.setattr(pickle, "loads", lambda blob: loads.append(1) or real(blob))
    first, second = Shipment.of([{"a": 1}]), Shipment.of([{"a": 2}])
    assert Shipment.of([{"a": 1}]).key == first.key != second.key  # by content
    a = _unshipped(first.key, first.blob)
    assert _unshipped(first.key, first.blob) is a and a == [{"a": 1}] and len(loads) == 1
    assert _unshipped(second.key, second.blob) == [{"a": 2}] and len(loads) == 2


@pytest.fixture(scope="module")
def toy_box(tmp_path_factory) -> chem.BoxModel:
    path = tmp_path_factory.mktemp("toy") / "linear.eqn"
    path.write_text(TOY)
    return chem.BoxModel(path, duration=2, output_step=3600).initial({"V": 5.0})


def test_pool_chunks_lose_nothing_on_a_failing_task_and_fit_any_worker_count(toy_box):
    members = [Task("box", {"scale": {"V": 1.0 + k}}, {"box": toy_box}, f"m{k}") for k in range(5)]
    broken = Task("box", {"scale": {"NOPE": 1.0}}, {"box": toy_box}, "broken")
    b = Batch([*members[:2], broken, *members[2:]], seed=1)  # inside the first chunk
    serial = batch.run(b, "serial").dataset
    with batch.ProcessExecutor(3) as pool:  # 6 tasks: chunks 1, 1, 1, ...
        xr.testing.assert_identical(serial, batch.run(b, pool).dataset)
        one = batch.run(Batch(members[:1], seed=1), pool)  # one task, more workers
    with batch.ProcessExecutor(1, chunksize=6) as pool:  # all six in one chunk
        res = batch.run(b, pool)
    xr.testing.assert_identical(serial, res.dataset)
    assert res.failed == ["broken"] and "NOPE" in res.table.loc[2, "error"]
    assert list(res.table["status"]) == ["ok", "ok", "error", "ok", "ok", "ok"]
    np.testing.assert_array_equal(
        one.dataset["mixing_ratio"].values, serial["mixing_ratio"].isel(task=[0]).values
    )
