"""The CI formats through the real CLI on articles and a rule pack this file writes itself."""

from __future__ import annotations

import json
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import run_cli

WEASEL = """\
kind: existence
summary: Weasel words
message: "Cut '{match}': it adds nothing"
severity: warning
link: https://example.org/weasel
tokens: [very, really]
doc:
  what: Flags weasel words.
  why: They add nothing.
  example: It was very big.
  instead: It was big.
"""

SWAP = """\
kind: substitution
summary: Plain words
message: "Use '{replacement}' instead of '{match}'"
severity: error
fix: safe
swap:
  utilise: use
  really very: very
doc:
  what: Swaps pompous words for plain ones.
  why: Plain words read faster.
  example: We utilise it.
  instead: We use it.
"""

MARKUP = """\
kind: existence
summary: Markup left in copy
message: "Markup '{match}' in copy"
severity: suggestion
nonword: true
patterns: ['<script>[^<]*</script>', 'onerror=', 'q\\|p', 'ctl\\x0b']
doc:
  what: Flags markup left in copy.
  why: Readers should never see it.
  example: <script>
  instead: Nothing.
"""

ARTICLE_MD = """\
---
title: Test story
---
# Council votes

We utilise a really very big tool. It is very good, really.

The café said “très” very loudly.
"""


def make_project(tmp_path: Path, articles: dict[str, str] | None = None) -> Path:
    """A folder with two YAML packs, a config selecting only them, and articles."""
    (tmp_path / "mypack").mkdir(parents=True)
    (tmp_path / "mypack" / "weasel.yml").write_text(WEASEL, encoding="utf-8")
    (tmp_path / "mypack" / "swap.yml").write_text(SWAP, encoding="utf-8")
    (tmp_path / "otherpack").mkdir()
    (tmp_path / "otherpack" / "markup.yml").write_text(MARKUP, encoding="utf-8")
    (tmp_path / ".copylint.yaml").write_text(
        "packs: [./mypack, ./otherpack]\nselect: [mypack, otherpack]\n", encoding="utf-8"
    )
    for name, text in (articles if articles is not None else {"story.md": ARTICLE_MD}).items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def findings_json(project: Path, *paths: str) -> list[dict]:
    res = run_cli("--format", "json", *paths, cwd=project)
    assert res.returncode in (0, 1), res.stderr.decode()
    return json.loads(res.stdout)["findings"]


def test_json_lines_has_the_json_fields_one_a_line(tmp_path):
    project = make_project(tmp_path)
    expected = findings_json(project, "story.md")
    res = run_cli("--format", "json-lines", "story.md", cwd=project)
    assert res.returncode == 1
    lines = res.stdout.decode().splitlines()
    assert [json.loads(line) for line in lines] == expected
    assert {f["rule"] for f in expected} == {"mypack.weasel", "mypack.swap"}


def test_junit_one_testcase_a_file_failures_per_finding(tmp_path):
    project = make_project(tmp_path, {"a.md": ARTICLE_MD, "clean.txt": "Nothing to see here.\n"})
    res = run_cli("--format", "junit", "a.md", "clean.txt", "missing.md", cwd=project)
    assert res.returncode == 2  # the missing file
    root = ET.fromstring(res.stdout)
    suite = root.find("testsuite")
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert set(cases) == {"a.md", "clean.txt", "missing.md"}
    failures = cases["a.md"].findall("failure")
    expected = findings_json(project, "a.md")
    assert len(failures) == len(expected) == int(suite.get("failures"))
    assert failures[0].get("type") == expected[0]["severity"]
    assert failures[0].get("message") == f"{expected[0]['rule']}: {expected[0]['message']}"
    assert f"a.md:{expected[0]['line']}:{expected[0]['column']}:" in failures[0].text
    assert cases["clean.txt"].find("failure") is None
    assert cases["missing.md"].find("error") is not None and suite.get("errors") == "1"


def test_checkstyle_lists_errors_by_file(tmp_path):
    project = make_project(tmp_path)
    res = run_cli("--format", "checkstyle", "story.md", cwd=project)
    root = ET.fromstring(res.stdout)
    assert root.tag == "checkstyle"
    (node,) = root.findall("file")
    assert node.get("name") == "story.md"
    expected = findings_json(project, "story.md")
    errors = node.findall("error")
    assert [(int(e.get("line")), int(e.get("column"))) for e in errors] == [(f["line"], f["column"]) for f in expected]
    levels = {"error": "error", "warning": "warning", "suggestion": "info"}
    assert [e.get("severity") for e in errors] == [levels[f["severity"]] for f in expected]
    assert errors[0].get("source") == "copylint." + expected[0]["rule"]


