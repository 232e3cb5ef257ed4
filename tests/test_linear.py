"""Fast paths that keep a big file's cost linear find exactly what the code they replace finds."""

from __future__ import annotations

import dataclasses
import re

import pytest

from conftest import ROOT
from copylint.checks import style
from copylint.document import WORD_RE
from copylint.formats import format_for, read_document

SHARED_CORPUS = ROOT.parent / "shared" / "corpus" / "bbc-news"

# hyphens after words, numbers, apostrophes, underscores, other hyphens and at the ends; spaced
# prefixes with tabs; a word that runs on past a hyphen; capitals
TRICKY = """e-mail email E-Mail co-operate cooperate co operate co\toperate anti-war l'anti-war
rock'n-roll 3-d a-level A-list a-b-c x--y _e-mail snake_e-mail well-known well-known's -e-
non-stop non stop nonstop pre-war pre  war prewar e- e-mail- counter-terrorism-unit 12-e-mail
the so-called so called state-of-the-art ab-cd-ef one-off one-offs one off café-bar bar-café
"""


def _doc(text: str, name: str = "a.txt"):
    return read_document(name, text, format_for(name), ())


def _first_parts(doc) -> set[str]:
    return {m.group(1).lower() for m in re.finditer(r"([a-z]{1,15})-", doc.prose, re.IGNORECASE)} | set(style._PREFIXES)


def _texts() -> list[str]:
    texts = [TRICKY, TRICKY * 3, "-" + TRICKY + "-"]
    if SHARED_CORPUS.is_dir():
        files = sorted(SHARED_CORPUS.rglob("*.txt"))[:300]
        texts.append("\n\n".join(p.read_text(encoding="utf-8", errors="replace") for p in files))
    return texts


def _compound_tails_by_places(doc, a: str) -> tuple[dict, dict]:
    """`style._compound_tails` as it was: a walk over every place of `a`, the reference its fast path is tested against."""
    lower = doc.lower
    n = len(lower)
    hyphened: dict[str, list[tuple[int, int]]] = {}
    spaced: dict[str, list[tuple[int, int]]] = {}
    for i in doc.word_index.get(a, ()):
        if i and (lower[i - 1].isalnum() or lower[i - 1] in "_-"):
            continue
        j = i + len(a)
        if j >= n:
            continue
        if lower[j] == "-":
            tail = style._TAIL_RE.match(lower, j + 1).group()
            hyphened.setdefault(tail, []).append((i, j + 1 + len(tail)))
        elif lower[j] in " \t":
            k = j
            while k < n and lower[k] in " \t":
                k += 1
            tail = style._TAIL_RE.match(lower, k).group()
            spaced.setdefault(tail, []).append((i, k + len(tail)))
    return hyphened, spaced


@pytest.mark.parametrize("k", range(4))
def test_compound_tails_from_the_hyphens_match_the_walk_over_every_place(k):
    texts = _texts()
    if k >= len(texts):
        pytest.skip("../shared/corpus/bbc-news is absent")
    doc = _doc(texts[k])
    parts = _first_parts(doc)
    assert len(parts) > 20
    for a in sorted(parts):
        hyphened, spaced = style._compound_tails(doc, a)
        old_hyphened, old_spaced = _compound_tails_by_places(doc, a)
        assert hyphened == old_hyphened, a
        if a in style._PREFIXES:  # the only first parts whose spaced form is compared
            assert spaced == old_spaced, a
    # the forms exercised: hyphenated and spaced pairs were found at all
    assert style._compound_tails(doc, "e")[0] and style._compound_tails(doc, "co")[1] if k < 3 else True


