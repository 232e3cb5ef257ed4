"""Hostile and broken input (issue 13): a clear one-line message and the right exit, the rest
of the run goes on, nothing is lost and nothing hangs. Each test failed on the code before."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_cli
from packhelp import invoke, make_project


def _bomb(levels: int = 9, key: str = "x") -> str:
    """YAML 'billion laughs': each level refers nine times to the one before."""
    out = [f'{key}0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        out.append(f"{key}{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(out) + "\n"


def _lines(stderr: bytes) -> list[str]:
    return [ln for ln in stderr.decode("utf-8", "replace").splitlines() if "grammar checks skipped" not in ln]


# --- front matter, HTML declarations, YAML bombs ------------------------------------------

def test_front_matter_with_values_yaml_cannot_build_is_reported_and_read(tmp_path):
    make_project(tmp_path)
    (tmp_path / "date.md").write_text("---\ndate: 2024-13-45\ntitle: zorblax\n---\nA zorblax.\n", encoding="utf-8")
    (tmp_path / "int.md").write_text("---\ncount: !!int abc\n---\nA zorblax.\n", encoding="utf-8")
    result = run_cli("date.md", "int.md", "--select", "mypack,copylint", "-f", "json", cwd=tmp_path)
    found = [(f["path"], f["line"], f["column"], f["rule"]) for f in json.loads(result.stdout)["findings"]]
    assert found == [("date.md", 2, 7, "copylint.front-matter"), ("date.md", 3, 8, "mypack.word"),
                     ("date.md", 5, 3, "mypack.word"),
                     ("int.md", 2, 8, "copylint.front-matter"), ("int.md", 4, 3, "mypack.word")]
    messages = [f["message"] for f in json.loads(result.stdout)["findings"] if f["rule"] == "copylint.front-matter"]
    assert messages == ["front matter value '2024-13-45' is not a valid date; read as text",
                        "front matter value 'abc' is not a valid integer; read as text"]
    assert result.returncode == 1 and b"internal error" not in result.stderr


@pytest.mark.parametrize("decl", ["<![", "<![ x", "<!DOCTYPE html [", "<![if !IE]>"])
def test_malformed_html_declarations_are_skipped_as_markup(tmp_path, decl):
    make_project(tmp_path)
    (tmp_path / "a.html").write_text(f"<p>A {decl} zorblax</p><p>zorblax</p>", encoding="utf-8")
    result = run_cli("a.html", "--select", "mypack", "-f", "json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert b"internal error" not in result.stderr
    assert [f["rule"] for f in json.loads(result.stdout)["findings"]][-1] == "mypack.word"


def test_alias_bomb_in_front_matter_is_refused_at_once(tmp_path):
    make_project(tmp_path)
    (tmp_path / "a.md").write_text("---\n" + _bomb() + "title: t\n---\nA zorblax.\n", encoding="utf-8")
    result = run_cli("a.md", "--select", "mypack,copylint", "-f", "json", cwd=tmp_path)
    findings = json.loads(result.stdout)["findings"]
    assert [(f["line"], f["rule"]) for f in findings] == [(5, "copylint.front-matter"), (13, "mypack.word")]
    assert "alias bomb" in findings[0]["message"] and "490,329,036" in findings[0]["message"]


def test_alias_bomb_in_config_is_a_config_error(tmp_path):
    make_project(tmp_path, config="packs: [./mypack]\n" + _bomb())
    (tmp_path / "a.md").write_text("A zorblax.\n", encoding="utf-8")
    result = run_cli("a.md", cwd=tmp_path)
    assert result.returncode == 2
    assert _lines(result.stderr) == [
        f"copylint: config error: {tmp_path / '.copylint.yaml'}:5: YAML aliases expand to 490,329,036 more "
        "values (the limit is 10,000): an alias bomb?"]


def test_deeply_nested_config_is_a_config_error(tmp_path):
    make_project(tmp_path, config="select: " + "[" * 500 + "]" * 500 + "\n")
    (tmp_path / "a.md").write_text("A zorblax.\n", encoding="utf-8")
    result = run_cli("a.md", cwd=tmp_path)
    assert result.returncode == 2 and b"nested more than 100 levels" in result.stderr
    assert b"Traceback" not in result.stderr


def test_alias_bomb_in_a_pack_is_reported_even_with_q(tmp_path):
    make_project(tmp_path, bomb=_bomb(key="doc_") + "kind: existence\n")
    (tmp_path / "a.md").write_text("A zorblax.\n", encoding="utf-8")
    result = run_cli("a.md", "-q", cwd=tmp_path)
    assert result.returncode == 2
    assert any("bomb.yml:4: YAML aliases expand" in ln for ln in _lines(result.stderr)), result.stderr
    assert b"a.md:1:3" in result.stdout  # the other rules of the pack still ran


# --- packs and plugins that do not load ------------------------------------------------------

def test_pack_that_cannot_load_fails_the_run_at_the_right_line(tmp_path):
    bad = ('kind: existence\nsummary: x\nmessage: "m"\nseverity: warning\npatterns:\n  - ok\n  - "a(b"\n'
           "doc: {what: a, why: b, example: c, instead: d}\n")
    make_project(tmp_path, bad=bad)
    (tmp_path / "a.md").write_text("Clean copy.\n", encoding="utf-8")
    result = run_cli("a.md", "-q", cwd=tmp_path)
    assert result.returncode == 2
    assert _lines(result.stderr) == [
        f"copylint: {tmp_path / 'mypack' / 'bad.yml'}:7: invalid pattern 'a(b': missing ) at position 3"]


# --- files that cannot be read -----------------------------------------------------------------

def _without_root_powers() -> list[str]:
    """A prefix that runs a command as root without the right to read any file (chmod 000 then
    stops it), or as is for other users."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        pytest.skip("runs as root without setpriv, so chmod 000 does not stop reading")
    drop = "-dac_override,-dac_read_search"
    return ["setpriv", f"--bounding-set={drop}", f"--inh-caps={drop}"]


