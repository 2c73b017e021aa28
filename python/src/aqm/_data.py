"""One locator for the data libaqm ships (the C++ side is ``aqm::data_path``).

Search order: ``$AQM_DATA_DIR`` (when set and not empty), the package's own ``aqm/data`` (an
installed wheel) and the source checkout's ``data/`` (running from the repository).
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["data_directories", "data_path"]

_PACKAGE = Path(__file__).resolve().parent


def data_directories() -> list[Path]:
    """The directories searched for bundled data, in order."""
    dirs = []
    if os.environ.get("AQM_DATA_DIR"):
        dirs.append(Path(os.environ["AQM_DATA_DIR"]))
    dirs.append(_PACKAGE / "data")  # installed wheel: aqm/data
    dirs.append(_PACKAGE.parents[2] / "data")  # source checkout: <root>/python/src/aqm
    return dirs


def data_path(relative: str | os.PathLike[str]) -> Path:
    """Path of ``relative`` (e.g. ``"voc/voc_species.csv"``) in the first directory holding it.

    A directory is accepted too (``data_path("emis")``).  ``FileNotFoundError`` names the file
    and every directory searched.
    """
    searched = data_directories()
    for root in searched:
        candidate = root / relative
        if candidate.exists():
            return candidate
    raise FileNotFoundError(
        2,
        f"bundled data file not found (searched: {', '.join(map(str, searched))}; set "
        "AQM_DATA_DIR to the directory that holds it)",
        str(relative),
    )
