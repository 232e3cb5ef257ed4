"""The YAML rule engine: literal and pattern entries, options of a rule file, errors, timeouts."""

from __future__ import annotations

import json

import pytest

from conftest import run_cli
from packhelp import invoke, lint_json, make_project

DOC = "doc: {what: x, why: x, example: x, instead: x}\n"


def _findings(tmp_path, rule: str, text: str, name: str = "a.md"):
    make_project(tmp_path, config="packs: [./mypack]\nselect: [mypack.t]\n", t=rule + DOC)  # a new folder a rule
    (tmp_path / name).write_text(text, encoding="utf-8")
    return [(f["column"], f["match"], f["severity"], f["suggestions"]) for f in lint_json(tmp_path / name)["findings"]]


def test_literal_words_match_on_boundaries_any_whitespace_and_both_apostrophes(tmp_path):
    rule = "kind: existence\nsummary: s\ntokens: [\"wasn't sure\", up-to-date]\n"
    got = _findings(tmp_path, rule, "He wasn’t\n sure. Wasn't sure. up-to-dated up-to-date\n")
    assert [(c, m) for c, m, _s, _g in got] == [(4, "wasn’t\nsure"), (8, "Wasn't sure"), (33, "up-to-date")]


def test_substitution_keeps_case_and_exceptions(tmp_path):
    rule = "kind: substitution\nsummary: s\nswap: {colour: color, honour: honor}\nexceptions: [Honour]\n"
    got = _findings(tmp_path, rule, "Colour COLOUR colour Honour honour\n")
    assert [(m, g) for _c, m, _s, g in got] == [("Colour", ["Color"]), ("COLOUR", ["COLOR"]),
                                                  ("colour", ["color"])]


def test_quotes_lower_and_skip(tmp_path):
    text = 'He said "a zorblax here" and a zorblax.\n\n> A zorblax quoted.\n'
    lower = _findings(tmp_path, "kind: existence\nsummary: s\nquotes: lower\ntokens: [zorblax]\n", text)
    assert [s for _c, _m, s, _g in lower] == ["suggestion", "warning", "suggestion"]
    skip = _findings(tmp_path / "skip", "kind: existence\nsummary: s\nquotes: skip\ntokens: [zorblax]\n", text)
    assert [c for c, _m, _s, _g in skip] == [32]


def test_scopes(tmp_path):
    text = "# A zorblax\n\nA zorblax.\n\n- zorblax\n"
    got = _findings(tmp_path, "kind: existence\nsummary: s\nscopes: [heading, list_item]\ntokens: [zorblax]\n", text)
    assert len(got) == 2


def test_patterns_with_and_without_word_boundaries(tmp_path):
    rule = "kind: existence\nsummary: s\npatterns: ['\\d+ ?per ?cent']\n"
    assert [m for _c, m, _s, _g in _findings(tmp_path, rule, "Up 5 per cent, 7percent, x5 per cent.\n")] == [
        "5 per cent", "7percent"]


@pytest.mark.parametrize("rule,line,words", [
    ("kind: existence\nsummary: s\ntokens: [a]\nbogus: 1\n", 4, "unknown key 'bogus'"),
    ("kind: nope\nsummary: s\ntokens: [a]\n", 1, "unknown kind 'nope'"),
    ("kind: existence\nsummary: s\npatterns: ['(a']\n", 3, "invalid pattern"),  # the line of the pattern
    ("kind: existence\nsummary: s\ntokens: [a]\nseverity: loud\n", 4, "unknown severity"),
    ("kind: existence\nsummary: s\ntokens: [a]\nmessage: '{what}'\n", 4, "message placeholders"),
    ("kind: existence\nsummary: s\ntokens: !!python/object/apply:os.system [true]\n", 3, "is not allowed"),
])
def test_a_bad_rule_file_is_reported_with_its_line_and_the_rest_load(tmp_path, rule, line, words):
    make_project(tmp_path, config="packs: [./mypack]\nselect: [mypack]\n", t=rule + DOC)
    (tmp_path / "a.md").write_text("zorblax\n", encoding="utf-8")
    result = run_cli("a.md", "-f", "json", cwd=tmp_path)
    assert [f["rule"] for f in json.loads(result.stdout)["findings"]] == ["mypack.word"]
    err = result.stderr.decode()
    assert f"mypack/t.yml:{line}: " in err and words in err and "Traceback" not in err


def test_catastrophic_pattern_is_stopped_with_a_per_file_message(tmp_path):
    # `(a|a)+` backtracks exponentially (the regex module defuses the classic `(a+)+$`); the
    # first entry matches at the start of every line, so each line costs a full match attempt
    rule = "kind: existence\nsummary: s\nnonword: true\npatterns: ['x', 'x(a|a)+\\?']\n"
    make_project(tmp_path, config="packs: [./mypack]\nselect: [mypack]\n", t=rule + DOC)
    (tmp_path / "slow.txt").write_text(("x" + "a" * 26 + "!\n") * 40, encoding="utf-8")
    (tmp_path / "ok.txt").write_text("A zorblax.\n", encoding="utf-8")
    # 40 lines at 0.3s a line would be 12s; the deadline is per document, and the subprocess
    # timeout only guards against a hang (it is not a measurement)
    result = run_cli("slow.txt", "ok.txt", "-f", "json", cwd=tmp_path, env={"COPYLINT_REGEX_TIMEOUT": "0.3"})
    err = result.stderr.decode().strip().splitlines()
    assert err == ["slow.txt: pattern rules took over 0.3s and were stopped; check the patterns of mypack.t"]
    assert result.returncode == 2
    paths = [f["path"] for f in json.loads(result.stdout)["findings"]]
    assert "ok.txt" in paths


def test_timeout_setting_falls_back_when_unusable(monkeypatch):
    from copylint.declarative import engine

    for value in ("", "soon", "-1", "0"):
        monkeypatch.setenv(engine.TIMEOUT_ENV, value)
        assert engine.regex_timeout() == engine.REGEX_TIMEOUT
    monkeypatch.setenv(engine.TIMEOUT_ENV, "0.25")
    assert engine.regex_timeout() == 0.25


def test_a_pattern_does_not_report_matches_inside_its_own_match(tmp_path):
    rule = "kind: existence\nsummary: s\nnonword: true\npatterns: ['a+', '\\d+ ?%']\n"
    got = _findings(tmp_path, rule, "baaad 50 % and 7%\n", "a.txt")
    assert [(c, m) for c, m, _s, _g in got] == [(2, "aaa"), (7, "50 %"), (12, "a"), (16, "7%")]
