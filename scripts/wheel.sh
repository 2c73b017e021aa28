#!/usr/bin/env bash
# Build the wheel, bundle its shared libraries (libnetcdf, libhdf5 and what they need) with
# auditwheel repair, install it into a clean venv (no system site-packages; its Python
# dependencies come from the package index) and run a smoke test there that imports aqm,
# checks that the NetCDF/HDF5 it loads are the bundled copies, and uses every pillar.
# Outputs in build/wheel/ (repaired wheel in build/wheel/dist).  Reuses the build tree of
# `pip install .` (build/<wheel tag>), so after it nothing recompiles.  Run by scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
if command -v ccache >/dev/null; then export CMAKE_CXX_COMPILER_LAUNCHER=ccache; fi
work=build/wheel
rm -rf "$work/raw" "$work/dist"
mkdir -p "$work"

echo "== wheel"
"$python" -m pip wheel -q --no-deps --no-build-isolation -w "$work/raw" .
echo "== auditwheel repair"
"$python" -m auditwheel repair -w "$work/dist" "$work"/raw/*.whl
wheel=$(ls "$work"/dist/*.whl)
if "$python" -m zipfile -l "$wheel" | grep -q __pycache__; then
  echo "wheel.sh: $wheel holds __pycache__ (build-machine bytecode)" >&2
  exit 1
fi
echo "== clean venv: $wheel"
# Without its own pip (ensurepip takes most of a minute): this pip installs into the venv.
"$python" -m venv --clear --without-pip "$work/venv"
"$python" -m pip --python "$work/venv/bin/python" install -q "$wheel"
cd "$work"   # away from the source tree: the installed package is what gets imported
venv/bin/python - <<'PY'
import pathlib
import subprocess
import tempfile

import aqm
from aqm import _core, chem, emis, io, pmf

core = pathlib.Path(_core.__file__)
linked = subprocess.run(["ldd", str(core)], capture_output=True, text=True).stdout
for lib in ("libnetcdf", "libhdf5"):
    lines = [line for line in linked.splitlines() if lib in line]
    assert lines and all(".libs/" in line for line in lines), f"{lib} not bundled:\n{linked}"
with tempfile.TemporaryDirectory() as tmp:
    import pandas as pd
    df = pd.DataFrame({"SO4": [1.0, 2.0], "NO3": [3.0, 4.0]},
                      index=pd.Index(["2021-01-01", "2021-01-02"], name="Date"))
    io.write_netcdf(f"{tmp}/x.nc", df, "conc")          # NetCDF through the bundled library
    io.write_hdf5(f"{tmp}/x.h5", df, "conc")            # HDF5 likewise
sim = pmf.simulate(n_samples=60, seed=1)
model = pmf.PMF(n_components=3, n_runs=2, random_state=1).fit(sim.conc, sim.unc)
ds = chem.Mechanism.builtin("cb6_aqm").integrate({"O3": 40, "NO2": 10}, [0, 600], units="ppb")
inv = emis.Inventory.bundled()
print(f"libaqm {aqm.__version__} wheel OK: PMF Q(robust) {model.q_robust_:.1f}, "
      f"{ds.sizes['species']} CB6 species, {len(inv.sectors)} inventory sectors")
PY
