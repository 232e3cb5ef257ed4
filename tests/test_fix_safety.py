"""--fix never lands on other words: a line of Unicode whitespace, markup, entities, CRLF, a BOM.

Issue 14: markdown-it strips a paragraph's content with `str.strip()`, so a leading line of
NBSP or thin space (not blank to CommonMark) vanished from the content while its line still
counted, and every fix after it landed one line early. The tests run the real CLI and compare
the fixed files byte for byte; the property test generates documents and checks every safe
fix against the source it will edit.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copylint.findings import Edit, Finding, Fix, Position, Severity
from copylint.fixer import plan_fixes
from copylint.linter import Notices, RunOptions, lint_source
from copylint.textio import SourceText, decode, encode
from packhelp import invoke

# Unicode whitespace that CommonMark does not count as blank (it knows only space and tab)
WHITESPACE = ["\u00a0", "\u2002", "\u2003", "\u2009", "\u200a", "\u202f", "\u205f", "\u3000"]
BAD = "The council met , and said  so."
GOOD = "The council met, and said so."
RULES = "style.space-before-punctuation,style.doubled-space"

# where the whitespace-only line stands: at the top, after a paragraph, a heading, code
LAYOUTS = {
    "md": {
        "top": "{ws}\n{body}\n",
        "paragraph": "Intro text.\n{ws}\n{body}\n",
        "heading": "# Title\n{ws}\n{body}\n",
        "fence": "```\ncode\n```\n{ws}\n{body}\n",
    },
    "txt": {
        "top": "{ws}\n{body}\n",
        "paragraph": "Intro text.\n{ws}\n{body}\n",
        "heading": "TITLE\n\n{ws}\n{body}\n",
        "fence": "    code\n{ws}\n{body}\n",
    },
    "html": {
        "top": "{ws}\n<p>{body}</p>\n",
        "paragraph": "<p>Intro text.</p>\n{ws}\n<p>{body}</p>\n",
        "heading": "<h1>Title</h1>\n{ws}\n<p>{body}</p>\n",
        "fence": "<pre>code</pre>\n{ws}\n<p>{body}</p>\n",
    },
}


@pytest.mark.parametrize("ext", ["md", "txt", "html"])
def test_fix_after_a_line_of_unicode_whitespace_lands_on_its_match(tmp_path, ext):
    """All 32 variants (8 whitespace characters x 4 positions) of one format, fixed by the CLI."""
    expected = {}
    for i, ws in enumerate(WHITESPACE):
        for where, layout in LAYOUTS[ext].items():
            name = f"{where}-{ord(ws):04x}.{ext}"
            (tmp_path / name).write_bytes(layout.format(ws=ws, body=BAD).encode("utf-8"))
            expected[name] = layout.format(ws=ws, body=GOOD).encode("utf-8")
    assert len(expected) == 32
    result = invoke(*sorted(expected), "--fix", "--select", RULES, "-j", "1", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    wrong = {n: (tmp_path / n).read_bytes() for n, want in expected.items() if (tmp_path / n).read_bytes() != want}
    assert not wrong


def test_the_reported_article_keeps_its_copy(tmp_path):
    """The issue's own case with the default rules: a fix after the NBSP line is the fix without it."""
    body = "Police said the road was closed.\nADVERTISEMENT\nResidents were told.\n"
    (tmp_path / "plain.md").write_text(body, encoding="utf-8")
    (tmp_path / "a.md").write_bytes(b"\xc2\xa0\n" + body.encode("utf-8"))
    invoke("plain.md", "a.md", "--fix", "-j", "1", cwd=tmp_path)
    fixed = (tmp_path / "plain.md").read_bytes()
    assert b"ADVERTISEMENT" not in fixed and b"Police said the road was closed." in fixed
    assert (tmp_path / "a.md").read_bytes() == b"\xc2\xa0\n" + fixed


def test_the_guard_alone_keeps_the_copy_when_a_reader_loses_its_place(tmp_path, monkeypatch):
    """With the reader's mapping broken again as it was (and the builder's own check off), the
    fixer's guard drops every fix that would land elsewhere and names file, rule and position."""
    from copylint import document
    from copylint.formats import markdown

    monkeypatch.setattr(markdown, "_stripped_lines", lambda *a: 0)
    real_init = document.ProseBuilder.__init__
    monkeypatch.setattr(document.ProseBuilder, "__init__", lambda self, source=None, *rest: real_init(self, None, *rest))
    text = f"\u00a0\n{BAD}\n"
    (tmp_path / "a.md").write_text(text, encoding="utf-8")
    result = invoke("a.md", "--fix", "--select", RULES, cwd=tmp_path)
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == text
    lines = [ln for ln in result.stderr.splitlines() if "fix not applied" in ln]
    assert len(lines) == 2, result.stderr
    assert lines[0].startswith("a.md: line 2, column ") and "style." in lines[0]
    assert result.exit_code == 2


