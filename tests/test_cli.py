"""The command line as a user runs it: paths, stdin, formats, colour, exit codes, subcommands."""

from __future__ import annotations

import json
import os

import pytest

from conftest import run_cli
from packhelp import invoke, make_project


def _project(tmp_path):
    make_project(tmp_path)
    (tmp_path / "a.md").write_text("A zorblax.\n", encoding="utf-8")
    return tmp_path


def test_folders_are_walked_for_the_linted_extensions(tmp_path):
    make_project(tmp_path)
    for name in ["a.md", "b.markdown", "c.txt", "d.html", "e.htm", "skip.rst", "sub/f.MD", "sub/old/g.txt",
                 ".hidden/h.md", "node_modules/i.md"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("zorblax\n", encoding="utf-8")
    data = json.loads(invoke(".", "-f", "json", "--exclude", "sub/old", cwd=tmp_path).stdout)
    assert data["files"] == 6
    assert sorted(f["path"] for f in data["findings"]) == ["a.md", "b.markdown", "c.txt", "d.html", "e.htm",
                                                           "sub/f.MD"]


def test_stdin_with_a_filename(tmp_path):
    _project(tmp_path)
    result = run_cli("-", "--stdin-filename", "story.html", "-f", "json", cwd=tmp_path,
                     input=b"<p>zorblax <code>zorblax</code></p>")
    data = json.loads(result.stdout)
    assert result.returncode == 1
    assert [(f["path"], f["line"], f["column"]) for f in data["findings"]] == [("story.html", 1, 4)]


def test_json_contract(tmp_path):
    _project(tmp_path)
    (tmp_path / "b.txt").write_text("The colour and utilise.\n", encoding="utf-8")
    data = json.loads(invoke("a.md", "b.txt", "-f", "json", cwd=tmp_path).stdout)
    assert data["version"] == 1 and data["files"] == 2
    by_rule = {f["rule"]: f for f in data["findings"]}
    assert by_rule["mypack.swap"] == {
        "path": "b.txt", "line": 1, "column": 5, "end_line": 1, "end_column": 11, "rule": "mypack.swap",
        "severity": "warning", "message": "Use 'color' instead of 'colour'", "match": "colour", "verbatim": True,
        "suggestions": ["color"], "link": None,
        "fix": {"safe": True, "title": "Replace 'colour' with 'color'",
                "edits": [{"start_offset": 4, "end_offset": 10, "replacement": "color"}]},
    }
    assert by_rule["mypack.unsafe"]["fix"]["safe"] is False
    assert by_rule["mypack.word"]["fix"] is None


def test_github_annotations_escape_their_fields(tmp_path):
    make_project(tmp_path, config="packs: [./mypack]\nselect: [mypack]\n", odd="""\
kind: existence
summary: odd message
message: "100% sure: a, b\\nnext"
tokens: [zorblax]
doc: {what: x, why: x, example: x, instead: x}
""")
    (tmp_path / "a,b:c.md").write_text("zorblax\n", encoding="utf-8")
    out = invoke("a,b:c.md", "-f", "github", "--select", "mypack.odd", cwd=tmp_path).stdout
    assert out == ("::warning file=a%2Cb%3Ac.md,line=1,col=1,endLine=1,endColumn=8,title=mypack.odd"
                   "::100%25 sure: a, b%0Anext\n")


def test_colour_only_on_request_or_terminal(tmp_path):
    _project(tmp_path)
    plain = run_cli("a.md", cwd=tmp_path).stdout
    assert b"\x1b[" not in plain and b"a.md:1:3: warning mypack.word" in plain
    assert b"\x1b[" in run_cli("a.md", "--color", "always", cwd=tmp_path).stdout
    # NO_COLOR wins over auto even where a terminal would get colour; --color always still wins
    assert b"\x1b[" not in run_cli("a.md", cwd=tmp_path, env={"NO_COLOR": "1"}).stdout
    assert b"\x1b[" in run_cli("a.md", "--color", "always", cwd=tmp_path, env={"NO_COLOR": "1"}).stdout


def test_text_output_shows_the_line_and_underlines_the_match(tmp_path):
    _project(tmp_path)
    (tmp_path / "w.txt").write_text("東京 😀 zorblax\n", encoding="utf-8")
    out = invoke("w.txt", "--select", "mypack.word", cwd=tmp_path).stdout
    assert "w.txt:1:6: warning mypack.word Found 'zorblax'\n1 | 東京 😀 zorblax\n  |         ^^^^^^^\n" in out
    assert "w.txt:1:1: warning mypack.word Found '東京'\n1 | 東京 😀 zorblax\n  | ^^^^\n" in out


def test_exit_codes(tmp_path):
    _project(tmp_path)
    (tmp_path / "clean.md").write_text("Nothing here.\n", encoding="utf-8")
    assert run_cli("clean.md", cwd=tmp_path).returncode == 0
    assert run_cli("a.md", cwd=tmp_path).returncode == 1
    assert run_cli("a.md", "--fail-on", "error", cwd=tmp_path).returncode == 0
    assert run_cli("a.md", "--format", "nope", cwd=tmp_path).returncode == 2
    assert run_cli("a.md", "--fix", "--diff", cwd=tmp_path).returncode == 2
    assert run_cli("missing.md", "clean.md", cwd=tmp_path).returncode == 2
    assert run_cli(cwd=tmp_path).returncode == 2


def test_rules_and_explain(tmp_path):
    _project(tmp_path)
    listing = run_cli("rules", cwd=tmp_path)
    assert listing.returncode == 0
    assert any(line.split()[:3] == ["mypack.word", "mypack", "warning"] for line in listing.stdout.decode().splitlines())
    explained = run_cli("explain", "mypack.word", cwd=tmp_path)
    assert explained.returncode == 0 and b"# mypack.word" in explained.stdout and b"## What it does" in explained.stdout
    missing = run_cli("explain", "mypack.wrd", cwd=tmp_path)
    assert missing.returncode == 2 and b"no rule named 'mypack.wrd'" in missing.stderr


def test_a_folder_named_like_a_subcommand(tmp_path):
    _project(tmp_path)
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "x.md").write_text("zorblax\n", encoding="utf-8")
    for args in (["check", "rules"], ["./rules"], ["rules/"]):
        data = json.loads(run_cli(*args, "-f", "json", cwd=tmp_path).stdout)
        assert [f["rule"] for f in data["findings"]] == ["mypack.word"], args


