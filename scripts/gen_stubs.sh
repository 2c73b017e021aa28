#!/usr/bin/env bash
# Regenerate the type stubs of the native module, python/src/aqm/_core/*.pyi, from the
# installed aqm._core (pip install . first), so type checkers and IDEs see its classes and
# signatures.  tests/python/test_stubs.py fails when the checked-in stubs are stale.
#   bash scripts/gen_stubs.sh            # rewrite python/src/aqm/_core/
#   bash scripts/gen_stubs.sh OUT_DIR    # write OUT_DIR/aqm/_core/ instead (the test does)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-$ROOT/python/src}
PYTHON=${PYTHON:-python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Defaults that are C++ objects print as "..." (their values live in C++: see _defaults.py).
"$PYTHON" -m pybind11_stubgen aqm._core -o "$tmp" \
  --enum-class-locations "ScaleOperator:aqm._core.emis" \
  --ignore-invalid-expressions "<.*>|\[<.*>\]" >/dev/null
rm -rf "$OUT/aqm/_core"
mkdir -p "$OUT/aqm"
cp -r "$tmp/aqm/_core" "$OUT/aqm/_core"
