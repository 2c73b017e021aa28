"""``aqm voc <action>``: one sub-parser per action (simulate, age, identify, profiles, run)."""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from .._config import SEED_MAX, float_flag, int_flag


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    voc = subparsers.add_parser("voc", help="VOC measurements, photochemical age, sources")
    actions = voc.add_subparsers(dest="action", required=True)
    _add_simulate(actions)
    _add_age(actions)
    _add_identify_and_profiles(actions)
    _add_run(actions)


# --- aqm voc simulate ----------------------------------------------------------------------


def _add_simulate(actions: argparse._SubParsersAction) -> None:
    p = actions.add_parser(
        "simulate",
        help="synthetic hourly VOC data with known sources and "
        "OH exposure (CSV files <prefix>_*.csv)",
    )
    p.add_argument("prefix", help="output prefix, e.g. out/hangzhou_like")
    p.add_argument(
        "--seed", type=int_flag(0, SEED_MAX), required=True, help="seed of every random choice"
    )
    p.add_argument("--start", default="2021-07-01", help="first local hour (default %(default)s)")
    p.add_argument(
        "--days", type=int_flag(1, 36_600), default=31, help="number of days (default %(default)s)"
    )
    p.add_argument(
        "--mean-total",
        type=float_flag(0.0, 1e6, low_open=True),
        default=55.0,
        help="annual-mean at-source VOC, ug/m3 (default %(default)s)",
    )
    p.set_defaults(func=_simulate_command)


def _simulate_command(args: argparse.Namespace) -> int:
    from .simulate import simulate

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
    p = actions.add_parser(
        "age",
        help="OH exposure from a species-pair ratio; optional initial "
        "and consumed concentrations and a plot",
    )
    p.add_argument("input", help="hourly VOC file (time column + species columns)")
    p.add_argument("--units", help="ppb or ug/m3 when the file does not say")
    p.add_argument("--mdl", help="MDL table (CSV: species, MDL)")
    p.add_argument(
        "--pair",
        default="m/p-xylene/ethylbenzene",
        help="named pair or FAST,SLOW species (default %(default)s)",
    )
    p.add_argument(
        "--emission-ratio",
        type=float_flag(0.0, 1e6, low_open=True),
        help="(X/E)0; default: estimated from the night hours",
    )
    p.add_argument(
        "--percentile",
        type=float,
        default=50.0,
        help="percentile of the night ratios for the estimate (default %(default)s)",
    )
    p.add_argument(
        "--window-hours",
        type=float,
        default=5.0,
        help="centred moving mean of the exposure over this many hours; 0 = hourly "
        "values (default %(default)s)",
    )
    p.add_argument(
        "--koh",
        help="kOH table overriding the registry (CSV: species, koh_298), "
        "e.g. data/voc/hangzhou_like_2021_voc_species.csv",
    )
    p.add_argument(
        "--output", default="oh_exposure.csv", help="OH exposure table (default %(default)s)"
    )
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
    age = estimate_oh_exposure(
        meas,
        pair,
        emission_ratio=args.emission_ratio,
        percentile=args.percentile,
        koh=koh,
        window_hours=args.window_hours,
    )
    table = pd.DataFrame(
        {"oh_exposure": age.oh_exposure, "age_h_at_2e6": age.age_hours(), "status": age.status}
    )
    _write(table, args.output)
    print(
        f"{args.input}: {len(table)} samples, pair {'/'.join(age.pair)}, emission ratio "
        f"{age.emission_ratio:.4g} ({age.emission_ratio_method}); kOH at {age.koh_basis}; "
        f"{age.window_hours:g} h moving mean"
    )
    print(
        f"median OH exposure {age.oh_exposure.median():.3g} molecule cm-3 s; "
        f"{age.n_clipped} clipped to 0 -> {args.output}"
    )
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
        raise ValueError(
            f"{path}:{i + 2}: {table['species'].iloc[i]}: kOH is not a number: "
            f"{table[column].iloc[i]!r}"
        )
    return pd.Series(values.to_numpy(), index=table["species"].astype(str))


def _write(frame: pd.DataFrame, path: str) -> None:
    from .._atomic import atomic_path

    with atomic_path(Path(path)) as tmp:
        out = frame.copy()
        if isinstance(out.index, pd.DatetimeIndex):
            out.index = out.index.strftime("%Y-%m-%d %H:%M")
            out.index.name = "Time"
        out.to_csv(tmp, float_format="%.6g", lineterminator="\n")


# --- aqm voc identify | profiles ----------------------------------------------------------


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
        ident = identify(
            factors,
            args.library,
            units=args.units,
            assign=args.assign,
            names=_overrides(args.name),
            exclude=args.exclude or (),
        )
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
        print(
            lib.to_frame()
            .groupby(["profile", "origin"])["mass_fraction"]
            .sum()
            .round(4)
            .to_string()
        )
        return 0
    if not (args.factors and args.out and args.site and args.period):
        raise ValueError(
            "aqm voc profiles: building needs FACTORS, --site, --period and --out "
            "(or use --compare A B / --show LIB)"
        )
    factors, ident = _identify(args)
    lib = localize(
        factors,
        ident,
        site=args.site,
        period=args.period,
        version=args.version,
        units=args.units,
        initial_concentrations=args.initial,
    )
    path = lib.save(Path(args.out))
    print(
        f"{path}: {len(lib.names)} profiles ({', '.join(lib.names)}), version "
        f"{lib.version}, hash {lib.content_hash}"
    )
    return 0


