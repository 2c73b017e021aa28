#!/usr/bin/env bash
# The whole test suite: format and lint (scripts/lint.sh), then builds and installs the Python package, builds the C++
# tests (doctest, header self-containment, CMake consumer, examples) and runs ctest, then pytest
# (which also builds the Sphinx reference in docs/api with warnings as errors, about 20 s:
# tests/python/test_docs.py), then the repaired wheel in a clean venv (scripts/wheel.sh), then the
# C++ tests under sanitizers (scripts/sanitize.sh).
# Release build with ccache; build trees live in build/ and are reused between runs.
set -euo pipefail
cd "$(dirname "$0")/.."

export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}"
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  export CMAKE_CXX_COMPILER_LAUNCHER=ccache
fi
generator=()
if command -v ninja >/dev/null; then generator=(-G Ninja); fi

# Format and lint first (scripts/lint.sh: clang-format, ruff format --check, ruff check):
# seconds, and a finding fails the run before the long builds.  scripts/format.sh fixes them.
echo "== format and lint"
bash scripts/lint.sh

echo "== Python package (pip install .)"
python3 -m pip install -q --no-build-isolation .

echo "== C++ build"
cmake -S . -B build/cpp "${generator[@]}" -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" >/dev/null
cmake --build build/cpp

echo "== ctest"
(cd build/cpp && ctest --output-on-failure -j "$CMAKE_BUILD_PARALLEL_LEVEL")

echo "== pytest"
python3 -m pytest -q tests/python

# The wheel as a user installs it (scripts/wheel.sh): auditwheel repair, a clean venv without
# system site-packages, import and smoke test.  It reuses the build tree of `pip install .` above
# (nothing recompiles), so about 1.5 min, mostly the venv's dependencies from the package index.
# AQM_WHEEL=0 skips it in inner loops.
if [ "${AQM_WHEEL:-1}" != 0 ]; then
  echo "== wheel in a clean venv"
  bash scripts/wheel.sh
fi

# The C++ suite again under ASan + UBSan (own build tree, build/sanitize): a first build is about
# 13 min of CPU (7 min on 2 idle cores), the run 40 s; inside CI's 90 min.  AQM_SANITIZE=0 skips
# it in inner loops.
if [ "${AQM_SANITIZE:-1}" != 0 ]; then
  echo "== C++ tests under sanitizers"
  bash scripts/sanitize.sh
fi
