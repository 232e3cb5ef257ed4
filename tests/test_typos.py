"""The typos pack end to end: the real CLI on the seed article, fixes, data files, clean copy."""

from __future__ import annotations

import json

from conftest import run_cli, shared_path

from copylint.checks.spelling import Speller
from copylint.checks.typos import offensive_cues, offensive_words
from copylint.linter import RunOptions, lint_paths


def _findings(result) -> list[dict]:
    return json.loads(result.stdout.decode("utf-8"))["findings"]


def test_seed_article_reports_laxed_and_terrorism_porn(seed_article, tmp_path):
    result = run_cli("check", "--format", "json", str(seed_article), cwd=tmp_path)
    assert result.returncode == 1, result.stderr.decode()
    found = {(f["rule"], f["line"], f["column"], f["match"], tuple(f["suggestions"]), f["severity"])
             for f in _findings(result) if f["rule"].startswith("typos.")}
    assert ("typos.false-verb-form", 21, 139, "laxed", ("lax",), "warning") in found
    assert ("typos.offensive-typo", 29, 281, "terrorism porn", ("terrorism-prone",), "error") in found


def test_seed_article_has_no_other_typos_or_spelling_findings(seed_article, tmp_path):
    result = run_cli("check", "--format", "json", "--select", "typos,spelling", str(seed_article), cwd=tmp_path)
    rules = sorted(f["rule"] for f in _findings(result))
    assert rules == ["typos.false-verb-form", "typos.offensive-typo"]


def test_an_offensive_typo_is_told_once(tmp_path):
    # typos.real-word's model sees the same slip; the error alone is shown (the linter's supersedes)
    article = tmp_path / "story.txt"
    article.write_text("The pubic meeting was cancelled.\n", encoding="utf-8")
    result = run_cli("check", "--format", "json", "--select", "typos", str(article), cwd=tmp_path)
    assert [(f["rule"], f["severity"]) for f in _findings(result)] == [("typos.offensive-typo", "error")]
    alone = run_cli("check", "--format", "json", "--select", "typos.real-word", str(article), cwd=tmp_path)
    assert [f["rule"] for f in _findings(alone)] == ["typos.real-word"]  # selected alone, it still reports


def test_doubled_word_fix_rewrites_the_file(tmp_path):
    article = tmp_path / "story.md"
    article.write_text("# Floods\n\nThe river burst its banks and the the town flooded.\n", encoding="utf-8")
    result = run_cli("check", "--select", "typos.doubled-word", "--fix", str(article), cwd=tmp_path)
    assert result.returncode == 0, result.stdout.decode() + result.stderr.decode()
    assert article.read_text(encoding="utf-8") == "# Floods\n\nThe river burst its banks and the town flooded.\n"


def test_offensive_words_are_dictionary_words_with_innocent_neighbours():
    from copylint.checks.typos import OffensiveWords, _words_path

    lex = Speller().lexicon
    data = OffensiveWords.read(_words_path())
    assert {"porn", "pubic", "anal", "erection", "horny", "slut"} <= data.words
    assert sorted(w for w in data.words if w not in lex) == []  # each a word the dictionary holds
    # the innocent readings come from the dictionary, not from a list
    found = {w: {n for n, _cost in data.neighbours(w, lex)} for w in ("porn", "pubic", "anal", "erection", "slut")}
    assert "prone" in found["porn"] and "public" in found["pubic"] and "annual" in found["anal"]
    assert "election" in found["erection"] and "slot" in found["slut"]
    for innocent in found.values():
        assert not innocent & data.words  # never an offensive word for another
    assert set(data.compounds) <= {n for w in data.words for n, _cost in data.neighbours(w, lex)}


def test_the_quick_searches_for_innocent_neighbours_find_what_every_string_looked_up_finds():
    """`slips_to` given the dictionary leaves out only strings no word begins or ends like, and
    the common words stand in for the dictionary where only words counted a million times count."""
    from copylint.checks.realword import slips_to
    from copylint.checks.spelling import _COMMON
    from copylint.checks.typos import OffensiveWords, _words_path

    sp = Speller()
    lex = sp.lexicon
    assert sp.common == {w for w in lex if lex.get(w) >= _COMMON}  # the decoded counts agree with common.txt
    data = OffensiveWords.read(_words_path())
    for word in sorted(data.words) + ["prone", "annual", "qzx"]:
        every, pruned = slips_to(word), slips_to(word, lex)
        assert {s: c for s, c in every.items() if s in lex} == {s: c for s, c in pruned.items() if s in lex}, word
        assert data.neighbours(word, lex) == data.neighbours(word, lex, sp.common), word


def test_slips_cost_more_for_two_slips_and_far_keys():
    from copylint.checks.realword import slips_to

    slips = slips_to("porn")
    assert slips["prone"] == 2  # two swapped and one dropped
    assert slips["porno"] == 1 and slips["born"] == 1.5  # a letter dropped; p is not beside b
    assert slips_to("anal")["annual"] == 2  # two adjacent letters dropped
    assert slips_to("erection")["election"] == 1.5  # r for l: far keys
    assert slips_to("rape")["tape"] == 1  # t beside r


def test_the_shipped_cue_file_holds_no_cues_and_still_parses():
    assert offensive_cues() == () and offensive_words() == frozenset()


def test_offensive_typo_never_fires_on_clean_bbc_copy():
    corpus = shared_path("corpus", "bbc-news")
    paths = sorted(str(p) for p in corpus.glob("*/*.txt"))
    assert len(paths) > 2000
    results, _notices = lint_paths(paths, RunOptions(select=("typos.offensive-typo",), cwd=str(corpus)), jobs=1)
    found = [(r.path, f.match) for r in results for f in r.findings]
    assert found == []


def test_the_issue_examples_come_from_the_model_with_exact_positions(tmp_path):
    article = tmp_path / "story.md"
    article.write_text("# Water\n\nIt is a drought porn county.\n\nThe pubic meeting heard the anal report.\n\n"
                       "Some patients lose pubic hair; the porn industry objected.\n", encoding="utf-8")
    result = run_cli("check", "--format", "json", "--select", "typos", str(article), cwd=tmp_path)
    found = [(f["rule"], f["line"], f["column"], f["end_column"], f["match"], f["suggestions"], f["severity"])
             for f in _findings(result)]
    assert found == [
        ("typos.offensive-typo", 3, 9, 21, "drought porn", ["drought-prone"], "error"),
        ("typos.offensive-typo", 5, 5, 10, "pubic", ["public"], "error"),
        ("typos.offensive-typo", 5, 29, 33, "anal", ["annual"], "error"),
    ], result.stdout.decode()