def test_xml_formats_survive_hostile_and_control_characters(tmp_path):
    text = "A very <b>&amp;</b> ]]> story with ctl\x0b in it.\n"
    name = "we<ird>&.txt"
    project = make_project(tmp_path, {name: text})
    junit = ET.fromstring(run_cli("--format", "junit", name, cwd=project).stdout)  # parses: all escaped
    case = junit.find("testsuite/testcase")
    assert case.get("name") == name
    messages = [f.get("message") for f in case.findall("failure")]
    assert "otherpack.markup: Markup 'ctl\ufffd' in copy" in messages  # XML 1.0 cannot carry \x0b
    checkstyle = ET.fromstring(run_cli("--format", "checkstyle", name, cwd=project).stdout)
    assert checkstyle.find("file").get("name") == name
    assert len(checkstyle.findall("file/error")) == len(messages) == 2


def _byte_col(line: str, col: int) -> int:
    return len(line[: col - 1].encode("utf-8")) + 1


def test_rdjson_byte_columns_and_suggestions_from_fixes(tmp_path):
    article = "# T\n\nLe café “très” utilise really very well.\n"
    project = make_project(tmp_path, {"s.md": article})
    res = run_cli("--format", "rdjson", "s.md", cwd=project)
    data = json.loads(res.stdout)
    assert data["source"]["name"] == "copylint"
    line = article.splitlines()[2]
    expected = findings_json(project, "s.md")
    assert len(data["diagnostics"]) == len(expected)
    for d, f in zip(data["diagnostics"], expected):
        assert d["location"]["path"] == "s.md"
        assert d["code"]["value"] == f["rule"]
        assert d["severity"] == {"error": "ERROR", "warning": "WARNING", "suggestion": "INFO"}[f["severity"]]
        start = d["location"]["range"]["start"]
        assert start == {"line": 3, "column": _byte_col(line, f["column"])}
        # the byte range picks out exactly the match
        end = d["location"]["range"]["end"]["column"]
        assert line.encode()[start["column"] - 1 : end - 1].decode() == f["match"]
        if f["fix"]:
            (sugg,) = d["suggestions"]
            assert sugg["text"] == f["fix"]["edits"][0]["replacement"]
            assert sugg["range"] == d["location"]["range"]
        else:
            assert "suggestions" not in d
    assert any("suggestions" in d for d in data["diagnostics"])
    assert data["diagnostics"][0]["location"]["range"]["start"]["column"] > expected[0]["column"]  # é and “ are 2-3 bytes


def test_markdown_summary_counts_and_escaped_table(tmp_path):
    article = "A very | *bold* @editor #12 <img src=x> q|p story.\n"
    project = make_project(tmp_path, {"dir/a story.txt": article})
    res = run_cli("--format", "markdown", "dir", cwd=project, env={"GITHUB_SERVER_URL": "", "GITHUB_SHA": ""})
    out = res.stdout.decode()
    assert out.startswith("## copylint\n")
    assert "| warning | 1 |" in out and "| suggestion | 1 |" in out and "| error | 0 |" in out
    assert "| mypack | 1 |" in out and "| otherpack | 1 |" in out
    rows = [r for r in out.splitlines() if r.startswith("| [")]
    assert len(rows) == 2
    assert "[dir/a story.txt:1](dir/a%20story.txt#L1)" in rows[0]
    # a pipe inside a cell is escaped, so every row has the header's five cells
    for row in rows:
        cells = [c for c in row.replace("\\|", "").split("|")][1:-1]
        assert len(cells) == 5
    assert "<img" not in out and "@editor" not in out and "#12" not in out
    assert "q\\|p" in out


def test_markdown_links_to_the_blob_on_github_actions(tmp_path):
    project = make_project(tmp_path)
    env = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "news/desk", "GITHUB_SHA": "abc123"}
    out = run_cli("--format", "markdown", "story.md", cwd=project, env=env).stdout.decode()
    assert "(https://github.com/news/desk/blob/abc123/story.md#L6)" in out


