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


def test_offensive_cues_suggest_dictionary_words():
    lex = Speller().lexicon
    cues = offensive_cues()
    assert {c.word for c in cues} >= {"porn", "pubic", "anal", "erection"}
    assert {c.word for c in cues} == offensive_words()  # the quick pre-scan sees every word
    for cue in cues:
        assert cue.intended in lex, f"{cue.word} -> {cue.intended}: the intended word is not a dictionary word"
        assert cue.before or cue.after or cue.plural_after or cue.always or cue.model or cue.content_after, (
            f"{cue.word}: a context with no cue")


def test_offensive_typo_never_fires_on_clean_bbc_copy():
    corpus = shared_path("corpus", "bbc-news")
    paths = sorted(str(p) for p in corpus.glob("*/*.txt"))
    assert len(paths) > 2000
    results, _notices = lint_paths(paths, RunOptions(select=("typos.offensive-typo",), cwd=str(corpus)), jobs=1)
    found = [(r.path, f.match) for r in results for f in r.findings]
    assert found == []
