#!/usr/bin/env bash
# Check formatting and lint without changing files (scripts/format.sh applies the fixes):
# clang-format --dry-run on the C++ sources, ruff format --check and ruff check on Python.
# Exit status 1 when anything would change or a lint rule fails.
set -uo pipefail
cd "$(dirname "$0")/.."

status=0
git ls-files -- '*.cpp' '*.hpp' '*.inl' '*.h' '*.hpp.in' |
  xargs clang-format --dry-run --Werror --style=file || status=1
python3 -m ruff format --no-cache --check . || status=1
python3 -m ruff check --no-cache . || status=1
exit "$status"
