"""Bad input gives one line a problem, never a traceback; the other files are still linted."""

from __future__ import annotations

import json
import os

import pytest

from conftest import run_cli
from copylint import cli
from copylint.config import Config
from copylint.session import Session
from copylint.findings import Severity
from copylint.formats import read_document
from copylint.linter import Notices, lint_document
from copylint.registry import Catalog
from copylint.rule import Hit, RuleMeta
from copylint.textio import ReadError, read_path
from packhelp import invoke, make_project


def _run(tmp_path, *paths):
    result = run_cli(*paths, "-f", "json", cwd=tmp_path)
    assert b"Traceback" not in result.stderr, result.stderr.decode()
    return result, json.loads(result.stdout), result.stderr.decode().strip().splitlines()


@pytest.fixture
def project(tmp_path):
    make_project(tmp_path)
    (tmp_path / "good.md").write_text("A zorblax.\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("name,data,message", [
    ("bin.txt", b"\x00\x01zorblax\x00", "bin.txt: binary file (contains NUL bytes), skipped"),
    ("latin.txt", "café\n".encode("latin-1"), "latin.txt: not valid UTF-8 at byte 3 (line 1); re-save the file as UTF-8"),
    ("bad16.txt", b"\xff\xfe\x00\xd8", "bad16.txt: not valid UTF-16-LE at byte 2"),
])
def test_undecodable_files(project, name, data, message):
    (project / name).write_bytes(data)
    result, data, err = _run(project, name, "good.md")
    assert result.returncode == 2
    assert err == [message]
    assert [f["path"] for f in data["findings"]] == ["good.md"]
    assert data["errors"] == [{"path": name, "message": message.split(": ", 1)[1]}]


def test_missing_path_and_empty_folder(project):
    (project / "empty").mkdir()
    (project / "empty" / "notes.rst").write_text("zorblax", encoding="utf-8")
    result, data, err = _run(project, "missing.md", "empty", "good.md")
    assert result.returncode == 2
    assert err == ["empty: no files to lint (" + ", ".join(Session().readers.extensions()) + ")", "missing.md: no such file or folder"]
    assert [f["path"] for f in data["findings"]] == ["good.md"]


def test_empty_file_is_clean(project):
    (project / "empty.md").write_bytes(b"")
    (project / "bom.txt").write_bytes(b"\xef\xbb\xbf")
    result, data, err = _run(project, "empty.md", "bom.txt")
    assert (result.returncode, data["findings"], err) == (0, [], [])


def test_broken_front_matter_is_reported_and_the_body_linted(project):
    (project / "fm.md").write_text("---\ntitle: [unclosed\n---\nA zorblax.\n", encoding="utf-8")
    (project / "open.md").write_text("---\ntitle: zorblax\n", encoding="utf-8")
    result = run_cli("fm.md", "open.md", "--select", "mypack,copylint", "-f", "json", cwd=project)
    found = [(f["path"], f["line"], f["rule"]) for f in json.loads(result.stdout)["findings"]]
    assert found == [("fm.md", 3, "copylint.front-matter"), ("fm.md", 4, "mypack.word"),
                     ("open.md", 1, "copylint.front-matter"), ("open.md", 2, "mypack.word")]
    assert result.returncode == 1 and b"Traceback" not in result.stderr


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="runs as root, where chmod 000 does not stop reading; see the test below")
def test_unreadable_file_chmod(project):
    (project / "locked.md").write_text("zorblax", encoding="utf-8")
    os.chmod(project / "locked.md", 0)
    result, data, err = _run(project, "locked.md", "good.md")
    assert result.returncode == 2 and err == ["locked.md: permission denied"]


def test_unreadable_file(project):
    # as root, a path that the OS refuses to open stands in for a permission error
    (project / "plain.txt").write_text("x", encoding="utf-8")
    with pytest.raises(ReadError, match="cannot read: Not a directory"):
        read_path(str(project / "plain.txt" / "a.md"))


