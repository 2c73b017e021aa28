"""``aqm voc ...`` subcommands (registered by aqm.cli); one sub-parser per action."""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path


def _read_factors(path: str):
    import pandas as pd

    frame = pd.read_csv(path, index_col=0, comment="#")
    if frame.empty:
        raise ValueError(f"{path}: no factor rows")
    return frame


def _overrides(pairs: list[str]) -> dict[str, str]:
    out = {}
    for item in pairs or []:
        factor, sep, name = item.partition("=")
        if not sep or not factor.strip() or not name.strip():
            raise ValueError(f"--name: {item!r} is not 'FACTOR=NAME'")
        out[factor.strip()] = name.strip()
    return out


def _identify(args: argparse.Namespace):
    from .identify import UnidentifiedFactorWarning, identify

    factors = _read_factors(args.factors)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", UnidentifiedFactorWarning)
        ident = identify(factors, args.library, units=args.units, assign=args.assign,
                         names=_overrides(args.name), exclude=args.exclude or ())
    for w in caught:
        print(f"aqm voc: warning: {w.message}", file=sys.stderr)
    return factors, ident


def _cmd_identify(args: argparse.Namespace) -> int:
    import pandas as pd

    _, ident = _identify(args)
    with pd.option_context("display.width", 120, "display.max_columns", 20):
        print(ident.summary.round(3).to_string())
    if args.out:
        ident.candidates.to_csv(args.out, index=False)
        print(f"candidates: {args.out}")
    if args.plot:
        from .plots import plot_identification

        ax = plot_identification(ident)
        ax.figure.savefig(args.plot, dpi=120)
        print(f"plot: {args.plot}")
    return 0


def _cmd_profiles(args: argparse.Namespace) -> int:
    from .profiles import ProfileLibrary, localize

    if args.compare:
        a, b = (ProfileLibrary.read(p) for p in args.compare)
        table = a.compare(b)
        stats = table.groupby("profile")[["pearson_r", "sid"]].first()
        print(f"{a.version} ({a.content_hash}) vs {b.version} ({b.content_hash})")
        print(stats.round(4).to_string())
        if args.out:
            table.to_csv(args.out, index=False)
        return 0
    if args.show:
        lib = ProfileLibrary.read(args.show)
        for key, value in lib.metadata.items():
            print(f"{key}: {value}")
        print(lib.to_frame().groupby(["profile", "origin"])["mass_fraction"].sum().round(4)
              .to_string())
        return 0
    if not (args.factors and args.out and args.site and args.period):
        raise ValueError("aqm voc profiles: building needs FACTORS, --site, --period and --out "
                         "(or use --compare A B / --show LIB)")
    factors, ident = _identify(args)
    lib = localize(factors, ident, site=args.site, period=args.period, version=args.version,
                   units=args.units, initial_concentrations=args.initial)
    path = lib.save(Path(args.out))
    print(f"{path}: {len(lib.names)} profiles ({', '.join(lib.names)}), version "
          f"{lib.version}, hash {lib.content_hash}")
    return 0


def _common(p: argparse.ArgumentParser, factors_required: bool) -> None:
    p.add_argument("factors", nargs=None if factors_required else "?",
                   help="factor x species CSV (e.g. <stem>_profiles.csv of `aqm pmf run`)")
    p.add_argument("--library", default="voc",
                   help="'voc' (bundled SPECIATE subset), 'pm25' or a reference CSV")
    p.add_argument("--units", default="mass", help="factor units: mass (default) or ppb")
    p.add_argument("--assign", action="store_true", help="one source type per factor")
    p.add_argument("--name", action="append", metavar="FACTOR=NAME", help="override a name")
    p.add_argument("--exclude", action="append", help="species left out (e.g. a total)")


def add_subparser(pillars: argparse._SubParsersAction) -> None:
    p = pillars.add_parser("voc", help="VOC source profiles")
    actions = p.add_subparsers(dest="action", required=True)
    ip = actions.add_parser("identify", help="name PMF factors against reference profiles")
    _common(ip, True)
    ip.add_argument("--out", help="CSV of all ranked candidates")
    ip.add_argument("--plot", help="PNG of the PD/SID scores")
    ip.set_defaults(func=_cmd_identify)
    pp = actions.add_parser("profiles", help="build, show or compare a localized profile library")
    _common(pp, False)
    pp.add_argument("--site")
    pp.add_argument("--period")
    pp.add_argument("--version", default="1.0.0", help="semantic version (default 1.0.0)")
    pp.add_argument("--initial", action="store_true",
                    help="the PMF ran on photochemical-age corrected (initial) concentrations")
    pp.add_argument("--out", help="library file, or a directory for <site>_<version>.csv")
    pp.add_argument("--compare", nargs=2, metavar=("A", "B"), help="compare two libraries")
    pp.add_argument("--show", metavar="LIB", help="print a library's metadata and shares")
    pp.set_defaults(func=_cmd_profiles)
