#!/usr/bin/env bash
# Build the C++ chemistry benchmark against build/cpp (configure and build libaqm first:
# cmake -S . -B build/cpp -G Ninja -DCMAKE_BUILD_TYPE=Release && cmake --build build/cpp --target aqm)
set -euo pipefail
cd "$(dirname "$0")/.."
c++ -O2 -DNDEBUG -fopenmp -std=c++17 -Ilibaqm/include -Ibuild/cpp/libaqm/include $(pkg-config --cflags eigen3) \
  benchmarks/chem_integrate.cpp build/cpp/libaqm/libaqm.a -o build/chem_integrate_bench
build/chem_integrate_bench "${1:-../shared/data/mechanisms/kpp/mcm_v331_isoprene.eqn}"
