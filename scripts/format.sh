#!/usr/bin/env bash
# Apply the house formatting: clang-format (.clang-format) to the C++ sources and ruff
# (pyproject.toml [tool.ruff]) to the Python ones, plus ruff's safe lint fixes.
# scripts/lint.sh checks the same without changing anything.
set -euo pipefail
cd "$(dirname "$0")/.."

cxx_files() {
  git ls-files -- '*.cpp' '*.hpp' '*.inl' '*.h' '*.hpp.in'
}

cxx_files | xargs clang-format -i --style=file
python3 -m ruff format .
python3 -m ruff check --fix --quiet . || true   # what cannot be fixed is reported by scripts/lint.sh
