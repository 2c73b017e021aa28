#!/usr/bin/env bash
# Build the KPP-scenario benchmark against build/cpp (configure and build libaqm first:
# cmake -S . -B build/cpp -G Ninja -DCMAKE_BUILD_TYPE=Release
#  && cmake --build build/cpp --target aqm)
set -euo pipefail
cd "$(dirname "$0")/.."
c++ -O2 -DNDEBUG -fopenmp -std=c++17 -Ilibaqm/include -Ibuild/cpp/libaqm/include \
  $(pkg-config --cflags eigen3) benchmarks/chem_kpp_day.cpp build/cpp/libaqm/libaqm.a \
  -o build/chem_kpp_day_bench
build/chem_kpp_day_bench "${1:-../shared/data/mechanisms/kpp/mcm_v331_isoprene.eqn}" "${2:-5}"
