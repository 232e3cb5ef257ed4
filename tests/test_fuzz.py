"""Fuzz (issue 13): hostile documents through every reader and all default rules.

Bounded in time: 300 generated documents of up to 60 pieces (about 10 s here). For each:
no exception, every finding inside the file with its line and column matching its offset,
`match` equal to the file's text at the span unless the finding says it is not verbatim, no
placeholder for code in a match or a message, and every safe fix's edits hold the text they
were computed on (the fixer's guard never has to act).
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copylint.document import PLACEHOLDER
from copylint.fixer import plan_fixes
from copylint.linter import Notices, RunOptions, lint_source
from copylint.textio import ReadError, decode

PIECES = [
    # prose that rules fire on
    "word", "the the", "the<p> the", "the <b>the</b>", "teh", "colour", "recieve", "it  was", "met , and",
    "TK", "XX", "Updated 3 hours ago", "Like Us on Facebook", "ADVERTISEMENT\n", "damn", "lorem ipsum",
    # Unicode whitespace, bidi and control characters, astral and combining
    "\u00a0", "\u2009", "\u3000", "\u202f", "\u2028", "\u200b", "\u202e", "\u2066", "\x1b]52;c;x\x07", "\x85",
    "\x0c", "\x7f", "😀", "é\u0301", "東京",
    # line structure
    " ", "  ", "\t", "\n", "\r\n", "\r", "\n\n", "\n\u00a0\n", "\n\u3000 \n",
    # Markdown
    "# ", "> ", ">>>>>>>>>>>>>>>>>>>>>> ", "- ", "1. ", "    ", "```\n", "`", "*", "**", "_", "[", "]", "![",
    "](http://x.example/a \"t\")", "<https://a.example>", "\\", "| a | b |\n|---|---|\n| c | d |\n",
    "[^1]", "{{ page.title }}", "{% raw %}", "---\n",
    # front matter, good and bad
    "---\ntitle: \"a  b\"\ndate: 2024-13-45\n---\n", "---\ncount: !!int abc\n---\n", "---\nt: [\n---\n",
    # HTML
    "<p>", "</p>", "<br>", "<div>", "</div>", "<code>", "</code>", "<pre>", "</pre>", "<![", "<![ x", "<![CDATA[",
    "<!DOCTYPE html [", "<!--", "-->", "<!-- c -->", "<script>", "</script>", "<img alt=\"a  b\" src=x>",
    "<a title='the the'>", "</a>", "&amp;", "&nbsp;", "&#8217;", "&#x2019;", "&bogus;", "&",
    # directives, well and badly formed
    "<!-- copylint-disable -->", "<!-- copylint-enable -->", "<!-- copylint-disable-next-line typos -->",
    "<!-- copylint-disable <!-- copylint-enable --> -->", "<!-- copylint-disable-line " + "x" * 300 + " -->",
]
documents = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=60).map("".join)
encodings = st.sampled_from([("", "utf-8"), ("\ufeff", "utf-8"), ("\ufeff", "utf-16-le")])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=documents, enc=encodings, ext=st.sampled_from(["md", "txt", "html"]))
def test_hostile_documents_read_lint_and_fix_safely(body, enc, ext):
    mark, encoding = enc
    raw = (mark + body).encode(encoding, errors="surrogatepass")
    try:
        source = decode(raw)
    except ReadError:  # NUL bytes, lone surrogates: refused in one line, a right answer
        return
    notices = Notices()
    result = lint_source(f"fuzz.{ext}", source, RunOptions(as_of=dt.date(2024, 1, 1)), notices)
    assert result.error is None, result.error
    assert not [m for _p, m in notices.file_errors if "failed" in m], notices.file_errors
    text = source.text
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n" or (c == "\r" and text[i + 1 : i + 2] != "\n")]
    for f in result.findings:
        assert 0 <= f.offset <= f.end_offset <= len(text), f
        for pos, off in ((f.start, f.offset), (f.end, f.end_offset)):
            assert 1 <= pos.line <= len(starts) and starts[pos.line - 1] + pos.column - 1 == off, (f, pos, off)
        assert f.match == text[f.offset : f.end_offset] or not f.verbatim, f
        assert PLACEHOLDER not in f.match and PLACEHOLDER not in f.message, f
    assert not plan_fixes(source, result.findings).dropped
