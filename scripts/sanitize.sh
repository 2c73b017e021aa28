#!/usr/bin/env bash
# The C++ test suite under AddressSanitizer + UndefinedBehaviorSanitizer (+ float division by
# zero where the compiler has it), in its own build tree (build/sanitize).  Any report fails the
# run.  Usage: bash scripts/sanitize.sh [doctest options, e.g. -tc="*PMF*"]
set -euo pipefail
cd "$(dirname "$0")/.."

cxx="${CXX:-c++}"
sanitizers=address,undefined
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
echo 'int main() { return 0; }' > "$probe/p.cpp"
if "$cxx" -fsanitize=float-divide-by-zero -o "$probe/p" "$probe/p.cpp" 2>/dev/null; then
  sanitizers+=,float-divide-by-zero
fi
flags="-O1 -g -fno-omit-frame-pointer -fsanitize=$sanitizers -fno-sanitize-recover=all"

launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
generator=()
if command -v ninja >/dev/null; then generator=(-G Ninja); fi
cmake -S . -B build/sanitize "${generator[@]}" "${launcher[@]}" -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" \
  -DCMAKE_SHARED_LINKER_FLAGS="$flags" -DAQM_BUILD_EXAMPLES=OFF -DAQM_INSTALL=OFF >/dev/null
cmake --build build/sanitize --target aqm_tests

echo "== aqm_tests under $sanitizers"
export ASAN_OPTIONS="detect_leaks=1:strict_string_checks=1:check_initialization_order=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
(cd build/sanitize/tests && ./aqm_tests "$@")
