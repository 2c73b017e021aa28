"""Command line: ``aqm <pillar> <action> ...``.  The only place that configures logging."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from . import __version__, io


def _cmd_io_convert(args: argparse.Namespace) -> int:
    df = io.read_delimited(args.input)
    out = args.output
    if out.endswith(".nc"):
        io.write_netcdf(out, df, args.name)
    elif out.endswith((".h5", ".hdf5")):
        io.write_hdf5(out, df, args.name)
    else:
        io.write_delimited(out, df)
    print(f"{args.input}: {df.shape[0]} rows x {df.shape[1]} columns -> {out}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aqm",
        description="libaqm command line",
        epilog="exit status: 0 done; 1 finished but a run failed (solver, task, unmet target); "
        "2 bad input or usage; 130 interrupted (Ctrl-C); 143 terminated (SIGTERM)",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"libaqm {__version__}",
        help="print the version and exit",
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=0,
        help="log what the library does: -v info (run summaries), -vv debug",
    )
    pillars = parser.add_subparsers(dest="pillar", required=True)

    io_parser = pillars.add_parser("io", help="file conversion")
    io_actions = io_parser.add_subparsers(dest="action", required=True)
    convert = io_actions.add_parser("convert", help="CSV/TSV -> CSV, NetCDF (.nc) or HDF5 (.h5)")
    convert.add_argument("input", help="delimited text file (CSV/TSV)")
    convert.add_argument("output", help="output file; its suffix picks the format")
    convert.add_argument("--name", default="data", help="variable name in NetCDF/HDF5")
    convert.set_defaults(func=_cmd_io_convert)

    from .pmf.cli import add_parser as add_pmf_parser

    add_pmf_parser(pillars)

    from .emis.cli import add_subparser as _add_emis

    _add_emis(pillars)

    from .chem.cli import add_subparser as _add_box

    _add_box(pillars)

    from .voc.cli import add_parser as _add_voc

    _add_voc(pillars)

    from .batch.cli import add_parser as _add_batch

    _add_batch(pillars)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING - 10 * args.verbose, format="%(levelname)s %(name)s: %(message)s"
    )
    try:
        return int(args.func(args))
    except (ValueError, KeyError, OSError) as err:
        print(f"aqm: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # Ctrl-C: one line, the shell's 128 + SIGINT status
        print("aqm: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
