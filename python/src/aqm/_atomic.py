"""Atomic output for files written from Python (xarray, matplotlib, pandas): write to a
temporary name in the target directory, rename into place only on success."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path next to ``target``; rename it onto ``target`` if the block succeeds.

    Raises ``FileNotFoundError`` naming the directory when it does not exist, before any work.
    """
    target = Path(target)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise FileNotFoundError(2, f"{target}: cannot write: directory '{directory}' does not exist",
                                str(target))
    if target.is_dir():
        raise IsADirectoryError(21, f"{target}: cannot write: the path is a directory", str(target))
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.tmp-", suffix=target.suffix, dir=directory)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        # mkstemp makes the file private (0600); give it the mode a plain open() would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp_path, 0o666 & ~umask)
        os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()
