"""Sphinx configuration of the libaqm reference (built by tests/python/test_docs.py with -W).

Three generated pages: the Python API (autodoc from the docstrings), the C++ public headers
(each header's summary comment and its text) and the TOML configuration reference (from the
schemas the commands check their files against).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

project = "libaqm"
author = "libaqm developers"
extensions = ["sphinx.ext.autodoc", "sphinx.ext.napoleon"]
exclude_patterns = ["_build"]
html_theme = "alabaster"
autodoc_member_order = "bysource"
autodoc_typehints = "none"  # signatures stay readable; types are in the docstrings
napoleon_numpy_docstring = True
napoleon_google_docstring = False
suppress_warnings = ["ref.python"]  # ambiguous short names in hand-written cross references

generate.write_pages(HERE / "generated")


def _skip_generated_sklearn_methods(app, what, name, obj, skip, options):
    # sklearn adds set_*_request methods (metadata routing) whose docstrings cite its own docs
    return True if name.startswith("set_") and name.endswith("_request") else None


def setup(app):
    app.connect("autodoc-skip-member", _skip_generated_sklearn_methods)
