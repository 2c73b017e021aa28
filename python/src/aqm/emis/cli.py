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
        stem = scenario.name
        res.inventory.to_csv(out / f"{stem}_inventory.csv")
        res.change_table().to_csv(out / f"{stem}_change.csv", index=False)
        res.contributions.to_csv(out / f"{stem}_contributions.csv")
        res.scale_factors.to_csv(out / f"{stem}_scale_factors.csv")
        res.targets.to_csv(out / f"{stem}_targets.csv", index=False)
        if args.netcdf:
            res.inventory.to_netcdf(out / f"{stem}_inventory.nc")
    print(res.summary())
    if out is not None:
        print(f"tables written to {out}/")
    if args.strict and not res.targets.empty and not bool(res.targets["met"].all()):
        return 1
    return 0


def _cmd_totals(args: argparse.Namespace) -> int:
    from .inventory import Inventory

    inv = Inventory.from_csv(args.inventory) if args.inventory else Inventory.bundled()
    print(inv.totals(by="top" if args.top else "sector").round(1).to_string())
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
