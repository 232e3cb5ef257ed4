"""GitHub Actions workflow commands: annotations on the pull request's changed lines.

GitHub shows at most `SHOWN_PER_LEVEL` annotations of each level (error, warning, notice) from
one step and drops the rest without a word. So the most severe findings become annotations,
up to that limit, and one notice annotation then says how many more there are and where they
are: every finding beyond the limit is still in the job log, one plain line each (and in the
SARIF or HTML report when the workflow writes one).
"""

from __future__ import annotations

import os
from typing import TextIO

from ..findings import Finding, Report, Severity
from . import ReportOptions, display_path

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.SUGGESTION: "notice"}
SHOWN_PER_LEVEL = 10  # GitHub's limit per annotation level per step


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def _message(f: Finding) -> str:
    message = f.message
    if f.suggestions:
        message += " (suggestion: " + ", ".join(f.suggestions) + ")"
    return message


def _annotation(f: Finding, root: str) -> str:
    path = display_path(f.path, root)
    props = (
        f"file={_prop(path)},line={f.start.line},col={f.start.column},"
        f"endLine={f.end.line},endColumn={f.end.column},title={_prop(f.rule)}"
    )
    return f"::{_LEVEL[f.severity]} {props}::{_data(_message(f))}\n"


def _run_url() -> str | None:
    """This workflow run's page, from the variables GitHub Actions sets."""
    server, repo, run = (os.environ.get(k) for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID"))
    return f"{server}/{repo}/actions/runs/{run}" if server and repo and run else None


def render(report: Report, out: TextIO, options: ReportOptions) -> None:
    errors = [r for r in report.results if r.error]
    findings = sorted(report.findings, key=lambda f: (-f.severity, f.path, f.offset, f.rule))
    budget = {level: SHOWN_PER_LEVEL for level in _LEVEL.values()}
    budget["error"] -= len(errors)  # files that could not be linted come first of all
    shown: list[Finding] = []
    rest: list[Finding] = []
    for f in findings:
        level = _LEVEL[f.severity]
        if budget[level] > 0:
            budget[level] -= 1
            shown.append(f)
        else:
            rest.append(f)
    if rest and budget["notice"] <= 0:  # the summary is a notice too: make room for it
        rest.insert(0, shown.pop(max(i for i, f in enumerate(shown) if f.severity == Severity.SUGGESTION)))
        rest.sort(key=lambda f: (-f.severity, f.path, f.offset, f.rule))
    for r in errors:
        out.write(f"::error file={_prop(display_path(r.path, report.root))},title=copylint::{_data(r.error or '')}\n")
    for f in shown:
        out.write(_annotation(f, report.root))
    if not rest:
        return
    counts = {s: sum(1 for f in rest if f.severity == s) for s in reversed(Severity)}
    parts = ", ".join(f"{n} {s.label}{'s' if n != 1 else ''}" for s, n in counts.items() if n)
    url = _run_url()
    where = f"the job log at {url}" if url else "the job log"
    summary = (f"{len(rest)} more findings ({parts}) are not annotated: GitHub shows {SHOWN_PER_LEVEL} "
               f"annotations of each level a step. All of them are listed in {where}, and in the SARIF or HTML "
               "report when the workflow writes one.")
    out.write(f"::notice title={_prop(f'copylint: {len(rest)} more findings')}::{_data(summary)}\n")
    for f in rest:  # in the log, where the summary says they are
        line = (f"{_data(display_path(f.path, report.root))}:{f.start.line}:{f.start.column}: "
                f"{f.severity.label} {_data(f.rule)} {_data(_message(f))}")
        # a plain log line is still read as a workflow command if it starts with '::'
        out.write((" " + line if line.startswith("::") else line) + "\n")
