"""multimatch: many strings looked for in one pass, with the automaton and without it."""

import random

import pytest

from copylint import multimatch
from copylint.multimatch import Needles, present


def _words(rng, n):
    letters = "abcdeéfgo’' -"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(1, 6))) for _ in range(n)]


@pytest.fixture(params=["rust", "c", "pure"])
def backend(request, monkeypatch):
    if request.param == "rust":
        pytest.importorskip("ahocorasick_rs")
        monkeypatch.setattr(multimatch, "_backend", lambda: multimatch._rust_automaton)
    elif request.param == "c":
        pytest.importorskip("ahocorasick")
        monkeypatch.setattr(multimatch, "_backend", lambda: multimatch._c_automaton)
    else:
        monkeypatch.setattr(multimatch, "_backend", lambda: None)
    monkeypatch.setattr(multimatch, "_AUTOMATON_FROM", 0)  # the automaton even on short texts
    return request.param


def test_the_answer_is_one_in_per_string(backend):
    rng = random.Random(11)
    for _ in range(200):
        text = " ".join(_words(rng, rng.randint(0, 40)))
        strings = _words(rng, rng.randint(0, 30))
        assert present(text, strings) == {s for s in strings if s in text}


def test_each_automaton_finds_what_one_in_per_string_finds_in_any_script(backend):
    """Texts and strings outside ASCII too (the Rust automaton reads UTF-8): the same answer."""
    rng = random.Random(12)
    letters = "abé日本K’' -𝐀"
    for _ in range(300):
        text = "".join(rng.choice(letters) for _ in range(rng.randint(0, 60)))
        strings = ["".join(rng.choice(letters) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(0, 30))]
        assert Needles(strings, automaton_from=0).found(text) == {s for s in strings if s in text}


def test_overlapping_and_nested_strings_are_all_found(backend):
    assert present("the governments", ["govern", "government", "overnme", "ents", "xyz", ""]) == {
        "govern", "government", "overnme", "ents"}


def test_a_kept_set_answers_for_each_text(backend):
    needles = Needles(["Goverment", "goverment", "TK"])
    assert needles.found("The Goverment said TK.") == {"Goverment", "TK"}
    assert needles.found("no such words") == set()
    assert needles.found("the goverment") == {"goverment"}


def test_the_pattern_rules_find_the_same_with_the_automaton_and_without(monkeypatch, tmp_path):
    import json

    from conftest import ROOT
    from packhelp import invoke

    path = tmp_path / "a.md"
    text = (ROOT / "examples" / "article.md").read_text(encoding="utf-8")
    path.write_text(text + "\n\nNOTE TO EDITORS: the mayor, TK, said 19XX was [insert quote]. He could of won.\n",
                    encoding="utf-8")

    def findings():
        res = invoke(str(path), "--select", "typos,placeholders,moderation", "-f", "json", "--no-cache",
                     cwd=tmp_path)
        assert res.exit_code in (0, 1), res.output
        return json.loads(res.stdout)["findings"]

    monkeypatch.setattr(multimatch, "_AUTOMATON_FROM", 10**15)
    scans = findings()
    monkeypatch.setattr(multimatch, "_AUTOMATON_FROM", 0)
    assert findings() == scans
    assert {"placeholders.tk", "placeholders.editor-note", "typos.confusions"} <= {f["rule"] for f in scans}


# FirstFullmatch: which of several alternations fullmatches a text first


def _whole_answer(patterns, text, flags):
    import re

    whole = re.compile("|".join(f"(?P<r{i}>{p})" for i, p in enumerate(patterns) if p), flags)
    m = whole.fullmatch(text)
    return None if m is None else int(m.lastgroup[1:])


def test_the_characters_that_case_folding_maps_into_ascii_are_all_known():
    import re
    import sys

    ascii_char = re.compile(r"[\x00-\x7f]", re.IGNORECASE)
    found = {chr(c) for c in range(0x80, sys.maxunicode + 1) if ascii_char.match(chr(c))}
    assert found == set(multimatch.FOLDS_TO_ASCII)


def test_branches_are_split_at_the_top_level_only():
    from copylint.multimatch import top_branches

    assert top_branches("(?:(?:a|b)|(?:c[|]d))") == ["a", "b", "c[|]d"]
    assert top_branches(r"x\|y|[]|]z|(p|q)r") == [r"x\|y", "[]|]z", "(p|q)r"]
    assert top_branches("(?:a)b(?:c)") == ["(?:a)b(?:c)"]
    assert top_branches("[^]|)]+|(?:e)") == ["[^]|)]+", "e"]


def test_the_texts_a_match_needs():
    from re import IGNORECASE, _parser

    from copylint.multimatch import needed_texts

    def needs(p):
        return needed_texts(_parser.parse(p, IGNORECASE))

    assert needs("add (?:a |your )?comment[.!]?") == {"comment"}
    assert needs(r"(?:Share|tweet) (?:this|it)") == {"share", "tweet"}
    assert needs(r"\d+ (?:sh|x)\w*") == {"sh", "x"}  # a rarer character than the space
    assert needs(r"[\w-]+") is None
    assert needs(r"(?:like )?loading") == {"loading"}  # an optional part is not needed
    assert needs(r"(?=.{1,30}\Z)(?-i:Photo)s?: .+") == {"photo"}


def test_the_boilerplate_line_patterns_give_the_whole_regexs_answer(backend):
    import re

    from copylint.checks.boilerplate import line_set
    from copylint.multimatch import FirstFullmatch

    patterns = [p.strong for p in line_set().patterns.values()]
    first = FirstFullmatch(patterns, re.IGNORECASE)
    texts = ["Advertisement", "ADVERTISEMENT", "Like us on Facebook", "Share this: Facebook Twitter",
             "(Photo : Getty Images)", "Reuters/John Smith", "Make CT Your Homepage", "Comments (3)",
             "Read more: The election", "Sponsored content", "Follow us on X", "Subscribe to our newsletter",
             "The mayor said the pool will close.", "", "Copyright © 2019 The Times", "12 shares",
             "Advertiſement", "ADVERTİSEMENT", "\u212aomments (3)", "cookie policy", "By Jane Smith, AP writer"]
    rng = random.Random(5)
    for p in patterns:  # the patterns' own words, shuffled into lines
        words = re.findall(r"[a-z]{2,}", p)
        for _ in range(40):
            texts.append(" ".join(rng.choice(words) for _ in range(rng.randint(1, 5))).capitalize())
    matched = 0
    for text in texts:
        expected = _whole_answer(patterns, text, re.IGNORECASE)
        assert first.first(text) == expected, text
        matched += expected is not None
    assert matched >= 15  # the texts exercise the patterns, not only their misses


def test_patterns_with_back_references_go_to_the_whole_regex():
    import re

    from copylint.multimatch import FirstFullmatch

    patterns = [r"(?P<x>a)b(?P=x)x", r"(?:ab|cd)e", r"zz"]
    first = FirstFullmatch(patterns, 0)
    for text in ["abax", "aba", "cde", "abe", "zz", "ZZ", ""]:
        assert first.first(text) == _whole_answer(patterns, text, 0)
    assert first.first("cde") == 1
    assert first._plan is False  # the whole regex answered


def test_a_used_set_pickles_and_answers_the_same_in_its_copy(backend):
    import pickle

    needles = Needles(["Goverment", "goverment", "TK"], automaton_from=0)
    assert needles.found("The Goverment said TK.") == {"Goverment", "TK"}  # compiled now
    copy = pickle.loads(pickle.dumps(needles))
    assert copy.found("The Goverment said TK.") == {"Goverment", "TK"}
