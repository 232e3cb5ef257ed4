"""Text for people at a terminal: one line a finding, then the source with the match marked."""

from __future__ import annotations

import collections
from .. import fastre as re  # re, with compiled patterns kept between runs
from typing import TextIO

from ..document import split_lines
from ..findings import FileResult, Finding, Report, Severity
from . import ReportOptions, display_path

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.SUGGESTION: "cyan"}
_WIDTH = 100  # the most of a long line shown around a match


# Characters from the article that a terminal would obey rather than show: C0 and C1 controls
# (ESC ]52 writes the clipboard, ESC ]0 sets the window title, U+009B is CSI), line and
# paragraph separators, and the bidirectional controls that reorder what is shown
# ("Trojan Source"). They are shown as escapes.
_UNSAFE_RE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _safe(text: str) -> str:
    """`text` with every control and bidirectional character shown as an escape (`\\x1b`)."""
    if not _UNSAFE_RE.search(text):
        return text
    return _UNSAFE_RE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def _style(text: str, options: ReportOptions, **kw: object) -> str:
    if not options.color:
        return text
    import click

    return click.style(text, **kw)  # type: ignore[arg-type]


def _headline(f: Finding, root: str, options: ReportOptions, shown_path: str | None = None) -> str:
    """`shown_path`: the finding's path as shown (`_safe(display_path(...))`), where the caller
    has it already (once a file, not once a finding)."""
    if shown_path is None:
        shown_path = _safe(display_path(f.path, root))
    where = _style(f"{shown_path}:{f.start.line}:{f.start.column}:", options, bold=True)
    level = _style(f.severity.label, options, fg=_COLOURS[f.severity], bold=True)
    rule = _style(_safe(f.rule), options, dim=True)
    return f"{where} {level} {rule} {_safe(f.message)}"


def _width(text: str) -> int:
    """Terminal columns the text takes: East Asian wide and full-width characters take two."""
    if text.isascii():
        return len(text)
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1 for ch in text)


def _shown(suggestion: str) -> str:
    """A suggestion as an editor can read it: blank ones are quoted ('one space' shows as ' ')."""
    return repr(suggestion) if not suggestion.strip() else suggestion


def _excerpt(f: Finding, line_text: str, options: ReportOptions) -> list[str]:
    line_text = line_text.replace("\t", " ")
    start = f.start.column - 1
    end = f.end.column - 1 if f.end.line == f.start.line else len(line_text)
    end = max(end, start + 1)
    lo, hi = 0, len(line_text)
    if hi > _WIDTH:
        lo = max(0, start - (_WIDTH - (end - start)) // 2)
        hi = min(len(line_text), lo + max(_WIDTH, end - start))
        lo = max(0, min(lo, hi - _WIDTH))
    left = "…" if lo > 0 else ""
    right = "…" if hi < len(line_text) else ""
    shown = left + _safe(line_text[lo:hi]) + right
    gutter = str(f.start.line)
    pad = " " * len(gutter)
    # pad and underline by display width, so the marks stand under wide (CJK, emoji) characters
    # and under the escapes that stand for control characters
    marker = " " * (len(left) + _width(_safe(line_text[lo:start]))) + "^" * max(
        1, _width(_safe(line_text[start : min(end, hi)])))
    note = ""
    if f.suggestions:
        note = " " + ("fix: " if f.fix and f.fix.safe else "suggestion: ") + ", ".join(
            _safe(_shown(x)) for x in f.suggestions[:3])
    return [
        _style(f"{gutter} | ", options, fg="blue") + shown,
        _style(f"{pad} | ", options, fg="blue")
        + _style(marker, options, fg=_COLOURS[f.severity], bold=True)
        + _style(note, options, fg="green"),
    ]


def _summary(report: Report, out: TextIO, options: ReportOptions) -> None:
    counts = report.counts()
    total = sum(counts.values())
    files = len(report.results)
    fixed = sum(r.fixed for r in report.results)
    if fixed and options.fixing:  # with --diff nothing was written
        out.write(f"Fixed {fixed} problem{'s' if fixed != 1 else ''}.\n")
    took = f" in {options.elapsed:.2f} s" if options.elapsed is not None else ""
    if not total:
        if not any(r.error for r in report.results):
            out.write(_style(f"No problems found in {files} file{'s' if files != 1 else ''}{took}.", options,
                             fg="green") + "\n")
        return
    parts = [f"{counts[s]} {s.label}{'s' if counts[s] != 1 else ''}" for s in reversed(Severity) if counts[s]]
    out.write(
        f"Found {total} problem{'s' if total != 1 else ''} ({', '.join(parts)}) in "
        f"{files} file{'s' if files != 1 else ''}{took}.\n"
    )
    fixable = sum(1 for f in report.findings if f.fix is not None and f.fix.safe)
    if fixable and not options.fixing:
        out.write(f"{fixable} fixable with --fix (see them first with --diff).\n")


def statistics(report: Report, out: TextIO) -> None:
    by_rule = collections.Counter((f.rule, f.severity.label) for f in report.findings)
    fixable = collections.Counter(f.rule for f in report.findings if f.fix is not None and f.fix.safe)
    for (rule, level), n in sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
        mark = " [*]" if fixable.get(rule) else ""
        out.write(f"{n:6d}  {rule:<36} {level}{mark}\n")


def file_text(result: FileResult, root: str, options: ReportOptions) -> str:
    """One file's findings with their excerpts (and its diff): what `render` writes for it."""
    rows: list[str] = []
    lines = split_lines(result.source) if (result.source is not None and options.show_source) else None
    paths: dict[str, str] = {}  # the shown path, worked out once a file
    for f in result.findings:
        if f.path not in paths:
            paths[f.path] = _safe(display_path(f.path, root))
        rows.append(_headline(f, root, options, paths[f.path]) + "\n")
        if lines is not None and 0 < f.start.line <= len(lines):
            rows.extend(row + "\n" for row in _excerpt(f, lines[f.start.line - 1], options))
            rows.append("\n")
    if result.diff:
        rows.append(result.diff)
    return "".join(rows)


def file_concise(result: FileResult, root: str, options: ReportOptions) -> str:
    paths: dict[str, str] = {}
    return "".join(_headline(f, root, options, paths.get(f.path) or paths.setdefault(f.path, _safe(display_path(f.path, root))))
                   + "\n" for f in result.findings)


def render_tail(report: Report, out: TextIO, options: ReportOptions) -> None:
    """What follows the files: the statistics and the summary line."""
    if options.statistics:
        statistics(report, out)
    _summary(report, out, options)


def render(report: Report, out: TextIO, options: ReportOptions) -> None:
    for result in report.results:
        out.write(file_text(result, report.root, options))
    render_tail(report, out, options)


def render_concise(report: Report, out: TextIO, options: ReportOptions) -> None:
    for result in report.results:
        out.write(file_concise(result, report.root, options))
    render_tail(report, out, options)
