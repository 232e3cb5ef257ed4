"""A newsroom's pack folder extends the data kinds: boilerplate lines (`line`) and typo cues
(`context`); every data file loads with file:line errors."""

from __future__ import annotations

import json

import pytest

import copylint
from copylint.declarative.kinds import context, line
from copylint.yamlfile import FileError
from packhelp import invoke

WIDGET = "The council met on Tuesday.\n\nBrought to you by the Gazette newsdesk\n\nThe vote is next week.\n"
CUE = "Officials said the damn was built in 1950.\n"


def _house(tmp_path, lines=None, cues=None):
    (tmp_path / "house").mkdir()
    if lines is not None:
        (tmp_path / "house" / "boilerplate" / "data").mkdir(parents=True)
        (tmp_path / "house" / "boilerplate" / "data" / "lines.yml").write_text(lines, encoding="utf-8")
    if cues is not None:
        (tmp_path / "house" / "typos" / "data").mkdir(parents=True)
        (tmp_path / "house" / "typos" / "data" / "offensive-typos.yml").write_text(cues, encoding="utf-8")
    (tmp_path / ".copylint.yaml").write_text("packs: [./house]\n", encoding="utf-8")


def _rules(tmp_path, text, select):
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    result = invoke("a.txt", "-f", "json", "--select", select, cwd=tmp_path)
    return result, [(f["rule"], f["match"]) for f in json.loads(result.stdout)["findings"]]


def test_a_pack_folder_adds_boilerplate_lines(tmp_path):
    assert _rules(tmp_path, WIDGET, "boilerplate")[1] == []  # not a built-in pattern
    _house(tmp_path, lines="rules:\n  social-widget:\n    lines: ['brought to you by the gazette (?:news)?desk']\n")
    result, found = _rules(tmp_path, WIDGET, "boilerplate")
    assert found == [("boilerplate.social-widget", "Brought to you by the Gazette newsdesk")], result.output
    # the built-in lines still work beside the newsroom's
    assert _rules(tmp_path, "The vote.\n\nLike Us on Facebook\n", "boilerplate")[1] == [
        ("boilerplate.social-widget", "Like Us on Facebook")]


def test_a_line_a_pack_folder_patterns_is_not_also_page_furniture(tmp_path):
    # page-furniture reports interface-word lines no pattern fits: the newsroom's patterns count too
    text = "The pool will close on Monday, the council said.\n\nSign in to search\n\nIt reopens in May.\n"
    assert _rules(tmp_path, text, "boilerplate")[1] == [("boilerplate.page-furniture", "Sign in to search")]
    _house(tmp_path, lines="rules:\n  social-widget:\n    lines: ['sign in to search']\n")
    assert _rules(tmp_path, text, "boilerplate")[1] == [("boilerplate.social-widget", "Sign in to search")]


def test_a_pack_folder_adds_typo_cues(tmp_path):
    assert _rules(tmp_path, CUE, "typos.offensive-typo")[1] == []
    _house(tmp_path, cues="cues:\n  - word: damn\n    contexts:\n      - intended: dam\n"
                          "        after: [was, is, burst, broke]\n")
    result, found = _rules(tmp_path, CUE, "typos.offensive-typo")
    assert found == [("typos.offensive-typo", "damn")], result.output


def test_a_long_lived_session_sees_the_pack_data_edited(tmp_path):
    _house(tmp_path, lines="rules:\n  social-widget:\n    lines: ['brought to you by the gazette newsdesk']\n")
    session = copylint.Session(tmp_path / ".copylint.yaml", select=["boilerplate"], cwd=str(tmp_path))
    assert [f.match for f in session.lint_text(WIDGET, filename="a.txt")] == ["Brought to you by the Gazette newsdesk"]
    target = tmp_path / "house" / "boilerplate" / "data" / "lines.yml"
    before = target.stat().st_mtime_ns
    target.write_text("rules:\n  social-widget:\n    lines: ['nothing like this']\n", encoding="utf-8")
    import os

    os.utime(target, ns=(before + 1_000_000_000, before + 1_000_000_000))
    assert session.lint_text(WIDGET, filename="a.txt") == []


