"""A batch as a job array: ``plan`` writes the task table, ``run_tasks`` runs chosen tasks
(one array element each, or several), ``gather`` merges what they wrote.

The plan directory holds ``plan.json`` (every task: index, id, coordinates, parameters, seed,
and the input files), ``tasks.csv`` (the same for people) and ``results/``: one NetCDF per
completed task, written atomically (``aqm._atomic.OutputSet``), or ``task-N.error.txt`` for
a failed one.  A completed task is never run again, so an array (or a resubmission after a
node died) just runs what is left.  Which tasks to run is always given explicitly; nothing is
read from the environment.

The TOML file (input paths relative to it; ``{name}`` in a path takes the task's value of
sweep key ``name``)::

    [batch]
    kind = "pmf"          # pmf, box, isopleth_cell, attribution, scenario
    seed = 42
    replicates = 5        # optional: a replicate dimension (tasks differ by seed only)
    [batch.inputs]        # pmf: conc, unc; box, isopleth_cell, attribution: box (a [box]
    conc = "{site}_conc.csv"   # TOML); scenario: inventory (CSV or bundled name), scenario
    unc = "{site}_unc.csv"
    [batch.config]        # parameters of every task
    n_runs = 20
    [batch.sweep]         # every combination; parameters of the kind or input-path labels
    n_components = [4, 5, 6]
    site = ["north", "south"]
    [batch.dataset]       # pmf only: Dataset options as for `aqm pmf run`
    suggest_categories = true
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .._config import SEED_MAX, Key, check_table, read_config
from ._executors import Job, execute
from ._kinds import KINDS
from ._run import gather as gather_results
from ._run import write_netcdf
from ._table import Batch, Task, task_seed

__all__ = ["gather", "load_plan", "parse_task_spec", "plan", "run_tasks"]

PLAN_FORMAT = "aqm-batch-plan 1"
_INPUT_FILES = {
    "pmf": ("conc", "unc"),
    "box": ("box",),
    "isopleth_cell": ("box",),
    "attribution": ("box",),
    "scenario": ("inventory", "scenario"),
}
SCHEMA = {
    "kind": Key(str, required=True, choices=tuple(KINDS)),
    "seed": Key(int, low=0, high=SEED_MAX),
    "replicates": Key(int, low=1, high=10**6),
    "inputs": Key(dict, item=str),
    "config": Key(dict),
    "sweep": Key(dict, item=list),
    "dataset": Key(dict),
}
# [batch.dataset] (kind pmf): how the files become an aqm.pmf.Dataset, as in `aqm pmf run`
DATASET_SCHEMA = {
    "total_variable": Key(str),
    "extra_uncertainty": Key(float, low=0.0, high=10.0),
    "missing": Key(str, choices=("replace", "exclude")),
    "missing_values": Key(list, item=(float, str)),
    "categories": Key(dict, item=str),
    "suggest_categories": Key(bool),
}


def _template_keys(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _read_config(path: Path) -> dict[str, Any]:
    raw = read_config(path, ("batch",), "batch", what="batch configuration")
    table = check_table(path, "batch", raw["batch"], SCHEMA, path.parent, fill_defaults=False)
    table.setdefault("seed", 0)
    kind = table["kind"]
    inputs = dict(table.get("inputs") or {})
    need = _INPUT_FILES[kind]
    unknown = sorted(set(inputs) - set(need))
    if unknown:
        raise KeyError(
            f"{path}: [batch.inputs] unknown key(s) {', '.join(unknown)} for kind "
            f"{kind!r} (use {', '.join(need)})"
        )
    required = [k for k in need if k not in inputs and not (kind == "scenario" and k == "scenario")]
    if required:
        raise KeyError(f"{path}: [batch.inputs] missing {', '.join(required)} for kind {kind!r}")
    if "dataset" in table:
        if kind != "pmf":
            raise KeyError(f"{path}: [batch.dataset] is for kind 'pmf' only")
        table["dataset"] = check_table(
            path,
            "batch.dataset",
            table["dataset"],
            DATASET_SCHEMA,
            path.parent,
            fill_defaults=False,
        )
    labels = set().union(*(_template_keys(v) for v in inputs.values()))
    sweep = dict(table.get("sweep") or {})
    for key in sweep:
        if key not in KINDS[kind].params and key not in labels:
            raise KeyError(
                f"{path}: [batch.sweep] {key!r} is neither a parameter of {kind!r} "
                f"({', '.join(KINDS[kind].params)}) nor used in an input path"
            )
    missing = sorted(labels - set(sweep))
    if missing:
        raise KeyError(
            f"{path}: [batch.inputs] uses {{{'}, {'.join(missing)}}} but "
            "[batch.sweep] has no such key"
        )
    base = path.resolve().parent
    table["inputs"] = {
        k: v
        if kind == "scenario" and k == "inventory" and not v.endswith(".csv")
        else str(base / v)
        for k, v in inputs.items()
    }
    return table


def plan(config: str | Path, out_dir: str | Path) -> Path:
    """Write the task table of the batch in ``config`` into ``out_dir``; returns plan.json.
    Planning the same batch again is a no-op; a different one into the same directory is
    refused (the results there belong to the old plan)."""
    import pandas as pd

    from .._atomic import OutputSet, atomic_path

    path = Path(config)
    table = _read_config(path)
    kind = table["kind"]
    placeholder: dict[str, Any] = dict.fromkeys(KINDS[kind].inputs)
    if kind == "scenario" and "scenario" in table["inputs"]:
        placeholder["scenario"] = None
    batch = Batch.sweep(
        kind,
        table.get("sweep") or {},
        config=table.get("config") or {},
        inputs=placeholder,
        replicates=table.get("replicates"),
        seed=table["seed"],
    )
    out = Path(out_dir)
    (out / "results").mkdir(parents=True, exist_ok=True)
    doc = {
        "format": PLAN_FORMAT,
        "source": str(path.resolve()),
        "kind": kind,
        "seed": batch.seed,
        "dims": batch.dims,
        "inputs": table["inputs"],
        "dataset": table.get("dataset", {}),
        "tasks": [
            {
                "index": k,
                "id": t.id,
                "coords": dict(t.coords),
                "config": dict(t.config),
                "seed": batch.seed_of(t),
            }
            for k, t in enumerate(batch.tasks)
        ],
    }
    target = out / "plan.json"
    text = json.dumps(doc, indent=1, default=str)
    if target.exists() and json.loads(target.read_text()) != json.loads(text):
        # its results belong to the old tasks: they would be taken as this plan's
        raise ValueError(
            f"{out}: holds a different batch plan (and its results); plan into a new directory"
        )
    with OutputSet(target):
        with atomic_path(target) as tmp:
            tmp.write_text(text)
        with atomic_path(out / "tasks.csv") as tmp:
            rows = [
                {"index": t["index"], "id": t["id"], "seed": t["seed"], **t["coords"]}
                for t in doc["tasks"]
            ]
            pd.DataFrame(rows).to_csv(tmp, index=False)
    return target


def load_plan(directory: str | Path) -> dict[str, Any]:
    path = Path(directory) / "plan.json"
    if not path.is_file():
        raise FileNotFoundError(
            2, f"{path}: no batch plan here (run 'aqm batch plan' first)", str(path)
        )
    doc = json.loads(path.read_text())
    if doc.get("format") != PLAN_FORMAT:
        raise ValueError(f"{path}: not a libaqm batch plan ({PLAN_FORMAT!r})")
    return doc


def _table(doc: Mapping[str, Any]) -> Batch:
    """The plan's tasks without their inputs (for gathering)."""
    tasks = [Task(doc["kind"], t["config"], {}, t["id"], t["coords"]) for t in doc["tasks"]]
    return Batch(tasks, seed=int(doc["seed"]), dims=doc["dims"], check=False)


