"""A mechanism as shippable source: its files' text, recompiled where it is unpickled.

A compiled mechanism (parsed rate expressions, sparsity pattern) never crosses a process.
:class:`MechanismSource` holds the text of the main file and of every file it includes
(KPP ``#INCLUDE``, the sibling ``.spc`` of a bare ``.eqn``), with their relative layout.  On
load the files are written once per process into a private directory, keeping their names,
and read by the same C++ reader as the original, so the mechanism is the one the sender had
(its name is the main file's stem, as before).  Compiled mechanisms are cached per process by
content, so a worker parses a mechanism once however many tasks use it.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import _core

_INCLUDE = re.compile(r"^\s*#INCLUDE\s+([^\s{/]+)", re.IGNORECASE | re.MULTILINE)
_DECLARATIONS = re.compile(r"#DEFVAR|#DEFFIX|#INCLUDE", re.IGNORECASE)


@dataclass(frozen=True)
class MechanismSource:
    """``kind`` is "kpp", "facsimile" (files) or "kpp_text", "facsimile_text" (a string);
    ``files`` are (path relative to a common root, text), the main file first."""

    kind: str
    name: str
    files: tuple[tuple[str, str], ...]
    digest: str = field(default="", compare=False)

    @property
    def main(self) -> str:
        return self.files[0][0]


def _digest(kind: str, name: str, files: tuple[tuple[str, str], ...]) -> str:
    h = hashlib.sha256(f"{kind}\0{name}".encode())
    for rel, text in files:
        h.update(f"\0{rel}\0{text}".encode())
    return h.hexdigest()


def _make(kind: str, name: str, files: tuple[tuple[str, str], ...]) -> MechanismSource:
    return MechanismSource(kind, name, files, _digest(kind, name, files))


def from_text(kind: str, text: str, name: str) -> MechanismSource:
    return _make(f"{kind}_text", name, ((name, text),))


def _kpp_files(main: Path) -> list[Path]:
    """The main file and every file its #INCLUDEs (and a bare .eqn's .spc) may read."""
    found: list[Path] = []
    pending = [main]
    while pending:
        path = pending.pop()
        if path in found or not path.is_file():
            continue
        found.append(path)
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
        for arg in _INCLUDE.findall(text):
            pending += [path.parent / arg, path.parent / f"{arg}.kpp"]
        if path == main and path.suffix.lower() == ".eqn" and not _DECLARATIONS.search(text):
            pending.append(path.with_suffix(".spc"))
    return found


_FILE_SOURCES: dict[tuple[str, int, int], MechanismSource] = {}


def from_file(path: str | os.PathLike) -> MechanismSource:
    """The source of a mechanism file (".fac" is FACSIMILE, anything else KPP), cached by the
    main file's path, size and modification time."""
    main = Path(path).resolve()
    st = main.stat()
    key = (str(main), st.st_size, st.st_mtime_ns)
    if key not in _FILE_SOURCES:
        kind = "facsimile" if main.suffix.lower() == ".fac" else "kpp"
        paths = [main] if kind == "facsimile" else _kpp_files(main)
        root = Path(os.path.commonpath([p.parent for p in paths]))
        files = tuple(
            (
                p.relative_to(root).as_posix(),
                p.read_text(encoding="utf-8", errors="surrogateescape"),
            )
            for p in paths
        )
        _FILE_SOURCES[key] = _make(kind, str(main), files)
    return _FILE_SOURCES[key]


_CACHE_DIR: Path | None = None
_MATERIALIZED: dict[str, Path] = {}
_COMPILED: dict[str, Any] = {}


def _cache_dir() -> Path:
    global _CACHE_DIR
    if _CACHE_DIR is None:
        _CACHE_DIR = Path(tempfile.mkdtemp(prefix="aqm-mechanisms-"))
        atexit.register(shutil.rmtree, _CACHE_DIR, ignore_errors=True)
    return _CACHE_DIR


def materialize(source: MechanismSource) -> Path:
    """The main file of ``source`` written (once per process) with its includes beside it."""
    if source.kind.endswith("_text"):
        raise ValueError(f"mechanism {source.name!r} was built from text; it has no file")
    if source.digest not in _MATERIALIZED:
        root = _cache_dir() / source.digest[:16]
        for rel, text in source.files:
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", errors="surrogateescape")
        _MATERIALIZED[source.digest] = root / source.main
    return _MATERIALIZED[source.digest]


def compile_source(source: MechanismSource) -> Any:
    """The compiled ``_core._Mechanism`` of ``source`` (cached per process)."""
    if source.digest not in _COMPILED:
        m = _core._Mechanism
        text = source.files[0][1]
        if source.kind == "kpp_text":
            core = m.parse_kpp(text, source.name)
        elif source.kind == "facsimile_text":
            core = m.parse_facsimile(text, source.name)
        elif source.kind == "facsimile":
            core = m.read_facsimile(str(materialize(source)))
        else:
            core = m.read_kpp(str(materialize(source)))
        _COMPILED[source.digest] = core
    return _COMPILED[source.digest]
