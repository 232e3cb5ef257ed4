"""What the linter caches for speed must not change what it reports."""

from __future__ import annotations

import json

from copylint.linter import RunOptions, lint_paths
from packhelp import invoke, make_project

OVERRIDES = """\
packs: [./mypack]
select: [mypack]
overrides:
  - files: ["drafts/*"]
    disable: [mypack.word]
  - files: ["*.txt"]
    rules: {mypack.word: suggestion}
"""


def test_rule_selection_follows_each_files_overrides_whatever_the_order(tmp_path):
    make_project(tmp_path, OVERRIDES)
    for name in ["a.md", "drafts/b.md", "c.txt", "drafts/d.txt", "e.md"]:
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("A zorblax.\n", encoding="utf-8")
    expected = {"a.md": "warning", "c.txt": "suggestion", "e.md": "warning"}  # drafts/: rule off
    for order in (["a.md", "drafts/b.md", "c.txt", "drafts/d.txt", "e.md"],
                  ["drafts/d.txt", "c.txt", "e.md", "drafts/b.md", "a.md"]):
        data = json.loads(invoke(*order, "-f", "json", cwd=tmp_path).stdout)
        found = {f["path"]: f["severity"] for f in data["findings"] if f["rule"] == "mypack.word"}
        assert found == expected, order


def _results(tmp_path, **options):
    paths = [str(tmp_path / n) for n in ("bad.md", "clean.md")]
    results, _notices = lint_paths(paths, RunOptions(cwd=str(tmp_path), **options), jobs=1)
    return {r.path.rsplit("/", 1)[-1]: r for r in results}


def test_source_comes_back_only_for_files_with_findings_unless_asked(tmp_path):
    make_project(tmp_path)
    (tmp_path / "bad.md").write_text("A zorblax.\n", encoding="utf-8")
    (tmp_path / "clean.md").write_text("All fine.\n", encoding="utf-8")
    lean = _results(tmp_path, keep_source=True, keep_clean_source=False)
    assert lean["bad.md"].findings and lean["bad.md"].source == "A zorblax.\n"
    assert not lean["clean.md"].findings and lean["clean.md"].source is None
    full = _results(tmp_path, keep_source=True)  # the default keeps every file's text (html report)
    assert full["clean.md"].source == "All fine.\n"
    none = _results(tmp_path, keep_source=False)
    assert none["bad.md"].source is None


def test_html_report_shows_the_text_of_files_with_findings(tmp_path):
    make_project(tmp_path)
    (tmp_path / "bad.md").write_text("A zorblax here.\n", encoding="utf-8")
    (tmp_path / "clean.md").write_text("All fine here.\n", encoding="utf-8")
    invoke("bad.md", "clean.md", "-f", "html", "-o", "report.html", cwd=tmp_path)
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert html.count('<pre class="text">') == 1 and " here." in html
    assert "The text is not available" not in html
