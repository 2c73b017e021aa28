"""Every notebook in examples/ runs top to bottom in a fresh kernel, as a newcomer would run it.

The notebooks find the bundled data from the repository root (their working directory here),
write their outputs into a temporary directory, and must not raise; a cell that raises fails the
test with the notebook name and the cell's error.  They run with Jupyter's inline backend, as a
reader's would, and must show their figures inline (no notebook forces a backend).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nbclient  # scripts/install-deps.sh and the [test] extra install nbclient + ipykernel
import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "examples").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path: Path, tmp_path: Path) -> None:
    # The kernel runs with cwd = repository root so the notebook finds data/; a notebook that
    # writes files puts them in AQM_OUTPUT_DIR when it is set (a temporary directory here).
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(ROOT)}},
    )
    try:
        client.execute(
            env={
                **os.environ,
                "AQM_OUTPUT_DIR": str(tmp_path),
                "MPLBACKEND": "module://matplotlib_inline.backend_inline",
            }
        )
    except nbclient.exceptions.CellExecutionError as err:
        pytest.fail(f"{path.name}: {err}")
    shutil.rmtree(tmp_path, ignore_errors=True)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert not [c for c in code if "matplotlib.use(" in c.source], "a cell forces a backend"
    images = [o for c in code for o in c.outputs if "image/png" in o.get("data", {})]
    assert images, f"{path.name}: no figure shown inline"


def test_there_is_a_notebook_per_pillar():
    names = {p.stem for p in NOTEBOOKS}
    assert {"pmf_diagnostics", "hangzhou_summer_day", "emis_hangzhou_plan"} <= names
