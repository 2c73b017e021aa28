"""``aqm box run config.toml``, ``aqm box isopleth config.toml``, ``aqm box attribute
config.toml`` and ``aqm chem integrate config.toml`` (:mod:`aqm.chem.integrate_config`).

Both read the ``[box]`` table described in :mod:`aqm.chem.box_config`; ``run`` writes the
run's NetCDF (``output``), and RIR/regime tables next to it; ``isopleth`` runs the
``[box.isopleth]`` grid with a progress bar and writes NetCDF (and a PNG when ``plot`` is
set); ``attribute``
runs the ``[box.attribution]`` sector attribution (:mod:`aqm.chem.attribution`) and writes its
tables (CSV, NetCDF) and figures.
Input paths are relative to the TOML file, outputs to the current directory (as ``aqm pmf
run``), so a bundled config never writes into the package.
"""

from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._atomic import write_netcdf
from .._config import int_flag
from .box_config import factors, from_config, load_config

if TYPE_CHECKING:
    from .._typing import Axes

__all__ = ["add_subparser"]


def _load(path: str) -> tuple[dict[str, Any], Path]:
    return load_config(path)  # every key checked before any work


def _out(cfg: dict[str, Any], key: str, base: Path, default: str) -> Path:
    """An output path: absolute, or relative to the current directory (not to the config)."""
    return Path(cfg.get(key, default))


def _one_output_set(command: Any) -> Any:
    """Run ``command`` inside an :class:`~aqm._atomic.OutputSet`: its files land together."""

    @functools.wraps(command)
    def run(args: argparse.Namespace) -> int:
        from .._atomic import OutputSet

        with OutputSet():
            return command(args)

    return run


@_one_output_set
def _cmd_run(args: argparse.Namespace) -> int:
    cfg, base = _load(args.config)
    box = from_config(cfg, base)
    ds = box.run()
    out = _task_path(_out(cfg, "output", base, "box_run.nc"), args.task_id)
    write_netcdf(ds.drop_vars(["O3_budget_by_reaction"], errors="ignore"), out)
    print(
        f"run: {ds.attrs['status']} ({ds.attrs['steps']} steps, "
        f"spin-up days {ds.attrs['spin_up_days']},"
        f" converged {bool(ds.attrs['spin_up_converged'])}) -> {out}"
    )
    if ds.attrs["status"] != "success":
        print(f"aqm: solver: {ds.attrs['message']}", file=sys.stderr)
        return 1
    o3 = ds["mixing_ratio"].sel(species="O3")
    print(
        f"O3 max {float(o3.max()):.1f} ppb; daily mean P(O3) {float(ds['P_O3'].mean()):.2f} ppb h-1"
    )
    rir = box.rir(progress=args.progress)
    regime = box.regime()
    rir_path = out.with_name(out.stem + "_rir.csv")
    _write_csv(rir.to_dataframe(), rir_path)
    _write_csv(regime, out.with_name(out.stem + "_regime.csv"))
    print(
        "RIR: " + ", ".join(f"{g} {v:+.2f}" for g, v in zip(rir["group"].values, rir["rir"].values))
    )
    print("regime: " + ", ".join(f"{i} {r['regime']}" for i, r in regime.iterrows()))
    return 0


@_one_output_set
def _cmd_isopleth(args: argparse.Namespace) -> int:
    cfg, base = _load(args.config)
    iso_cfg = dict(cfg.get("isopleth", {}))
    box = from_config(cfg, base)
    fv = factors(iso_cfg.get("voc_factors", {"start": 0.2, "stop": 2.0, "num": 10}), "voc_factors")
    fn = factors(
        iso_cfg.get("nox_factors", {"start": 0.1, "stop": 3.0, "num": 10, "log": True}),
        "nox_factors",
    )
    voc = iso_cfg.get("voc_species", "AHC")
    if isinstance(voc, str):
        from .. import _core

        groups = dict(_core.box.default_rir_groups(box._m))
        if voc not in groups:
            raise KeyError(
                f"voc_species: unknown group {voc!r} (use {', '.join(groups)} or a list)"
            )
        voc = groups[voc]
    metric = iso_cfg.get("metric", "max_8h_o3")
    iso = box.isopleth(
        fv, fn, voc_species=voc, n_threads=int(iso_cfg.get("n_threads", 0)), progress=args.progress
    )
    out = _out(iso_cfg, "output", base, "isopleth.nc")
    write_netcdf(iso, out)
    print(
        f"isopleth {len(fv)} x {len(fn)}: {iso.attrs['n_failed']} failed cells; base point "
        f"{iso.attrs['regime_' + metric]} ({metric}) -> {out}"
    )
    if "plot" in iso_cfg:
        import matplotlib

        matplotlib.use("Agg")
        from .plots import plot_isopleth

        ax = plot_isopleth(iso, metric)
        png = _out(iso_cfg, "plot", base, "isopleth.png")
        from .._atomic import atomic_path

        with atomic_path(png) as tmp:  # format from the suffix, as before
            ax.figure.savefig(tmp, dpi=120, bbox_inches="tight")
        print(f"plot -> {png}")
    return 0


