#!/usr/bin/env bash
# Build the libFuzzer targets (clang, ASan + UBSan) and run each for a fixed time budget,
# one target at a time on one core; then the atheris target for the TOML configurations when
# atheris is importable by $PYTHON (default python3).  Usage:
#   bash scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET ...]     (default 300 s, every target)
# Corpora grow in build/fuzz/corpus/<target> (seeded from tests/data and data/); findings are
# written to build/fuzz/findings/<target>/; logs to build/fuzz/logs/<target>.log.
set -euo pipefail
cd "$(dirname "$0")/.."

budget="${1:-300}"
shift || true
all_targets=(fuzz_delimited fuzz_kpp fuzz_facsimile fuzz_rate_expression fuzz_history_json
             fuzz_netcdf fuzz_toml_configs)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
python="${PYTHON:-python3}"
native=()
for target in "${targets[@]}"; do
  [ "$target" = fuzz_toml_configs ] || native+=("$target")
done

cxx="${CXX_FUZZ:-$(command -v clang++ || true)}"
[ -n "$cxx" ] || { echo "fuzz.sh: clang++ not found (apt-get install clang)" >&2; exit 2; }
generator=()
if command -v ninja >/dev/null; then generator=(-G Ninja); fi
cmake -S . -B build/fuzz "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER="$cxx" -DAQM_FUZZ=ON -DAQM_WITH_OPENMP=OFF -DAQM_WITH_HDF5=OFF \
  -DAQM_BUILD_TESTS=OFF -DAQM_BUILD_EXAMPLES=OFF -DAQM_INSTALL=OFF >/dev/null
cmake --build build/fuzz --target "${native[@]}" make_netcdf_seeds

# Seed corpora: the project's own test inputs, one directory per target.
seeds=build/fuzz/seeds
rm -rf "$seeds"
mkdir -p "$seeds"/{fuzz_delimited,fuzz_kpp,fuzz_facsimile,fuzz_rate_expression}
for f in tests/data/malformed/*.csv tests/data/malformed/*.tsv data/emis/temporal_profiles.csv \
         data/emis/cb6_species_mw.csv; do
  # The first byte selects the reader options (fuzz/fuzz_delimited.cpp): 0 = defaults.
  { printf '\0'; head -c 4096 "$f"; } > "$seeds/fuzz_delimited/$(basename "$f")"
done
cp tests/data/chem/*.eqn tests/data/chem/*.kpp tests/data/chem/*.spc "$seeds/fuzz_kpp/"
head -c 8192 data/mechanisms/cb6_aqm.eqn > "$seeds/fuzz_kpp/cb6_aqm_head.eqn"
cp tests/data/chem/*.fac "$seeds/fuzz_facsimile/"
"$python" fuzz/fuzz_toml_configs.py --write-seeds "$seeds/fuzz_toml_configs" build/fuzz/toml.dict \
  2>/dev/null || echo "fuzz.sh: atheris is not importable by $python; fuzz_toml_configs skipped"
# Rate expressions: the text between ':' and ';' of every reaction line of the test mechanisms.
n=0
while IFS= read -r expr; do
  n=$((n + 1))
  printf '%s' "$expr" > "$seeds/fuzz_rate_expression/expr_$n"
done < <(cat tests/data/chem/*.eqn tests/data/chem/*.kpp tests/data/chem/*.fac \
           data/mechanisms/cb6_aqm.eqn | sed -n 's/^[^:]*:\([^;]*\);.*/\1/p' | sort -u | head -200)
build/fuzz/fuzz/make_netcdf_seeds "$seeds"

export LSAN_OPTIONS="suppressions=$PWD/fuzz/lsan.supp:print_suppressions=0"
for target in "${targets[@]}"; do
  corpus=build/fuzz/corpus/$target
  findings=build/fuzz/findings/$target
  mkdir -p "$corpus" "$findings" build/fuzz/logs
  command=(build/fuzz/fuzz/"$target")
  extra=()
  if [ "$target" = fuzz_toml_configs ]; then
    [ -f build/fuzz/toml.dict ] || continue
    command=("$python" fuzz/fuzz_toml_configs.py)
    extra=(-dict=build/fuzz/toml.dict)
  fi
  echo "== $target: ${budget} s"
  # A finding stops the run with a non-zero status; keep going so every target gets its budget.
  status=0
  "${command[@]}" "$corpus" "$seeds/$target" -max_total_time="$budget" -max_len=8192 \
    -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$findings/" -print_final_stats=1 \
    "${extra[@]}" > "build/fuzz/logs/$target.log" 2>&1 || status=$?
  grep -E '^stat::number_of_executed_units|^Done' "build/fuzz/logs/$target.log" || true
  [ "$status" -eq 0 ] || echo "   FINDING (exit $status): see build/fuzz/logs/$target.log"
done
