"""Regenerate the bundled synthetic Hangzhou-like hourly VOC data (hangzhou_like_2021_voc_*.csv).

    python data/voc/make_hangzhou_like_voc.py            # rewrite the files next to this script
    python data/voc/make_hangzhou_like_voc.py OUT_DIR    # write them elsewhere

A winter month (January 2021) and a summer month (July 2021), hourly, seed 20210701; the
source profiles and kOH values are the bundled ``hangzhou_like_2021_voc_profiles.csv`` and
``hangzhou_like_2021_voc_species.csv`` (made by ``make_voc_source_profiles.py`` from SPECIATE
5.2).  Deterministic: tests/python/test_voc_simulate.py checks that the shipped files equal a
fresh run.  Settings and their sources are in README.md here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from aqm.voc import (
    HANGZHOU_LIKE_VOC_SOURCES,
    OhExposureModel,
    SimulatedVocData,
    load_voc_kinetics,
    load_voc_source_profiles,
    simulate,
)

HERE = Path(__file__).resolve().parent
PREFIX = "hangzhou_like_2021_voc"
SEED = 20210701
MONTHS = ("2021-01", "2021-07")


def hours() -> pd.DatetimeIndex:
    """Every local hour of the bundled months."""
    parts = [pd.date_range(f"{m}-01", pd.Period(m).end_time.floor("h"), freq="h") for m in MONTHS]
    return pd.DatetimeIndex(parts[0].append(parts[1:]), name="Time")


def build() -> SimulatedVocData:
    return simulate(
        hours(),
        seed=SEED,
        profiles=load_voc_source_profiles(HERE / "hangzhou_like_2021_voc_profiles.csv"),
        koh=load_voc_kinetics(HERE / "hangzhou_like_2021_voc_species.csv"),
        sources=HANGZHOU_LIKE_VOC_SOURCES,
        oh_exposure=OhExposureModel(),
        mean_total=55.0,
    )


def main(argv: list[str]) -> int:
    out_dir = Path(argv[0]) if argv else HERE
    for path in build().to_csv(out_dir / PREFIX):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
