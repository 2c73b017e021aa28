"""atheris target: the TOML configurations of every TOML-driven command (aqm._config and the
loaders of `aqm pmf`, `aqm box`, `aqm voc run` and `aqm emis apply`).

Each input is written as cfg.toml into a scratch directory holding placeholder files for every
path the bundled configurations name, then handed to each loader.  ValueError, KeyError and
OSError (aqm.ParseError is a ValueError) are the clear errors hostile input should get; any other
exception escaping a loader is a finding.  Run through scripts/fuzz.sh (docs/fuzzing.md).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris
import tomllib

with atheris.instrument_imports(include=["aqm"]):  # not numpy/pandas/xarray
    from aqm import _config, _toml
    from aqm.chem import box_config
    from aqm.emis import scenario
    from aqm.pmf import cli as pmf_cli
    from aqm.voc import _run_config

REPO = Path(__file__).resolve().parents[1]
BUNDLED = [
    REPO / "data/pmf/hangzhou_like_2021.toml",
    REPO / "data/box/hangzhou_summer_day.toml",
    REPO / "data/box/hangzhou_attribution.toml",
    REPO / "data/voc/hangzhou_voc.toml",
    REPO / "data/emis/hangzhou_2025_plan.toml",
]
LOADERS = (
    pmf_cli._load_config,
    box_config.load_config,
    _run_config.load_run_config,
    scenario.Scenario.from_toml,
)
CLEAR_ERRORS = (ValueError, KeyError, OSError)
SCRATCH = Path(tempfile.mkdtemp(prefix="aqm-fuzz-toml-"))
CONFIG = SCRATCH / "cfg.toml"


def _paths(value) -> list[str]:
    if isinstance(value, dict):
        return [p for v in value.values() for p in _paths(v)]
    if isinstance(value, list):
        return [p for v in value for p in _paths(v)]
    return [value] if isinstance(value, str) and value.endswith((".csv", ".toml")) else []


def _placeholders() -> None:
    """Empty files for every input path the bundled configurations name (and the usual ones)."""
    names = {"conc.csv", "unc.csv", "obs.csv", "plan.toml"}
    for path in BUNDLED:
        names.update(_paths(tomllib.loads(path.read_text(encoding="utf-8"))))
    for name in names:
        target = (SCRATCH / name).resolve()
        if SCRATCH in target.parents:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("")


def test_one_input(data: bytes) -> None:
    CONFIG.write_bytes(data)
    for load in LOADERS:
        try:
            load(CONFIG)
        except CLEAR_ERRORS:
            pass


def seeds(directory: Path, dictionary: Path) -> None:
    """Write the bundled configurations as the seed corpus, and a libFuzzer dictionary of every
    table header and key of the schemas (random bytes seldom spell a known key)."""
    directory.mkdir(parents=True, exist_ok=True)
    for path in BUNDLED:
        (directory / path.name).write_bytes(path.read_bytes())
    tables = {
        "pmf": pmf_cli.SCHEMA,
        "box": box_config.BOX_SCHEMA,
        "box.isopleth": box_config.ISOPLETH_SCHEMA,
        "box.attribution": box_config.ATTRIBUTION_SCHEMA,
        **_run_config.SCHEMA,
        **scenario._SCHEMAS,
    }
    tokens = {f"[{name}]" for name in tables} | {f"[[{name}]]" for name in scenario._SCHEMAS}
    tokens |= {f"{key} = " for schema in tables.values() for key in schema}
    lines = [f'"{token}"' for token in sorted(tokens)]
    dictionary.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--write-seeds":
        seeds(Path(sys.argv[2]), Path(sys.argv[3]))
        sys.exit(0)
    _placeholders()
    assert _config and _toml  # imported for instrumentation: the loaders run through them
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
