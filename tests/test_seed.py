"""The seed article's defects, found end to end by the real CLI at their exact places."""

from __future__ import annotations

import json
import re

import pytest

from conftest import run_cli, shared_path

# (line, column, rule prefix, matched text starts with, severity at least, suggestion or None)
EXPECTED = [
    (1, 1, "stamps.", "Updated", "warning", None),
    (3, 1, "boilerplate.", "Make CT Your Homepage", "warning", None),
    (9, 1, "boilerplate.", "(Photo : Getty Images)", "warning", None),
    (13, 1, "boilerplate.", "Like Us on Facebook", "warning", None),
    (21, 139, "typos.", "laxed", "warning", "lax"),
    (29, 281, "typos.", "terrorism porn", "error", "terrorism-prone"),
    (31, 1, "boilerplate.", "Real Time Analytics", "warning", None),
]
LEVELS = {"suggestion": 1, "warning": 2, "error": 3}


@pytest.fixture(scope="module")
def seed_json():
    seed = shared_path("examples", "seed-article.txt")
    proc = run_cli(str(seed), "--format", "json", "--as-of", "2017-01-20")
    assert proc.returncode == 1, proc.stderr.decode()
    return seed, json.loads(proc.stdout)


@pytest.mark.parametrize("line,column,prefix,match,level,suggestion", EXPECTED)
def test_seed_defect_found_at_exact_position(seed_json, line, column, prefix, match, level, suggestion):
    _seed, data = seed_json
    found = [
        f for f in data["findings"]
        if f["line"] == line and f["column"] == column and f["rule"].startswith(prefix)
    ]
    assert found, f"nothing from {prefix}* at {line}:{column}; got " + repr(
        [(f["line"], f["column"], f["rule"], f["match"]) for f in data["findings"]]
    )
    best = max(found, key=lambda f: LEVELS[f["severity"]])
    assert best["match"].startswith(match)
    assert LEVELS[best["severity"]] >= LEVELS[level]
    if suggestion is not None:
        assert suggestion in best["suggestions"]
    assert best["end_line"] == line and best["end_column"] >= column + len(match)


def test_seed_positions_agree_across_formats(seed_json):
    seed, data = seed_json
    text = run_cli(str(seed), "--as-of", "2017-01-20", "--no-source", "--color", "never").stdout.decode()
    github = run_cli(str(seed), "--format", "github", "--as-of", "2017-01-20").stdout.decode()
    for f in data["findings"]:
        assert f"{f['path']}:{f['line']}:{f['column']}: {f['severity']} {f['rule']}" in text
        level = {"error": "error", "warning": "warning", "suggestion": "notice"}[f["severity"]]
        pattern = (
            rf"::{level} file=[^,]+,line={f['line']},col={f['column']},"
            rf"endLine={f['end_line']},endColumn={f['end_column']},title={re.escape(f['rule'])}::"
        )
        assert re.search(pattern, github), f"no github annotation for {f['rule']} at {f['line']}:{f['column']}"


def test_no_unexplained_findings_on_clean_lines(seed_json):
    """Warnings and errors fall only on lines with a known defect."""
    _seed, data = seed_json
    defect_lines = {1, 3, 9, 13, 17, 21, 23, 27, 29, 31}
    stray = [
        (f["line"], f["rule"], f["match"]) for f in data["findings"]
        if f["severity"] != "suggestion" and f["line"] not in defect_lines
    ]
    assert not stray, f"warnings on lines without a known defect: {stray}"
