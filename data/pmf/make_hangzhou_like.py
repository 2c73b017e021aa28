"""Regenerate the bundled Hangzhou-like 2021 PMF dataset (hangzhou_like_2021_*.csv).

    python data/pmf/make_hangzhou_like.py            # rewrite the files next to this script
    python data/pmf/make_hangzhou_like.py OUT_DIR    # write them elsewhere

Deterministic: the same libaqm gives the same files (tests/python/test_simulate.py checks that
the shipped files equal a fresh run).  Settings and their sources are in README.md here.
"""

from __future__ import annotations

import sys
from pathlib import Path

from aqm.pmf import SimulatedDataset, load_source_profiles, simulate
from aqm.pmf._simulate import (
    DEFAULT_ERROR_FRACTION,
    DEFAULT_MDL,
    HANGZHOU_LIKE_SOURCES,
    HANGZHOU_LIKE_UNEXPLAINED,
)

HERE = Path(__file__).resolve().parent
PROFILES = HERE / "source_profiles_pm25.csv"
PREFIX = "hangzhou_like_2021"
SEED = 20210101
MISSING_FRACTION = 0.02


def build() -> SimulatedDataset:
    """The bundled year: 365 daily samples from 2021-01-01, seed 20210101."""
    return simulate(
        load_source_profiles(PROFILES),
        n_samples=365,
        seed=SEED,
        start="2021-01-01",
        sources=HANGZHOU_LIKE_SOURCES,
        unexplained=HANGZHOU_LIKE_UNEXPLAINED,
        mdl=DEFAULT_MDL,
        error_fraction=DEFAULT_ERROR_FRACTION,
        missing_fraction=MISSING_FRACTION,
    )


def main(argv: list[str]) -> int:
    out_dir = Path(argv[0]) if argv else HERE
    for path in build().to_csv(out_dir / PREFIX):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