def test_markdown_when_clean(tmp_path):
    project = make_project(tmp_path, {"a.txt": "Nothing here.\n"})
    res = run_cli("--format", "markdown", "a.txt", cwd=project)
    assert res.returncode == 0
    assert "No problems found in 1 file." in res.stdout.decode()


def test_gitlab_code_quality_report(tmp_path):
    project = make_project(tmp_path)
    res = run_cli("--format", "gitlab", "story.md", cwd=project)
    issues = json.loads(res.stdout)
    expected = findings_json(project, "story.md")
    assert len(issues) == len(expected)
    levels = {"error": "major", "warning": "minor", "suggestion": "info"}
    for issue, f in zip(issues, expected):
        assert issue["check_name"] == f["rule"]
        assert issue["severity"] == levels[f["severity"]]
        assert issue["location"] == {"path": "story.md", "lines": {"begin": f["line"], "end": f["end_line"]}}
        assert issue["description"].startswith(f["message"])
    fps = [i["fingerprint"] for i in issues]
    assert len(set(fps)) == len(fps)  # repeats of a word still get their own
    same = json.loads(run_cli("--format", "codeclimate", "story.md", cwd=project).stdout)
    assert same == issues


def test_several_formats_in_one_run(tmp_path):
    project = make_project(tmp_path)
    res = run_cli("--format", "sarif", "-o", "out.sarif", "--format", "junit", "-o", "out.xml",
                  "--format", "github", "story.md", cwd=project)
    assert res.returncode == 1
    assert json.loads((project / "out.sarif").read_text())["version"] == "2.1.0"
    ET.fromstring((project / "out.xml").read_text())
    assert res.stdout.decode().startswith("::error file=story.md,line=6,")


@pytest.mark.parametrize("fmt", ["sarif", "rdjson", "junit", "checkstyle", "json-lines", "markdown", "gitlab", "html"])
def test_formats_handle_no_files_with_findings(tmp_path, fmt):
    project = make_project(tmp_path, {"a.txt": "Plain copy.\n"})
    res = run_cli("--format", fmt, "a.txt", cwd=project)
    assert res.returncode == 0, res.stderr.decode()
    assert res.stderr.decode() == ""


def test_unknown_format_lists_the_new_ones(tmp_path):
    project = make_project(tmp_path)
    res = run_cli("--format", "nope", "story.md", cwd=project)
    assert res.returncode == 2
    err = res.stderr.decode()
    for name in ("sarif", "rdjson", "junit", "checkstyle", "json-lines", "markdown", "gitlab", "html"):
        assert name in err


@pytest.mark.parametrize("fmt, items", [
    ("json", lambda d: d["findings"]),
    ("sarif", lambda d: d["runs"][0]["results"]),
    ("rdjson", lambda d: d["diagnostics"]),
    ("gitlab", lambda d: d),
])
def test_json_formats_put_each_finding_on_one_line_of_an_indented_frame(tmp_path, fmt, items):
    # the frame is indented for a reader; each finding is one line, encoded by the C encoder
    # (json.dump with an indent runs in pure Python: 100,000 SARIF results took 16 s)
    project = make_project(tmp_path, {"story.md": ARTICLE_MD, "b.md": "# B\n\nIt was very big.\n"})
    res = run_cli("--format", fmt, "story.md", "b.md", cwd=project)
    assert res.returncode == 1, res.stderr.decode()
    text = res.stdout.decode()
    found = items(json.loads(text))
    assert len(found) >= 4
    lines = text.splitlines()
    for item in found:
        assert sum(line.strip().rstrip(",") == json.dumps(item, ensure_ascii=False) for line in lines) == 1
    assert lines[1].startswith(" ")  # the frame around them is still indented


@pytest.mark.parametrize("fmt", ["json", "sarif", "rdjson", "gitlab"])
def test_json_formats_with_no_findings_are_valid(tmp_path, fmt):
    project = make_project(tmp_path, {"a.txt": "Plain copy.\n"})
    res = run_cli("--format", fmt, "a.txt", cwd=project)
    data = json.loads(res.stdout)
    assert (data if fmt == "gitlab" else data.get("findings", data.get("diagnostics", data.get("runs")))) is not None