# names and acronyms at the edges of a word, after a stop, an apostrophe or a capital, inside
# and at the start of sentences, in headings and in the prose; Title Case headings of names
NAMES = """# About the Civic Digital Fellowship

The Civic Digital Fellowship met eBay Inc and the U.S. Army. Extractive Industries Transparency
Initiative staff (EITI) and l'EITI's board met. EITIs grew; the MRU list, Most Recently Used, was
kept. Wage and Hour Division and Department of the Interior met XDepartment Of Justice people.

## Extractive Industries Transparency Initiative Plans

Roger Federer of Switzerland won. Civic Digital met. A Most Recently Used cache.

## Wage And Hour Division Rules Apply Today

Hour Division. Wage and Hour Division staff said so; approves budget, new schools, well-known
e-mail rules apply today.

## Council Approves New Budget For Schools

## Roger Federer Of Switzerland Wins Again

Text after it, with Rules and Today and Council written lower: council, rules.

## The E-Mail Rules Apply

## Bay Inc And Department Of Justice Deals Grow

Their talks went on.

## Parents welcome the extra funding for teachers

## Schools say the new budget will not cover repairs

## Teachers hope the council keeps its promise this time

Text after the headings, so the last one stands as one.

ABCDEFGHIJ and ABCs and USA's and .NET and NASA_X and 3NASA, NASA.
"""


def _story_docs():
    docs = [_doc(NAMES * k, "a.md") for k in (1, 40)]
    if SHARED_CORPUS.is_dir():
        files = sorted(SHARED_CORPUS.rglob("*.txt"))[:400]
        docs.append(_doc("\n\n".join(p.read_text(encoding="utf-8", errors="replace") for p in files)))
    return docs


def test_story_lookups_answer_what_the_passes_over_the_prose_answer(monkeypatch):
    from copylint import document

    monkeypatch.setattr(document, "INDEX_FROM", 0)  # every text long: the look-ups answer
    checked = 0
    for doc in _story_docs():
        kinds = {i for i in range(len(doc.blocks)) if style._heading_kind(doc, i)}
        assert style._StoryLookups.usable(doc)
        lookups = style._StoryLookups(doc, kinds)
        whole = style.StoryNames(doc, kinds)
        whole._prepare()
        lower = frozenset(style._LOWER_WORD_RE.findall(doc.prose))
        acronyms = style._acronyms(doc.prose)
        assert acronyms == frozenset(style._ACRONYM_RE.findall(doc.prose))
        texts = [doc.prose[doc.blocks[i].start : doc.blocks[i].end] for i in sorted(kinds)]
        for text in texts:
            words = list(style._HEAD_WORD_RE.finditer(text))
            for w in words:
                assert lookups.lower_word(w.group().lower()) == (w.group().lower() in lower), w.group()
            for a in range(len(words)):
                for b in range(a + 1, min(len(words), a + style._MAX_RUN)):
                    run = text[words[a].start() : words[b].end()]
                    initials = style._initials(words[a : b + 1])
                    assert lookups.acronym(initials) == (initials in acronyms), initials
                    try:
                        seen, inside = lookups.written(run)
                    except style._Unsure:
                        continue
                    assert (seen, inside) == (run in whole._seen, run in whole._inside), run
                    checked += 1
            assert style.StoryNames(doc, kinds, style._StoryLookups(doc, kinds))(text) == whole(text), text
        for word in ("council", "rules", "federer", "e-mail", "well-known", "today", "nasa"):
            assert lookups.lower_word(word) == (word in lower), word
    assert checked > 50


def test_headline_case_findings_with_the_lookups_match_the_passes(monkeypatch):
    from copylint import document
    import datetime as dt

    from copylint.rule import RuleContext

    rule = style.HeadlineCaseRule()
    reported = 0
    for text, name in ((NAMES * 3, "a.md"), (NAMES.replace("#", "") * 3, "a.txt")):
        found = {}
        for index_from in (0, 10**12):
            monkeypatch.setattr(document, "INDEX_FROM", index_from)
            doc = _doc(text, name)
            assert doc.indexed == (index_from == 0)
            found[index_from] = [(h.start, h.end, h.message, h.severity) for h in rule.check(doc, RuleContext(options={}, as_of=dt.date(2026, 12, 1), config_dir="."))]
        assert found[0] == found[10**12]
        reported += len(found[0])
    assert reported  # the rule reports here at all