def _finding(start: int, end: int, rep: str, original: str | None) -> Finding:
    return Finding("a.md", "x.rule", Severity.WARNING, "m", Position(1, start + 1), Position(1, end + 1), start, end,
                   original or "", fix=Fix((Edit(start, end, rep, original),), True))


def test_the_guard_drops_only_the_edit_that_lost_its_match():
    source = SourceText("one two three", "utf-8", b"", "\n")
    plan = plan_fixes(source, [_finding(0, 3, "1", "one"), _finding(4, 7, "2", "six"), _finding(8, 13, "3", None)])
    assert [e.replacement for e in plan.edits] == ["1", "3"]
    assert plan.dropped == ("line 1, column 5: x.rule: fix not applied: the text there is 'two', "
                            "not the 'six' it was computed on (left as it was)",)


# --- the property: generated documents, every safe fix checked against the source it edits

PIECES = [
    "word", "the", "The council met , and said  so.", "it  was", "a ,b", "colour", "teh", "Café", "東京", "😀",
    "\u00a0", "\u2009", "\u3000", "\u2003", "\u202f", " ", "  ", "\t", "\n", "\r\n", "\n\n", "\r\n\r\n",
    "\n\u00a0\n", "\u2009\r\n", "\n\u3000 \n", "\n \u2003\n",
    "# ", "> ", "- ", "1. ", "    ", "```\n", "`", "*", "**", "_", "[", "](http://x.example/a)", "![",
    "<", ">", "<p>", "</p>", "<br>", "<b>", "</b>", "<code>", "</code>", "<!-- c -->", "&amp;", "&nbsp;",
    "&#8217;", "&#x2019;", "&", "\\", "| a | b |\n|---|---|\n| c | d |\n", "---\ntitle: \"a  b\"\n---\n",
    ".", ",", "the the", "ADVERTISEMENT\n", "TK", "'", "\"", "“", "”",
]
documents = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)
# a line of Unicode whitespace, then prose with fixable spacing: the shape that lost copy
whitespace_lines = st.tuples(documents, st.sampled_from(["\u00a0", "\u2009", "\u3000 ", " \u202f"]),
                             st.sampled_from(["\n", "\r\n"]), documents).map(lambda t: f"{t[0]}{t[2]}{t[1]}{t[2]}{BAD}{t[3]}")
encodings = st.sampled_from([("", "utf-8"), ("\ufeff", "utf-8"), ("\ufeff", "utf-16-le")])


def _fix_file(path: str) -> bytes:
    with open(path, "rb") as fh:
        source = decode(fh.read())
    res = lint_source(path, source, RunOptions(fix=True, as_of=dt.date(2024, 1, 1)), Notices())
    assert res.error is None, res.error
    with open(path, "rb") as fh:
        return fh.read()


def _by_hand(text: str, edits: tuple[Edit, ...], newline: str) -> str:
    """The text with the edits spliced in, computed here, not by the fixer."""
    out, pos = [], 0
    for e in sorted(edits, key=lambda e: e.start):
        out += [text[pos : e.start], e.replacement.replace("\n", newline)]
        pos = e.end
    return "".join(out) + text[pos:]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.one_of(documents, whitespace_lines), enc=encodings, ext=st.sampled_from(["md", "txt", "html"]))
def test_every_safe_fix_holds_its_match_and_touches_nothing_else(body, enc, ext):
    mark, encoding = enc
    raw = (mark + body).encode(encoding)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, f"a.{ext}")
        with open(path, "wb") as fh:
            fh.write(raw)
        source = decode(raw)
        notices = Notices()
        findings = lint_source(path, source, RunOptions(as_of=dt.date(2024, 1, 1)), notices).findings
        plan = plan_fixes(source, findings)
        assert not plan.dropped  # the guard never has to act: every span holds its match
        for f in findings:
            if f.fix is not None and f.fix.safe:
                for e in f.fix.edits:
                    assert e.original is not None and source.text[e.start : e.end] == e.original, (f, e)
                if len(f.fix.edits) == 1 and (f.fix.edits[0].start, f.fix.edits[0].end) == (f.offset, f.end_offset):
                    assert f.match == source.text[f.offset : f.end_offset], f
        once = _fix_file(path)
        if plan.edits:
            # outside the first round's spans nothing changed (later rounds edit that text)
            first = _by_hand(source.text, plan.edits, source.newline)
            again = lint_source(path, replace(source, text=first), RunOptions(as_of=dt.date(2024, 1, 1)),
                                Notices()).findings
            if not plan_fixes(replace(source, text=first), again).edits:
                assert once == encode(source, first)
        else:
            assert once == raw
        assert _fix_file(path) == once  # a second --fix changes nothing
