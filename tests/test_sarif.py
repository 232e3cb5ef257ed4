"""SARIF 2.1.0 through the real CLI, validated against the official schema (tests/data)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli
from test_reporters import ARTICLE_MD, findings_json, make_project

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


def validate(log: dict) -> None:
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema (the `test` extra) validates SARIF")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    errors = sorted(cls(schema).iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def sarif(project: Path, *args: str) -> dict:
    res = run_cli("--format", "sarif", *args, cwd=project)
    assert res.returncode in (0, 1, 2), res.stderr.decode()
    return json.loads(res.stdout)


def test_schema_rejects_a_broken_log():
    """The validator really checks: a result without a message is refused."""
    jsonschema = pytest.importorskip("jsonschema")
    bad = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"ruleId": "a"}]}]}
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert list(jsonschema.validators.validator_for(schema)(schema).iter_errors(bad))


def test_sarif_is_valid_and_complete(tmp_path):
    article = "# Title\n\nLe café “très” utilise really very well, really.\n"
    project = make_project(tmp_path, {"news/a.md": ARTICLE_MD, "news/b.md": article})
    log = sarif(project, "news")
    validate(log)
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "copylint"
    rules = {r["id"]: r for r in driver["rules"]}
    weasel = rules["mypack.weasel"]
    assert weasel["name"] == "MypackWeasel"
    assert weasel["shortDescription"]["text"] == "Weasel words"
    assert weasel["fullDescription"]["text"] == "Flags weasel words."
    assert "## Why it matters" in weasel["help"]["markdown"] and "They add nothing." in weasel["help"]["text"]
    assert weasel["helpUri"] == "https://example.org/weasel"
    assert "helpUri" not in rules["mypack.swap"]
    assert rules["mypack.swap"]["defaultConfiguration"]["level"] == "error"
    assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == project.resolve().as_uri() + "/"

    expected = findings_json(project, "news")
    assert len(run["results"]) == len(expected)
    levels = {"error": "error", "warning": "warning", "suggestion": "note"}
    for res, f in zip(run["results"], expected):
        assert res["ruleId"] == f["rule"]
        assert driver["rules"][res["ruleIndex"]]["id"] == f["rule"]
        assert res["level"] == levels[f["severity"]]
        assert res["message"]["text"].startswith(f["message"])
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"] == {"uri": f["path"], "uriBaseId": "SRCROOT"}
        region = loc["region"]
        assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == (
            f["line"], f["column"], f["end_line"], f["end_column"])
        # 1-based code-point columns with an exclusive end pick out the match
        line = (project / f["path"]).read_text(encoding="utf-8").splitlines()[region["startLine"] - 1]
        assert line[region["startColumn"] - 1 : region["endColumn"] - 1] == f["match"]
        assert res["partialFingerprints"]["copylintFingerprint/v1"]
    assert run["columnKind"] == "unicodeCodePoints"
    fixes = [r for r in run["results"] if "fixes" in r]
    assert fixes and fixes[0]["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] == "use"


def test_fingerprints_survive_line_shifts_but_not_rewrites(tmp_path):
    project = make_project(tmp_path)
    before = {r["message"]["text"] + str(r["locations"][0]["physicalLocation"]["region"]["startColumn"]):
              r["partialFingerprints"] for r in sarif(project, "story.md")["runs"][0]["results"]}
    text = ARTICLE_MD.replace("# Council votes\n", "# Council votes\n\nA new first paragraph.\n\nAnd another.\n")
    (project / "story.md").write_text(text, encoding="utf-8")
    shifted = sarif(project, "story.md")["runs"][0]["results"]
    assert {r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in shifted} == {10, 12}
    after = {r["message"]["text"] + str(r["locations"][0]["physicalLocation"]["region"]["startColumn"]):
             r["partialFingerprints"] for r in shifted}
    assert after == before
    # rewriting the words around the last "really" gives it a new fingerprint, the rest stay
    (project / "story.md").write_text(text.replace("very good, really.", "very good, really, honestly."), encoding="utf-8")
    rewritten = sarif(project, "story.md")["runs"][0]["results"]
    changed = [r for r in rewritten if r["partialFingerprints"] not in before.values()]
    assert [r["locations"][0]["physicalLocation"]["region"]["startColumn"] for r in changed] == [53]


def test_file_errors_become_notifications(tmp_path):
    project = make_project(tmp_path)
    (project / "bad.txt").write_bytes(b"caf\xe9\n")
    log = sarif(project, "story.md", "bad.txt")
    validate(log)
    inv = log["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False
    (note,) = inv["toolExecutionNotifications"]
    assert "UTF-8" in note["message"]["text"]
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "bad.txt"


def test_paths_with_spaces_are_uri_encoded(tmp_path):
    project = make_project(tmp_path, {"my folder/a story.md": ARTICLE_MD})
    log = sarif(project, "my folder")
    validate(log)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert uris == {"my%20folder/a%20story.md"}


def test_clean_run_is_valid(tmp_path):
    project = make_project(tmp_path, {"a.txt": "Plain copy.\n"})
    log = sarif(project, "a.txt")
    validate(log)
    assert log["runs"][0]["results"] == []
