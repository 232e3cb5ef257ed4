"""Markdown: a summary for `$GITHUB_STEP_SUMMARY` or a pull-request comment.

Counts by severity and by pack, then a table of findings with file:line links. On GitHub
Actions (GITHUB_SERVER_URL, GITHUB_REPOSITORY and GITHUB_SHA set) links point at the blob;
elsewhere they are relative. Everything from an article is escaped for Markdown and HTML.
"""

from __future__ import annotations

import collections
import os
import re
from typing import TextIO
from urllib.parse import quote

from ..findings import Report, Severity
from . import ReportOptions, display_path

MAX_ROWS = 500  # GitHub caps a step summary at 1 MiB; a long table helps nobody


def escape(text: str) -> str:
    """Text shown literally in a Markdown table cell."""
    text = re.sub(r"\s+", " ", text).strip()
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("@", "&#64;").replace("#", "&#35;")  # no @mentions or #refs in comments
    return re.sub(r"([\\`*_\[\]|~])", r"\\\1", text)


def _link(path: str, line: int) -> str:
    server = os.environ.get("GITHUB_SERVER_URL")
    repo = os.environ.get("GITHUB_REPOSITORY")
    sha = os.environ.get("GITHUB_SHA")
    target = quote(path)
    if server and repo and sha and not path.startswith("/"):
        target = f"{server}/{repo}/blob/{sha}/{target}"
    return f"[{escape(path)}:{line}]({target}#L{line})"


def render(report: Report, out: TextIO, options: ReportOptions) -> None:
    findings = report.findings
    counts = report.counts()
    files = len(report.results)
    out.write("## copylint\n\n")
    errors = [r for r in report.results if r.error]
    if not findings:
        out.write(f"No problems found in {files} file{'s' if files != 1 else ''}.\n")
    else:
        affected = len({f.path for f in findings})
        out.write(
            f"**{len(findings)}** finding{'s' if len(findings) != 1 else ''} in {affected} of "
            f"{files} file{'s' if files != 1 else ''}.\n\n"
        )
        out.write("| Severity | Findings |\n| --- | ---: |\n")
        for s in reversed(Severity):
            out.write(f"| {s.label} | {counts[s]} |\n")
        by_pack = collections.Counter(f.rule.split(".", 1)[0] for f in findings)
        out.write("\n| Pack | Findings |\n| --- | ---: |\n")
        for pack, n in sorted(by_pack.items(), key=lambda kv: (-kv[1], kv[0])):
            out.write(f"| {escape(pack)} | {n} |\n")
        out.write("\n| Where | Severity | Rule | Message | Text |\n| --- | --- | --- | --- | --- |\n")
        for f in findings[:MAX_ROWS]:
            path = display_path(f.path, report.root).replace(os.sep, "/")
            message = f.message
            if f.suggestions:
                message += " (suggestion: " + ", ".join(f.suggestions) + ")"
            out.write(
                f"| {_link(path, f.start.line)} | {f.severity.label} | {escape(f.rule)} | "
                f"{escape(message)} | {escape(f.match)} |\n"
            )
        if len(findings) > MAX_ROWS:
            out.write(f"\n…and {len(findings) - MAX_ROWS} more (see the full report).\n")
    if errors:
        out.write("\n**Files that could not be linted:**\n\n")
        for r in errors:
            out.write(f"- {escape(display_path(r.path, report.root))}: {escape(r.error or '')}\n")
