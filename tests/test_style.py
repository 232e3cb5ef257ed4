"""The style pack through the real CLI and pipeline: fixes, the seed article, noise on clean news."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import run_cli, shared_path

from copylint.checks.style import headline_case
from copylint.linter import RunOptions, lint_paths


def _findings(result) -> list[dict]:
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)["findings"]


def test_fix_applies_only_safe_spacing_edits(tmp_path):
    article = tmp_path / "story.txt"
    article.write_text("Sales rose 11% , the firm  said.\n\n(Photo : Getty) Who wins ? Nobody,, yet.\n", encoding="utf-8")
    run_cli("check", "--select", "style", "--fix", str(article), cwd=tmp_path)
    fixed = article.read_text(encoding="utf-8")
    # the comma, the doubled space and the doubled comma are safe; the colon and '?' are not
    assert fixed == "Sales rose 11%, the firm said.\n\n(Photo : Getty) Who wins ? Nobody, yet.\n"


def test_seed_article_findings(seed_article, tmp_path):
    found = _findings(run_cli("check", "--select", "style", "--format", "json", str(seed_article), cwd=tmp_path))
    got = sorted((f["rule"], f["severity"], f["match"]) for f in found)
    assert got == [
        ("style.hyphenation", "warning", "counter terrorism"),
        ("style.space-before-punctuation", "warning", " :"),
    ]
    config = tmp_path / "house.yaml"
    config.write_text("rules:\n  style.headline-case: {case: sentence}\n", encoding="utf-8")
    heads = _findings(run_cli("check", "-c", str(config), "--select", "style.headline-case", "--format", "json",
                              str(seed_article), cwd=tmp_path))
    assert [h["match"].split()[:3] for h in heads] == [["China", "to", "Beef"]]


def test_headline_case_classification():
    words = frozenset({"sales", "boost", "profit", "security", "border"})

    def common() -> frozenset[str]:
        return words

    assert headline_case("Ad sales boost Time Warner profit", common) == "sentence"
    assert headline_case("Ad Sales Boost Time Warner Profit", common) == "title"
    assert headline_case("Roger Federer of Switzerland Wins", common) == ""  # names, not Title Case
    assert headline_case("Brexit vote", common) == ""


def test_markdown_headings_mixing_case_are_reported(tmp_path):
    article = tmp_path / "story.md"
    article.write_text(
        "# Council approves new budget for local schools\n\nParents welcome the funding for teachers.\n\n"
        "## Parents Welcome The Funding For Teachers\n\nText.\n\n## Teachers say the money is not enough\n",
        encoding="utf-8",
    )
    found = _findings(run_cli("check", "--select", "style.headline-case", "--format", "json", str(article), cwd=tmp_path))
    assert [(f["line"], f["severity"]) for f in found] == [(5, "warning")]
    assert "sentence case" in found[0]["message"]


def test_bbc_corpus_stays_quiet():
    """Precision guard: warnings and errors per 1,000 words of clean BBC news."""
    corpus = shared_path("corpus", "bbc-news")
    paths = sorted(str(p) for p in Path(corpus).glob("*/*.txt"))
    words = sum(len(re.findall(r"\w+", Path(p).read_text(encoding="utf-8", errors="replace"))) for p in paths)
    results, _ = lint_paths(paths, RunOptions(select=("style",)), jobs=1)
    loud = [f for r in results for f in r.findings if f.severity.label in ("warning", "error")]
    assert 1000 * len(loud) / words < 0.15, len(loud)
    by_rule: dict[str, int] = {}
    for f in loud:
        by_rule[f.rule] = by_rule.get(f.rule, 0) + 1
    assert by_rule.get("style.headline-case", 0) <= 2 and by_rule.get("style.doubled-space", 0) <= 5, by_rule
