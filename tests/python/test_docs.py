"""The Sphinx reference (docs/api: Python API from the docstrings, C++ headers, TOML keys)
builds with warnings as errors, and its generated pages cover every command and header."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "api"


def test_reference_builds_without_warnings(tmp_path):
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-q",
            "-E",
            "-W",
            "--keep-going",
            "-b",
            "html",
            "-d",
            str(tmp_path / "doctrees"),
            str(DOCS),
            str(tmp_path / "html"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    html = (tmp_path / "html" / "python.html").read_text(encoding="utf-8")
    assert "aqm.pmf.PMF" in html and "aqm.chem" in html


def test_generated_pages_cover_every_header_and_command():
    sys.path.insert(0, str(DOCS))
    try:
        import generate
    finally:
        sys.path.remove(str(DOCS))
    cpp = generate.cpp_page()
    headers = list((ROOT / "libaqm" / "include" / "aqm").glob("*/*.hpp"))
    assert headers and all(
        p.relative_to(ROOT / "libaqm" / "include").as_posix() in cpp for p in headers
    )
    config = generate.config_page()
    for table in ("[pmf]", "[chem]", "[box]", "[box.isopleth]", "[batch]"):
        assert table in config
    from aqm.pmf.cli import SCHEMA

    assert all(f"``{key}``" in config for key in SCHEMA)
