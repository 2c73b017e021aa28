"""``aqm batch plan CONFIG --out DIR``, ``aqm batch run DIR --task SPEC``, ``aqm batch gather
DIR``: a batch as a job array (see :mod:`aqm.batch.jobarray`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .._config import int_flag

__all__ = ["add_parser"]


def _cmd_plan(args: argparse.Namespace) -> int:
    from .jobarray import load_plan, plan

    path = plan(args.config, args.out)
    doc = load_plan(path.parent)
    dims = ", ".join(doc["dims"]) or "none"
    print(
        f"plan: {len(doc['tasks'])} {doc['kind']} tasks (sweep: {dims}; seed {doc['seed']})"
        f" -> {path}"
    )
    print(f"run them with: aqm batch run {args.out} --task 0-{len(doc['tasks']) - 1}")
    return 0


def _cmd_run(args: argparse.Namespace) -> int:
    from .jobarray import load_plan, parse_task_spec, run_tasks

    doc = load_plan(args.directory)
    indices = parse_task_spec(args.task, len(doc["tasks"]), args.per_element)
    report = run_tasks(args.directory, indices, threads_per_task=args.threads)
    print(
        f"tasks {args.task}: {len(report['done'])} done, {len(report['skipped'])} already "
        f"complete, {len(report['failed'])} failed"
    )
    for k in report["failed"]:
        error = (Path(args.directory) / "results" / f"task-{k:05d}.error.txt").read_text().strip()
        print(f"aqm: task {k} ({doc['tasks'][k]['id']}) failed: {error}", file=sys.stderr)
    return 1 if report["failed"] else 0


def _cmd_gather(args: argparse.Namespace) -> int:
    from .._atomic import OutputSet
    from ._run import write_netcdf
    from .jobarray import gather

    ds = gather(args.directory)
    out = Path(args.out) if args.out else Path(args.directory) / "batch.nc"
    with OutputSet(out):
        write_netcdf(ds, out)
    n, failed, missing = ds.attrs["n_tasks"], ds.attrs["n_failed"], ds.attrs["n_missing"]
    print(
        f"gathered {n - failed - missing}/{n} tasks ({failed} failed, {missing} not run) -> {out}"
    )
    return 0 if failed == missing == 0 else 1


def add_parser(pillars: argparse._SubParsersAction) -> None:
    batch = pillars.add_parser("batch", help="batches of tasks as a job array")
    actions = batch.add_subparsers(dest="action", required=True)
    plan = actions.add_parser("plan", help="write the task table of a [batch] TOML")
    plan.add_argument("config", help="TOML file with a [batch] table")
    plan.add_argument("--out", required=True, help="plan directory (created)")
    plan.set_defaults(func=_cmd_plan)
    run = actions.add_parser("run", help="run planned tasks that are not complete yet")
    run.add_argument("directory", help="plan directory")
    run.add_argument(
        "--task",
        required=True,
        help="tasks (array elements with --per-element): N, A-B or a comma list; "
        "explicit, e.g. --task $SLURM_ARRAY_TASK_ID",
    )
    run.add_argument(
        "--per-element",
        dest="per_element",
        type=int_flag(1, 10**6),
        default=1,
        help="tasks per array element: element N runs tasks N*K .. N*K+K-1",
    )
    run.add_argument(
        "--threads", type=int_flag(1, 1024), default=1, help="OpenMP threads per task (default 1)"
    )
    run.set_defaults(func=_cmd_run)
    gather = actions.add_parser("gather", help="merge the tasks' results into one NetCDF")
    gather.add_argument("directory", help="plan directory")
    gather.add_argument("--out", help="NetCDF path (default DIR/batch.nc)")
    gather.set_defaults(func=_cmd_gather)
