"""reviewdog's Diagnostic format (rdjson): review comments, with fixes as suggested changes.

reviewdog counts columns in UTF-8 bytes, 1-based, with an exclusive end.
"""

from __future__ import annotations

from typing import Any, TextIO

from ..findings import Position, Report, Severity
from . import ReportOptions, display_path, write_json
from .locate import Locator, locator

LEVEL = {Severity.ERROR: "ERROR", Severity.WARNING: "WARNING", Severity.SUGGESTION: "INFO"}
SOURCE = {"name": "copylint", "url": "https://pypi.org/project/copylint/"}


def _pos(loc: Locator, pos: Position) -> dict[str, int]:
    return {"line": pos.line, "column": loc.utf8_column(pos)}


def render(report: Report, out: TextIO, options: ReportOptions) -> None:
    diagnostics = []
    for result in report.results:
        loc = locator(result)
        path = display_path(result.path, report.root)
        for f in result.findings:
            item: dict[str, Any] = {
                "message": f.message,
                "location": {"path": path, "range": {"start": _pos(loc, f.start), "end": _pos(loc, f.end)}},
                "severity": LEVEL[f.severity],
                "source": {"name": "copylint"},
                "code": {"value": f.rule, **({"url": f.link} if f.link else {})},
            }
            if f.fix is not None:
                item["suggestions"] = [
                    {
                        "range": {
                            "start": _pos(loc, loc.position(e.start, f)),
                            "end": _pos(loc, loc.position(e.end, f)),
                        },
                        "text": e.replacement,
                    }
                    for e in f.fix.edits
                ]
            if f.match:
                item["original_output"] = f.match
            diagnostics.append(item)
    write_json(out, {"source": SOURCE, "diagnostics": diagnostics}, diagnostics)
