"""The document's one tokenisation (Document.tokens, word_index) and the rules that look words up
in it instead of scanning: each lookup finds exactly what the regex scan it replaced finds."""

from __future__ import annotations

import random
import re

import pytest

from copylint.checks import moderation, style, typos
from copylint.document import WORD_RE, Block, Document, SourceMap, Words


def _doc(text: str) -> Document:
    return Document("a.txt", text, "text", text, SourceMap([(0, len(text), 0, len(text), True)]),
                    (Block(0, len(text), "paragraph"),) if text else ())


def _texts(seed: int, vocab: list[str], count: int = 3000, longest: int = 14):
    rng = random.Random(seed)
    for _ in range(count):
        yield "".join(rng.choice(vocab) + rng.choice(["", " ", "\n", "  "]) for _ in range(rng.randint(0, longest)))


def test_the_tokens_are_the_word_pattern_s_matches():
    for text in _texts(1, ["ab", "É", "don’t", "x'y", "'", "_", "-", "1", "2b", " ", "\n", "İ", ".."]):
        lower = text.lower()
        tokens = Words.of(lower)
        matches = list(WORD_RE.finditer(lower))
        assert tokens.words == [m.group() for m in matches]
        assert list(tokens.starts) == [m.start() for m in matches]


def test_the_index_lists_each_word_and_each_part_around_an_apostrophe_in_text_order():
    doc = _doc("x l'anti-war o'neill's Anti rock'n'roll")
    index = doc.word_index
    assert index["anti"] == [4, 23] and index["l"] == [2] and index["l'anti"] == [2]
    assert index["neill's"] == index["neill"] == [15] and index["s"] == [21]
    assert index["n'roll"] == index["n"] == [33] and index["roll"] == [35]
    for word, starts in index.items():
        assert starts == sorted(starts) and all(doc.lower.startswith(word, i) for i in starts)


DOUBLED_WORDS = ["the", "The", "THE", "a", "A", "to", "don't", "x-the", "é", "Été", "été", "1", "ab1", "_",
                 "-", "'", "’", ".", ",", " ", "\t", "\n", " \n ", "the_"]


def test_doubled_words_from_the_tokens_are_the_backreference_scan_s():
    found = 0
    for text in _texts(5, DOUBLED_WORDS):
        scan = [m.span() for m in typos._DOUBLED.finditer(text)]
        assert [m.span() for m in typos._doubled(_doc(text))] == scan, text
        found += len(scan)
    assert found > 200  # the cases exercise matches, not only misses


@pytest.mark.parametrize("a, b", [("co", "operate"), ("e", "mail"), ("anti", "war")])
def test_compound_forms_from_the_index_are_the_per_pair_regex_s(a, b):
    vocab = ["co", "Co", "operate", "cooperate", "co-operate", "e", "mail", "email", "E-mail", "anti", "war",
             "antiwar", "anti-war", "x", "-", "'", "’s", " ", "\t", "\n", ".", "_", "1", "é"]
    found = 0
    for text in _texts(7, vocab, longest=10):
        doc = _doc(text)
        for spaced in (False, True):
            pattern = rf"(?<![\w-])(?:{a}-{b}|{a}{b}" + (rf"|{a}[ \t]+{b}" if spaced else "") + r")(?![\w-])"
            scan = [m.span() for m in re.finditer(pattern, text, re.IGNORECASE)]
            assert style._indexed_forms(doc, a, b, spaced) == scan, (text, spaced)
            found += len(scan)
    assert found > 200


def test_moderation_occurrences_from_the_index_are_the_scan_s(monkeypatch):
    vocab = ["crap", "Crap", "crapper", "x-crap", "l'crap", "crap's", "crap_", "_", "-", "'", " ", "\n", "1"]
    for text in _texts(9, vocab):
        doc = _doc(text)
        monkeypatch.setattr(Document, "indexed", property(lambda self: False))
        scan = moderation._occurrences(doc, "crap")
        monkeypatch.setattr(Document, "indexed", property(lambda self: True))
        assert moderation._occurrences(doc, "crap") == scan, text


def test_a_word_quoted_as_a_term_is_found_from_the_index_as_by_the_scan(monkeypatch):
    vocab = ["crap", "Crap", "crapper", "crap's", "son of", "a", '"', "“", "”", "‘", "’", "'", ",", ".", "l", " ", "\n"]
    found = 0
    for text in _texts(13, vocab, longest=10):
        doc = _doc(text)
        for word in ("crap", "crap's", "son of a"):
            monkeypatch.setattr(Document, "indexed", property(lambda self: False))
            scan = moderation._mentioned(doc, word)
            monkeypatch.setattr(Document, "indexed", property(lambda self: True))
            assert moderation._mentioned(doc, word) == scan, (text, word)
            found += scan
    assert found > 30


def test_profanity_matches_from_the_index_are_the_alternation_s(monkeypatch):
    vocab = ["crap", "Crap", "crapper", "crap's", "x-crap", "l'crap", "son", "of", "a", "bitch", "son-of-a-bitch",
             "_", "-", "'", " ", "  ", "\n", ",", "1"]
    entries = frozenset({"crap", "son of a bitch", "bitch"})
    found = 0
    for text in _texts(17, vocab, longest=12):
        doc = _doc(text)
        pattern = moderation._pattern(entries)
        scan = [m.span() for m in pattern.finditer(text)]
        bare = moderation._bare_pattern(entries)
        assert [m.span() for m in moderation._matches(doc, pattern, entries, bare)] == scan, text  # the article scan
        monkeypatch.setattr(Document, "indexed", property(lambda self: True))
        assert [m.span() for m in moderation._matches(doc, pattern, entries)] == scan, text
        monkeypatch.undo()
        found += len(scan)
    assert found > 200