def test_unreadable_files_and_folders_named_on_the_command_line(tmp_path):
    make_project(tmp_path)
    (tmp_path / "good.md").write_text("A zorblax.\n", encoding="utf-8")
    (tmp_path / "locked.md").write_text("A zorblax.\n", encoding="utf-8")
    (tmp_path / "shut").mkdir()
    (tmp_path / "shut" / "in.md").write_text("A zorblax.\n", encoding="utf-8")
    os.chmod(tmp_path / "locked.md", 0)
    os.chmod(tmp_path / "shut", 0)
    try:
        result = subprocess.run([*_without_root_powers(), sys.executable, "-m", "copylint", "locked.md", "good.md",
                                 "shut", "shut/in.md", "-q", "-f", "json"],
                                cwd=tmp_path, capture_output=True, timeout=120)
    finally:
        os.chmod(tmp_path / "shut", 0o755)
    assert result.returncode == 2
    assert sorted(_lines(result.stderr)) == ["locked.md: permission denied",
                                             "shut/in.md: cannot read: Permission denied",
                                             "shut: cannot read the folder: Permission denied"]
    assert [f["path"] for f in json.loads(result.stdout)["findings"]] == ["good.md"]


def test_plugin_that_fails_to_import_fails_the_run_even_with_q(tmp_path):
    site = tmp_path / "site"
    (site / "broken_plugin-1.0.dist-info").mkdir(parents=True)
    (site / "broken_plugin-1.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: broken-plugin\nVersion: 1.0\n", encoding="utf-8")
    (site / "broken_plugin-1.0.dist-info" / "entry_points.txt").write_text(
        "[copylint.rules]\nbroken = broken_plugin:rules\n", encoding="utf-8")
    (site / "broken_plugin.py").write_text("import no_such_module_here\n", encoding="utf-8")
    make_project(tmp_path)
    (tmp_path / "a.md").write_text("A zorblax.\n", encoding="utf-8")
    result = run_cli("a.md", "-q", cwd=tmp_path, env={"PYTHONPATH": str(site)})
    assert result.returncode == 2
    assert [ln for ln in _lines(result.stderr) if "broken" in ln] == [
        "copylint: plugin 'broken' (broken_plugin:rules) failed to load: ModuleNotFoundError: "
        "No module named 'no_such_module_here'"]
    assert b"a.md:1:3" in result.stdout


# --- --fix on read-only files and hard links ---------------------------------------------------

