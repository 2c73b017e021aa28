"""``aqm emis ...`` subcommands (registered by aqm.cli)."""

from __future__ import annotations

import argparse
from pathlib import Path


def _cmd_apply(args: argparse.Namespace) -> int:
    from .inventory import Inventory
    from .scenario import Scenario

    scenario = Scenario.from_toml(args.scenario)
    inv = Inventory.from_csv(args.inventory) if args.inventory else Inventory.bundled()
    res = inv.apply(scenario)
    out = Path(args.out) if args.out else None
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        _write_scenario(res, out, scenario.name, args.netcdf)
    print(res.summary())
    if out is not None:
        print(f"tables written to {out}/")
    if args.strict and not res.targets.empty and not bool(res.targets["met"].all()):
        return 1
    return 0


def _write_scenario(res, out: Path, stem: str, netcdf: bool) -> None:
    """The scenario's tables (and NetCDF), committed together as one output set."""
    from .._atomic import OutputSet, atomic_path

    tables = {
        "change": (res.change_table(), False),
        "contributions": (res.contributions, True),
        "scale_factors": (res.scale_factors, True),
        "targets": (res.targets, False),
    }
    with OutputSet(out / f"{stem}_inventory.csv"):
        with atomic_path(out / f"{stem}_inventory.csv") as tmp:
            res.inventory.to_csv(tmp)
        for name, (table, index) in tables.items():
            with atomic_path(out / f"{stem}_{name}.csv") as tmp:
                table.to_csv(tmp, index=index)
        if netcdf:
            res.inventory.to_netcdf(out / f"{stem}_inventory.nc")


def _cmd_totals(args: argparse.Namespace) -> int:
    from .inventory import Inventory

    inv = Inventory.from_csv(args.inventory) if args.inventory else Inventory.bundled()
    print(inv.totals(by="top" if args.top else "sector").round(1).to_string())
    return 0


def _load_inventory(arg: str):
    from .inventory import Inventory

    if arg.startswith("bundled:"):
        return Inventory.bundled(arg.split(":", 1)[1])
    path = Path(arg)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: inventory file not found")
    return Inventory.from_csv(path)


def _cmd_speciate(args: argparse.Namespace) -> int:
    from .species_inventory import speciate_inventory

    out = Path(args.out)
    if out.suffix not in (".nc", ".csv"):
        raise ValueError(f"--out {out}: expected a .nc or .csv file")
    if args.profiles != "reference" and not Path(args.profiles).exists():
        raise FileNotFoundError(
            f"--profiles {args.profiles}: no such profile library (or 'reference')"
        )
    inv = _load_inventory(args.inventory)
    if args.scenario:
        inv = inv.apply(args.scenario).inventory
    res = speciate_inventory(
        inv,
        args.pollutant,
        library=None if args.profiles == "reference" else args.profiles,
        table=args.assignment,
    )
    result = res if args.output == "compounds" else res.lump(args.output)
    (result.to_netcdf if out.suffix == ".nc" else result.to_csv)(out)
    cols = ["sector", "level", "selector", "profile", "version", "n_compounds", "unmapped_fraction"]
    print(res.assignment()[cols].to_string(index=False, float_format="{:.3f}".format))
    worst = res.conservation()["relative_difference"].max()
    print(
        f"\n{len(res.compounds)} explicit species; compounds + unmapped = "
        f"{args.pollutant} per sector to {worst:.1e}"
    )
    if args.output != "compounds":
        print(
            f"{args.output}: {len(result.not_mapped)} compounds without a mechanism species "
            f"(kept as unmapped); back-check max relative difference "
            f"{result.back_check()['relative_difference'].max():.1e}"
        )
    units = result.inventory.units
    totals = result.species_totals()
    print("\ntop 20 species (sum over sectors, places, times):")
    for name, v in totals.drop("unmapped").head(20).items():
        print(f"  {name:32s} {v:14.6g} {units[name]}")
    print(f"  {'unmapped':32s} {totals['unmapped']:14.6g} {units['unmapped']}")
    print(f"written {out}")
    return 0


def add_subparser(pillars: argparse._SubParsersAction) -> None:
    p = pillars.add_parser("emis", help="emission inventories and control scenarios")
    actions = p.add_subparsers(dest="action", required=True)
    ap = actions.add_parser("apply", help="apply a control scenario (TOML) to an inventory")
    ap.add_argument("scenario", help="scenario TOML file")
    ap.add_argument("--inventory", help="inventory CSV (default: the bundled Hangzhou-like 2020)")
    ap.add_argument("--out", help="directory for the scenario inventory and tables")
    ap.add_argument("--netcdf", action="store_true", help="also write the inventory as NetCDF")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a target is not met")
    ap.set_defaults(func=_cmd_apply)
    tp = actions.add_parser("totals", help="per-sector totals of an inventory")
    tp.add_argument("--inventory", help="inventory CSV (default: the bundled one)")
    tp.add_argument("--top", action="store_true", help="sum sub-sectors into top sectors")
    tp.set_defaults(func=_cmd_totals)
    sp = actions.add_parser("speciate", help="species-resolved NMVOC inventory with provenance")
    sp.add_argument("inventory", help="inventory CSV, or bundled:hangzhou_2020[_grid]")
    sp.add_argument(
        "--profiles",
        default="reference",
        help="'reference' (SPECIATE 5.2) or a localized profile library CSV",
    )
    sp.add_argument(
        "--output",
        choices=["compounds", "cb6", "mcm"],
        default="compounds",
        help="registry compounds, or species of the CB6 or MCM mechanism",
    )
    sp.add_argument("--out", required=True, help="output file, .nc or .csv")
    sp.add_argument(
        "--assignment",
        help="sector -> SPECIATE code table CSV (default data/emis/voc_sector_speciate.csv)",
    )
    sp.add_argument("--scenario", help="control scenario TOML applied before speciation")
    sp.add_argument("--pollutant", default="NMVOC", help="pollutant to speciate")
    sp.set_defaults(func=_cmd_speciate)
