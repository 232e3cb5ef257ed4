"""The Python API: copylint.lint_text, copylint.Session and Finding.to_dict (docs/api.md)."""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest

import copylint
from copylint.cli import main
from click.testing import CliRunner

STORY = "He saw the the fire.\n"


def test_lint_text_reads_and_writes_no_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".copylint.yaml").write_text("disable: [typos]\n", encoding="utf-8")  # not discovered
    findings = copylint.lint_text(STORY, filename="story.md")
    assert [(f.rule, f.start.line, f.start.column, f.match) for f in findings] == [
        ("typos.doubled-word", 1, 8, "the the")]
    assert not (tmp_path / "story.md").exists()
    assert sorted(os.listdir(tmp_path)) == [".copylint.yaml"]


def test_config_as_a_mapping_or_a_path(tmp_path):
    assert copylint.lint_text(STORY, config={"disable": ["typos.doubled-word"]}) == []
    cfg = tmp_path / "house.yaml"
    cfg.write_text("disable: [typos]\n", encoding="utf-8")
    assert copylint.lint_text(STORY, config=str(cfg)) == []
    assert copylint.lint_text(STORY, config=cfg) == []  # a PathLike too


def test_a_bad_config_mapping_says_where(tmp_path):
    with pytest.raises(copylint.ConfigError, match="no rule or pack named 'typoz'"):
        copylint.lint_text(STORY, config={"disable": ["typoz"]})


def test_format_from_the_filename_or_given():
    text = "Some `the the` code.\n"
    assert copylint.lint_text(text, filename="a.md") == []  # code in markdown is not prose
    assert [f.match for f in copylint.lint_text(text, filename="a.txt")] == ["the the"]
    assert [f.match for f in copylint.lint_text(text, filename="a.md", format="text")] == ["the the"]
    html = "<p>He saw <b>the</b> the fire.</p><script>the the</script>\n"
    (finding,) = copylint.lint_text(html, filename="page.html")
    assert finding.offset == html.index("the</b>") and finding.end_offset == html.index(" fire")
    with pytest.raises(ValueError, match="unknown format 'docz'"):
        copylint.lint_text(text, format="docz")


def test_finding_to_dict_is_the_json_contract(tmp_path):
    (tmp_path / "a.md").write_text(STORY, encoding="utf-8")
    result = CliRunner().invoke(main, [str(tmp_path / "a.md"), "-f", "json"])
    from_cli = json.loads(result.stdout)["findings"]
    (finding,) = copylint.lint_text(STORY, filename=str(tmp_path / "a.md"))
    want = dict(from_cli[0], path=str(tmp_path / "a.md"))
    assert finding.to_dict() == want
    assert set(want) == {"path", "line", "column", "end_line", "end_column", "rule", "severity", "message",
                         "match", "verbatim", "suggestions", "fix", "link"}
    json.dumps(finding.to_dict())


def test_session_fix_text_applies_safe_fixes_only():
    session = copylint.Session(as_of=dt.date(2024, 1, 1))
    fixed = session.fix_text(STORY)
    assert fixed.text == "He saw the fire.\n" and fixed.applied == 1 and fixed.findings == ()
    crlf = session.fix_text("He saw the the fire.\r\nAnd a a dog.\r\n", filename="a.txt")
    assert crlf.text == "He saw the fire.\r\nAnd a dog.\r\n"
    clean = session.fix_text("All fine.\n")
    assert clean.text == "All fine.\n" and clean.applied == 0