def test_fix_refuses_a_read_only_file_and_fixes_the_others(tmp_path):
    make_project(tmp_path)
    (tmp_path / "locked.md").write_text("colour\n", encoding="utf-8")
    (tmp_path / "open.md").write_text("colour\n", encoding="utf-8")
    os.chmod(tmp_path / "locked.md", 0o444)
    inode = os.stat(tmp_path / "locked.md").st_ino
    result = invoke("locked.md", "open.md", "--fix", "-j", "1", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.strip() == "locked.md: the file is read-only (mode 0444): fixes not written"
    assert (tmp_path / "locked.md").read_text(encoding="utf-8") == "colour\n"
    assert os.stat(tmp_path / "locked.md").st_ino == inode  # not replaced by a rename either
    assert (tmp_path / "open.md").read_text(encoding="utf-8") == "color\n"


def test_fix_writes_a_hard_linked_file_in_place_keeping_mode_and_owner(tmp_path):
    make_project(tmp_path)
    (tmp_path / "a.md").write_text("The colour.\n", encoding="utf-8")
    os.link(tmp_path / "a.md", tmp_path / "other-name.md")
    os.chmod(tmp_path / "a.md", 0o640)
    if os.geteuid() == 0:
        os.chown(tmp_path / "a.md", 1234, 5678)
    before = os.stat(tmp_path / "a.md")
    result = invoke("a.md", "--fix", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    after = os.stat(tmp_path / "a.md")
    assert (tmp_path / "other-name.md").read_text(encoding="utf-8") == "The color.\n"  # the link still shares it
    assert (after.st_ino, after.st_nlink, after.st_mode, after.st_uid, after.st_gid) == (
        before.st_ino, 2, before.st_mode, before.st_uid, before.st_gid)
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".copylint-")]


# --- output hygiene ---------------------------------------------------------------------------

def test_text_output_shows_control_and_bidi_characters_escaped(tmp_path):
    make_project(tmp_path)
    (tmp_path / "a.md").write_bytes("A zorblax \x1b]52;c;SGVsbG8=\x07 \x1b]0;title\x07 \u009b31m \u202eevil\n"
                                    .encode("utf-8"))
    for color in ("always", "never"):
        out = invoke("a.md", "--color", color, cwd=tmp_path).stdout
        assert not any(c in out for c in "\x07\u009b\u202e") and "\x1b]" not in out
        assert "\\x1b]52;c;SGVsbG8=\\x07 \\x1b]0;title\\x07 \\x9b31m \\u202eevil" in out
    lines = invoke("a.md", "--color", "never", cwd=tmp_path).stdout.splitlines()
    assert lines[1].index("zorblax") == lines[2].index("^")  # the marks still stand under the match


def test_github_annotations_cannot_be_injected_through_file_names(tmp_path):
    make_project(tmp_path)
    names = ["a%0A::error::x.md", "b\n::error file=x::pwn.md", "::c.md"]
    for name in names:
        (tmp_path / name).write_text(" ".join(["zorblax"] * 12) + "\n", encoding="utf-8")
    out = run_cli(*names, "-f", "github", cwd=tmp_path).stdout.decode()
    commands = [ln for ln in out.splitlines() if ln.startswith("::")]
    assert all(ln.startswith(("::warning file=", "::notice title=")) for ln in commands), commands
    assert len(commands) == 11  # ten annotations of the level, one notice: the rest are plain lines
    assert "\na%250A::error::x.md:1:1: warning" in out and "\nb%0A::error file=x::pwn.md:1:1: warning" in out
    plain = [ln for ln in out.splitlines() if not ln.startswith("::")]
    assert len(plain) == 36 - 10 and any(ln.startswith(" ::c.md:1:") for ln in plain)


def test_xml_formats_hold_only_xml_1_0_characters():
    import io
    import xml.dom.minidom

    from copylint.findings import FileResult, Finding, Position, Report, Severity
    from copylint.reporters import ReportOptions, get

    bad = "a\x00b\x1bc\x0cd\ud83de\ufffff"
    f = Finding(f"caf\udce9{bad}.md", f"grammar.{bad}", Severity.WARNING, f"message {bad}", Position(1, 1),
                Position(1, 2), 0, 1, bad, suggestions=(bad,))
    report = Report([FileResult(f.path, (f,), source=bad), FileResult("x.md", error=bad)])
    for name in ("junit", "checkstyle"):
        out = io.StringIO()
        get(name)(report, out, ReportOptions())
        xml.dom.minidom.parseString(out.getvalue().encode("utf-8"))


def test_file_names_that_are_not_utf8_in_machine_formats(tmp_path):
    make_project(tmp_path)
    os.chdir(tmp_path)  # the name is bytes: write it with the OS's own call
    try:
        with open(b"caf\xe9.md", "wb") as fh:
            fh.write(b"A zorblax.\n")
    finally:
        os.chdir("/")
    result = run_cli(".", "-f", "json", "-o", "out.json", "-f", "sarif", "-o", "out.sarif",
                     "-f", "junit", "-o", "out.xml", "-f", "github", cwd=tmp_path)
    assert result.returncode == 1 and b"Traceback" not in result.stderr, result.stderr
    assert [f["path"] for f in json.loads((tmp_path / "out.json").read_text("utf-8"))["findings"]] == ["caf\\xe9.md"]
    sarif = json.loads((tmp_path / "out.sarif").read_text("utf-8"))
    assert sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "caf%E9.md"
    import xml.dom.minidom

    xml.dom.minidom.parse(str(tmp_path / "out.xml"))
    assert b"file=caf\\xe9.md," in result.stdout


