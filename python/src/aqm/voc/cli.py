"""``aqm voc <action>``: one sub-parser per action (simulate, age; identification adds its own)."""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    voc = subparsers.add_parser("voc", help="VOC measurements, photochemical age, sources")
    actions = voc.add_subparsers(dest="action", required=True)
    _add_simulate(actions)
    _add_age(actions)


# --- aqm voc simulate ----------------------------------------------------------------------

def _add_simulate(actions: argparse._SubParsersAction) -> None:
    p = actions.add_parser("simulate", help="synthetic hourly VOC data with known sources and "
                                            "OH exposure (CSV files <prefix>_*.csv)")
    p.add_argument("prefix", help="output prefix, e.g. out/hangzhou_like")
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--start", default="2021-07-01", help="first local hour (default %(default)s)")
    p.add_argument("--days", type=int, default=31, help="number of days (default %(default)s)")
    p.add_argument("--mean-total", type=float, default=55.0,
                   help="annual-mean at-source VOC, ug/m3 (default %(default)s)")
    p.set_defaults(func=_simulate_command)


def _simulate_command(args: argparse.Namespace) -> int:
    from .simulate import simulate

    if args.days < 1:
        raise ValueError(f"--days: must be >= 1, got {args.days}")
    try:
        start = pd.Timestamp(args.start)
    except ValueError:
        raise ValueError(f"--start: not a date-time: {args.start!r}") from None
    times = pd.date_range(start, periods=24 * args.days, freq="h")
    data = simulate(times, seed=args.seed, mean_total=args.mean_total)
    for path in data.to_csv(args.prefix):
        print(path)
    return 0


# --- aqm voc age ---------------------------------------------------------------------------

def _add_age(actions: argparse._SubParsersAction) -> None:
    p = actions.add_parser("age", help="OH exposure from a species-pair ratio; optional initial "
                                       "and consumed concentrations and a plot")
    p.add_argument("input", help="hourly VOC file (time column + species columns)")
    p.add_argument("--units", help="ppb or ug/m3 when the file does not say")
    p.add_argument("--mdl", help="MDL table (CSV: species, MDL)")
    p.add_argument("--pair", default="m/p-xylene/ethylbenzene",
                   help="named pair or FAST,SLOW species (default %(default)s)")
    p.add_argument("--emission-ratio", type=float,
                   help="(X/E)0; default: estimated from the night hours")
    p.add_argument("--percentile", type=float, default=50.0,
                   help="percentile of the night ratios for the estimate (default %(default)s)")
    p.add_argument("--window-hours", type=float, default=5.0,
                   help="centred moving mean of the exposure over this many hours; 0 = hourly "
                        "values (default %(default)s)")
    p.add_argument("--koh", help="kOH table overriding the registry (CSV: species, koh_298), "
                                 "e.g. data/voc/hangzhou_like_2021_voc_species.csv")
    p.add_argument("--output", default="oh_exposure.csv",
                   help="OH exposure table (default %(default)s)")
    p.add_argument("--initial", help="also write initial concentrations to this CSV")
    p.add_argument("--consumed", help="also write consumed concentrations to this CSV")
    p.add_argument("--plot", help="also draw the OH exposure time series (PNG)")
    p.set_defaults(func=_age_command)


def _age_command(args: argparse.Namespace) -> int:
    from .age import consumed_concentrations, estimate_oh_exposure, initial_concentrations
    from .measurements import read_measurements

    meas = read_measurements(args.input, units=args.units, mdl=args.mdl)
    pair = tuple(args.pair.split(",")) if "," in args.pair else args.pair
    if isinstance(pair, tuple) and len(pair) != 2:
        raise ValueError(f"--pair: give a named pair or FAST,SLOW, got {args.pair!r}")
    koh = _read_koh(args.koh) if args.koh else None
    age = estimate_oh_exposure(meas, pair, emission_ratio=args.emission_ratio,
                               percentile=args.percentile, koh=koh,
                               window_hours=args.window_hours)
    table = pd.DataFrame({"oh_exposure": age.oh_exposure, "age_h_at_2e6": age.age_hours(),
                          "status": age.status})
    _write(table, args.output)
    print(f"{args.input}: {len(table)} samples, pair {'/'.join(age.pair)}, emission ratio "
          f"{age.emission_ratio:.4g} ({age.emission_ratio_method}); kOH at {age.koh_basis}; "
          f"{age.window_hours:g} h moving mean")
    print(f"median OH exposure {age.oh_exposure.median():.3g} molecule cm-3 s; "
          f"{age.n_clipped} clipped to 0 -> {args.output}")
    if args.initial:
        initial = initial_concentrations(meas, age, koh=koh)
        _write(initial, args.initial)
        print(f"initial concentrations ({meas.units.iloc[0]}) -> {args.initial}")
    if args.consumed:
        _write(consumed_concentrations(meas, age, koh=koh), args.consumed)
        print(f"consumed concentrations -> {args.consumed}")
    if args.plot:
        from .plots import plot_oh_exposure

        plot_oh_exposure(age, path=args.plot)
        print(f"plot -> {args.plot}")
    return 0


def _read_koh(path: str) -> pd.Series:
    table = pd.read_csv(path)
    column = next((c for c in ("koh_298", "koh") if c in table.columns), None)
    if "species" not in table.columns or column is None:
        raise ValueError(f"{path}: kOH table needs columns 'species' and 'koh_298' (or 'koh')")
    values = pd.to_numeric(table[column], errors="coerce")
    bad = values.isna()
    if bad.any():
        i = int(bad.to_numpy().argmax())
        raise ValueError(f"{path}:{i + 2}: {table['species'].iloc[i]}: kOH is not a number: "
                         f"{table[column].iloc[i]!r}")
    return pd.Series(values.to_numpy(), index=table["species"].astype(str))


def _write(frame: pd.DataFrame, path: str) -> None:
    from .._atomic import atomic_path

    with atomic_path(Path(path)) as tmp:
        out = frame.copy()
        if isinstance(out.index, pd.DatetimeIndex):
            out.index = out.index.strftime("%Y-%m-%d %H:%M")
            out.index.name = "Time"
        out.to_csv(tmp, float_format="%.6g", lineterminator="\n")
