"""Schema checks shared by every TOML-driven command: each key's type and range before any work.

A schema maps key names to :class:`Key`; :func:`check_table` checks one table against it and
raises ``ValueError``/``KeyError``/``FileNotFoundError`` naming the file, the table and the key
(the command line turns these into one line and exit status 2).  A bool is never a number, NaN
and infinities are refused, and paths are resolved relative to the configuration file.
"""

from __future__ import annotations

import argparse
import datetime
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._toml import load_toml

__all__ = [
    "SEED_MAX",
    "Key",
    "check_table",
    "check_tables",
    "check_value",
    "float_flag",
    "int_flag",
    "read_config",
]

SEED_MAX = 2**63 - 1  # seeds are stored as signed 64-bit integers in the outputs

_NAMES = {
    int: "an integer",
    float: "a number",
    str: "a string",
    bool: "true or false",
    list: "a list",
    dict: "a table",
    datetime.datetime: "a date-time",
}


@dataclass(frozen=True)
class Key:
    """One configuration key: its type(s), default and limits."""

    kind: type | tuple[type, ...]
    default: Any = None
    required: bool = False
    low: float | None = None  # inclusive lower bound
    high: float | None = None  # inclusive upper bound
    choices: tuple[str, ...] = ()
    path: bool = False  # a file that must exist (relative to the config)
    item: type | tuple[type, ...] | None = None  # the type of a list's items or a table's values
    unit: bool = False  # a concentration unit: any spelling of aqm.species' vocabulary


def _type_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(_NAMES[k] for k in kinds)


def _is(value: Any, kind: type) -> bool:
    if kind is bool or isinstance(value, bool):
        return kind is bool and isinstance(value, bool)
    if kind is float:
        return isinstance(value, (int, float))
    return isinstance(value, kind)


def _check_number(where: str, key: Key, value: float) -> None:
    if not math.isfinite(value):
        raise ValueError(f"{where}: must be finite, got {value!r}")
    if key.low is not None and value < key.low or key.high is not None and value > key.high:
        low = "-inf" if key.low is None else f"{key.low:g}"
        high = "inf" if key.high is None else f"{key.high:g}"
        raise ValueError(f"{where}: must be within [{low}, {high}], got {value!r}")


def _canonical_unit(text: str) -> str:
    """The vocabulary's name of a unit spelling (``ug/m3`` → ``ug m-3``); unknown text comes
    back as given, for the caller's ``choices`` check to name it."""
    from .species import concentration_unit

    try:
        return concentration_unit(text)
    except ValueError:
        return text


def check_value(where: str, key: Key, value: Any, base: Path) -> Any:
    """``value`` checked against ``key`` (``where`` prefixes errors); floats come back as float,
    paths resolved against ``base``."""
    kinds = key.kind if isinstance(key.kind, tuple) else (key.kind,)
    if not any(_is(value, k) for k in kinds):
        raise ValueError(f"{where}: must be {_type_name(key.kind)}, got {value!r}")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        _check_number(where, key, value)
        if float in kinds:
            value = float(value)
    if isinstance(value, str):
        if key.unit:
            value = _canonical_unit(value)
        if key.choices and value not in key.choices:
            raise ValueError(f"{where}: must be one of {', '.join(key.choices)}, got {value!r}")
        if not value.strip():
            raise ValueError(f"{where}: must not be empty")
        if key.path:
            p = (base / value).resolve()
            if not p.is_file():
                raise FileNotFoundError(2, f"{where}: file not found: {p}", str(p))
            value = str(p)
    if key.item is not None and isinstance(value, (list, dict)):
        item = Key(key.item, low=key.low, high=key.high, choices=key.choices)
        if isinstance(value, list):
            value = [check_value(f"{where}[{i + 1}]", item, v, base) for i, v in enumerate(value)]
        else:
            value = {k: check_value(f"{where}.{k}", item, v, base) for k, v in value.items()}
    return value


def check_table(
    path: str | Path,
    table_name: str,
    given: Any,
    schema: Mapping[str, Key],
    base_dir: str | Path,
    *,
    fill_defaults: bool = True,
) -> dict[str, Any]:
    """The keys of ``[table_name]`` checked against ``schema``: unknown keys and missing required
    ones refused; absent keys get their defaults (or are left out with ``fill_defaults=False``,
    where the defaults live in the function the table feeds)."""
    if not isinstance(given, dict):
        raise ValueError(f"{path}: {table_name} must be a table [{table_name}]")
    unknown = sorted(set(given) - set(schema))
    if unknown:
        raise KeyError(
            f"{path}: [{table_name}] unknown key {unknown[0]!r}; known: {', '.join(schema)}"
        )
    base = Path(base_dir)
    out: dict[str, Any] = {}
    for name, key in schema.items():
        where = f"{path}: [{table_name}] {name}"
        if name in given:
            out[name] = check_value(where, key, given[name], base)
        elif key.required:
            raise KeyError(f"{where}: required key missing")
        elif fill_defaults:
            out[name] = key.default
    return out


def check_tables(path: str | Path, raw: Mapping[str, Any], known: Any) -> None:
    """Refuse top-level tables of ``raw`` that are not in ``known``."""
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise KeyError(f"{path}: unknown table [{unknown[0]}]; known: {', '.join(known)}")


def read_config(
    path: str | Path, known: Any, required: str | None = None, what: str = "configuration file"
) -> dict[str, Any]:
    """The parsed TOML file at ``path``: it must exist, hold only the tables in ``known`` and,
    when ``required`` names one, that table."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(2, f"{path}: {what} not found", str(path))
    raw = load_toml(path)
    check_tables(path, raw, known)
    if required is not None and required not in raw:
        raise KeyError(f"{path}: no [{required}] table")
    return raw


def int_flag(low: int, high: int) -> Any:
    """An argparse ``type`` for an integer flag within [low, high] (a one-line usage error)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be an integer, got {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be within [{low}, {high}], got {value}")
        return value

    parse.__name__ = "integer"
    return parse


def float_flag(low: float, high: float, *, low_open: bool = False) -> Any:
    """An argparse ``type`` for a finite number flag within [low, high] (``(low, high]`` with
    ``low_open``): NaN, infinities and out-of-range values are one-line usage errors."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a number, got {text!r}") from None
        too_low = value <= low if low_open else value < low
        if not math.isfinite(value) or too_low or value > high:
            bracket = "(" if low_open else "["
            raise argparse.ArgumentTypeError(
                f"must be finite and within {bracket}{low:g}, {high:g}], got {text}"
            )
        return value

    parse.__name__ = "number"
    return parse
