"""JSON: one object with every finding; the contract other tools parse (see README)."""

from __future__ import annotations

import json
from typing import Any, TextIO

from ..findings import Finding, Report
from . import ReportOptions, display_path

VERSION = 1


def finding_dict(f: Finding, root: str) -> dict[str, Any]:
    fix = None
    if f.fix is not None:
        fix = {
            "safe": f.fix.safe,
            "title": f.fix.title,
            "edits": [
                {"start_offset": e.start, "end_offset": e.end, "replacement": e.replacement}
                for e in f.fix.edits
            ],
        }
    return {
        "path": display_path(f.path, root),
        "line": f.start.line,
        "column": f.start.column,
        "end_line": f.end.line,
        "end_column": f.end.column,
        "rule": f.rule,
        "severity": f.severity.label,
        "message": f.message,
        "match": f.match,
        "suggestions": list(f.suggestions),
        "fix": fix,
        "link": f.link,
    }


def render(report: Report, out: TextIO, options: ReportOptions) -> None:
    data = {
        "version": VERSION,
        "files": len(report.results),
        "findings": [finding_dict(f, report.root) for f in report.findings],
        "errors": [
            {"path": display_path(r.path, report.root), "message": r.error} for r in report.results if r.error
        ],
    }
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")