def _shipped_engine():
    import tempfile

    from copylint import linter
    from copylint.declarative import DeclarativeRule
    from copylint.declarative.engine import compile_engine

    options = linter.RunOptions(cwd=tempfile.gettempdir(), select=("all",), ignore=("grammar",))
    fc = linter.config_for(str(ROOT / "README.md"), options)
    selected = fc.selection("article.txt", ("all",), ("grammar",))
    return compile_engine(tuple(s.rule for s in selected if isinstance(s.rule, DeclarativeRule)))


def test_literals_started_from_a_rarer_word_match_what_a_scan_matches(monkeypatch):
    from copylint import document
    from copylint.declarative import engine as engine_module

    engine = _shipped_engine()
    literals = [lit for lits in engine._by_word.values() for lit in lits if lit.first and len(lit.ordered) > 1]
    assert len(literals) > 20
    # phrases with apostrophes, hyphens and marks between their words, in a rule that ignores case
    base = next(lit for lit in literals if lit.rule.spec.ignorecase and not lit.rule.spec.nonword)
    for text in ("the council wasn't sure", "the rock 'n' roll band", "the e-mail was sent", "the 3-d printer",
                 "the state-of-the-art plan", "the mayor's wasn't-sure face", "the the wasn't the"):
        entry = dataclasses.replace(base.entry, text=text)
        literals.append(engine_module._Literal(base.rule, entry, frozenset(WORD_RE.findall(text)), "the"))
    # each phrase among many of its first word, as written, capitalised, with a curly apostrophe,
    # after a word and an apostrophe, run on by a letter, and followed by 's
    pieces = []
    for lit in literals:
        text = lit.entry.text
        pieces.append(f"{lit.first} " * 30 + f"{text}. {text.upper()} {text.replace(chr(39), '’')}, l'{text} "
                      f"{text}s {text}'s x{text} {text}\n\n")
    prose = "".join(pieces)
    monkeypatch.setattr(document, "INDEX_FROM", 0)
    doc = _doc(prose)
    # a first word with its 30 places and more is common, a phrase's other words (a few places) rare
    monkeypatch.setattr(engine_module, "_MATCH_COST", len(doc.prose) // 20)
    taken = []
    real = engine_module._starts_from_a_rarer_word
    monkeypatch.setattr(engine_module, "_starts_from_a_rarer_word", lambda *a: taken.append(1) or real(*a))
    index = doc.word_index
    for lit in literals:
        fast = [m.span() for m in engine._literal_matches(doc, lit, index)]
        assert fast == [m.span() for m in lit.pattern.finditer(doc.prose)], lit.entry.text
    assert len(taken) > 20


def test_literals_over_a_big_story_match_what_a_scan_matches():
    if not SHARED_CORPUS.is_dir():
        pytest.skip("../shared/corpus/bbc-news is absent")
    doc = _doc(_texts()[-1])
    assert doc.indexed
    engine = _shipped_engine()
    index, words = doc.word_index, doc.word_set
    for lits in engine._by_word.values():
        for lit in lits:
            if lit.words <= words:
                fast = [m.span() for m in engine._literal_matches(doc, lit, index)]
                assert fast == [m.span() for m in lit.pattern.finditer(doc.prose)], lit.entry.text


def test_leading_words_only_where_every_match_starts_with_one():
    from copylint.declarative.leading import leading_words

    assert leading_words("(would|could) of(?!\\s+x)") == ("could", "would")
    assert leading_words("so-called(?=\\s+[\"])") == ("so",)
    assert leading_words("ab?c") == ("a",)  # the quantifier applies to the b
    for unsure in ("a|b", "(a|b)?c", "(a|b)*c", "[a-z]x", "(?i)abc", "x(a|b)|c", "(?:tk){2,}", "\\bx", "a?b",
                   "(a|b", "(?P<x>a)b", "[|]a|b"):
        assert leading_words(unsure) is None, unsure


# a leading word run on ('peaks'), at a word start and not ('xpeaks'), after an apostrophe,
# matches that hold another leading word ('give legal advise'), capitals
PATTERN_CASES = """It peaks my interest. Peeks his curiosity; xpeaks her interest, l'peaks its interest.
They give legal advise and seek expert advise, sought medical advise. More then once, less then.
He would of, could of course, MUST OF gone. It has lead to this and have lead to that.
Hoards of fans; flaunted the rules; poured over the details. Wet your appetite, wets the appetite.
"""


def _pattern_spans(engine, doc, i, by_scan: bool) -> list[tuple[int, int]]:
    import time

    rule, _entry, key = engine._patterns[i]
    compiled = engine._regex.compile(*key)
    if by_scan:
        return [m.span() for m in compiled.finditer(doc.prose)]
    return [m.span() for m in engine._pattern_matches(doc, i, compiled, True, time.monotonic() + 60, 60)]


@pytest.mark.parametrize("big", [False, True])
def test_patterns_tried_where_their_leading_words_stand_match_what_a_scan_matches(monkeypatch, big):
    from copylint import document
    from copylint.declarative import engine as engine_module

    engine = _shipped_engine()
    if big:
        if not SHARED_CORPUS.is_dir():
            pytest.skip("../shared/corpus/bbc-news is absent")
        prose = _texts()[-1]
    else:
        # each needed text among words, run on, after an apostrophe, capitalised; the rules' own
        # documentation (their examples)
        pieces = [rule.meta.doc for rule in engine.rules] + [PATTERN_CASES]
        for needed in engine._needs:
            for t in needed or ():
                pieces.append(f"He {t} the list. {t.capitalize()} them, x{t} {t}s '{t} l'{t} {t.upper()} "
                              f"{t} \"so\" and {t}  \"quoted\".\n\n")
        prose = "".join(pieces)
    monkeypatch.setattr(document, "INDEX_FROM", 0)
    monkeypatch.setattr(engine_module, "_MATCH_COST", 1)  # the places always cheaper than a scan
    doc = _doc(prose)
    tried = found = 0
    for i, leading in enumerate(engine._leading):
        if leading is None:
            continue
        assert engine._pattern_starts(doc, i) is not None
        fast = _pattern_spans(engine, doc, i, by_scan=False)
        assert fast == _pattern_spans(engine, doc, i, by_scan=True), engine._patterns[i][1].text
        tried += 1
        found += len(fast)
    assert tried >= 10 and (found > 0 or big)


def test_a_pattern_whose_matches_hold_its_leading_words_is_not_reported_inside_itself(monkeypatch):
    from copylint import document
    from copylint.declarative import Entry
    from copylint.declarative import engine as engine_module
    from copylint.declarative.leading import leading_words

    engine = _shipped_engine()
    rule = next(r for r, _e, _k in engine._patterns if not r.spec.nonword)
    text = "(zork|quux)(?: zork| quux)*"
    engine._patterns.append((rule, Entry(text, True), (f"{engine_module._BEFORE}(?:{text}){engine_module._AFTER}",
                                                     engine._regex.IGNORECASE | engine._regex.V0)))
    engine._leading.append(leading_words(text))
    monkeypatch.setattr(document, "INDEX_FROM", 0)
    monkeypatch.setattr(engine_module, "_MATCH_COST", 1)
    doc = _doc("A zork quux Zork quux and quux, xzork zorks quux zork.\n")
    i = len(engine._patterns) - 1
    fast = _pattern_spans(engine, doc, i, by_scan=False)
    assert fast == _pattern_spans(engine, doc, i, by_scan=True) == [(2, 21), (26, 30), (44, 53)]
