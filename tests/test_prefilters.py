"""Quick paths that stand in for a regex scan (a C-speed pass first, the pattern only where a
match can be): each finds exactly what the scan it replaced finds, on generated text."""

from __future__ import annotations

import random
import re

from copylint.checks import stamps, style
from copylint.document import WORD_RE, Words, _plain_words


def _texts(seed: int, vocab: list[str], count: int = 4000, longest: int = 12):
    rng = random.Random(seed)
    for _ in range(count):
        yield "".join(rng.choice(vocab) for _ in range(rng.randint(0, longest)))


def test_plain_words_are_the_word_pattern_s_matches():
    vocab = ["ab", "É", "don’t", "x'y", "'", "’", "''", "’’", "a'’b", "_", "-", "1", "²", "½", "\xa0", "\u0301",
             "é", "日本", "\u2028", "\x1c", "ß", "İ", "\U0001d400", " ", "\n", "..", "£"]
    for text in _texts(1, vocab):
        for t in (text, text.lower()):
            words, spaced, shift = _plain_words(t)
            assert words == WORD_RE.findall(t), t
            assert len(spaced) == len(t) + 2 * shift
            assert Words.of(t).starts == [m.start() for m in WORD_RE.finditer(t)], t


def test_plain_words_leave_a_text_with_lone_surrogates_to_the_regex():
    assert _plain_words("ab\udce9cd") is None


def test_missing_space_matches_are_the_scan_s():
    vocab = ["ab", "It", "which", "x", "e", ".", ",", ";", "!", "?", "..", " ", "1", "_", "é", "²", "$", "@", "-", "(",
             "Monday", "NET", "g", "U.S", "\n"]
    found = 0
    for text in _texts(2, vocab, count=20000, longest=10):
        scan = [m.span() for m in style._MISSING_SPACE_RE.finditer(text)]
        assert [m.span() for m in style._missing_space_matches(text)] == scan, text
        found += len(scan)
    assert found > 200


def test_month_names_are_found_where_the_word_boundary_scan_finds_them():
    scan_re = re.compile(rf"\b{stamps._CAP_MON}")
    vocab = ["Jan", "Jan.", "January", "June", "Jun", "Ma", "May", "Mar.", "March", "Sept", "Sep.", "Dec", "x", "_",
             "1", " ", ".", "é", "\n", "De"]
    for text in _texts(4, vocab, count=20000, longest=8):
        assert [m.span() for m in stamps._MONTH_WORD_RE.finditer(text)] == [m.span() for m in scan_re.finditer(text)]


def test_every_stamp_begins_where_the_start_test_allows():
    vocab = ["Updated", "updated", "Last modified", "Published", "Posted", "Originally", "Mon", "Tuesday", "Jun",
             "16", "2020", "11:29", "AM", "EDT", ",", " ", "3 hours ago", "2020-06-16", "6/16/2020", "on", "at", "ſ",
             "\n", "x", "The"]
    found = 0
    for text in _texts(5, vocab, count=6000, longest=8):
        for pos in range(len(text)):
            if stamps._STAMP_RE.match(text, pos):
                found += 1
                assert stamps._STAMP_START_RE.match(text, pos), (text, pos)
    assert found > 200


def test_quote_and_bracket_marks_are_the_alternation_s():
    scan_re = re.compile(r"[()\[\]{}]|’’|''|[“”„\"]")
    vocab = ["(", ")", "[", "]", "{", "}", "“", "”", "„", '"', "’", "'", "’’", "''", "‘", "a", " ", "\n"]
    for text in _texts(6, vocab, count=20000, longest=10):
        assert [m.span() for m in style._MARK_RE.finditer(text)] == [m.span() for m in scan_re.finditer(text)], text


