"""The public rule-case runner: rule authors (and plugin authors) test rules with YAML cases.

A case file `tests/fixtures/rules/<rule-id>.yml` looks like:

    rule: typos.doubled-word
    cases:
      - name: a doubled article
        fail: "He saw the the fire."
        expect: [{line: 1, column: 8, match: "the the"}]
        fix: "He saw the fire."
      - name: a real repetition
        pass: "He said that that was that."

Optional keys of a case: `format` (text, markdown or html; default text), `config`
(a mapping, as in `.copylint.yaml`), `as_of` (YYYY-MM-DD), `severity` (every finding's
level), `count` (how many findings). Each case runs through the real pipeline: the text
is written to a file, read back, linted with only that rule selected, and fixed.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass, field
from typing import Any

import yaml

from .findings import Finding

_EXT = {"text": ".txt", "markdown": ".md", "html": ".html"}


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
    severity: str | None = None
    count: int | None = None


def load_cases(path: str) -> list[Case]:
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    rule = data["rule"]
    cases = []
    for i, raw in enumerate(data.get("cases", [])):
        if ("fail" in raw) == ("pass" in raw):
            raise ValueError(f"{path}: case {i + 1} needs exactly one of 'fail' or 'pass'")
        as_of = raw.get("as_of")
        if isinstance(as_of, str):
            as_of = dt.date.fromisoformat(as_of)
        cases.append(
            Case(
                rule=rule,
                name=raw.get("name", f"case {i + 1}"),
                text=raw["fail"] if "fail" in raw else raw["pass"],
                should_fail="fail" in raw,
                format=raw.get("format", "text"),
                config=raw.get("config") or {},
                as_of=as_of,
                expect=tuple(raw.get("expect", ())),
                fix=raw.get("fix"),
                severity=raw.get("severity"),
                count=raw.get("count"),
            )
        )
    return cases


def lint_case(case: Case, directory: str | None = None) -> tuple[list[Finding], str]:
    """Lint a case's text with only its rule selected; returns the findings and the fixed text."""
    from .linter import Notices, RunOptions, lint_source
    from .textio import read_path

    with tempfile.TemporaryDirectory(dir=directory) as tmp:
        cfg = os.path.join(tmp, ".copylint.yaml")
        with open(cfg, "w", encoding="utf-8") as fh:
            yaml.safe_dump(case.config, fh)
        path = os.path.join(tmp, "case" + _EXT[case.format])
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(case.text)
        options = RunOptions(config_path=cfg, select=(case.rule,), as_of=case.as_of, cwd=tmp)
        result = lint_source(path, read_path(path), options, Notices())
        fixed = case.text
        if case.fix is not None:
            from .fixer import apply_fixes

            fixed, _n = apply_fixes(read_path(path), list(result.findings))
        # a rule with sub-ids (grammar.languagetool) reports ids under its pack (grammar.EN_A_VS_AN)
        own = (case.rule, case.rule.split(".", 1)[0] + ".")
        return [f for f in result.findings if f.rule == own[0] or f.rule.startswith(own[1])], fixed


def check_case(case: Case, directory: str | None = None) -> None:
    """Assert that a case behaves as written; raises AssertionError with a readable message."""
    findings, fixed = lint_case(case, directory)
    shown = "\n".join(f"  {f.start.line}:{f.start.column} {f.severity.label} {f.match!r} {f.message}" for f in findings)
    if not case.should_fail:
        assert not findings, f"{case.rule} / {case.name}: expected no finding, got:\n{shown}"
        return
    assert findings, f"{case.rule} / {case.name}: expected a finding, got none"
    if case.count is not None:
        assert len(findings) == case.count, f"{case.rule} / {case.name}: expected {case.count} findings, got:\n{shown}"
    for want in case.expect:
        ok = any(
            all(
                str(_field(f, key)) == str(value)
                for key, value in want.items()
            )
            for f in findings
        )
        assert ok, f"{case.rule} / {case.name}: no finding matches {want}; got:\n{shown}"
    if case.severity is not None:
        assert all(f.severity.label == case.severity for f in findings), (
            f"{case.rule} / {case.name}: expected severity {case.severity}; got:\n{shown}"
        )
    if case.fix is not None:
        assert fixed == case.fix, f"{case.rule} / {case.name}: fixed text is {fixed!r}, expected {case.fix!r}"


def _field(f: Finding, key: str) -> Any:
    if key == "line":
        return f.start.line
    if key == "column":
        return f.start.column
    if key == "end_line":
        return f.end.line
    if key == "end_column":
        return f.end.column
    if key == "severity":
        return f.severity.label
    if key == "suggestion":
        return f.suggestions[0] if f.suggestions else None
    return getattr(f, key)
