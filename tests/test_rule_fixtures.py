"""Every rule's pass/fail/fix cases, run through the real pipeline by the public runner."""

from __future__ import annotations

from pathlib import Path

import pytest

from copylint.registry import load_catalog
from copylint.rule import DOC_HEADINGS
from copylint.testing import check_case, load_cases

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
CASES = [case for path in sorted(FIXTURES.glob("*.yml")) for case in load_cases(str(path))]


@pytest.mark.parametrize("case", CASES, ids=[f"{c.rule}: {c.name}" for c in CASES])
def test_rule_case(case, tmp_path):
    check_case(case, str(tmp_path))


def test_every_rule_has_passing_and_failing_cases():
    catalog = load_catalog()
    missing = []
    for rule_id in catalog.rules:
        cases = [c for c in CASES if c.rule == rule_id]
        if not any(c.should_fail for c in cases) or not any(not c.should_fail for c in cases):
            missing.append(rule_id)
    assert not missing, f"rules without both a pass and a fail case in {FIXTURES}: {missing}"


def test_fixture_files_name_existing_rules():
    catalog = load_catalog()
    unknown = sorted({c.rule for c in CASES} - set(catalog.rules))
    assert not unknown, f"fixtures for rules that do not exist: {unknown}"


@pytest.mark.parametrize("rule_id", sorted(load_catalog().rules))
def test_rule_documents_itself(rule_id):
    meta = load_catalog().rules[rule_id].meta
    for heading in DOC_HEADINGS:
        assert f"## {heading}\n" in meta.doc, f"{rule_id}: doc lacks the heading '{heading}'"
    assert meta.summary and len(meta.summary) <= 90, f"{rule_id}: summary must be one short line"
    assert meta.id.count(".") >= 1 and meta.id.split(".")[0] == meta.pack
