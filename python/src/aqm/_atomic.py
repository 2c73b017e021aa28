"""Atomic output for files written from Python (xarray, matplotlib, pandas).

:func:`atomic_path` writes one file under a temporary name in the target directory and renames it
into place only on success.  Inside an :class:`OutputSet` the rename waits: every file of the run
is staged as a temporary and all are renamed together in one short commit step when the block
succeeds, so readers see the old set or the new set, never a mix.  On an exception, Ctrl-C or
SIGTERM every temporary is removed.  Each target is guarded by a lock file ``.<name>.lock`` (the
writer's pid and host) so a second run writing the same output refuses instead of interleaving.
"""

from __future__ import annotations

import os
import signal
import socket
import stat
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

# Test hook: seconds to sleep after each staged file, so a test can interrupt a run mid-set.
_DELAY_ENV = "AQM_TEST_OUTPUT_DELAY"

_SIGNALS = {signal.SIGINT, signal.SIGTERM}
_active: list[OutputSet] = []  # the open sets, innermost last (CLI runs are single-threaded)
# SIGTERM inside a file's block is held until the block ends: raising inside netCDF/HDF5 code
# can leave its locks taken and hang the clean-up (seen in test_output_sets).
_state = {"writing": 0, "terminated": False}


class OutputLockedError(OSError):
    """Another live run holds the lock of an output file."""


class Terminated(SystemExit):
    """SIGTERM received while an :class:`OutputSet` was open (exit status 128 + 15)."""

    def __init__(self) -> None:
        super().__init__(128 + signal.SIGTERM)


_KINDS = (
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
)


def _check_target(target: Path) -> None:
    """Refuse a target that exists and is not a regular file (``--out /dev/null`` as root would
    otherwise replace the device node with a regular file)."""
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(21, f"{target}: cannot write: the path is a directory", str(target))
    kind = next((name for test, name in _KINDS if test(mode)), "a special file")
    raise OSError(
        f"{target}: cannot write: the path is {kind}, not a regular file; refusing to replace it"
    )


def _directory(target: Path) -> Path:
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise FileNotFoundError(
            2, f"{target}: cannot write: directory '{directory}' does not exist", str(target)
        )
    return directory


def _temp_prefix(target: Path, pid: int) -> str:
    return f".{target.name}.tmp-{pid}-"


def _usual_mode(path: Path) -> None:
    # mkstemp makes the file private (0600); give it the mode a plain open() would.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)


@contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path next to ``target``; rename it onto ``target`` if the block succeeds
    (inside an open :class:`OutputSet`: when the set commits).

    Raises ``FileNotFoundError`` naming the directory when it does not exist, and ``OSError``
    naming the path when it exists and is not a regular file, before any work.
    """
    target = Path(target)
    directory = _directory(target)
    _check_target(target)
    owner = _active[-1] if _active else None
    if owner is not None:
        owner.lock(target)
    fd, tmp = tempfile.mkstemp(
        prefix=_temp_prefix(target, os.getpid()), suffix=target.suffix, dir=directory
    )
    os.close(fd)
    tmp_path = Path(tmp)
    staged = False
    _state["writing"] += 1
    try:
        yield tmp_path
        _usual_mode(tmp_path)
        if owner is None:
            os.replace(tmp_path, target)
        else:
            owner.stage(target, tmp_path)
            staged = True
    finally:
        _state["writing"] -= 1
        if not staged and tmp_path.exists():
            tmp_path.unlink()
    _raise_if_terminated()
    delay = os.environ.get(_DELAY_ENV)
    if staged and delay:
        time.sleep(float(delay))


def write_netcdf(ds: Any, path: str | os.PathLike[str]) -> None:
    """``ds`` to NetCDF through a temporary renamed into place; object (text) variables are
    written as strings (netCDF has no object type)."""
    ds = ds.copy()
    for name in list(ds.variables):
        if ds[name].dtype == object:
            ds[name] = ds[name].astype(str)
    with atomic_path(path) as tmp:
        ds.to_netcdf(tmp)


def _raise_if_terminated() -> None:
    if _state["terminated"] and not _state["writing"]:
        _state["terminated"] = False
        raise Terminated()


def _holder(lock: Path) -> tuple[int, str] | None:
    """(pid, host) written in a lock file; None when unreadable or still being written."""
    try:
        pid, host = lock.read_text().split()
        return int(pid), host
    except (OSError, ValueError):
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by another user
        return True
    return True


def _take_over_stale(lock: Path, target: Path) -> bool:
    """Remove ``lock`` when its writer, on this host, is dead (and that writer's temporaries).
    Moving it aside first and re-reading it makes two runs taking over at once not both win."""
    holder = _holder(lock)
    if holder is None or holder[1] != socket.gethostname() or _alive(holder[0]):
        return False
    aside = lock.with_name(f"{lock.name}.stale-{os.getpid()}")
    try:
        os.rename(lock, aside)
    except FileNotFoundError:
        return True  # someone else removed it: try to create ours again
    if _holder(aside) != holder:  # another run took it over between our read and rename
        try:
            os.link(aside, lock)
        except FileExistsError:
            pass
        aside.unlink()
        return False
    aside.unlink()
    for orphan in lock.parent.glob(_temp_prefix(target, holder[0]) + "*"):
        orphan.unlink(missing_ok=True)
    return True


class OutputSet:
    """All files of one run, committed together.

    ``with OutputSet(out):`` locks ``out`` (and every further file written through
    :func:`atomic_path` inside the block) at once, so a concurrent run on the same output refuses
    before computing anything.  On success all staged files are renamed into place in one step;
    on any exception, Ctrl-C or SIGTERM (turned into :class:`Terminated` for the duration)
    every temporary and lock is removed and the previous files stay as they were.  A lock left
    by a dead process on this host is taken over.
    """

    def __init__(self, *targets: str | os.PathLike[str]) -> None:
        self._reserve = [Path(t) for t in targets]
        self._locks: dict[str, Path] = {}  # absolute target -> lock file
        self._staged: dict[str, tuple[Path, Path]] = {}  # absolute target -> (target, temporary)
        self._old_handler: object = None

    def __enter__(self) -> OutputSet:
        _active.append(self)
        self._install_sigterm()
        try:
            for target in self._reserve:
                _directory(target)
                _check_target(target)
                self.lock(target)
        except BaseException:
            self._close()
            raise
        return self

    def __exit__(self, exc_type: object, exc: BaseException | None, tb: object) -> bool:
        # A SIGTERM held during a file's block may still be pending when the block fails.
        terminated = isinstance(exc, Terminated) or _state["terminated"]
        _state["terminated"] = False
        try:
            if exc is None and not terminated:
                self._commit()
        finally:
            self._close()
        if terminated:
            print("aqm: terminated; the previous output files are unchanged", file=sys.stderr)
            if not isinstance(exc, Terminated):
                raise Terminated()
        return False

    @property
    def files(self) -> list[Path]:
        """Targets staged so far (in order)."""
        return [target for target, _ in self._staged.values()]

    def lock(self, target: Path) -> None:
        """Take the lock of ``target`` (no-op if this set holds it already)."""
        key = os.path.abspath(target)
        if key in self._locks:
            return
        lock = target.with_name(f".{target.name}.lock")
        for _ in range(3):
            try:
                fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                if _take_over_stale(lock, target):
                    continue
                break
            self._locks[key] = lock  # first: a signal while writing it must not leak the lock
            with os.fdopen(fd, "w") as f:
                f.write(f"{os.getpid()} {socket.gethostname()}\n")
            return
        holder = _holder(lock)
        who = f"pid {holder[0]} on {holder[1]}" if holder else "unknown process"
        raise OutputLockedError(
            f"{target}: another run ({who}) is writing this output; lock file "
            f"{lock} (delete it if that run is gone)"
        )

    def stage(self, target: Path, tmp: Path) -> None:
        """Hold the finished temporary ``tmp`` until the commit renames it onto ``target``."""
        key = os.path.abspath(target)
        previous = self._staged.pop(key, None)
        if previous is not None:  # written twice: the later content wins
            previous[1].unlink(missing_ok=True)
        self._staged[key] = (target, tmp)

    def _commit(self) -> None:
        for target, _ in self._staged.values():
            _check_target(target)
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)  # no interruption mid-rename
        try:
            for target, tmp in self._staged.values():
                os.replace(tmp, target)
            self._staged.clear()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)

    def _close(self) -> None:
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)  # clean up uninterrupted
        try:
            for _, tmp in self._staged.values():
                tmp.unlink(missing_ok=True)
            self._staged.clear()
            for lock in self._locks.values():
                lock.unlink(missing_ok=True)
            self._locks.clear()
        finally:
            try:
                signal.pthread_sigmask(signal.SIG_SETMASK, blocked)  # a pending signal fires here
            finally:
                self._restore_sigterm()
                _active.remove(self)

    def _install_sigterm(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        if signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
            return  # the program handles SIGTERM itself

        def terminate(signum: int, frame: object) -> None:
            _state["terminated"] = True
            _raise_if_terminated()

        self._old_handler = signal.signal(signal.SIGTERM, terminate)

    def _restore_sigterm(self) -> None:
        if self._old_handler is not None:
            signal.signal(signal.SIGTERM, self._old_handler)  # type: ignore[arg-type]
            self._old_handler = None
