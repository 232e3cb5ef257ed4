"""GitLab Code Quality (a Code Climate subset): a JSON list GitLab shows on merge requests."""

from __future__ import annotations

from typing import Any, TextIO

from ..baseline import fingerprints
from ..findings import Report, Severity
from . import ReportOptions, display_path, write_json

LEVEL = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.SUGGESTION: "info"}


def render(report: Report, out: TextIO, options: ReportOptions) -> None:
    issues: list[dict[str, Any]] = []
    for result in report.results:
        path = display_path(result.path, report.root).replace("\\", "/")
        for f, fp in zip(result.findings, fingerprints(result, report.root)):
            description = f.message
            if f.suggestions:
                description += " (suggestion: " + ", ".join(f.suggestions) + ")"
            issues.append({
                "type": "issue",
                "description": description,
                "check_name": f.rule,
                "fingerprint": fp,
                "severity": LEVEL[f.severity],
                "categories": ["Style"],
                "location": {"path": path, "lines": {"begin": f.start.line, "end": f.end.line}},
            })
    write_json(out, issues, issues)
