"""Inline directives in Markdown, HTML and plain text, through the real CLI."""

from __future__ import annotations

import pytest

from packhelp import lint_json, make_project

BODY = (
    "zorblax 1\n"
    "<!-- copylint-disable-next-line mypack.word -->\n"
    "zorblax 3\n"
    "zorblax 4 <!-- copylint-disable-line mypack -->\n"
    "<!-- copylint-disable -->\n"
    "zorblax 6\n"
    "<!-- copylint-enable -->\n"
    "zorblax 8\n"
    "<!-- copylint-disable mypack.word -->\n"
    "zorblax 10\n"
    "<!-- copylint-enable mypack.word -->\n"
    "zorblax 12 <!-- copylint-disable-line mypack.swap -->\n"
)


def _found(tmp_path, name, text, *args):
    make_project(tmp_path, config="packs: [./mypack]\nselect: [mypack, copylint]\n")
    (tmp_path / name).write_text(text, encoding="utf-8")
    return [(f["line"], f["rule"]) for f in lint_json(tmp_path / name, *args)["findings"]]


@pytest.mark.parametrize("name", ["a.md", "a.txt", "a.html"])
def test_each_directive_in_each_format(tmp_path, name):
    text = BODY.replace("\n", "<br>\n") if name.endswith(".html") else BODY
    assert _found(tmp_path, name, text) == [(1, "mypack.word"), (8, "mypack.word"), (12, "mypack.word")]


@pytest.mark.parametrize("name", ["a.md", "a.txt", "a.html"])
def test_unknown_rule_in_directive_is_reported(tmp_path, name):
    text = "<!-- copylint-disable-next-line mypack.nope, mypack.word -->\nzorblax\n"
    assert _found(tmp_path, name, text) == [(1, "copylint.directive")]


def test_directives_in_markdown_code_are_ignored(tmp_path):
    text = ("```\n<!-- copylint-disable -->\n```\nzorblax 4\n\n    <!-- copylint-disable -->\n\nzorblax 8\n"
            "`<!-- copylint-disable -->` zorblax 9\n")
    assert _found(tmp_path, "a.md", text) == [(4, "mypack.word"), (8, "mypack.word"), (9, "mypack.word")]


def test_directives_in_html_code_are_ignored(tmp_path):
    text = "<pre><!-- copylint-disable --></pre><p>zorblax</p>\n<code><!-- copylint-disable --></code> zorblax\n"
    assert _found(tmp_path, "a.html", text) == [(1, "mypack.word"), (2, "mypack.word")]


def test_next_line_counts_from_the_end_of_a_multiline_comment(tmp_path):
    text = "<!--\ncopylint-disable-next-line mypack.word\n-->\nzorblax 4\nzorblax 5\n"
    assert _found(tmp_path, "a.md", text) == [(5, "mypack.word")]


def test_enable_one_rule_inside_a_disable_all(tmp_path):
    text = "<!-- copylint-disable -->\nzorblax colour\n<!-- copylint-enable mypack.swap -->\nzorblax colour\n"
    assert _found(tmp_path, "a.txt", text) == [(4, "mypack.swap")]


@pytest.mark.parametrize("directives,expected", [
    ("<!-- copylint-disable mypack -->\n<!-- copylint-enable mypack.word -->\n", ["mypack.word"]),
    ("<!-- copylint-disable mypack.word -->\n<!-- copylint-enable mypack -->\n", ["mypack.swap", "mypack.word"]),
    ("<!-- copylint-disable -->\n<!-- copylint-enable mypack.swap -->\n", ["mypack.swap"]),
    ("<!-- copylint-disable mypack.word, mypack.swap -->\n<!-- copylint-enable -->\n", ["mypack.swap", "mypack.word"]),
    ("<!-- copylint-disable mypack.swap -->\n<!-- copylint-disable mypack -->\n<!-- copylint-enable mypack.word -->\n",
     ["mypack.word"]),
])
def test_the_last_directive_naming_a_rule_decides(tmp_path, directives, expected):
    found = _found(tmp_path, "a.md", directives + "\nzorblax colour\n")
    assert sorted(rule for _line, rule in found) == expected


def test_directives_in_code_inside_markdown_html_blocks_are_ignored(tmp_path):
    text = "<pre>\n<!-- copylint-disable -->\n</pre>\n\nzorblax 5\n\n<div><code><!-- copylint-disable --></code></div>\n\nzorblax 9\n"
    assert _found(tmp_path, "a.md", text) == [(5, "mypack.word"), (9, "mypack.word")]
