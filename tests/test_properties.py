"""Property test: generated Markdown, HTML and text through every reader and the default rules.

Whatever the input (markup mixed at random, CRLF and lone CR, a BOM, astral characters, tabs),
reading and linting never raise, every finding lies inside the file with start <= end, and every
prose offset maps into the source.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copylint.config import Config, select_rules
from copylint.formats import read_document
from copylint.linter import Notices, lint_document
from copylint.registry import load_catalog
from copylint.textio import ReadError, decode

PIECES = [
    "word", "Café", "東京", "😀", "𝒳", "é\u0301", "\t", " ", "  ", "\n", "\r\n", "\r", "\n\n",
    "# ", "## ", "> ", "- ", "1. ", "* ", "    ", "```\n", "~~~", "`", "``", "*", "**", "_", "~~",
    "[", "]", "(", ")", "](http://x.example/a)", "![", "<", ">", "<https://a.example>", "http://b.example/x",
    "www.c.example", "me@d.example", "&amp;", "&#8217;", "&#x2019;", "&nbsp;", "&bogus;", "&", "\\", "\\*",
    "| a | b |\n|---|---|\n| c | d |\n", "|", "\\|", "---\n", "===\n", "---\ntitle: \"T\\\"x\\u00e9\"\n---\n",
    "---\ntitle: >\n  a\n  b\n---\n", "---\nbad: [\n---\n", "<!-- c -->", "<!--", "-->",
    "<!-- copylint-disable -->", "<!-- copylint-disable-next-line nope.rule -->", "<!-- copylint-enable -->",
    "<p>", "</p>", "<br>", "<img alt=\"a &amp; b\" src=x>", "<a href='u' title=t>", "</a>", "<pre>", "</pre>",
    "<code>", "</code>", "<script>", "</script>", "<li>", "<td>", "<h1>", "</h1>", "<![CDATA[x]]>", "<!DOCTYPE html>",
    "'", "\"", "“", "”", "’", "—", ".", ",", "!", "?", "the the", "lorem ipsum", "colour", "teh",
]

texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), max_size=40).map("".join)
boms = st.sampled_from([("", "utf-8"), ("\ufeff", "utf-8"), ("\ufeff", "utf-16-le"), ("\ufeff", "utf-16-be")])


def _lint(fmt: str, raw: bytes):
    try:
        source = decode(raw)
    except ReadError:  # NUL bytes: refused in one line, which is a right answer
        assert b"\x00" in raw
        return
    doc = read_document(f"x.{fmt}", source.text, fmt)
    n = len(doc.source)
    # every prose offset maps into the source, in order
    last = 0
    for i in range(len(doc.prose) + 1):
        s, e = doc.to_source(i, min(i + 1, len(doc.prose)))
        assert 0 <= s <= e <= n, (i, s, e, n)
    for tok in doc.words():
        # a word copied verbatim from the source maps back onto exactly that text
        if doc.is_verbatim(tok.start, tok.end):
            s, e = doc.to_source(tok.start, tok.end)
            assert doc.source[s:e] == tok.text, (tok, doc.source[s:e])
    for b in doc.blocks:
        s, e = doc.to_source(b.start, b.end)
        assert 0 <= s <= e <= n
        assert s >= last or b.scope in ("caption", "front_matter")  # captions come after their block
        last = max(last, s)
    catalog = load_catalog()
    config = Config()
    findings = lint_document(doc, select_rules(config, catalog, doc.path), catalog, Notices(),
                             dt.date(2024, 1, 1), config)
    lines = doc.lines
    for f in findings:
        assert 0 <= f.offset <= f.end_offset <= n, f
        assert (f.start.line, f.start.column) <= (f.end.line, f.end.column), f
        assert 1 <= f.start.line <= f.end.line <= lines.count, f
        for pos, off in ((f.start, f.offset), (f.end, f.end_offset)):
            start, end = lines.starts[pos.line - 1], (lines.starts[pos.line] if pos.line < lines.count else n)
            assert start + pos.column - 1 == off and off <= end, f
        if f.fix is not None:
            assert all(0 <= e.start <= e.end <= n for e in f.fix.edits)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, bom=boms, fmt=st.sampled_from(["markdown", "html", "text"]))
def test_any_input_reads_and_lints_within_bounds(text, bom, fmt):
    mark, encoding = bom
    _lint(fmt, (mark + text).encode(encoding, errors="surrogatepass"))
