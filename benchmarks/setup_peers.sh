#!/usr/bin/env bash
# A separate virtual environment with the peers libaqm is timed against (ESAT from PyPI pins its
# own numpy/pandas versions, so it never shares the test environment).  Not used by CI.
set -euo pipefail
venv="${1:-$(dirname "$0")/../build/peers-venv}"
python3 -m venv "$venv"
"$venv/bin/pip" install -q --upgrade pip
"$venv/bin/pip" install -q esat
"$venv/bin/pip" install -q --no-build-isolation scikit-build-core pybind11 2>/dev/null || true
echo "peers installed in $venv"
