"""Shared helpers for validation scripts: record checks against outside references and write
a Markdown report.  A check that fails makes the script exit non-zero."""

from __future__ import annotations

import datetime
import platform
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"


@dataclass
class Check:
    name: str
    value: str
    reference: str
    passed: bool
    gating: bool = True  # False: reported as met / not met, never fails the script


@dataclass
class Report:
    title: str
    checks: list[Check] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def check(self, name: str, value, reference: str, passed: bool) -> bool:
        self.checks.append(Check(name, str(value), reference, bool(passed)))
        return bool(passed)

    def info(self, name: str, value, reference: str, met: bool) -> bool:
        """A target that is reported but does not fail the script (e.g. data-limited)."""
        self.checks.append(Check(name, str(value), reference, bool(met), gating=False))
        return bool(met)

    def note(self, text: str) -> None:
        self.notes.append(text)

    @property
    def ok(self) -> bool:
        return all(c.passed for c in self.checks if c.gating)

    def to_markdown(self) -> str:
        import aqm

        lines = [
            f"# {self.title}",
            "",
            f"libaqm {aqm.__version__}, Python {platform.python_version()}, "
            f"{platform.machine()}, {datetime.date.today().isoformat()}",
            "",
            "| check | value | reference / tolerance | result |",
            "|---|---|---|---|",
        ]
        for c in self.checks:
            result = (
                ("pass" if c.passed else "**FAIL**")
                if c.gating
                else ("met" if c.passed else "**not met**")
            )
            lines.append(f"| {c.name} | {c.value} | {c.reference} | {result} |")
        if self.notes:
            lines += ["", "## Notes", ""] + [f"- {n}" for n in self.notes]
        lines.append("")
        return "\n".join(lines)

    def finish(self, out: Path) -> int:
        out.write_text(self.to_markdown())
        print(self.to_markdown())
        print(f"report written to {out}", file=sys.stderr)
        return 0 if self.ok else 1
