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


BYLINE = ("The council voted on Tuesday after a long debate about the budget.\n\nWords and pictures by\n\n"
          "Jane Doe\n\nThe vote was close, and the mayor spoke for an hour about roads.\n")
STAMP = "Originally aired\n\nJuly 8, 2025\n\nThe council voted on Tuesday after a long debate about the budget.\n"


def _messages(tmp_path, name, text, select):
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = invoke(name, "-f", "json", "--select", select, "--as-of", "2025-07-10", cwd=tmp_path)
    return [(f["rule"], f["severity"], f["message"]) for f in json.loads(result.stdout)["findings"]]


def test_a_term_a_pack_folder_defines_again_changes_the_patterns_and_the_code_that_read_it(tmp_path):
    """A byline's label is written once, as the term `byline_label`: the label's own line pattern
    and the name under it (checks/boilerplate.py) both follow a newsroom's edit of the term, in
    an author's Markdown file a level lower both."""
    assert _rules(tmp_path, BYLINE, "boilerplate.page-furniture")[1] == []
    _house(tmp_path, lines="terms:\n  byline_label: '(?:(?:written|words and pictures) )?by'\n")
    result, found = _rules(tmp_path, BYLINE, "boilerplate.page-furniture")
    assert found == [("boilerplate.page-furniture", "Words and pictures by"),
                     ("boilerplate.page-furniture", "Jane Doe")], result.output
    assert [sev for _rule, sev, _message in _messages(tmp_path, "a.md", BYLINE, "boilerplate.page-furniture")] \
        == ["suggestion", "suggestion"]


def test_a_stamp_label_a_pack_folder_adds_is_read_by_the_stamps_pack_too(tmp_path):
    """A stamp's label alone on its line is the term `date_label`: the boilerplate pack reports the
    label's line, and the stamps pack reads the date under it as a labelled stamp."""
    before = _messages(tmp_path, "a.txt", STAMP, "boilerplate.page-furniture,stamps.in-body")
    assert before == [("stamps.in-body", "warning",
                       "Date stamp 'July 8, 2025' left in the body copy; delete it or move it to the page metadata")]
    _house(tmp_path, lines="terms:\n  date_label: 'originally aired|(?:last )?(?:published|updated)'\n")
    after = _messages(tmp_path, "a.txt", STAMP, "boilerplate.page-furniture,stamps.in-body")
    assert after == [
        ("boilerplate.page-furniture", "warning", "Page furniture 'Originally aired' left in the copy; delete the line"),
        ("stamps.in-body", "warning",
         "Publication stamp 'July 8, 2025' left in the body copy; delete it or move it to the page metadata"),
    ]


def test_a_term_may_name_other_terms_and_one_a_later_file_redefines_changes_them(tmp_path):
    import re

    base = tmp_path / "base.yml"
    base.write_text("terms:\n  month: 'jan|feb'\n  date: '(?:{month}) \\d{1,2}'\n"
                    "rules:\n  page-furniture:\n    lines: ['updated (?:{date})']\n", encoding="utf-8")
    house = tmp_path / "house.yml"
    house.write_text("terms:\n  month: 'janv|févr'\n", encoding="utf-8")
    first = line.load(str(base))
    assert line.merged_terms([first])["date"] == "(?:jan|feb) \\d{1,2}"
    alone = line.compile([first])["page-furniture"].strong
    assert re.fullmatch(alone, "updated feb 3") and not re.fullmatch(alone, "updated févr 3")
    both = line.compile([first, line.load(str(house), terms=first.terms)])["page-furniture"].strong
    assert re.fullmatch(both, "updated févr 3") and not re.fullmatch(both, "updated feb 3")


def test_the_packs_own_line_file_must_define_the_terms_the_code_reads(tmp_path):
    from copylint.checks import boilerplate
    from copylint.services import Services

    path = tmp_path / "lines.yml"
    path.write_text("terms:\n  job_title: writer|editor\nrules:\n  page-furniture:\n    lines: ['menu']\n",
                    encoding="utf-8")
    with pytest.raises(FileError) as info:
        boilerplate._line_terms((str(path),), Services())
    assert info.value.path == str(path) and "the term 'byline_label' is not defined" in info.value.message


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
    ("terms:\n  a: '(b'\n", 2, "term 'a' is not a valid pattern"),
    ("terms:\n  a: '{b}|x'\n  b: 'y|{a}'\n", 2, "term 'a' names itself through a -> b -> a"),
    ("terms:\n  a: 'x'\n  b: '{nope}|y'\n", 3, "term 'b' names the term '{nope}'"),
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
