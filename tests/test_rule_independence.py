"""Rules are independent: a rule never asks whether another would report; the linter
de-duplicates overlaps among the rules actually selected; a fix's title is the rule's."""

from __future__ import annotations

import datetime as dt

import copylint
from copylint.document import Document
from copylint.formats import read_document

STAMP = "Updated 11:29 AM EDT, Tue, Jun 16, 2020\n\nThe border will be sealed in 2017.\n"
AS_OF = dt.date(2024, 1, 1)


def _rules(select, text=STAMP, filename="a.txt"):
    session = copylint.Session(select=select, as_of=AS_OF)
    return sorted(f.rule for f in session.lint_text(text, filename=filename))


def test_stale_reports_alone_what_it_would_leave_to_newer_than_story():
    assert _rules(["stamps.stale"]) == ["stamps.stale"]
    assert _rules(["stamps.newer-than-story"]) == ["stamps.newer-than-story"]
    # both selected: one finding, the more specific one
    assert _rules(["stamps.stale", "stamps.newer-than-story"]) == ["stamps.newer-than-story"]


def test_stale_reports_alone_what_it_would_leave_to_front_matter():
    text = "---\ndate: 2023-06-01\n---\n\nPublished Jan. 5, 2019 at 1:39 a.m.\n\nThe story, in 2019.\n"
    assert _rules(["stamps.stale"], text, "a.md") == ["stamps.stale"]
    assert _rules(["stamps.front-matter"], text, "a.md") == ["stamps.front-matter"]
    assert _rules(["stamps.stale", "stamps.front-matter"], text, "a.md") == ["stamps.front-matter"]


def test_a_fix_title_says_what_its_edit_does():
    text = "Updated 8:49 am EDT January 23, 2008\n\nThe story.\n"
    (finding,) = copylint.Session(select=["stamps.daylight-zone"], as_of=AS_OF).lint_text(text, filename="a.txt")
    (edit,) = finding.fix.edits
    assert text[edit.start:edit.end] == "EDT" and edit.replacement == "EST"
    assert finding.fix.title == "Change the zone 'EDT' to 'EST'"


def test_the_default_title_describes_the_edit_not_the_match():
    from copylint.findings import Edit
    from copylint.linter import fix_title

    assert fix_title([Edit(10, 13, "EST", "EDT")]) == "Replace 'EDT' with 'EST'"
    assert fix_title([Edit(3, 7, "", " the")]) == "Delete ' the'"
    assert fix_title([Edit(3, 3, ",", "")]) == "Insert ','"
    assert fix_title([Edit(1, 2, "a", "b"), Edit(5, 6, "c", "d")]) == "Replace 'b' with 'a' (and 1 more edit)"
    (doubled,) = copylint.lint_text("He saw the the fire.\n")
    assert doubled.fix.title == "Delete the repeated 'the'"


def test_document_analysis_computes_once_per_document():
    calls = []
    doc = read_document("a.txt", "Some text.\n", "text")

    def count(d: Document) -> int:
        calls.append(d)
        return len(calls)

    assert doc.analysis("test.count", count) == 1
    assert doc.analysis("test.count", count) == 1
    assert doc.analysis("test.other", count) == 2
    fresh = read_document("a.txt", "Some text.\n", "text")
    assert fresh.analysis("test.count", count) == 3  # nothing outlives the document
    assert "_analyses" not in repr(doc)
