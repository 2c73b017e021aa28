"""Generated hostile inputs for every entry point (issue 14), collected by test_hostile_suite.py.

Each module builds :class:`Case` objects from a valid base input and a list of mutations; a case
names the files it needs, how it is driven (the CLI in-process, or a Python entry point) and the
class of outcome it must have: a clear error naming the place, or a correct result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Files = dict[str, "str | bytes"]


@dataclass
class Case:
    """One hostile input and the outcome it must have.

    ``argv`` runs ``aqm`` in-process; ``call(dir)`` runs a Python entry point.  ``expect`` is
    ``"error"`` (exit status != 0, one line on stderr, no traceback; or ``error`` raised) or
    ``"ok"`` (status 0 / a return value that ``check(dir, result)`` verifies).  Every text in
    ``words`` must appear in the message (the file, line, key or species it names).
    """

    id: str
    files: Files = field(default_factory=dict)
    argv: list[str] | None = None
    call: Callable[[Path], Any] | None = None
    expect: str = "error"
    words: tuple[str, ...] = ()
    error: type[BaseException] | tuple[type[BaseException], ...] = (ValueError, KeyError, OSError)
    check: Callable[[Path, Any], None] | None = None
    warns: str | None = None  # regex one recorded warning must match
    outputs_left: bool = False  # an error case may leave files (default: nothing new)


def csv_text(rows: list[list[Any]], sep: str = ",", eol: str = "\n") -> str:
    return "".join(sep.join(str(v) for v in row) + eol for row in rows)
