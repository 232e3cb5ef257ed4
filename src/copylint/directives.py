"""Inline directives: `<!-- copylint-disable rule.id -->` and friends, applied after rules ran.

    <!-- copylint-disable [ids] -->            off from this line on (all rules without ids)
    <!-- copylint-enable [ids] -->             on again
    <!-- copylint-disable-next-line [ids] -->  off for the next line
    <!-- copylint-disable-line [ids] -->       off for the line the comment is on

The same comments work in Markdown, HTML and plain text; ids are separated by spaces
or commas and may name a pack (`moderation`) as well as a rule (`moderation.slurs`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from .document import Comment, Document
from .findings import Finding
from .registry import matches

_DIRECTIVE_RE = re.compile(r"^copylint-(disable-next-line|disable-line|disable|enable)\b(.*)$", re.DOTALL)


@dataclass(frozen=True)
class Directive:
    action: str
    ids: tuple[str, ...]
    line: int
    comment: Comment
    end_line: int = 0  # the line the comment ends on (a comment may span lines)

    @property
    def last_line(self) -> int:
        return max(self.end_line, self.line)


def parse(doc: Document) -> list[Directive]:
    out = []
    for comment in doc.comments:
        m = _DIRECTIVE_RE.match(comment.text)
        if not m:
            continue
        ids = tuple(i for i in re.split(r"[\s,]+", m.group(2).strip()) if i)
        line, end_line = doc.position(comment.start)[0], doc.position(max(comment.end - 1, comment.start))[0]
        out.append(Directive(m.group(1), ids, line, comment, end_line))
    return out


def _covers(ids: tuple[str, ...], rule: str) -> bool:
    return not ids or any(matches(i, rule) for i in ids)


def is_suppressed(directives: list[Directive], finding: Finding) -> bool:
    line, rule = finding.start.line, finding.rule
    all_off = False
    off: set[str] = set()
    exceptions: set[str] = set()
    for d in directives:
        if d.action == "disable-line" and d.line <= line <= d.last_line and _covers(d.ids, rule):
            return True
        if d.action == "disable-next-line" and d.last_line + 1 == line and _covers(d.ids, rule):
            return True
        if d.line > line:
            continue
        if d.action == "disable":
            if d.ids:
                off.update(d.ids)
                exceptions.difference_update(d.ids)
            else:
                all_off, off, exceptions = True, set(), set()
        elif d.action == "enable":
            if d.ids:
                off.difference_update(d.ids)
                if all_off:
                    exceptions.update(d.ids)
            else:
                all_off, off, exceptions = False, set(), set()
    if any(matches(i, rule) for i in off):
        return True
    return all_off and not any(matches(i, rule) for i in exceptions)


def apply(directives: list[Directive], findings: Iterable[Finding]) -> list[Finding]:
    if not directives:
        return list(findings)
    return [f for f in findings if f.rule.startswith("copylint.") or not is_suppressed(directives, f)]
