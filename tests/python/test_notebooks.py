"""Every notebook in examples/ runs top to bottom in a fresh kernel, as a newcomer would run it.

The notebooks find the bundled data from the repository root (their working directory here),
write their outputs into a temporary directory, and must not raise; a cell that raises fails the
test with the notebook name and the cell's error.
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
        nb, timeout=600, kernel_name="python3",
        resources={"metadata": {"path": str(ROOT)}},
    )
    try:
        client.execute(env={**os.environ, "AQM_OUTPUT_DIR": str(tmp_path), "MPLBACKEND": "Agg"})
    except nbclient.exceptions.CellExecutionError as err:
        pytest.fail(f"{path.name}: {err}")
    shutil.rmtree(tmp_path, ignore_errors=True)
