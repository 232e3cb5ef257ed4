"""GitHub Actions workflow commands: annotations on the pull request's changed lines."""

from __future__ import annotations

from typing import TextIO

from ..findings import Report, Severity
from . import ReportOptions, display_path

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.SUGGESTION: "notice"}


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, out: TextIO, options: ReportOptions) -> None:
    for f in report.findings:
        path = display_path(f.path, report.root)
        props = (
            f"file={_prop(path)},line={f.start.line},col={f.start.column},"
            f"endLine={f.end.line},endColumn={f.end.column},title={_prop(f.rule)}"
        )
        message = f.message
        if f.suggestions:
            message += " (suggestion: " + ", ".join(f.suggestions) + ")"
        out.write(f"::{_LEVEL[f.severity]} {props}::{_data(message)}\n")
    for r in report.results:
        if r.error:
            out.write(f"::error file={_prop(display_path(r.path, report.root))},title=copylint::{_data(r.error)}\n")