def test_prompt_lines_are_the_scan_s():
    from copylint import markup

    vocab = ["$ ", "% ", ">>> ", "PS C:\\> ", "C:\\> ", "PS>", "user@host:~$ ", "drwxr-xr-x ", "-rw-r--r--. ",
             "npm install", "ls", "x", " ", "\t", "\n", "\n\n", "$", "@", "PS", "--------- "]
    found = 0
    for text in _texts(7, vocab, count=20000, longest=8):
        scan = [m.span() for m in markup._PROMPT_RE.finditer(text)]
        assert markup._prompt_lines(text) == scan, text
        found += len(scan)
    assert found > 1000


def test_opening_quotes_are_found_where_the_lookbehind_scan_finds_them():
    from copylint import document

    scan_re = re.compile(r'(?:^|(?<=[\s(\[\u2014\u2013:,-]))["“«„]')
    vocab = ['"', "“", "”", "«", "„", " ", "\n", "(", "[", "—", "–", ":", ",", "-", "a", "."]
    for text in _texts(8, vocab, count=20000, longest=10):
        for pos in (0, 1, 3):
            expected = scan_re.search(text, pos)
            got = document._QUOTE_OPEN_RE.search(text, pos)
            assert (got and (got.span(), got.group())) == (expected and (expected.span(), expected.group())), text


def test_code_lines_are_judged_as_with_every_substitution():
    from copylint import markup

    def reference(line):  # markup._code_like before its substitutions ran only where they can match
        stripped = line.strip()
        if len(stripped) < 8 or stripped.startswith("|") or len(markup._CODE_CHAR_RE.findall(stripped)) < 5:
            return False
        stripped = markup._LINK_RE.sub(r"\1", stripped)
        stripped = markup._NOT_OWN_RE.sub(" ", stripped).strip()
        if len(stripped) < 8:
            return False
        symbols = len(markup._CODE_CHAR_RE.findall(stripped))
        words = len(re.findall(r"(?<![\w.$-])[A-Za-z][a-z]+(?![\w(])", stripped))
        return symbols >= 5 and symbols >= 0.2 * len(stripped) and words < 0.6 * len(stripped.split())

    vocab = ["x = f(a[i]);", "$", "(", ")", "[link](http://a.b)", "[a][b]", "`code`", "<b>", "**", "__", " ",
             "www.a.org", "https://x.y/z", "word", "Words", " and ", "{", "}", "|", "/", "#", "@", "=", "[ a ](x)"]
    codes = 0
    for text in _texts(8, vocab, count=20000, longest=10):
        assert markup._code_like(text) == reference(text), text
        codes += reference(text)
    assert codes > 1000


def test_text_paragraphs_are_the_line_loop_s():
    from copylint.document import LineIndex
    from copylint.formats import text as text_format

    vocab = ["a", "word ", " ", "\t", "\n", "\n\n", " \n", "\xa0", "\u2028", "\x1c", "\x0c", "\u3000", "x y", "é"]
    found = 0
    for text in _texts(9, vocab, count=20000, longest=12):
        fast = [m.span() for m in text_format._PARAGRAPH_RE.finditer(text)]
        assert fast == text_format.paragraph_spans(text, LineIndex(text).starts), repr(text)
        found += len(fast)
    assert found > 10000


def test_plain_text_documents_are_built_as_block_by_block():
    from copylint.document import LineIndex, ProseBuilder
    from copylint.formats import text as text_format

    def reference(text, hidden=()):
        builder = ProseBuilder(text, hidden)
        starts = LineIndex(text).starts
        for start, end in text_format.paragraph_spans(text, starts):
            text_format._paragraph(builder, text, starts, start, end)
        return builder.build()

    vocab = ["a", "word ", " ", "\n", "\n\n", " \n", "\xa0", "x y", "see www.a.org", "http://b.c/d", "a@b.org",
             "W. Smith", "é", "\t"]
    for text in _texts(10, vocab, count=5000, longest=12):
        hidden = ((1, 3),) if len(text) > 4 else ()
        for spans in ((), hidden):
            doc = text_format.read_text("a.txt", text, spans)
            prose, source_map, blocks = reference(text, spans)
            assert (doc.prose, doc.source_map._segments, doc.blocks) == (prose, source_map._segments, blocks), repr(text)
