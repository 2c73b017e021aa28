"""CSV/TSV/semicolon tables: each mutation of a valid table through `aqm io convert` and
`aqm.io.read_delimited`, for every separator."""

from __future__ import annotations

import math
import time
from pathlib import Path

import numpy as np

from aqm import io

from . import Case

HEADER = ["site", "O3", "NO2", "CO"]
ROWS = [["A", "1.5", "2.0", "300"], ["B", "2.5", "3.0", "310"], ["C", "3.5", "4.0", "320"]]
VALUES = np.array([[1.5, 2.0, 300], [2.5, 3.0, 310], [3.5, 4.0, 320]])
SEPARATORS = {",": "csv", "\t": "tsv", ";": "txt"}


def _table(sep: str, header=HEADER, rows=ROWS, eol: str = "\n") -> str:
    return "".join(sep.join(r) + eol for r in [header, *rows])


def _with_cell(row: int, col: int, text: str) -> list[list[str]]:
    rows = [list(r) for r in ROWS]
    rows[row][col] = text
    return rows


# name -> (text for a separator, expect, words).  Lines: header 1, A 2, B 3, C 4; the column
# is the field's position counting the label column (O3 = 2).
def _mutations(sep: str) -> dict[str, tuple[str | bytes, str, tuple[str, ...]]]:
    t = lambda **kw: _table(sep, **kw)
    return {
        "bad number": (t(rows=_with_cell(1, 1, "abc")), "error", (":3:2", "O3", "'abc'")),
        "two decimal points": (t(rows=_with_cell(0, 2, "1.2.3")), "error", (":2:3", "NO2")),
        "trailing junk": (t(rows=_with_cell(2, 3, "320ppb")), "error", (":4:4", "CO")),
        "hex number": (t(rows=_with_cell(0, 1, "0x10")), "error", (":2:2", "O3")),
        "fortran exponent": (t(rows=_with_cell(0, 1, "1.5D3")), "error", (":2:2", "O3")),
        "inf": (t(rows=_with_cell(1, 2, "inf")), "error", (":3:3", "NO2", "finite")),
        "-Infinity": (t(rows=_with_cell(1, 2, "-Infinity")), "error", (":3:3", "finite")),
        "overflow 1e999": (t(rows=_with_cell(2, 1, "1e999")), "error", (":4:2", "finite")),
        "400-digit number": (t(rows=_with_cell(2, 1, "9" * 400)), "error", (":4:2", "O3")),
        "quote inside number": (t(rows=_with_cell(0, 1, '1"5')), "error", (":2:2", "O3")),
        "short row": (
            t(rows=[ROWS[0], ROWS[1][:3], ROWS[2]]),
            "error",
            (":3:", "expected 4 fields", "found 3"),
        ),
        "long row": (
            t(rows=[ROWS[0], ROWS[1], ROWS[2] + ["9", "9"]]),
            "error",
            (":4:", "expected 4 fields", "found 6"),
        ),
        "duplicate column": (
            t(header=["site", "O3", "NO2", "O3"]),
            "error",
            (":1:4", "O3", "duplicate", "column 2"),
        ),
        "empty column name": (
            t(header=["site", "O3", "", "CO"]),
            "error",
            (":1:3", "empty column name"),
        ),
        "empty row label": (
            t(rows=[ROWS[0], [""] + ROWS[1][1:], ROWS[2]]),
            "error",
            (":3:1", "empty row label"),
        ),
        "unterminated quote": (
            t(rows=[ROWS[0], ['"B'] + ROWS[1][1:], ROWS[2]]),
            "error",
            (":3:", "unterminated"),
        ),
        "header only": (t(rows=[]), "error", (":1:", "no data rows")),
        "label column only": (
            _table(sep, header=["site"], rows=[["A"], ["B"]]),
            "error",
            (":1:", "no data columns"),
        ),
        "empty file": ("", "error", ("empty",)),
        "blank lines only": ("\n   \n\t\n", "error", ("empty",)),
        "comments only": ("# a\n# b\n", "error", ("empty",)),
        "byte order mark only": (b"\xef\xbb\xbf", "error", ("empty",)),
        "NUL byte": (t().replace("2.5", "2\x005").encode(), "error", ("NUL",)),
        "UTF-16": (t().encode("utf-16"), "error", ("UTF-16",)),
        "Latin-1 header": (
            t(header=["site", "O3", "NO2", "CO"]).replace("site", "sit\xe9").encode("latin-1"),
            "error",
            (":1:", "UTF-8"),
        ),
        "Latin-1 row label": (
            t(rows=[ROWS[0], ["B\xe9"] + ROWS[1][1:], ROWS[2]]).encode("latin-1"),
            "error",
            (":3:", "UTF-8"),
        ),
        "GBK row label": (
            t(rows=[ROWS[0], ROWS[1], ["\u676d\u5dde"] + ROWS[2][1:]]).encode("gbk"),
            "error",
            (":4:", "UTF-8"),
        ),
        # correct results
        "BOM, CRLF and quotes": (
            b"\xef\xbb\xbf" + t(eol="\r\n").replace("A", '"A"').encode(),
            "ok",
            (),
        ),
        "CR-only line ends": (t(eol="\r"), "ok", ()),
        "trailing separator lines": (t() + sep * 3 + "\n" + sep * 3 + "\n", "ok", ()),
        "comment and blank lines": (
            "# made by hand\n" + t().replace("\nB", "\n\n# x\nB"),
            "ok",
            (),
        ),
        "UTF-8 labels": (t(rows=[["\u676d\u5dde"] + ROWS[0][1:], *ROWS[1:]]), "ok", ()),
    }