def test_session_lint_paths_walks_folders_and_reports_missing_ones(tmp_path):
    (tmp_path / "a.md").write_text(STORY, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("Fine copy.\n", encoding="utf-8")
    (tmp_path / "sub" / "skip.py").write_text("the the\n", encoding="utf-8")
    outcome = copylint.Session(cwd=str(tmp_path)).lint_paths([str(tmp_path), str(tmp_path / "nope.md")])
    by_path = {os.path.relpath(r.path, tmp_path): r for r in outcome.results}
    assert set(by_path) == {"a.md", os.path.join("sub", "b.txt"), "nope.md"}
    assert [f.rule for f in by_path["a.md"].findings] == ["typos.doubled-word"]
    assert by_path["nope.md"].error == "no such file or folder"
    results, notices = outcome  # unpacks as (results, notices)
    assert results is outcome.results and notices.file_errors == []


def test_session_lint_paths_fix_writes_atomically(tmp_path):
    target = tmp_path / "a.md"
    target.write_bytes(b"\xef\xbb\xbfHe saw the the fire.\r\n")
    outcome = copylint.Session(cwd=str(tmp_path)).lint_paths([str(target)], fix=True)
    assert outcome.results[0].fixed == 1
    assert target.read_bytes() == b"\xef\xbb\xbfHe saw the fire.\r\n"


def _touch_later(path, text):
    """Rewrite a file so that its modification time surely differs from before."""
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    if path.stat().st_mtime_ns == before:  # a coarse filesystem clock
        os.utime(path, ns=(before + 1_000_000_000, before + 1_000_000_000))


def test_a_long_lived_session_sees_the_config_edited(tmp_path):
    cfg = tmp_path / ".copylint.yaml"
    cfg.write_text("disable: []\n", encoding="utf-8")
    story = tmp_path / "a.md"
    story.write_text(STORY, encoding="utf-8")
    session = copylint.Session(cwd=str(tmp_path))
    assert [f.rule for f in session.lint_paths([str(story)]).findings] == ["typos.doubled-word"]
    _touch_later(cfg, "disable: [typos]\n")
    assert session.lint_paths([str(story)]).findings == []
    # a discovering session (an editor's) sees it through lint_text too
    editor = copylint.Session(cwd=str(tmp_path), discover=True)
    assert editor.lint_text(STORY, filename=str(story)) == []
    _touch_later(cfg, "disable: []\n")
    assert [f.rule for f in editor.lint_text(STORY, filename=str(story))] == ["typos.doubled-word"]


def test_a_config_created_later_is_found(tmp_path):
    story = tmp_path / "a.md"
    story.write_text(STORY, encoding="utf-8")
    session = copylint.Session(cwd=str(tmp_path))
    assert session.lint_paths([str(story)]).findings
    (tmp_path / ".copylint.yaml").write_text("disable: [typos]\n", encoding="utf-8")
    assert session.lint_paths([str(story)]).findings == []


def test_a_long_lived_session_sees_a_pack_edited(tmp_path):
    pack = tmp_path / "house"
    pack.mkdir()
    rule = ("kind: existence\nsummary: s\nseverity: {level}\ntokens: [zorblax]\n"
            "doc: {{what: w, why: y, example: e, instead: i}}\n")
    (pack / "word.yml").write_text(rule.format(level="warning"), encoding="utf-8")
    session = copylint.Session({"packs": ["./house"], "select": ["house"]}, cwd=str(tmp_path))
    assert [f.severity.label for f in session.lint_text("A zorblax.\n")] == ["warning"]
    _touch_later(pack / "word.yml", rule.format(level="error"))
    assert [f.severity.label for f in session.lint_text("A zorblax.\n")] == ["error"]
    (pack / "other.yml").write_text(rule.format(level="error").replace("zorblax", "blorf"), encoding="utf-8")
    assert [f.rule for f in session.lint_text("A zorblax and a blorf.\n")] == ["house.word", "house.other"]


def test_sessions_share_no_state(tmp_path):
    a = copylint.Session({"disable": ["typos"]})
    b = copylint.Session()
    assert a.lint_text(STORY) == [] and b.lint_text(STORY)
    assert a.services is not b.services


def test_lint_bytes_compatibility_wrapper_still_works(tmp_path):
    from copylint.linter import RunOptions, lint_bytes

    result, notices = lint_bytes(str(tmp_path / "a.md"), STORY.encode(), RunOptions(cwd=str(tmp_path)))
    assert [f.rule for f in result.findings] == ["typos.doubled-word"]


def test_the_grammar_client_lives_in_the_session(tmp_path):
    server = os.environ["COPYLINT_TEST_LT_SERVER"]  # tests/conftest.py's LanguageTool stand-in
    text = "Local officials have already stepped up its efforts at the border.\n"
    a = copylint.Session({"grammar": {"server": server, "cache": False}}, select=["grammar"])
    b = copylint.Session({"grammar": {"server": server, "cache": False}}, select=["grammar"])
    assert a.lint_text(text, filename="a.txt") and b.lint_text(text, filename="a.txt")
    service = _connections(a)
    assert len(service) == 1 and service[0] is not _connections(b)[0]
    assert a.lint_text(text, filename="a.txt")
    assert _connections(a) == service  # kept between lints


def _connections(session) -> list:
    """The session's LanguageTool connections (keyed by ("grammar.languagetool", settings))."""
    return [obj for key, obj in session.services._objects.items()
            if isinstance(key, tuple) and key[0] == "grammar.languagetool"]


def test_backoff_waits_longer_after_each_failure_and_recovers():
    from copylint.services import Backoff

    now = [100.0]
    backoff = Backoff(first=1.0, ceiling=4.0, clock=lambda: now[0])
    assert backoff.ready()
    backoff.failed("refused")
    assert not backoff.ready() and backoff.wait() == 1.0
    now[0] += 1.0
    assert backoff.ready()
    backoff.failed("refused")
    backoff.failed("refused")
    assert backoff.wait() == 4.0  # 1, 2, 4: capped at the ceiling
    backoff.succeeded()
    assert backoff.ready() and backoff.failures == 0


def test_services_reload_a_data_file_when_it_changes(tmp_path):
    from copylint.services import Services

    vocab = tmp_path / "accept.txt"
    vocab.write_text("zorblax\n", encoding="utf-8")
    services, calls = Services(), []

    def parse(path):
        calls.append(path)
        return set(open(path, encoding="utf-8").read().split())

    assert services.file(str(vocab), parse) == {"zorblax"}
    assert services.file(str(vocab), parse) == {"zorblax"} and len(calls) == 1
    _touch_later(vocab, "zorblax\nblorf\n")
    assert services.file(str(vocab), parse) == {"zorblax", "blorf"} and len(calls) == 2


def test_the_api_doc_examples_hold():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[1] / "docs" / "api.md").read_text(encoding="utf-8")
    (finding,) = copylint.lint_text("He saw the the fire.\n", filename="story.md")
    assert f"# {finding.start.line} {finding.start.column} {finding.rule} {finding.message}" in doc
    shown = doc.split("```json\n", 1)[1].split("```", 1)[0]
    assert json.loads(shown) == finding.to_dict()


def test_the_readme_python_example_prints_what_it_says(capsys):
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split("## From Python\n\n```python\n", 1)[1].split("```", 1)[0]
    head, printed = block.split("\n# ", 1)
    exec(compile(head, "README.md", "exec"), {})
    assert capsys.readouterr().out.strip() == printed.split("\n", 1)[0].strip()
