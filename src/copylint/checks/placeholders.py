"""The placeholders pack's Python rules; its YAML rules live in rules/placeholders/.

`placeholders.todo` needs the block a mark stands in, which a pattern cannot see: a heading
that says only "TODO" is the title of a section of planned work, a table cell that says
"TODO: formula" is a worksheet shown as an example, while a paragraph that is only "TODO" or
opens with "TODO:" is a writer's reminder left in the copy.
"""

from __future__ import annotations

from .. import fastre as re  # re, with compiled patterns kept between runs
from typing import Iterable

from ..document import Document
from ..findings import Severity
from ..rule import Hit, RuleContext, RuleMeta, make_doc

# FIXME and TODO as marks: opening a line or a bracket, or a sentence before a colon or dash,
# or alone at the end of a line; not the noun of "a TODO list", "TODO apps"
_MARK_RE = re.compile(
    r"(?:(?<=^)|(?<=\n)|(?<=[(\[{] )|(?<=[(\[{]))(?:FIXME|TODO|TKTK)(?![\w])"
    r"(?!\s+(?:lists?|apps?|items?|managers?|files?)\b)"
    r"|(?:(?<=^)|(?<=\n)|(?<=[.!?] ))(?:FIXME|TODO)(?=\s*(?::|-+ |[–—]))"
    r"|(?<![\w])(?:FIXME|TODO)(?=[.!]?\s*(?:$|\n))"
)


class TodoRule:
    meta = RuleMeta(
        id="placeholders.todo",
        summary="A writer's TODO or FIXME left in the copy",
        severity=Severity.ERROR,
        doc=make_doc(
            what="Reports TODO and FIXME in capitals where they are marks: opening a line or a "
            "bracket, before a colon or a dash at the start of a line or sentence, or alone at "
            "the end of a line. An error needs that evidence: the noun in ordinary use ('my TODO "
            "list', 'TODO apps') is not reported, nor is a heading that says only 'TODO' (the "
            "title of a section of planned work), a table cell (a worksheet shown as an "
            "example), or anything in code. Inside quoted speech a mark is a warning.",
            why="A writer's reminder tells readers the story went out unfinished, and the fact or "
            "quote it asked for is missing.",
            example="TODO: get the mayor's quote.\n\nThe pool will close.",
            instead="The pool will close, the mayor said.",
            fix="No automatic fix; do what the note asks, then delete it.",
        ),
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        prose = doc.prose
        if "TODO" not in prose and "FIXME" not in prose and "TKTK" not in prose:
            return
        for m in _MARK_RE.finditer(prose):
            block = doc.block_at(m.start())
            scope = block.scope if block else ""
            if scope == "table":
                continue
            if scope == "heading" and prose[block.start:block.end].strip(" \t\ue000:") == m.group():
                continue  # "### TODO": a section of planned work, not a leftover
            demote = 1 if doc.in_quote(m.start(), m.end()) else 0
            yield Hit(m.start(), m.end(), f"Writer's mark '{m.group()}' left in the copy; do what it "
                      "asks, then delete it", demote=demote)


def rules() -> list[object]:
    return [TodoRule()]
