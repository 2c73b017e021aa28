"""TOML configuration files for the command line and scenario readers (tomli before 3.11)."""

from __future__ import annotations

import os
import sys
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    try:
        import tomli as tomllib
    except ImportError:
        tomllib = None


def load_toml(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Parse a TOML file; syntax errors become ``aqm.ParseError`` (a ValueError) naming it."""
    if tomllib is None:  # pragma: no cover
        raise ImportError("reading TOML on Python < 3.11 needs 'tomli' (pip install tomli)")
    from . import ParseError

    with open(path, "rb") as fh:
        data = fh.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:  # TOML is UTF-8; say where, not just "codec can't decode"
        line = data[: err.start].count(b"\n") + 1
        raise ParseError(
            f"{os.fspath(path)}: line {line}: not valid UTF-8 at byte "
            f"{err.start + 1} (Latin-1 or GBK?); save the file as UTF-8"
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ParseError(f"{os.fspath(path)}: {err}") from None


def load_table(path: str | os.PathLike[str], table: str) -> dict[str, Any]:
    """The ``[table]`` of a TOML file; ``KeyError`` naming file and table when it is absent."""
    cfg = load_toml(path)
    if table not in cfg:
        raise KeyError(f"{os.fspath(path)}: no [{table}] table")
    return cfg[table]
