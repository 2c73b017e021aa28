"""Write the generated reference pages: C++ headers and the TOML configuration keys."""

from __future__ import annotations

from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
INCLUDE = ROOT / "libaqm" / "include"
PILLARS = ("core", "io", "pmf", "chem", "emis", "voc")


def _summary(header: Path) -> str:
    """The header's leading ``//`` comment (after ``#pragma once``), joined into one line."""
    lines = []
    for line in header.read_text(encoding="utf-8").splitlines()[1:]:
        if not line.startswith("//"):
            break
        lines.append(line.lstrip("/ ").strip())
    return " ".join(lines) or "(no summary comment)"


def _escape(text: str) -> str:
    """Plain text in reStructuredText: markup characters taken literally."""
    for char in "\\*`|_[]":
        text = text.replace(char, "\\" + char)
    return text


def _title(text: str, mark: str) -> str:
    return f"{text}\n{mark * len(text)}\n"


def cpp_page() -> str:
    out = [
        _title("C++ headers", "="),
        "The public headers of ``libaqm`` by pillar (``#include <aqm/aqm.hpp>`` for all;\n"
        "internals under ``detail/`` are not part of the API). Link ``aqm::aqm`` from\n"
        "``find_package(aqm)``.\n",
    ]
    for pillar in PILLARS:
        out.append(_title(f"aqm::{pillar}", "-"))
        for header in sorted((INCLUDE / "aqm" / pillar).glob("*.hpp")):
            rel = header.relative_to(INCLUDE).as_posix()
            out.append(_title(f"<{rel}>", "~"))
            out.append(_escape(_summary(header)) + "\n")
            out.append(f".. literalinclude:: ../../../libaqm/include/{rel}\n   :language: cpp\n")
    return "\n".join(out)


def _describe(key: Any) -> tuple[str, str, str]:
    from aqm._config import _type_name

    kind = _type_name(key.kind)
    if key.item is not None:
        kind += f" of {_type_name(key.item)}"
    limits = []
    if key.choices:
        limits.append("one of " + ", ".join(f"``{c}``" for c in key.choices))
    if key.unit:
        limits.append("any spelling of them (``ug/m3``, ``µg/m³``, ``ppbv``, …)")
    if key.low is not None or key.high is not None:
        limits.append(
            f"{key.low if key.low is not None else '-inf'} to "
            f"{key.high if key.high is not None else 'inf'}"
        )
    if key.path:
        limits.append("an existing file, relative to the TOML file")
    default = (
        "required" if key.required else ("" if key.default is None else f"``{key.default!r}``")
    )
    return kind, "; ".join(limits), default


def _schemas() -> list[tuple[str, str, dict[str, Any]]]:
    """(command, table, schema) for every TOML-driven command."""
    from aqm.batch import jobarray
    from aqm.chem import box_config, integrate_config
    from aqm.pmf import cli as pmf_cli
    from aqm.voc import _run_config

    out = [
        ("aqm pmf run --config / aqm pmf sweep --config", "pmf", pmf_cli.SCHEMA),
        ("aqm chem integrate", "chem", integrate_config.CHEM_SCHEMA),
        ("aqm box run / isopleth / attribute", "box", box_config.BOX_SCHEMA),
        ("aqm box isopleth", "box.isopleth", box_config.ISOPLETH_SCHEMA),
        ("aqm box attribute", "box.attribution", box_config.ATTRIBUTION_SCHEMA),
        ("aqm batch plan", "batch", jobarray.SCHEMA),
        ("aqm batch plan", "batch.dataset", jobarray.DATASET_SCHEMA),
    ]
    out += [("aqm voc run", table, schema) for table, schema in _run_config.SCHEMA.items()]
    return out


def config_page() -> str:
    out = [
        _title("TOML configuration reference", "="),
        "Every key each command accepts, generated from the schemas the commands check a\n"
        "file against before any work (an unknown key, a wrong type or a value out of range\n"
        "stops the command with exit status 2, naming the file, table and key). Paths are\n"
        "relative to the TOML file. Emission scenarios (``aqm emis apply``) are checked by\n"
        "the C++ parser; their format is in ``docs/emis.md``.\n",
    ]
    for command, table, schema in _schemas():
        out.append(_title(f"[{table}] — {command}", "-"))
        out.append(".. list-table::\n   :header-rows: 1\n   :widths: 20 25 35 20\n")
        out.append("   * - key\n     - type\n     - allowed\n     - default")
        for name, key in schema.items():
            kind, limits, default = _describe(key)
            out.append(f"   * - ``{name}``\n     - {kind}\n     - {limits}\n     - {default}")
        out.append("")
    return "\n".join(out)


def write_pages(directory: Path) -> None:
    directory.mkdir(exist_ok=True)
    for name, text in (("cpp.rst", cpp_page()), ("config.rst", config_page())):
        path = directory / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
