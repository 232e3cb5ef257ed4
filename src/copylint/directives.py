"""Inline directives: `<!-- copylint-disable rule.id -->` and friends, applied after rules ran.

    <!-- copylint-disable [ids] -->            off from this line on (all rules without ids)
    <!-- copylint-enable [ids] -->             on again
    <!-- copylint-disable-next-line [ids] -->  off for the next line
    <!-- copylint-disable-line [ids] -->       off for the line the comment is on

The same comments work in Markdown, HTML and plain text; ids are separated by spaces
or commas and may name a pack (`moderation`) as well as a rule (`moderation.slurs`).
"""

from __future__ import annotations

from . import fastre as re  # re, with compiled patterns kept between runs
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


# a rule id, a pack or a prefix: letters, digits, `_`, `.`, `-`, `*`; ids longer than this are not ids
_ID_RE = re.compile(r"[A-Za-z0-9_*][\w.*-]{0,199}")


def _read(doc: Document) -> tuple[list[Directive], list[tuple[Comment, str]]]:
    """The well-formed directives, and each malformed one with why: a directive that is not
    read as written (a comment inside it, ids that are not ids) is ignored, never half-applied."""
    out: list[Directive] = []
    bad: list[tuple[Comment, str]] = []
    for comment in doc.comments:
        m = _DIRECTIVE_RE.match(comment.text)
        if not m:
            continue
        if "<!--" in comment.text or "-->" in comment.text:
            bad.append((comment, "a comment is inside it (directives do not nest)"))
            continue
        ids = tuple(i for i in re.split(r"[\s,]+", m.group(2).strip()) if i)
        wrong = next((i for i in ids if not _ID_RE.fullmatch(i)), None)
        if wrong is not None:
            bad.append((comment, f"'{shorten(wrong)}' is not a rule id"))
            continue
        line, end_line = doc.position(comment.start)[0], doc.position(max(comment.end - 1, comment.start))[0]
        out.append(Directive(m.group(1), ids, line, comment, end_line))
    return out, bad


def parse(doc: Document) -> list[Directive]:
    return _read(doc)[0]


def malformed(doc: Document) -> list[tuple[Comment, str]]:
    """Directives that were ignored, with why (copylint.directive reports them)."""
    return _read(doc)[1]


def shorten(text: str, limit: int = 60) -> str:
    """Text quoted from the file in a message: at most `limit` characters, and said so."""
    return text if len(text) <= limit else text[: limit - 1] + f"… ({len(text):,} characters)"


def _covers(ids: tuple[str, ...], rule: str) -> bool:
    return not ids or any(matches(i, rule) for i in ids)


def is_suppressed(directives: list[Directive], finding: Finding) -> bool:
    """Whether a directive turns the finding's rule off at its line.

    Block directives are read in order up to the finding's line and the last one that names
    the rule (by id, by pack, or all rules) decides, so `disable moderation` followed by
    `enable moderation.slurs` turns that one rule back on, and the other way round.
    """
    line, rule = finding.start.line, finding.rule
    off = False
    for d in directives:
        if d.action == "disable-line":
            if d.line <= line <= d.last_line and _covers(d.ids, rule):
                return True
        elif d.action == "disable-next-line":
            if d.last_line + 1 == line and _covers(d.ids, rule):
                return True
        elif d.line <= line and _covers(d.ids, rule):
            off = d.action == "disable"
    return off


def apply(directives: list[Directive], findings: Iterable[Finding]) -> list[Finding]:
    if not directives:
        return list(findings)
    return [f for f in findings if f.rule.startswith("copylint.") or not is_suppressed(directives, f)]
