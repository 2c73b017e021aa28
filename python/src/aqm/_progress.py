"""Progress reporting for long C++ batches: a tqdm bar when wanted, else nothing."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


def _interactive() -> bool:
    return hasattr(sys, "ps1") or bool(getattr(sys.stderr, "isatty", lambda: False)())


@contextmanager
def progress_callback(
    progress: bool | None, desc: str
) -> Iterator[Callable[[int, int], None] | None]:
    """Yield a ``(done, total)`` callback for the C++ side, or None when progress is off.

    ``progress=None`` means "on when interactive and tqdm is installed".
    """
    if progress is False or (progress is None and not _interactive()):
        yield None
        return
    try:
        from tqdm.auto import tqdm
    except ImportError:
        if progress:
            raise ImportError("progress bars need tqdm: pip install 'libaqm[progress]'") from None
        yield None
        return
    bar = None

    def update(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, desc=desc)
        bar.update(done - bar.n)

    try:
        yield update
    finally:
        if bar is not None:
            bar.close()