def _same_values(df) -> None:
    assert list(df.columns) == HEADER[1:]
    np.testing.assert_array_equal(df.to_numpy(), VALUES)


def _converted(path: Path) -> None:
    _same_values(io.read_delimited(path))


def cases() -> list[Case]:
    out = []
    for sep, ext in SEPARATORS.items():
        for name, (text, expect, words) in _mutations(sep).items():
            src = f"in.{ext}"
            files = {src: text}
            out.append(
                Case(
                    id=f"delimited[{ext}] {name} (aqm io convert)",
                    files=files,
                    argv=["io", "convert", src, "out.csv"],
                    expect=expect,
                    words=(src, *words),
                    check=lambda d, _: _converted(d / "out.csv"),
                )
            )
            out.append(
                Case(
                    id=f"delimited[{ext}] {name} (read_delimited)",
                    files=files,
                    call=lambda d, src=src: io.read_delimited(d / src),
                    expect=expect,
                    words=(src, *words),
                    check=lambda d, df: _same_values(df),
                )
            )
    out += _special_cases()
    return out


def _wide(n_columns: int, duplicate_last: bool) -> str:
    names = [f"s{j}" for j in range(n_columns)]
    if duplicate_last:
        names[-1] = "s0"
    return "t," + ",".join(names) + "\n1," + ",".join(["1"] * n_columns) + "\n"


def _fast_read(d: Path, name: str, limit_s: float):
    start = time.perf_counter()
    try:
        return io.read_delimited(d / name)
    finally:
        # Before: an O(n^2) duplicate-header check; 1e6 columns did not finish in 180 s.
        assert time.perf_counter() - start < limit_s


def _special_cases() -> list[Case]:
    return [
        Case(
            id="delimited 200 000 columns read in linear time",
            files={"w.csv": _wide(200_000, False)},
            call=lambda d: _fast_read(d, "w.csv", 10.0),
            expect="ok",
            check=lambda d, df: _shape(df, (1, 200_000)),
        ),
        Case(
            id="delimited duplicate among 200 000 columns is named",
            files={"w.csv": _wide(200_000, True)},
            call=lambda d: _fast_read(d, "w.csv", 10.0),
            words=("w.csv:1:200001", "s0", "duplicate", "column 2"),
        ),
        Case(
            id="delimited missing file",
            argv=["io", "convert", "nope.csv", "out.csv"],
            words=("nope.csv", "no such file"),
        ),
        Case(
            id="delimited directory as input",
            files={"d/x": ""},
            argv=["io", "convert", "d", "out.csv"],
            words=("d", "directory"),
        ),
        Case(
            id="delimited missing markers and -999 read as NaN",
            files={"m.csv": "t,a,b\n1,NA,-999\n2,,3\n"},
            call=lambda d: io.read_delimited(d / "m.csv", missing_values=[-999]),
            expect="ok",
            check=lambda d, df: _nan_pattern(df, [[True, True], [True, False]]),
        ),
        Case(
            id="delimited separator of two characters",
            files={"m.csv": "t,a\n1,2\n"},
            call=lambda d: io.read_delimited(d / "m.csv", sep="::"),
            words=("sep", "'::'"),
        ),
    ]


def _shape(df, expected: tuple[int, int]) -> None:
    assert df.shape == expected


def _nan_pattern(df, expected) -> None:
    assert [[math.isnan(v) for v in row] for row in df.to_numpy()] == expected
