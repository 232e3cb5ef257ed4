"""`copylint baseline` and `--baseline`: adopt copylint on an archive, report only what is new."""

from __future__ import annotations

import json

from conftest import run_cli
from test_reporters import ARTICLE_MD, findings_json, make_project

REPEATS = "# Notes\n\nIt is very good.\n\nIt is very good.\n\nIt is very good.\n"


def write_baseline(project, *paths, name="baseline.json"):
    res = run_cli("baseline", "-o", name, *paths, cwd=project)
    assert res.returncode == 0, res.stderr.decode()
    return res, json.loads((project / name).read_text(encoding="utf-8"))


def check(project, *paths, fmt="json"):
    res = run_cli("--format", fmt, "--baseline", "baseline.json", *paths, cwd=project)
    assert res.returncode in (0, 1), res.stderr.decode()
    return res, (json.loads(res.stdout)["findings"] if fmt == "json" else None)


def test_baseline_file_is_sorted_stable_and_versioned(tmp_path):
    project = make_project(tmp_path, {"b.md": ARTICLE_MD, "a.md": REPEATS})
    res, data = write_baseline(project, ".")
    assert data["version"] == 1 and data["tool"] == "copylint"
    entries = data["entries"]
    assert len(entries) == len(findings_json(project, ".")) == 10
    assert entries == sorted(entries, key=lambda e: (e["path"], e["rule"], e["match"], e["fingerprint"]))
    assert {e["path"] for e in entries} == {"a.md", "b.md"}
    assert len({e["fingerprint"] for e in entries}) == len(entries)  # repeats counted apart
    assert "Wrote 10 baseline entries to baseline.json." in res.stderr.decode()
    first = (project / "baseline.json").read_bytes()
    write_baseline(project, ".")
    assert (project / "baseline.json").read_bytes() == first


def test_only_new_findings_are_reported(tmp_path):
    project = make_project(tmp_path)
    write_baseline(project, "story.md")
    res, found = check(project, "story.md")
    assert found == [] and res.returncode == 0
    assert "no longer match" not in res.stderr.decode()
    # lines added above shift every finding, but none is new
    text = ARTICLE_MD.replace("# Council votes\n", "# Council votes\n\nA plain new paragraph.\n\nAnother.\n")
    (project / "story.md").write_text(text, encoding="utf-8")
    res, found = check(project, "story.md")
    assert found == [] and res.returncode == 0
    # a new weasel word is reported, alone
    text += "\nThe mayor was really pleased.\n"
    (project / "story.md").write_text(text, encoding="utf-8")
    res, found = check(project, "story.md")
    assert [(f["rule"], f["match"], f["line"]) for f in found] == [("mypack.weasel", "really", 14)]
    assert res.returncode == 1


def test_fixed_findings_leave_stale_entries_that_are_counted(tmp_path):
    project = make_project(tmp_path)
    write_baseline(project, "story.md")
    text = ARTICLE_MD.replace("We utilise a really very big tool.", "We use a big tool.")
    (project / "story.md").write_text(text, encoding="utf-8")
    res, found = check(project, "story.md")
    assert found == [] and res.returncode == 0
    assert "copylint: 4 baseline entries no longer match (fixed or rewritten)" in res.stderr.decode()
    # refreshing drops them
    _, data = write_baseline(project, "story.md")
    assert len(data["entries"]) == 3
    res, _ = check(project, "story.md")
    assert "no longer match" not in res.stderr.decode()


def test_repeats_are_counted(tmp_path):
    project = make_project(tmp_path, {"a.md": REPEATS})
    write_baseline(project, "a.md")
    (project / "a.md").write_text(REPEATS.replace("It is very good.\n\n", "", 1), encoding="utf-8")
    res, found = check(project, "a.md")
    assert found == []
    assert "1 baseline entry no longer matches" in res.stderr.decode()
    (project / "a.md").write_text(REPEATS + "\nIt is very good.\n", encoding="utf-8")
    res, found = check(project, "a.md")
    assert [(f["match"], f["line"]) for f in found] == [("very", 9)]


def test_files_not_linted_do_not_count_as_stale(tmp_path):
    project = make_project(tmp_path, {"a.md": REPEATS, "b.md": ARTICLE_MD})
    write_baseline(project, ".")
    res, found = check(project, "a.md")
    assert found == [] and "no longer match" not in res.stderr.decode()


def test_other_formats_and_source_free_runs(tmp_path):
    """json-lines and github keep no source in memory; the baseline still reads the text."""
    project = make_project(tmp_path)
    write_baseline(project, "story.md")
    (project / "story.md").write_text(ARTICLE_MD + "\nReally, it was very late.\n", encoding="utf-8")
    res = run_cli("--format", "json-lines", "--baseline", "baseline.json", "story.md", cwd=project)
    rows = [json.loads(line) for line in res.stdout.decode().splitlines()]
    assert [(r["match"], r["line"]) for r in rows] == [("Really", 10), ("very", 10)]
    res = run_cli("--format", "github", "--baseline", "baseline.json", "story.md", cwd=project)
    assert [line.split(",")[1] for line in res.stdout.decode().splitlines()] == ["line=10", "line=10"]
    res = run_cli("--format", "sarif", "--baseline", "baseline.json", "story.md", cwd=project)
    results = json.loads(res.stdout)["runs"][0]["results"]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results] == [10, 10]


def test_bad_baseline_files_stop_the_run(tmp_path):
    project = make_project(tmp_path)
    res = run_cli("--baseline", "nope.json", "story.md", cwd=project)
    assert res.returncode == 2 and "baseline file not found" in res.stderr.decode()
    (project / "bad.json").write_text("{not json", encoding="utf-8")
    res = run_cli("--baseline", "bad.json", "story.md", cwd=project)
    assert res.returncode == 2 and "not a readable baseline file" in res.stderr.decode()
    (project / "old.json").write_text('{"tool": "copylint", "version": 99, "entries": []}', encoding="utf-8")
    res = run_cli("--baseline", "old.json", "story.md", cwd=project)
    assert res.returncode == 2 and "version 99 is not supported" in res.stderr.decode()


def test_baseline_command_reports_unlintable_files(tmp_path):
    project = make_project(tmp_path)
    res = run_cli("baseline", "-o", "b.json", "missing.md", cwd=project)
    assert res.returncode == 2
    assert "missing.md: no such file or folder" in res.stderr.decode()