def parse_task_spec(spec: str, n_tasks: int, per_element: int = 1) -> list[int]:
    """Task indices of "N", "A-B" or a comma list of those; with ``per_element`` K each
    number is an array element running tasks N*K .. N*K + K - 1."""
    if per_element < 1:
        raise ValueError(f"--per-element: must be >= 1, got {per_element}")
    elements: list[int] = []
    for part in spec.split(","):
        m = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?", part)
        if not m:
            raise ValueError(f"--task {spec!r}: expected N, A-B or a comma list of those")
        a = int(m.group(1))
        b = int(m.group(2)) if m.group(2) is not None else a
        if b < a:
            raise ValueError(f"--task {spec!r}: range {a}-{b} runs backwards")
        elements += range(a, b + 1)
    n_elements = -(-n_tasks // per_element)
    bad = [e for e in elements if e >= n_elements]
    if bad:
        raise ValueError(
            f"--task {spec!r}: element {bad[0]} is out of range (the plan has "
            f"{n_tasks} tasks, {n_elements} elements of {per_element})"
        )
    out = [k for e in elements for k in range(e * per_element, min((e + 1) * per_element, n_tasks))]
    return list(dict.fromkeys(out))


def result_path(directory: Path, index: int) -> Path:
    return directory / "results" / f"task-{index:05d}.nc"


def error_path(directory: Path, index: int) -> Path:
    return directory / "results" / f"task-{index:05d}.error.txt"


_LOADED: dict[tuple, dict[str, Any]] = {}


def _inputs_of(doc: Mapping[str, Any], task: Mapping[str, Any]) -> dict[str, Any]:
    """The input objects of a task, read from its files (each set once per process)."""
    files = {k: v.format(**task["coords"]) for k, v in doc["inputs"].items()}
    key = (doc["kind"], tuple(sorted(files.items())))
    if key not in _LOADED:
        _LOADED[key] = _load_inputs(doc["kind"], files, doc.get("dataset", {}))
    return _LOADED[key]


def _load_inputs(kind: str, files: Mapping[str, str], dataset: Mapping[str, Any]) -> dict[str, Any]:
    if kind == "pmf":
        from ..pmf import Dataset

        options = dict(dataset)
        suggest = options.pop("suggest_categories", False)
        data = Dataset.from_files(files["conc"], files["unc"], **options)
        if suggest:
            data.suggest_categories()
        return {"data": data}
    if kind == "scenario":
        from ..emis import Inventory, Scenario

        inv = files["inventory"]
        out = {
            "inventory": Inventory.from_csv(inv) if inv.endswith(".csv") else Inventory.bundled(inv)
        }
        if "scenario" in files:
            out["scenario"] = Scenario.from_toml(files["scenario"])
        return out
    from ..chem.box_config import from_config, load_config

    cfg, base = load_config(files["box"])
    if kind == "attribution":
        from ..chem.attribution_config import from_config as attribution_from_config

        att, options = attribution_from_config(cfg, base)
        options.pop("n_threads", None)
        return {"attribution": att, "_defaults": options}
    return {"box": from_config(cfg, base)}


def _write_result(directory: Path, index: int, data: Any) -> None:
    from .._atomic import OutputSet

    target = result_path(directory, index)
    with OutputSet(target):
        write_netcdf(data, target)
    error_path(directory, index).unlink(missing_ok=True)


def _write_error(directory: Path, index: int, error: str) -> None:
    from .._atomic import OutputSet, atomic_path

    target = error_path(directory, index)
    with OutputSet(target):
        with atomic_path(target) as tmp:
            tmp.write_text(error + "\n")


def run_tasks(
    directory: str | Path, indices: Sequence[int], threads_per_task: int = 1
) -> dict[str, list[int]]:
    """Run the planned tasks at ``indices`` that have no result yet, in this process;
    returns the indices done, skipped (already complete) and failed."""
    directory = Path(directory)
    doc = load_plan(directory)
    report: dict[str, list[int]] = {"done": [], "skipped": [], "failed": []}
    for k in indices:
        if result_path(directory, k).exists():
            report["skipped"].append(k)
            continue
        task = doc["tasks"][k]
        try:
            inputs = _inputs_of(doc, task)
        except Exception as err:  # unreadable input: this task fails, the others go on
            _write_error(directory, k, f"{type(err).__name__}: {err}")
            report["failed"].append(k)
            continue
        config = {**inputs.get("_defaults", {}), **task["config"]}
        names = [n for n in inputs if not n.startswith("_")]
        job = Job(
            k,
            doc["kind"],
            config,
            {n: i for i, n in enumerate(names)},
            task_seed(int(doc["seed"]), task["id"]),
            threads_per_task,
        )
        result = execute(job, [inputs[n] for n in names])
        if result.status == "ok":
            _write_result(directory, k, result.data)
            report["done"].append(k)
        else:
            _write_error(directory, k, result.error)
            report["failed"].append(k)
    return report


def gather(directory: str | Path) -> Any:
    """One Dataset of every task's result (status "missing" for tasks not yet run, "error"
    with the message for failed ones), as :func:`aqm.batch.run` gathers them."""
    import xarray as xr

    directory = Path(directory)
    doc = load_plan(directory)
    data, status = {}, {}
    for k in range(len(doc["tasks"])):
        done, failed = result_path(directory, k), error_path(directory, k)
        if done.exists():
            with xr.open_dataset(done) as ds:
                data[k] = ds.load()
            for var in data[k].variables.values():
                var.encoding = {}  # gathered with NaN for absent labels: no int on-disk types
            status[k] = ("ok", "")
        elif failed.exists():
            status[k] = ("error", failed.read_text().strip())
    return gather_results(_table(doc), data, status)
