#!/usr/bin/env bash
# clang-tidy (Debian package clang-tidy) with the checks of .clang-tidy on the library sources,
# libaqm/src (and the libaqm headers they include), over build/cpp's compile database.
# Exit status 1 on any finding.  Not part of scripts/test.sh: on 2 shared cores it took
# 5 to 15 min, against the seconds of the other style checks.
#   bash scripts/tidy.sh            # every source under libaqm/src
#   bash scripts/tidy.sh pmf/       # the sources whose path matches (a regex)
set -euo pipefail
cd "$(dirname "$0")/.."
filter="libaqm/src/${1:-}"

cmake -S . -B build/cpp -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
# GCC's compilers default to C++17 and CMake passes no -std; clang-tidy's clang would parse
# C++14.  GCC's omp.h has an attribute clang rejects (malloc with a deallocator): a copy
# without it stands in.
shim=build/tidy-include
mkdir -p "$shim"
sed 's/__malloc__ (omp_free),//' "$(gcc -print-file-name=include)/omp.h" >"$shim/omp.h"
run-clang-tidy -p build/cpp -j "$(nproc)" -quiet -extra-arg=-std=c++17 \
  -extra-arg=-isystem"$PWD/$shim" "$filter" 2>&1 | tee build/tidy.log |
  grep -E "(warning|error):" || true
if grep -qE "(warning|error):" build/tidy.log; then
  echo "tidy.sh: findings above (full log: build/tidy.log)" >&2
  exit 1
fi
echo "tidy.sh: clean"
