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
