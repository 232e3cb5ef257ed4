"""multimatch: many strings looked for in one pass, with the automaton and without it."""

import random

import pytest

from copylint import multimatch
from copylint.multimatch import Needles, present


def _words(rng, n):
    letters = "abcdeéfgo’' -"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(1, 6))) for _ in range(n)]


@pytest.fixture(params=["automaton", "pure"])
def backend(request, monkeypatch):
    if request.param == "automaton":
        pytest.importorskip("ahocorasick")
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


def test_overlapping_and_nested_strings_are_all_found(backend):
    assert present("the governments", ["govern", "government", "overnme", "ents", "xyz", ""]) == {
        "govern", "government", "overnme", "ents"}


def test_a_kept_set_answers_for_each_text(backend):
    needles = Needles(["Goverment", "goverment", "TK"])
    assert needles.found("The Goverment said TK.") == {"Goverment", "TK"}
    assert needles.found("no such words") == set()
    assert needles.found("the goverment") == {"goverment"}
