"""A YAML rule's `supersedes`: the linter keeps its finding over the superseded rule's, among
the rules actually selected, through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_cli

HOUSE_RULE = """\
kind: existence
summary: A doubled article in our copy
message: "House style: '{{match}}' repeats the article"
severity: error
tokens: [the the]
{supersedes}
doc: {{what: Doubled articles., why: Tests., example: the the, instead: the}}
"""
TEXT = "He saw the the fire.\nLater the the crowd left and and went home.\n"


def _project(tmp_path: Path, supersedes: str, config: str = "packs: [./house]\n") -> Path:
    pack = tmp_path / "house"
    pack.mkdir()
    (pack / "article.yml").write_text(HOUSE_RULE.format(supersedes=supersedes), encoding="utf-8")
    (tmp_path / ".copylint.yaml").write_text(config, encoding="utf-8")
    (tmp_path / "story.txt").write_text(TEXT, encoding="utf-8")
    return tmp_path


def _rules(tmp_path: Path, *args: str) -> list[tuple[str, int, int]]:
    done = run_cli("check", "--no-cache", "--format", "json", "--select", "typos.doubled-word,house", *args,
                   "story.txt", cwd=tmp_path)
    assert done.returncode in (0, 1), done.stderr.decode()
    return sorted((f["rule"], f["line"], f["column"]) for f in json.loads(done.stdout)["findings"])


def test_without_supersedes_both_rules_report(tmp_path):
    _project(tmp_path, "")
    assert _rules(tmp_path) == [("house.article", 1, 8), ("house.article", 2, 7),
                                ("typos.doubled-word", 1, 8), ("typos.doubled-word", 2, 7),
                                ("typos.doubled-word", 2, 26)]


def test_a_yaml_rule_supersedes_where_both_report_and_only_there(tmp_path):
    _project(tmp_path, "supersedes: [typos.doubled-word]")
    # 'and and' is the doubled-word rule's alone: it still reports there
    assert _rules(tmp_path) == [("house.article", 1, 8), ("house.article", 2, 7), ("typos.doubled-word", 2, 26)]


def test_the_superseded_rule_reports_when_the_other_is_not_selected(tmp_path):
    _project(tmp_path, "supersedes: [typos.doubled-word]")
    assert _rules(tmp_path, "--ignore", "house.article") == [
        ("typos.doubled-word", 1, 8), ("typos.doubled-word", 2, 7), ("typos.doubled-word", 2, 26)]


def test_a_misspelt_id_is_an_error_at_its_line(tmp_path):
    _project(tmp_path, "supersedes: [typos.doubled-wrod]")
    done = run_cli("check", "--no-cache", "story.txt", cwd=tmp_path)
    assert done.returncode == 2
    line = next(ln for ln in done.stderr.decode().splitlines() if "supersedes" in ln)
    assert line.endswith("article.yml:6: house.article supersedes 'typos.doubled-wrod', which is no rule"), line


def test_supersedes_must_be_a_list_of_rule_ids(tmp_path):
    _project(tmp_path, "supersedes: [doubled word]")
    done = run_cli("check", "--no-cache", "story.txt", cwd=tmp_path)
    assert done.returncode == 2
    assert "article.yml:6: supersedes: 'doubled word' is not a rule id (pack.name)" in done.stderr.decode()