def _task_path(out: Path, task: int | None) -> Path:
    """``output`` of a job-array task: '{task}' replaced by the 4-digit id (required then, so
    that the array's tasks never write the same files)."""
    if task is None:
        return out
    if "{task}" not in str(out):
        raise ValueError(
            f"--task-id {task}: the [box] output must contain '{{task}}' so that "
            f"the array's tasks write different files, got {str(out)!r}"
        )
    return Path(str(out).replace("{task}", f"{task:04d}"))


def _write_csv(table: Any, path: Path) -> None:
    from .._atomic import atomic_path

    with atomic_path(path) as tmp:
        table.to_csv(tmp)


def _save(ax: Axes, path: Path) -> None:
    from .._atomic import atomic_path

    with atomic_path(path) as tmp:
        ax.figure.savefig(tmp, dpi=120, bbox_inches="tight", format="png")


@_one_output_set
def _cmd_attribute(args: argparse.Namespace) -> int:
    from .attribution_config import from_config

    cfg, base = _load(args.config)
    att, options = from_config(cfg, base)
    a = cfg.get("attribution", {})
    res = att.run(progress=args.progress, **options)
    prefix = Path(a.get("output", "attribution"))
    res.to_netcdf(prefix.with_name(prefix.name + ".nc"))
    written = res.to_csv(prefix)
    print(
        f"attribution: {len(res.cases['case'])} runs, {res.cases.attrs['n_failed']} failed; "
        f"base {res.metric} {res.value('base', '(all)'):.1f} ppb"
    )
    cols = [
        "VOC_t_yr",
        "NOx_t_yr",
        "dO3_zero",
        "RIR_VOC",
        "RIR_NOx",
        "dO3_per_kt_VOC",
        "dO3_per_kt_NOx",
        "rank",
    ]
    print(res.sectors[cols].to_string(float_format=lambda v: f"{v:.3g}"))
    na = res.non_additivity
    if ("VOC+NOx", res.metric) in na.index:
        row = na.loc[("VOC+NOx", res.metric)]
        print(
            f"non-additivity ({res.metric}): sum of sector zero-outs {row['sum_of_sectors']:+.2f} "
            f"ppb vs all sectors {row['all_sectors']:+.2f} ppb"
        )
    if a.get("plots", False):
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        from . import plots

        figures = {
            "sectors": plots.plot_sector_contributions,
            "ranking": plots.plot_sector_ranking,
            "species": plots.plot_species_rir,
        }
        if "plan" in options:
            figures["plan"] = plots.plot_plan_waterfall
        for name, draw in figures.items():
            path = prefix.with_name(f"{prefix.name}_{name}.png")
            ax = draw(res)
            _save(ax, path)
            plt.close(ax.figure)
            written.append(path)
    print("wrote " + ", ".join(str(p) for p in [prefix.with_name(prefix.name + ".nc"), *written]))
    if res.failed:
        print(f"aqm: failed runs: {', '.join(res.failed)}", file=sys.stderr)
        return 1
    return 0


@_one_output_set
def _cmd_chem_integrate(args: argparse.Namespace) -> int:
    from .integrate_config import load_config as load_chem
    from .integrate_config import run_config

    cfg = load_chem(args.config)  # every key checked before any work
    ds = run_config(cfg)
    out = Path(cfg["output"])
    write_netcdf(ds, out)
    print(
        f"chem: {ds.attrs['status']} ({ds.attrs['n_steps']} steps, {ds.sizes['time']} outputs, "
        f"{ds.sizes['species']} species) -> {out}"
    )
    if ds.attrs["status"] != "success":
        print(f"aqm: solver: {ds.attrs['message']}", file=sys.stderr)
        return 1
    return 0


def add_subparser(pillars: argparse._SubParsersAction) -> None:
    box = pillars.add_parser("box", help="observation-constrained box model")
    actions = box.add_subparsers(dest="action", required=True)
    for name, func, text in (
        ("run", _cmd_run, "run the box, then RIR and regime indicators"),
        ("isopleth", _cmd_isopleth, "EKMA isopleth over VOC x NOx factors"),
        ("attribute", _cmd_attribute, "sector attribution of O3: zero-out, RIR, species RIR, plan"),
    ):
        p = actions.add_parser(name, help=text)
        p.add_argument("config", help="TOML file with a [box] table")
        p.add_argument(
            "--progress",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="progress bar (default: when interactive)",
        )
        if name == "run":
            p.add_argument(
                "--task-id",
                dest="task_id",
                type=int_flag(0, 10**9),
                default=None,
                help="job-array task (explicit, e.g. $SLURM_ARRAY_TASK_ID): "
                "'{task}' in the output path is replaced by the 4-digit id",
            )
        p.set_defaults(func=func)
    chem = pillars.add_parser("chem", help="integrate a chemical mechanism")
    chem_actions = chem.add_subparsers(dest="action", required=True)
    p = chem_actions.add_parser(
        "integrate", help="integrate a box from a [chem] TOML table, write NetCDF"
    )
    p.add_argument("config", help="TOML file with a [chem] table")
    p.set_defaults(func=_cmd_chem_integrate)
