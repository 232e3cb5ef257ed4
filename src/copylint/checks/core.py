"""Rules about the document itself: broken front matter, bad directives."""

from __future__ import annotations

from typing import Iterable

from .. import directives
from ..document import Document
from ..findings import Severity
from ..registry import matches
from ..rule import Hit, RuleContext, RuleMeta, make_doc


class FrontMatterRule:
    meta = RuleMeta(
        id="copylint.front-matter",
        summary="Front matter that cannot be read",
        severity=Severity.ERROR,
        doc=make_doc(
            what="Reports YAML front matter that is not valid YAML, is not a mapping, or is never closed.",
            why="A CMS or static-site generator that cannot read the front matter may publish the "
            "story without its headline or date, or not at all. The body is still linted.",
            example="---\ntitle: Council votes: yes\n---",
            instead="---\ntitle: \"Council votes: yes\"\n---",
        ),
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        for start, end, message in doc.problems:
            yield Hit(start, end, message, in_source=True)


class NotLintedRule:
    meta = RuleMeta(
        id="copylint.not-linted",
        summary="Part of a file that was not linted",
        severity=Severity.WARNING,
        doc=make_doc(
            what="Reports a part of a file that the reader did not lint, and why: a comment that is "
            "never closed, nesting deeper than the reader follows, a paragraph or a file past the "
            "limits in docs/limits.md.",
            why="Nothing is skipped in silence: copy that was not checked must not pass as clean.",
            example="<p>Text</p>\n<!-- an old note (never closed)\n<p>More text</p>",
            instead="<p>Text</p>\n<!-- an old note -->\n<p>More text</p>",
        ),
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        for start, end, message in doc.not_linted:
            yield Hit(start, end, message, in_source=True)


class DirectiveRule:
    meta = RuleMeta(
        id="copylint.directive",
        summary="An inline directive that names no known rule",
        severity=Severity.WARNING,
        doc=make_doc(
            what="Reports `copylint-disable` and `copylint-enable` comments that name a rule or pack "
            "that does not exist.",
            why="A misspelt rule id silently disables nothing, so the finding it was meant to "
            "silence keeps coming back, or a real problem stays hidden behind a directive that "
            "looks right.",
            example="<!-- copylint-disable-next-line typo.doubled-word -->",
            instead="<!-- copylint-disable-next-line typos.doubled-word -->",
        ),
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        known = ctx.known_rules
        packs = {rid.split(".", 1)[0] for rid in known}
        for d in directives.parse(doc):
            for name in d.ids:
                if name in packs or name.split(".", 1)[0] in ctx.open_packs or any(matches(name, rid) for rid in known):
                    continue
                c = d.comment
                yield Hit(c.start, c.end, f"copylint-{d.action} names unknown rule '{directives.shorten(name)}'",
                          in_source=True)
        for c, why in directives.malformed(doc):
            yield Hit(c.start, c.end, f"malformed copylint directive, ignored: {why}", in_source=True)


def rules() -> list[object]:
    return [FrontMatterRule(), NotLintedRule(), DirectiveRule()]