def test_the_html_report_says_when_it_leaves_findings_out(tmp_path, monkeypatch):
    from copylint import linter

    monkeypatch.setattr(linter, "MAX_FINDINGS_PER_FILE", 5)
    make_project(tmp_path)
    (tmp_path / "a.md").write_text(" ".join(["zorblax"] * 8) + "\n", encoding="utf-8")
    invoke("a.md", "-f", "html", "-o", "r.html", "-q", "-j", "1", cwd=tmp_path)
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<li>a.md: 8 findings; only the first 5 (to line 1) are reported (the limit per file)</li>" in page
    assert ">5</span> of 5 findings shown" in page


# --- hostile baselines ---------------------------------------------------------------------------

@pytest.mark.parametrize("entries", ["[" * 100_000 + "]" * 100_000,
                                     '[{"path": ' + "[" * 5_000 + "]" * 5_000 + ', "rule": "a", "fingerprint": "b"}]',
                                     '[{"path": {"a": 1}, "rule": "a", "fingerprint": "b"}]'])
def test_a_hostile_baseline_is_one_line(tmp_path, entries):
    make_project(tmp_path)
    (tmp_path / "a.md").write_text("A zorblax.\n", encoding="utf-8")
    (tmp_path / "base.json").write_text('{"tool": "copylint", "version": 1, "entries": ' + entries + "}",
                                        encoding="utf-8")
    result = run_cli("a.md", "--baseline", "base.json", cwd=tmp_path)
    assert result.returncode == 2 and b"Traceback" not in result.stderr
    (line,) = _lines(result.stderr)
    assert line.startswith("copylint: base.json: ") and ("nested more than 100" in line or "each a string" in line)


# --- directives ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name,text", [
    ("fm.md", '---\ntitle: "<!-- copylint-disable -->"\n---\nA zorblax.\n'),
    ("title.md", '[a link](https://x.example "<!-- copylint-disable -->") and a zorblax.\n'),
    ("image.md", '![a](https://x.example/a.png "<!-- copylint-disable -->") and a zorblax.\n'),
    ("attr.md", '<span data-x="<!-- copylint-disable -->">A</span> zorblax.\n'),
    ("block.md", '<div title="<!-- copylint-disable -->">A</div>\n\nA zorblax.\n'),
    ("attr.html", '<p title="<!-- copylint-disable -->">A zorblax.</p>\n'),
])
def test_a_directive_quoted_in_a_value_silences_nothing(tmp_path, name, text):
    make_project(tmp_path)
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = run_cli(name, "--select", "mypack", "-f", "json", cwd=tmp_path)
    assert [f["match"] for f in json.loads(result.stdout)["findings"]] == ["zorblax"], text


def test_directives_in_real_comments_still_work(tmp_path):
    make_project(tmp_path)
    (tmp_path / "a.md").write_text("<div>\n<!-- copylint-disable -->\n</div>\n\nA zorblax.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("<!-- copylint-disable-next-line mypack -->\nA zorblax.\nA zorblax.\n",
                                   encoding="utf-8")
    result = run_cli("a.md", "b.md", "--select", "mypack", "-f", "json", cwd=tmp_path)
    assert [(f["path"], f["line"]) for f in json.loads(result.stdout)["findings"]] == [("b.md", 3)]


@pytest.mark.parametrize("comment,why", [
    ("<!-- copylint-disable <!-- copylint-enable --> -->", "a comment is inside it (directives do not nest)"),
    ("<!-- copylint-disable-next-line " + "x" * 10_000 + " -->",
     "'" + "x" * 59 + "… (10,000 characters)' is not a rule id"),
    ("<!-- copylint-disable mypack\u202e -->", "'mypack\u202e' is not a rule id"),
])
def test_malformed_directives_are_reported_and_ignored(tmp_path, comment, why):
    make_project(tmp_path, config="packs: [./mypack]\nselect: [mypack, copylint]\n")
    (tmp_path / "a.md").write_text(comment + "\nA zorblax.\n", encoding="utf-8")
    found = json.loads(run_cli("a.md", "-f", "json", cwd=tmp_path).stdout)["findings"]
    assert [(f["rule"], f["message"]) for f in found] == [
        ("copylint.directive", f"malformed copylint directive, ignored: {why}"), ("mypack.word", "Found 'zorblax'")]
    assert len(found[0]["message"]) < 200
