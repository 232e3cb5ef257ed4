"""JSON: one object with every finding; the contract other tools parse (see README)."""

from __future__ import annotations

from typing import Any, TextIO

from ..findings import Finding, Report
from . import ReportOptions, display_path, write_json

VERSION = 1


def finding_dict(f: Finding, root: str) -> dict[str, Any]:
    return f.to_dict(display_path(f.path, root))


def render(report: Report, out: TextIO, options: ReportOptions) -> None:
    data = {
        "version": VERSION,
        "files": len(report.results),
        "findings": [finding_dict(f, report.root) for f in report.findings],
        "errors": [
            {"path": display_path(r.path, report.root), "message": r.error} for r in report.results if r.error
        ],
    }
    write_json(out, data, data["findings"], indent=2)
