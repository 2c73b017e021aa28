"""The TOML configuration of ``aqm voc run``: every key's type and range checked before any work.

Errors are ``ValueError``/``KeyError`` naming the file, the table and the key.  Paths are
resolved relative to the configuration file.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._toml import load_toml

_SEMVER = re.compile(r"^\d+\.\d+\.\d+$")
_BASES = ("observed", "initial", "long_lived")


@dataclass(frozen=True)
class _Key:
    kind: type | tuple[type, ...]
    default: Any = None
    required: bool = False
    low: float | None = None            # inclusive lower bound
    high: float | None = None           # inclusive upper bound
    choices: tuple[str, ...] = ()
    path: bool = False                  # a file that must exist (relative to the config)


SCHEMA: dict[str, dict[str, _Key]] = {
    "measurements": {
        "conc": _Key(str, required=True, path=True),
        "unc": _Key(str, path=True),
        "mdl": _Key(str, path=True),
        "units": _Key(str, choices=("ppb", "ug/m3")),
        "koh": _Key(str, path=True),
        "error_fraction": _Key(float, 0.1, low=0.0, high=1.0),
    },
    "age": {
        "pair": _Key(str, "m/p-xylene/ethylbenzene"),
        "emission_ratio": _Key((float, str), "night"),
        "percentile": _Key(float, 50.0, low=0.0, high=100.0),
    },
    "pmf": {
        "factors": _Key(int, required=True, low=2, high=20),
        "runs": _Key(int, 20, low=1, high=1000),
        "seed": _Key(int, required=True, low=0, high=2**63 - 1),
        "basis": _Key(str, "initial", choices=_BASES),
        "categories": _Key(str, "s/n", choices=("s/n", "strong")),
        "robust": _Key(bool, True),
        "bootstrap": _Key(int, 0, low=0, high=10000),
    },
    "identify": {
        "library": _Key(str, "voc"),
        "assign": _Key(bool, True),
        "pd_max": _Key(float, 0.4, low=0.0, high=1.0),
        "sid_max": _Key(float, 1.0, low=0.0, high=2.0),
    },
    "profiles": {
        "site": _Key(str, required=True),
        "period": _Key(str, required=True),
        "version": _Key(str, "1.0.0"),
    },
    "inventory": {  # optional: the inventory speciated with the localized profiles
        "file": _Key(str, path=True),     # an inventory CSV; or a bundled one by name:
        "bundled": _Key(str),             # e.g. "hangzhou_2020"
        "place": _Key(str),               # one place (district) only; default all
    },
}


def _type_name(kind) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {int: "an integer", float: "a number", str: "a string", bool: "true or false"}
    return " or ".join(names[k] for k in kinds)


def _is(value: Any, kind: type) -> bool:
    if kind is bool or isinstance(value, bool):
        return kind is bool and isinstance(value, bool)
    if kind is float:
        return isinstance(value, (int, float))
    return isinstance(value, kind)


def _check_value(where: str, key: _Key, value: Any, base: Path) -> Any:
    kinds = key.kind if isinstance(key.kind, tuple) else (key.kind,)
    if not any(_is(value, k) for k in kinds):
        raise ValueError(f"{where}: must be {_type_name(key.kind)}, got {value!r}")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not math.isfinite(value):
            raise ValueError(f"{where}: must be finite, got {value!r}")
        if key.low is not None and value < key.low or key.high is not None and value > key.high:
            raise ValueError(f"{where}: must be within [{key.low:g}, {key.high:g}], got {value!r}")
        if float in kinds:
            value = float(value)
    if isinstance(value, str):
        if key.choices and value not in key.choices:
            raise ValueError(f"{where}: must be one of {', '.join(key.choices)}, got {value!r}")
        if not value.strip():
            raise ValueError(f"{where}: must not be empty")
        if key.path:
            p = (base / value).resolve()
            if not p.is_file():
                raise FileNotFoundError(2, f"{where}: file not found: {p}", str(p))
            value = str(p)
    return value


def _special_rules(path: str, cfg: dict[str, dict[str, Any]], base: Path) -> None:
    er = cfg["age"]["emission_ratio"]
    if isinstance(er, str) and er != "night":
        raise ValueError(f"{path}: [age] emission_ratio: a positive number or 'night', got {er!r}")
    if isinstance(er, float) and er <= 0:
        raise ValueError(f"{path}: [age] emission_ratio: must be > 0, got {er!r}")
    if not _SEMVER.match(cfg["profiles"]["version"]):
        raise ValueError(f"{path}: [profiles] version: must be MAJOR.MINOR.PATCH, got "
                         f"{cfg['profiles']['version']!r}")
    lib = cfg["identify"]["library"]
    if lib not in ("voc", "pm25"):
        p = (base / lib).resolve()
        if not p.is_file():
            raise FileNotFoundError(2, f"{path}: [identify] library: 'voc', 'pm25' or a file; "
                                       f"not found: {p}", str(p))
        cfg["identify"]["library"] = str(p)
    inv = cfg["inventory"]
    if inv["file"] is not None and inv["bundled"] is not None:
        raise ValueError(f"{path}: [inventory]: give 'file' or 'bundled', not both")
    if inv["place"] is not None and inv["file"] is None and inv["bundled"] is None:
        raise ValueError(f"{path}: [inventory] place: needs 'file' or 'bundled'")
    m = cfg["measurements"]
    if m["unc"] is None and m["mdl"] is None:
        raise ValueError(f"{path}: [measurements]: give 'unc' (an uncertainty file) or 'mdl' "
                         "(to compute EPA PMF 5.0 uncertainties with error_fraction)")


def load_run_config(path: str | Path) -> dict[str, dict[str, Any]]:
    """The validated settings of an ``aqm voc run`` configuration, defaults filled in."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(2, f"{path}: configuration file not found", str(path))
    raw = load_toml(path)
    base = path.resolve().parent
    unknown_tables = sorted(set(raw) - set(SCHEMA))
    if unknown_tables:
        raise KeyError(f"{path}: unknown table [{unknown_tables[0]}]; known: "
                       f"{', '.join(SCHEMA)}")
    cfg: dict[str, dict[str, Any]] = {}
    for table, keys in SCHEMA.items():
        given = raw.get(table, {})
        if not isinstance(given, dict):
            raise ValueError(f"{path}: {table} must be a table [{table}]")
        unknown = sorted(set(given) - set(keys))
        if unknown:
            raise KeyError(f"{path}: [{table}] unknown key {unknown[0]!r}; known: "
                           f"{', '.join(keys)}")
        cfg[table] = {}
        for name, key in keys.items():
            where = f"{path}: [{table}] {name}"
            if name not in given:
                if key.required:
                    raise KeyError(f"{where}: required key missing")
                cfg[table][name] = key.default
                continue
            cfg[table][name] = _check_value(where, key, given[name], base)
    _special_rules(str(path), cfg, base)
    return cfg