def test_a_bad_pack_data_file_is_one_line_with_its_line(tmp_path):
    _house(tmp_path, lines="rules:\n  social-widgt:\n    lines: ['x']\n")
    (tmp_path / "a.txt").write_text(WIDGET, encoding="utf-8")
    result = invoke("a.txt", "-f", "json", "--select", "boilerplate", cwd=tmp_path)
    assert result.exit_code == 2 and result.stdout == ""  # found at config load: nothing linted
    assert "house/boilerplate/data/lines.yml:2: no boilerplate rule named 'social-widgt'" in result.stderr


@pytest.mark.parametrize("text, where, message", [
    ("rules:\n  x:\n    lines: ['(a']\n", 3, "invalid pattern '(a'"),
    ("rules:\n  x:\n    lines: ['{nope} here']\n", 3, "names the term '{nope}'"),
    ("rules:\n  x:\n    max-words: many\n", 3, "max-words must be a whole number"),
    ("rules:\n  x:\n    shape: []\n", 3, "unknown key 'shape'"),
    ("terms: {a: b}\nlines: []\n", 2, "unknown key 'lines'"),
    ("rules: [\n", None, ""),
])
def test_line_data_errors_name_file_and_line(tmp_path, text, where, message):
    path = tmp_path / "lines.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FileError) as info:
        line.load(str(path))
    assert info.value.path == str(path) and message in info.value.message
    if where:
        assert info.value.line == where


@pytest.mark.parametrize("text, where, message", [
    ("cues:\n  - word: porn\n    contexts:\n      - intended: prone\n        join: yes please\n", 5,
     "'join' must be true or false"),
    ("cues:\n  - word: porn\n    contexts:\n      - intnded: prone\n", 4, "unknown key 'intnded'"),
    ("cues:\n  - contexts: []\n", 2, "a cue needs 'word'"),
])
def test_cue_data_errors_name_file_and_line(tmp_path, text, where, message):
    path = tmp_path / "cues.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FileError) as info:
        context.load(str(path))
    assert message in info.value.message and info.value.line == where


PAGE = ("<html><body><article><h1>Pool to close</h1><p>The council met on Tuesday to discuss the budget for next "
        "year, and voted to close the pool.</p></article><div class='site-chrome'><p>Weekdays at 6am</p></div>"
        "</body></html>\n")


def _regions(tmp_path, text):
    data = tmp_path / "house" / "boilerplate" / "data"
    data.mkdir(parents=True)
    (data / "regions.yml").write_text(text, encoding="utf-8")
    (tmp_path / ".copylint.yaml").write_text("packs: [./house]\n", encoding="utf-8")
    (tmp_path / "a.html").write_text(PAGE, encoding="utf-8")
    return invoke("a.html", "-f", "json", "--select", "boilerplate.leftover-line", cwd=tmp_path)


def test_a_pack_folder_names_its_sites_furniture_regions(tmp_path):
    (tmp_path / "a.html").write_text(PAGE, encoding="utf-8")
    plain = invoke("a.html", "-f", "json", "--select", "boilerplate.leftover-line", cwd=tmp_path)
    assert json.loads(plain.stdout)["findings"] == []  # 'chrome' is no built-in furniture name
    result = _regions(tmp_path, "names: [chrome]\n")
    assert [(f["match"], f["severity"]) for f in json.loads(result.stdout)["findings"]] == [
        ("Weekdays at 6am", "warning")], result.output


@pytest.mark.parametrize("text, where, message", [
    ("names: [site-chrome]\n", 1, "a name is one word part of a class or id ('footer', not 'site-footer'): 'site-chrome'"),
    ("tags: [aside]\nclasses: [chrome]\n", 2, "unknown key 'classes'"),
    ("roles: navigation\n", 1, "'roles' must be a list of words"),
])
def test_a_bad_regions_file_is_one_line_with_its_line(tmp_path, where, text, message):
    result = _regions(tmp_path, text)
    assert result.exit_code == 2 and result.stdout == "", result.output
    assert f"house/boilerplate/data/regions.yml:{where}: {message}" in result.stderr, result.stderr