def test_broken_symlink_in_a_folder(project):
    (project / "gone.md").symlink_to(project / "nowhere.md")
    result, data, err = _run(project, ".")
    assert result.returncode == 2
    assert err == ["gone.md: no such file (it may have been moved or deleted during the run)"]
    assert [f["path"] for f in data["findings"]] == ["good.md"]


def test_file_deleted_between_collection_and_linting(project, monkeypatch):
    (project / "doomed.md").write_text("zorblax", encoding="utf-8")
    from copylint import walk

    collect = walk.collect_paths

    def collect_then_delete(*args, **kwargs):
        files, errors = collect(*args, **kwargs)
        os.unlink(project / "doomed.md")
        return files, errors

    monkeypatch.setattr(walk, "collect_paths", collect_then_delete)
    result = invoke(".", "-f", "json", "-j", "1", cwd=project)
    assert result.exit_code == 2
    assert result.stderr.strip() == "doomed.md: no such file (it may have been moved or deleted during the run)"
    assert [f["path"] for f in json.loads(result.stdout)["findings"]] == ["good.md"]


def test_a_rule_that_raises_is_reported_and_the_rest_stay():
    class Boom:
        meta = RuleMeta("boom.rule", "x", Severity.WARNING, "doc")

        def check(self, doc, ctx):
            yield Hit(0, 1, "first")
            raise RuntimeError("bad state")

    class Fine:
        meta = RuleMeta("fine.rule", "x", Severity.WARNING, "doc")

        def check(self, doc, ctx):
            return [Hit(2, 5, "fine")]

    from copylint.config import select_rules

    catalog = Catalog({"boom.rule": Boom(), "fine.rule": Fine()}, packs=frozenset({"boom", "fine"}))
    notices = Notices()
    doc = read_document("a.txt", "A zorblax.\n", "text")
    import datetime as dt

    findings = lint_document(doc, select_rules(Config(), catalog, "a.txt"), catalog, notices, dt.date.today(), Config())
    assert [(f.rule, f.message) for f in findings] == [("boom.rule", "first"), ("fine.rule", "fine")]
    assert notices.file_errors == [("a.txt", "rule boom.rule failed: RuntimeError: bad state")]


def test_a_reader_that_fails_costs_one_file(project, monkeypatch):
    from copylint import linter

    real = linter.read_document

    def fragile(path, text, *args, **kwargs):
        if path.endswith("bad.md"):
            raise IndexError("list index out of range")
        return real(path, text, *args, **kwargs)

    (project / "bad.md").write_text("zorblax\n", encoding="utf-8")
    monkeypatch.setattr(linter, "read_document", fragile)
    result = invoke("bad.md", "good.md", "-f", "json", "-j", "1", cwd=project)
    assert result.exit_code == 2
    assert result.stderr.strip() == "bad.md: internal error, file skipped: IndexError: list index out of range"
    assert [f["path"] for f in json.loads(result.stdout)["findings"]] == ["good.md"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
def test_a_named_pipe_never_blocks_the_run(project):
    # nothing ever writes to the pipe: reading it the usual way would wait forever
    os.mkfifo(project / "pipe.md")
    result, data, err = _run(project, ".")
    assert result.returncode == 2
    assert err == ["pipe.md: not a regular file (a pipe, socket or device), skipped"]
    assert [f["path"] for f in data["findings"]] == ["good.md"]
    result, data, err = _run(project, "pipe.md", "good.md")
    assert err == ["pipe.md: not a regular file (a pipe, socket or device), skipped"]


def test_permission_denied_is_one_line(project, monkeypatch):
    # root reads through chmod 000, so the refusal the OS gives other users is raised here
    from copylint import textio

    real_open = os.open

    def refusing_open(path, flags, *args, **kwargs):
        if str(path).endswith("locked.md"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    (project / "locked.md").write_text("zorblax\n", encoding="utf-8")
    monkeypatch.setattr(textio.os, "open", refusing_open)
    result = invoke("locked.md", "good.md", "-f", "json", "-j", "1", cwd=project)
    assert result.exit_code == 2
    assert result.stderr.strip() == "locked.md: permission denied"
    assert [f["path"] for f in json.loads(result.stdout)["findings"]] == ["good.md"]
