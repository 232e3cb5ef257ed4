"""The pattern prefilter may skip a scan only where the pattern cannot match."""

from __future__ import annotations

import random
import sys

import pytest
import regex

from copylint.declarative import DeclarativeRule
from copylint.declarative.engine import _AFTER, _BEFORE, Engine
from copylint.declarative.prefilter import _LITERAL, FOLDS_TO_ASCII, may_match, requirement
from copylint.formats import read_document
from copylint.registry import load_catalog


def test_every_non_ascii_character_that_ignorecase_matches_to_a_literal_is_listed():
    everything = "".join(chr(cp) for cp in range(128, sys.maxunicode + 1) if not 0xD800 <= cp <= 0xDFFF)
    found = set()
    for c in sorted(_LITERAL):
        found.update(regex.findall(regex.escape(c), everything, flags=regex.IGNORECASE | regex.V0))
    assert found == set(FOLDS_TO_ASCII)


@pytest.mark.parametrize("pattern,expected", [
    ("(has|have|had) lead to(?![-\\w])", ("has lead to", "have lead to", "had lead to")),
    ("(would|could|should) of", ("would of", "could of", "should of")),  # neighbours' product
    ("(poured|pours) over (the )?data", ("poured over ", "pours over ")),
    ("X{2,}(?:,X{3})*", ("XX",)),  # repeated at least twice
    ("\\d{1,3}(?:,X{3})+", (",XXX",)),  # what a group repeated at least once needs inside
    ("(?:TK){2,}", ("TK",)),
    ("[(,]x", ("(x", ",x")),
    ("(?:slammed|blasted)(?![^.!?]{0,40}?\\b(?:ball)\\b)", ("slammed", "blasted")),
    ("[\\[<{]\\s*(?:insert|add|tk+)\\b[^\\]>}\\n]{0,80}[\\]>}]", ("[", "<", "{")),
    ("(?<![\\w:])XX?:XX(?![\\w:])", ("X:XX", "XX:XX")),  # with and without the optional letter
    ("colou?r", ("color", "colour")),
    ("(?:(?<=^)|(?<=\\n))EDS?:", ("ED:", "EDS:")),  # not 'ED', which every 'EDT' stamp holds
    ("ab??c", None),  # a lazy optional letter: no product through it
    ("(?:ab|c)?define", ("define",)),
    ("\\.\\.\\.", ("...",)),
    # nothing required, or too unsure to say
    ("a|bcd", None),
    ("(?i)abc", None),
    ("(?-i:abc)d", None),
    ("(?#note)abc", None),
    ("\\x41bc", None),
    ("\\pLxy", None),
    ("[[:alpha:]]xyz", None),
    ("(ab|cd)*x", None),
    ("x", None),
    ("[(,]\\sx", None),
    ("a(?:b\\sc)d", None),  # a group's inner letters alone are not selective
])
def test_requirement(pattern, expected):
    assert requirement(pattern) == expected


PATTERNS = [
    ("(has|have|had) lead to(?![-\\w])", True, False),
    ("(would|could|should|must|might) of", True, False),
    ("colou?r", True, False),
    ("[\\[<{]\\s*(?:insert|add)\\b[^\\]>}\\n]{0,20}[\\]>}]", True, True),
    ("(?<![\\w:])XX?:XX(?![\\w:])", False, True),
    ("so-called(?=\\s+[\"'])", True, False),
    ("(?:Note|Notes) to (?:editors|the desk)\\b:?", False, True),
    ("ski(?:ing)? (lift|run)s?", True, False),
    ("(would|could) (?:have )?of", True, False),
    ("(?<![\\w.,-])\\d{1,3}(?:,X{3})+(?![\\w,])", False, True),
    ("(?<![\\w])(?:TK){2,}(?![\\w])", False, True),
    ("(?:(?<=^)|(?<=\\n)|(?<=[(\\[] ?))EDS?:", False, True),
]
PIECES = ["1,XXX", "12,XXX,XXX", "TKTK", "TK", "would have of", "could of", "would of", "WOULD OF", "wouLd of", "ſhould of", "has lead to", "HAS LEAD TO", "colour", "COLOR", "[insert x]",
          "<add y>", "{ADD}", "XX:XX", "X:XX", "ED:", "EDS:", "EDT", "(ED:", "[ EDS:", "so-called 'x'", "SO-CALLED \"y\"", "Note to editors:", "NOTE TO EDITORS",
          "sKiing lift", "skİ run", "SKı RUN", "ski run", "İ", "ı", "K", "ſ", "the", " ", "\n", ".", "'", "’", "x", "to", "of"]


@pytest.mark.parametrize("pattern,ignorecase,nonword", PATTERNS)
def test_may_match_is_never_false_where_the_pattern_matches(pattern, ignorecase, nonword):
    needed = requirement(pattern)
    assert needed is not None
    if ignorecase:
        needed = tuple(t.lower() for t in needed)
    body = pattern if nonword else f"{_BEFORE}(?:{pattern}){_AFTER}"
    compiled = regex.compile(body, (regex.IGNORECASE if ignorecase else 0) | regex.V0)
    rng = random.Random(pattern)
    matched = 0
    for _ in range(3000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 8)))
        if compiled.search(text):
            matched += 1
            assert may_match(needed, ignorecase, text, text.lower()), text
    assert matched > 50  # the texts do exercise the pattern


def test_engine_hits_are_the_same_with_and_without_the_prefilter(tmp_path):
    rules = tuple(r for r in load_catalog().rules.values() if isinstance(r, DeclarativeRule))
    engine = Engine(rules)
    rng = random.Random(5)
    texts = ["".join(rng.choice(PIECES + ["TK", "[TK]", "FIXME", "slammed the", "more then"]) for _ in range(12))
             for _ in range(500)]
    docs = [read_document("a.txt", t, "text") for t in texts]
    with_filter = [sorted((r.meta.id, h.start, h.end) for r, h in engine.run(d)) for d in docs]
    engine._needs = [None] * len(engine._needs)
    without = [sorted((r.meta.id, h.start, h.end) for r, h in engine.run(d)) for d in docs]
    assert with_filter == without


def test_the_engine_names_the_regex_flags_it_compiles_with_without_importing_regex():
    from copylint.declarative import engine

    assert engine._IGNORECASE == regex.IGNORECASE and engine._V0 == regex.V0


def test_the_patterns_let_through_are_prefilter_may_match_s_for_each():
    """Engine._may_match (the texts found name their patterns) against prefilter.may_match asked
    of each pattern in turn, on generated texts with the patterns' texts and case-folding letters."""
    rules = tuple(r for r in load_catalog().rules.values() if isinstance(r, DeclarativeRule))
    engine = Engine(rules)
    needed_texts = sorted({t for n in engine._needs if n for t in n})
    rng = random.Random(6)
    pieces = PIECES + needed_texts + [t.upper() for t in needed_texts] + list(FOLDS_TO_ASCII)
    through = 0
    for _ in range(1500):
        doc = read_document("a.txt", "".join(rng.choice(pieces) for _ in range(rng.randint(1, 8))), "text")
        expected = [i for i, ((rule, _e, _k), needed) in enumerate(zip(engine._patterns, engine._needs))
                    if needed is None or may_match(needed, rule.spec.ignorecase, doc.prose, doc.lower)]
        assert engine._may_match(doc) == expected, doc.prose
        through += len(expected)
    assert through > 1500
