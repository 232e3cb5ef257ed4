"""sourcecount.Counts: the count of a string in the source beyond the prose, from the text around
their differences, equals the count over the whole texts (what spelling's code test read)."""

from __future__ import annotations

import pytest

from conftest import ROOT
from copylint import sourcecount
from copylint.formats import format_for, read_document

ARTICLE = (ROOT / "examples" / "article.md").read_text(encoding="utf-8")
BODY = ARTICLE.split("\n---\n", 1)[1]
CODE = """
Run `openssl req -new` and see https://github.com/openssl/openssl/issues?q=openssl or mail
ops@openssl.org. The openssl team said so; OpenSSL agreed. ananas banana ananas.

```
openssl s_client -connect example.org:443   # openssl again, and anana
```
"""
HTML = """<html><head><title>Openssl news</title><script>var openssl = 1;</script></head><body>
<h1>The openssl story</h1><p>Read <a href="https://openssl.org/news">openssl's page</a> and
<code>openssl version</code>. Goverment goverment <b>gover</b>ment.</p>
<!-- openssl comment --><p>Ananas and banana.</p></body></html>
"""


def _doc(name: str, text: str):
    return read_document(name, text, format_for(name), ())


def _cases():
    yield "front-matter.md", ARTICLE + CODE + (BODY + CODE) * 5
    yield "plain.md", (BODY + CODE) * 5
    yield "plain.txt", (BODY + CODE) * 5
    yield "crlf.txt", ((BODY + CODE) * 3).replace("\n", "\r\n")
    yield "page.html", HTML * 8
    yield "greek.txt", "ΟΔΟΣ και οδός. " + BODY  # a capital sigma: the whole texts are counted


@pytest.mark.parametrize("name,text", list(_cases()), ids=[n for n, _t in _cases()])
def test_the_count_beyond_the_prose_is_the_count_over_the_whole_texts(name, text):
    doc = _doc(name, text)
    source, prose = doc.source.lower(), doc.lower
    counts = sourcecount.Counts(source, prose, doc.source_map.segments)
    assert (counts._around is None) == name.startswith("greek")
    if counts._around is not None:
        # the middles of the copies are left out (an HTML page's copies are short: less to leave)
        assert len(counts._around[0]) < len(source) / (1 if name.endswith(".html") else 2)
    # every word, every piece of one, strings across words and markup, ones that overlap themselves
    probes = set(doc.word_set) | {w[1:] for w in doc.word_set} | {w[:3] for w in doc.word_set}
    probes |= {"openssl", "openssl.", "`openssl", "/openssl", "l re", "ana", "anana", "s/open", "\n", "\n\n",
               "a", ". the", "openssl's", "ssl", "https", "ment", "goverment", "\n```", "`", "](", "<", "aa", "e.",
               "\ue000", "\x00"}
    for probe in probes:
        assert counts.excess(probe) == source.count(probe) - prose.count(probe), probe
    # as spelling reads it: the texts after the front matter, the segments' offsets shifted
    from copylint.checks import spelling

    fm = spelling._FRONT_MATTER_RE.match(doc.source)
    start = fm.end() if fm else 0
    cut = max((b.end for b in doc.blocks if b.scope == "front_matter"), default=0) if fm else 0
    assert bool(fm) == name.startswith("front-matter")
    read = spelling._code_text(doc)
    assert (read._around is None) == name.startswith("greek")
    for probe in probes:
        assert read.excess(probe) == doc.source[start:].lower().count(probe) - doc.lower[cut:].count(probe), probe


def test_strings_the_cut_texts_cannot_count_are_counted_in_the_whole_texts():
    doc = _doc("a.md", (BODY + CODE) * 4)
    source = doc.source.lower()
    counts = sourcecount.Counts(source, doc.lower, doc.source_map.segments)
    assert counts._around is not None
    for probe in ("the openssl", "openssl team", " ", "\x00", ""):  # a space, the cut's own mark, nothing
        assert counts.excess(probe) == source.count(probe) - doc.lower.count(probe)
    unaligned = sourcecount.Counts(source, doc.lower, doc.source_map.segments, lined_up=False)
    assert unaligned._around is None and unaligned.excess("openssl") == counts.excess("openssl")