def test_unknown_rule_on_the_command_line_stops_the_run(tmp_path):
    _project(tmp_path)
    for flag in ("--select", "--ignore"):
        result = run_cli("a.md", flag, "mypack.wrod", cwd=tmp_path)
        assert result.returncode == 2
        assert result.stderr.decode().strip() == f"copylint: {flag}: no rule or pack named 'mypack.wrod'; `copylint rules` lists them"
    assert run_cli("a.md", "--select", "all", cwd=tmp_path).returncode == 1


def test_missing_config_file(tmp_path):
    _project(tmp_path)
    result = run_cli("a.md", "--config", "nope.yaml", cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.decode().strip() == "copylint: config file not found: nope.yaml"


def test_rules_and_explain_with_a_bad_config(tmp_path):
    _project(tmp_path)
    for text, message in (("bogus: 1\n", ".copylint.yaml:1: unknown setting 'bogus'"),
                          ("select: [\n", ".copylint.yaml:2: invalid YAML")):
        (tmp_path / ".copylint.yaml").write_text(text, encoding="utf-8")
        for args in (["rules"], ["explain", "copylint.directive"]):
            result = run_cli(*args, cwd=tmp_path)
            err = result.stderr.decode()
            assert result.returncode == 2 and "Traceback" not in err and message in err, (args, err)


def test_stdin_beside_other_paths(tmp_path):
    _project(tmp_path)
    result = run_cli("a.md", "-", "--stdin-filename", "in.txt", "-f", "json", cwd=tmp_path, input=b"zorblax\n")
    assert sorted((f["path"], f["line"]) for f in json.loads(result.stdout)["findings"]) == [("a.md", 1), ("in.txt", 1)]


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
@pytest.mark.parametrize("no_color,coloured", [(None, True), ("1", False)])
def test_colour_on_a_terminal_unless_no_color(tmp_path, no_color, coloured):
    import subprocess
    import sys

    _project(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    if no_color:
        env["NO_COLOR"] = no_color
    primary, secondary = os.openpty()
    try:
        proc = subprocess.run([sys.executable, "-m", "copylint", "a.md"], cwd=tmp_path, env=env,
                              stdout=secondary, stderr=subprocess.PIPE, timeout=300)
        os.close(secondary)
        out = b""
        while True:
            try:
                chunk = os.read(primary, 4096)
            except OSError:  # EIO: the terminal's other end is closed and drained
                break
            if not chunk:
                break
            out += chunk
    finally:
        os.close(primary)
    assert proc.returncode == 1 and b"mypack.word" in out
    assert (b"\x1b[" in out) is coloured
