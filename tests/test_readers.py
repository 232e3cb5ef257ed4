"""Readers are plugins: the `copylint.formats` entry-point group, and one extension list."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import yaml

import copylint
from copylint.formats import BUILTIN, TEXT_EXTENSIONS, Readers
from packhelp import invoke

ROOT = Path(__file__).resolve().parents[1]

PLUGIN = '''
from copylint.document import ProseBuilder, Document
from copylint.formats import Reader


def parse(path, text, prose_keys, hidden=()):
    # a toy format: lines starting with '%' are comments, the rest is prose
    builder = ProseBuilder(text)
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\\n")
        if body and not body.startswith("%"):
            builder.start_block("paragraph")
            builder.text(body, offset)
        offset += len(line)
    prose, source_map, blocks = builder.build()
    return Document(path=path, source=text, format="toy", prose=prose, source_map=source_map, blocks=blocks)


READER = Reader("toy", (".toy",), parse=parse)
'''


def _install_plugin(tmp_path, monkeypatch, value="toyformat:READER"):
    site = tmp_path / "site"
    (site / "toyformat-0.1.dist-info").mkdir(parents=True)
    (site / "toyformat.py").write_text(PLUGIN, encoding="utf-8")
    (site / "toyformat-0.1.dist-info" / "entry_points.txt").write_text(
        f"[copylint.formats]\ntoy = {value}\n", encoding="utf-8")
    (site / "toyformat-0.1.dist-info" / "METADATA").write_text("Name: toyformat\nVersion: 0.1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.delitem(sys.modules, "toyformat", raising=False)


def test_a_reader_plugin_is_found_walked_and_fixed(tmp_path, monkeypatch):
    _install_plugin(tmp_path, monkeypatch)
    readers = Readers.load()
    assert "toy" in readers.names and ".toy" in readers.extensions()
    project = tmp_path / "news"
    project.mkdir()
    (project / "a.toy").write_text("% the the in a comment\nHe saw the the fire.\n", encoding="utf-8")
    result = invoke(".", "-f", "json", "--select", "typos.doubled-word", cwd=project)
    found = json.loads(result.stdout)["findings"]
    assert [(f["path"], f["line"], f["column"]) for f in found] == [("a.toy", 2, 8)]
    invoke("a.toy", "--fix", "--select", "typos.doubled-word", cwd=project)
    assert (project / "a.toy").read_text(encoding="utf-8") == "% the the in a comment\nHe saw the fire.\n"
    assert copylint.Session().lint_text("He saw the the fire.\n", filename="x.toy")[0].start.column == 8


def test_a_broken_reader_plugin_is_one_message_and_the_rest_stay(tmp_path, monkeypatch):
    _install_plugin(tmp_path, monkeypatch, value="toyformat:NOPE")
    readers = Readers.load()
    assert "toy" not in readers.names and "markdown" in readers.names
    assert len(readers.errors) == 1 and readers.errors[0].startswith("format plugin 'toy' (toyformat:NOPE) failed")
    project = tmp_path / "news"
    project.mkdir()
    (project / "a.md").write_text("He saw the the fire.\n", encoding="utf-8")
    result = invoke("a.md", "-f", "json", cwd=project)
    assert result.exit_code == 2 and json.loads(result.stdout)["findings"]  # the others still ran
    assert "copylint: format plugin 'toy' (toyformat:NOPE) failed to load: AttributeError" in result.stderr


def test_the_built_in_readers_are_registered_as_entry_points():
    from copylint.entrypoints import entry_points

    names = {ep.name: ep.load() for ep in entry_points("copylint.formats")}
    assert {r.name: r for r in BUILTIN} == {n: r for n, r in names.items() if n in {r.name for r in BUILTIN}}


def test_every_extension_list_is_the_readers():
    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    listed = re.fullmatch(r"\(\?i\)\\\.\((.*)\)\$", hook["files"]).group(1).split("|")
    assert sorted("." + e for e in listed) == sorted(TEXT_EXTENSIONS)
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert sorted("." + e for e in action["inputs"]["extensions"]["default"].split()) == sorted(TEXT_EXTENSIONS)
    # folders are walked for every reader that can read here (DOCX with its extra)
    walked = copylint.Session().readers.extensions()
    assert set(TEXT_EXTENSIONS) <= set(walked) and set(walked) <= {e for r in BUILTIN for e in r.extensions}
