"""The public rule-case runner: rule authors (and plugin authors) test rules with YAML cases.

A case file `tests/fixtures/rules/<rule-id>.yml` looks like:

    rule: typos.doubled-word
    cases:
      - name: a doubled article
        fail: "He saw the the fire."
        expect:
          - {line: 1, column: 8, end_line: 1, end_column: 15, match: "the the"}
        fix: "He saw the fire."
      - name: a real repetition
        pass: "He said that that was that."

The expectations are exact, in the manner of sqlfluff's rule fixtures:

- a `fail` case's `expect` lists EVERY finding of the rule, in order of position, each
  with `line`, `column`, `end_line` and `end_column` (1-based, end exclusive); an item
  may also say `rule` (a sub-id such as grammar.EN_A_VS_AN; default the file's rule),
  `severity`, `match`, `message`, `suggestions` (a list) or `suggestion` (the first),
  and `fix` (the fix's title, or null for a finding without a fix);
- `fix` is the text after `--fix` (safe fixes only); `unsafe_fix` the text after every
  fix, unsafe ones too. Either fixed text is linted again and must pass: no finding of
  the rule is left;
- a `pass` case must give no finding of the rule;
- unknown keys, in a case or in an expectation, are errors (a misspelt key would
  otherwise check nothing).

Other keys of a case: `format` (text, markdown, html, ...; default text), `config`
(a mapping, as in `.copylint.yaml`), `as_of` (YYYY-MM-DD), `severity` (every finding's
level). Each case runs through the real pipeline: the text is written to a file, read
back and linted with only that rule selected, by a Session with the case's config.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass, field, replace
from typing import Any

import yaml

from .findings import Finding

_EXT = {"text": ".txt", "markdown": ".md", "html": ".html"}
CASE_KEYS = {"name", "fail", "pass", "format", "config", "as_of", "expect", "fix", "unsafe_fix", "severity"}
FILE_KEYS = {"rule", "cases"}
POSITION_KEYS = ("line", "column", "end_line", "end_column")
EXPECT_KEYS = set(POSITION_KEYS) | {"rule", "severity", "match", "message", "suggestions", "suggestion", "fix"}


class CaseError(ValueError):
    """A case file that cannot be run as written: names the file and the case."""


@dataclass(frozen=True)
class Case:
    rule: str
    name: str
    text: str
    should_fail: bool
    format: str = "text"
    config: dict[str, Any] = field(default_factory=dict)
    as_of: dt.date | None = None
    expect: tuple[dict[str, Any], ...] = ()
    fix: str | None = None
    unsafe_fix: str | None = None
    severity: str | None = None


def load_cases(path: str) -> list[Case]:
    from .yamlfile import load_file

    data = load_file(path)  # safe, and a YAML error names its file:line
    if not isinstance(data, dict) or not isinstance(data.get("rule"), str):
        raise CaseError(f"{path}: a case file is a mapping with 'rule' and 'cases'")
    unknown = sorted(set(data) - FILE_KEYS)
    if unknown:
        raise CaseError(f"{path}: unknown key '{unknown[0]}' (keys: {', '.join(sorted(FILE_KEYS))})")
    rule = data["rule"]
    cases = []
    for i, raw in enumerate(data.get("cases") or [], 1):
        where = f"{path}: case {i}" + (f" ({raw['name']})" if isinstance(raw, dict) and "name" in raw else "")
        cases.append(_case(rule, raw, where, i))
    return cases


def _case(rule: str, raw: Any, where: str, number: int) -> Case:
    if not isinstance(raw, dict):
        raise CaseError(f"{where}: a case is a mapping")
    unknown = sorted(set(raw) - CASE_KEYS)
    if unknown:
        raise CaseError(f"{where}: unknown key '{unknown[0]}' (keys: {', '.join(sorted(CASE_KEYS))})")
    if ("fail" in raw) == ("pass" in raw):
        raise CaseError(f"{where}: needs exactly one of 'fail' or 'pass'")
    failing = "fail" in raw
    if not failing and any(k in raw for k in ("expect", "fix", "unsafe_fix", "severity")):
        raise CaseError(f"{where}: a 'pass' case has no findings to expect or fix")
    expect = raw.get("expect")
    if failing and not expect:
        raise CaseError(f"{where}: a 'fail' case lists every finding in 'expect'")
    items = []
    for item in expect or ():
        if not isinstance(item, dict):
            raise CaseError(f"{where}: each 'expect' item is a mapping with line, column, end_line, end_column")
        bad = sorted(map(str, set(item) - EXPECT_KEYS))
        if bad:
            raise CaseError(f"{where}: unknown key '{bad[0]}' in 'expect' (keys: {', '.join(sorted(EXPECT_KEYS))})")
        missing = [k for k in POSITION_KEYS if k not in item]
        if missing:
            raise CaseError(f"{where}: an 'expect' item needs {', '.join(missing)}")
        items.append(_plain(item))
    as_of = raw.get("as_of")
    if isinstance(as_of, str):
        as_of = dt.date.fromisoformat(as_of)
    return Case(
        rule=rule,
        name=raw.get("name", f"case {number}"),
        text=raw["fail"] if failing else raw["pass"],
        should_fail=failing,
        format=raw.get("format", "text"),
        config=_plain(raw.get("config") or {}),
        as_of=as_of,
        expect=tuple(items),
        fix=raw.get("fix"),
        unsafe_fix=raw.get("unsafe_fix"),
        severity=raw.get("severity"),
    )


def _plain(value: Any) -> Any:
    """Loaded YAML (yamlfile's line-keeping dicts and lists) as plain dicts and lists."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@dataclass(frozen=True)
class CaseRun:
    """What linting a case gave: the rule's findings, and the text after safe and after all fixes."""

    findings: list[Finding]
    fixed: str
    unsafe_fixed: str
    refound: list[Finding]  # the rule's findings in `fixed`
    unsafe_refound: list[Finding]  # ... and in `unsafe_fixed`


def run_case(case: Case, directory: str | None = None) -> CaseRun:
    """Lint a case's text from a real file with only its rule selected, then fix it and lint again."""
    from .fixer import apply_fixes
    from .session import Session
    from .textio import read_path

    ext = _EXT.get(case.format, "." + case.format)
    with tempfile.TemporaryDirectory(dir=directory) as tmp:
        cfg = os.path.join(tmp, ".copylint.yaml")
        with open(cfg, "w", encoding="utf-8") as fh:
            yaml.safe_dump(case.config, fh)
        session = Session(cfg, select=(case.rule,), as_of=case.as_of, cwd=tmp)

        def lint(text: str) -> list[Finding]:
            path = os.path.join(tmp, "case" + ext)
            with open(path, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
            result = session.lint_paths([path]).results[0]
            if result.error:
                raise AssertionError(f"{case.rule} / {case.name}: {result.error}")
            return _own(case.rule, result.findings)

        def fixed(text: str, findings: list[Finding], unsafe: bool) -> str:
            path = os.path.join(tmp, "case" + ext)
            with open(path, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
            if unsafe:
                findings = [replace(f, fix=replace(f.fix, safe=True)) if f.fix else f for f in findings]
            return apply_fixes(read_path(path), findings)[0]

        def settle(text: str, unsafe: bool) -> str:
            # as --fix does: a few rounds, since a fix can reveal another
            for _ in range(3):
                found = lint(text)
                new = fixed(text, found, unsafe)
                if new == text:
                    break
                text = new
            return text

        findings = lint(case.text)
        safe_text = settle(case.text, False) if case.fix is not None else case.text
        unsafe_text = settle(case.text, True) if case.unsafe_fix is not None else case.text
        refound = lint(safe_text) if case.fix is not None else []
        unsafe_refound = lint(unsafe_text) if case.unsafe_fix is not None else []
        return CaseRun(findings, safe_text, unsafe_text, refound, unsafe_refound)


def lint_case(case: Case, directory: str | None = None) -> tuple[list[Finding], str]:
    """The rule's findings for a case and its text after the safe fixes."""
    run = run_case(case, directory)
    return run.findings, run.fixed


def _own(rule: str, findings: Any) -> list[Finding]:
    # a rule with sub-ids (grammar.languagetool) reports ids under its pack (grammar.EN_A_VS_AN)
    pack = rule.split(".", 1)[0] + "."
    return [f for f in findings if f.rule == rule or f.rule.startswith(pack)]


def describe(f: Finding, rule: str | None = None) -> dict[str, Any]:
    """A finding as an `expect` item (what a case file would say to expect it)."""
    out: dict[str, Any] = {}
    if rule is not None and f.rule != rule:
        out["rule"] = f.rule
    out.update(line=f.start.line, column=f.start.column, end_line=f.end.line, end_column=f.end.column)
    return out


def check_case(case: Case, directory: str | None = None) -> None:
    """Assert that a case behaves as written; raises AssertionError with a readable message."""
    run = run_case(case, directory)
    findings = run.findings
    label = f"{case.rule} / {case.name}"
    shown = "\n".join(f"  {describe(f, case.rule)} {f.severity.label} {f.match!r} {f.message}" for f in findings)
    if not case.should_fail:
        assert not findings, f"{label}: expected no finding, got:\n{shown}"
        return
    assert len(findings) == len(case.expect), (
        f"{label}: expected {len(case.expect)} finding(s), got {len(findings)}:\n{shown}")
    for want, got in zip(case.expect, findings):
        for key, value in want.items():
            actual = _field(got, key, case.rule)
            assert actual == value, f"{label}: {key} is {actual!r}, expected {value!r}, in:\n{shown}"
    if case.severity is not None:
        assert all(f.severity.label == case.severity for f in findings), (
            f"{label}: expected severity {case.severity}; got:\n{shown}")
    for wanted, text, again, what in ((case.fix, run.fixed, run.refound, "fix"),
                                      (case.unsafe_fix, run.unsafe_fixed, run.unsafe_refound, "unsafe_fix")):
        if wanted is None:
            continue
        assert text == wanted, f"{label}: the text after {what} is {text!r}, expected {wanted!r}"
        left = "\n".join(f"  {describe(f, case.rule)} {f.match!r} {f.message}" for f in again)
        assert not again, f"{label}: the text after {what} still fails:\n{left}"


def _field(f: Finding, key: str, rule: str) -> Any:
    if key == "rule":
        return f.rule
    if key in POSITION_KEYS:
        return describe(f)[key]
    if key == "severity":
        return f.severity.label
    if key == "suggestion":
        return f.suggestions[0] if f.suggestions else None
    if key == "suggestions":
        return list(f.suggestions)
    if key == "fix":
        return f.fix.title if f.fix else None
    return getattr(f, key)