def _common(p: argparse.ArgumentParser, factors_required: bool) -> None:
    p.add_argument(
        "factors",
        nargs=None if factors_required else "?",
        help="factor x species CSV (e.g. <stem>_profiles.csv of `aqm pmf run`)",
    )
    p.add_argument(
        "--library",
        default="voc",
        help="'voc' (bundled SPECIATE subset), 'pm25' or a reference CSV",
    )
    p.add_argument("--units", default="mass", help="factor units: mass (default) or ppb")
    p.add_argument("--assign", action="store_true", help="one source type per factor")
    p.add_argument("--name", action="append", metavar="FACTOR=NAME", help="override a name")
    p.add_argument("--exclude", action="append", help="species left out (e.g. a total)")


def _add_identify_and_profiles(actions: argparse._SubParsersAction) -> None:
    ip = actions.add_parser("identify", help="name PMF factors against reference profiles")
    _common(ip, True)
    ip.add_argument("--out", help="CSV of all ranked candidates")
    ip.add_argument("--plot", help="PNG of the PD/SID scores")
    ip.set_defaults(func=_cmd_identify)
    pp = actions.add_parser("profiles", help="build, show or compare a localized profile library")
    _common(pp, False)
    pp.add_argument("--site", help="site name of the library (its file name)")
    pp.add_argument("--period", help="measurement period the profiles describe")
    pp.add_argument("--version", default="1.0.0", help="semantic version (default 1.0.0)")
    pp.add_argument(
        "--initial",
        action="store_true",
        help="the PMF ran on photochemical-age corrected (initial) concentrations",
    )
    pp.add_argument("--out", help="library file, or a directory for <site>_<version>.csv")
    pp.add_argument("--compare", nargs=2, metavar=("A", "B"), help="compare two libraries")
    pp.add_argument("--show", metavar="LIB", help="print a library's metadata and shares")
    pp.set_defaults(func=_cmd_profiles)


# --- aqm voc run ---------------------------------------------------------------------------


def _add_run(actions: argparse._SubParsersAction) -> None:
    p = actions.add_parser(
        "run",
        help="the whole job: age, PMF, identification, localized "
        "library, key sources (TOML config)",
    )
    p.add_argument(
        "--config",
        required=True,
        help="TOML file (paths relative to it), e.g. data/voc/hangzhou_voc.toml",
    )
    p.add_argument("--out", default=".", help="output directory (default: current directory)")
    p.set_defaults(func=_cmd_run)


def _ofp_range(key: pd.DataFrame) -> dict[str, pd.Series]:
    """The OFP column, with its bootstrap 5-95 % range when the job ran a bootstrap."""
    if "ofp_q5" not in key:
        return {}
    return {
        "OFP ug/m3": key["ofp"].round(1),
        "OFP 5-95 %": key["ofp_q5"].map("{:.1f}".format)
        + "-"
        + key["ofp_q95"].map("{:.1f}".format),
    }


def _cmd_run(args: argparse.Namespace) -> int:
    from .run import load_run_config, run_workflow

    cfg = load_run_config(args.config)  # every key checked before any work
    result = run_workflow(cfg, args.out)
    for message in result.warnings:
        print(f"aqm voc: warning: {message}", file=sys.stderr)
    age, model = result.age, result.model
    print(
        f"age: pair {'/'.join(age.pair)}, emission ratio {age.emission_ratio:.4g} "
        f"({age.emission_ratio_method}), median OH exposure "
        f"{age.oh_exposure.median():.3g} molecule cm-3 s"
    )
    print(
        f"PMF on {cfg['pmf']['basis']} concentrations: {len(model.sample_names_)} samples x "
        f"{model.n_features_in_} species, p = {model.n_components}, {model.n_runs} runs, "
        f"seed {model.seed_}, Q(robust) = {model.q_robust_:.1f}"
    )
    key = result.key_sources
    table = pd.DataFrame(
        {
            "VOC ug/m3": key["voc"].round(2),
            "VOC %": (100 * key["voc_share"]).round(1),
            "OFP %": (100 * key["ofp_share"]).round(1),
            **_ofp_range(key),
            "SOAP %": (100 * key["soap_share"]).round(1),
            "OFP rank": key["rank"],
            "SOAP rank": key["soap_rank"],
            "reference": key.get("reference"),
            "PD": key.get("reference_pd", np.nan),
            "SID": key.get("reference_sid", np.nan),
        },
        index=key.index,
    )
    with pd.option_context("display.width", 120, "display.max_columns", 20):
        print(table.round({"PD": 3, "SID": 3}).to_string())
    if result.key_sectors is not None:
        sec = result.key_sectors
        unit = sec.attrs.get("units", "")
        print(
            f"\nKey sectors of the inventory speciated with these profiles ({unit}; top 10 "
            "by ozone formation potential):"
        )
        top = pd.DataFrame(
            {
                "NMVOC": sec["voc"].round(0),
                "OFP": sec["ofp"].round(0),
                "OFP %": (100 * sec["ofp_share"]).round(1),
                "SOAP %": (100 * sec["soap_share"]).round(1),
                "profile": sec["profile"],
                "from": sec["level"],
            },
            index=sec.index,
        )
        with pd.option_context("display.width", 120, "display.max_columns", 20):
            print(top.head(10).to_string())
    for name, path in result.files.items():
        print(f"{name}: {path}")
    return 0
