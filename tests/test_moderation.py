"""The moderation pack: its lexicon data, defaults, and its noise on clean news."""

from __future__ import annotations

import collections
import importlib.util
import json
import re
from pathlib import Path

from conftest import ROOT, run_cli, shared_path

from copylint.checks.moderation import load_lexicon
from copylint.linter import RunOptions, lint_paths
from copylint.registry import load_catalog

DATA = ROOT / "rules" / "moderation" / "data"


def _load_script():
    spec = importlib.util.spec_from_file_location("fetch_cuss", ROOT / "scripts" / "fetch_cuss.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_lexicon_records_its_source_version_and_licence():
    data = json.loads((DATA / "cuss-en.json").read_text(encoding="utf-8"))
    assert data["package"] == "cuss" and data["license"] == "MIT"
    assert re.fullmatch(r"\d+\.\d+\.\d+", data["version"])
    assert data["integrity"].startswith("sha512-")
    assert set(data["words"].values()) <= {0, 1, 2}
    assert "MIT License" in (DATA / "cuss-LICENSE").read_text(encoding="utf-8")


def test_allow_list_removes_clean_news_words_from_the_lexicon():
    ratings = load_lexicon().ratings
    assert "welfare" not in ratings and "niggling" not in ratings
    assert ratings["bullshit"] == 2


def test_fetch_script_parses_the_package_source():
    script = _load_script()
    source = "export const cuss = {\n  abbo: 1,\n  'arse bandit': 2,\n  \"o'clock\": 0\n}\n"
    assert script.parse_map(source) == {"abbo": 1, "arse bandit": 2, "o'clock": 0}


def test_profanity_maybe_is_off_by_default(tmp_path):
    article = tmp_path / "story.txt"
    article.write_text("Fans shouted at the paddy in the stand.\n", encoding="utf-8")
    assert not load_catalog().rules["moderation.profanity-maybe"].meta.default_enabled
    quiet = run_cli("check", "--format", "json", str(article), cwd=tmp_path)
    assert b"moderation.profanity-maybe" not in quiet.stdout
    (tmp_path / ".copylint.yaml").write_text("enable: [moderation.profanity-maybe]\n", encoding="utf-8")
    loud = run_cli("check", "--format", "json", str(article), cwd=tmp_path)
    assert b"moderation.profanity-maybe" in loud.stdout


def test_profanity_in_a_markdown_quote_block_is_demoted(tmp_path):
    article = tmp_path / "story.md"
    article.write_text("# Row\n\nHe said nothing.\n\n> You are a bunch of wankers.\n", encoding="utf-8")
    result = run_cli("check", "--select", "moderation.profanity", "--format", "json", str(article), cwd=tmp_path)
    findings = json.loads(result.stdout)["findings"]
    assert [(f["match"], f["severity"], f["line"]) for f in findings] == [("wankers", "warning", 5)]


def test_seed_article_gets_only_suggestions(seed_article):
    options = RunOptions(select=("moderation",))
    results, _ = lint_paths([str(seed_article)], options, jobs=1)
    levels = collections.Counter(f.severity.label for r in results for f in r.findings)
    assert set(levels) <= {"suggestion"}, levels


def test_bbc_corpus_stays_quiet():
    """Precision guard: warnings and errors per 1,000 words of clean BBC news."""
    corpus = shared_path("corpus", "bbc-news")
    paths = sorted(str(p) for p in Path(corpus).glob("*/*.txt"))
    words = sum(len(re.findall(r"\w+", Path(p).read_text(encoding="utf-8", errors="replace"))) for p in paths)
    results, _ = lint_paths(paths, RunOptions(select=("moderation",)), jobs=1)
    loud = [f for r in results for f in r.findings if f.severity.label in ("warning", "error")]
    assert 1000 * len(loud) / words < 0.05, [(f.path, f.rule, f.match) for f in loud][:20]
