"""``aqm pmf run``: base runs from files or a TOML config; writes NetCDF, CSV tables and a PNG."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .._config import SEED_MAX, Key, check_table, float_flag, int_flag, read_config

# Options a config file may set, with their defaults (command-line flags override them).
DEFAULTS: dict[str, Any] = {
    "conc": None,
    "unc": None,
    "factors": 6,
    "runs": 20,
    "seed": None,
    "out": "pmf_result.nc",
    "total_variable": None,
    "robust": True,
    "method": "als",
    "max_iter": None,
    "tol": None,
    "threads": None,
    "extra_uncertainty": 0.0,
    "missing": "replace",
    "missing_values": [],
    "categories": {},
    "suggest_categories": False,
    "plot": None,
    "task_id": None,
    "bootstrap": 0,
    # Rotational tools after the base runs: FPEAK strengths, PMF 5.0 constraints and expressions
    # (tables as in aqm.pmf.constraints), BS-DISP resamples.
    "fpeak": [],
    "constraints": [],
    "expressions": [],
    "bs_disp": 0,
    # DISP after the base runs; adopt_lower makes a lower minimum it finds the base run.
    "disp": False,
    "adopt_lower": False,
    "refine": True,
}

_FACTORS = (1, 50)
_RUNS = (1, 100_000)
_THREADS = (0, 2**31 - 1)  # 0 = every core; the C++ side names the machine limit
# Types and ranges of the [pmf] keys (defaults above); checked before any work.
SCHEMA: dict[str, Key] = {
    "conc": Key(str, path=True),
    "unc": Key(str, path=True),
    "factors": Key(int, low=_FACTORS[0], high=_FACTORS[1]),
    "runs": Key(int, low=_RUNS[0], high=_RUNS[1]),
    "seed": Key(int, low=0, high=SEED_MAX),
    "out": Key(str),
    "total_variable": Key(str),
    "robust": Key(bool),
    "method": Key(str, choices=("als", "ls-nmf")),
    "max_iter": Key(int, low=1, high=10**9),
    "tol": Key(float, low=1e-300, high=1.0),
    "threads": Key(int, low=_THREADS[0], high=_THREADS[1]),
    "extra_uncertainty": Key(float, low=0.0, high=10.0),
    "missing": Key(str, choices=("replace", "exclude")),
    "missing_values": Key(list, item=(float, str)),
    "categories": Key(dict),
    "suggest_categories": Key(bool),
    "plot": Key(str),
    "task_id": Key(int, low=0, high=10**9),
    "bootstrap": Key(int, low=0, high=100_000),
    "fpeak": Key(list, item=float, low=-100.0, high=100.0),
    "constraints": Key(list, item=dict),
    "expressions": Key(list, item=dict),
    "bs_disp": Key(int, low=0, high=100_000),
    "disp": Key(bool),
    "adopt_lower": Key(bool),
    "refine": Key(bool),
}
_CATEGORIES = ("strong", "weak", "bad")


def _load_config(cfg_path: Path) -> dict[str, Any]:
    """The [pmf] table of a config file, every key checked (paths made absolute)."""
    raw = read_config(cfg_path, ("pmf",), "pmf")
    base = cfg_path.resolve().parent
    table = check_table(cfg_path, "pmf", raw["pmf"], SCHEMA, base, fill_defaults=False)
    for species, cat in table.get("categories", {}).items():
        if cat not in _CATEGORIES:
            raise ValueError(
                f"{cfg_path}: [pmf] categories.{species}: must be one of "
                f"{', '.join(_CATEGORIES)}, got {cat!r}"
            )
    return table


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    pmf = subparsers.add_parser("pmf", help="PMF receptor modelling")
    actions = pmf.add_subparsers(dest="action", required=True)
    run = actions.add_parser("run", help="seeded base runs; writes NetCDF + CSV tables")
    run.add_argument("--config", help="TOML file with a [pmf] table (paths relative to it)")
    run.add_argument("--conc", help="concentration file (PMF 5.0 layout, CSV/TSV)")
    run.add_argument("--unc", help="uncertainty file (same layout)")
    run.add_argument("--factors", type=int_flag(*_FACTORS), help="number of factors p")
    run.add_argument("--runs", type=int_flag(*_RUNS), help="number of base runs (default 20)")
    run.add_argument(
        "--seed",
        type=int_flag(0, SEED_MAX),
        help="random seed (default: fresh entropy, recorded in the output)",
    )
    run.add_argument("--out", help="output NetCDF path (CSV tables are written beside it)")
    run.add_argument(
        "--total-variable", dest="total_variable", help="total mass species, e.g. PM2.5"
    )
    run.add_argument("--weak", default=None, help="comma-separated species to make weak")
    run.add_argument("--bad", default=None, help="comma-separated species to exclude")
    run.add_argument(
        "--suggest-categories",
        dest="suggest_categories",
        action="store_true",
        default=None,
        help="set weak/bad from S/N (PMF 5.0 guidance: < 0.5 bad, < 1 weak)",
    )
    run.add_argument(
        "--no-robust",
        dest="robust",
        action="store_false",
        default=None,
        help="plain least squares: no down-weighting of outliers",
    )
    run.add_argument(
        "--method",
        choices=("als", "ls-nmf"),
        help="solver: als (default, fast) or ls-nmf (ESAT's reference updates)",
    )
    run.add_argument("--threads", type=int_flag(*_THREADS), help="threads (0: every core)")
    run.add_argument("--plot", help="PNG of the factor profiles")
    run.add_argument(
        "--bootstrap",
        type=int_flag(0, 100_000),
        help="PMF 5.0 bootstrap runs after the base runs (0 = none)",
    )
    run.add_argument(
        "--task-id",
        dest="task_id",
        type=int_flag(0, 10**9),
        help="job-array task (explicit, e.g. --task-id $SLURM_ARRAY_TASK_ID): the "
        "seed becomes aqm.batch.task_seed(seed, task id) and '{task}' in --out "
        "and --plot is replaced by the 4-digit id; --out must contain it",
    )
    run.add_argument(
        "--progress",
        dest="progress",
        action="store_true",
        default=None,
        help="show a progress bar (default: when interactive)",
    )
    run.add_argument(
        "--no-progress", dest="progress", action="store_false", help="never show a progress bar"
    )
    run.add_argument(
        "--fpeak",
        type=float_flag(-100.0, 100.0),
        nargs="+",
        help="FPEAK strengths to run after the base runs",
    )
    run.add_argument(
        "--bs-disp",
        dest="bs_disp",
        type=int_flag(0, 100_000),
        help="PMF 5.0 BS-DISP resamples (0 = none)",
    )
    run.set_defaults(func=run_command)
    run.add_argument(
        "--refine",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="refine the best run (recombination and redraws; the default, ~2-4x "
        "the time of the runs); --no-refine: the runs as PMF 5.0 makes them",
    )
    run.add_argument(
        "--disp",
        action="store_true",
        default=None,
        help="DISP (PMF 5.0 dQmax 4/8/15/25) around the best run; writes *_disp.nc",
    )
    run.add_argument(
        "--adopt-lower",
        dest="adopt_lower",
        action="store_true",
        default=None,
        help="when DISP finds a lower Q than the best run, make it the base",
    )
    sweep = actions.add_parser(
        "sweep", help="base runs for every number of factors; a diagnostics table"
    )
    sweep.add_argument("--config", help="TOML file with a [pmf] table (as for 'aqm pmf run')")
    sweep.add_argument("--conc", help="concentration file (PMF 5.0 layout, CSV/TSV)")
    sweep.add_argument("--unc", help="uncertainty file (same layout)")
    sweep.add_argument(
        "--factors", dest="sweep_factors", default="3-10", help="range like 3-10 or list 3,5,7"
    )
    sweep.add_argument(
        "--runs", type=int_flag(*_RUNS), help="base runs per number of factors (default 20)"
    )
    sweep.add_argument("--seed", type=int_flag(0, SEED_MAX), help="random seed (default 0)")
    sweep.add_argument(
        "--boot",
        type=int_flag(0, 100_000),
        default=20,
        help="bootstrap resamples per p for the mapping rate",
    )
    sweep.add_argument("--disp", action="store_true", help="also DISP per p (swap counts; costly)")
    sweep.add_argument("--threads", type=int_flag(*_THREADS), help="threads (0: every core)")
    sweep.add_argument(
        "--out", dest="sweep_out", default="pmf_sweep.nc", help="NetCDF; a CSV table beside it"
    )
    sweep.add_argument("--plot", help="PNG of the diagnostics against p")
    sweep.set_defaults(func=sweep_command)


def _settings(args: argparse.Namespace) -> dict[str, Any]:
    settings = dict(DEFAULTS)
    if args.config:
        cfg_path = Path(args.config)
        settings.update(_load_config(cfg_path))
    for key, value in vars(args).items():
        if key in settings and value is not None and key != "categories":
            settings[key] = value
    cats = dict(settings["categories"])
    for cat in ("weak", "bad"):
        names = getattr(args, cat, None)
        for s in names.split(",") if names else []:
            cats[s.strip()] = cat
    settings["categories"] = cats
    if not settings["conc"]:
        raise ValueError("no concentration file: give --conc or a config with conc = ...")
    if settings["task_id"] is not None:
        _for_task(settings, int(settings["task_id"]))
    return settings


def _for_task(settings: dict[str, Any], task: int) -> None:
    """A job-array task's seed and outputs: every output path gets the task id, so the tasks
    of one array never write the same file; the seed derives from the seed and the id."""
    from ..batch import task_seed

    if "{task}" not in str(settings["out"]):
        raise ValueError(
            f"--task-id {task}: --out (or out =) must contain '{{task}}' so that "
            f"the array's tasks write different files, got {settings['out']!r}"
        )
    settings["seed"] = task_seed(settings["seed"] or 0, str(task))
    for key in ("out", "plot"):
        if settings[key] is not None:
            settings[key] = str(settings[key]).replace("{task}", f"{task:04d}")


def run_command(args: argparse.Namespace) -> int:
    from .._atomic import OutputSet

    s = _settings(args)
    if s["plot"] and not Path(s["plot"]).resolve().parent.is_dir():  # before the fit, not after
        raise FileNotFoundError(f"--plot {s['plot']}: its directory does not exist")
    with OutputSet(Path(s["out"])):  # all files of the run land together (or none)
        return _run(args, s)


def _run(args: argparse.Namespace, s: dict[str, Any]) -> int:
    from .._atomic import atomic_path
    from ._n_components import check_n_components
    from .dataset import Dataset
    from .estimator import PMF

    data = Dataset.from_files(
        s["conc"],
        s["unc"],
        missing_values=s["missing_values"],
        total_variable=s["total_variable"],
        categories=s["categories"],
        extra_uncertainty=s["extra_uncertainty"],
        missing=s["missing"],
    )
    if s["suggest_categories"]:
        data.suggest_categories()
    n_components = check_n_components(s["factors"], data.prepared().X.shape, "factors")
    pmf = PMF(
        n_components,
        n_runs=s["runs"],
        robust=s["robust"],
        method=s["method"],
        max_iter=s["max_iter"],
        tol=s["tol"],
        random_state=s["seed"],
        n_threads=s["threads"],
        progress=getattr(args, "progress", None),
        refine=s["refine"],
    )
    pmf.fit(data)
    out = Path(s["out"])
    stem = out.with_suffix("")
    if s["disp"] or s["adopt_lower"]:
        _displacement(pmf, s, stem)
    pmf.to_netcdf(out)
    ds = pmf.to_xarray()
    tables = {
        "profiles": ds["profiles"].to_pandas(),
        "profiles_percent": ds["profiles_percent"].to_pandas(),
        "contributions": ds["contributions"].to_pandas(),
        "runs": pmf.runs_,
        "species": data.summary().join(
            ds[["q_per_species", "r2", "slope", "intercept", "residuals_beyond_3"]].to_pandas()
        ),
    }
    if "mass_contributions" in ds:
        tables["mass_contributions"] = ds["mass_contributions"].to_pandas()
    for name, table in tables.items():
        with atomic_path(f"{stem}_{name}.csv") as tmp:
            table.to_csv(tmp)
    print(
        f"PMF: {len(pmf.sample_names_)} samples x {pmf.n_features_in_} species, "
        f"p = {pmf.n_components}, {pmf.n_runs} runs, seed {pmf.seed_}"
    )
    print(
        f"best run {pmf.best_run_}: Q(robust) = {pmf.q_robust_:.1f}, Q(true) = {pmf.q_true_:.1f}, "
        f"Q_exp = {pmf.q_exp_:.0f}, converged runs {int(pmf.runs_['converged'].sum())}/{pmf.n_runs}"
    )
    print(pmf.factor_table().to_string())
    if s["plot"]:
        from .plots import plot_profiles

        axes = plot_profiles(ds)
        fig = axes[0].figure
        with atomic_path(s["plot"]) as tmp:
            fig.savefig(tmp, dpi=110, format="png")
        print(f"profiles plot: {s['plot']}")
    if s["bootstrap"]:
        bs = pmf.bootstrap(int(s["bootstrap"]))
        bs_path = Path(f"{stem}_bootstrap.nc")
        with atomic_path(bs_path) as tmp:
            bs.to_netcdf(tmp)
        with atomic_path(f"{stem}_bootstrap_mapping.csv") as tmp:
            bs["mapping"].to_pandas().to_csv(tmp)
        print(
            f"bootstrap: {bs.attrs['n_boot']} runs, block size {bs.attrs['block_size']}; "
            "mapped to itself:"
        )
        print(bs["mapping"].to_pandas().to_string())
    _rotational_tools(pmf, s, stem)
    print(f"results: {out} and {stem}_*.csv")
    return 0


def _displacement(pmf: Any, s: dict[str, Any], stem: Path) -> None:
    """DISP around the best run; a lower minimum it finds is reported and, with adopt_lower,
    becomes the base run that the other outputs describe."""
    import warnings

    from .._atomic import atomic_path
    from .estimator import PMFWarning

    with warnings.catch_warnings():  # reported below, in the run's own words
        warnings.simplefilter("ignore", PMFWarning)
        disp = pmf.displacement()
    with atomic_path(f"{stem}_disp.nc") as tmp:
        disp.to_netcdf(tmp)
    print(
        f"DISP: {disp.attrs['fits']} refits; swaps per dQmax: "
        f"{disp['swaps'].sum('factor').values.tolist()}; largest Q change "
        f"{disp.attrs['largest_decrease']:.2f}"
    )
    if not disp.attrs["lower_minimum_found"]:
        return
    print(
        f"DISP found a lower minimum: Q(robust) = {disp.attrs['q_lowest']:.2f}, below the best "
        f"run's {disp.attrs['q_base']:.2f} (the solution is in {stem}_disp.nc)"
    )
    if s["adopt_lower"]:
        pmf.adopt(disp)
        print(f"adopted as the base run: Q(robust) = {pmf.q_robust_:.2f}")
    else:
        print("rerun with --adopt-lower to make it the base run")


def _rotational_tools(pmf: Any, s: dict[str, Any], stem: Path) -> None:
    from .._atomic import atomic_path

    outputs = []
    if s["fpeak"]:
        fp = pmf.fpeak([float(v) for v in s["fpeak"]])
        outputs.append((f"{stem}_fpeak.nc", fp))
        print("FPEAK:")
        print(fp[["q_robust", "dq", "percent_dq"]].to_dataframe().to_string())
    if s["constraints"] or s["expressions"]:
        cr = pmf.constrained_run(s["constraints"], s["expressions"])
        outputs.append((f"{stem}_constrained.nc", cr))
        print(
            f"constrained run: Q(robust) = {cr.attrs['q_robust']:.1f}, dQ = {cr.attrs['dq']:.2f} "
            f"({cr.attrs['percent_dq']:.2f} %, budget {cr.attrs['dq_budget']:.2f})"
        )
    if s["bs_disp"]:
        bd = pmf.bs_disp(int(s["bs_disp"]))
        outputs.append((f"{stem}_bs_disp.nc", bd))
        print(
            f"BS-DISP: {bd.attrs['n_boot']} resamples, "
            f"{bd.attrs['resamples_with_decrease']} with a Q drop; "
            "swaps per dQmax and factor:"
        )
        print(bd["swaps"].to_pandas().to_string())
    for path, ds in outputs:
        with atomic_path(path) as tmp:
            ds.to_netcdf(tmp)


def sweep_command(args: argparse.Namespace) -> int:
    from .._atomic import OutputSet

    s = _settings(args)
    with OutputSet(Path(args.sweep_out)):
        return _sweep(args, s)


def _sweep(args: argparse.Namespace, s: dict[str, Any]) -> int:
    from .._atomic import atomic_path
    from .dataset import Dataset
    from .factor_sweep import factor_sweep, parse_factor_range, summary_table

    factors = parse_factor_range(args.sweep_factors, "--factors")
    data = Dataset.from_files(
        s["conc"],
        s["unc"],
        missing_values=s["missing_values"],
        total_variable=s["total_variable"],
        categories=s["categories"],
        extra_uncertainty=s["extra_uncertainty"],
        missing=s["missing"],
    )
    if s["suggest_categories"]:
        data.suggest_categories()
    sweep = factor_sweep(
        data,
        n_components=factors,
        n_runs=s["runs"],
        random_state=s["seed"] or 0,
        robust=s["robust"],
        method=s["method"],
        max_iter=s["max_iter"],
        tol=s["tol"],
        n_boot=args.boot,
        displacement=args.disp,
        n_threads=s["threads"],
    )
    out = Path(args.sweep_out)
    with atomic_path(out) as tmp:
        sweep.to_netcdf(tmp)
    table = summary_table(sweep)
    with atomic_path(out.with_suffix(".csv")) as tmp:
        table.to_csv(tmp)
    print(table.to_string(float_format=lambda v: f"{v:.3g}"))
    if args.plot:
        from .plots import plot_factor_sweep

        axes = plot_factor_sweep(sweep)
        with atomic_path(args.plot) as tmp:
            axes[0].figure.savefig(tmp, dpi=110, format="png")
        print(f"sweep plot: {args.plot}")
    print(f"results: {out} and {out.with_suffix('.csv')}")
    return 0
