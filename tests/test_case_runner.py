"""The public rule-case runner (copylint.testing) is exact: it fails where a case says too little."""

from __future__ import annotations

import pytest

from copylint.testing import CaseError, check_case, load_cases

HEAD = "rule: typos.doubled-word\ncases:\n"
GOOD = HEAD + """\
  - name: two doubled words
    fail: "He saw the the fire and and left.\\n"
    expect:
      - {line: 1, column: 8, end_line: 1, end_column: 15, match: the the, fix: "Delete the repeated 'the'"}
      - {line: 1, column: 21, end_line: 1, end_column: 28}
    fix: "He saw the fire and left.\\n"
"""


def _cases(tmp_path, text):
    path = tmp_path / "typos.doubled-word.yml"
    path.write_text(text, encoding="utf-8")
    return load_cases(str(path))


def test_an_exact_case_passes(tmp_path):
    (case,) = _cases(tmp_path, GOOD)
    check_case(case, str(tmp_path))


@pytest.mark.parametrize("text, message", [
    (GOOD.replace("    fix:", "    fixed:"), "unknown key 'fixed'"),
    (GOOD.replace("match: the the", "matched: the the"), "unknown key 'matched' in 'expect'"),
    (GOOD.replace(", end_line: 1, end_column: 28", ""), "an 'expect' item needs end_line, end_column"),
    (HEAD + '  - fail: "the the"\n', "a 'fail' case lists every finding in 'expect'"),
    (HEAD + '  - pass: "fine"\n    fix: "fine"\n', "a 'pass' case has no findings to expect or fix"),
    ("rule: typos.doubled-word\ncase: []\n", "unknown key 'case'"),
])
def test_unknown_or_missing_keys_are_errors(tmp_path, text, message):
    with pytest.raises(CaseError, match=message):
        _cases(tmp_path, text)


@pytest.mark.parametrize("change, message", [
    # one finding left out of `expect`
    (lambda t: t.replace("      - {line: 1, column: 21, end_line: 1, end_column: 28}\n", ""), "expected 1 finding"),
    (lambda t: t.replace("end_column: 28", "end_column: 27"), "end_column is 28, expected 27"),
    (lambda t: t.replace("Delete the repeated 'the'", "Delete 'the the'"), "fix is \"Delete the repeated 'the'\""),
    (lambda t: t.replace('fix: "He saw the fire and left', 'fix: "He saw the fire and and left'), "the text after fix"),
])
def test_a_case_that_says_too_little_or_wrong_fails(tmp_path, change, message):
    (case,) = _cases(tmp_path, change(GOOD))
    with pytest.raises(AssertionError, match=message):
        check_case(case, str(tmp_path))


def test_unsafe_fixes_are_checked_and_the_fixed_text_must_pass(tmp_path):
    text = """\
rule: typos.false-verb-form
cases:
  - fail: "Officials raised concerns over laxed border security.\\n"
    expect:
      - {line: 1, column: 32, end_line: 1, end_column: 37, fix: "Replace 'laxed' with 'lax'"}
    unsafe_fix: "Officials raised concerns over lax border security.\\n"
"""
    path = tmp_path / "case.yml"
    path.write_text(text, encoding="utf-8")
    (case,) = load_cases(str(path))
    check_case(case, str(tmp_path))
    path.write_text(text.replace('unsafe_fix: "Officials raised concerns over lax', 'unsafe_fix: "Officials raised'
                                 ' concerns over laxed'), encoding="utf-8")
    (wrong,) = load_cases(str(path))
    with pytest.raises(AssertionError, match="the text after unsafe_fix"):
        check_case(wrong, str(tmp_path))
    # an unsafe fix never goes in with `fix` (safe fixes only)
    path.write_text(text.replace("unsafe_fix:", "fix:").replace("over lax border", "over laxed border"),
                    encoding="utf-8")
    (safe_only,) = load_cases(str(path))
    with pytest.raises(AssertionError, match="the text after fix still fails"):
        check_case(safe_only, str(tmp_path))
