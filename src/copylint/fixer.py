"""Applies safe, non-overlapping fixes to the source text; shows them as a diff."""

from __future__ import annotations

import difflib
from typing import Iterable

from .findings import Edit, Finding
from .textio import SourceText


def safe_edits(findings: Iterable[Finding]) -> list[Edit]:
    """The edits of every safe fix, in order, leaving out any that overlaps an earlier one."""
    chosen: list[Edit] = []
    last_end = -1
    candidates = []
    for f in findings:
        if f.fix is not None and f.fix.safe:
            candidates.append(sorted(f.fix.edits, key=lambda e: (e.start, e.end)))
    candidates.sort(key=lambda edits: (edits[0].start, edits[-1].end))
    for edits in candidates:
        if edits[0].start < last_end or any(b.start < a.end for a, b in zip(edits, edits[1:])):
            continue  # overlaps: the next run will pick it up once the first is applied
        chosen.extend(edits)
        last_end = edits[-1].end
    return chosen


def apply_fixes(source: SourceText, findings: Iterable[Finding]) -> tuple[str, int]:
    """The text with every safe fix applied, and how many edits went in."""
    edits = safe_edits(findings)
    if not edits:
        return source.text, 0
    text = source.text
    parts = []
    pos = 0
    for e in edits:
        parts.append(text[pos : e.start])
        parts.append(e.replacement.replace("\n", source.newline) if source.newline != "\n" else e.replacement)
        pos = e.end
    parts.append(text[pos:])
    return "".join(parts), len(edits)


def unified_diff(path: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
    )
    out = []
    for line in lines:
        out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(out)
